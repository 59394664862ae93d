"""The reports on a topic, for a timeline and for a "latest" question: the dense candidates and the lexical hits of
the topic's terms (its words, and the names its best matches' leads share: index/answer/time_questions.py).

:class:`~index.answer.answerer.Answerer` delegates to :class:`TopicReports`; it quotes and orders what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.answer import time_questions
from index.answer.retrieval import Candidate, Retriever
from index.store.archive import Archive
from index.text.lexical import match_expression

TIMELINE_LEXICAL = 1000
"""Lexical hits looked at per term of a timeline's topic."""
TIMELINE_CANDIDATES = 200
"""Passages looked at for a timeline (dense and lexical), before one per article is kept."""
TIMELINE_THRESHOLD = 0.45
"""A timeline lists an article when its best passage's dense cosine with the topic (``Hit.similarity``) reaches this.
Measured on FA-KES with eight place names as topics (bench/dated.py --timeline, docs/evaluation.md): precision
0.986, recall 0.54 of the articles FA-KES places there (0.40: 0.815 / 0.69; 0.50: 1.000 / 0.25)."""


class TopicReports:
    """Finds the reports on a topic in the archive and the current index."""

    def __init__(
        self,
        archive: Archive,
        retriever: Retriever,
        encode: Callable[[list[str]], np.ndarray],
        *,
        candidates: int = TIMELINE_CANDIDATES,
        lexical: int = TIMELINE_LEXICAL,
        threshold: float = TIMELINE_THRESHOLD,
        floor: float = time_questions.TIMELINE_FLOOR,
    ) -> None:
        """``encode``: the query encoder (``Embedder.encode_queries``); the rest as the constants above say."""
        self.archive = archive
        self.retriever = retriever
        self.encode = encode
        self.candidates = candidates
        self.lexical = lexical
        self.threshold = threshold
        self.floor = floor

    def reports(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        allowed: set[int] | None,
        *,
        threshold: float | None = None,
    ) -> dict[str, Candidate]:
        """The reports on ``topic``, article id -> its best passage: those whose dense cosine reaches the timeline
        threshold, and those whose title holds one of the topic's terms (``by_terms``)."""
        candidates = self.retriever.search(topic, lang, query_vector, k=self.candidates, allowed=allowed)
        limit = self.threshold if threshold is None else threshold
        best: dict[str, Candidate] = {}
        for candidate in candidates:
            if candidate.similarity >= limit and candidate.article.id not in best:
                best[candidate.article.id] = candidate
        for candidate in self.by_terms(topic, lang, query_vector, candidates, allowed):
            best.setdefault(candidate.article.id, candidate)
        return best

    def by_terms(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        allowed: set[int] | None,
    ) -> list[Candidate]:
        """The reports whose title holds one of the topic's terms (its words, and those its best matches'
        leads share: index/answer/time_questions.py), with a dense cosine of at least ``floor``."""
        terms = time_questions.topic_terms(topic, candidates)
        return [
            c
            for c in self.with_term_hits(topic, lang, query_vector, candidates, allowed, terms)
            if c.similarity >= self.floor and time_questions.in_title(c, terms)
        ]

    def with_term_hits(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        allowed: set[int] | None,
        terms: Sequence[tuple[str, str]],
    ) -> list[Candidate]:
        """``candidates`` and the passages the lexical index finds for ``terms``, best cosine first."""
        found: set[int] = set()
        for term, term_lang in terms:
            for language in dict.fromkeys((term_lang, lang)):
                expression = match_expression(term, language)
                if expression:
                    found |= {pid for pid, _ in self.archive.lexical_search(expression, limit=self.lexical)}
        if allowed is not None:
            found &= allowed
        found -= {c.passage.id for c in candidates}
        extra = self.retriever.search(topic, lang, query_vector, within=found) if found else []
        return sorted([*candidates, *extra], key=lambda c: c.similarity, reverse=True)

    def newest(self, question: str, lang: str) -> list[Candidate]:
        """The newest report on a "latest" question's topic (index/answer/time_questions.py): among the dense
        candidates and the lexical hits of the topic's names, those whose lead names them (or, when no report
        does, whose cosine reaches the timeline threshold); empty when none is dated."""
        subject = time_questions.without_latest_words(question)
        vector = self.encode([subject])[0]
        pool = self.retriever.search(subject, lang, vector, k=self.candidates)
        terms = time_questions.topic_terms(subject, pool, names_only=True)
        everything = self.with_term_hits(subject, lang, vector, pool, None, terms)
        return time_questions.newest_on_topic(everything, terms)
