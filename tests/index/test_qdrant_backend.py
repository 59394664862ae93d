"""The Qdrant backend on qdrant-client's local mode (no server, no network): search, payloads, alias swaps.

``QDRANT_URL=http://host:6333 pytest -m qdrant_server`` runs the ``qdrant_server`` tests against a real server
(skipped without ``QDRANT_URL``; see docs/scale.md).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from qdrant_client.models import PointStruct

from index.indexing.vector_backend import open_vector_store
from index.settings import Settings
from index.store.qdrant_backend import QdrantStore, close_local, connect
from index.store.vectors import FLAT, IndexMismatchError, SearchBackend, VectorIndex
from tests.index.test_vectors import DIM, K, clustered_vectors


def details_for(ids, *, sentences: int = 2):
    """Payloads and sentence vectors as the builder makes them (here: made up)."""

    def details(batch):
        return {
            int(i): (
                {"article_id": f"a{i}", "text": f"passage {i}", "start": 10 * i, "date": "2016-10-05", "lang": "de"},
                np.random.default_rng(int(i)).normal(size=(sentences, DIM)).astype(np.float32),
            )
            for i in batch
        }

    return details


@pytest.fixture
def store(tmp_path: Path) -> Iterator[QdrantStore]:
    folder = tmp_path / "qdrant"
    yield QdrantStore(connect(url=None, api_key=None, path=folder), "test", where=str(folder), server=False)
    close_local(folder)


def test_qdrant_finds_what_exact_faiss_finds(store: QdrantStore) -> None:
    vectors, ids = clustered_vectors(500), np.arange(1, 501)
    published = store.publish(vectors, ids, model_key="test@64", details=details_for(ids))
    exact = VectorIndex.build(vectors, ids, model_key="test@64", kind=FLAT)
    assert isinstance(published, SearchBackend) and published.count == 500
    for query in clustered_vectors(20, seed=3):
        ours, theirs = published.search(query, k=K), exact.search(query, k=K)
        assert [pid for pid, _ in ours] == [pid for pid, _ in theirs]
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
    assert np.allclose(published.vector(7), vectors[6])
    assert published.vector(9999) is None
    assert list(published.ids()) == list(ids)


def test_search_among_some_passages_is_one_filtered_search_and_matches_faiss(store: QdrantStore) -> None:
    vectors, ids = clustered_vectors(500), np.arange(1, 501)
    published = store.publish(vectors, ids, model_key="test@64", details=details_for(ids))
    exact = VectorIndex.build(vectors, ids, model_key="test@64", kind=FLAT)
    among = [int(i) for i in ids[::7]] + [9999]  # a period's passages; 9999 is not indexed
    for query in clustered_vectors(10, seed=5):
        ours, theirs = published.search_among(query, among, k=K), exact.search_among(query, among, k=K)
        assert [pid for pid, _ in ours] == [pid for pid, _ in theirs] and len(ours) == K
        assert {pid for pid, _ in ours} <= set(among)
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
    everyone = published.search_among(clustered_vectors(1, seed=6)[0], among, k=len(among), exact=True)
    assert sorted(pid for pid, _ in everyone) == sorted(among[:-1])


def test_payloads_and_sentence_vectors_come_back_from_qdrant(store: QdrantStore) -> None:
    vectors, ids = clustered_vectors(30), np.arange(1, 31)
    details = details_for(ids, sentences=3)
    store.publish(vectors, ids, model_key="test@64", details=details)
    index = store.load()
    assert index is not None
    found = index.details([4, 5])
    payload, sentences = found[4]
    assert payload == details([4])[4][0] and payload["date"] == "2016-10-05"
    assert np.allclose(sentences, details([4])[4][1])


def test_a_new_build_goes_live_by_switching_the_alias(store: QdrantStore) -> None:
    first = store.publish(clustered_vectors(20), np.arange(1, 21), model_key="test@64")
    stamp = store.stamp()
    assert store.live_collection() == first.collection == "test-v1"
    second = store.publish(clustered_vectors(30), np.arange(1, 31), model_key="test@64")
    assert store.stamp() != stamp and store.live_collection() == second.collection == "test-v2"
    assert first.count == 20 and first.search(clustered_vectors(1)[0], k=3), "the old version still answers"
    third = store.publish(clustered_vectors(10), np.arange(1, 11), model_key="test@64")
    assert sorted(store.versions()) == ["test-v2", "test-v3"], "the live one and the one before it are kept"
    loaded = store.load()
    assert loaded is not None and loaded.collection == third.collection and loaded.count == 10
    assert store.current_meta()["complete"] is True


def test_a_half_built_collection_is_deleted_by_the_next_build(store: QdrantStore) -> None:
    store.publish(clustered_vectors(20), np.arange(1, 21), model_key="test@64")
    store._create("test-v2", DIM, {"complete": False})  # what a build killed while uploading leaves
    store.client.upsert("test-v2", points=[PointStruct(id=1, vector={"passage": [0.0] * DIM})])
    assert store.live_collection() == "test-v1"
    fresh = store.publish(clustered_vectors(25), np.arange(1, 26), model_key="test@64")
    assert fresh.collection == "test-v3" and set(store.versions()) == {"test-v1", "test-v3"}


def test_qdrant_refuses_an_index_of_another_model(store: QdrantStore) -> None:
    store.publish(clustered_vectors(5), np.arange(1, 6), model_key="test@64")
    store.check_model("test@64")
    with pytest.raises(IndexMismatchError, match="Qdrant collection test"):
        store.check_model("other@64")


def test_the_backend_is_chosen_by_vector_backend(tmp_path: Path) -> None:
    faiss_store = open_vector_store(Settings(_env_file=None, data_dir=tmp_path))
    assert "faiss" in faiss_store.describe()
    settings = Settings(_env_file=None, data_dir=tmp_path, vector_backend="qdrant", qdrant_api_key="s3cret")
    qdrant_store = open_vector_store(settings)
    assert isinstance(qdrant_store, QdrantStore) and qdrant_store.where == str(tmp_path / "qdrant")
    assert "s3cret" not in repr(settings) and "s3cret" not in qdrant_store.describe()
    close_local(tmp_path / "qdrant")
    with pytest.raises(ValueError, match="unknown vector backend"):
        open_vector_store(settings, "annoy")


@pytest.mark.qdrant_server
def test_the_same_calls_work_against_a_qdrant_server() -> None:
    url = os.environ.get("QDRANT_URL")
    if not url:
        pytest.skip("QDRANT_URL is not set: no Qdrant server to test against (docs/scale.md)")
    client = connect(url=url, api_key=os.environ.get("QDRANT_API_KEY") or None, path=Path("unused"))
    name = f"crisisbot-test-{uuid.uuid4().hex[:8]}"
    store = QdrantStore(client, name, where=url, server=True, quantization="int8")
    vectors, ids = clustered_vectors(2_000), np.arange(1, 2_001)
    try:
        store.publish(vectors, ids, model_key="test@64", details=details_for(ids))
        index = store.publish(vectors, ids, model_key="test@64", details=details_for(ids))
        exact = VectorIndex.build(vectors, ids, model_key="test@64", kind=FLAT)
        queries = clustered_vectors(50, seed=3)
        found = sum(len({p for p, _ in index.search(q, k=K)} & {p for p, _ in exact.search(q, k=K)}) for q in queries)
        assert found / (K * len(queries)) >= 0.95
        assert index.details([5])[5][0]["lang"] == "de"
    finally:
        for collection in store.versions():
            client.delete_collection(collection)
