"""Feeds, pages, HTML and CSV files: read from a local server on 127.0.0.1 (no internet, no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.duplicates import is_near_duplicate, minhash_bands
from index.sources import SourceError, read_sources
from index.web import USER_AGENT, Fetcher, read_url
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import ARTICLES, BOILERPLATE_MARKERS, feed, page

TALKS = "/news/talks-suspended.html"
ALEPPO = "/news/east-aleppo.html"


@pytest.fixture
def web():
    site = LocalWeb()
    server = serve(site)
    for path in ARTICLES:
        site.routes[path] = Route(page(path, site.base))
    site.routes["/feed.xml"] = Route(feed(site.base, [TALKS, ALEPPO]), content_type="application/rss+xml")
    yield site
    server.shutdown()


@pytest.fixture
def fetcher():
    client = Fetcher(timeout_s=2.0, host_delay_s=0.0)
    yield client
    client.close()


def test_feed_entries_become_articles_with_title_date_outlet_and_link(web: LocalWeb, fetcher: Fetcher) -> None:
    errors: list[SourceError] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    assert errors == []
    by_title = {record.title: record for record in records}
    talks = by_title["USA setzen Syrien-Gespräche mit Russland aus"]
    assert talks.date == "2016-10-03"
    assert talks.url == web.url(TALKS)
    assert talks.origin == web.url(TALKS)
    assert talks.source == "Demo Wire"
    assert talks.extra["author"] == "desk@demo-wire.example"
    assert talks.text.startswith("Die Vereinigten Staaten haben die Gespräche")
    assert "\n\n" in talks.text, "paragraphs stay paragraphs"
    aleppo = by_title["Aid agencies warn of hunger in besieged east Aleppo"]
    assert "275,000 civilians" in aleppo.text and aleppo.date == "2016-10-05"
    for record in records:
        assert not [marker for marker in BOILERPLATE_MARKERS if marker in record.text], record.text
        assert record.title not in record.text, "the headline is the title, not the first paragraph"


def test_a_failing_entry_is_reported_and_the_others_are_read(web: LocalWeb, fetcher: Fetcher) -> None:
    web.routes["/feed.xml"] = Route(feed(web.base, [TALKS, "/gone.html", ALEPPO]), content_type="application/xml")
    errors: list[SourceError] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    assert len(records) == 2
    assert [(error.where, error.message) for error in errors] == [(web.url("/gone.html"), "HTTP 404 Not Found")]


def test_a_failing_feed_and_a_slow_page_are_errors_not_crashes(web: LocalWeb) -> None:
    web.routes["/broken.xml"] = Route("oops", status=500, content_type="text/plain")
    web.routes["/slow.html"] = Route(page(TALKS, web.base), delay_s=1.5)
    impatient = Fetcher(timeout_s=0.5, host_delay_s=0.0)
    errors: list[SourceError] = []
    assert list(read_url(web.url("/broken.xml"), impatient, errors)) == []
    assert list(read_url(web.url("/slow.html"), impatient, errors)) == []
    impatient.close()
    assert errors[0].message == "HTTP 500 Internal Server Error"
    assert errors[1].message.startswith("timed out")


def test_a_page_without_article_text_is_reported(web: LocalWeb, fetcher: Fetcher) -> None:
    web.routes["/teaser.html"] = Route("<html><body><nav>Home</nav><p>Mehr bald.</p></body></html>")
    errors: list[SourceError] = []
    assert list(read_url(web.url("/teaser.html"), fetcher, errors)) == []
    assert "no article text" in errors[0].message


def test_a_page_url_is_one_article(web: LocalWeb, fetcher: Fetcher) -> None:
    errors: list[SourceError] = []
    [record] = read_url(web.url(ALEPPO), fetcher, errors)
    assert record.title == "Aid agencies warn of hunger in besieged east Aleppo"
    assert record.source == "Demo Wire" and record.date == "2016-10-05" and record.url == web.url(ALEPPO)


def test_requests_name_the_bot_and_wait_between_calls_to_one_host(web: LocalWeb) -> None:
    polite = Fetcher(timeout_s=2.0, host_delay_s=0.4)
    list(read_url(web.url("/feed.xml"), polite, []))
    polite.close()
    assert len(web.log) == 3
    assert {request.user_agent for request in web.log} == {USER_AGENT}
    gaps = [later.at - earlier.at for earlier, later in zip(web.log, web.log[1:], strict=False)]
    assert min(gaps) >= 0.35, gaps


def test_entries_already_in_the_archive_are_not_fetched_again(web: LocalWeb, fetcher: Fetcher) -> None:
    skipped: list[str] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, [], known={web.url(TALKS)}, skipped=skipped))
    assert [record.origin for record in records] == [web.url(ALEPPO)]
    assert skipped == [web.url(TALKS)]
    assert web.requests_for(TALKS) == []


def test_html_and_csv_files_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "talks.html").write_text(page(TALKS, "https://demo-wire.example"), encoding="utf-8")
    (tmp_path / "wire.csv").write_text(
        "guid,headline,published,body,link\n"
        'w1,Convoy hit near Aleppo,2016-09-19,"An aid convoy was hit near Aleppo on Monday evening, the UN said. '
        'Eighteen trucks were destroyed.",https://demo-wire.example/w1\n'
        "w2,Empty row,2016-09-20,,\n",
        encoding="utf-8",
    )
    errors: list[SourceError] = []
    records = {record.origin: record for record in read_sources([tmp_path], errors)}
    html = records[str(tmp_path / "talks.html")]
    assert html.title == ARTICLES[TALKS]["title"] and html.url == "https://demo-wire.example" + TALKS
    assert not [marker for marker in BOILERPLATE_MARKERS if marker in html.text]
    row = records[f"{tmp_path / 'wire.csv'}#w1"]
    assert (row.title, row.date, row.url) == ("Convoy hit near Aleppo", "2016-09-19", "https://demo-wire.example/w1")
    assert [(error.where, error.message) for error in errors] == [
        (f"{tmp_path / 'wire.csv'}:3", 'the record has no "text"')
    ]


def test_csv_columns_are_named_by_setting_or_the_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('Schlagzeile,Inhalt\nWaffenruhe,"Die Waffenruhe in Syrien ist gescheitert."\n', encoding="utf-8")
    errors: list[SourceError] = []
    assert list(read_sources([path], errors)) == []
    assert "no text column" in errors[0].message
    [record] = read_sources([path], [], csv_columns={"text": "Inhalt", "title": "Schlagzeile"})
    assert (record.title, record.text) == ("Waffenruhe", "Die Waffenruhe in Syrien ist gescheitert.")


REPORT = (
    "Russian and Syrian warplanes struck rebel-held districts of eastern Aleppo overnight, killing at least 25 "
    "people, a monitoring group said on Tuesday. The strikes hit a market and two residential buildings in the "
    "Bustan al-Qasr district, according to rescue workers. The United Nations said it was gravely concerned "
    "about the fate of civilians trapped in the besieged part of the city, where food and fuel are running out."
)


def test_near_duplicates_are_copies_with_the_same_figures() -> None:
    edited = REPORT.replace("on Tuesday", "on Tuesday (AFP)") + " Aleppo has been divided since 2012."
    assert is_near_duplicate(REPORT, edited)
    assert set(minhash_bands(REPORT)) & set(minhash_bands(edited)), "an edited copy shares a band: a candidate"
    assert not is_near_duplicate(REPORT, REPORT.replace("at least 25", "at least 31")), "another toll is news"
    other = "Talks between the United States and Russia on a ceasefire in Syria were suspended on Monday."
    assert not is_near_duplicate(REPORT, other)
    assert not set(minhash_bands(REPORT)) & set(minhash_bands(other))
