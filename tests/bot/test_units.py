"""Unit tests for the bot's small parts: settings, buttons, rate limit, token redaction, wiring (the answers kept
for buttons are in the conversation store: tests/bot/test_conversations.py)."""

from __future__ import annotations

import asyncio
import io
import logging
from types import SimpleNamespace

import pytest
from pydantic import ValidationError
from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot import admin, alerts, buttons, handlers, newsroom, privacy, reindex, upkeep
from bot.app import TokenRedactingFilter, build_application
from bot.config import BotSettings, settings_error_text
from bot.handlers import addressed_question, check_allowed_chat
from bot.limits import Once, RateLimiter, ReindexCache
from bot.render import progress_bar
from bot.state import STATE_KEY
from index.settings import Settings
from tests.bot.fake_bot_api import text_entities
from tests.conftest import BOT_VARIABLES

TOKEN = "123456789:AAHfakeTOKENfor-tests_only0123456789"
BOT_ID, BOT_NAME = 777, "crisis_test_bot"


@pytest.fixture
def clean_env(monkeypatch):
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_settings_defaults_and_lists(clean_env):
    settings = BotSettings(_env_file=None)
    assert settings.token is None and not settings.use_webhook
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    clean_env.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    clean_env.setenv("ADMIN_IDS", "11, 22;33")
    clean_env.setenv("ALLOWED_CHAT_IDS", "-100123")
    clean_env.setenv("WEBHOOK_URL", "")
    settings = BotSettings(_env_file=None)
    assert settings.token == TOKEN and TOKEN not in repr(settings)
    assert settings.admin_ids == [11, 22, 33] and settings.is_admin(22) and not settings.is_admin(44)
    assert not settings.use_webhook  # an empty WEBHOOK_URL means polling
    assert settings.is_chat_allowed(-100123, 5) and not settings.is_chat_allowed(7, 7)
    assert settings.is_chat_allowed(7, 11)  # admins are always served


def test_settings_reject_a_bad_webhook_secret_without_echoing_it(clean_env):
    secret = "Sekret_9f3kQ with space"
    clean_env.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ValidationError) as caught:
        BotSettings(_env_file=None)
    message = settings_error_text(caught.value)
    assert "WEBHOOK_SECRET" in message and "A-Z" in message
    assert secret not in message and "Sekret_9f3kQ" not in message


def test_callback_data_round_trip_and_limit():
    for data in (buttons.encode("m", 12), buttons.encode("p", 2**62), buttons.encode("f", 2**62, -1)):
        assert len(data.encode()) <= buttons.MAX_CALLBACK_BYTES
    assert buttons.decode("f:7:-1") == buttons.Action("f", 7, -1)
    assert buttons.decode("m:7") == buttons.Action("m", 7)
    for junk in (None, "", "x:1", "m:abc", "f:1:5", "m:1:2:3"):
        assert buttons.decode(junk) is None
    with pytest.raises(ValueError):
        buttons.encode("m" * 70, 1)


def test_rate_limiter_allows_n_per_minute():
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.hit(1) == 0 and limiter.hit(1) == 0
    assert limiter.hit(1) == pytest.approx(60.0)
    assert limiter.first_refusal(1) and not limiter.first_refusal(1)
    assert limiter.hit(2) == 0  # per user
    now[0] += 60.0
    assert limiter.hit(1) == 0
    assert RateLimiter(0).hit(1) == 0  # 0 = no limit


def test_rate_limiter_prunes_idle_users_and_stays_bounded():
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0], max_keys=500)
    for user in range(400):
        limiter.hit(user)
    limiter.hit(7)
    assert limiter.hit(7) == pytest.approx(60.0) and limiter.first_refusal(7)
    assert len(limiter) == 400
    now[0] += 59.0
    limiter.hit(1)
    assert len(limiter) == 400  # nobody has been idle for a whole window yet
    now[0] += 1.0
    limiter.hit(100_000)
    assert len(limiter) == 2  # only user 1 (seen at 1059 s) and the newcomer; the refused user 7 is gone too
    now[0] += 60.0
    assert limiter.hit(7) == 0  # forgotten entries never block: a new window
    assert len(limiter) == 1
    for user in range(2_000):  # a burst of new users within one window: still at most max_keys
        limiter.hit(user)
    assert len(limiter) == 500


def test_once_per_window_is_bounded():
    now = [0.0]
    once = Once(600.0, capacity=3, clock=lambda: now[0])
    assert once.first(("chat", 1, "p")) and not once.first(("chat", 1, "p"))
    assert once.first(("other chat", 1, "p"))
    now[0] += 600.0
    assert once.first(("chat", 1, "p")) and len(once) == 1  # the window passed; old keys pruned
    for key in range(10):
        once.first(key)
    assert len(once) == 3


def test_reindex_cache_keeps_values_until_the_marker_changes():
    marker, loads = ["index-a"], []

    def load() -> str:
        loads.append(marker[0])
        return f"figures of {marker[0]}"

    cache = ReindexCache(lambda: marker[0])
    assert cache.get("stats", load) == "figures of index-a"
    assert cache.get("stats", load) == "figures of index-a" and len(loads) == 1
    marker[0] = "index-b"  # a new CURRENT, e.g. from `crisisbot reindex` in another process
    assert cache.get("stats", load) == "figures of index-b" and len(loads) == 2
    cache.clear()
    assert cache.get("stats", load) == "figures of index-b" and len(loads) == 3


def test_progress_bar():
    assert progress_bar(0, 0).endswith("0%")
    assert progress_bar(5, 10, width=10) == "█████░░░░░ 50%"
    assert progress_bar(12, 10, width=4) == "████ 100%"


def test_token_is_redacted_from_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactingFilter(TOKEN))
    logger = logging.getLogger("test_bot_units.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logger.warning(f"url-encoded {TOKEN.replace(':', '%3A')} and the secret {TOKEN.split(':')[1]}")
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert TOKEN.split(":")[1] not in output
    assert output.count("[REDACTED]") >= 4
    assert "RuntimeError" in output


def make_message(chat_id: int, text: str, *, reply_to_bot: bool = False) -> Message:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "g"}
    data = {
        "message_id": 5,
        "date": 0,
        "chat": chat,
        "from": {"id": 9, "is_bot": False, "first_name": "A"},
        "text": text,
        "entities": text_entities(text),
    }
    if reply_to_bot:
        data["reply_to_message"] = {
            "message_id": 4,
            "date": 0,
            "chat": chat,
            "text": "an answer",
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_NAME},
        }
    return Message.de_json(data, None)


def test_questions_in_groups_need_a_mention_or_a_reply():
    assert addressed_question(make_message(1, "  Wer? "), BOT_ID, BOT_NAME) == "Wer?"
    assert addressed_question(make_message(-5, "Wer hat telefoniert?"), BOT_ID, BOT_NAME) is None
    assert addressed_question(make_message(-5, "@otherbot Wer?"), BOT_ID, BOT_NAME) is None
    mentioned = make_message(-5, f"@{BOT_NAME.upper()} Wer hat 🇸🇾 telefoniert?")
    assert addressed_question(mentioned, BOT_ID, BOT_NAME) == "Wer hat 🇸🇾 telefoniert?"
    in_the_middle = make_message(-5, f"Sag mal @{BOT_NAME}, wer hat telefoniert?")
    assert addressed_question(in_the_middle, BOT_ID, BOT_NAME) == "Sag mal , wer hat telefoniert?"
    assert addressed_question(make_message(-5, "Und Kerry?", reply_to_bot=True), BOT_ID, BOT_NAME) == "Und Kerry?"


def test_allow_list_stops_other_chats(clean_env):
    clean_env.setenv("ALLOWED_CHAT_IDS", "-100")
    clean_env.setenv("ADMIN_IDS", "7")
    bot_settings = BotSettings(_env_file=None)
    state = SimpleNamespace(bot_settings=bot_settings)
    context = SimpleNamespace(bot_data={STATE_KEY: state})

    def update(chat_id: int, user_id: int) -> Update:
        message = make_message(chat_id, "hi").to_dict()
        message["from"]["id"] = user_id
        return Update.de_json({"update_id": 1, "message": message}, None)

    asyncio.run(check_allowed_chat(update(-100, 9), context))  # allowed: returns
    asyncio.run(check_allowed_chat(update(7, 7), context))  # an admin's private chat
    with pytest.raises(ApplicationHandlerStop):
        asyncio.run(check_allowed_chat(update(-200, 9), context))


def test_the_application_wires_every_command_and_the_scheduled_reindex(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, reindex_every_minutes=5)
    bot_settings = BotSettings(_env_file=None, telegram_bot_token="123456:AAUnitTestTokenNeverUsed")
    engine = SimpleNamespace(index_stamp=lambda: None)  # only wiring is checked: nothing is asked
    application = build_application(settings, bot_settings, engine=engine)
    commands = {
        command: getattr(handler.callback, "__wrapped__", handler.callback)  # behind flood.limited or not
        for handler in application.handlers[0]
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert commands == {
        "start": handlers.start,
        "help": handlers.help_command,
        "sources": handlers.sources_command,
        "timeline": handlers.timeline_command,
        "ask": handlers.ask_command,
        "reindex": admin.reindex_command,
        "add": admin.add_command,
        "stats": admin.stats_command,
        "unanswered": admin.unanswered_command,
        "remove": admin.remove_command,
        "follow": alerts.follow_command,
        "unfollow": alerts.unfollow_command,
        "following": alerts.following_command,
        "privacy": privacy.privacy_command,
        "forget": privacy.forget_command,
        "retract": newsroom.retract_command,
    }
    jobs = [job.callback for job in application.job_queue.jobs()]
    assert sorted(jobs, key=repr) == sorted(
        [reindex.scheduled_reindex, upkeep.retention_job, alerts.alert_check, newsroom.delivery_job], key=repr
    )
