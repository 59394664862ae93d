"""Three outcomes of a question: a plain answer, a quote under "this may not answer your question", or nothing.

The answerer's no-answer threshold (``Answerer.threshold``, 0.59, fitted on XQuAD: docs/evaluation.md) still decides
whether anything is shown. Above it, a quote is a plain *answer* only when its confidence reaches the band of its
language group, and when it gives what the question asks (a count question's quote holds a count of the asked kind,
index/answer/kinds.py); otherwise it is shown under a hedge. The bands were fitted on the fitted half of the reader
questions (tests/data/readers, ``bench/readers_fit.py``): the lowest band at which at most ``WRONG_SHARE`` of the
group's plain answers are wrong. Across languages the scores run on another scale (the cross-language bonus of
index/answer/quotes.py), hence a band of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

ANSWER = "answer"
HEDGE = "hedge"
NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class Bands:
    """From which confidence a quote is a plain answer, per language group."""

    same_language: float
    """The quote is in the question's language."""
    cross_language: float
    """The quote is in another language (or the question's language is undetermined)."""

    def band(self, same_language: bool) -> float:
        return self.same_language if same_language else self.cross_language


DEFAULT_BANDS = Bands(same_language=0.977, cross_language=0.834)
"""Fitted on the fitted half of the reader questions (``bench/readers_fit.py --bands``: at most 0.05 of each group's
questions answered plainly and wrongly; docs/evaluation.md#reader-questions)."""


def decide(confidence: float, threshold: float, bands: Bands, *, same_language: bool, fits: bool) -> str:
    """``answer``, ``hedge`` or ``nothing`` for a best hit of ``confidence``."""
    if confidence < threshold:
        return NOTHING
    if fits and confidence >= max(threshold, bands.band(same_language)):
        return ANSWER
    return HEDGE
