"""Find the passages for a question: dense search, with lexical help where it helps.

Measured fact (docs/evaluation.md): naive reciprocal-rank fusion of BM25 and the
dense model was worse than the dense model alone, above all for English
questions over German text. So the dense cosine is the score, and BM25 only adds
a small bonus, normalised to the best lexical hit, for questions in the
passage's own language; across languages, the share of the question's names and
numbers found in the passage adds one instead. The first candidates are then
re-ranked with their best sentence: a passage that holds one sentence matching
the question closely beats one that matches it only as a whole. The weights come
from the dev-set measurements in docs/evaluation.md.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from index.store.archive import Archive
from index.store.records import ArticleRef, StoredPassage
from index.store.vectors import AMONG_SEARCH_FACTOR, PassageReader, SearchBackend
from index.text.lexical import STOPWORDS, anchor_tokens, match_expression
from index.text.transliteration import question_name_keys, text_name_keys

DENSE_CANDIDATES = 30
LEXICAL_CANDIDATES = 30
LEXICAL_WEIGHT = 0.10
ANCHOR_WEIGHT = 0.10
"""For a passage in another language than the question: bonus x the share of the question's numbers and
names (capitalised words that are not function words) that the passage holds; a question's words in another
script count too, read in Latin letters (``index/text/transliteration.py``: Тесла meets Tesla)."""
SENTENCE_WEIGHT = 0.20
"""The first ``SENTENCE_RERANK`` candidates gain this x their best sentence's similarity to the question
(dev set: recall@1 0.936 -> 0.944 German, 0.923 -> 0.938 English)."""
SENTENCE_RERANK = 10


@dataclass(slots=True)
class Candidate:
    passage: StoredPassage
    article: ArticleRef
    article_text: str
    similarity: float
    """The passage's dense cosine with the question."""
    rank_score: float
    """``similarity`` plus the lexical or name bonus and, for the first candidates, the best sentence's
    share: what candidates are ranked by."""
    sentence_vectors: np.ndarray | None = None
    """The passage's sentence vectors, loaded for the re-ranked candidates (None below them)."""
    reader: PassageReader | None = field(default=None, repr=False)
    """Where the passage was read (its sentence vectors come from there too): one index version per question."""


class ArchiveReader:
    """The archive as the :class:`PassageReader` of a faiss index, which holds vectors only."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def passages(self, passage_ids: Sequence[int]) -> dict[int, StoredPassage]:
        return self.archive.passages(passage_ids)

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleRef, str]]:
        return self.archive.article_refs(article_ids)

    def sentence_vectors(self, passages: Sequence[StoredPassage]) -> dict[int, np.ndarray]:
        found = self.archive.vectors.sentence_vectors([p.vector_key for p in passages if p.vector_key])
        return {p.id: found[p.vector_key] for p in passages if p.vector_key and p.vector_key in found}

    def date_range(self) -> tuple[str | None, str | None]:
        return self.archive.date_range()

    def passages_in_period(self, first: str, last: str) -> tuple[list[int], list[int], int]:
        return self.archive.passages_in_period(first, last)


class Retriever:
    def __init__(
        self, archive: Archive, index: Callable[[], SearchBackend | None], *, lexical_weight: float = LEXICAL_WEIGHT
    ) -> None:
        self.archive = archive
        self._index = index
        self.lexical_weight = lexical_weight
        self.sentence_rerank = SENTENCE_RERANK
        self.sentence_weight = SENTENCE_WEIGHT
        """How many first candidates are re-ranked by their best sentence (an attribute for bench/readers_fit.py)."""

    def reader(self, index: SearchBackend | None) -> PassageReader:
        """Where passages, their articles and their dates are read for ``index``: its payloads (Qdrant) or the
        archive (faiss, or no index yet)."""
        return (index.passage_reader() if index is not None else None) or ArchiveReader(self.archive)

    def current_index(self) -> SearchBackend | None:
        """The index in use now (a new object after each reindex)."""
        return self._index()

    def search(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        *,
        k: int = DENSE_CANDIDATES,
        within: Collection[int] | None = None,
        allowed: Collection[int] | None = None,
    ) -> list[Candidate]:
        """Candidates, best first; passages no longer in the archive are skipped.

        ``within``: score exactly these passages (their vectors read back from the index) instead of searching
        the whole index, e.g. the passages of the articles a reindex added (alerts). ``allowed``: the best of only
        these passages (a question's period).

        The passages, their articles and sentence vectors are read where the index says (Qdrant: its payloads, so
        a bot instance needs no archive but for the lexical bonus); lexical hits come from the archive's FTS5."""
        index = self._index()
        if index is None:
            return []
        reader = self.reader(index)
        if within is not None:  # every one scored; one not in the index counts as cosine 0
            scored = index.search_among(query_vector, within, k=len(within), exact=True)
            dense = dict.fromkeys(within, 0.0) | dict(scored)
        elif allowed is not None:
            dense = dict(index.search_among(query_vector, allowed, k=k))
        else:
            dense = dict(index.search(query_vector, k=k))
        lexical: dict[int, float] = {}
        if self.lexical_weight > 0 and lang != "und" and within is None:
            expression = match_expression(question, lang)
            limit = LEXICAL_CANDIDATES if allowed is None else LEXICAL_CANDIDATES * AMONG_SEARCH_FACTOR
            hits = self.archive.lexical_search(expression, limit=limit) if expression else []
            if allowed is not None:
                hits = [(pid, score) for pid, score in hits if pid in allowed][:LEXICAL_CANDIDATES]
            top = max((score for _, score in hits), default=0.0)
            lexical = {pid: score / top for pid, score in hits} if top > 0 else {}
        passages = reader.passages(list(dense | lexical))
        articles = reader.article_refs(p.article_id for p in passages.values())
        anchors = anchor_tokens(question) - STOPWORDS
        names = question_name_keys(question)
        candidates: list[Candidate] = []
        for pid, passage in passages.items():
            ref, text = articles[passage.article_id]
            same_language = (ref.lang or "") == lang
            if pid not in dense and not same_language:
                continue  # a lexical hit counts only in its own language (Turkish stems matching German terms)
            cosine = dense[pid] if pid in dense else _reconstructed_cosine(index, pid, query_vector)
            lex = lexical.get(pid, 0.0) if same_language else 0.0
            if same_language:
                bonus = self.lexical_weight * lex
            elif (anchors or names) and ANCHOR_WEIGHT:
                bonus = ANCHOR_WEIGHT * _anchor_share(anchors, names, passage.text)
            else:
                bonus = 0.0
            candidates.append(
                Candidate(passage, ref, text, similarity=cosine, rank_score=cosine + bonus, reader=reader)
            )
        candidates.sort(key=lambda c: c.rank_score, reverse=True)
        return self._rerank_by_sentence(candidates, query_vector, reader)

    def _rerank_by_sentence(
        self, candidates: list[Candidate], query_vector: np.ndarray, reader: PassageReader
    ) -> list[Candidate]:
        head = candidates[: self.sentence_rerank]
        vectors = reader.sentence_vectors([c.passage for c in head])
        for candidate in head:
            found = vectors.get(candidate.passage.id, np.zeros((0, len(query_vector))))
            candidate.sentence_vectors = found
            if len(found) and found.shape[1] == len(query_vector):
                candidate.rank_score += self.sentence_weight * float((found @ query_vector).max())
        head.sort(key=lambda c: c.rank_score, reverse=True)
        return head + candidates[self.sentence_rerank :]


def _anchor_share(anchors: set[str], names: frozenset[str], text: str) -> float:
    """The share of the question's numbers and names (``anchors``) and other-script name keys found in ``text``."""
    found = len(anchors & anchor_tokens(text)) + (len(names & text_name_keys(text)) if names else 0)
    return found / (len(anchors) + len(names))


def _reconstructed_cosine(index: SearchBackend, passage_id: int, query_vector: np.ndarray) -> float:
    vector = index.vector(passage_id)
    return float(vector @ query_vector) if vector is not None else 0.0
