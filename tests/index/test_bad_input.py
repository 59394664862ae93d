"""Bad input never stops a reindex (issue 23, findings 2, 3, 11, 12, 13): redirects to URLs without a host,
lone surrogates, pages that name their own outlet, non-public IPv6 forms, bidi controls. No model."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from bot.render import render_answer, source_line
from index.engine import Engine
from index.hosts import PrivateHosts, is_public_address
from index.ingest.feeds import read_url
from index.ingest.records import SourceError
from index.ingest.sources import read_sources
from index.ingest.web import Fetcher, FetchError
from index.render_text import source_line as plain_source_line
from index.settings import Settings
from tests.bot.test_render import make_answer, make_hit
from tests.fake_embedder import FakeEmbedder
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import feed, page

LOCAL = PrivateHosts.parse(["127.0.0.1"])
TALKS = "/news/talks-suspended.html"
ALEPPO = "/news/east-aleppo.html"
HOSTLESS = ["data:text/html,<p>hi</p>", "mailto:desk@example.org", "javascript:alert(1)", "x:y", "http://", "//"]


@pytest.fixture
def web():
    site = LocalWeb()
    server = serve(site)
    for path in (TALKS, ALEPPO):
        site.routes[path] = Route(page(path, site.base))
    yield site
    server.shutdown()


@pytest.fixture
def fetcher():
    client = Fetcher(timeout_s=2.0, host_delay_s=0.0, private_hosts=LOCAL)
    yield client
    client.close()


@pytest.mark.parametrize("location", HOSTLESS)
def test_a_redirect_to_a_url_without_a_host_is_one_error_naming_the_url(
    web: LocalWeb, fetcher: Fetcher, location: str
) -> None:
    """Finding 2: httpx.InvalidURL escaped Fetcher.get and stopped every reindex."""
    web.routes["/moved.html"] = Route("", status=302, headers={"Location": location})
    with pytest.raises(FetchError):
        fetcher.get(web.url("/moved.html"))
    web.routes["/feed.xml"] = Route(feed(web.base, [TALKS, "/moved.html", ALEPPO]), content_type="application/rss+xml")
    errors: list[SourceError] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    assert sorted(record.url for record in records) == [web.url(ALEPPO), web.url(TALKS)]
    assert [error.where for error in errors] == [web.url("/moved.html")]


def test_a_bad_redirect_in_a_reindex_costs_only_its_entry(tmp_path: Path, web: LocalWeb) -> None:
    web.routes["/moved.html"] = Route("", status=302, headers={"Location": "data:,x"})
    web.routes["/feed.xml"] = Route(feed(web.base, [TALKS, "/moved.html"]), content_type="application/rss+xml")
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "a.md").write_text("# Konvoi\n\nEin Hilfskonvoi wurde bei Aleppo angegriffen.", encoding="utf-8")
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        archive_sources=[str(folder), web.url("/feed.xml")],
        allow_private_hosts=["127.0.0.1"],
        fetch_host_delay_s=0.0,
    )
    report = Engine(settings, embedder=FakeEmbedder()).reindex()
    assert report.added == 2 and report.passages_embedded >= 2, report.summary()
    assert len(report.errors) == 1 and "/moved.html" in report.errors[0]


def test_a_lone_surrogate_never_stops_a_reindex(tmp_path: Path) -> None:
    """Finding 3: a JSON escape "\\ud83d" (half an emoji) raised UnicodeEncodeError in the sync and rolled the
    batch back; now the character becomes U+FFFD and every record is stored."""
    folder = tmp_path / "files"
    folder.mkdir()
    rows = [
        {"id": "1", "title": "Halbes Emoji \ud83d", "text": "Ein Konvoi wurde angegriffen \ud83d.", "tag\udc00": "x"},
        {"id": "2\ud800", "text": "Die Waffenruhe begann am Montag.", "source": "Wire \udfff"},
    ]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    (folder / "good.md").write_text("# Gut\n\nEin Krankenhaus in Aleppo wurde getroffen.", encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", archive_sources=[str(folder)])
    engine = Engine(settings, embedder=FakeEmbedder())
    report = engine.reindex()
    assert report.added == 3 and report.passages_embedded == 3, report.summary()
    titles = [row[0] for row in engine.archive.db.execute("select title from articles order by title")]
    assert "Halbes Emoji \ufffd" in titles


def test_a_fetched_page_is_shown_under_the_url_fetched_not_the_outlet_it_names(web: LocalWeb, fetcher: Fetcher) -> None:
    """Finding 11: a page on any host that says canonical=reuters.com and og:site_name=Reuters."""
    forged = page(TALKS, "https://www.reuters.com").replace("Demo Wire", "Reuters")
    web.routes["/forged.html"] = Route(forged)
    errors: list[SourceError] = []
    [record] = read_url(web.url("/forged.html"), fetcher, errors)
    assert record.url == web.url("/forged.html")
    assert record.source == web.base.removeprefix("http://")
    assert "reuters" not in f"{record.url} {record.source}".lower()
    assert record.extra["claimed_url"] == "https://www.reuters.com" + TALKS
    assert record.extra["claimed_outlet"] == "Reuters"
    web.routes["/feed.xml"] = Route(feed(web.base, ["/forged.html"]), content_type="application/rss+xml")
    [entry] = read_url(web.url("/feed.xml"), fetcher, [])
    assert entry.source == "Demo Wire" and entry.url == web.url("/forged.html"), "the feed's outlet, the URL fetched"


NON_PUBLIC_V6 = [
    "fec0::1",  # site-local
    "::127.0.0.1",  # IPv4-compatible loopback
    "::10.0.0.1",
    "::ffff:0:10.0.0.1",  # IPv4-translated private
    "::ffff:0:127.0.0.1",
    "64:ff9b:1::a00:1",  # NAT64 local use
    "64:ff9b:1::808:808",
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254 (cloud metadata)
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
]


@pytest.mark.parametrize("text", NON_PUBLIC_V6)
def test_non_public_ipv6_forms_are_refused(text: str) -> None:
    """Finding 12: each of these is ``is_global`` on Python 3.11 (the ``or`` keeps the test honest elsewhere)."""
    address = ipaddress.ip_address(text)
    assert not is_public_address(address)
    assert not PrivateHosts().allows(host=text, address=address)


@pytest.mark.parametrize("text", ["2001:4860:4860::8888", "2002:808:808::1", "64:ff9b::808:808", "8.8.8.8"])
def test_public_addresses_in_the_same_forms_stay_allowed(text: str) -> None:
    assert is_public_address(ipaddress.ip_address(text))


RLO = "\u202e"


def test_bidi_controls_are_removed_from_stored_and_rendered_metadata(tmp_path: Path) -> None:
    """Finding 13: a U+202E in a title reversed the rest of the source line (date, outlet) as the reader saw it."""
    path = tmp_path / "x.jsonl"
    row = {
        "id": "1",
        "title": f"Titel {RLO}gnudleM",
        "source": "Wire\u2066 A",
        "text": "Ein Konvoi.",
        "date": "2016-10-01",
    }
    path.write_text(json.dumps(row), encoding="utf-8")
    md = tmp_path / "y.md"
    md.write_text(f"title: Kopf {RLO}zeile\nsource: Agentur\u202b X\n\nEin Text über Aleppo.", encoding="utf-8")
    errors: list[SourceError] = []
    records = list(read_sources([path, md], errors))
    for record in records:
        shown = f"{record.title}{record.source}"
        assert RLO not in shown and "\u2066" not in shown and "\u202b" not in shown
    hit = make_hit(title=f"Titel {RLO}gnudleM", source=f"Testzeitung{RLO}", url=f"https://example.org/{RLO}a")
    rendered = render_answer(make_answer(hit), "de")
    assert RLO not in rendered and RLO not in source_line(hit.article)
    assert RLO not in plain_source_line(hit.article)


def test_a_cookie_with_a_non_ascii_byte_does_not_poison_the_rest_of_the_run(web: LocalWeb, fetcher: Fetcher) -> None:
    """Found by tests/index/test_fuzz.py: httpx kept the cookie and every later request raised UnicodeEncodeError."""
    web.routes["/cookie.html"] = Route(page(TALKS, web.base), headers={"Set-Cookie": "a=\xa1"})
    web.routes["/feed.xml"] = Route(feed(web.base, ["/cookie.html", ALEPPO]), content_type="application/rss+xml")
    errors: list[SourceError] = []
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    assert sorted(record.url for record in records) == [web.url("/cookie.html"), web.url(ALEPPO)], errors
