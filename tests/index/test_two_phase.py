"""The two-phase reindex (issue 29): the index is published after the passage pass, the separate sentence vectors
are embedded afterwards, and the result is bit for bit the one-phase result.

Real model, the demo archive (6 passages), one passage per batch: the second phase commits in two groups (4 + 2
passages), so that a kill after the first leaves work to resume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.engine import Engine
from index.failpoints import KILL_AT_VARIABLE
from index.store.archive import Archive
from tests.conftest import REPO, ModelSettings

DEMO = REPO / "demo" / "archive"
QUESTIONS = ("Wer hat die Gespräche abgebrochen?", "How many people are trapped in eastern Aleppo?")


def vector_rows(archive: Archive) -> dict[str, tuple[bytes, bytes, bytes | None]]:
    rows = archive.db.execute("SELECT key, passage, sentences, late FROM vectors").fetchall()
    return {key: (passage, sentences, late) for key, passage, sentences, late in rows}


def answers(engine: Engine) -> list[dict]:
    return [engine.ask(question).to_dict() for question in QUESTIONS]


@pytest.fixture(scope="module")
def one_phase(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> tuple[dict, list[dict]]:
    """Vectors and answers of today's one-phase reindex (``REFINE_SENTENCES_LATER=false``)."""
    data = tmp_path_factory.mktemp("one-phase")
    engine = Engine(model_settings(data, embed_batch_size=1, refine_sentences_later=False))
    report = engine.ingest([DEMO])
    assert report.passages_embedded == 6 and report.passages_refined == 0
    assert engine.stats().refining_passages == 0
    return vector_rows(engine.archive), answers(engine)


def test_two_phases_give_the_one_phase_vectors_and_answers_bit_for_bit(
    one_phase: tuple[dict, list[dict]], tmp_path: Path, model_settings: ModelSettings
) -> None:
    engine = Engine(model_settings(tmp_path, embed_batch_size=1))
    assert engine.builder.two_phase
    report = engine.ingest([DEMO])
    assert (report.passages_embedded, report.passages_refined) == (6, 6)
    assert 0 < report.answerable_s < report.took_s
    assert engine.stats().refining_passages == 0
    rows, expected = one_phase
    assert vector_rows(engine.archive) == rows  # passage and sentence vectors identical, nothing left pending
    assert [_without_timing(a) for a in answers(engine)] == [_without_timing(a) for a in expected]


def test_a_reindex_killed_while_refining_is_answerable_and_resumes_without_embedding_again(
    one_phase: tuple[dict, list[dict]], tmp_path: Path, model_settings: ModelSettings
) -> None:
    settings = model_settings(tmp_path, embed_batch_size=1)
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "ARCHIVE_SOURCES": str(DEMO),
        "EMBED_BATCH_SIZE": "1",
        "MODEL_CACHE_DIR": str(settings.model_cache_dir),
        "PYTHONPATH": str(REPO),
        KILL_AT_VARIABLE: "refine@1",  # SIGKILL after the first group's refined vectors are committed
    }
    command = [sys.executable, "-m", "index.cli", "reindex"]
    child = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert child.returncode == -9, child.stderr[-2000:]

    engine = Engine(settings)
    assert engine.stats().indexed_passages == 6  # published before the kill: answerable
    assert engine.stats().refining_passages == 2  # the second group waits
    halfway = vector_rows(engine.archive)
    rows, expected = one_phase
    assert {key: row[0] for key, row in halfway.items()} == {key: row[0] for key, row in rows.items()}
    for got, want in zip(answers(engine), expected, strict=True):  # in between: the same articles, real quotes
        assert got["answered"] == want["answered"]
        if got["answered"]:
            article_id = got["article"]["id"]
            assert article_id == want["article"]["id"]
            text = engine.archive.article_refs([article_id])[article_id][1]
            assert text[got["quote_start"] : got["quote_end"]] == got["quote"]

    env.pop(KILL_AT_VARIABLE)
    child = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-2000:]
    assert "0 passages embedded" in child.stdout and "2 refined after" in child.stdout, child.stdout
    assert engine.stats().refining_passages == 0
    assert vector_rows(engine.archive) == rows  # resumed: the one-phase vectors, bit for bit
    assert [_without_timing(a) for a in answers(engine)] == [_without_timing(a) for a in expected]


def _without_timing(answer: dict) -> str:
    return json.dumps({k: v for k, v in answer.items() if k != "took_ms"}, sort_keys=True, ensure_ascii=False)
