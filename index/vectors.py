"""The vector index: faiss over passage vectors, stored beside the database.

Verbs after txtai: :meth:`VectorIndex.build`, :meth:`VectorIndex.search`,
:meth:`IndexStore.save` and :meth:`IndexStore.load`. Every saved index is a
folder of its own (``vectors.faiss`` + ``meta.json``); the file ``CURRENT``
names the live one and is replaced atomically, so a reader never sees half an
index and a crash mid-build leaves the previous index in place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

INDEX_FILE = "vectors.faiss"
META_FILE = "meta.json"
POINTER_FILE = "CURRENT"
FORMAT_VERSION = 1


class IndexMismatchError(RuntimeError):
    """The index on disk was built with another embedding model or dimension."""


@dataclass(slots=True)
class VectorIndex:
    """Inner-product search over normalised vectors, keyed by passage id."""

    index: faiss.Index
    meta: dict

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray, *, model_key: str) -> VectorIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = int(vectors.shape[1]) if vectors.ndim == 2 and len(vectors) else 0
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(max(dim, 1)))
        if len(vectors):
            index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))
        meta = {
            "format": FORMAT_VERSION,
            "model": model_key,
            "dim": dim,
            "count": len(vectors),
            "kind": "flat-ip",
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return cls(index=index, meta=meta)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, *, k: int) -> list[tuple[int, float]]:
        """Best ``k`` ``(passage_id, cosine)`` pairs for one normalised query vector."""
        if self.count == 0:
            return []
        scores, ids = self.index.search(
            np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, self.count)
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


class IndexStore:
    """The folder of saved indexes and its ``CURRENT`` pointer."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_folder(self) -> Path | None:
        pointer = self.root / POINTER_FILE
        if not pointer.is_file():
            return None
        folder = self.root / pointer.read_text(encoding="utf-8").strip()
        return folder if (folder / META_FILE).is_file() else None

    def current_meta(self) -> dict | None:
        folder = self.current_folder()
        return json.loads((folder / META_FILE).read_text(encoding="utf-8")) if folder else None

    def check_model(self, model_key: str) -> None:
        """Raise :class:`IndexMismatchError` when the live index was built with another model."""
        meta = self.current_meta()
        if meta and meta.get("count") and meta.get("model") != model_key:
            built, wanted = meta.get("model"), model_key
            raise IndexMismatchError(
                f"The index in {self.root} was built with {built} (dimension {meta.get('dim')}), but "
                f"EMBEDDING_MODEL/EMBEDDING_DIM now give {wanted}. Vectors of two models cannot be compared: "
                f"set EMBEDDING_MODEL back, or run `crisisbot reindex --rebuild` to embed the archive again."
            )

    def load(self) -> VectorIndex | None:
        folder = self.current_folder()
        if folder is None:
            return None
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        index = faiss.read_index(str(folder / INDEX_FILE), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        return VectorIndex(index=index, meta=meta)

    def save(self, vector_index: VectorIndex) -> Path:
        """Write a new index folder, then switch ``CURRENT`` to it atomically; old folders are removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="index-", dir=self.root))
        faiss.write_index(vector_index.index, str(folder / INDEX_FILE))
        (folder / META_FILE).write_text(json.dumps(vector_index.meta, indent=2), encoding="utf-8")
        for path in (folder / INDEX_FILE, folder / META_FILE):
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        pointer_tmp = self.root / f".{POINTER_FILE}.tmp"
        pointer_tmp.write_text(folder.name, encoding="utf-8")
        os.replace(pointer_tmp, self.root / POINTER_FILE)
        for stale in self.root.glob("index-*"):
            if stale != folder and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        return folder
