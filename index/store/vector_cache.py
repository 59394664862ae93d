"""The embedding cache: vectors by content key (model, title, passage text), so that nothing is embedded twice."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sqlite_utils

from index.store.records import now_iso

SQLITE_BATCH = 500


class VectorCache:
    """The ``vectors`` table of the archive."""

    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db
        """The archive's connection for the calling thread."""

    def cached_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            found.update(r[0] for r in self._db().execute(f"SELECT key FROM vectors WHERE key IN ({marks})", chunk))
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
