"""``crisisbot backup``: a consistent, checked copy of the data folder that answers like its source, made while
others write, refused where it would overwrite something, and never half-made (a killed run leaves no backup)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from index.engine import BackupError, Engine, ReindexRunning
from index.failpoints import KILL_AT_VARIABLE
from index.locks import ProcessLock
from index.store.backup import PARTIAL_SUFFIX
from tests.conftest import REPO, SAMPLE_ARTICLE, ModelSettings, require_shared

QUESTIONS = (
    "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?",
    "Who broke off the talks?",
)


@pytest.fixture(scope="module")
def own_engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    """An archive of the real October 2016 article that these tests may write to."""
    engine = Engine(model_settings(tmp_path_factory.mktemp("source")))
    report = engine.ingest([require_shared(SAMPLE_ARTICLE)])
    assert report.added == 1 and not report.errors
    return engine


def test_a_backup_answers_like_its_source(own_engine: Engine, tmp_path: Path, model_settings: ModelSettings):
    target = tmp_path / "backup"
    stop = threading.Event()
    writes = 0

    def keep_writing() -> None:  # another connection writes all along, as the bot's usage log does
        nonlocal writes
        connection = sqlite3.connect(own_engine.settings.database_path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
        while not stop.is_set():
            with connection:
                connection.execute("INSERT INTO scratch VALUES (?)", [writes])
            writes += 1
        connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        report = own_engine.backup(target)
    finally:
        stop.set()
        writer.join()
    stats = own_engine.stats()
    assert (report.articles, report.passages) == (stats.articles, stats.passages) == (1, report.vectors)
    assert report.vectors > 0 and writes > 0
    assert not target.with_name(target.name + PARTIAL_SUFFIX).exists()
    copy = Engine(model_settings(target))
    for question in QUESTIONS:
        original, restored = own_engine.ask(question), copy.ask(question)
        assert restored.answered and original.best is not None and restored.best is not None
        assert (restored.best.quote, restored.best.article.title) == (original.best.quote, original.best.article.title)
    copy.close()


def test_a_backup_never_overwrites_and_waits_for_no_reindex(own_engine: Engine, tmp_path: Path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BackupError, match="not empty"):
        own_engine.backup(taken)
    assert [p.name for p in taken.iterdir()] == ["notes.txt"] and not (tmp_path / "taken.partial").exists()
    with ProcessLock(own_engine.settings.data_dir / "reindex.lock"), pytest.raises(ReindexRunning):
        own_engine.backup(tmp_path / "during-a-reindex")  # as another process's reindex would hold it
    assert not (tmp_path / "during-a-reindex").exists()


def _backup_process(data: Path, target: Path, *, kill_at: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
    env.pop(KILL_AT_VARIABLE, None)
    if kill_at:
        env[KILL_AT_VARIABLE] = kill_at
    command = [sys.executable, "-m", "index.cli", "backup", str(target)]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_a_killed_backup_leaves_no_backup_and_the_next_one_completes(own_engine: Engine, tmp_path: Path):
    target = tmp_path / "nightly"
    killed = _backup_process(own_engine.settings.data_dir, target, kill_at="backup")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert not target.exists() and target.with_name("nightly" + PARTIAL_SUFFIX).is_dir()
    done = _backup_process(own_engine.settings.data_dir, target, kill_at=None)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "checked" in done.stdout and f"DATA_DIR={target}" in done.stdout
    assert (target / "archive.db").is_file() and (target / "index" / "CURRENT").is_file()
    assert not target.with_name("nightly" + PARTIAL_SUFFIX).exists()
