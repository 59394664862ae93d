"""The newsroom's answer reaches every reader who asked, across a kill -9 (issue 22): 50 readers, the sender killed
with SIGKILL right after Telegram confirmed the 20th message and before it was marked sent (``newsroom-sent@20``),
then a new process: every reader has the answer, only the one in flight at the kill has it twice, and a reader who
blocked the bot (403) stops nobody. Real SQLite store, real PTB bot with its rate limiter, the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from telegram.ext import AIORateLimiter, ExtBot

from bot.config import BotSettings
from bot.conversations import open_conversations
from bot.conversations.desk import ANSWERED, FAILED, SENT
from bot.conversations.tables import newsroom_deliveries
from bot.newsroom import deliver_due
from bot.state import make_state
from index.settings import Settings
from tests.bot.fake_bot_api import FakeBotApi
from tests.conftest import REPO

TOKEN = "123456789:AAHfakeTOKENfor-newsroom-tests_012"
READERS = [3000 + n for n in range(50)]
BLOCKED_READER = READERS[7]
BLOCKED = (403, "Forbidden: bot was blocked by the user")
KILL_AT = 20


def _state(url: str, data_dir: Path):
    bot_settings = BotSettings(_env_file=None)
    return make_state(None, Settings(_env_file=None, data_dir=data_dir), bot_settings, open_conversations(url))


async def _deliver(base_url: str, state) -> int:
    async with ExtBot(TOKEN, base_url=base_url, rate_limiter=AIORateLimiter(max_retries=2)) as bot:
        return await deliver_due(bot, state)


KILLED_SENDER = r"""
import asyncio, sys
from pathlib import Path
from tests.bot.test_newsroom_delivery import _deliver, _state

asyncio.run(_deliver(sys.argv[3], _state(sys.argv[1], Path(sys.argv[2]))))
"""


def test_kill_9_mid_delivery_to_50_readers_every_one_gets_it_at_most_the_one_in_flight_twice(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    state = _state(url, tmp_path)
    desk = state.desk
    first = desk.offer(question_id=None, question="Wann öffnet die Grenze?", lang="de", chat_id=READERS[0], join=None)
    for reader in READERS[1:]:
        desk.offer(question_id=None, question="Wann öffnet die Grenze?", lang="de", chat_id=reader, join=first.item_id)
    assert desk.close(first.item_id, ANSWERED, render=lambda asker: f"Antwort für {asker.chat_id}") == len(READERS)
    with FakeBotApi(TOKEN) as api:
        api.fail_next_messages(BLOCKED_READER, BLOCKED)
        child = subprocess.run(
            [sys.executable, "-c", KILLED_SENDER, url, str(tmp_path), api.base_url],
            env={**os.environ, "PYTHONPATH": str(REPO), "CRISISBOT_KILL_AT": f"newsroom-sent@{KILL_AT}"},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert child.returncode == -9, child.stderr[-2000:]
        before = Counter(call.chat_id for call in api.calls_of("sendMessage") if call.ok)
        assert sum(before.values()) == KILL_AT  # killed mid-delivery: 20 confirmed, 30 readers still waiting

        assert asyncio.run(_deliver(api.base_url, state)) == len(READERS) - 1 - (KILL_AT - 1)
        received = Counter(call.chat_id for call in api.calls_of("sendMessage") if call.ok)
    assert set(received) == set(READERS) - {BLOCKED_READER}
    assert [chat for chat, count in received.items() if count > 1] == [READERS[KILL_AT]]  # the one in flight
    with state.conversations.engine.connect() as connection:
        states = Counter(row.state for row in connection.execute(newsroom_deliveries.select()))
    assert states == {SENT: len(READERS) - 1, FAILED: 1}
    state.conversations.close()
