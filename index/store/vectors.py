"""The vector index: faiss over passage vectors, stored beside the database.

Verbs after txtai: :meth:`VectorIndex.build`, :meth:`VectorIndex.search`,
:meth:`IndexStore.save` and :meth:`IndexStore.load`. Every saved index is a
folder of its own (``vectors.faiss`` + ``meta.json``); the file ``CURRENT``
names the live one and is replaced atomically, so a reader never sees half an
index and a crash mid-build leaves the previous index in place.

The faiss index kind follows the archive's size (measurements in docs/scale.md):

- ``flat-ip``: exact inner product, below :data:`FLAT_MAX` passages;
- ``hnsw-flat``: an HNSW graph over the full vectors (recall@10 >= 0.98 against
  exact search), up to :data:`HNSW_MAX` passages;
- ``ivf-pq``: inverted lists of product-quantised codes whose candidates are
  re-ranked exactly against the full vectors, above that.

Every kind is wrapped in ``IndexIDMap2``: passage ids go in and come out, and
:meth:`VectorIndex.vector` gives a passage's vector back. Saved indexes are
memory-mapped at load (``IO_FLAG_MMAP_IFC``; the flat vectors and the HNSW graph
stay in the page cache, not the heap), from a private unlinked copy that nothing can change under the running
process (:func:`_read_private_copy`), and checked against ``meta.json`` (size, count, dimension).

The search backend is the small :class:`SearchBackend` protocol, and where the
indexes live the :class:`VectorStore` protocol (:class:`IndexStore` here).
Qdrant is the other pair (index/store/qdrant_backend.py); ``VECTOR_BACKEND``
picks one in index/indexing/vector_backend.py (docs/scale.md).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import faiss
import numpy as np

from index.failpoints import crash_point
from index.store.records import ArticleRef, StoredPassage

log = logging.getLogger(__name__)

INDEX_FILE = "vectors.faiss"
META_FILE = "meta.json"
POINTER_FILE = "CURRENT"
FORMAT_VERSION = 2
"""1: flat only, no ``backend``/``params`` in meta.json (still loadable); 2: index kinds and parameters."""

FAISS_BACKEND = "faiss"
AUTO = "auto"
FLAT = "flat-ip"
HNSW = "hnsw-flat"
IVF_PQ = "ivf-pq"
KINDS = (FLAT, HNSW, IVF_PQ)

FLAT_MAX = 30_000
"""Below this many passages the index is exact. A flat search costs ~0.2 ms per 1,000 passages here (2 cores:
2.2 ms at 10k, 20 ms at 100k), so ~6 ms at this size, and a rebuild is instant (docs/scale.md)."""
HNSW_MAX = 2_000_000
"""From here on ``ivf-pq``. HNSW keeps vectors and graph in memory, ~3.5 KB per passage (~7 GB at 2 million)
and a long build; IVF-PQ scans ~100 B codes per passage and re-ranks from memory-mapped full vectors."""

HNSW_M = 48
"""Graph neighbours per node (96 on the bottom layer): ~400 B per passage on top of the 3,072 B vector. At 100k
passages M=32 reached recall@10 0.86 (efSearch 128) to 0.97 (512); M=48 reaches 0.999 at efSearch 512."""
HNSW_EF_CONSTRUCTION = 80
"""Build-time beam: 100k passages build in ~27 s on 2 cores."""
HNSW_EF_SEARCH = 512
"""Query-time beam (at least ``k``): recall@10 0.999 at 100k passages, ~1.2 ms per search (256: 0.98, 0.5 ms)."""

IVF_LISTS_PER_SQRT = 4
"""``nlist`` = the power of two nearest ``4 * sqrt(count)`` (at least 39 training points per list)."""
IVF_NPROBE = 64
"""Inverted lists scanned per query: recall@10 at 100k 0.980 (16), 0.985 (32), 0.995 (64, ~0.7 ms)."""
PQ_DIMS_PER_CODE = 8
"""One 8-bit code per 8 dimensions: 96 bytes for a 768-dim vector."""
PQ_BITS = 8
REFINE_FACTOR = 10
"""``k * REFINE_FACTOR`` candidates from the codes are re-ranked with the exact (memory-mapped) vectors."""
IVF_TRAIN_PER_LIST = 64
"""Training sample: 64 vectors per inverted list (at least 65,536), drawn at random."""
IVF_PQ_MIN = 10_000
"""Fewer vectors cannot train 256 centroids per sub-quantizer well: a forced ``ivf-pq`` falls back to flat."""

MMAP_FLAG = getattr(faiss, "IO_FLAG_MMAP_IFC", faiss.IO_FLAG_MMAP)
"""faiss >= 1.11 maps flat codes and HNSW graphs without copying them; older faiss copies flat indexes."""

BuildProgress = Callable[[int, int], None]
PassageDetails = Callable[[Sequence[int]], dict[int, tuple[dict, np.ndarray]]]
"""``passage ids -> {id: (payload, sentence vectors)}``: what a backend that answers without the archive stores
beside each vector (passage text and offsets, article title/date/outlet/link/language); faiss ignores it."""
ADD_BATCH = 20_000


class IndexMismatchError(RuntimeError):
    """The index on disk was built with another embedding model or dimension."""


class DamagedIndexError(ValueError):
    """``CURRENT``, ``meta.json`` or ``vectors.faiss`` is missing, truncated or inconsistent; the message names the
    file and the way back (``crisisbot reindex`` rebuilds the index from the archive's vector cache)."""


REPAIR = "run `crisisbot reindex` to rebuild it from the archive (cached vectors are reused: nothing is embedded)"


class PassageReader(Protocol):
    """Where the passages behind one question's hits are read: the archive (faiss) or the index itself (Qdrant's
    payloads, so that a bot instance answers from the cluster alone)."""

    def passages(self, passage_ids: Sequence[int]) -> dict[int, StoredPassage]: ...

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleRef, str]]:
        """``id -> (ArticleRef, text)``; the text holds at least the passages read through this reader."""
        ...

    def sentence_vectors(self, passages: Sequence[StoredPassage]) -> dict[int, np.ndarray]:
        """``passage id -> its sentence vectors`` (one row per sentence)."""
        ...

    def date_range(self) -> tuple[str | None, str | None]:
        """The first and last article day (``YYYY-MM-DD``) of what this index holds; None for an undated archive."""
        ...

    def passages_in_period(self, first: str, last: str) -> tuple[list[int], list[int], int]:
        """The passages of articles dated ``first`` to ``last`` (ISO days, inclusive), those of undated articles,
        and how many undated articles there are."""
        ...


@runtime_checkable
class SearchBackend(Protocol):
    """What answering needs from a published vector index: :class:`VectorIndex` (faiss) or ``QdrantIndex``.

    ``search`` returns ``(passage_id, cosine)`` pairs, best first; ``vector`` gives one passage's vector
    (``None`` when absent); ``ids`` every indexed passage id; ``passage_reader`` where the passages behind the
    hits are read (None: from the archive). ``meta`` holds at least ``backend``, ``model``,
    ``dim``, ``count`` and ``kind``. Building and swapping belong to the :class:`VectorStore`.
    """

    meta: dict

    @property
    def count(self) -> int: ...

    def search(self, query: np.ndarray, *, k: int) -> list[tuple[int, float]]: ...

    def vector(self, passage_id: int) -> np.ndarray | None: ...

    def search_among(
        self, query: np.ndarray, passage_ids: Collection[int], *, k: int, exact: bool = False
    ) -> list[tuple[int, float]]:
        """The best ``k`` ``(passage_id, cosine)`` pairs among ``passage_ids`` only (a question's period, the
        articles an alert run looks at), best first; ``exact``: every one of them scored."""
        ...

    def ids(self) -> np.ndarray: ...

    def passage_reader(self) -> PassageReader | None:
        """A reader of the passages from the index itself, or None: the archive holds them."""
        ...


EXACT_AMONG_LIMIT = 20_000
"""``VectorIndex.search_among``: a question's period with up to this many passages is scored exactly (each
passage's stored vector against the question: about 1 ms per 1,000 passages); a longer period searches
``AMONG_SEARCH_FACTOR`` x the usual candidates in the whole index and keeps those in the period."""
AMONG_SEARCH_FACTOR = 20


def choose_kind(count: int, forced: str | None = AUTO) -> str:
    """The index kind for ``count`` passages: by size, or ``forced`` (one of :data:`KINDS`)."""
    if forced and forced != AUTO:
        if forced not in KINDS:
            raise ValueError(f"unknown vector index kind {forced!r}: use {AUTO}, {', '.join(KINDS)}")
        if forced == IVF_PQ and count < IVF_PQ_MIN:
            log.warning("%d passages are too few to train %s (%d at least): using %s", count, IVF_PQ, IVF_PQ_MIN, FLAT)
            return FLAT
        return forced
    if count < FLAT_MAX:
        return FLAT
    return HNSW if count < HNSW_MAX else IVF_PQ


def index_params(kind: str, count: int, dim: int) -> dict:
    """The parameters a new index of ``kind`` gets (written to ``meta.json``)."""
    if kind == HNSW:
        return {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "efSearch": HNSW_EF_SEARCH}
    if kind == IVF_PQ:
        nlist = 2 ** round(math.log2(max(1.0, IVF_LISTS_PER_SQRT * math.sqrt(count))))
        nlist = max(1, min(nlist, count // 39))
        m = next(m for m in range(max(1, dim // PQ_DIMS_PER_CODE), 0, -1) if dim % m == 0)
        return {"nlist": nlist, "m": m, "nbits": PQ_BITS, "nprobe": min(IVF_NPROBE, nlist), "k_factor": REFINE_FACTOR}
    return {}


def _make_faiss_index(kind: str, dim: int, params: dict) -> faiss.Index:
    base: Any  # faiss's index classes share no typed base with these attributes
    if kind == HNSW:
        base = faiss.IndexHNSWFlat(dim, params["M"], faiss.METRIC_INNER_PRODUCT)
        base.hnsw.efConstruction = params["efConstruction"]
        base.hnsw.efSearch = params["efSearch"]
    elif kind == IVF_PQ:
        coarse = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFPQ(coarse, dim, params["nlist"], params["m"], params["nbits"], faiss.METRIC_INNER_PRODUCT)
        ivf.nprobe = params["nprobe"]
        base = faiss.IndexRefineFlat(ivf)
        base.k_factor = params["k_factor"]
    else:
        base = faiss.IndexFlatIP(dim)
    return faiss.IndexIDMap2(base)


def _apply_search_params(index: faiss.Index, kind: str, params: dict) -> None:
    """Set the query-time parameters from ``meta.json`` on a built or loaded index."""
    inner: Any = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap2) else index
    if kind == HNSW and params.get("efSearch"):
        inner.hnsw.efSearch = int(params["efSearch"])
    elif kind == IVF_PQ:
        if params.get("k_factor"):
            inner.k_factor = float(params["k_factor"])
        if params.get("nprobe"):
            faiss.extract_index_ivf(inner.base_index).nprobe = int(params["nprobe"])


@dataclass(slots=True)
class VectorIndex:
    """Inner-product search over normalised vectors, keyed by passage id (the faiss :class:`SearchBackend`)."""

    index: faiss.Index
    meta: dict

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        ids: np.ndarray,
        *,
        model_key: str,
        kind: str = AUTO,
        progress: BuildProgress | None = None,
    ) -> VectorIndex:
        """A new index over ``vectors`` (one row per passage id in ``ids``), of the kind their number asks for."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = int(vectors.shape[1]) if vectors.ndim == 2 and len(vectors) else 0
        chosen = choose_kind(len(vectors), kind)
        params = index_params(chosen, len(vectors), dim)
        index = _make_faiss_index(chosen, max(dim, 1), params)
        if chosen == IVF_PQ:
            sample = min(len(vectors), max(IVF_TRAIN_PER_LIST * params["nlist"], 65_536))
            rows = np.random.default_rng(0).choice(len(vectors), size=sample, replace=False)
            index.train(vectors[np.sort(rows)])
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        for begin in range(0, len(vectors), ADD_BATCH):
            index.add_with_ids(vectors[begin : begin + ADD_BATCH], ids[begin : begin + ADD_BATCH])
            if progress:
                progress(min(begin + ADD_BATCH, len(vectors)), len(vectors))
        meta = {
            "format": FORMAT_VERSION,
            "backend": FAISS_BACKEND,
            "model": model_key,
            "dim": dim,
            "count": len(vectors),
            "kind": chosen,
            "params": params,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return cls(index=index, meta=meta)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", FLAT))

    def search(self, query: np.ndarray, *, k: int) -> list[tuple[int, float]]:
        """Best ``k`` ``(passage_id, cosine)`` pairs for one normalised query vector."""
        if self.count == 0:
            return []
        scores, ids = self.index.search(
            np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, self.count)
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def vector(self, passage_id: int) -> np.ndarray | None:
        """The stored vector of ``passage_id`` (exact for every kind), or ``None`` when it is not indexed."""
        try:
            return np.asarray(self.index.reconstruct(int(passage_id)))
        except RuntimeError:
            return None

    def search_among(
        self, query: np.ndarray, passage_ids: Collection[int], *, k: int, exact: bool = False
    ) -> list[tuple[int, float]]:
        """Up to ``EXACT_AMONG_LIMIT`` passages (or ``exact``) are scored one by one against their stored vectors;
        more search ``AMONG_SEARCH_FACTOR`` x ``k`` candidates in the whole index and keep those among them."""
        if exact or len(passage_ids) <= EXACT_AMONG_LIMIT:
            scored = []
            for passage_id in passage_ids:
                vector = self.vector(passage_id)
                if vector is not None:
                    scored.append((passage_id, float(vector @ query)))
        else:
            wanted = set(passage_ids)
            scored = [(pid, score) for pid, score in self.search(query, k=k * AMONG_SEARCH_FACTOR) if pid in wanted]
        scored.sort(key=lambda pair: pair[1], reverse=True)
        return scored[:k]

    def passage_reader(self) -> None:
        """faiss holds vectors only: the passages are read from the archive."""
        return None

    def ids(self) -> np.ndarray:
        """Every indexed passage id."""
        if self.count == 0:
            return np.zeros(0, dtype=np.int64)
        id_map: Any = self.index  # an IndexIDMap2 (see _make_faiss_index); faiss's stubs type it as Index
        return faiss.vector_to_array(id_map.id_map).astype(np.int64)

    def save(self, folder: Path) -> None:
        faiss.write_index(self.index, str(folder / INDEX_FILE))
        self.meta["index_bytes"] = (folder / INDEX_FILE).stat().st_size

    @classmethod
    def load(cls, folder: Path, meta: dict) -> VectorIndex:
        """Memory-map a private copy of a saved index, checked against ``meta.json`` (size, vector count);
        ``meta`` from format 1 (flat only, no ``params``) loads too. Raises :class:`DamagedIndexError`.

        The live file is never mapped itself: a ``cp``, ``rsync --inplace`` or truncation over it would turn the
        mapped pages into SIGBUS on the next question (issue 23, finding 7). The copy is made in the index root
        and unlinked at once (the mapping keeps it alive, no path names it), so nothing can change it; it costs
        one sequential read and the file's size on disk while the index is live, no memory beyond the mapping."""
        path = folder / INDEX_FILE
        try:
            size = path.stat().st_size
        except OSError as error:
            raise DamagedIndexError(f"{path} is missing ({error.strerror}): {REPAIR}") from None
        expected = meta.get("index_bytes")
        if size == 0 or (isinstance(expected, int) and size != expected):
            said = f", meta.json says {expected:,}" if isinstance(expected, int) else ""
            raise DamagedIndexError(f"{path} has {size:,} bytes{said} (truncated or replaced): {REPAIR}")
        index = _read_private_copy(path, folder.parent)
        meta = {"backend": FAISS_BACKEND, "kind": FLAT, "params": {}, **meta}
        if int(index.ntotal) != int(meta.get("count", index.ntotal)):
            counts = f"{index.ntotal:,} vectors, meta.json says {meta['count']:,}"
            raise DamagedIndexError(f"{path} holds {counts}: {REPAIR}")
        if index.ntotal and meta.get("dim") and int(index.d) != int(meta["dim"]):
            raise DamagedIndexError(f"{path} has dimension {index.d}, meta.json says {meta['dim']}: {REPAIR}")
        _apply_search_params(index, meta["kind"], meta["params"])
        return cls(index=index, meta=meta)


def _read_private_copy(path: Path, scratch: Path) -> faiss.Index:
    """``path`` copied to an unlinked file in ``scratch`` and memory-mapped from there."""
    descriptor, copy = tempfile.mkstemp(prefix=".live-", suffix=".faiss", dir=scratch)
    try:
        with os.fdopen(descriptor, "wb") as target, path.open("rb") as source:
            shutil.copyfileobj(source, target, length=1 << 20)
        try:
            return faiss.read_index(copy, MMAP_FLAG | faiss.IO_FLAG_READ_ONLY)
        except RuntimeError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise DamagedIndexError(f"{path} cannot be read by faiss ({first_line[:200]}): {REPAIR}") from None
    finally:
        os.unlink(copy)


BACKENDS: dict[str, type[VectorIndex]] = {FAISS_BACKEND: VectorIndex}
"""Index classes saved in folders, by the name in ``meta.json`` (Qdrant keeps its indexes on its server)."""


class VectorStore(Protocol):
    """Where published indexes live and which one is live: :class:`IndexStore` (faiss files and ``CURRENT``) or
    ``QdrantStore`` (versioned collections behind an alias). ``publish`` builds and swaps in one step."""

    def stamp(self) -> object: ...

    def current_meta(self) -> dict | None: ...

    def check_model(self, model_key: str) -> None: ...

    def load(self) -> SearchBackend | None: ...

    def publish(
        self,
        vectors: np.ndarray,
        ids: np.ndarray,
        *,
        model_key: str,
        kind: str = AUTO,
        details: PassageDetails | None = None,
    ) -> SearchBackend: ...

    def describe(self) -> str: ...


def model_mismatch(where: str, meta: dict | None, model_key: str) -> IndexMismatchError | None:
    """The error for an index built with another model than ``model_key`` (None when it matches or is empty)."""
    if not meta or not meta.get("count") or meta.get("model") == model_key:
        return None
    return IndexMismatchError(
        f"The index in {where} was built with {meta.get('model')} (dimension {meta.get('dim')}), but "
        f"EMBEDDING_MODEL/EMBEDDING_DIM now give {model_key}. Vectors of two models cannot be compared: "
        f"set EMBEDDING_MODEL back, or run `crisisbot reindex --rebuild` to embed the archive again."
    )


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a folder's entries, to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class IndexStore:
    """The folder of saved indexes and its ``CURRENT`` pointer."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_folder(self) -> Path | None:
        """The live index's folder, or None when there is no ``CURRENT`` (no index yet). Raises
        :class:`DamagedIndexError` for a ``CURRENT`` that is empty, unreadable or names no index folder."""
        pointer = self.root / POINTER_FILE
        if not pointer.is_file():
            return None
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise DamagedIndexError(f"{pointer} cannot be read ({error}): {REPAIR}") from None
        if not name or "/" in name or name in (".", ".."):
            raise DamagedIndexError(f"{pointer} is empty or damaged ({name[:40]!r}): {REPAIR}")
        folder = self.root / name
        if not (folder / META_FILE).is_file():
            raise DamagedIndexError(f"{pointer} names {folder}, which has no {META_FILE}: {REPAIR}")
        return folder

    def problem(self) -> str | None:
        """What is wrong with the live index (a sentence naming the file and the way back), or None."""
        try:
            self.load()
        except DamagedIndexError as error:
            return str(error)
        return None

    def stamp(self) -> tuple[int, int, int] | None:
        """The ``CURRENT`` file's inode, mtime and size (None without one): changes with every swap."""
        try:
            status = (self.root / POINTER_FILE).stat()
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns, status.st_size

    def current_meta(self) -> dict | None:
        """The live index's ``meta.json``; None without an index, or when it is damaged (logged, named)."""
        try:
            return self._read_meta()
        except DamagedIndexError as error:
            log.error("%s", error)
            return None

    def _read_meta(self) -> dict | None:
        folder = self.current_folder()
        if folder is None:
            return None
        path = folder / META_FILE
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise DamagedIndexError(f"{path} is damaged ({error}): {REPAIR}") from None
        if not isinstance(meta, dict) or not isinstance(meta.get("count", 0), int):
            raise DamagedIndexError(f"{path} is not an index description: {REPAIR}")
        return meta

    def check_model(self, model_key: str) -> None:
        """Raise :class:`IndexMismatchError` when the live index was built with another model (a damaged index
        is no mismatch: ``crisisbot reindex`` repairs it, so it must be able to start)."""
        error = model_mismatch(str(self.root), self.current_meta(), model_key)
        if error:
            raise error

    def describe(self) -> str:
        try:
            folder = self.current_folder()
        except DamagedIndexError:
            return f"faiss ({self.root}, damaged)"
        return f"faiss ({folder})" if folder else f"faiss ({self.root}, empty)"

    def publish(
        self,
        vectors: np.ndarray,
        ids: np.ndarray,
        *,
        model_key: str,
        kind: str = AUTO,
        details: PassageDetails | None = None,
    ) -> VectorIndex:
        """Build a faiss index and :meth:`save` it (``details`` are not needed: the archive holds them)."""
        fresh = VectorIndex.build(vectors, ids, model_key=model_key, kind=kind)
        self.save(fresh)
        return fresh

    def load(self) -> SearchBackend | None:
        """The live index, checked (see :meth:`VectorIndex.load`); None before the first build. Raises
        :class:`DamagedIndexError` naming the damaged file."""
        meta = self._read_meta()
        if meta is None:
            return None
        folder = self.current_folder()
        assert folder is not None
        backend = meta.get("backend", FAISS_BACKEND)
        if backend not in BACKENDS:
            raise RuntimeError(f"the index in {folder} needs the search backend {backend!r}, which is not installed")
        return BACKENDS[backend].load(folder, meta)

    def save(self, vector_index: VectorIndex) -> Path:
        """Write a new index folder, then switch ``CURRENT`` to it atomically; old folders are removed.

        Durable against power loss: the folder's files and the folder itself are fsynced before ``CURRENT``
        names it; the new ``CURRENT`` is fsynced before it replaces the old one, and the root folder after
        (the rename itself is on disk only then)."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="index-", dir=self.root))
        vector_index.save(folder)
        (folder / META_FILE).write_text(json.dumps(vector_index.meta, indent=2), encoding="utf-8")
        for path in folder.iterdir():
            fsync_path(path)
        fsync_path(folder)
        crash_point("swap")
        pointer_tmp = self.root / f".{POINTER_FILE}.tmp"
        pointer_tmp.write_text(folder.name, encoding="utf-8")
        fsync_path(pointer_tmp)
        os.replace(pointer_tmp, self.root / POINTER_FILE)
        fsync_path(self.root)
        crash_point("switched")
        for stale in self.root.glob("index-*"):
            if stale != folder and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        return folder
