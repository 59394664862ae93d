"""The one place that chooses the vector backend (``VECTOR_BACKEND``): faiss files or a Qdrant collection.

Here, not in index/store: the storage layer never reads the settings (they name the model)."""

from __future__ import annotations

from index.settings import Settings
from index.store.vectors import IndexStore, VectorStore

FAISS = "faiss"
QDRANT = "qdrant"
BACKEND_NAMES = (FAISS, QDRANT)


def open_vector_store(settings: Settings, backend: str | None = None) -> VectorStore:
    """The store of ``backend`` (default ``VECTOR_BACKEND``) with the settings' paths, URL and key."""
    backend = backend or settings.vector_backend
    if backend == FAISS:
        return IndexStore(settings.index_dir)
    if backend != QDRANT:
        raise ValueError(f"unknown vector backend {backend!r}: use {' or '.join(BACKEND_NAMES)}")
    # imported here: a faiss deployment never loads qdrant-client and its gRPC stack (4 s on the busy 2-core machine)
    from index.store.qdrant_backend import QdrantStore, connect

    path = settings.qdrant_path or settings.data_dir / "qdrant"
    key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
    client = connect(url=settings.qdrant_url, api_key=key, path=path)
    return QdrantStore(
        client,
        settings.qdrant_collection,
        where=settings.qdrant_url or str(path),
        server=bool(settings.qdrant_url),
        quantization=settings.qdrant_quantization,
        shards=settings.qdrant_shards,
        replicas=settings.qdrant_replicas,
        hnsw_ef=settings.qdrant_hnsw_ef,
    )
