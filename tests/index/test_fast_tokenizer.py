"""The OpenVINO path's tokenizer (``tokenizers`` alone) gives transformers' tokens, and a cold start skips torch.

A sample of bench/tokenizer_equality.py's inputs (2 paragraphs per XQuAD language with their questions and
sentences, 2 articles per corpus, and a text longer than the model's 2,048 tokens); the bench compares all
17,424 texts of ../shared (0 differences, docs/scale.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.tokenizer_equality import _prompts, differences, inputs
from index.model.fast_tokenizer import JsonTokenizer
from index.model.model_fetch import OFFICIAL_SHA256, model_folder
from index.model.runtime import openvino_available, openvino_folder
from tests.conftest import REPO, ModelSettings


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Path:
    return model_folder(model_settings(tmp_path_factory.mktemp("tok")).model_cache_dir)


def test_same_tokens_as_transformers_on_a_sample_of_shared(model_path: Path, shared: Path) -> None:
    from transformers import AutoTokenizer

    max_length = int(json.loads((model_path / "sentence_bert_config.json").read_text())["max_seq_length"])
    reference = AutoTokenizer.from_pretrained(str(model_path))
    fast = JsonTokenizer(model_path, max_length=max_length)
    texts = [text for _, text in inputs(shared, _prompts(model_path), limit=2)]
    long_text = _prompts(model_path)["document"] + " ".join(texts[:80])  # truncated: more than 2,048 tokens
    texts.append(long_text)
    assert len(texts) > 400
    assert len(fast([long_text])["input_ids"][0]) == max_length
    for begin in range(0, len(texts), 32):
        assert differences(reference, fast, texts[begin : begin + 32], max_length) == []


def test_a_different_max_length_is_refused(model_path: Path) -> None:
    fast = JsonTokenizer(model_path, max_length=2048)
    with pytest.raises(ValueError, match="always truncates to 2048"):
        fast(["x"], truncation=True, max_length=512)


def test_a_cold_openvino_query_imports_neither_torch_nor_transformers(
    model_path: Path, tmp_path: Path, model_settings: ModelSettings
) -> None:
    if not openvino_available() or not (openvino_folder(model_path, OFFICIAL_SHA256["model.safetensors"])).exists():
        pytest.skip("the OpenVINO export is not there yet (made on first use; tests/index/test_runtime.py)")
    if Path("/dev/nvidiactl").exists():
        pytest.skip("a machine with an NVIDIA driver asks torch whether it has a GPU (EMBEDDING_DEVICE=auto)")
    settings = model_settings(tmp_path)
    code = (
        "import sys\n"
        "from index.model.embeddings import Embedder\n"
        "from index.settings import Settings\n"
        f"embedder = Embedder(Settings(_env_file=None, data_dir={str(tmp_path)!r}, "
        f"model_cache_dir={str(settings.model_cache_dir)!r}))\n"
        "vector = embedder.encode_queries(['Wer hat die Gespräche abgebrochen?'])\n"
        "print(embedder.runtime, vector.shape, 'torch' in sys.modules, 'transformers' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "EMBEDDING_DEVICE": "auto"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    runtime, *_, torch_loaded, transformers_loaded = done.stdout.split()
    assert runtime.startswith("openvino")
    assert (torch_loaded, transformers_loaded) == ("False", "False")
