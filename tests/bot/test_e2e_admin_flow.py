"""End to end without the model: files sent as sources, progress that moves, command menus by role, edited questions.

The real bot process (``python -m tests.bot.hash_bot``: ``bot.app`` over a real engine whose embedder is the
deterministic :mod:`tests.hash_backbone`) talks HTTP to the fake Bot API, which also serves the documents'
downloads (getFile and ``/file/bot<token>/<path>``, reached through the default TELEGRAM_FILE_BASE_URL). The
tests run in file order on one bot; each uses its own chats.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator

import pytest

from tests.bot.fake_bot_api import Call, FakeBotApi, parse_telegram_html
from tests.bot.test_e2e import ADMIN_ID, ARTICLES, TOKEN, RunningBot, bot_environment

EDITORS_CHAT = -100900
READER = 901
GROUP = -100902
STARTUP_TIMEOUT_S = 90
JOB_TIMEOUT_S = 120
HASH_DELAY_S = 0.25
EMBED_BATCH_SIZE = 2
PROGRESS_EDIT_SECONDS = 1
UPLOAD_MAX_MB = 1
RATE_LIMIT_PER_MINUTE = 3
BRIEFS = [
    {
        "id": f"brief-{n}",
        "title": f"Brief {n} on the convoy to Aleppo",
        "date": f"2016-10-{10 + n % 15:02d}",
        "source": "wire_desk",
        "text": f"Brief number {n}: the aid convoy waited at the border crossing for the {n}th day. "
        "Drivers said they had no security guarantees. The UN asked all sides for a pause in the fighting.",
    }
    for n in range(24)
]


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")


def _zip(entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Iterator[RunningBot]:
    root = tmp_path_factory.mktemp("admin-flow")
    archive, data_dir, log_path = root / "archive", root / "data", root / "bot.log"
    archive.mkdir()
    for name, body in ARTICLES.items():
        (archive / name).write_text(body, encoding="utf-8")
    (data_dir).mkdir()
    (data_dir / "sources.toml").write_text('wire_desk = "Wire Desk International"\n', encoding="utf-8")
    with FakeBotApi(TOKEN) as api:
        env = {
            **bot_environment(api, data_dir, archive),
            "HASH_DELAY_S": str(HASH_DELAY_S),
            "EMBED_BATCH_SIZE": str(EMBED_BATCH_SIZE),
            "PROGRESS_EDIT_SECONDS": str(PROGRESS_EDIT_SECONDS),
            "UPLOAD_MAX_MB": str(UPLOAD_MAX_MB),
            "EDITOR_CHAT_ID": str(EDITORS_CHAT),
            "RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT_PER_MINUTE),
            "ACTION_RATE_LIMIT_PER_MINUTE": "60",
        }
        started = time.monotonic()
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.bot.hash_bot"], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            running = RunningBot(api, process, log_path, archive, data_dir)
            try:
                try:
                    api.wait_for_call("getUpdates", after=started, timeout=STARTUP_TIMEOUT_S)
                except TimeoutError:
                    pytest.fail(f"the bot did not start (exit {process.poll()}):\n{running.logs()[-4000:]}")
                yield running
                running.assert_clean_shutdown()
            finally:
                running.stop()


def _uploads(bot: RunningBot) -> list[str]:
    folder = bot.data_dir / "uploads"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _wait_done(bot: RunningBot, progress: Call) -> Call:
    return bot.wait_for_edit(ADMIN_ID, progress.result["message_id"], "Archive reindexed", JOB_TIMEOUT_S)


def test_menus_by_role_and_the_admins_help(bot):
    readers = bot.api.commands_for(None)
    assert "timeline" in readers and "reindex" not in readers and "add" not in readers
    assert "reindex" not in bot.api.commands_for(None, "de")
    admin_private = bot.api.commands_for({"type": "chat", "chat_id": ADMIN_ID})
    assert {"reindex", "add", "remove", "sources", "stats", "unanswered", "timeline"} <= set(admin_private)
    in_editors_chat = bot.api.commands_for({"type": "chat_member", "chat_id": EDITORS_CHAT, "user_id": ADMIN_ID}, "de")
    assert "reindex" in in_editors_chat
    admin_help = bot.say(ADMIN_ID, ADMIN_ID, "/help").text
    lines = [line for line in admin_help.splitlines() if line.startswith("/")]
    for command in ("reindex", "add", "remove", "stats", "unanswered"):
        assert any(line.startswith(f"/{command} – ") for line in lines), admin_help
    assert "/reindex –" not in bot.say(READER, READER, "/help").text


def test_reindex_progress_moves_per_batch_with_rate_and_time_left(bot):
    (bot.archive / "briefs.jsonl").write_bytes(_jsonl(BRIEFS))
    progress = bot.say(ADMIN_ID, ADMIN_ID, "/reindex")
    done = _wait_done(bot, progress)
    assert "27 added" in done.text, done.text
    edits = bot.api.calls_of("editMessageText", lambda c: c.params.get("message_id") == progress.result["message_id"])
    embedding = [call.text for call in edits if "embedding" in call.text]
    counts = {re.search(r"(\d+)/\d+", shown).group(1) for shown in embedding}
    assert len(counts) >= 3, embedding  # several distinct n/N while embedding, not 0% until done
    assert any(re.search(r"per second, about \d+ s left", shown) for shown in embedding), embedding
    times = [progress.at] + [call.at for call in edits]
    assert all(b - a >= PROGRESS_EDIT_SECONDS * 0.9 for a, b in itertools.pairwise(times)), times
    (bot.archive / "briefs.jsonl").unlink()


def test_admin_sends_a_file_it_is_indexed_listed_and_removable(bot):
    records = [
        {"id": "sent-1", "title": "Field hospital reopens", "date": "2016-10-20", "source": "wire_desk",
         "text": "A field hospital in the western district reopened on Thursday with twelve beds and two surgeons."},
        {"id": "sent-2", "title": "Bread prices double", "date": "2016-10-21", "source": "wire_desk",
         "text": "The price of a bundle of bread doubled within a week, traders at the covered market reported."},
    ]  # fmt: skip
    content = _jsonl(records)
    started = time.monotonic()
    bot.api.send_document(ADMIN_ID, ADMIN_ID, "convoy-notes.jsonl", content)
    progress = bot.next_reply(ADMIN_ID, started)
    assert "Adding and reading the file: convoy-notes.jsonl" in progress.text, progress.text
    done = _wait_done(bot, progress)
    assert "2 added" in done.text, done.text
    stored = list((bot.data_dir / "uploads").glob("*.jsonl"))
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{16}\.jsonl", stored[0].name)
    assert stored[0].read_bytes() == content
    assert bot.api.calls_of("downloadFile"), "the file was fetched from the file URL"

    sources = bot.say(ADMIN_ID, ADMIN_ID, "/sources").text
    parse_telegram_html(sources)
    assert "convoy-notes.jsonl (2)" in sources and "Wire Desk International" in sources, sources
    assert "convoy-notes.jsonl" not in bot.say(READER, READER, "/sources").text

    started = time.monotonic()
    bot.api.send_document(ADMIN_ID, ADMIN_ID, "same-again.jsonl", content)  # the same content: nothing changes
    assert "convoy-notes.jsonl was added before" in bot.next_reply(ADMIN_ID, started).text

    removed = bot.say(ADMIN_ID, ADMIN_ID, "/remove convoy-notes.jsonl").text
    assert "Removed convoy-notes.jsonl: 2 articles dropped" in removed, removed
    assert not list((bot.data_dir / "uploads").glob("*.jsonl"))
    assert "convoy-notes.jsonl" not in bot.say(ADMIN_ID, ADMIN_ID, "/sources").text


def test_a_zip_of_files_is_unpacked_and_indexed_from_a_group_with_the_caption_add(bot):
    entries = {
        "briefs/one.txt": b"title: Zip brief one\ndate: 2016-10-12\nsource: Zip Desk\n\nSchools in the old town "
        b"stayed closed for a third day; teachers gave lessons in a mosque courtyard instead.\n",
        "two.md": b"title: Zip brief two\ndate: 2016-10-11\nsource: Zip Desk\n\nA second brief, sent in a zip file.\n",
        "__MACOSX/._two.md": b"resource fork",
    }
    started = time.monotonic()
    bot.api.send_document(GROUP, ADMIN_ID, "briefs.zip", _zip(entries), caption="/add")
    progress = bot.next_reply(GROUP, started)
    assert "briefs.zip" in progress.text
    done = bot.wait_for_edit(GROUP, progress.result["message_id"], "Archive reindexed", JOB_TIMEOUT_S)
    assert "2 added" in done.text, done.text
    folders = [path for path in (bot.data_dir / "uploads").iterdir() if path.is_dir() and not path.name.startswith(".")]
    assert len(folders) == 1 and sorted(p.name for p in folders[0].rglob("*") if p.is_file()) == ["one.txt", "two.md"]


@pytest.mark.parametrize(
    ("name", "content", "options", "expected"),
    [
        ("report.pdf", b"%PDF-1.4", {}, "I can only add .txt, .md, .jsonl, .csv, .html, .zip"),
        ("big.jsonl", b"{}\n", {"file_size": 2 * 1_000_000}, "big.jsonl is 2.0 MB: at most 1.0 MB can be added"),
        ("bomb.zip", _zip({"zeros.txt": b"0" * 5_000_000}), {}, "bomb.zip refused: unpacked it would be far too large"),
        ("escape.zip", _zip({"../../evil.txt": b"x"}), {}, "escape.zip refused: ../../evil.txt is a link or points"),
        ("link.zip", _zip({"a.txt": b"text"}, links=("passwd.txt",)), {}, "link.zip refused: passwd.txt is a link"),
        ("mixed.zip", _zip({"a.txt": b"text", "run.exe": b"MZ"}), {}, "mixed.zip refused: run.exe is not a file"),
        ("broken.zip", b"PK\x03\x04 not really", {}, "broken.zip refused: not a readable zip file"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(bot, name, content, options, expected):
    before = _uploads(bot)
    started = time.monotonic()
    bot.api.send_document(ADMIN_ID, ADMIN_ID, name, content, **options)
    reply = bot.next_reply(ADMIN_ID, started).text
    assert expected in reply, reply
    assert _uploads(bot) == before


def test_files_from_readers_and_uncaptioned_group_files_are_not_added(bot):
    started = time.monotonic()
    bot.api.send_document(READER, READER, "mine.txt", b"title: Mine\n\nA reader's file.")
    assert "only answer text questions" in bot.next_reply(READER, started).text
    started = time.monotonic()
    bot.api.send_document(GROUP, READER, "theirs.txt", b"title: Theirs\n\nA group member's file.", caption="/add")
    assert "administrators only" in bot.next_reply(GROUP, started).text
    started = time.monotonic()
    bot.api.send_document(GROUP, ADMIN_ID, "chat.txt", b"title: Chat\n\nJust shared.")  # no caption: not for the bot
    assert "/sources" in bot.say(GROUP, ADMIN_ID, f"/help@{bot.api.bot_username}").text
    assert len(bot.api.replies_to(GROUP, after=started)) == 1, "an uncaptioned group file got a reply"
    assert "chat.txt" not in json.dumps(_uploads(bot))


def test_an_edited_question_is_answered_again_in_place(bot):
    chat = 905
    started = time.monotonic()
    question = bot.api.user_message(chat, chat, text="When will the food in eastern Aleppo run out?")
    bot.api.enqueue({"message": question})
    first = bot.next_reply(chat, started)
    question_id = question["message_id"]
    started = time.monotonic()
    bot.api.send_edited_text(chat, chat, "Wer hat mit Lawrow telefoniert?", message_id=question_id, language_code="de")
    edit = bot.api.wait_for_call(
        "editMessageText", lambda c: c.chat_id == chat and c.params.get("message_id") == first.result["message_id"],
        after=started, timeout=JOB_TIMEOUT_S,
    )  # fmt: skip
    assert edit.ok and edit.text != first.text
    assert not bot.api.replies_to(chat, after=started), "the edit replaced the answer instead of a second reply"
    started = time.monotonic()
    bot.api.send_edited_text(chat, chat, "Who talked to Lavrov on the phone?", message_id=question_id)  # question 3
    bot.api.wait_for_call("editMessageText", lambda c: c.chat_id == chat, after=started, timeout=JOB_TIMEOUT_S)
    started = time.monotonic()
    bot.api.send_edited_text(chat, chat, "Who did Kerry accuse?", message_id=question_id)  # 4: over the limit
    assert "You are asking very fast" in bot.next_reply(chat, started).text  # rate limits apply to edits too
