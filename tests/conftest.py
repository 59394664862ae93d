"""Shared fixtures: the ``../shared`` data folder and engines over small archives with the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.model_fetch import DEFAULT_MODEL_NAME, is_model_ready
from index.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_ARTICLE = SHARED / "corpus" / "000_b8b2fd228b1e548c.txt"
DATA = Path(__file__).resolve().parent / "data"


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's ../shared data folder (CI always has it)")
    return path


@pytest.fixture
def shared() -> Path:
    return require_shared(SHARED)


def model_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test archive; skips when the default model has not been fetched yet."""
    settings = Settings(_env_file=None, data_dir=data_dir, **overrides)
    if settings.embedding_model == DEFAULT_MODEL_NAME and not is_model_ready(settings.model_cache_dir):
        pytest.skip(f"the embedding model is not in {settings.model_cache_dir}: run `crisisbot model` first")
    return settings


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory: pytest.TempPathFactory):
    """An engine over the real October 2016 article (``../shared``), built once per test session."""
    from index.engine import Engine

    article = require_shared(SAMPLE_ARTICLE)
    engine = Engine(model_settings(tmp_path_factory.mktemp("sample")))
    report = engine.ingest([article])
    assert report.added == 1 and not report.errors
    return engine
