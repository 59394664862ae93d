"""The engine: one object that ingests, indexes and answers.

Data flows one way: sources → archive → passages → vectors + lexical index →
retrieval → answer with quote. The CLI and the bot call only this module.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.answers import Answer, Hit
from index.archive import Archive, article_id_for, text_hash
from index.embeddings import DocumentInput, Embedder
from index.language import UNDETERMINED, detect_language
from index.lexical import index_terms
from index.passages import split_passages
from index.quotes import choose_quote
from index.retrieval import Candidate, Retriever
from index.settings import Settings
from index.sources import ArticleRecord, SourceError, read_sources, record_language
from index.vectors import IndexMismatchError, IndexStore, VectorIndex

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: ``scan``, ``embed``, ``index``."""

DEFAULT_ANSWER_THRESHOLD = 0.66
"""Minimum answer confidence: on the dev set (docs/evaluation.md) 0.96 of answerable questions pass it,
and 0.62 (German) / 0.49 (English) of questions whose paragraph is missing are refused."""
SOURCE_MARGIN = 0.05
SOURCE_CANDIDATES = 12
"""How many ranked passages are looked at for the other sources under an answer."""
MAX_QUESTION_CHARS = 1000
DEFAULT_MAX_SOURCES = 3
WARM_UP_QUESTIONS = ("Aleppo", "Wer hat die Gespräche über eine Waffenruhe in Syrien abgebrochen, und warum?")
QUOTE_CANDIDATES = 2
"""The quote is chosen among the sentences of this many top passages ..."""
PASSAGE_WEIGHT = 2.0
"""... by PASSAGE_WEIGHT x passage score + sentence score (dev set: +0.015 answer-in-quote)."""
EMBED_COMMIT_EVERY = 64

__all__ = ["ArchiveStats", "Engine", "IndexMismatchError", "IndexReport", "ProgressFn", "ReindexRunning"]


class ReindexRunning(RuntimeError):
    """Another reindex is under way."""


@dataclass(slots=True)
class IndexReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    passages_embedded: int = 0
    errors: list[str] = field(default_factory=list)
    took_s: float = 0.0
    replaced: set[str] = field(default_factory=set, repr=False)
    """Ids of earlier versions of changed articles: dropped, but counted as changed, not removed."""

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, {self.unchanged} unchanged; "
            f"{self.passages_embedded} passages embedded in {self.took_s:.1f} s"
        )


@dataclass(slots=True)
class ArchiveStats:
    articles: int
    passages: int
    outlets: list[str]
    date_min: str | None
    date_max: str | None
    languages: dict[str, int]
    indexed_passages: int = 0
    model: str | None = None


def _noop(stage: str, done: int, total: int) -> None:
    return None


class Engine:
    """Ingest, index and answer; safe to ``ask`` from several threads while one thread reindexes."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.archive = Archive(self.settings.database_path)
        self.embedder = embedder or Embedder(self.settings)
        self.store = IndexStore(self.settings.index_dir)
        self.store.check_model(self.embedder.model_key)
        self._index: VectorIndex | None = None
        self._index_loaded = False
        self._reindex_lock = threading.Lock()
        self.retriever = Retriever(self.archive, self._current_index)
        self.threshold = (
            self.settings.answer_threshold if self.settings.answer_threshold is not None else DEFAULT_ANSWER_THRESHOLD
        )

    # -- loading ---------------------------------------------------------------

    def _current_index(self) -> VectorIndex | None:
        if not self._index_loaded:
            self._index = self.store.load()
            self._index_loaded = True
        return self._index

    def warm_up(self) -> None:
        """Load the model and the index now, and run whole questions once (torch's first calls are slow)."""
        self._current_index()
        for question in WARM_UP_QUESTIONS:
            self.ask(question)

    # -- ingest and index ------------------------------------------------------

    def ingest(self, paths: Sequence[Path | str], *, progress: ProgressFn | None = None) -> IndexReport:
        """Add the articles below ``paths`` to the archive and the index; nothing is removed."""
        return self._sync([Path(p) for p in paths], prune=False, progress=progress)

    def reindex(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> IndexReport:
        """Scan ``ARCHIVE_SOURCES`` again: add new and changed articles, drop those gone from their source.

        Only one reindex runs at a time (:class:`ReindexRunning` otherwise). Questions keep being
        answered from the old index until the new one replaces it.
        """
        sources = [Path(p) for p in self.settings.archive_sources]
        return self._sync(sources, prune=True, progress=progress, rebuild=rebuild)

    def _sync(
        self, roots: list[Path], *, prune: bool, progress: ProgressFn | None, rebuild: bool = False
    ) -> IndexReport:
        return self._locked_update(
            lambda report: self._apply_records(roots, prune=prune, report=report, progress=progress or _noop),
            progress=progress,
            rebuild=rebuild,
        )

    def _locked_update(
        self, apply: Callable[[IndexReport], None], *, progress: ProgressFn | None, rebuild: bool = False
    ) -> IndexReport:
        """Run ``apply`` on the archive, then embed and publish: one at a time, timed, logged."""
        if not self._reindex_lock.acquire(blocking=False):
            raise ReindexRunning("a reindex is already running")
        try:
            started = time.perf_counter()
            report = IndexReport()
            apply(report)
            report.passages_embedded = self.update_index(progress=progress, rebuild=rebuild)
            report.took_s = time.perf_counter() - started
            log.info("index updated: %s", report.summary())
            return report
        finally:
            self._reindex_lock.release()

    def _apply_records(self, roots: list[Path], *, prune: bool, report: IndexReport, progress: ProgressFn) -> None:
        errors: list[SourceError] = []
        existing = self.archive.content_hashes()
        seen: set[str] = set()
        for root in roots:
            root_key = str(root)
            if not root.exists():
                errors.append(SourceError(root_key, "no such file or folder; nothing from it was removed"))
                continue
            before = self.archive.origins([root_key])
            root_errors = len(errors)
            with self.archive.db.conn:
                seen |= self._add_records(read_sources([root], errors), root_key, before, existing, report, progress)
                if prune:
                    failed_files = {error.where.rsplit(":", 1)[0] for error in errors[root_errors:]}
                    gone = [o for o in before if o not in seen and o.split("#", 1)[0] not in failed_files]
                    self.archive.delete_origins(gone)
                self._drop_orphans(report, count_removed=prune)
        report.errors.extend(str(error) for error in errors)

    def _drop_orphans(self, report: IndexReport, *, count_removed: bool) -> None:
        """Delete articles no origin points to: earlier versions of changed files always, others when pruning."""
        orphans = set(self.archive.orphan_article_ids())
        dropped = orphans if count_removed else orphans & report.replaced
        report.removed += len(dropped - report.replaced)
        self.archive.delete_articles(sorted(dropped))

    def _add_records(
        self,
        records: Iterable[ArticleRecord],
        root: str,
        before: dict[str, str],
        existing: dict[str, str],
        report: IndexReport,
        progress: ProgressFn,
    ) -> set[str]:
        seen: set[str] = set()
        for count, record in enumerate(records, start=1):
            progress("scan", count, 0)
            self._apply_record(record, root, before, existing, report)
            seen.add(record.origin)
        return seen

    def add_records(
        self, records: Iterable[ArticleRecord], *, root: str, progress: ProgressFn | None = None
    ) -> IndexReport:
        """Add records made elsewhere (the evaluation, tests) under the origin root ``root``, then index."""

        def apply(report: IndexReport) -> None:
            with self.archive.db.conn:
                before = self.archive.origins([root])
                self._add_records(records, root, before, self.archive.content_hashes(), report, progress or _noop)
                self._drop_orphans(report, count_removed=False)

        return self._locked_update(apply, progress=progress)

    def _apply_record(
        self, record: ArticleRecord, root: str, before: dict[str, str], existing: dict[str, str], report: IndexReport
    ) -> None:
        article_id = article_id_for(record.text)
        lang = record_language(record)
        content_hash = text_hash(record.title, record.date, record.source, record.url, lang, record.text)
        previous_id = before.get(record.origin)
        if existing.get(article_id) == content_hash and previous_id == article_id:
            report.unchanged += 1
            return
        if article_id in existing and existing[article_id] == content_hash:
            report.unchanged += 1  # the same article read from a second place
        elif previous_id is not None:
            report.changed += 1
            if previous_id != article_id:
                report.replaced.add(previous_id)
        else:
            report.added += 1
        if existing.get(article_id) != content_hash:
            self.archive.upsert_article(
                {
                    "id": article_id,
                    "title": record.title,
                    "date": record.date,
                    "source": record.source,
                    "url": record.url,
                    "lang": lang,
                    "text": record.text,
                    "content_hash": content_hash,
                    "words": len(record.text.split()),
                    "extra": json.dumps(record.extra, ensure_ascii=False),
                    "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                }
            )
            self.archive.delete_passages(article_id)
            passages = split_passages(record.text)
            self.archive.add_passages(article_id, passages, [index_terms(p.text, lang) for p in passages])
            existing[article_id] = content_hash
        self.archive.set_origin(record.origin, article_id=article_id, root=root)

    def update_index(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> int:
        """Embed the passages that have no cached vector, then publish a new faiss index.

        Returns how many passages were embedded. Vectors are committed to the cache as
        they are made, so an interrupted run resumes where it stopped.
        """
        progress = progress or _noop
        model_key = self.embedder.model_key
        rows = list(self.archive.iter_passages_for_embedding())
        keys = [text_hash(self.embedder.cache_key, title, passage.text) for passage, title in rows]
        cached = set() if rebuild else self.archive.cached_vector_keys(keys)
        todo = [(passage, title, key) for (passage, title), key in zip(rows, keys, strict=True) if key not in cached]
        todo = list({key: (passage, title, key) for passage, title, key in todo}.values())
        if todo:
            _ = self.embedder.model  # load before the progress bar starts, so its rate is the embedding rate
        progress("embed", 0, len(todo))
        for begin in range(0, len(todo), EMBED_COMMIT_EVERY):
            chunk = todo[begin : begin + EMBED_COMMIT_EVERY]
            docs = [
                DocumentInput(
                    text=p.text, title=title, spans=tuple((s.start - p.start, s.end - p.start) for s in p.sentences)
                )
                for p, title, _ in chunk
            ]
            vectors = self.embedder.encode_documents(
                docs, progress=lambda done, _total, offset=begin: progress("embed", offset + done, len(todo))
            )
            self.archive.store_vectors(
                [(key, model_key, v.passage, v.sentences) for (_, _, key), v in zip(chunk, vectors, strict=True)]
            )
        with self.archive.db.conn:
            self.archive.set_vector_keys([(passage.id, key) for (passage, _), key in zip(rows, keys, strict=True)])
        progress("index", 0, 1)
        found = self.archive.passage_vectors(keys)
        ids = np.array([passage.id for passage, _ in rows], dtype=np.int64)
        matrix = np.stack([found[key] for key in keys]) if rows else np.zeros((0, 0), dtype=np.float32)
        fresh = VectorIndex.build(matrix, ids, model_key=model_key)
        self.store.save(fresh)
        self._index, self._index_loaded = fresh, True
        progress("index", 1, 1)
        return len(todo)

    # -- answers ---------------------------------------------------------------

    def ask(
        self, question: str, *, max_sources: int | None = None, exclude: Callable[[Candidate], bool] | None = None
    ) -> Answer:
        """Answer ``question`` with a verbatim quote, or say that the archive has nothing on it.

        ``exclude`` drops candidates before anything is chosen (the evaluation's unanswerable mode).
        """
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
        best = self._best_hit(question, lang, query_vector, candidates, hits)
        answered = best is not None and best.confidence >= self.threshold
        limit = self.settings.max_sources if max_sources is None else max_sources
        sources = self._sources(question, lang, query_vector, candidates, best, hits, limit=limit) if answered else []
        return Answer(
            question=question,
            lang=lang,
            answered=answered,
            best=best,
            sources=sources,
            took_ms=(time.perf_counter() - started) * 1000,
            ranking=[(c.passage.id, c.score) for c in candidates],
        )

    def _best_hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidates: list[Candidate], hits: dict[int, Hit]
    ) -> Hit | None:
        """The quote comes from the top passage, or the runner-up when its sentence fits much better."""
        top = [self._hit(question, lang, query_vector, c, hits) for c in candidates[:QUOTE_CANDIDATES]]
        if not top:
            return None
        scores = [PASSAGE_WEIGHT * c.score + hit.quote_score for c, hit in zip(candidates, top, strict=False)]
        return top[int(np.argmax(scores))]

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
        """Other articles that also hold the answer: one hit per article, none far below the threshold."""
        sources: list[Hit] = []
        seen = {best.article.id}
        for candidate in candidates[:SOURCE_CANDIDATES]:
            if len(sources) >= limit:
                break
            if candidate.article.id in seen:
                continue
            hit = self._hit(question, lang, query_vector, candidate, hits)
            if hit.confidence >= self.threshold - SOURCE_MARGIN:
                seen.add(candidate.article.id)
                sources.append(hit)
        return sources

    def _hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidate: Candidate, made: dict[int, Hit]
    ) -> Hit:
        """The hit for ``candidate``, from ``made`` when this question already has it."""
        passage = candidate.passage
        if passage.id in made:
            return made[passage.id]
        vectors = self.archive.sentence_vectors([passage.vector_key] if passage.vector_key else [])
        quote = choose_quote(
            question,
            lang if lang != UNDETERMINED else "",
            query_vector,
            text=candidate.article_text,
            spans=passage.sentences,
            vectors=vectors.get(passage.vector_key, np.zeros((0, len(query_vector)))),
            passage_lang=candidate.article.lang or "",
        )
        text = candidate.article_text[quote.start : quote.end]
        hit = Hit(
            article=candidate.article,
            passage_id=passage.id,
            passage_start=passage.start,
            passage_end=passage.end,
            passage_text=passage.text,
            quote=text,
            quote_start=quote.start,
            quote_end=quote.end,
            score=candidate.dense,
            quote_score=quote.score,
            confidence=quote.confidence,
        )
        made[passage.id] = hit
        return hit

    # -- stats and usage ---------------------------------------------------------

    def stats(self) -> ArchiveStats:
        counts = self.archive.counts()
        meta = self.store.current_meta() or {}
        return ArchiveStats(**counts, indexed_passages=int(meta.get("count", 0)), model=meta.get("model"))

    def record_question(self, answer: Answer, *, chat_id: int | None = None, user_id: int | None = None) -> int:
        best = answer.best if answer.answered else None
        return self.archive.record_question(
            {
                "chat_id": chat_id,
                "user_id": user_id,
                "question": answer.question,
                "lang": answer.lang,
                "answered": int(answer.answered),
                "article_id": best.article.id if best else None,
                "quote": best.quote if best else None,
                "score": answer.best.score if answer.best else None,
                "took_ms": answer.took_ms,
            }
        )

    def record_feedback(self, question_id: int, *, value: int, user_id: int | None = None) -> None:
        self.archive.record_feedback(question_id, value=1 if value > 0 else -1, user_id=user_id)

    def usage_stats(self) -> dict:
        return self.archive.usage_stats()
