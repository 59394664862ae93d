"""The engine: one object that ingests, indexes and answers.

Data flows one way: sources → archive → passages → vectors + lexical index →
retrieval → answer with quote. The CLI and the bot call only this module.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.answers import Answer, Feedback, Hit
from index.archive import ORIGIN_META, Archive, article_id_for, text_hash
from index.duplicates import is_near_duplicate, minhash_bands
from index.embeddings import DocumentInput, Embedder
from index.failpoints import crash_point
from index.language import UNDETERMINED, detect_language
from index.lexical import index_terms
from index.locks import LockHeld, ProcessLock
from index.passages import split_passages
from index.quotes import COMBINED_SCALE, LATE_ONLY_SCALE, ScoreScale, choose_quote
from index.retrieval import Candidate, Retriever
from index.settings import Settings
from index.sources import ArticleRecord, SourceError, is_url, location_key, read_sources, record_language
from index.vectors import IndexMismatchError, IndexStore, VectorIndex
from index.web import Fetcher, read_url

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: ``fetch``, ``scan``, ``embed``, ``index``."""

PASSAGE_DISCOUNT = 0.45
"""A hit's confidence is its quote's score minus this x the passage cosine: a sentence that matches the
question better than its passage does as a whole answers it; a passage that is merely on the topic does not."""
MARGIN_WEIGHT = 0.9
"""The answer's confidence gains this x how far its passage's score stands above the next candidate's ..."""
MAX_MARGIN = 0.2
"""... counted up to this (a one-passage archive has no runner-up). Both fitted as one logistic model on the dev
set, checked article-wise in four folds (docs/evaluation.md)."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """What follows from how the sentence vectors were made (``SEPARATE_SENTENCE_VECTORS``): their scores run
    on different scales, so each kind has its own quote rules and thresholds."""

    scale: ScoreScale
    answer_threshold: float
    """Minimum answer confidence (``Answer.confidence``): the highest value that answers 0.95 of answerable
    dev-set questions in both directions."""
    source_confidence: float
    """Another article is listed under an answer when its own quote scores this well (``Hit.confidence``)."""


DEFAULT_CALIBRATION = Calibration(COMBINED_SCALE, answer_threshold=0.59, source_confidence=0.61)
"""Dev set (docs/evaluation.md): 0.954 answered; 0.75 (German) / 0.63 (English) of the questions whose paragraph
is missing are refused."""
LATE_ONLY_CALIBRATION = Calibration(LATE_ONLY_SCALE, answer_threshold=0.33, source_confidence=0.40)
"""``SEPARATE_SENTENCE_VECTORS=false``, whose sentence scores run lower (docs/scale.md): 0.95 answered; 0.68
(German) / 0.59 (English) refused."""
SOURCE_CANDIDATES = 12
"""How many ranked passages are looked at for the other sources under an answer."""
MAX_QUESTION_CHARS = 1000
DEFAULT_MAX_SOURCES = 3
WARM_UP_QUESTIONS = ("Aleppo", "Wer hat die Gespräche über eine Waffenruhe in Syrien abgebrochen, und warum?")
QUOTE_CANDIDATES = 2
"""The quote is chosen among the sentences of this many top passages ..."""
PASSAGE_WEIGHT = 2.0
"""... by PASSAGE_WEIGHT x passage score + sentence score (dev set: +0.015 answer-in-quote)."""
EMBED_BATCHES_PER_COMMIT = 4
"""Vectors are committed every this many batches: a crash loses at most that much embedding work."""
LOCK_FILE = "reindex.lock"
NEAR_DUPLICATE_CANDIDATES = 8

__all__ = ["ArchiveStats", "Engine", "IndexMismatchError", "IndexReport", "ProgressFn", "ReindexRunning"]


class ReindexRunning(RuntimeError):
    """Another reindex is under way."""


@dataclass(slots=True)
class IndexReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    merged: int = 0
    """Records stored as another outlet of an article with the same or a near-identical text."""
    passages_embedded: int = 0
    errors: list[str] = field(default_factory=list)
    took_s: float = 0.0
    replaced: set[str] = field(default_factory=set, repr=False)
    """Ids of earlier versions of changed articles: dropped, but counted as changed, not removed."""

    def summary(self) -> str:
        merged = f", {self.merged} merged as near-duplicates" if self.merged else ""
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, {self.unchanged} unchanged"
            f"{merged}; {self.passages_embedded} passages embedded in {self.took_s:.1f} s"
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
        separate = self.settings.separate_sentence_vectors
        self.calibration = DEFAULT_CALIBRATION if separate else LATE_ONLY_CALIBRATION
        self.threshold = self.settings.answer_threshold
        if self.threshold is None:
            self.threshold = self.calibration.answer_threshold

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

    @property
    def sources(self) -> list[str]:
        """What a reindex scans: ``ARCHIVE_SOURCES`` and the locations added with :meth:`add_source`."""
        locations = [*self.settings.archive_sources, *self.archive.added_sources()]
        return list(dict.fromkeys(location_key(location) for location in locations))

    def ingest(self, paths: Sequence[Path | str], *, progress: ProgressFn | None = None) -> IndexReport:
        """Add the articles below ``paths`` (folders, files or URLs) to the archive and the index; none removed."""
        return self._sync([location_key(str(p)) for p in paths], prune=False, progress=progress)

    def reindex(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> IndexReport:
        """Scan every source again: add new and changed articles, drop those gone from their folder or file.

        Only one reindex runs at a time, across processes too (:class:`ReindexRunning` otherwise).
        Questions keep being answered from the old index until the new one replaces it. Feeds and
        pages never remove articles (a feed shows only its latest entries); ``KEEP_REMOVED_ARTICLES``
        keeps those of folders and files too.
        """
        prune = not self.settings.keep_removed_articles
        return self._sync(self.sources, prune=prune, progress=progress, rebuild=rebuild)

    def add_source(
        self, location: str, *, added_by: int | None = None, progress: ProgressFn | None = None
    ) -> IndexReport:
        """Remember a URL (feed or page), folder or file for every later reindex, and index it now."""
        location = location_key(location)
        if not is_url(location) and not Path(location).exists():
            raise ValueError(f"{location}: no such file or folder (give a folder, a file or an http(s) URL)")
        report = self._sync([location], prune=False, progress=progress)
        if is_url(location) and report.errors and not (report.added or report.merged or report.unchanged):
            return report  # nothing could be read: not remembered
        self.archive.add_source(location, kind="url" if is_url(location) else "path", added_by=added_by)
        return report

    def remove_source(self, location: str) -> IndexReport:
        """Forget an added location and drop the articles that only it holds."""
        location = location_key(location)

        def apply(report: IndexReport) -> None:
            self.archive.remove_source(location)
            with self.archive.db.conn:
                self.archive.delete_origins(self.archive.origins([location]))
                self._drop_orphans(report, count_removed=True)

        return self._locked_update(apply, progress=None)

    def _sync(
        self, locations: list[str], *, prune: bool, progress: ProgressFn | None, rebuild: bool = False
    ) -> IndexReport:
        return self._locked_update(
            lambda report: self._apply_sources(locations, prune=prune, report=report, progress=progress or _noop),
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
            with ProcessLock(self.settings.data_dir / LOCK_FILE):
                started = time.perf_counter()
                report = IndexReport()
                self.archive.rebase_relative_roots()
                self._backfill_minhash()
                apply(report)
                crash_point("archive")
                report.passages_embedded = self.update_index(progress=progress, rebuild=rebuild)
                report.took_s = time.perf_counter() - started
                log.info("index updated: %s", report.summary())
                return report
        except LockHeld as error:
            raise ReindexRunning(f"a reindex is already running ({error})") from None
        finally:
            self._reindex_lock.release()

    def _apply_sources(self, locations: list[str], *, prune: bool, report: IndexReport, progress: ProgressFn) -> None:
        """Read each location and apply it in one transaction: a crash leaves each source all or nothing."""
        errors: list[SourceError] = []
        existing = self.archive.content_hashes()
        for location in locations:
            before = self.archive.origin_hashes([location])
            first_error = len(errors)
            if is_url(location):
                skipped: list[str] = []
                with self._fetcher() as fetcher:
                    progress("fetch", 0, 0)
                    records = list(
                        read_url(
                            location,
                            fetcher,
                            errors,
                            known=set(before),
                            skipped=skipped,
                            max_entries=self.settings.fetch_max_feed_entries,
                        )
                    )
                report.unchanged += len(skipped)
                prune_here = False
            elif Path(location).exists():
                records = read_sources([Path(location)], errors, csv_columns=self.settings.csv_columns)
                prune_here = prune
            else:
                errors.append(SourceError(location, "no such file or folder; nothing from it was removed"))
                continue
            with self.archive.db.conn:
                seen = self._add_records(records, location, before, existing, report, progress)
                if prune_here:
                    failed_files = {e.where.rsplit(":", 1)[0] for e in errors[first_error:] if not e.warning}
                    gone = [o for o in before if o not in seen and o.split("#", 1)[0] not in failed_files]
                    self.archive.delete_origins(gone)
                    self._hand_over_to_remaining_outlets({before[o][0] for o in gone}, existing)
                self._drop_orphans(report, count_removed=prune_here)
        report.errors.extend(str(error) for error in errors)

    @contextmanager
    def _fetcher(self) -> Iterator[Fetcher]:
        settings = self.settings
        fetcher = Fetcher(
            timeout_s=settings.fetch_timeout_s,
            deadline_s=settings.fetch_deadline_s,
            max_bytes=settings.fetch_max_bytes,
            host_delay_s=settings.fetch_host_delay_s,
            private_hosts=settings.private_hosts,
        )
        try:
            yield fetcher
        finally:
            fetcher.close()

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
        before: dict[str, tuple[str, str | None]],
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
                before = self.archive.origin_hashes([root])
                self._add_records(records, root, before, self.archive.content_hashes(), report, progress or _noop)
                self._drop_orphans(report, count_removed=False)

        return self._locked_update(apply, progress=progress)

    def _apply_record(
        self,
        record: ArticleRecord,
        root: str,
        before: dict[str, tuple[str, str | None]],
        existing: dict[str, str],
        report: IndexReport,
    ) -> None:
        """Store one record: unchanged, a new article, a new version of its origin's article, or merged into
        an article with the same or a near-identical text (then only its origin, with its outlet, is kept)."""
        lang = record_language(record)
        record_hash = text_hash(record.title, record.date, record.source, record.url, lang, record.text)
        previous_id, previous_hash = before.get(record.origin, (None, None))
        meta = {key: getattr(record, key) for key in ORIGIN_META} | {"lang": lang}
        if previous_id in existing and (previous_hash or existing[previous_id]) == record_hash:
            report.unchanged += 1
            if previous_hash is None:  # a database from before origins kept their own hash
                self.archive.set_origin(
                    record.origin, article_id=previous_id, root=root, record_hash=record_hash, meta=meta
                )
            return
        article_id = article_id_for(record.text)
        bands = minhash_bands(record.text)
        target = article_id if article_id in existing else self._near_duplicate_of(record.text, bands, previous_id)
        if previous_id is not None:
            report.changed += 1
            if previous_id != (target or article_id):
                report.replaced.add(previous_id)
        elif target is not None:
            report.merged += 1
        else:
            report.added += 1
        if target is None:
            target = article_id
            self._store_article(record, article_id, lang, record_hash, bands)
            existing[article_id] = record_hash
        elif target == previous_id:  # same text, new title, date, outlet or link
            self.archive.update_article_meta(target, {**meta, "content_hash": record_hash})
            existing[target] = record_hash
        own_text = record.text if target != article_id else None  # a near-duplicate keeps its own wording
        self.archive.set_origin(
            record.origin, article_id=target, root=root, record_hash=record_hash, meta=meta, text=own_text
        )

    def _hand_over_to_remaining_outlets(self, article_ids: set[str], existing: dict[str, str]) -> None:
        """Articles whose own outlet dropped them but another outlet still carries: that outlet's record becomes
        the article (its own text, when it was a near-duplicate, so that quotes stay verbatim under its link)."""
        for article_id in article_ids:
            heir = self.archive.heir_origin(article_id)
            if heir is None:
                continue
            meta = {key: heir[key] for key in ORIGIN_META}
            new_id = article_id_for(heir["text"]) if heir["text"] else article_id
            if new_id == article_id:  # the same text: only title, date, outlet and link change
                self.archive.update_article_meta(article_id, meta)
                continue
            record = ArticleRecord(text=heir["text"], origin=heir["origin"], lang=heir["lang"], **meta)
            lang = record_language(record)
            if new_id not in existing:
                self._store_article(record, new_id, lang, heir["record_hash"], minhash_bands(record.text))
                existing[new_id] = heir["record_hash"]
            self.archive.move_origins(article_id, new_id)
            self.archive.clear_origin_text(heir["origin"])
            self.archive.delete_articles([article_id])
            existing.pop(article_id, None)

    def _store_article(
        self, record: ArticleRecord, article_id: str, lang: str, record_hash: str, bands: list[str]
    ) -> None:
        self.archive.upsert_article(
            {
                "id": article_id,
                "title": record.title,
                "date": record.date,
                "source": record.source,
                "url": record.url,
                "lang": lang,
                "text": record.text,
                "content_hash": record_hash,
                "words": len(record.text.split()),
                "extra": json.dumps(record.extra, ensure_ascii=False),
                "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
        )
        self.archive.delete_passages(article_id)
        passages = split_passages(record.text)
        self.archive.add_passages(article_id, passages, [index_terms(p.text, lang) for p in passages])
        self.archive.set_minhash_bands(article_id, bands)

    def _near_duplicate_of(self, text: str, bands: list[str], previous_id: str | None) -> str | None:
        """An article that carries the same report (never the record's own earlier version); ``bands`` are
        the MinHash bands of ``text``."""
        if not self.settings.merge_near_duplicates:
            return None
        for candidate in self.archive.articles_sharing_bands(bands)[:NEAR_DUPLICATE_CANDIDATES]:
            other = self.archive.article_text(candidate) if candidate != previous_id else None
            if other is not None and is_near_duplicate(text, other):
                return candidate
        return None

    def _backfill_minhash(self) -> None:
        """Articles from before near-duplicate detection get their bands once."""
        missing = self.archive.articles_without_minhash()
        with self.archive.db.conn:
            for article_id in missing:
                self.archive.set_minhash_bands(article_id, minhash_bands(self.archive.article_text(article_id) or ""))

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
        commit_every = self.settings.embed_batch_size * EMBED_BATCHES_PER_COMMIT
        for begin in range(0, len(todo), commit_every):
            chunk = todo[begin : begin + commit_every]
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
            crash_point("embed")
        with self.archive.db.conn:
            self.archive.set_vector_keys([(passage.id, key) for (passage, _), key in zip(rows, keys, strict=True)])
        progress("index", 0, 1)
        found = self.archive.passage_vectors(keys)
        ids = np.array([passage.id for passage, _ in rows], dtype=np.int64)
        matrix = np.stack([found[key] for key in keys]) if rows else np.zeros((0, 0), dtype=np.float32)
        fresh = VectorIndex.build(matrix, ids, model_key=model_key, kind=self.settings.vector_index_kind)
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
            ranking=[(c.passage.id, c.score) for c in candidates],
        )

    def _best_hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidates: list[Candidate], hits: dict[int, Hit]
    ) -> tuple[Hit | None, float]:
        """The quote comes from the top passage, or the runner-up when its sentence fits much better.

        Returns the hit and the answer's confidence, which the no-answer threshold is compared with."""
        top = [self._hit(question, lang, query_vector, c, hits) for c in candidates[:QUOTE_CANDIDATES]]
        if not top:
            return None, 0.0
        scores = [PASSAGE_WEIGHT * c.score + hit.quote_score for c, hit in zip(candidates, top, strict=False)]
        chosen = int(np.argmax(scores))
        runner_up = max((c.score for i, c in enumerate(candidates) if i != chosen), default=0.0)
        margin = min(candidates[chosen].score - runner_up, MAX_MARGIN)
        best = top[chosen]
        return best, best.confidence - PASSAGE_DISCOUNT * best.score + MARGIN_WEIGHT * margin

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
            if hit.confidence >= self.calibration.source_confidence:
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
        vectors = candidate.sentence_vectors
        if vectors is None:  # below the candidates the retriever re-ranked
            found = self.archive.sentence_vectors([passage.vector_key] if passage.vector_key else [])
            vectors = found.get(passage.vector_key, np.zeros((0, len(query_vector))))
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

    def index_stamp(self) -> object:
        """Changes whenever a new index goes live, built here or by another process (a cheap file check)."""
        return self.store.stamp()

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

    def record_feedback(
        self, question_id: int, *, value: int, user_id: int | None = None, chat_id: int | None = None
    ) -> Feedback:
        """One vote per user and question; ``Feedback.UNKNOWN`` for a question not asked in ``chat_id``."""
        return self.archive.record_feedback(question_id, value=1 if value > 0 else -1, user_id=user_id, chat_id=chat_id)

    def usage_stats(self) -> dict:
        return self.archive.usage_stats()
