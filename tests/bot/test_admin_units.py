"""Small parts of issue 26's features: the file URL, the progress text, which answers an edit may replace, the chat's
locale; the flows themselves are in tests/bot/test_e2e_admin_flow.py and tests/index/test_chat.py."""

from __future__ import annotations

import pytest

from bot import render
from bot.config import BotSettings
from bot.edits import EDIT_IN_PLACE_S, AnsweredMessages
from bot.uploads import UPLOAD_SUFFIXES, _captioned_add
from index.cli_chat import locale_language
from index.ingest.uploads import UPLOAD_SUFFIXES as ENGINE_SUFFIXES
from tests.conftest import BOT_VARIABLES


@pytest.fixture
def clean_env(monkeypatch):
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_file_url_follows_the_api_url_unless_set(clean_env):
    assert BotSettings(_env_file=None).file_base_url == "https://api.telegram.org/file/bot"
    clean_env.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot")
    assert BotSettings(_env_file=None).file_base_url == "http://127.0.0.1:8081/file/bot"
    clean_env.setenv("TELEGRAM_FILE_BASE_URL", "http://files.local/file/bot")
    assert BotSettings(_env_file=None).file_base_url == "http://files.local/file/bot"
    clean_env.setenv("UPLOAD_MAX_MB", "25")  # beyond what the Bot API downloads
    with pytest.raises(ValueError, match=r"upload_max_mb"):
        BotSettings(_env_file=None)


def test_the_bot_checks_the_same_file_types_the_engine_stores():
    assert set(UPLOAD_SUFFIXES) == set(ENGINE_SUFFIXES)


def test_only_the_caption_add_for_this_bot_counts():
    assert _captioned_add("/add", "crisis_bot") and _captioned_add("/add@Crisis_Bot please", "crisis_bot")
    assert not _captioned_add("/add@other_bot", "crisis_bot") and not _captioned_add("add this", "crisis_bot")
    assert not _captioned_add(None, "crisis_bot") and not _captioned_add("/address", "crisis_bot")


def test_progress_shows_the_rate_and_time_left_once_known():
    start = render.render_progress("en", "embed", 0, 50, 1.0)
    assert "embedding" in start and "0/50" in start and "per second" not in start
    moving = render.render_progress("en", "embed", 20, 50, 11.0, rate=2.0)
    assert "20/50" in moving and "2.0 per second, about 15 s left" in moving
    assert "noch etwa 15 s" in render.render_progress("de", "embed", 20, 50, 11.0, rate=2.0)
    assert "left" not in render.render_progress("en", "embed", 50, 50, 30.0, rate=2.0)


def test_an_edit_replaces_only_a_recent_answer_of_the_same_chat():
    now = [100.0]
    answered = AnsweredMessages(capacity=2, clock=lambda: now[0])
    answered.put(1, 10, 11)
    assert answered.recent_answer(1, 10) == 11 and answered.recent_answer(2, 10) is None
    now[0] += EDIT_IN_PLACE_S + 1
    assert answered.recent_answer(1, 10) is None  # too old: the new answer comes as a new reply
    answered.put(1, 20, 21)
    answered.put(1, 30, 31)
    answered.put(1, 40, 41)
    assert answered.recent_answer(1, 20) is None and answered.recent_answer(1, 40) == 41  # capacity


def test_the_chat_greets_in_the_terminals_locale():
    assert locale_language({"LANG": "de_DE.UTF-8"}) == "de"
    assert locale_language({"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}) == "fr"
    assert locale_language({"LANG": "C.UTF-8"}) == "en" and locale_language({}) == "en"
