"""The model runtime: the OpenVINO export, its numerical check against PyTorch, and the fallback to PyTorch."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.model.embeddings import CPU_BATCH_SIZE, DocumentInput, Embedder
from index.model.model_fetch import OFFICIAL_SHA256, model_folder
from index.model.runtime import (
    CHECK_TEXTS,
    MIN_CHECK_COSINE,
    _check,
    _gemma_wrapper,
    _reference_vectors,
    openvino_folder,
    to_bf16_checked,
)
from tests.conftest import ModelSettings

pytestmark = pytest.mark.model

TEXTS = [
    "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?",
    "Who broke off the ceasefire talks?",
]
DOC = DocumentInput(
    text="Die UN schätzen, dass 275.000 Menschen eingeschlossen sind. Die Armee rückt seit Tagen vor.",
    title="Aleppo",
    spans=((0, 58), (59, 93)),
)


@pytest.fixture(scope="module")
def openvino_embedder(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Embedder:
    embedder = Embedder(model_settings(tmp_path_factory.mktemp("ov"), embedding_runtime="openvino"))
    if not embedder.runtime.startswith("openvino"):
        pytest.fail(f"the OpenVINO runtime did not load (got {embedder.runtime}); see the log for the reason")
    return embedder


@pytest.fixture(scope="module")
def torch_embedder(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Embedder:
    return Embedder(model_settings(tmp_path_factory.mktemp("pt"), embedding_runtime="torch"))


def test_the_default_runtime_is_the_checked_openvino_export(openvino_embedder: Embedder, model_settings: ModelSettings):
    settings = openvino_embedder.settings
    path = model_folder(settings.model_cache_dir)
    folder = openvino_folder(path, OFFICIAL_SHA256["model.safetensors"])
    assert (folder / "model.xml").is_file() and (folder / "head.npy").is_file()
    record = (folder / "check.json").read_text(encoding="utf-8")
    assert '"min_cosine"' in record
    assert Embedder(model_settings(settings.data_dir)).runtime == openvino_embedder.runtime  # auto = openvino


def test_openvino_and_torch_vectors_agree(openvino_embedder: Embedder, torch_embedder: Embedder):
    queries = np.sum(openvino_embedder.encode_queries(TEXTS) * torch_embedder.encode_queries(TEXTS), axis=1)
    assert queries.min() >= MIN_CHECK_COSINE
    ov_doc, pt_doc = openvino_embedder.encode_documents([DOC])[0], torch_embedder.encode_documents([DOC])[0]
    assert float(ov_doc.passage @ pt_doc.passage) >= MIN_CHECK_COSINE
    assert ov_doc.sentences.shape == pt_doc.sentences.shape == (2, 768)
    assert np.sum(ov_doc.sentences * pt_doc.sentences, axis=1).min() >= MIN_CHECK_COSINE


def test_the_check_refuses_an_export_whose_vectors_drift(openvino_embedder: Embedder, tmp_path: Path):
    settings = openvino_embedder.settings
    path = model_folder(settings.model_cache_dir)
    folder = openvino_folder(path, OFFICIAL_SHA256["model.safetensors"])
    drifted = tmp_path / "drifted"
    drifted.mkdir()
    for name in ("model.xml", "model.bin"):
        (drifted / name).symlink_to(folder / name)
    head = np.load(folder / "head.npy")
    rng = np.random.default_rng(7)
    np.save(drifted / "head.npy", head + rng.normal(scale=float(np.abs(head).mean()) * 2, size=head.shape))
    wrapper = _gemma_wrapper(path)
    reference = _reference_vectors(wrapper, openvino_embedder.model.tokenizer, head, CHECK_TEXTS)
    assert _check(folder, path, reference)["min_cosine"] >= MIN_CHECK_COSINE  # the real export passes
    with pytest.raises(RuntimeError, match="differ from PyTorch"):
        _check(drifted, path, reference)


def test_a_broken_export_falls_back_to_torch_and_says_so_once(
    openvino_embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture, model_settings: ModelSettings
):
    real = model_folder(openvino_embedder.settings.model_cache_dir)
    cache = tmp_path / "models"
    cache.mkdir()
    (cache / real.name).symlink_to(real)  # the verified model itself, under a cache of this test's own
    broken = openvino_folder(cache / real.name, OFFICIAL_SHA256["model.safetensors"])
    broken.mkdir()
    (broken / "model.xml").write_text("<net>not a model</net>", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="index.model.embeddings")
    first = Embedder(model_settings(tmp_path / "a", model_cache_dir=cache))
    assert first.runtime == "torch-cpu"
    second = Embedder(model_settings(tmp_path / "b", model_cache_dir=cache))
    assert second.runtime == "torch-cpu"
    warnings = [r.getMessage() for r in caplog.records if "embedding with PyTorch instead" in r.getMessage()]
    assert len(warnings) == 1, warnings
    vectors = first.encode_queries(TEXTS)
    assert vectors.shape == (2, 768) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    shutil.rmtree(broken)


def test_bf16_weights_are_used_only_after_the_check_and_stay_close(
    torch_embedder: Embedder, tmp_path: Path, model_settings: ModelSettings
):
    bf16 = Embedder(model_settings(tmp_path, embedding_runtime="torch", embedding_precision="bf16"))
    assert bf16.runtime == "torch-cpu-bf16" and torch_embedder.runtime == "torch-cpu"
    queries = np.sum(bf16.encode_queries(TEXTS) * torch_embedder.encode_queries(TEXTS), axis=1)
    assert queries.min() >= MIN_CHECK_COSINE
    half, full = bf16.encode_documents([DOC])[0], torch_embedder.encode_documents([DOC])[0]
    assert float(half.passage @ full.passage) >= MIN_CHECK_COSINE
    assert np.sum(half.sentences * full.sentences, axis=1).min() >= MIN_CHECK_COSINE


def test_bf16_that_drifts_past_the_bound_keeps_float32(torch_embedder: Embedder):
    backbone = torch_embedder.model
    chosen, cosine = to_bf16_checked(backbone, min_cosine=MIN_CHECK_COSINE)
    assert chosen is not backbone and chosen.name == "torch-cpu-bf16" and MIN_CHECK_COSINE <= cosine < 1.0
    kept, cosine_again = to_bf16_checked(backbone, min_cosine=cosine + 1e-6)  # just above what bf16 reaches
    assert kept is backbone and kept.name == "torch-cpu" and cosine_again == pytest.approx(cosine)


def test_the_batch_size_is_the_cpu_default_unless_set(
    openvino_embedder: Embedder, tmp_path: Path, model_settings: ModelSettings
):
    assert not openvino_embedder.on_gpu and openvino_embedder.batch_size == CPU_BATCH_SIZE == 16
    assert Embedder(model_settings(tmp_path, embed_batch_size=5)).batch_size == 5
