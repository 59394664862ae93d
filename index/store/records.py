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


def day_number(value: str | None) -> int | None:
    """An article date as the integer ``YYYYMMDD`` that periods filter on ("2016-10-05" -> 20161005; a month or a
    year alone: 20161000, 20160000, so they compare as their ``YYYY-MM-DD`` prefix does in the archive's SQL);
    None without a date."""
    digits = (value or "")[:10].replace("-", "")
    if len(digits) not in (4, 6, 8) or not digits.isdigit():
        return None
    return int(digits.ljust(8, "0"))
