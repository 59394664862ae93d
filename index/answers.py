"""The answer a reader sees: a verbatim quote, its article and the other sources.

Like Haystack's ``ExtractedAnswer``, an :class:`Answer` carries the document and the
character offsets of its quote; the CLI and the bot only render it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Feedback(StrEnum):
    """What became of a reader's vote on an answer."""

    RECORDED = "recorded"
    AGAIN = "again"
    """This reader voted on this answer before: the first vote stays, nothing is counted twice."""
    UNKNOWN = "unknown"
    """No such question (in the chat the vote came from)."""


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


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved passage and the quote chosen from it.

    ``quote == article_text[quote_start:quote_end]``, checked when the hit is made.
    """

    article: ArticleRef
    passage_id: int
    passage_start: int
    passage_end: int
    passage_text: str
    quote: str
    quote_start: int
    quote_end: int
    score: float
    quote_score: float = 0.0
    """How well the quoted sentence itself matches the question (sentence similarity plus overlap bonus)."""
    confidence: float = 0.0
    """``quote_score`` on one scale for all language pairs: what the threshold is compared with."""


@dataclass(slots=True)
class Answer:
    """The reply to one question.

    ``answered`` is False when nothing in the archive is confident enough; then
    ``best`` may still hold the closest hit (for diagnostics) but is not shown as an answer.
    """

    question: str
    lang: str
    answered: bool
    best: Hit | None
    sources: list[Hit] = field(default_factory=list)
    took_ms: float = 0.0
    confidence: float = 0.0
    """What the no-answer threshold is compared with: the quote's score, less ``PASSAGE_DISCOUNT`` x its passage's
    cosine, plus ``MARGIN_WEIGHT`` x how far the passage stands above the next one (index/engine.py)."""
    ranking: list[tuple[int, float]] = field(default_factory=list, repr=False)
    """Every candidate passage ``(passage_id, score)``, best first: for evaluation and debugging."""

    @property
    def quote(self) -> str | None:
        return self.best.quote if self.answered and self.best else None

    @property
    def article(self) -> ArticleRef | None:
        return self.best.article if self.answered and self.best else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``crisisbot ask --json``."""
        best = self.best if self.answered else None
        return {
            "question": self.question,
            "lang": self.lang,
            "answered": self.answered,
            "quote": best.quote if best else None,
            "quote_start": best.quote_start if best else None,
            "quote_end": best.quote_end if best else None,
            "score": round(self.best.score, 4) if self.best else None,
            "confidence": round(self.confidence, 4) if self.best else None,
            "article": asdict(best.article) if best else None,
            "passage": {"id": best.passage_id, "start": best.passage_start, "end": best.passage_end} if best else None,
            "sources": [
                {
                    "quote": hit.quote,
                    "quote_start": hit.quote_start,
                    "quote_end": hit.quote_end,
                    "score": round(hit.score, 4),
                    "article": asdict(hit.article),
                }
                for hit in self.sources
            ],
            "took_ms": round(self.took_ms, 1),
        }
