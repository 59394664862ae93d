"""An archive made by the code from before the conversation store (commit a5cef22) keeps every question, vote,
follow and its alert progress when the bot first starts: they move into the store (SQLite and PostgreSQL) and
leave archive.db; a start killed half-way and started again loses and doubles nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from bot.config import BotSettings
from bot.conversations import open_conversations
from bot.conversations.legacy import import_archive
from bot.upkeep import open_store
from index.engine import Engine
from index.settings import Settings
from index.store.legacy import LEGACY_TABLES

REPO = Path(__file__).resolve().parents[2]
BEFORE_THE_STORE = "a5cef22"
OLD_WRITER = r"""
import json, sys
from pathlib import Path
from index.store.archive import Archive

archive = Archive(Path(sys.argv[1]))
with archive.transaction():
    for n in range(3):
        archive.upsert_article({"id": f"art{n}", "title": f"T{n}", "date": "2016-10-0" + str(n + 1), "source": "S",
                                "url": None, "lang": "de", "text": f"Text {n}", "content_hash": f"h{n}", "words": 2,
                                "extra": None, "ingested_at": f"2016-10-0{n + 1}T12:00:00+00:00"})
usage = archive.usage
ids = [usage.record_question({"chat_id": 5, "user_id": 6, "question": f"Frage {n}?", "lang": "de", "answered": n % 2,
                              "article_id": "art1" if n % 2 else None, "quote": "Zitat" if n % 2 else None,
                              "score": 0.5, "took_ms": 100.0 + n}) for n in range(4)]
usage.set_reply_message(ids[1], 77)
usage.record_feedback(ids[1], value=1, user_id=6, chat_id=5)
usage.record_feedback(ids[1], value=-1, user_id=8, chat_id=5)
usage.record_feedback(ids[3], value=1, user_id=6, chat_id=5)
archive.follows.add(5, "Aleppo", "de")
archive.follows.add(-100, "Waffenruhe", None)
archive.follows.mark_checked(["art0", "art1"])
print(json.dumps({"questions": ids}))
"""


@pytest.fixture(scope="module")
def old_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``index`` package as it was at a5cef22 (git archive), for a subprocess to write an old archive."""
    found = subprocess.run(["git", "-C", str(REPO), "archive", BEFORE_THE_STORE, "index"], capture_output=True)
    if found.returncode:
        pytest.skip(f"commit {BEFORE_THE_STORE} is not in this clone: {found.stderr.decode().strip()}")
    folder = tmp_path_factory.mktemp("a5cef22")
    with tarfile.open(fileobj=BytesIO(found.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder


def _old_archive(old_code: Path, data_dir: Path) -> list[int]:
    data_dir.mkdir(parents=True, exist_ok=True)
    written = subprocess.run(
        [sys.executable, "-c", OLD_WRITER, str(data_dir / "archive.db")],
        env={**os.environ, "PYTHONPATH": str(old_code)},
        cwd=old_code,  # `python -c` puts the working folder first on sys.path: the old code, not this one
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(written.stdout.strip().splitlines()[-1])["questions"]


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def test_an_old_archives_readers_data_moves_into_the_store_losing_nothing(old_code, store_url, tmp_path):
    data_dir = tmp_path / "data"
    ids = _old_archive(old_code, data_dir)
    settings = Settings(_env_file=None, data_dir=data_dir)
    engine = Engine(settings)
    assert engine.article_sequence() == 3  # the old articles were numbered in ingestion order on open

    rows = engine.legacy_conversations()
    assert rows is not None
    first = open_conversations(store_url)
    assert import_archive(first.engine, rows) == 4 + 3 + 2
    first.close()  # "killed" here: copied and committed, the archive's tables not yet dropped
    assert {"questions", "feedback", "follows", "alert_checked"} <= _tables(data_dir / "archive.db")

    conversations = open_store(settings, BotSettings(_env_file=None, database_url=store_url), engine)
    engine.close()
    try:
        store = conversations.store
        assert not set(LEGACY_TABLES) & _tables(data_dir / "archive.db")
        assert store.stats() == {"questions": 4, "feedback_up": 2, "feedback_down": 1, "median_answer_ms": 101.5}
        assert store.follow_up(5, 77) == ("Frage 1?", "art1")
        assert store.unanswered(days=1) == ["Frage 0?", "Frage 2?"]
        assert store.record_feedback(ids[1], value=1, user_id=6, chat_id=5).value == "again"  # the ids were kept
        assert [(f.chat_id, f.topic, f.lang, f.since_seq) for f in store.all_follows()] == [
            (5, "Aleppo", "de", 3),
            (-100, "Waffenruhe", None, 3),
        ]
        assert conversations.alerts.watermark() == 2  # art0 and art1 had been looked at, art2 not
        new = store.record_question({"chat_id": 5, "user_id": 6, "question": "Neu?", "answered": 0})
        assert new > max(ids)  # a new question never takes an old one's id
    finally:
        conversations.close()

    again = Engine(settings)  # a second start finds nothing to move
    assert again.legacy_conversations() is None
    again.close()


def test_a_corpus_backup_holds_no_readers_data(old_code, tmp_path):
    """Even of an archive whose readers' tables were not moved yet: the copy drops them, and no byte of a question
    is left in its free pages."""
    data_dir = tmp_path / "data"
    _old_archive(old_code, data_dir)
    engine = Engine(Settings(_env_file=None, data_dir=data_dir))
    try:
        report = engine.backup(tmp_path / "backup")
    finally:
        engine.close()
    copy = report.target / "archive.db"
    assert report.articles == 3 and not set(LEGACY_TABLES) & _tables(copy)
    assert b"Frage 1?" not in copy.read_bytes() and b"Frage 1?" in (data_dir / "archive.db").read_bytes()
