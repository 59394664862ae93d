"""The embedding cache: vectors by content key (model, title, passage text), so that nothing is embedded twice.

A row made by the first phase of a two-phase reindex (index/indexing/builder.py) is *pending*: its ``sentences``
hold a stand-in made from the late-chunked sentence vectors, which it also keeps exactly in ``late``, until the
second phase replaces ``sentences`` with the final vectors and clears ``late`` (one transaction per group)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sqlite_utils

from index.store.records import now_iso

SQLITE_BATCH = 500


FLOAT16_BYTES = 2
"""Sentence vectors are kept as float16."""


class VectorCache:
    """The ``vectors`` table of the archive."""

    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db
        """The archive's connection for the calling thread."""

    def cached_keys(self, keys: Sequence[str], sentence_counts: Sequence[int] | None = None) -> set[str]:
        """The ``keys`` that have a cached row. With ``sentence_counts`` (one per key), a row counts only when it
        holds that many sentence vectors: the key covers the passage's text, not where its sentences are cut, so a
        passage split anew (another splitter, the quotable-text cleaner) with the same text is embedded again
        instead of reusing vectors for other sentences."""
        expected = dict(zip(keys, sentence_counts, strict=True)) if sentence_counts is not None else None
        found: set[str] = set()
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            rows = self._db().execute(f"SELECT key, dim, length(sentences) FROM vectors WHERE key IN ({marks})", chunk)
            for key, dim, size in rows:
                if expected is None or size == expected[key] * dim * FLOAT16_BYTES:
                    found.add(key)
        return found

    def store(self, rows: Sequence[tuple[str, str, np.ndarray, np.ndarray]]) -> None:
        """``(key, model, passage_vector, sentence_vectors)``; sentence vectors are kept as float16."""
        self._db().conn.executemany(
            "INSERT OR REPLACE INTO vectors (key, model, dim, passage, sentences, created_at) VALUES (?,?,?,?,?,?)",
            [
                (
                    key,
                    model,
                    int(vector.shape[-1]),
                    vector.astype(np.float32).tobytes(),
                    sentences.astype(np.float16).tobytes(),
                    now_iso(),
                )
                for key, model, vector, sentences in rows
            ],
        )

    def store_pending(self, rows: Sequence[tuple[str, str, np.ndarray, np.ndarray, np.ndarray]]) -> None:
        """``(key, model, passage_vector, stand-in sentence vectors, late-chunked sentence vectors)``: a row whose
        sentence vectors are still to be refined (:meth:`refine`)."""
        self._db().conn.executemany(
            "INSERT OR REPLACE INTO vectors (key, model, dim, passage, sentences, late, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [
                (
                    key,
                    model,
                    int(vector.shape[-1]),
                    vector.astype(np.float32).tobytes(),
                    stand_in.astype(np.float16).tobytes(),
                    late.astype(np.float32).tobytes(),
                    now_iso(),
                )
                for key, model, vector, stand_in, late in rows
            ],
        )

    def pending_keys(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` whose sentence vectors wait for refinement."""
        found: set[str] = set()
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            sql = f"SELECT key FROM vectors WHERE late IS NOT NULL AND key IN ({marks})"
            found.update(r[0] for r in self._db().execute(sql, chunk))
        return found

    def late_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The exact late-chunked sentence vectors of pending rows."""
        found: dict[str, np.ndarray] = {}
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            sql = f"SELECT key, dim, late FROM vectors WHERE late IS NOT NULL AND key IN ({marks})"
            for key, dim, blob in self._db().execute(sql, chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32).reshape(-1, dim)
        return found

    def refine(self, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        """``(key, final sentence vectors)``: the pending rows made whole (stored as :meth:`store` stores them)."""
        self._db().conn.executemany(
            "UPDATE vectors SET sentences = ?, late = NULL WHERE key = ?",
            [(sentences.astype(np.float16).tobytes(), key) for key, sentences in rows],
        )

    def pending_passages(self) -> int:
        """How many passages of the live articles wait for their separate sentence vectors."""
        sql = (
            "SELECT COUNT(*) FROM passages p JOIN articles a ON a.id = p.article_id "
            "JOIN vectors v ON v.key = p.vector_key WHERE a.retired IS NULL AND v.late IS NOT NULL"
        )
        return int(self._db().execute(sql).fetchone()[0])

    def passage_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            for key, blob in self._db().execute(f"SELECT key, passage FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def sentence_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}
        marks = ",".join("?" for _ in keys)
        found = {}
        for key, dim, blob in self._db().execute(
            f"SELECT key, dim, sentences FROM vectors WHERE key IN ({marks})", list(keys)
        ):
            found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, dim)
        return found
