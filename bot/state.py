"""In-memory state of a running bot: recent answers (with the chat they were given in), limits, the reindex."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from bot.config import BotSettings
from bot.limits import Once, RateLimiter, ReindexCache
from index.answer.answers import Answer, Timeline
from index.engine import Engine
from index.settings import Settings

RECENT_ANSWERS = 1000


@dataclass(slots=True)
class StoredAnswer:
    """An answer kept for its buttons, with the language it was shown in and the chat it was given in."""

    answer: Answer
    lang: str
    chat_id: int


class AnswerCache:
    """The most recent answers by question id; the oldest are dropped beyond ``capacity``."""

    def __init__(self, capacity: int = RECENT_ANSWERS) -> None:
        self._capacity = capacity
        self._items: OrderedDict[int, StoredAnswer] = OrderedDict()

    def put(self, qid: int, answer: Answer, lang: str, chat_id: int) -> None:
        self._items[qid] = StoredAnswer(answer, lang, chat_id)
        self._items.move_to_end(qid)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, qid: int, chat_id: int | None) -> StoredAnswer | None:
        """The answer ``qid`` when it was given in ``chat_id``; None otherwise (from another chat, or forgotten)."""
        stored = self._items.get(qid)
        return stored if stored is not None and chat_id is not None and stored.chat_id == chat_id else None

    def __len__(self) -> int:
        return len(self._items)


@dataclass(slots=True)
class StoredTimeline:
    timeline: Timeline
    lang: str
    chat_id: int


class TimelineCache:
    """Recent ``/timeline`` results by a running number, for their *Next* button; the oldest are dropped."""

    def __init__(self, capacity: int = RECENT_ANSWERS) -> None:
        self._capacity = capacity
        self._items: OrderedDict[int, StoredTimeline] = OrderedDict()
        self._next = 1
        self._lock = threading.Lock()

    def put(self, timeline: Timeline, lang: str, chat_id: int) -> int:
        with self._lock:
            key, self._next = self._next, self._next + 1
            self._items[key] = StoredTimeline(timeline, lang, chat_id)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
            return key

    def get(self, key: int, chat_id: int | None) -> StoredTimeline | None:
        """The timeline ``key`` when it was made in ``chat_id``; None otherwise."""
        stored = self._items.get(key)
        return stored if stored is not None and chat_id is not None and stored.chat_id == chat_id else None


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
    answers: AnswerCache
    rate_limiter: RateLimiter
    action_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(0))
    """Commands and button presses per user (ACTION_RATE_LIMIT_PER_MINUTE); questions have ``rate_limiter``."""
    posted: Once = field(default_factory=Once)
    """(chat, question, button) already answered with a message: a repeated press posts nothing new."""
    archive_cache: ReindexCache = field(default_factory=lambda: ReindexCache(lambda: None))
    """The archive's figures for /help and /sources, kept until the next index (see ``bot.limits``)."""
    reindex_task: asyncio.Task | None = None
    alert_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One alert run at a time in this process (after a reindex, or the periodic check)."""
    timelines: TimelineCache = field(default_factory=TimelineCache)
    """Recent /timeline results, for their *Next* button."""

    @property
    def reindexing(self) -> bool:
        return self.reindex_task is not None and not self.reindex_task.done()


STATE_KEY = "crisisbot"
