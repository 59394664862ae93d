"""Damaged files are detected and named, with the way back (issue 23, findings 6, 7, 8). Fake embedder, real
faiss and SQLite; the memory-mapping test runs the engine in a child process (SIGBUS would kill pytest)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.engine import Engine
from index.settings import Settings
from index.store.archive import DamagedArchiveError
from index.store.vectors import INDEX_FILE, META_FILE, POINTER_FILE
from tests.conftest import REPO
from tests.fake_embedder import FakeEmbedder
from tests.index.test_crash_safety import write_articles

QUESTION = "Aleppo Konvoi Waffenruhe Krankenhaus"


def built(tmp_path: Path, articles: int = 6) -> tuple[Settings, Path]:
    folder = tmp_path / "sources"
    write_articles(folder, articles)
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", archive_sources=[str(folder)])
    report = Engine(settings, embedder=FakeEmbedder()).reindex()
    assert report.added == articles
    index_root = settings.data_dir / "index"
    assert (index_root / POINTER_FILE).exists(), sorted(p.name for p in settings.data_dir.iterdir())
    return settings, index_root


def live_folder(index_root: Path) -> Path:
    return index_root / (index_root / POINTER_FILE).read_text().strip()


@pytest.mark.parametrize("damage", ["empty", "dangling"])
def test_a_damaged_current_is_named_in_the_log_and_reindex_repairs_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    """Finding 6: an empty or dangling CURRENT answered "nothing found" and reported indexed 0, silently."""
    settings, index_root = built(tmp_path)
    (index_root / POINTER_FILE).write_text("" if damage == "empty" else "index-gone", encoding="utf-8")
    embedder = FakeEmbedder()
    with caplog.at_level(logging.ERROR):
        engine = Engine(settings, embedder=embedder)
        answer = engine.ask(QUESTION)
    assert not answer.answered
    assert any(
        POINTER_FILE in record.getMessage() and "crisisbot reindex" in record.getMessage() for record in caplog.records
    ), [r.getMessage() for r in caplog.records]
    report = engine.reindex()
    assert report.passages_embedded == 0, "rebuilt from the vector cache"
    assert engine.ask(QUESTION).answered


def test_a_truncated_meta_json_neither_stops_the_start_nor_the_repair(tmp_path: Path) -> None:
    """Finding 6: a truncated meta.json stopped the bot from starting and `crisisbot reindex` with JSONDecodeError."""
    settings, index_root = built(tmp_path)
    meta = live_folder(index_root) / META_FILE
    meta.write_text(meta.read_text()[:20], encoding="utf-8")
    engine = Engine(settings, embedder=FakeEmbedder())  # raised JSONDecodeError
    assert not engine.ask(QUESTION).answered
    report = engine.reindex()
    assert report.passages_embedded == 0
    assert engine.ask(QUESTION).answered
    assert engine.stats().indexed_passages == 24


def test_a_truncated_index_after_a_restart_is_named_and_repaired(tmp_path: Path, caplog) -> None:
    """Finding 7, second half: restarted on a truncated vectors.faiss, every question failed with a faiss
    RuntimeError until a reindex."""
    settings, index_root = built(tmp_path)
    os.truncate(live_folder(index_root) / INDEX_FILE, 100)
    with caplog.at_level(logging.ERROR):
        engine = Engine(settings, embedder=FakeEmbedder())
        assert not engine.ask(QUESTION).answered
    assert any(INDEX_FILE in record.getMessage() for record in caplog.records)
    assert engine.reindex().passages_embedded == 0
    assert engine.ask(QUESTION).answered


def test_a_damaged_new_index_leaves_the_last_good_one_answering(tmp_path: Path) -> None:
    settings, index_root = built(tmp_path)
    engine = Engine(settings, embedder=FakeEmbedder())
    assert engine.ask(QUESTION).answered
    (index_root / POINTER_FILE).write_text("index-that-was-never-written", encoding="utf-8")
    time.sleep(0.01)
    assert engine.ask(QUESTION).answered, "answers from the index in memory"


CHILD = """
import sys, time
from pathlib import Path
from index.engine import Engine
from index.settings import Settings
from tests.fake_embedder import FakeEmbedder

engine = Engine(Settings(_env_file=None, data_dir=Path(sys.argv[1])), embedder=FakeEmbedder())
first = engine.ask(sys.argv[3]).answered
Path(sys.argv[2], "asked").write_text("1")
while not Path(sys.argv[2], "go").exists():
    time.sleep(0.02)
second = engine.ask(sys.argv[3]).answered
print(first, second)
"""


@pytest.mark.parametrize("damage", ["truncate", "overwrite"])
def test_the_live_index_changed_in_place_under_a_running_engine_does_not_kill_it(tmp_path: Path, damage: str) -> None:
    """Finding 7: the live vectors.faiss was memory-mapped; a truncation or `cp`/`rsync --inplace` over it killed
    the running bot with SIGBUS on its next question."""
    settings, index_root = built(tmp_path, articles=30)
    marks = tmp_path / "marks"
    marks.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(settings.data_dir), str(marks), QUESTION],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (marks / "asked").exists():
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.02)
    live = live_folder(index_root) / INDEX_FILE
    if damage == "truncate":
        os.truncate(live, 0)
    else:  # what `cp backup/vectors.faiss` or `rsync --inplace` does: the same inode, other bytes
        with live.open("r+b") as handle:
            handle.write(b"\xff" * live.stat().st_size)
    (marks / "go").write_text("1")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, f"exit {child.returncode} (-7 is SIGBUS): {err[-500:]}"
    assert out.split() == ["True", "True"]


def test_a_damaged_archive_is_one_line_naming_the_file_and_the_backup(tmp_path: Path) -> None:
    """Finding 8: a raw sqlite3.DatabaseError traceback that named neither the file nor the way back."""
    settings, _ = built(tmp_path)
    database = settings.database_path
    for leftover in database.parent.glob(database.name + "-*"):
        leftover.unlink()
    database.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DamagedArchiveError) as raised:
        Engine(settings, embedder=FakeEmbedder())
    assert str(database) in str(raised.value) and "crisisbot backup" in str(raised.value)
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATA_DIR": str(settings.data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "index.cli", "stats"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(database) in lines[0] and "crisisbot backup" in lines[0], result.stderr


def doctor(settings: Settings, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "index.cli", "doctor"], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_doctor_names_each_damaged_file_and_what_to_do(tmp_path: Path) -> None:
    settings, index_root = built(tmp_path)
    healthy = doctor(settings, tmp_path)
    assert "PROBLEM" not in healthy.stdout.replace("PROBLEM  model", ""), healthy.stdout  # the model may be absent
    assert "24 passages" in healthy.stdout and "24 vectors" in healthy.stdout
    meta = live_folder(index_root) / META_FILE
    meta.write_text("{", encoding="utf-8")
    damaged = doctor(settings, tmp_path)
    assert damaged.returncode == 1
    [line] = [line for line in damaged.stdout.splitlines() if line.startswith("PROBLEM  index")]
    assert str(meta) in line and "crisisbot reindex" in line
    settings.database_path.write_bytes(b"garbage" * 500)
    for leftover in settings.database_path.parent.glob(settings.database_path.name + "-*"):
        leftover.unlink()
    broken = doctor(settings, tmp_path)
    [line] = [line for line in broken.stdout.splitlines() if line.startswith("PROBLEM  archive")]
    assert str(settings.database_path) in line and "crisisbot backup" in line
    assert "Traceback" not in broken.stderr
