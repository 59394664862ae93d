"""Shared fixtures: the ``../shared`` data folder and engines over small archives with the real model.

Every test that loads the model gets it through the ``model_settings`` fixture (directly or through a fixture
built on it), and :func:`pytest_collection_modifyitems` marks those tests ``model``: ``pytest -m "not model"``
runs the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import BotSettings
from index.engine import Engine
from index.model.model_fetch import DEFAULT_MODEL_NAME, is_model_ready
from index.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_ARTICLE = SHARED / "corpus" / "000_b8b2fd228b1e548c.txt"
DATA = Path(__file__).resolve().parent / "data"
MODEL_FIXTURE = "model_settings"
BOT_VARIABLES = tuple(name.upper() for name in BotSettings.model_fields)
"""Every environment variable the bot's settings read (tests clear them so a developer's shell cannot leak in)."""

ModelSettings = Callable[..., Settings]
"""``model_settings(data_dir, **overrides)``: settings for a test archive with the real model."""


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's ../shared data folder (CI always has it)")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the model (the ``model_settings`` fixture, directly or not) get the ``model`` marker."""
    for item in items:
        if MODEL_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)


@pytest.fixture
def shared() -> Path:
    return require_shared(SHARED)


@pytest.fixture(scope="session")
def model_settings() -> ModelSettings:
    """A factory of settings for test archives; skips when the default model has not been fetched yet."""

    def make(data_dir: Path, **overrides: object) -> Settings:
        settings = Settings(_env_file=None, data_dir=data_dir, **overrides)
        if settings.embedding_model == DEFAULT_MODEL_NAME and not is_model_ready(settings.model_cache_dir):
            pytest.skip(f"the embedding model is not in {settings.model_cache_dir}: run `crisisbot model` first")
        return settings

    return make


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    """An engine over the real October 2016 article (``../shared``), built once per test session."""
    article = require_shared(SAMPLE_ARTICLE)
    engine = Engine(model_settings(tmp_path_factory.mktemp("sample")))
    report = engine.ingest([article])
    assert report.added == 1 and not report.errors
    return engine
