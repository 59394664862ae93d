"""What the handlers of a running bot share: the engine, the conversation store, the limits, the reindex.

Recent answers and timelines are not kept in memory any more: they are in the conversation store
(bot/conversations), so their buttons work on every instance and after every restart.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.config import BotSettings
from bot.conversations import Conversations
from bot.limits import Once, RateLimiter, ReindexCache, SharedRateLimiter
from index.engine import Engine
from index.settings import Settings

T = TypeVar("T")
QUESTIONS, ACTIONS = "q", "a"
"""The two kinds of rate-limit hits in the store."""


def instance_name() -> str:
    """This process among the instances (leases, claims): host, process id and a random part."""
    return f"{socket.gethostname()[:32]}-{os.getpid()}-{secrets.token_hex(3)}"


@dataclass(slots=True)
class Progress:
    """The latest progress report of a reindex, written by the worker thread and read by the event loop."""

    stage: str = "scan"
    done: int = 0
    total: int = 0
    version: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, stage: str, done: int, total: int) -> None:
        with self.lock:
            self.stage, self.done, self.total = stage, done, total
            self.version += 1

    def snapshot(self) -> tuple[str, int, int, int]:
        with self.lock:
            return self.stage, self.done, self.total, self.version


@dataclass(slots=True)
class BotState:
    """Everything the handlers share; kept in ``application.bot_data`` under :data:`STATE_KEY`."""

    engine: Engine
    settings: Settings
    bot_settings: BotSettings
    conversations: Conversations
    rate_limiter: SharedRateLimiter
    """Questions per user (RATE_LIMIT_PER_MINUTE), counted in the store across instances."""
    action_limiter: SharedRateLimiter
    """Commands and button presses per user (ACTION_RATE_LIMIT_PER_MINUTE), likewise."""
    instance: str = field(default_factory=instance_name)
    posted: Once = field(default_factory=Once)
    """(chat, question, button) already answered with a message here: a repeated press posts nothing new."""
    archive_cache: ReindexCache = field(default_factory=lambda: ReindexCache(lambda: None))
    """The archive's figures for /help and /sources, kept until the next index (see ``bot.limits``)."""
    reindex_task: asyncio.Task | None = None
    alert_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One alert run at a time in this process; across instances the store's lease decides."""

    @property
    def reindexing(self) -> bool:
        return self.reindex_task is not None and not self.reindex_task.done()

    @property
    def desk(self):
        """The newsroom's queue, its deliveries and retractions (bot/conversations/desk.py, issue 22)."""
        return self.conversations.desk

    @property
    def store(self):
        return self.conversations.store

    async def db(self, work: Callable[[], T], default: T) -> T:
        """``work()`` on the store in a worker thread; ``default`` while the store is down (one warning)."""
        return await asyncio.to_thread(self.conversations.guard.call, work, default)


def make_state(engine: Engine, settings: Settings, bot_settings: BotSettings, conversations: Conversations,
               **extra) -> BotState:
    store = conversations.store
    return BotState(
        engine=engine,
        settings=settings,
        bot_settings=bot_settings,
        conversations=conversations,
        rate_limiter=SharedRateLimiter(
            lambda user, limit: store.hit(QUESTIONS, user, limit),
            RateLimiter(bot_settings.rate_limit_per_minute),
            conversations.guard,
        ),
        action_limiter=SharedRateLimiter(
            lambda user, limit: store.hit(ACTIONS, user, limit),
            RateLimiter(bot_settings.action_rate_limit_per_minute),
            conversations.guard,
        ),
        **extra,
    )


STATE_KEY = "crisisbot"
