"""Articles from the web: pages (trafilatura) and RSS/Atom feeds (feedparser).

Every request goes through one :class:`Fetcher`: a timeout, a User-Agent that
names the bot, and a minimum delay between two requests to the same host. A page
or feed that fails becomes a :class:`~index.sources.SourceError`; the other
sources go on.

A URL source is a feed when feedparser finds entries in it, otherwise a page.
A feed's entries are fetched one by one (their link) and extracted like pages;
entries already in the archive are not fetched again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from index.sources import ArticleRecord, SourceError, normalize_date, normalize_text

USER_AGENT = "crisisbot/0.1 (news archive indexer; +https://github.com/crisisbot)"
DEFAULT_TIMEOUT_S = 20.0
DEFAULT_HOST_DELAY_S = 1.0
MAX_PAGE_BYTES = 5_000_000
MIN_ARTICLE_CHARS = 200
"""Less extracted text than this is a teaser or an error page, not an article."""
FEED_CONTENT_TYPES = ("rss", "atom", "xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    body: bytes
    content_type: str


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message says why in a sentence."""


class Fetcher:
    """HTTP GET with a timeout, a User-Agent and a per-host delay; safe to share between threads."""

    def __init__(
        self,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        host_delay_s: float = DEFAULT_HOST_DELAY_S,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.host_delay_s = host_delay_s
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            timeout=timeout_s, follow_redirects=True, headers={"User-Agent": user_agent}, max_redirects=5
        )

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            wait = self._last.get(host, -1e9) + self.host_delay_s - time.monotonic()
            if wait > 0:
                self._sleep(wait)
            self._last[host] = time.monotonic()

    def get(self, url: str) -> Fetched:
        """The body of ``url``; raises :class:`FetchError` with a readable reason."""
        self._wait_for_host(url)
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_PAGE_BYTES:
                        raise FetchError(f"larger than {MAX_PAGE_BYTES // 1_000_000} MB")
                return Fetched(str(response.url), bytes(body), response.headers.get("content-type", ""))
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out ({type(error).__name__})") from error
        except httpx.HTTPError as error:
            raise FetchError(f"cannot be fetched ({type(error).__name__}: {error})") from error

    def close(self) -> None:
        self._client.close()


def page_record(
    html: bytes | str, *, url: str, origin: str | None = None, defaults: dict | None = None
) -> ArticleRecord:
    """The article of an HTML page: text without navigation and boilerplate, title, date, outlet, link.

    ``defaults`` (from a feed entry) fill what the page itself does not say. Raises ValueError
    when no article text can be extracted.
    """
    import trafilatura

    defaults = defaults or {}
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(document, "text", None) or ""
    title = normalize_text(getattr(document, "title", None) or defaults.get("title") or "")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    body = normalize_text("\n\n".join(lines))
    if len(body) < MIN_ARTICLE_CHARS:
        raise ValueError(f"no article text found ({len(body)} characters after removing boilerplate)")
    return ArticleRecord(
        text=body,
        origin=origin or url,
        title=title,
        date=normalize_date(defaults.get("date")) or normalize_date(getattr(document, "date", None)),
        source=defaults.get("source") or getattr(document, "sitename", None) or getattr(document, "hostname", None),
        url=getattr(document, "url", None) or url,
        lang=getattr(document, "language", None),
        extra={key: str(defaults[key]) for key in ("author",) if defaults.get(key)},
    )


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def read_url(
    url: str,
    fetcher: Fetcher,
    errors: list[SourceError],
    *,
    known: set[str] | frozenset[str] = frozenset(),
    skipped: list[str] | None = None,
) -> Iterator[ArticleRecord]:
    """The articles of a feed, or the one article of a page.

    Feed entries whose link is in ``known`` (already in the archive) are not fetched again;
    their links are appended to ``skipped``.
    """
    import feedparser

    try:
        fetched = fetcher.get(url)
    except FetchError as error:
        errors.append(SourceError(url, str(error)))
        return
    feed = feedparser.parse(fetched.body)
    looks_like_feed = any(kind in fetched.content_type.lower() for kind in FEED_CONTENT_TYPES)
    if not feed.entries and not (looks_like_feed and feed.get("version")):
        try:
            yield page_record(fetched.body, url=fetched.url, origin=url)
        except ValueError as error:
            errors.append(SourceError(url, str(error)))
        return
    outlet = feed.feed.get("title")
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            errors.append(SourceError(url, f"feed entry {entry.get('title', '?')!r} has no link"))
            continue
        if link in known:
            if skipped is not None:
                skipped.append(link)
            continue
        defaults = {"title": entry.get("title"), "date": _entry_date(entry), "source": outlet}
        defaults["author"] = entry.get("author")
        try:
            page = fetcher.get(link)
            yield page_record(page.body, url=page.url, origin=link, defaults=defaults)
        except (FetchError, ValueError) as error:
            errors.append(SourceError(link, str(error)))
