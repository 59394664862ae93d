"""Questions into answers: retrieve candidates, quote the best, decide whether to answer, list other sources.

Scores, one meaning each:

- ``Candidate.similarity`` / ``Hit.similarity``: the passage's dense cosine with the question;
- ``Candidate.rank_score``: the similarity with the retrieval bonuses, what candidates are ranked by;
- ``Quote.score`` / ``Hit.quote_score``: how well the quoted sentence matches; ``Hit.quote_calibrated``: the
  same on one scale for all language pairs;
- ``Answer.confidence``: the answer's, compared with the no-answer threshold (:meth:`Answerer._best_hit`);
- ``Hit.source_confidence``: a further source's own, the answer's formula without the margin term (a margin over
  the runner-up belongs to the main answer alone), compared with ``Calibration.source_threshold``.

A further source is listed only when it answers the question itself: its own confidence reaches the source
threshold and, when the main quote gives the figure the question asks for ("how many killed"), its quote gives
one of the same kind too. Its figures are then compared with the main quote's (index/text/figures.py):
``Hit.agrees`` True (the same figure), False (another figure for the same thing), None (nothing comparable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from index.answer.answers import Answer, Hit
from index.answer.quotes import COMBINED_SCALE, LATE_ONLY_SCALE, ScoreScale, choose_quote
from index.answer.retrieval import Candidate, Retriever
from index.model.embeddings import Embedder
from index.settings import Settings
from index.store.archive import Archive
from index.store.vectors import SearchBackend
from index.text.figures import compare_figures, question_kinds
from index.text.language import UNDETERMINED, detect_language

PASSAGE_DISCOUNT = 0.45
"""The answer's confidence is its quote's calibrated score minus this x the passage cosine: a sentence that matches the
question better than its passage does as a whole answers it; a passage that is merely on the topic does not."""
MARGIN_WEIGHT = 0.9
"""The answer's confidence gains this x how far its passage's score stands above the next candidate's ..."""
MAX_MARGIN = 0.2
"""... counted up to this (a one-passage archive has no runner-up). Both fitted as one logistic model on the dev
set, checked article-wise in four folds (docs/evaluation.md)."""
SOURCE_CANDIDATES = 12
"""How many ranked passages are looked at for the other sources under an answer."""
MAX_QUESTION_CHARS = 1000
QUOTE_CANDIDATES = 2
"""The quote is chosen among the sentences of this many top passages ..."""
PASSAGE_WEIGHT = 2.0
"""... by PASSAGE_WEIGHT x passage rank score + sentence score (dev set: +0.015 answer-in-quote)."""
SOURCE_THRESHOLD = 0.59
"""A further source's own confidence (``Hit.source_confidence``) must reach the answer threshold. Kept there, not
fitted: on the FA-KES contested set (docs/evaluation.md) 0.65-0.80 trade listed sources for little precision."""
SAME_EVENT_DAYS = 0
"""A further source that counts what the question asks must be dated within this many days of the main answer's
article (both dated; an undated one is not held to it). Counts are of one day's event: on the FA-KES contested set
the listed sources that answer were 0.89 of those on the same day, 0.70 with one day either way (Manbij on 18 and
19 July 2016, two strikes near Damascus on 3 and 4 April 2017: neighbouring events with other tolls)."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """What follows from how the sentence vectors were made (``SEPARATE_SENTENCE_VECTORS``): their scores run
    on different scales, so each kind has its own quote rules and thresholds."""

    scale: ScoreScale
    answer_threshold: float
    """Minimum answer confidence (``Answer.confidence``): the highest value that answers 0.95 of answerable
    dev-set questions in both directions."""
    source_threshold: float
    """Another article is listed under an answer when its own confidence (``Hit.source_confidence``) reaches this."""


DEFAULT_CALIBRATION = Calibration(COMBINED_SCALE, answer_threshold=0.59, source_threshold=SOURCE_THRESHOLD)
"""Dev set (docs/evaluation.md): 0.954 answered; 0.75 (German) / 0.63 (English) of the questions whose paragraph
is missing are refused."""
LATE_ONLY_CALIBRATION = Calibration(
    LATE_ONLY_SCALE, answer_threshold=0.33, source_threshold=0.33 + (SOURCE_THRESHOLD - 0.59)
)
"""``SEPARATE_SENTENCE_VECTORS=false``, whose sentence scores run lower (docs/scale.md): 0.95 answered; 0.68
(German) / 0.59 (English) refused."""

Exclude = Callable[[Candidate], bool]
"""Drops candidates before anything is chosen (the evaluation's unanswerable mode)."""


class Answerer:
    """Answers questions from the archive and the current index; safe to call from several threads."""

    def __init__(
        self,
        archive: Archive,
        embedder: Embedder,
        index: Callable[[], SearchBackend | None],
        settings: Settings,
    ) -> None:
        self.archive = archive
        self.embedder = embedder
        self.settings = settings
        self.retriever = Retriever(archive, index)
        separate = settings.separate_sentence_vectors
        self.calibration = DEFAULT_CALIBRATION if separate else LATE_ONLY_CALIBRATION
        self.threshold = settings.answer_threshold
        """The no-answer threshold: ``ANSWER_THRESHOLD`` or the calibrated default."""
        if self.threshold is None:
            self.threshold = self.calibration.answer_threshold

    def ask(self, question: str, *, max_sources: int | None = None, exclude: Exclude | None = None) -> Answer:
        """Answer ``question`` with a verbatim quote, or say that the archive has nothing on it."""
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            raise ValueError("the question is empty")
        _ = self.embedder.model  # loading the model (once) is not part of the answer time
        started = time.perf_counter()
        lang = detect_language(question)
        query_vector = self.embedder.encode_queries([question])[0]
        candidates = self.retriever.search(question, lang, query_vector)
        if exclude is not None:
            candidates = [c for c in candidates if not exclude(c)]
        hits: dict[int, Hit] = {}  # passage id -> hit, each made once per question
        best, confidence = self._best_hit(question, lang, query_vector, candidates, hits)
        answered = best is not None and confidence >= self.threshold
        limit = self.settings.max_sources if max_sources is None else max_sources
        sources = self._sources(question, lang, query_vector, candidates, best, hits, limit=limit) if answered else []
        return Answer(
            question=question,
            lang=lang,
            answered=answered,
            best=best,
            sources=sources,
            took_ms=(time.perf_counter() - started) * 1000,
            confidence=confidence,
            ranking=[(c.passage.id, c.rank_score) for c in candidates],
        )

    def _best_hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidates: list[Candidate], hits: dict[int, Hit]
    ) -> tuple[Hit | None, float]:
        """The quote comes from the top passage, or the runner-up when its sentence fits much better.

        Returns the hit and the answer's confidence, which the no-answer threshold is compared with."""
        top = [self._hit(question, lang, query_vector, c, hits) for c in candidates[:QUOTE_CANDIDATES]]
        if not top:
            return None, 0.0
        scores = [PASSAGE_WEIGHT * c.rank_score + hit.quote_score for c, hit in zip(candidates, top, strict=False)]
        chosen = int(np.argmax(scores))
        runner_up = max((c.rank_score for i, c in enumerate(candidates) if i != chosen), default=0.0)
        margin = min(candidates[chosen].rank_score - runner_up, MAX_MARGIN)
        best = top[chosen]
        return best, best.quote_calibrated - PASSAGE_DISCOUNT * best.similarity + MARGIN_WEIGHT * margin

    def _sources(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        best: Hit,
        hits: dict[int, Hit],
        *,
        limit: int,
    ) -> list[Hit]:
        """Other articles whose own quote answers the question, one hit per article, each compared with ``best``.

        When the question asks for a count ("how many killed") or the main quote gives one, a source whose quote
        gives none of that kind is left out (it may share the topic, it does not answer), and so is one dated on
        another day (``SAME_EVENT_DAYS``)."""
        sources: list[Hit] = []
        seen = {best.article.id}
        asks_count = bool(question_kinds(question)[0])
        for candidate in candidates[:SOURCE_CANDIDATES]:
            if len(sources) >= limit:
                break
            if candidate.article.id in seen:
                continue
            hit = self._hit(question, lang, query_vector, candidate, hits)
            confidence = hit.quote_calibrated - PASSAGE_DISCOUNT * hit.similarity
            if confidence < self.calibration.source_threshold:
                continue
            comparison = compare_figures(question, best.quote, hit.quote)
            counts = comparison.main or asks_count
            if counts and not (comparison.other and _same_event_day(best, hit)):
                continue
            seen.add(candidate.article.id)
            sources.append(
                replace(
                    hit,
                    source_confidence=confidence,
                    agrees=comparison.agrees,
                    compared=(comparison.main, comparison.other),
                )
            )
        return sources

    def _hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidate: Candidate, made: dict[int, Hit]
    ) -> Hit:
        """The hit for ``candidate``, from ``made`` when this question already has it."""
        passage = candidate.passage
        if passage.id in made:
            return made[passage.id]
        vectors = candidate.sentence_vectors
        if vectors is None:  # below the candidates the retriever re-ranked
            found = candidate.reader.sentence_vectors([passage]) if candidate.reader else {}
            vectors = found.get(passage.id, np.zeros((0, len(query_vector))))
        quote = choose_quote(
            question,
            lang if lang != UNDETERMINED else "",
            query_vector,
            text=candidate.article_text,
            spans=passage.sentences,
            vectors=vectors,
            passage_lang=candidate.article.lang or "",
            scale=self.calibration.scale,
        )
        hit = Hit(
            article=candidate.article,
            passage_id=passage.id,
            passage_start=passage.start,
            passage_end=passage.end,
            passage_text=passage.text,
            quote=candidate.article_text[quote.start : quote.end],
            quote_start=quote.start,
            quote_end=quote.end,
            similarity=candidate.similarity,
            quote_score=quote.score,
            quote_calibrated=quote.calibrated,
        )
        made[passage.id] = hit
        return hit


def _same_event_day(best: Hit, other: Hit) -> bool:
    """Whether the two articles are dated within ``SAME_EVENT_DAYS`` of each other (True when either is undated)."""
    try:
        first = date.fromisoformat((best.article.date or "")[:10])
        second = date.fromisoformat((other.article.date or "")[:10])
    except ValueError:
        return True
    return abs((first - second).days) <= SAME_EVENT_DAYS
