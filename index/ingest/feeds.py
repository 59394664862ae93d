"""Feeds and pages from the web: a URL source read through the :class:`~index.ingest.web.Fetcher`.

A URL source is a feed when feedparser finds entries in it, otherwise a page. A feed's entries are fetched one
by one (their link) and extracted like pages; entries already in the archive are not fetched again, at most
``max_entries`` new entries are fetched per feed and run, and the fetcher's budget (index/ingest/budget.py) stops
a source or a run whose time is spent and skips entries that wait after failures. Total: nothing a server sends
makes it raise (issue 23); a feed, page or entry that fails is one SourceError naming its URL without userinfo.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from index.ingest.budget import BudgetSpent
from index.ingest.html import page_record
from index.ingest.records import ArticleRecord, SourceError, clean_metadata, printable
from index.ingest.secrets import public_url, scrub_record
from index.ingest.web import DEFAULT_MAX_FEED_ENTRIES, FEED_CONTENT_TYPES, Fetcher, FetchError
from index.progress import Stopped


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
    max_entries: int = DEFAULT_MAX_FEED_ENTRIES,
) -> Iterator[ArticleRecord]:
    """The articles of a feed, or the one article of a page.

    Feed entries whose link is in ``known`` (already in the archive) are not fetched again;
    their links are appended to ``skipped``. At most ``max_entries`` new entries are fetched;
    the others are reported once and wait for the next run.

    Total: nothing a server sends makes it raise; a feed, page or entry that fails is one SourceError naming
    its URL (without userinfo), and every record is scrubbed of token-shaped strings.
    """
    for record in _read_url(url, fetcher, errors, known=known, skipped=skipped, max_entries=max_entries):
        note = scrub_record(clean_metadata(record))
        if note:
            errors.append(SourceError(shown_url(record.origin), note, warning=True))
        yield record


def shown_url(url: str) -> str:
    """``url`` as a message may name it: without userinfo, control characters escaped."""
    return printable(public_url(url) or url)


def _read_url(
    url: str,
    fetcher: Fetcher,
    errors: list[SourceError],
    *,
    known: set[str] | frozenset[str],
    skipped: list[str] | None,
    max_entries: int,
) -> Iterator[ArticleRecord]:
    import feedparser  # lazy: only feed sources need it (~0.1 s to import)

    try:
        fetched = fetcher.get(url)
        feed = feedparser.parse(fetched.body)
        looks_like_feed = any(kind in fetched.content_type.lower() for kind in FEED_CONTENT_TYPES)
        is_page = not feed.entries and not (looks_like_feed and feed.get("version"))
        if is_page:
            page = page_record(fetched.body, url=fetched.url, origin=url)
    except (FetchError, BudgetSpent) as error:
        errors.append(SourceError(shown_url(url), str(error)))
        return
    except Stopped:
        raise
    except Exception as error:  # a reader is total: a bad page is a warning, never a crash
        errors.append(SourceError(shown_url(url), _reason(error)))
        return
    if is_page:
        yield page
        return
    yield from _feed_entries(feed, url, fetcher, errors, known=known, skipped=skipped, max_entries=max_entries)


def _reason(error: Exception) -> str:
    if isinstance(error, ValueError) and not type(error).__module__.startswith(("httpx", "lxml")):
        return str(error)
    return f"cannot be read ({type(error).__name__}: {printable(str(error))[:200]})"


def _feed_entries(
    feed: Any,
    url: str,
    fetcher: Fetcher,
    errors: list[SourceError],
    *,
    known: set[str] | frozenset[str],
    skipped: list[str] | None,
    max_entries: int,
) -> Iterator[ArticleRecord]:
    outlet = feed.feed.get("title")
    fetched = waiting = 0
    for number, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            errors.append(SourceError(url, f"feed entry {printable(str(entry.get('title', '?')))!r} has no link"))
            continue
        if link in known:
            if skipped is not None:
                skipped.append(link)
            continue
        if fetched >= max_entries:
            left = sum(1 for later in feed.entries[number - 1 :] if later.get("link") not in known)
            errors.append(
                SourceError(
                    shown_url(url),
                    f"{left} more entries wait for the next run (at most {max_entries} per feed and run)",
                )
            )
            return
        budget = fetcher.budget
        if budget is not None and budget.waiting(link):
            waiting += 1
            continue
        fetched += 1
        try:
            defaults = {"title": entry.get("title"), "date": _entry_date(entry), "source": outlet}
            defaults["author"] = entry.get("author")
            page = fetcher.get(link)
            record = page_record(page.body, url=page.url, origin=link, defaults=defaults)
        except BudgetSpent as error:
            left = sum(1 for later in feed.entries[number - 1 :] if later.get("link") not in known)
            errors.append(SourceError(shown_url(url), f"{error}: {left} entries wait for the next run"))
            break
        except Stopped:
            raise
        except Exception as error:  # one bad entry never stops its feed
            errors.append(SourceError(shown_url(link), str(error) if isinstance(error, FetchError) else _reason(error)))
            if budget is not None:
                budget.entry_failed(link)
            continue
        if budget is not None:
            budget.entry_read(link)
        yield record
    if waiting:
        errors.append(
            SourceError(shown_url(url), f"{waiting} entries that failed before wait for their next try", warning=True)
        )
