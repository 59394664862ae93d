"""The Qdrant backend under the engine, with the real model (qdrant-client's local mode: no server, no network).

- ``crisisbot migrate --to qdrant`` copies a faiss-built index without embedding anything;
- the same questions give the same answers on both backends (the real October 2016 article and the demo archive);
- a reindex killed with ``kill -9`` while it uploads to Qdrant leaves the old collection live, and the next one
  finishes without embedding again and deletes the half-built collection.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.cli import main as cli_main
from index.engine import Engine
from index.failpoints import KILL_AT_VARIABLE
from index.store.qdrant_backend import close_local
from tests.conftest import REPO, SAMPLE_ARTICLE, ModelSettings, require_shared
from tests.index.test_crash_safety import write_articles

DEMO = REPO / "demo" / "archive"
QUESTIONS = (
    "Wer hat miteinander telefoniert?",
    "Warum haben die USA die Gespräche mit Russland abgebrochen?",
    "Wohin will der französische Außenminister reisen?",
    "Who asked for the phone call between the foreign ministers?",
    "What does France want the UN Security Council to adopt?",
    "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?",
    "How many civilians are trapped in eastern Aleppo?",
    "Wie hoch ist der Eiffelturm?",
    "Wer hat am 5. Oktober 2016 miteinander telefoniert?",
    "Was geschah in Aleppo im Mai 2012?",
)
"""Written for this test: questions on the October 2016 article, on the demo briefs, one the archive cannot
answer, and two with a period (in the archive's dates, and before them: the archive's range comes back), which a
bot instance without the archive filters by the collection's ``day`` payload."""


def comparable(answer_dict: dict) -> dict:
    """An answer's JSON without its timing, scores to 3 decimals (local mode computes dot products in numpy)."""
    drop = {"took_ms", "score", "confidence"}
    result = {key: value for key, value in answer_dict.items() if key not in drop}
    result["sources"] = [{k: v for k, v in source.items() if k not in drop} for source in answer_dict["sources"]]
    result["rounded"] = [round(answer_dict[key] or 0.0, 3) for key in ("score", "confidence")]
    return result


class NoEmbedding:
    """Stands in for the embedder's encoders while migrating: any call fails the test."""

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("migrate embedded something")


def test_migrate_copies_the_faiss_index_and_both_backends_answer_alike(
    tmp_path: Path, model_settings: ModelSettings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    article = require_shared(SAMPLE_ARTICLE)
    data = tmp_path / "data"
    on_faiss = Engine(model_settings(data))
    report = on_faiss.ingest([article, DEMO])
    assert report.added == 7 and not report.errors
    before = {question: on_faiss.ask(question).to_dict() for question in QUESTIONS}

    embedder = on_faiss.embedder
    monkeypatch.setattr(embedder, "encode_documents", NoEmbedding())
    monkeypatch.setattr(embedder, "encode_queries", NoEmbedding())
    copied, source, target = on_faiss.migrate_index("qdrant")
    assert copied == on_faiss.stats().indexed_passages == on_faiss.stats().passages
    assert source.startswith("faiss") and target.startswith("qdrant") and "crisisbot-v1" in target
    monkeypatch.undo()

    on_qdrant = Engine(model_settings(data, vector_backend="qdrant"), embedder=embedder)
    assert on_qdrant.stats().indexed_passages == copied
    for question, expected in before.items():
        assert comparable(on_qdrant.ask(question).to_dict()) == comparable(expected), question
    answered = [question for question, expected in before.items() if expected["answered"]]
    assert len(answered) >= 6 and not before["Wie hoch ist der Eiffelturm?"]["answered"]

    index = on_qdrant.builder.current()
    payload, sentences = index.details([before[QUESTIONS[0]]["passage"]["id"]])[before[QUESTIONS[0]]["passage"]["id"]]
    assert payload["title"] and payload["date"].startswith("2016-10") and payload["lang"] == "de"
    assert payload["text"] in (article.read_text(encoding="utf-8")) and len(sentences) == len(payload["sentences"])

    with pytest.raises(ValueError, match="already qdrant"):
        on_qdrant.migrate_index("qdrant")

    # A bot instance with an empty DATA_DIR of its own (its usage log) answers from the collection alone. Without
    # the archive's FTS5 it has no lexical bonus: its answers are those of the archive with LEXICAL_WEIGHT 0.
    instance = Engine(
        model_settings(tmp_path / "instance", vector_backend="qdrant", qdrant_path=data / "qdrant"), embedder=embedder
    )
    assert instance.stats().articles == 0 and instance.stats().indexed_passages == copied
    on_faiss.answerer.retriever.lexical_weight = 0.0
    for question in QUESTIONS:
        expected = comparable(on_faiss.ask(question).to_dict())
        assert comparable(instance.ask(question).to_dict()) == expected, question
    assert instance.ask(QUESTIONS[1]).answered
    dated, before_archive = instance.ask(QUESTIONS[-2]), instance.ask(QUESTIONS[-1])
    assert dated.period is not None and dated.answered and not dated.out_of_range
    assert before_archive.out_of_range and before_archive.archive_range == on_faiss.ask(QUESTIONS[-1]).archive_range


def test_migrate_command_refuses_an_empty_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EMBEDDING_MODEL", str(tmp_path / "no-model"))  # never loaded: nothing to embed
    assert cli_main(["migrate", "--to", "qdrant"]) == 2
    assert "no index to copy" in capsys.readouterr().err
    close_local(tmp_path / "data" / "qdrant")


def reindex_process(data: Path, folder: Path, kill_at: str | None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "ARCHIVE_SOURCES": str(folder),
        "PYTHONPATH": str(REPO),
        "VECTOR_BACKEND": "qdrant",
    }
    env.pop(KILL_AT_VARIABLE, None)
    if kill_at:
        env[KILL_AT_VARIABLE] = kill_at
    command = [sys.executable, "-m", "index.cli", "reindex"]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_a_reindex_killed_while_uploading_to_qdrant_resumes_without_embedding(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder, data = tmp_path / "sources", tmp_path / "data"
    write_articles(folder, 2)
    settings = model_settings(data, archive_sources=[str(folder)], vector_backend="qdrant")
    engine = Engine(settings)
    assert engine.reindex().passages_embedded == 8
    embedder = engine.embedder
    close_local(data / "qdrant")  # local mode: one process at a time holds the folder

    write_articles(folder, 2, first=2)
    child = reindex_process(data, folder, kill_at="qdrant-upload")  # killed after the first batch is upserted
    assert child.returncode == -9, child.stderr[-2000:]

    engine = Engine(settings, embedder=embedder)
    store = engine.builder.store
    assert store.live_collection() == "crisisbot-v1", "the old collection stays live"
    assert set(store.versions()) == {"crisisbot-v1", "crisisbot-v2"}, "the half-built one is left over"
    assert engine.stats().indexed_passages == 8
    report = engine.reindex()
    assert report.passages_embedded == 0, "the killed run's vectors are in the archive's cache"
    assert store.live_collection() == "crisisbot-v3" and set(store.versions()) == {"crisisbot-v1", "crisisbot-v3"}
    assert engine.stats().indexed_passages == 16
    index = engine.builder.current()
    assert index is not None and len(index.ids()) == 16
    assert "Meldung 3" in {payload["title"] for payload, _ in index.details([int(i) for i in index.ids()]).values()}
