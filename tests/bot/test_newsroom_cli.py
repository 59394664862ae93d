"""``crisisbot queue [--json]`` and ``crisisbot answer ITEM --dismiss KEY`` on a real conversation store (SQLite in
DATA_DIR), as subprocesses; no model is loaded (neither needs the embedder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.conversations import open_conversations, store_url
from bot.conversations.desk import DISMISSED

REPO_ROOT = Path(__file__).resolve().parents[2]


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "index.cli", *args], capture_output=True, text=True, env=env, timeout=120, cwd=data_dir
    )


def test_queue_lists_open_items_without_reader_ids_and_answer_dismisses_with_a_canned_reply(tmp_path):
    conversations = open_conversations(store_url(None, tmp_path))
    desk = conversations.desk
    first = desk.offer(question_id=None, question="Wann öffnet die Grenze? [phone]", lang="de", chat_id=987654,
                       join=None)  # fmt: skip
    desk.offer(question_id=None, question="When does the border open?", lang="en", chat_id=123456, join=first.item_id)
    listed = _cli(tmp_path, "queue", "--json")
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    assert item["readers"] == 2 and item["languages"] == {"de": 1, "en": 1} and item["status"] == "open"
    assert "987654" not in listed.stdout and "123456" not in listed.stdout

    unknown = _cli(tmp_path, "answer", str(first.item_id), "--dismiss", "nonsense")
    assert unknown.returncode == 2 and "no canned reply" in unknown.stderr
    done = _cli(tmp_path, "answer", str(first.item_id), "--dismiss", "checking")
    assert done.returncode == 0, done.stderr
    assert "2 reader(s)" in done.stdout
    assert desk.item(first.item_id).status == DISMISSED
    texts = sorted(d.html for d in desk.due())
    assert any("Wir prüfen das gerade." in t for t in texts) and any("We are checking this." in t for t in texts)
    assert "No open question" in _cli(tmp_path, "queue").stdout
    conversations.close()
