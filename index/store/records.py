"""What the archive hands out: stored passages and the references that lead a reader to an article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from index.text.sentences import Span


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class StoredPassage:
    id: int
    article_id: str
    position: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
    vector_key: str | None


@dataclass(frozen=True, slots=True)
class Outlet:
    """Another outlet that carried a near-identical report (merged as a near-duplicate)."""

    source: str | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What a reader needs to find an article: title, date, outlet and link."""

    id: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    also: tuple[Outlet, ...] = ()
    """Other outlets whose near-identical report was merged into this article."""
