"""The newsroom in the loop end to end (issue 22), without the model: the real bot process over the deterministic
hash backbone (``tests.bot.hash_bot``) and the fake Bot API. Readers offer a question the archive cannot answer,
the editors' chat gets one item, an editor answers by replying, every reader gets the answer quoted with the
newsroom as source, a later reader gets it by retrieval, and /retract reaches the reader it was quoted to.

The hash backbone groups only questions that share words, so the two readers here ask German paraphrases; that
a German and an Arabic paraphrase join one item is measured with the real model in
``tests/bot/test_newsroom_model.py``.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.bot.fake_bot_api import Call, FakeBotApi
from tests.bot.test_e2e import ADMIN_ID, ARTICLES, TOKEN, RunningBot, bot_environment

EDITORS_CHAT = -100977
EDITOR = 7777
"""An administrator of the editors' chat who is not in ADMIN_IDS: an editor through getChatAdministrators."""
STRANGER = 5555
READER_1, READER_2, READER_3, READER_4 = 1201, 1202, 1203, 1204
STARTUP_TIMEOUT_S = 90
WAIT_S = 30
QUESTION_1 = "Wann öffnet das neue Schwimmbad in Kobane?"
QUESTION_2 = "Wann öffnet das Schwimmbad in Kobane wieder?"
QUESTION_3 = "Wann öffnet denn das Schwimmbad in Kobane?"
ANSWER = "Das neue Schwimmbad in Kobane öffnet am 1. Mai, teilte die Stadtverwaltung mit."


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Iterator[RunningBot]:
    root = tmp_path_factory.mktemp("newsroom")
    archive, data_dir, log_path = root / "archive", root / "data", root / "bot.log"
    archive.mkdir()
    data_dir.mkdir()
    for name, body in ARTICLES.items():
        (archive / name).write_text(body, encoding="utf-8")
    with FakeBotApi(TOKEN) as api:
        api.chat_admins[EDITORS_CHAT] = {EDITOR}
        env = {
            **bot_environment(api, data_dir, archive),
            "EDITOR_CHAT_ID": str(EDITORS_CHAT),
            "NEWSROOM_NAME": "Redaktion Testzeitung",
            "RATE_LIMIT_PER_MINUTE": "30",
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
                reindexed = running.say(ADMIN_ID, ADMIN_ID, "/reindex")
                running.wait_for_edit(ADMIN_ID, reindexed.result["message_id"], "Archive reindexed", 120)
                yield running
                running.assert_clean_shutdown()
            finally:
                running.stop()


def _offer(bot: RunningBot, chat: int, question: str, lang: str) -> Call:
    reply = bot.say(chat, chat, question, language_code=lang)
    label = {"de": "Redaktion fragen", "en": "Ask the newsroom"}[lang]
    assert label in reply.buttons(), reply.params
    started = time.monotonic()
    bot.api.press_button(chat, reply.result["message_id"], chat, reply.buttons()[label], language_code=lang)
    return bot.next_reply(chat, started)


def _item_message(bot: RunningBot, readers: int) -> Call:
    """The editors' chat's message of the item once it shows ``readers`` readers (sent, or edited in place)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        shown = [c for c in bot.api.calls_of("sendMessage") + bot.api.calls_of("editMessageText")
                 if c.chat_id == EDITORS_CHAT and "Question #" in c.text]  # fmt: skip
        if shown and f"{readers} readers" in shown[-1].text:
            return shown[-1]
        time.sleep(0.2)
    raise AssertionError(f"no item with {readers} readers:\n{bot.logs()[-3000:]}")


def _reply_to(bot: RunningBot, message_id: int, user_id: int, text: str) -> Call:
    message = bot.api.messages[(EDITORS_CHAT, message_id)]
    return bot.say(EDITORS_CHAT, user_id, text, reply_to=message, chat_type="supergroup")


def _newsroom_article(bot: RunningBot) -> str:
    with sqlite3.connect(bot.data_dir / "archive.db") as db:
        (article_id,) = db.execute("SELECT id FROM articles WHERE source = 'Redaktion Testzeitung'").fetchone()
    return article_id


def test_two_readers_one_item_an_editor_answers_both_get_it_and_a_later_reader_finds_it(bot):
    offered = _offer(bot, READER_1, QUESTION_1, "de")
    assert "nur der Text Ihrer Frage" in offered.text and "Zurückziehen" in offered.buttons()
    _offer(bot, READER_2, QUESTION_2, "de")
    fourth = _offer(bot, READER_4, QUESTION_2, "de")
    _item_message(bot, 3)
    withdrawn = bot.press(
        READER_4, fourth.result["message_id"], READER_4, fourth.buttons()["Zurückziehen"], language_code="de"
    )
    assert withdrawn == ""
    bot.wait_for_edit(READER_4, fourth.result["message_id"], "Zurückgezogen", WAIT_S)
    item = _item_message(bot, 2)  # edited in place again: the withdrawn reader is not counted
    sent = [c for c in bot.api.calls_of("sendMessage") if c.chat_id == EDITORS_CHAT and "Question #" in c.text]
    assert len(sent) == 1, "one message per item, edited in place"
    assert QUESTION_1 in item.text and "de 2" in item.text
    assert str(READER_1) not in item.text and "Tester" not in item.text  # never who asked
    item_id = sent[0].result["message_id"]

    refused = _reply_to(bot, item_id, STRANGER, "Falsche Antwort")
    assert "Only the newsroom's editors" in refused.text
    number = re.search(r"Question #(\d+)", sent[0].text).group(1)
    pressed = bot.press(EDITORS_CHAT, item_id, STRANGER + 1, f"ed:{number}:checking")
    assert pressed == "Only the newsroom's editors can answer questions here."  # and nothing closed:
    too_long = _reply_to(bot, item_id, EDITOR, "x" * 3001)
    assert "Too long: 3001 characters" in too_long.text and "Nothing was stored" in too_long.text
    started = time.monotonic()
    done = _reply_to(bot, item_id, EDITOR, ANSWER)
    assert "goes to 2 reader(s)" in done.text, done.text
    for reader in (READER_1, READER_2):
        got = bot.next_reply(reader, started)
        assert "Antwort der Redaktion" in got.text and ANSWER in got.text and "Redaktion Testzeitung" in got.text
    assert not [c for c in bot.api.replies_to(READER_1, started) if "Falsche" in c.text]
    assert not [c for c in bot.api.replies_to(READER_4, started) if ANSWER in c.text]  # withdrawn: not sent

    later = bot.say(READER_3, READER_3, QUESTION_3, language_code="de")
    assert ANSWER in later.text and "Redaktion Testzeitung" in later.text, later.text
    started = time.monotonic()
    bot.api.press_button(READER_3, later.result["message_id"], READER_3, later.buttons()["👎"], language_code="de")
    offer = bot.next_reply(READER_3, started)
    assert "Die Redaktion kann Ihre Frage beantworten" in offer.text and "Redaktion fragen" in offer.buttons()
    started = time.monotonic()
    bot.api.send_text(ADMIN_ID, ADMIN_ID, "/unanswered")
    disliked = bot.api.wait_for_call(
        "sendMessage", lambda c: c.chat_id == ADMIN_ID and "voted 👎" in c.text, after=started, timeout=WAIT_S
    )
    assert QUESTION_3 in disliked.text and "👎 1" in disliked.text and "Kobane öffnet am 1. Mai" in disliked.text
    assert bot.press(EDITORS_CHAT, item_id, EDITOR, f"ed:{number}:checking") == "Closed already."  # replayed
    assert bot.press(EDITORS_CHAT, item_id + 1, EDITOR, f"ed:{number}:checking") == "This button is not valid here."


def test_retract_notifies_the_reader_it_was_quoted_to_and_it_is_not_quoted_again(bot):
    article_id = _newsroom_article(bot)
    assert "Schwimmbad in Kobane öffnet" in bot.say(READER_3, READER_3, "/timeline Schwimmbad Kobane").text
    assert "Retracted" not in bot.say(READER_3, READER_3, "/retract " + article_id).text  # a reader: refused
    started = time.monotonic()
    done = bot.say(ADMIN_ID, ADMIN_ID, f"/retract {article_id} Datum falsch")
    assert "Retracted" in done.text and "reader(s) get a notice" in done.text, done.text
    for reader in (READER_1, READER_2, READER_3):  # READER_3 was quoted it; 1 and 2 got it from the newsroom
        notice = bot.api.wait_for_call(
            "sendMessage",
            lambda c, r=reader: c.chat_id == r and "Zurückgezogen" in c.text,
            after=started,
            timeout=WAIT_S,
        )
        assert "Datum falsch" in notice.text
    again = bot.say(READER_3, READER_3, QUESTION_3, language_code="de")
    assert ANSWER not in again.text
    assert "Schwimmbad in Kobane öffnet" not in bot.say(READER_3, READER_3, "/timeline Schwimmbad Kobane").text
