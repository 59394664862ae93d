"""The answer a reader sees: a verbatim quote, its article and the other sources.

Like Haystack's ``ExtractedAnswer``, an :class:`Answer` carries the document and the
character offsets of its quote; the CLI and the bot only render it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from index.store.records import ArticleRef, Outlet
from index.text.dates import Period

__all__ = ["Answer", "ArticleRef", "FollowUp", "Hit", "Outlet", "Period", "Timeline"]
"""``ArticleRef`` and ``Outlet`` come from the archive; they are part of an answer's shape, so readers of answers
(the CLI, the bot) import them from here."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The earlier exchange a follow-up question belongs to ("Und wer hat das gesagt?" after an answer).

    ``question`` helps retrieval (it is asked together with the follow-up); ``article_id``, the earlier answer's
    article, is preferred by a bonus (``FOLLOW_UP_BONUS`` in index/answer/answerer.py), not pinned: a clearly better
    article still wins. ``article_id`` is None when the earlier question found nothing."""

    question: str
    article_id: str | None = None


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
    similarity: float
    """The passage's dense cosine with the question (``Candidate.similarity``; ``"score"`` in the JSON)."""
    quote_score: float = 0.0
    """How well the quoted sentence itself matches the question (sentence similarity plus overlap bonus)."""
    quote_calibrated: float = 0.0
    """``quote_score`` on one scale for all language pairs (``Quote.calibrated``)."""
    source_confidence: float | None = None
    """For a further source: its own confidence (the answer's formula without the margin term); it is listed when
    this reaches ``Calibration.source_threshold``. None for the main answer's hit."""
    agrees: bool | None = None
    """For a further source: True when its quote gives the same figure as the main quote for what the question
    asks, False when it gives another one, None when nothing is comparable (index/text/figures.py)."""
    compared: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())
    """The values compared: the main quote's and this source's."""


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
    cosine, plus ``MARGIN_WEIGHT`` x how far the passage stands above the next one (index/answer/answerer.py)."""
    ranking: list[tuple[int, float]] = field(default_factory=list, repr=False)
    """Every candidate passage ``(passage_id, rank_score)``, best first: for evaluation and debugging."""
    period: Period | None = None
    """The period the question named and the search was limited to ("im September 2016"); None for none."""
    undated_included: int = 0
    """Articles without a date searched along with a period's (a period cannot rule them out; the reply says so)."""
    latest: bool = False
    """The question asked for the latest state: newer articles were preferred (the reply shows the date first)."""
    archive_range: tuple[str | None, str | None] = (None, None)
    """The archive's first and last article date."""
    out_of_range: bool = False
    """The question's period lies outside ``archive_range``: nothing was searched (the reply gives the range)."""
    outcome: str = ""
    """``answer``, ``hedge`` (the quote is shown under "this may not answer your question") or ``nothing``
    (index/answer/outcomes.py); ``answered`` is True for the first two. Left empty, it follows ``answered``."""

    def __post_init__(self) -> None:
        if not self.outcome:
            self.outcome = "answer" if self.answered else "nothing"

    @property
    def hedged(self) -> bool:
        """The quote is shown, under a hedge: it may not answer the question."""
        return self.answered and self.outcome == "hedge"

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
            "outcome": self.outcome,
            "quote": best.quote if best else None,
            "quote_start": best.quote_start if best else None,
            "quote_end": best.quote_end if best else None,
            "score": round(self.best.similarity, 4) if self.best else None,
            "confidence": round(self.confidence, 4) if self.best else None,
            "article": asdict(best.article) if best else None,
            "passage": {"id": best.passage_id, "start": best.passage_start, "end": best.passage_end} if best else None,
            "sources": [
                {
                    "quote": hit.quote,
                    "quote_start": hit.quote_start,
                    "quote_end": hit.quote_end,
                    "score": round(hit.similarity, 4),
                    "confidence": round(hit.source_confidence, 4) if hit.source_confidence is not None else None,
                    "agrees": hit.agrees,
                    "values": {
                        "main": [_number(v) for v in hit.compared[0]],
                        "source": [_number(v) for v in hit.compared[1]],
                    },
                    "article": asdict(hit.article),
                }
                for hit in self.sources
            ],
            "period": (
                {
                    "start": self.period.start.isoformat(),
                    "end": self.period.end.isoformat(),
                    "words": self.period.phrase,
                }
                if self.period
                else None
            ),
            "undated_included": self.undated_included,
            "latest": self.latest,
            "out_of_range": self.out_of_range,
            "archive_range": list(self.archive_range),
            "took_ms": round(self.took_ms, 1),
        }


@dataclass(slots=True)
class Timeline:
    """The articles on a topic in date order (undated last), each as the hit of its best passage."""

    topic: str
    hits: list[Hit]
    period: Period | None = None
    archive_range: tuple[str | None, str | None] = (None, None)
    out_of_range: bool = False
    """The topic's period lies outside ``archive_range``: nothing was searched."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``crisisbot timeline --json``."""
        return {
            "topic": self.topic,
            "period": (
                {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()} if self.period else None
            ),
            "out_of_range": self.out_of_range,
            "archive_range": list(self.archive_range),
            "entries": [
                {
                    "date": hit.article.date,
                    "quote": hit.quote,
                    "score": round(hit.similarity, 4),
                    "article": asdict(hit.article),
                }
                for hit in self.hits
            ],
        }


def _number(value: float) -> int | float:
    """A compared figure for the JSON: 275000, not 275000.0."""
    return int(value) if value.is_integer() else value
