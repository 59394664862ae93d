"""Both settings classes read an empty value (``NAME=``) as "not set", so the documented "empty = default"
holds for every setting, from the environment and from ``.env`` alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import BotSettings
from index.settings import Settings

EMPTY_INDEX_SETTINGS = ("EMBEDDING_DIM", "EMBED_BATCH_SIZE", "ANSWER_THRESHOLD", "TORCH_THREADS", "QDRANT_SHARDS")


@pytest.mark.parametrize("name", EMPTY_INDEX_SETTINGS)
def test_an_empty_index_setting_takes_its_default(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, "")
    settings = Settings(_env_file=None)
    assert getattr(settings, name.lower()) == Settings.model_fields[name.lower()].default


def test_an_empty_value_in_dotenv_is_not_set_for_both_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EMBEDDING_DIM", "MAX_SOURCES", "ADMIN_IDS", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text("EMBEDDING_DIM=\nMAX_SOURCES=\nADMIN_IDS=\nWEBHOOK_URL=\nTELEGRAM_BOT_TOKEN=1:x\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.embedding_dim is None and settings.max_sources == 3
    bot = BotSettings(_env_file=env)
    assert bot.admin_ids == [] and bot.webhook_url is None


def test_a_set_value_still_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBEDDING_DIM", "256")
    assert Settings(_env_file=None).embedding_dim == 256
    monkeypatch.setenv("EMBEDDING_DIM", "not a number")
    with pytest.raises(ValueError, match="embedding_dim"):
        Settings(_env_file=None)


def test_pair_settings_parse_and_name_their_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSV_COLUMNS", "Text=Inhalt, title=Schlagzeile")
    monkeypatch.setenv("OUTLET_NAMES", "alaraby=Al-Araby Al-Jadeed")
    settings = Settings(_env_file=None)
    assert settings.csv_columns == {"text": "Inhalt", "title": "Schlagzeile"}
    assert settings.outlet_names == {"alaraby": "Al-Araby Al-Jadeed"}
    monkeypatch.setenv("OUTLET_NAMES", "alaraby")
    with pytest.raises(ValueError, match="OUTLET_NAMES takes slug=name pairs"):
        Settings(_env_file=None)
