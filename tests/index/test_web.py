"""Feeds, pages, HTML and CSV files: read from a local server on 127.0.0.1 (no internet, no model)."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from dataclasses import replace
from ipaddress import ip_address
from pathlib import Path

import pytest

from index.hosts import PrivateHosts
from index.ingest.duplicates import is_near_duplicate, minhash_bands
from index.ingest.feeds import read_url
from index.ingest.records import SourceError
from index.ingest.sources import read_sources
from index.ingest.web import USER_AGENT, Fetcher, FetchError
from index.settings import Settings
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import ARTICLES, BOILERPLATE_MARKERS, feed, page

LOCAL = PrivateHosts.parse(["127.0.0.1"])
"""Exactly the test server's address: the fetcher refuses every other private address, 127.0.0.2 included."""
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
    client = Fetcher(timeout_s=2.0, host_delay_s=0.0, private_hosts=LOCAL)
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
    impatient = Fetcher(timeout_s=0.5, host_delay_s=0.0, private_hosts=LOCAL)
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
    assert record.date == "2016-10-05" and record.url == web.url(ALEPPO)
    host = web.base.removeprefix("http://")
    assert record.source == host, "a page's outlet is the host it was fetched from (issue 23, finding 11)"
    assert record.extra["claimed_outlet"] == "Demo Wire", "what the page says of itself is only a claim"


def test_requests_name_the_bot_and_wait_between_calls_to_one_host(web: LocalWeb) -> None:
    web.routes["/feed.xml"] = replace(web.routes["/feed.xml"], delay_s=0.3)  # a slow feed: the wait starts after it
    polite = Fetcher(timeout_s=2.0, host_delay_s=0.4, private_hosts=LOCAL)
    list(read_url(web.url("/feed.xml"), polite, []))
    polite.close()
    assert len(web.log) == 3
    assert {request.user_agent for request in web.log} == {USER_AGENT}
    gaps = [later.at - earlier.at for earlier, later in zip(web.log, web.log[1:], strict=False)]
    assert gaps[0] >= 0.3 + 0.4 and min(gaps) >= 0.4, gaps  # counted from the end of the last response


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


# --- staying on the public web (issue 12) -------------------------------------------------------------------


@pytest.fixture
def other_host():
    """A second server on another loopback address (127.0.0.2): private, and not in LOCAL."""
    site = LocalWeb()
    server = serve(site, host="127.0.0.2")
    site.routes["/secret"] = Route("internal secret " * 30, content_type="text/plain")
    yield site
    server.shutdown()


def refusal(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    return str(caught.value)


def test_private_addresses_are_refused_by_default_after_name_resolution(web: LocalWeb) -> None:
    port = web.base.rsplit(":", 1)[1]
    cautious = Fetcher(timeout_s=2.0, host_delay_s=0.0)
    started = time.monotonic()
    for url in (
        web.url(TALKS),
        f"http://localhost:{port}{TALKS}",
        f"http://2130706433:{port}{TALKS}",
        f"http://0.0.0.0:{port}{TALKS}",
        f"http://[::ffff:127.0.0.1]:{port}{TALKS}",
        f"http://[::1]:{port}{TALKS}",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
    ):
        assert refusal(cautious, url).startswith("refused: "), url
    assert time.monotonic() - started < 5, "refused before connecting, not after a timeout"
    assert refusal(cautious, "file:///etc/passwd").startswith("not an http(s) URL")
    cautious.close()
    assert web.log == [], "no request reached the local server"


def test_a_redirect_is_checked_hop_by_hop(web: LocalWeb, fetcher: Fetcher, other_host: LocalWeb) -> None:
    web.routes["/moved"] = Route("", status=301, headers={"Location": TALKS})
    web.routes["/to-other"] = Route("", status=302, headers={"Location": other_host.url("/secret")})
    web.routes["/to-metadata"] = Route("", status=307, headers={"Location": "http://169.254.169.254/latest/"})
    web.routes["/loop"] = Route("", status=302, headers={"Location": "/loop"})
    web.routes["/bad-location"] = Route("", status=302, headers={"Location": "/a\x01b"})
    moved = fetcher.get(web.url("/moved"))
    assert moved.url == web.url(TALKS) and b"Waffenruhe" in moved.body
    assert refusal(fetcher, web.url("/to-other")) == (
        "refused: 127.0.0.2 is not a public address (ALLOW_PRIVATE_HOSTS allows intranets)"
    )
    assert refusal(fetcher, web.url("/to-metadata")).startswith("refused: 169.254.169.254 is not a public address")
    assert refusal(fetcher, web.url("/loop")) == "more than 5 redirects"
    assert len(web.requests_for("/loop")) == 6
    assert "Invalid URL in location header" in refusal(fetcher, web.url("/bad-location"))
    assert other_host.log == [], "the refused redirect never reached the other private server"
    trusting = Fetcher(timeout_s=2.0, host_delay_s=0.0, private_hosts=PrivateHosts.parse(["127.0.0.0/8"]))
    assert trusting.get(web.url("/to-other")).body.startswith(b"internal secret"), "the refusal was the check"
    trusting.close()


def test_a_feed_entry_on_a_private_address_or_with_a_control_character_is_skipped(
    web: LocalWeb, fetcher: Fetcher, other_host: LocalWeb
) -> None:
    items = [
        ("Control", f"{web.base}/news/a&#1;b.html"),
        ("Intranet", other_host.url("/secret")),
        ("Talks", web.url(TALKS)),
    ]
    web.routes["/feed.xml"] = Route(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Demo Wire</title>'
        + "".join(f"<item><title>{title}</title><link>{link}</link></item>" for title, link in items)
        + "</channel></rss>",
        content_type="application/rss+xml",
    )
    errors: list[SourceError] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    assert [record.origin for record in records] == [web.url(TALKS)]
    assert [error.where for error in errors] == [f"{web.base}/news/a\\x01b.html", other_host.url("/secret")]
    assert errors[0].message.startswith("not a valid URL") and errors[1].message.startswith("refused: ")
    assert other_host.log == []


def test_a_slow_drip_server_is_cut_at_the_deadline(web: LocalWeb) -> None:
    web.routes["/drip.html"] = Route(page(TALKS, web.base)[:40], drip_s=0.5)  # 20 s if read to the end
    patient = Fetcher(timeout_s=20.0, deadline_s=2.0, host_delay_s=0.0, private_hosts=LOCAL)
    started = time.monotonic()
    message = refusal(patient, web.url("/drip.html"))
    took = time.monotonic() - started
    patient.close()
    assert message == "took longer than the deadline of 2 s"
    assert 1.5 < took < 10, took


def gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1_000_000)
    return b"".join(packer.compress(zeros) for _ in range(size // len(zeros))) + packer.flush()


def test_a_gzip_bomb_is_cut_before_it_is_inflated(web: LocalWeb) -> None:
    bomb = gzip_bomb(200_000_000)
    assert len(bomb) < 300_000
    web.routes["/bomb.html"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    web.routes["/small.html"] = Route(gzip_bomb(1_000_000), headers={"Content-Encoding": "gzip"})
    web.routes["/big.html"] = Route(b"x" * 1_500_000)
    frugal = Fetcher(timeout_s=5.0, max_bytes=1_000_000, host_delay_s=0.0, private_hosts=LOCAL)
    tracemalloc.start()
    try:
        message = refusal(frugal, web.url("/bomb.html"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"{peak:,} bytes allocated while reading a 200 MB bomb"
    assert message == "larger than 1,000,000 bytes (FETCH_MAX_BYTES)"
    assert frugal.get(web.url("/small.html")).body == bytes(1_000_000), "exactly the cap is allowed"
    assert refusal(frugal, web.url("/big.html")) == "larger than 1,000,000 bytes (FETCH_MAX_BYTES)"
    frugal.close()


def test_new_feed_entries_per_run_are_capped(web: LocalWeb, fetcher: Fetcher) -> None:
    errors: list[SourceError] = []
    first = list(read_url(web.url("/feed.xml"), fetcher, errors, max_entries=1))
    assert [record.origin for record in first] == [web.url(TALKS)]
    assert [str(error) for error in errors] == [
        f"{web.url('/feed.xml')}: 1 more entries wait for the next run (at most 1 per feed and run)"
    ]
    assert web.requests_for(ALEPPO) == []
    second = list(read_url(web.url("/feed.xml"), fetcher, [], known={web.url(TALKS)}, max_entries=1))
    assert [record.origin for record in second] == [web.url(ALEPPO)], "the next run fetches the rest"


def test_the_web_settings_and_their_defaults() -> None:
    defaults = Settings(_env_file=None)
    assert (defaults.fetch_deadline_s, defaults.fetch_max_bytes, defaults.fetch_max_feed_entries) == (
        60.0,
        5_000_000,
        100,
    )
    assert defaults.private_hosts == PrivateHosts()
    assert Settings(_env_file=None, allow_private_hosts="true").private_hosts.everything
    listed = Settings(_env_file=None, allow_private_hosts="intranet.example, 10.0.0.0/8").private_hosts
    assert listed.allows(host="intranet.example", address=ip_address("192.168.5.5"))
    assert listed.allows(host="other.example", address=ip_address("10.1.2.3"))
    assert not listed.allows(host="other.example", address=ip_address("192.168.5.5"))
    with pytest.raises(ValueError, match="neither a host name"):
        Settings(_env_file=None, allow_private_hosts="intranet.example, not a host!")
