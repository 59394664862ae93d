"""Passages into vectors and a searchable index: embed what the cache lacks, build, publish, swap.

Vectors are cached by content key in the archive, so an interrupted run resumes where it stopped and
nothing is embedded twice. The built index is saved with an fsynced atomic swap (``IndexStore``) and
replaces the one in memory only then: questions are answered from the old index until that moment. An index
swapped in by another process (``crisisbot reindex`` from the shell or cron, while the bot runs) is picked up
before the next question: :meth:`IndexBuilder.current` compares the ``CURRENT`` file's stamp (one ``stat``).
"""

from __future__ import annotations

import logging
import threading

import numpy as np

from index.failpoints import crash_point
from index.model.embeddings import DocumentInput, Embedder
from index.progress import ProgressFn, no_progress
from index.settings import Settings
from index.store.archive import Archive, text_hash
from index.store.vectors import IndexStore, VectorIndex

log = logging.getLogger(__name__)

EMBED_BATCHES_PER_COMMIT = 4
"""Vectors are committed every this many batches: a crash loses at most that much embedding work."""


class IndexBuilder:
    """Owns the current :class:`VectorIndex`: loads it lazily, rebuilds it and swaps it in."""

    def __init__(self, archive: Archive, embedder: Embedder, store: IndexStore, settings: Settings) -> None:
        self.archive = archive
        self.embedder = embedder
        self.store = store
        self.settings = settings
        self._index: VectorIndex | None = None
        self._loaded = False
        self._stamp: object = None
        """The ``CURRENT`` stamp of the index in memory."""
        self._reload_lock = threading.Lock()

    def current(self) -> VectorIndex | None:
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
                    if not self._loaded:
                        raise
                    log.warning("could not load the new index yet (%s); answering from the old one", error)
                    return self._index
                self._index, self._stamp, self._loaded = index, stamp, True
            return self._index

    def indexed_meta(self) -> dict:
        """The published index's metadata (``count``, ``model``, …); empty before the first build."""
        return self.store.current_meta() or {}

    def update(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> int:
        """Embed the passages that have no cached vector, then publish a new faiss index.

        Returns how many passages were embedded. Vectors are committed to the cache as
        they are made, so an interrupted run resumes where it stopped.
        """
        progress = progress or no_progress
        model_key = self.embedder.model_key
        rows = list(self.archive.iter_passages_for_embedding())
        keys = [text_hash(self.embedder.cache_key, title, passage.text) for passage, title in rows]
        cached = set() if rebuild else self.archive.vectors.cached_keys(keys)
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
            with self.archive.transaction():
                self.archive.vectors.store(
                    [(key, model_key, v.passage, v.sentences) for (_, _, key), v in zip(chunk, vectors, strict=True)]
                )
            crash_point("embed")
        with self.archive.transaction():
            self.archive.set_vector_keys([(passage.id, key) for (passage, _), key in zip(rows, keys, strict=True)])
        progress("index", 0, 1)
        found = self.archive.vectors.passage_vectors(keys)
        ids = np.array([passage.id for passage, _ in rows], dtype=np.int64)
        matrix = np.stack([found[key] for key in keys]) if rows else np.zeros((0, 0), dtype=np.float32)
        fresh = VectorIndex.build(matrix, ids, model_key=model_key, kind=self.settings.vector_index_kind)
        self.store.save(fresh)
        with self._reload_lock:
            self._index, self._stamp, self._loaded = fresh, self.store.stamp(), True
        progress("index", 1, 1)
        return len(todo)
