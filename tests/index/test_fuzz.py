"""A fuzzer that keeps the readers and the fetcher total (issue 23): property-based tests (hypothesis).

The property, for every reader (txt, md, jsonl, csv, html, feeds) and for the fetcher's response handling
(status, headers, redirects, encodings, compression, truncation): the run finishes, every good record beside the
bad input is ingested (into a real archive, through ``ArchiveSync``), and nothing raises.

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (default) bounds the examples so that this file takes about a minute
on the 2-core CI machine; ``release`` runs 20x as many, before a release (README "Bad input"):
``HYPOTHESIS_PROFILE=release python -m pytest tests/index/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.hosts import PrivateHosts
from index.ingest.feeds import read_url
from index.ingest.records import SourceError
from index.ingest.sync import ArchiveSync, IndexReport
from index.ingest.web import Fetcher
from index.settings import Settings
from index.store.archive import Archive
from tests.web_pages import feed, page

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "release", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LOCAL_ONLY = PrivateHosts.parse(["127.0.0.1"])
"""The server sends each response and closes the connection, so a cut body ends at once; the timeouts are only
generous for a busy CI machine (one failure at 2 s with a load average of 15 here)."""
GOOD_TEXT = "Ein Hilfskonvoi der Vereinten Nationen wurde bei Aleppo angegriffen, sagte ein Sprecher am Dienstag."
TALKS = "/news/talks-suspended.html"

junk_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),  # every code point, lone surrogates included
    max_size=300,
)
junk_bytes = st.binary(max_size=300)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | junk_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(junk_text, children, max_size=4),
    max_leaves=12,
)


def ingest(folder: Path) -> tuple[IndexReport, set[str]]:
    """Read ``folder`` into a fresh real archive; the report and the origins stored (``file#id`` or ``file``; a
    near-duplicate record is stored as another origin of its article, so origins, not stored, count records)."""
    with tempfile.TemporaryDirectory() as data:
        archive = Archive(Path(data) / "archive.db")
        try:
            sync = ArchiveSync(archive, Settings(_env_file=None, data_dir=Path(data)))
            report = IndexReport()
            sync.sync([str(folder)], prune=True, report=report, progress=lambda *_: None)
            stored = set(archive.origins([str(folder)]))
        finally:
            archive.close()
    return report, stored


def good_line(number: int) -> str:
    return json.dumps({"id": f"good-{number}", "title": f"Gut {number}", "text": f"{GOOD_TEXT} Nummer {number}."})


@given(junk=st.lists(st.one_of(json_values.map(json.dumps), junk_text, junk_bytes), max_size=8))
def test_jsonl_every_good_record_survives_any_junk_line(junk: list) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        lines: list[bytes] = [good_line(0).encode()]
        for number, item in enumerate(junk, start=1):
            raw = item if isinstance(item, bytes) else item.encode("utf-8", "surrogatepass")
            lines += [raw.replace(b"\n", b" "), good_line(number).encode()]
        (folder / "export.jsonl").write_bytes(b"\n".join(lines))
        report, stored = ingest(folder)
    for number in range(len(junk) + 1):
        assert f"{folder / 'export.jsonl'}#good-{number}" in stored, report.errors


@given(record=st.dictionaries(st.sampled_from(["id", "title", "date", "url", "source", "lang", "x"]), json_values))
def test_jsonl_any_field_values_beside_a_text(record: dict) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        (folder / "one.jsonl").write_text(
            json.dumps({**record, "text": GOOD_TEXT}) + "\n" + good_line(1), encoding="utf-8"
        )
        report, stored = ingest(folder)
    assert f"{folder / 'one.jsonl'}#good-1" in stored, report.errors
    assert len(stored) == 2, (stored, report.errors)  # the record with odd fields too


@given(
    body=st.one_of(junk_text.map(lambda t: t.encode("utf-8", "surrogatepass")), junk_bytes),
    suffix=st.sampled_from([".txt", ".md", ".csv", ".html"]),
)
def test_text_markdown_csv_and_html_files_of_any_bytes_never_stop_the_others(body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        (folder / f"bad{suffix}").write_bytes(body)
        (folder / "good.md").write_text(f"# Gut\n\n{GOOD_TEXT}", encoding="utf-8")
        (folder / "good.csv").write_text(f'id,text\nc1,"{GOOD_TEXT} CSV."\n', encoding="utf-8")
        report, stored = ingest(folder)
    assert {str(folder / "good.md"), f"{folder / 'good.csv'}#c1"} <= stored, report.errors


csv_cells = st.text(alphabet=st.characters(codec=None), max_size=40)


@given(rows=st.lists(st.lists(csv_cells, min_size=1, max_size=5), max_size=6), header=st.lists(csv_cells, max_size=5))
def test_csv_rows_of_any_shape(rows: list[list[str]], header: list[str]) -> None:
    def line(cells: list[str]) -> str:
        return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)

    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        content = "\n".join([line(["id", "text", *header]), *(line(row) for row in rows)])
        (folder / "rows.csv").write_bytes(content.encode("utf-8", "surrogatepass"))
        (folder / "good.csv").write_text(f'id,text\nc1,"{GOOD_TEXT} CSV."\n', encoding="utf-8")
        report, stored = ingest(folder)
    assert f"{folder / 'good.csv'}#c1" in stored, report.errors


@given(markup=junk_text, where=st.sampled_from(["title", "head", "body", "attribute"]))
def test_html_with_junk_markup_anywhere(markup: str, where: str) -> None:
    html = page(TALKS, "https://demo-wire.example")
    anchor = {"title": "<title>", "head": "</head>", "body": "<main>", "attribute": 'content="Demo Wire'}[where]
    html = html.replace(anchor, anchor + markup, 1)
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        (folder / "page.html").write_bytes(html.encode("utf-8", "surrogatepass"))
        (folder / "good.md").write_text(f"# Gut\n\n{GOOD_TEXT}", encoding="utf-8")
        report, stored = ingest(folder)
    assert str(folder / "good.md") in stored, report.errors


# -- the fetcher, against a local server whose every response is generated ------------------------------------


class Responses:
    """``path -> raw HTTP response bytes`` served as given (status line, headers and body exactly as generated)."""

    def __init__(self) -> None:
        self.raw: dict[str, bytes] = {}
        self.base = ""


def serve_raw(responses: Responses) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            raw = responses.raw.get(self.path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(raw)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    responses.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ok_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


@pytest.fixture(scope="module")
def local():
    responses = Responses()
    server = serve_raw(responses)
    yield responses
    server.shutdown()


header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
statuses = st.sampled_from([200, 204, 301, 302, 303, 307, 308, 400, 404, 410, 429, 500, 503, 999, 99])
encodings = st.sampled_from(["", "gzip", "deflate", "x-gzip", "br", "identity", "gzip, gzip", "zstd", "Gzip"])
locations = st.one_of(
    st.sampled_from(["data:,x", "mailto:a@b", "javascript:x", "x:y", "//", "http://", "http://[::1", "/news/ok.html"]),
    header_text,
)


@st.composite
def responses(draw) -> bytes:
    """A response of any status with any headers, and a body that is plain, compressed, mislabelled or cut."""
    status = draw(statuses)
    body = draw(
        st.one_of(
            junk_bytes,
            st.just(page(TALKS, "https://demo-wire.example").encode()),
            st.just(feed("https://demo-wire.example", [TALKS]).encode()),
        )
    )
    encoding = draw(encodings)
    packing = draw(st.sampled_from(["as-labelled", "plain", "gzip", "deflate", "cut"]))
    if packing == "gzip" or (packing == "as-labelled" and "gzip" in encoding.lower()):
        body = gzip.compress(body)
    elif packing == "deflate" or (packing == "as-labelled" and encoding == "deflate"):
        body = zlib.compress(body)
    if packing == "cut":
        body = gzip.compress(body)[: draw(st.integers(0, 40))]
    length = draw(st.one_of(st.just(len(body)), st.integers(0, 10_000), st.none()))
    headers = [f"Content-Type: {draw(st.sampled_from(['text/html', 'application/rss+xml', 'text/plain', '', 'x']))}"]
    if encoding:
        headers.append(f"Content-Encoding: {encoding}")
    if status in (301, 302, 303, 307, 308) or draw(st.booleans()):
        headers.append(f"Location: {draw(locations)}")
    if length is not None:
        headers.append(f"Content-Length: {length}")
    for _ in range(draw(st.integers(0, 2))):
        headers.append(f"{draw(st.sampled_from(['X-Junk', 'Set-Cookie', 'Content-Type']))}: {draw(header_text)}")
    head = f"HTTP/1.1 {status} {draw(header_text.map(lambda t: t.replace(chr(13), '').replace(chr(10), '')))}\r\n"
    return (head + "".join(f"{header}\r\n" for header in headers) + "\r\n").encode("latin-1") + body


@settings(max_examples=int(settings().max_examples * 2))
@given(raw=responses())
def test_any_response_to_a_feed_entry_never_costs_the_other_entries(local: Responses, raw: bytes) -> None:
    local.raw["/news/ok.html"] = ok_response(page(TALKS, local.base).encode())
    local.raw["/news/fuzzed.html"] = raw
    items = "".join(
        f"<item><title>Entry {path}</title><link>{local.base}{path}</link></item>"
        for path in ("/news/fuzzed.html", "/news/ok.html")
    )
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Demo Wire</title>{items}</channel></rss>'
    local.raw["/feed.xml"] = ok_response(rss.encode(), "application/rss+xml")
    fetcher = Fetcher(timeout_s=5.0, deadline_s=8.0, host_delay_s=0.0, private_hosts=LOCAL_ONLY)
    errors: list[SourceError] = []
    try:
        records = list(read_url(local.base + "/feed.xml", fetcher, errors))
    finally:
        fetcher.close()
    assert local.base + "/news/ok.html" in {record.url for record in records}, [str(e) for e in errors]


@given(raw=responses())
def test_any_response_to_a_page_or_feed_url_is_a_record_or_one_error(local: Responses, raw: bytes) -> None:
    local.raw["/news/ok.html"] = ok_response(page(TALKS, local.base).encode())
    local.raw["/source"] = raw
    fetcher = Fetcher(timeout_s=5.0, deadline_s=8.0, host_delay_s=0.0, private_hosts=LOCAL_ONLY)
    errors: list[SourceError] = []
    try:
        records = list(read_url(local.base + "/source", fetcher, errors))
    finally:
        fetcher.close()
    assert records or errors
