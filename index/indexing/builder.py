"""Passages into vectors and a searchable index: embed what the cache lacks, build, publish, swap.

Vectors are cached by content key in the archive, so an interrupted run resumes where it stopped and
nothing is embedded twice. The built index is saved with an fsynced atomic swap (``IndexStore``) and
replaces the one in memory only then: questions are answered from the old index until that moment. An index
swapped in by another process (``crisisbot reindex`` from the shell or cron, while the bot runs) is picked up
before the next question: :meth:`IndexBuilder.current` compares the ``CURRENT`` file's stamp (one ``stat``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict

import numpy as np

from index.failpoints import crash_point
from index.model.embeddings import LATE_WEIGHT, DocumentInput, Embedder
from index.progress import NEVER_STOP, ProgressFn, StopSignal, no_progress
from index.settings import Settings
from index.store.archive import Archive, text_hash
from index.store.records import day_number
from index.store.vectors import DamagedIndexError, IndexStore, SearchBackend, VectorStore

log = logging.getLogger(__name__)

SQLITE_CHUNK = 500
"""Passage ids per archive query when copying an index (SQLite's variable limit is far above)."""
EMBED_BATCHES_PER_COMMIT = 4
"""Vectors are committed every this many batches: a crash loses at most that much embedding work."""


STAND_IN_SCALE = 1.0 + LATE_WEIGHT
"""A pending passage's sentence vectors (first phase) are its late-chunked ones x this: late-chunked vectors alone
score about 1/1.5 as high as the final ``LATE_WEIGHT`` x late + alone ones (docs/scale.md), so the stand-ins
stay on the scale the default calibration (thresholds, quote margins) was fitted on, and a question whose
candidates are half refined compares them fairly."""
REFINE_NICENESS = 10
"""The second phase's thread runs at least at this ``nice`` value (lower priority than questions and the bot)."""


def _ordered(items: list, skip: set[str]) -> list:
    """``(passage, title, key)`` items whose key is not in ``skip``, one per key, longest first over the whole
    run, not per commit chunk: each chunk's batches then hold passages of about one length (padded tokens 1.24x
    -> 1.09x on the bench/versus_txtai.py articles, docs/scale.md)."""
    todo = list({key: (passage, title, key) for passage, title, key in items if key not in skip}.values())
    todo.sort(key=lambda item: -(len(item[1]) + len(item[0].text)))
    return todo


def _lower_thread_priority(niceness: int) -> None:
    """The calling thread's nice value at least ``niceness`` (Linux: per thread; threads it starts inherit it)."""
    try:
        current = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), max(current, niceness))
    except (AttributeError, OSError, ValueError):
        pass


class IndexBuilder:
    """Owns the current index (faiss or Qdrant): loads it lazily, rebuilds it and swaps it in."""

    def __init__(self, archive: Archive, embedder: Embedder, store: VectorStore, settings: Settings) -> None:
        self.archive = archive
        self.embedder = embedder
        self.store = store
        self.settings = settings
        self._index: SearchBackend | None = None
        self._loaded = False
        self._stamp: object = None
        """The ``CURRENT`` stamp of the index in memory."""
        self._reload_lock = threading.Lock()
        self.stop: StopSignal = NEVER_STOP
        """Checked after each vector commit (the engine sets its own): a stop asked for ends the embedding there."""

    def current(self) -> SearchBackend | None:
        """The published index, or None before the first build: loaded from disk on first use, and again
        whenever ``CURRENT`` has changed since (another process swapped a new index in)."""
        stamp = self.store.stamp()
        if self._loaded and stamp == self._stamp:
            return self._index
        with self._reload_lock:
            if not self._loaded or stamp != self._stamp:
                try:
                    index = self.store.load()
                except (OSError, ValueError) as error:  # swapped again while reading: the next question retries
                    if not self._loaded and not isinstance(error, DamagedIndexError):
                        raise
                    if not self._loaded:  # no good index to keep: answer "nothing found", say why once
                        log.error("no index to answer from: %s", error)
                        self._index, self._stamp, self._loaded = None, stamp, True
                        return None
                    log.warning("could not load the new index (%s); answering from the last good one", error)
                    self._stamp = stamp  # said once per change of CURRENT, not once per question
                    return self._index
                self._index, self._stamp, self._loaded = index, stamp, True
            return self._index

    def indexed_meta(self) -> dict:
        """The published index's metadata (``count``, ``model``, …); empty before the first build."""
        return self.store.current_meta() or {}

    @property
    def two_phase(self) -> bool:
        """Whether a reindex publishes after the passage pass and refines the sentence vectors afterwards
        (``REFINE_SENTENCES_LATER``, the default, with faiss: its index holds passage vectors only, which the second
        phase never changes, so no second swap is needed; Qdrant stores sentence vectors in its payloads: one phase)."""
        return (
            self.settings.refine_sentences_later
            and isinstance(self.store, IndexStore)
            and self.embedder.can_refine_later
        )

    def update(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> int:
        """Embed the passages that have no cached vector, then publish a new index.

        Returns how many passages were embedded. Vectors are committed to the cache as
        they are made, so an interrupted run resumes where it stopped. With :attr:`two_phase` this is the first
        phase: the sentence vectors stored are stand-ins from the late-chunked ones (:data:`STAND_IN_SCALE`) until
        :meth:`refine` replaces them.
        """
        progress = progress or no_progress
        model_key = self.embedder.model_key
        two_phase = self.two_phase
        rows = list(self.archive.iter_passages_for_embedding())
        keys = [text_hash(self.embedder.cache_key, title, passage.text) for passage, title in rows]
        counts = [len(passage.sentences) for passage, _ in rows]
        cached = set() if rebuild else self.archive.vectors.cached_keys(keys, counts)
        todo = _ordered([(passage, title, key) for (passage, title), key in zip(rows, keys, strict=True)], cached)
        if todo:
            _ = self.embedder.model  # load before the progress bar starts, so its rate is the embedding rate
        progress("embed", 0, len(todo))
        for begin, chunk, docs in self._chunks(todo):
            report = lambda done, _total, offset=begin: progress("embed", offset + done, len(todo))  # noqa: E731
            vectors = (
                self.embedder.encode_documents(docs, progress=report, alone=False)
                if two_phase
                else self.embedder.encode_documents(docs, progress=report)
            )
            with self.archive.transaction():
                if two_phase:
                    self.archive.vectors.store_pending(
                        [
                            (key, model_key, v.passage, STAND_IN_SCALE * v.sentences, v.sentences)
                            for (_, _, key), v in zip(chunk, vectors, strict=True)
                        ]
                    )
                else:
                    self.archive.vectors.store(
                        [
                            (key, model_key, v.passage, v.sentences)
                            for (_, _, key), v in zip(chunk, vectors, strict=True)
                        ]
                    )
            crash_point("embed")
            self.stop.check()
        with self.archive.transaction():
            self.archive.set_vector_keys([(passage.id, key) for (passage, _), key in zip(rows, keys, strict=True)])
        progress("index", 0, 1)
        found = self.archive.vectors.passage_vectors(keys)
        ids = np.array([passage.id for passage, _ in rows], dtype=np.int64)
        matrix = np.stack([found[key] for key in keys]) if rows else np.zeros((0, 0), dtype=np.float32)
        fresh = self.store.publish(
            matrix, ids, model_key=model_key, kind=self.settings.vector_index_kind, details=self.passage_details
        )
        with self._reload_lock:
            self._index, self._stamp, self._loaded = fresh, self.store.stamp(), True
        progress("index", 1, 1)
        return len(todo)

    def refine(self, *, progress: ProgressFn | None = None) -> int:
        """The second phase: embed the separate sentence vectors of the pending passages, a group per transaction
        (a kill loses at most one group; the next reindex goes on from there, embedding no passage again).

        Questions see each group's final vectors from its commit on: the quote choice reads sentence vectors
        from the archive per question, and the published faiss index does not change. Runs at a lower priority
        (this thread at nice :data:`REFINE_NICENESS` or more). Returns how many passages were refined."""
        progress = progress or no_progress
        rows = list(self.archive.iter_passages_for_embedding())
        keys = [text_hash(self.embedder.cache_key, title, passage.text) for passage, title in rows]
        pending = self.archive.vectors.pending_keys(keys)
        todo = _ordered([(p, t, k) for (p, t), k in zip(rows, keys, strict=True) if k in pending], set())
        if not todo:
            return 0
        _lower_thread_priority(REFINE_NICENESS)
        progress("refine", 0, len(todo))
        for begin, chunk, docs in self._chunks(todo):
            late = self.archive.vectors.late_vectors([key for _, _, key in chunk])
            refined = self.embedder.refine_sentences(docs, [late[key] for _, _, key in chunk])
            with self.archive.transaction():
                self.archive.vectors.refine([(key, v) for (_, _, key), v in zip(chunk, refined, strict=True)])
            progress("refine", begin + len(chunk), len(todo))
            crash_point("refine")
            self.stop.check()  # a graceful stop ends here; the next reindex refines the rest
        return len(todo)

    def pending_passages(self) -> int:
        """How many passages wait for their separate sentence vectors (the second phase)."""
        return self.archive.vectors.pending_passages()

    def _chunks(self, todo: list) -> Iterator[tuple[int, list, list[DocumentInput]]]:
        """``(offset, chunk, documents)`` per commit: ``EMBED_BATCHES_PER_COMMIT`` batches, one sentence group."""
        commit_every = self.embedder.batch_size * EMBED_BATCHES_PER_COMMIT
        for begin in range(0, len(todo), commit_every):
            chunk = todo[begin : begin + commit_every]
            docs = [
                DocumentInput(
                    text=p.text, title=title, spans=tuple((s.start - p.start, s.end - p.start) for s in p.sentences)
                )
                for p, title, _ in chunk
            ]
            yield begin, chunk, docs

    def passage_details(self, passage_ids: Sequence[int]) -> dict[int, tuple[dict, np.ndarray]]:
        """``id -> (payload, sentence vectors)`` from the archive: what Qdrant stores beside each passage vector so
        that a question can be answered from the collection alone."""
        passages = self.archive.passages(passage_ids)
        articles = self.archive.article_refs(p.article_id for p in passages.values())
        sentences = self.archive.vectors.sentence_vectors([p.vector_key for p in passages.values() if p.vector_key])
        details = {}
        for passage_id, passage in passages.items():
            ref, _ = articles[passage.article_id]
            payload = {
                "article_id": passage.article_id,
                "position": passage.position,
                "start": passage.start,
                "end": passage.end,
                "text": passage.text,
                "sentences": [[s.start, s.end, s.flag] for s in passage.sentences],
                "vector_key": passage.vector_key,
                "title": ref.title,
                "date": ref.date,
                "day": day_number(ref.date),
                "source": ref.source,
                "url": ref.url,
                "lang": ref.lang,
                "also": [asdict(outlet) for outlet in ref.also],
            }
            found = sentences.get(passage.vector_key or "")
            details[passage_id] = (payload, found if found is not None else np.zeros((0, 0), dtype=np.float32))
        return details

    def copy_to(self, target: VectorStore, *, progress: ProgressFn | None = None) -> int:
        """Publish the live index's passages into ``target`` (another backend) without embedding anything: the
        vectors come from the archive's vector cache, or from the live index itself. Returns how many."""
        progress = progress or no_progress
        source = self.current()
        if source is None or source.count == 0:
            raise ValueError(f"there is no index to copy in {self.store.describe()}: run `crisisbot reindex` first")
        ids = [int(i) for i in np.sort(source.ids())]
        progress("index", 0, len(ids))
        keys: dict[int, str] = {}
        for begin in range(0, len(ids), SQLITE_CHUNK):
            for passage_id, passage in self.archive.passages(ids[begin : begin + SQLITE_CHUNK]).items():
                if passage.vector_key:
                    keys[passage_id] = passage.vector_key
        cached: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(keys.values()))
        for begin in range(0, len(wanted), SQLITE_CHUNK):
            cached.update(self.archive.vectors.passage_vectors(wanted[begin : begin + SQLITE_CHUNK]))
        rows = []
        for passage_id in ids:
            vector = cached.get(keys.get(passage_id, ""))
            rows.append(vector if vector is not None else source.vector(passage_id))
        kept = [(passage_id, row) for passage_id, row in zip(ids, rows, strict=True) if row is not None]
        matrix = np.stack([row for _, row in kept]) if kept else np.zeros((0, 0), dtype=np.float32)
        target.publish(
            matrix,
            np.array([passage_id for passage_id, _ in kept], dtype=np.int64),
            model_key=str(source.meta["model"]),
            kind=self.settings.vector_index_kind,
            details=self.passage_details,
        )
        progress("index", len(ids), len(ids))
        return len(kept)
