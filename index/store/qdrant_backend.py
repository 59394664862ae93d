"""The Qdrant backend: passage vectors, sentence vectors and what a question needs, in one Qdrant collection.

``VECTOR_BACKEND=qdrant`` puts the vector index into Qdrant instead of faiss files (index/indexing/vector_backend.py
chooses). The same calls run against a server or cluster (``QDRANT_URL``, ``QDRANT_API_KEY``) and against
qdrant-client's local mode (``QDRANT_PATH``: a folder, one process at a time, exact numpy search; tests and small
setups).

Layout: every build is a new collection ``<QDRANT_COLLECTION>-v<n>``; readers search the alias
``<QDRANT_COLLECTION>``, which is switched to the new collection only when it is complete (one atomic alias
operation), so a reader never sees half an index, and a build killed half-way leaves the old one live. Each point
is one passage (point id = passage id) with

- the named vector ``passage`` (dot product = cosine: the vectors are normalised),
- the named multivector ``sentences``: the passage's sentence vectors for the quote, float16 as in the archive's
  vector cache, on disk, without an HNSW graph (they are only read back for the few candidates of a question),
- a payload with the passage's text, offsets and sentence spans and its article's title, date, outlet, link and
  language (``date``, ``lang`` and ``article_id`` are indexed payload fields on a server: filters at the engine).

The collection's metadata holds what faiss keeps in ``meta.json`` (model, dimension, count) and ``complete``.
The indexer (``crisisbot reindex``, from the SQLite archive) is the single writer; a build that was killed leaves
an incomplete collection that the next build deletes first (no vector is embedded again: the archive's vector
cache has them).
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from qdrant_client import QdrantClient, models

from index.failpoints import crash_point
from index.store.records import ArticleRef, Outlet, StoredPassage, day_number
from index.store.vectors import AUTO, FORMAT_VERSION, PassageDetails, model_mismatch
from index.text.sentences import Span

log = logging.getLogger(__name__)

QDRANT_BACKEND = "qdrant"
PASSAGE_VECTOR = "passage"
SENTENCE_VECTORS = "sentences"
UPLOAD_BATCH = 256
"""Points per upsert request: 256 x (3 KB passage vector + ~15 sentence vectors of 3 KB + payload) ~ 12 MB, under
the server's default 32 MB request limit."""
KEPT_VERSIONS = 2
"""Collections kept after a swap: the live one and the one before it, which a reader that loaded it just before
the swap may still be searching (every reader checks the alias before each question)."""
HNSW_M = 32
HNSW_EF_CONSTRUCT = 200
HNSW_EF_SEARCH = 256
"""HNSW graph and search beam on a server, measured with Qdrant's engine in-process (qdrant-edge-py, bench/scale.py,
random 768-d vectors, docs/scale.md): recall@10 0.989 at 10k with hnsw_ef 256 (Qdrant's defaults m 16,
ef_construct 100: 0.884); at 100k only 0.589 (0.965 at hnsw_ef 2048), so ``QDRANT_HNSW_EF`` sets the beam per
reader. Local mode ignores them (it searches exactly)."""
SCROLL_PAGE = 10_000
PAYLOAD_INDEXES = {
    "date": models.PayloadSchemaType.DATETIME,
    "lang": models.PayloadSchemaType.KEYWORD,
    "article_id": models.PayloadSchemaType.KEYWORD,
    "day": models.PayloadSchemaType.INTEGER,
}
"""Indexed payload fields (a server only; local mode filters without indexes): date-aware and language filters."""


class _Serialised:
    """A local-mode client behind a lock: qdrant-client's local mode is not meant for concurrent calls, and the
    engine answers from several threads while one reindexes."""

    def __init__(self, client: QdrantClient) -> None:
        self._client = client
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return call


_local_clients: dict[Path, _Serialised] = {}
_local_lock = threading.Lock()


def connect(*, url: str | None, api_key: str | None, path: Path) -> Any:
    """A client for the server at ``url``, or local mode in ``path`` (one per folder and process: local mode locks
    its folder against other processes)."""
    if url:
        return QdrantClient(url=url, api_key=api_key)
    folder = path.resolve()
    with _local_lock:
        if folder not in _local_clients:
            folder.mkdir(parents=True, exist_ok=True)
            _local_clients[folder] = _Serialised(QdrantClient(path=str(folder)))
        return _local_clients[folder]


def close_local(path: Path) -> None:
    """Close the local-mode client of ``path`` (releases the folder's lock for another process)."""
    with _local_lock:
        client = _local_clients.pop(path.resolve(), None)
    if client is not None:
        client.close()


@atexit.register
def _close_all_local() -> None:
    """Close local-mode clients before the interpreter tears its modules down (their ``__del__`` fails then)."""
    for folder in list(_local_clients):
        close_local(folder)


@dataclass(slots=True)
class QdrantIndex:
    """One published collection, searched like :class:`~index.store.vectors.VectorIndex`."""

    client: Any
    collection: str
    """The versioned collection (not the alias): a question is answered from one version from start to end."""
    meta: dict
    server: bool = True
    """False in local mode, which searches exactly and warns about search parameters."""
    hnsw_ef: int = 0
    """The search beam on a server (``QDRANT_HNSW_EF``); 0 = :data:`HNSW_EF_SEARCH`."""

    @property
    def count(self) -> int:
        return int(self.meta.get("count", 0))

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", "hnsw"))

    def search(self, query: np.ndarray, *, k: int, where: models.Filter | None = None) -> list[tuple[int, float]]:
        """Best ``k`` ``(passage_id, cosine)`` pairs for one normalised query vector (``where``: a payload filter)."""
        if self.count == 0:
            return []
        return self._query(query, limit=min(k, self.count), where=where)

    def search_among(
        self, query: np.ndarray, passage_ids: Collection[int], *, k: int, exact: bool = False
    ) -> list[tuple[int, float]]:
        """One filtered request (``HasIdCondition``) instead of a request per passage; ``exact``: a server scores
        every one of them rather than walking its HNSW graph (local mode always searches exactly)."""
        if self.count == 0 or not passage_ids or k <= 0:
            return []
        wanted = [int(i) for i in passage_ids]
        among = models.Filter(must=[models.HasIdCondition(has_id=wanted)])
        return self._query(query, limit=min(k, len(wanted)), where=among, exact=exact)

    def _query(
        self, query: np.ndarray, *, limit: int, where: models.Filter | None, exact: bool = False
    ) -> list[tuple[int, float]]:
        """``(passage_id, cosine)`` pairs, best first; a server gets the search beam, int8 rescoring and ``exact``
        (local mode searches exactly and warns about search parameters)."""
        rescore = self.meta.get("params", {}).get("quantization") == "int8"
        result = self.client.query_points(
            self.collection,
            query=np.asarray(query, dtype=np.float32).ravel().tolist(),
            using=PASSAGE_VECTOR,
            limit=limit,
            query_filter=where,
            with_payload=False,
            search_params=models.SearchParams(
                hnsw_ef=self.hnsw_ef or HNSW_EF_SEARCH,
                exact=exact,
                quantization=models.QuantizationSearchParams(rescore=True) if rescore else None,
            )
            if self.server
            else None,
        )
        return [(int(point.id), float(point.score)) for point in result.points]

    def vector(self, passage_id: int) -> np.ndarray | None:
        found = self.client.retrieve(
            self.collection, [int(passage_id)], with_payload=False, with_vectors=[PASSAGE_VECTOR]
        )
        if not found:
            return None
        return np.asarray(found[0].vector[PASSAGE_VECTOR], dtype=np.float32)

    def ids(self) -> np.ndarray:
        """Every indexed passage id, ascending."""
        found: list[int] = []
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection, limit=SCROLL_PAGE, offset=offset, with_payload=False, with_vectors=False
            )
            found.extend(int(point.id) for point in points)
            if offset is None:
                return np.array(sorted(found), dtype=np.int64)

    def passage_reader(self) -> PayloadReader:
        """Reads the passages behind one question's hits from this collection's payloads (no archive needed)."""
        return PayloadReader(self)

    def details(self, passage_ids: Sequence[int]) -> dict[int, tuple[dict, np.ndarray]]:
        """``id -> (payload, sentence vectors)``: what a bot instance without the archive reads for a question."""
        found = self.client.retrieve(
            self.collection, [int(i) for i in passage_ids], with_payload=True, with_vectors=[SENTENCE_VECTORS]
        )
        dim = int(self.meta.get("dim", 0))
        result = {}
        for point in found:
            sentences = (point.vector or {}).get(SENTENCE_VECTORS) or []
            result[int(point.id)] = (
                dict(point.payload or {}),
                np.asarray(sentences, dtype=np.float32).reshape(-1, dim),
            )
        return result


class PayloadReader:
    """One question's passages, articles and sentence vectors, read from a collection's payloads.

    An article's text is not stored whole (it would be repeated in each of its passages): :meth:`article_refs`
    gives a text that holds the passages read so far at their offsets, blanks elsewhere. Quotes are cut from
    a passage's own sentences, so ``text[quote_start:quote_end]`` is the same as in the archive."""

    def __init__(self, index: QdrantIndex) -> None:
        self.index = index
        self._payloads: dict[int, dict] = {}

    def passages(self, passage_ids: Sequence[int]) -> dict[int, StoredPassage]:
        wanted = [int(i) for i in passage_ids if int(i) not in self._payloads]
        if wanted:
            for point in self.index.client.retrieve(self.index.collection, wanted, with_payload=True):
                self._payloads[int(point.id)] = dict(point.payload or {})
        return {int(i): _passage(int(i), self._payloads[int(i)]) for i in passage_ids if int(i) in self._payloads}

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleRef, str]]:
        wanted = set(article_ids)
        pieces: dict[str, list[dict]] = {}
        for payload in self._payloads.values():
            if payload.get("article_id") in wanted:
                pieces.setdefault(payload["article_id"], []).append(payload)
        result = {}
        for article_id, payloads in pieces.items():
            text = [" "] * max(int(p["end"]) for p in payloads)
            for payload in payloads:
                text[int(payload["start"]) : int(payload["end"])] = payload["text"]
            first = payloads[0]
            ref = ArticleRef(
                id=article_id,
                title=first.get("title") or "",
                date=first.get("date"),
                source=first.get("source"),
                url=first.get("url"),
                lang=first.get("lang"),
                also=tuple(Outlet(**entry) for entry in first.get("also") or []),
            )
            result[article_id] = (ref, "".join(text))
        return result

    def sentence_vectors(self, passages: Sequence[StoredPassage]) -> dict[int, np.ndarray]:
        if not passages:
            return {}
        found = self.index.client.retrieve(
            self.index.collection, [p.id for p in passages], with_payload=False, with_vectors=[SENTENCE_VECTORS]
        )
        dim = int(self.index.meta.get("dim", 0))
        return {
            int(point.id): np.asarray((point.vector or {}).get(SENTENCE_VECTORS) or [], dtype=np.float32).reshape(
                -1, dim
            )
            for point in found
        }

    def date_range(self) -> tuple[str | None, str | None]:
        """The first and last article day, recorded in the collection's metadata when it was built."""
        return self.index.meta.get("date_min"), self.index.meta.get("date_max")

    def passages_in_period(self, first: str, last: str) -> tuple[list[int], list[int], int]:
        """A payload filter on ``day`` (indexed on a server): the passages dated in the period, those without a
        date, and how many undated articles these belong to."""
        period = models.FieldCondition(key="day", range=models.Range(gte=day_number(first), lte=day_number(last)))
        dated = [point_id for point_id, _ in self._scroll(models.Filter(must=[period]))]
        undated = self._scroll(models.Filter(must=[models.IsEmptyCondition(is_empty=models.PayloadField(key="day"))]))
        return dated, [point_id for point_id, _ in undated], len({article for _, article in undated})

    def _scroll(self, where: models.Filter) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        offset = None
        while True:
            points, offset = self.index.client.scroll(
                self.index.collection,
                scroll_filter=where,
                limit=SCROLL_PAGE,
                offset=offset,
                with_payload=["article_id"],
                with_vectors=False,
            )
            found.extend((int(point.id), str((point.payload or {}).get("article_id"))) for point in points)
            if offset is None:
                return found


def _passage(passage_id: int, payload: dict) -> StoredPassage:
    return StoredPassage(
        id=passage_id,
        article_id=payload["article_id"],
        position=int(payload["position"]),
        start=int(payload["start"]),
        end=int(payload["end"]),
        text=payload["text"],
        sentences=tuple(Span.from_flag(start, end, flag) for start, end, flag in payload["sentences"]),
        vector_key=payload.get("vector_key"),
    )


class QdrantStore:
    """The alias ``name`` and its versioned collections ``name-v<n>``: a :class:`~index.store.vectors.VectorStore`."""

    def __init__(
        self,
        client: Any,
        name: str,
        *,
        where: str,
        server: bool,
        quantization: str = "none",
        shards: int | None = None,
        replicas: int | None = None,
        hnsw_ef: int = HNSW_EF_SEARCH,
    ) -> None:
        self.client = client
        self.hnsw_ef = hnsw_ef
        self.shards = shards
        self.replicas = replicas
        self.name = name
        self.where = where
        """For messages: the server's URL (never the key) or the local folder."""
        self.server = server
        self.quantization = quantization
        self._version = re.compile(rf"^{re.escape(name)}-v(\d+)$")

    def live_collection(self) -> str | None:
        """The collection the alias points at (None before the first build)."""
        for alias in self.client.get_aliases().aliases:
            if alias.alias_name == self.name:
                return alias.collection_name
        return None

    def versions(self) -> dict[str, int]:
        """``collection -> version number`` of every ``name-v<n>`` collection, complete or not."""
        found = {}
        for collection in self.client.get_collections().collections:
            match = self._version.match(collection.name)
            if match:
                found[collection.name] = int(match.group(1))
        return found

    def stamp(self) -> object:
        """The live collection's name: changes with every swap (one cheap request per question on a server)."""
        return self.live_collection()

    def current_meta(self) -> dict | None:
        live = self.live_collection()
        return dict(self.client.get_collection(live).config.metadata or {}) if live else None

    def check_model(self, model_key: str) -> None:
        error = model_mismatch(f"Qdrant collection {self.name} ({self.where})", self.current_meta(), model_key)
        if error:
            raise error

    def describe(self) -> str:
        live = self.live_collection()
        return f"qdrant ({self.where}: {live or 'no collection'} behind alias {self.name})"

    def load(self) -> QdrantIndex | None:
        live = self.live_collection()
        if live is None:
            return None
        meta = dict(self.client.get_collection(live).config.metadata or {})
        return QdrantIndex(self.client, live, meta, server=self.server, hnsw_ef=self.hnsw_ef)

    def publish(
        self,
        vectors: np.ndarray,
        ids: np.ndarray,
        *,
        model_key: str,
        kind: str = AUTO,
        details: PassageDetails | None = None,
    ) -> QdrantIndex:
        """Upload into a new collection, mark it complete, then switch the alias to it; old versions are dropped.

        ``details`` gives each passage's payload and sentence vectors (the builder reads them from the archive).
        A collection left incomplete by a killed build is deleted first."""
        live = self.live_collection()
        versions = self.versions()
        for stale in versions:
            if stale != live:
                log.info("deleting %s, left by an earlier build", stale)
                self.client.delete_collection(stale)
        collection = f"{self.name}-v{max(versions.values(), default=0) + 1}"
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = int(vectors.shape[1]) if vectors.ndim == 2 and len(vectors) else 0
        params = {
            "m": HNSW_M,
            "ef_construct": HNSW_EF_CONSTRUCT,
            "hnsw_ef": self.hnsw_ef,
            "quantization": self.quantization,
        }
        meta = {
            "format": FORMAT_VERSION,
            "backend": QDRANT_BACKEND,
            "model": model_key,
            "dim": dim,
            "count": len(vectors),
            "kind": "hnsw",
            "params": params,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._create(collection, max(dim, 1), {**meta, "complete": False})
        ids = np.asarray(ids, dtype=np.int64)
        days: set[str] = set()
        for begin in range(0, len(ids), UPLOAD_BATCH):
            batch = ids[begin : begin + UPLOAD_BATCH]
            extra = details([int(i) for i in batch]) if details else {}
            points = []
            for row, passage_id in enumerate(batch, start=begin):
                payload, sentences = extra.get(int(passage_id), ({}, np.zeros((0, dim), dtype=np.float32)))
                if payload.get("date"):
                    days.add(str(payload["date"])[:10])
                vector: dict[str, Any] = {PASSAGE_VECTOR: vectors[row].tolist()}
                if len(sentences):
                    vector[SENTENCE_VECTORS] = np.asarray(sentences, dtype=np.float32).tolist()
                points.append(models.PointStruct(id=int(passage_id), vector=vector, payload=payload))
            self.client.upsert(collection, points=points, wait=True)
            crash_point("qdrant-upload")
        meta.update(date_min=min(days, default=None), date_max=max(days, default=None))
        self.client.update_collection(collection, metadata={**meta, "complete": True})
        crash_point("swap")
        self._switch_alias(collection, live)
        crash_point("switched")
        kept = sorted(self.versions().items(), key=lambda item: item[1])[-KEPT_VERSIONS:]
        for old in set(self.versions()) - {name for name, _ in kept}:
            self.client.delete_collection(old)
        return QdrantIndex(
            self.client, collection, {**meta, "complete": True}, server=self.server, hnsw_ef=self.hnsw_ef
        )

    def _create(self, collection: str, dim: int, metadata: dict) -> None:
        quantization = (
            models.ScalarQuantization(
                scalar=models.ScalarQuantizationConfig(type=models.ScalarType.INT8, quantile=0.99, always_ram=True)
            )
            if self.quantization == "int8"
            else None
        )
        self.client.create_collection(
            collection,
            vectors_config={
                PASSAGE_VECTOR: models.VectorParams(
                    size=dim, distance=models.Distance.DOT, quantization_config=quantization
                ),
                SENTENCE_VECTORS: models.VectorParams(
                    size=dim,
                    distance=models.Distance.DOT,
                    multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM),
                    hnsw_config=models.HnswConfigDiff(m=0),
                    on_disk=True,
                    datatype=models.Datatype.FLOAT16,
                ),
            },
            hnsw_config=models.HnswConfigDiff(m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT),
            on_disk_payload=True,
            shard_number=self.shards,
            replication_factor=self.replicas,
            metadata=metadata,
        )
        if self.server:  # local mode has no payload indexes (it warns): it filters by scanning
            for field, schema in PAYLOAD_INDEXES.items():
                self.client.create_payload_index(collection, field, field_schema=schema)

    def _switch_alias(self, collection: str, live: str | None) -> None:
        """One request: readers see the old collection or the new one, never none."""
        operations: list[Any] = []
        if live is not None:
            operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.name)))
        operations.append(
            models.CreateAliasOperation(
                create_alias=models.CreateAlias(collection_name=collection, alias_name=self.name)
            )
        )
        self.client.update_collection_aliases(change_aliases_operations=operations)
