"""Crash safety and concurrency of the archive and the index (issue 12, data safety).

- kill -9 *inside* an article's passage writes and *inside* the prune step: every stored article still has
  exactly the passages a fresh split of its text gives, and the next reindex completes;
- a reindex of a big folder in another process never keeps the usage log waiting for more than a moment;
- an engine sees the index another engine (process) swaps in, and answers from the old passages until then;
- the swap fsyncs ``CURRENT`` and its folder.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bot.conversations import open_conversations, store_url
from index.engine import Engine
from index.failpoints import KILL_AT_VARIABLE
from index.store import vectors
from index.store.archive import Archive
from index.store.vectors import POINTER_FILE, IndexStore, VectorIndex
from index.text.passages import split_passages
from tests.conftest import REPO, ModelSettings
from tests.index.test_sync import BRIEFS, brief_folder

WORDS = (
    "Aleppo Damaskus Konvoi Waffenruhe Krankenhaus Flüchtlinge Grenze Verhandlungen Lastwagen Hilfsgüter "
    "Luftangriff Bezirk Regierung Rebellen Vereinte Nationen Beobachter Bericht Stadt Osten Westen Brücke "
    "Wasser Strom Ärzte Schule Markt Straße Dorf Armee Sprecher Minister Gespräche Genf Moskau Washington"
).split()


def long_article(number: int, paragraphs: int = 4) -> str:
    """A made-up article of ``paragraphs`` paragraphs of ~70 words: one passage each."""
    rng = random.Random(number)
    body = []
    for _ in range(paragraphs):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + "." for _ in range(7)]
        body.append(" ".join(sentences))
    return f"date 2016-10-{1 + number % 28:02d}\nsource: Demo-Archiv\n\n# Meldung {number}\n\n" + "\n\n".join(body)


def write_articles(folder: Path, count: int, *, first: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + count):
        (folder / f"long-{number:04d}.md").write_text(long_article(number), encoding="utf-8")


def reindex_in_subprocess(data: Path, folder: Path, *, kill_at: str | None) -> subprocess.Popen:
    """``crisisbot reindex`` in a child process, killed by itself (SIGKILL) at ``kill_at``."""
    env = {**os.environ, "DATA_DIR": str(data), "ARCHIVE_SOURCES": str(folder), "PYTHONPATH": str(REPO)}
    env.pop(KILL_AT_VARIABLE, None)
    if kill_at:
        env[KILL_AT_VARIABLE] = kill_at
    command = [sys.executable, "-m", "index.cli", "reindex"]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def killed(data: Path, folder: Path, kill_at: str) -> None:
    child = reindex_in_subprocess(data, folder, kill_at=kill_at)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == -9, f"not killed at {kill_at}: {stderr[-2000:]}"


def assert_whole(archive: Archive) -> dict[str, str]:
    """Every live article has exactly the passages (and FTS5 rows) of a fresh split of its text, every origin
    points at a live article, every article has an origin; returns ``article_id -> text``."""
    db = archive.db
    texts = dict(db.execute("SELECT id, text FROM articles WHERE retired IS NULL").fetchall())
    for article_id, text in texts.items():
        stored = db.execute(
            "SELECT position, start, end, text FROM passages WHERE article_id = ? ORDER BY position", [article_id]
        ).fetchall()
        fresh = [(p.position, p.start, p.end, p.text) for p in split_passages(text)]
        assert stored == fresh, f"article {article_id}: {len(stored)} of {len(fresh)} passages stored"
    lost = db.execute("SELECT COUNT(*) FROM passages WHERE id NOT IN (SELECT rowid FROM passages_fts)").fetchone()
    assert lost[0] == 0, "every passage has its lexical row"
    origins = db.execute("SELECT origin, article_id FROM origins").fetchall()
    assert all(article_id in texts for _, article_id in origins), "an origin points at a missing article"
    assert set(texts) == {article_id for _, article_id in origins}, "a live article without origin"
    return texts


# -- kill -9 inside the writes -------------------------------------------------------------------------------


def test_kill_9_inside_an_articles_passages_leaves_every_article_whole(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder, data = tmp_path / "sources", tmp_path / "data"
    write_articles(folder, 24)
    assert len(split_passages(long_article(0).split("\n\n", 2)[2])) >= 3, "several passages per article"

    killed(data, folder, "passages@20")  # inside the 20th article: after 1 of its passages was written

    archive = Archive(data / "archive.db")
    texts = assert_whole(archive)
    assert len(texts) == 16, "the first transaction (16 articles) is committed, the second not at all"
    archive.close()

    engine = Engine(model_settings(data, archive_sources=[str(folder)]))
    report = engine.reindex()
    assert not report.errors
    assert (report.added, report.unchanged, report.changed) == (8, 16, 0)
    assert len(assert_whole(engine.archive)) == 24
    assert engine.stats().indexed_passages == engine.stats().passages == 24 * 4


def test_kill_9_inside_the_prune_step_undoes_it_and_the_next_reindex_prunes(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder, data = tmp_path / "sources", tmp_path / "data"
    brief_folder(tmp_path, ["convoy.md", "ceasefire.md"])
    write_articles(folder, 3)
    engine = Engine(model_settings(data, archive_sources=[str(folder)]))
    assert engine.reindex().added == 5
    (folder / "ceasefire.md").unlink()
    (folder / "long-0001.md").unlink()
    changed = BRIEFS["convoy.md"].replace("Achtzehn", "Zwanzig")
    (folder / "convoy.md").write_text(changed, encoding="utf-8")

    killed(data, folder, "prune")  # the gone origins deleted, hand-over and orphans not yet

    texts = assert_whole(engine.archive)
    assert len(texts) == 5, "the two gone articles are still there, with their origins and passages"
    assert any("seven days" in text for text in texts.values())
    assert any("Zwanzig" in text for text in texts.values()), "the change was committed before the prune step"
    assert engine.stats().articles == 5

    report = engine.reindex()
    assert not report.errors
    assert (report.removed, report.unchanged) == (2, 3)
    texts = assert_whole(engine.archive)
    assert len(texts) == 3 and not any("seven days" in text or "Achtzehn" in text for text in texts.values())
    assert engine.archive.retired_article_ids() == [], "purged once the new index is live"
    passages = engine.archive.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    assert passages == engine.stats().indexed_passages == 1 + 2 * 4
    assert "Zwanzig" in engine.ask("Wie viele Lastwagen brannten aus?").quote


# -- the bot's writes during a reindex -----------------------------------------------------------------------


def test_a_reindex_in_another_process_never_keeps_record_question_waiting(tmp_path: Path) -> None:
    """Questions go to the conversation store, a file of its own: the reindex's write lock never reaches them."""
    folder, data = tmp_path / "sources", tmp_path / "data"
    write_articles(folder, 400)
    archive = Archive(data / "archive.db")  # the bot's archive, open before the reindex starts
    conversations = open_conversations(store_url(None, data))
    child = reindex_in_subprocess(data, folder, kill_at="archive")  # stops before embedding: no model needed
    waits: list[float] = []
    partial = 0  # calls made while part of the folder was visible (committed)
    try:
        while child.poll() is None:
            started = time.perf_counter()
            conversations.store.record_question({"question": f"Frage {len(waits)}?", "answered": 0, "took_ms": 1.0})
            waits.append(time.perf_counter() - started)
            partial += 0 < archive.db.execute("SELECT COUNT(*) FROM origins").fetchone()[0] < 400
            time.sleep(0.02)
    finally:
        _, stderr = child.communicate(timeout=300)
    assert child.returncode == -9, stderr[-2000:]
    print(f"record_question during the reindex: {len(waits)} calls, longest {max(waits) * 1000:.0f} ms")
    assert max(waits) < 1.0, "a question waited for the reindex's write lock"
    assert partial >= 5, "questions were recorded while the scan ran"
    assert archive.db.execute("SELECT COUNT(*) FROM origins").fetchone()[0] == 400, "the scan was complete"
    assert conversations.store.stats()["questions"] == len(waits), "none lost"
    conversations.close()


# -- another process's index ---------------------------------------------------------------------------------


def test_an_engine_answers_from_the_old_passages_until_another_engines_index_is_live(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder = brief_folder(tmp_path, ["convoy.md", "ceasefire.md"])
    settings = model_settings(tmp_path / "data", archive_sources=[str(folder)])
    bot = Engine(settings)  # engine A: answers (the bot)
    bot.reindex()
    question = "Wie viele Lastwagen brannten aus?"
    assert "Achtzehn" in bot.ask(question).quote
    (folder / "convoy.md").write_text(BRIEFS["convoy.md"].replace("Achtzehn", "Zwanzig"), encoding="utf-8")

    shell = Engine(settings, embedder=bot.embedder)  # engine B: `crisisbot reindex` from cron
    during: list[str] = []

    def held_mid_embedding(stage: str, done: int, total: int) -> None:
        if stage == "embed" and not during:  # the archive is updated, the new passages not yet indexed
            during.append(bot.ask(question).quote)

    report = shell.reindex(progress=held_mid_embedding)
    assert report.changed == 1 and report.passages_embedded >= 1
    assert during and "Achtzehn" in (during[0] or ""), "the old index answers from the old passages until the swap"
    assert "Zwanzig" in bot.ask(question).quote, "the new index is live in A without a restart"
    assert bot.archive.retired_article_ids() == []


# -- power loss --------------------------------------------------------------------------------------------------


def test_the_swap_fsyncs_the_new_current_file_and_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:  # the real fsync, noting what it flushed
        synced.append(Path(os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    monkeypatch.setattr(vectors.os, "fsync", fsync)
    store = IndexStore(tmp_path / "index")
    vector = np.ones((1, 4), dtype=np.float32) / 2
    folder = store.save(VectorIndex.build(vector, np.array([1]), model_key="m"))
    pointer_tmp = store.root / f".{POINTER_FILE}.tmp"
    assert folder in synced and store.root in synced, "the new folder and the folder holding CURRENT"
    assert synced.index(folder) < synced.index(pointer_tmp) < synced.index(store.root), "in this order"
    assert (store.root / POINTER_FILE).read_text(encoding="utf-8") == folder.name
