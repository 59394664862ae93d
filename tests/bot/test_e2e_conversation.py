"""End to end in Telegram: follow-ups by reply, /follow alerts after a reindex, /unanswered, and a restart.

Like tests/bot/test_e2e.py (whose articles and helpers it reuses): the real bot process, model and engine over a
small archive, talking HTTP to the fake Bot API. One fake server serves two bot processes in turn, so that the
restart test finds its earlier messages (and their ids) where Telegram would keep them. The tests run in file order
and build on each other: the alerts come from the articles the alert test adds; the restart test looks for what
the tests before it stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.fake_bot_api import Call, FakeBotApi, parse_telegram_html
from tests.bot.test_e2e import (
    ADMIN_ID,
    NEW_ARTICLE,
    REPO_ROOT,
    TOKEN,
    RunningBot,
    blockquote,
    bot_process,
    require_model,
)

pytestmark = pytest.mark.model

ALERTS_PER_CHAT = 1
ALERT_ENV = {"ALERTS_PER_CHAT": str(ALERTS_PER_CHAT), "ALERT_CHECK_MINUTES": "0"}
"""One alert per chat and run, and alerts only after the bot's own reindexes (no periodic check)."""
ALERT_TIMEOUT_S = 120
DEMO = REPO_ROOT / "demo" / "archive"
BRIEFS = REPO_ROOT / "tests" / "data" / "briefs"
FIRST_ARCHIVE = [*sorted(DEMO.iterdir()), *sorted(BRIEFS.glob("kafr-sabun.*")), BRIEFS / "harvest.farm-weekly.txt"]
"""The demo archive and the briefs but those on Tal Hamid, which the alert test adds (two outlets, one bombing)."""
FOOTBALL = (
    "cup-final.en.txt",
    """title: Cup final ends in a draw
date: 2016-10-10
source: Sports Desk

The cup final ended in a goalless draw on Sunday; the replay is set for next week. Tickets go on sale on Monday.
""",
)
FOLLOW_UP_CHAT = 201
FOLLOW_UP_QUESTION = "Was fordert Steinmeier für Ost-Aleppo?"
FOLLOW_UP = "Für wen?"
FOLLOW_UP_EXPECTED = "Rote Kreuz"
VETO_CHAT, EARTHQUAKE_CHAT, TAL_HAMID_CHAT = 211, 212, 213
VETO_TOPIC = "UN-Resolution für eine Waffenruhe in Aleppo"
TAL_HAMID_TOPIC = "car bomb in Tal Hamid"
GROUP, MEMBER, GROUP_ADMIN = -100220, 221, 222


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    require_model()
    folder = tmp_path_factory.mktemp("bot-conversation")
    (folder / "archive").mkdir()
    for path in FIRST_ARCHIVE:
        (folder / "archive" / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def bot(api, root) -> Iterator[RunningBot]:
    with bot_process(api, root, log_name="bot-1.log", env=ALERT_ENV) as running:
        _, done = running.reindex()
        assert f"{len(FIRST_ARCHIVE)} added" in done.text, done.text
        yield running
        running.assert_clean_shutdown()


def reply_to(bot: RunningBot, chat_id: int, user_id: int, answer: Call, text: str, **options) -> Call:
    """Send ``text`` as a Telegram reply to the bot's message ``answer``; the bot's next message."""
    message = bot.api.messages[(chat_id, answer.result["message_id"])]
    return bot.say(chat_id, user_id, text, reply_to=message, **options)


def test_a_reply_to_an_answer_is_answered_in_its_context(bot):
    chat = FOLLOW_UP_CHAT
    answer = bot.say(chat, chat, FOLLOW_UP_QUESTION)
    assert "Sicherheitsgarantien" in blockquote(answer.text)
    alone = bot.say(chat + 1, chat + 1, FOLLOW_UP)  # the same words without the context: no such answer
    assert FOLLOW_UP_EXPECTED not in alone.text
    reply = reply_to(bot, chat, chat, answer, FOLLOW_UP)
    assert FOLLOW_UP_EXPECTED in blockquote(reply.text)
    assert blockquote(reply.text) in (DEMO / "de-02-ost-aleppo.md").read_text("utf-8")  # verbatim


def test_follow_sends_each_new_matching_article_once_up_to_the_cap(bot):
    assert "Ich folge jetzt" in bot.say(VETO_CHAT, VETO_CHAT, f"/follow {VETO_TOPIC}").text  # the topic's language
    assert "Now following" in bot.say(EARTHQUAKE_CHAT, EARTHQUAKE_CHAT, "/follow earthquake in Italy").text
    assert "Now following" in bot.say(TAL_HAMID_CHAT, TAL_HAMID_CHAT, f"/follow {TAL_HAMID_TOPIC}").text
    assert "already follows" in bot.say(TAL_HAMID_CHAT, TAL_HAMID_CHAT, "/follow  Car bomb in Tal Hamid").text
    assert f"1. {TAL_HAMID_TOPIC}" in bot.say(TAL_HAMID_CHAT, TAL_HAMID_CHAT, "/following").text
    assert "/follow" in bot.say(TAL_HAMID_CHAT, TAL_HAMID_CHAT, "/follow").text  # usage, nothing followed

    for name, body in (NEW_ARTICLE, FOOTBALL):
        (bot.archive / name).write_text(body, encoding="utf-8")
    for path in sorted(BRIEFS.glob("tal-hamid.*")):
        (bot.archive / path.name).write_bytes(path.read_bytes())
    started = time.monotonic()
    _, done = bot.reindex()
    assert "4 added" in done.text, done.text
    bot.wait_for_log("Alert run:", count=2, timeout=ALERT_TIMEOUT_S)  # the first ran after the fixture's reindex
    veto = bot.api.replies_to(VETO_CHAT, after=started)
    assert len(veto) == 1, [c.text for c in veto]
    assert f"Neu zu Ihrem Thema „{VETO_TOPIC}“" in veto[0].text and "Russland" in blockquote(veto[0].text)
    assert blockquote(veto[0].text) in NEW_ARTICLE[1]  # verbatim, with its source
    assert "Testzeitung" in veto[0].text
    parse_telegram_html(veto[0].text)
    assert bot.api.replies_to(EARTHQUAKE_CHAT, after=started) == []  # nothing matches
    tal_hamid = bot.api.replies_to(TAL_HAMID_CHAT, after=started)
    assert len(tal_hamid) == ALERTS_PER_CHAT, [c.text for c in tal_hamid]  # two outlets match, the cap holds
    assert "Tal Hamid" in tal_hamid[0].text

    started = time.monotonic()
    _, done = bot.reindex()  # nothing new: nothing is sent again
    assert "0 added" in done.text, done.text
    bot.wait_for_log("Alert run: 0 alert(s) sent of 0", count=2, timeout=ALERT_TIMEOUT_S)  # 1: the fixture's
    assert all(not bot.api.replies_to(chat, after=started) for chat in (VETO_CHAT, EARTHQUAKE_CHAT, TAL_HAMID_CHAT))


def test_in_groups_only_group_admins_follow(bot):
    bot.api.chat_admins[GROUP] = {GROUP_ADMIN}
    refused = bot.say(GROUP, MEMBER, "/follow Aleppo", chat_type="supergroup")
    assert "only the group's administrators" in refused.text
    assert "only the group's administrators" in bot.say(GROUP, MEMBER, "/unfollow 1", chat_type="supergroup").text
    assert "Now following" in bot.say(GROUP, GROUP_ADMIN, "/follow Aleppo", chat_type="supergroup").text
    assert "1. Aleppo" in bot.say(GROUP, MEMBER, "/following", chat_type="supergroup").text  # anyone may look
    assert bot.api.calls_of("getChatMember", lambda c: c.chat_id == GROUP)


def test_unanswered_is_for_admins_and_groups_similar_questions(bot):
    assert "administrators only" in bot.say(230, 230, "/unanswered").text
    for user, question in (
        (231, "How do I bake an apple pie?"),
        (232, "Wie backe ich einen Apfelkuchen?"),
        (233, "How do I renew my passport?"),
    ):
        assert "<blockquote>" not in bot.say(user, user, question).text
    report = bot.say(ADMIN_ID, ADMIN_ID, "/unanswered").text
    lines = [line for line in report.splitlines() if "×" in line]
    assert lines[0] == "• 2× How do I bake an apple pie?", report
    assert "• 1× How do I renew my passport?" in lines
    assert "231" not in report  # no user ids
    assert "number of days" in bot.say(ADMIN_ID, ADMIN_ID, "/unanswered soon").text


def test_follows_and_follow_ups_survive_a_restart(bot, api, root):
    earlier = api.calls_of("sendMessage", lambda c: c.chat_id == FOLLOW_UP_CHAT and "Sicherheitsgarantien" in c.text)[0]
    bot.assert_clean_shutdown()
    with bot_process(api, root, log_name="bot-2.log", env=ALERT_ENV) as again:
        assert f"1. {TAL_HAMID_TOPIC}" in again.say(TAL_HAMID_CHAT, TAL_HAMID_CHAT, "/following").text
        reply = reply_to(again, FOLLOW_UP_CHAT, FOLLOW_UP_CHAT, earlier, FOLLOW_UP)
        assert FOLLOW_UP_EXPECTED in blockquote(reply.text)
        started = time.monotonic()
        assert "Archive reindexed" in again.reindex()[1].text
        again.wait_for_log("Alert run: 0 alert(s) sent of 0", timeout=ALERT_TIMEOUT_S)  # the watermark was kept
        assert not again.api.replies_to(VETO_CHAT, after=started)
        again.assert_clean_shutdown()
