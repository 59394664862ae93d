"""Ingest, reindex and index bookkeeping with the real model on small archives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.engine import Engine
from index.store.vectors import IndexMismatchError
from tests.conftest import ModelSettings

BRIEF_DE = (
    "date 2016-10-05\n\n# Hilfe für Aleppo\n\n"
    "Das Rote Kreuz fordert Zugang zu den belagerten Vierteln im Osten Aleppos."
)
BRIEF_EN = (
    "# Talks resume\n\nRussian and US diplomats met again in Lausanne on Saturday to discuss a ceasefire for Aleppo."
)


@pytest.fixture(params=["faiss", "qdrant"])
def backend_settings(request: pytest.FixtureRequest, model_settings: ModelSettings) -> ModelSettings:
    """``model_settings`` on either vector backend (Qdrant: qdrant-client's local mode in the data folder)."""
    return lambda data_dir, **overrides: model_settings(data_dir, vector_backend=request.param, **overrides)


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.md").write_text(BRIEF_DE, encoding="utf-8")
    (folder / "b.md").write_text(BRIEF_EN, encoding="utf-8")
    return folder


def test_ingest_twice_changes_nothing(tmp_path: Path, archive_dir: Path, backend_settings: ModelSettings):
    engine = Engine(backend_settings(tmp_path / "data"))
    first = engine.ingest([archive_dir])
    assert (first.added, first.unchanged, first.passages_embedded) == (2, 0, 2)
    before = engine.stats()
    again = engine.ingest([archive_dir])
    assert (again.added, again.changed, again.unchanged, again.passages_embedded) == (0, 0, 2, 0)
    after = engine.stats()
    assert (after.articles, after.passages, after.indexed_passages) == (before.articles, before.passages, 2)


def test_reindex_counts_added_changed_removed(tmp_path: Path, archive_dir: Path, backend_settings: ModelSettings):
    engine = Engine(backend_settings(tmp_path / "data", archive_sources=[str(archive_dir)]))
    assert engine.reindex().added == 2
    (archive_dir / "a.md").write_text(BRIEF_DE + " Die UN unterstützen die Forderung.", encoding="utf-8")
    (archive_dir / "b.md").unlink()
    (archive_dir / "c.txt").write_text("Neue Meldung über Idlib. Dort wurde gekämpft.", encoding="utf-8")
    report = engine.reindex()
    assert (report.added, report.changed, report.removed) == (1, 1, 1)
    assert report.passages_embedded == 2
    assert engine.stats().articles == 2
    answer = engine.ask("Was fordert das Rote Kreuz?")
    assert answer.answered and "Zugang" in answer.quote


def test_malformed_jsonl_is_reported_and_the_good_lines_are_ingested(tmp_path: Path, model_settings: ModelSettings):
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "1", "title": "Waffenruhe", "text": "Die Waffenruhe in Syrien hielt sieben Tage."}),
        '{"id": "2", "text": "kaputt',
        json.dumps(
            {"id": "3", "title": "Aid", "lang": "en", "text": "Aid convoys reached the city of Homs on Friday."}
        ),
    ]
    feed.write_text("\n".join(lines), encoding="utf-8")
    engine = Engine(model_settings(tmp_path / "data"))
    report = engine.ingest([feed])
    assert report.added == 2
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{feed}:2: not valid JSON")
    assert engine.ask("How long did the ceasefire hold?").answered


def test_an_index_refuses_another_model(tmp_path: Path, archive_dir: Path, backend_settings: ModelSettings):
    data = tmp_path / "data"
    Engine(backend_settings(data)).ingest([archive_dir])
    with pytest.raises(IndexMismatchError, match="was built with embeddinggemma-300m@full"):
        Engine(backend_settings(data, embedding_dim=256))
    with pytest.raises(IndexMismatchError, match="reindex --rebuild"):
        Engine(backend_settings(data, embedding_model=str(tmp_path / "some-other-model")))


def test_an_empty_archive_answers_nothing(tmp_path: Path, backend_settings: ModelSettings):
    engine = Engine(backend_settings(tmp_path / "data"))
    answer = engine.ask("Wer hat die Gespräche abgebrochen?")
    assert not answer.answered and answer.best is None


def test_an_int8_quantised_model_answers_and_is_its_own_vector_space(
    tmp_path: Path, archive_dir: Path, model_settings: ModelSettings
):
    data = tmp_path / "data"
    engine = Engine(model_settings(data, embedding_quantization="int8"))
    assert engine.ingest([archive_dir]).added == 2
    answer = engine.ask("Was fordert das Rote Kreuz?")
    assert answer.answered and "Zugang" in answer.quote
    with pytest.raises(IndexMismatchError, match=r"built with embeddinggemma-300m@full\+int8"):
        Engine(model_settings(data))


def test_late_only_sentence_vectors_answer_with_their_own_threshold(
    tmp_path: Path, archive_dir: Path, model_settings: ModelSettings
):
    engine = Engine(model_settings(tmp_path / "data", separate_sentence_vectors=False))
    engine.ingest([archive_dir])
    assert engine.threshold < Engine(model_settings(tmp_path / "other")).threshold
    assert "Zugang" in engine.ask("Was fordert das Rote Kreuz?").quote
    assert not engine.ask("Wie hoch ist der Eiffelturm?").answered
