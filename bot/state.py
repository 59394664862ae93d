"""In-memory state of a running bot: recent answers, rate limits, the running reindex."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.config import BotSettings
from index.answers import Answer
from index.settings import Settings

if TYPE_CHECKING:
    from index.engine import Engine

RECENT_ANSWERS = 1000
RATE_WINDOW_S = 60.0
RECORDED_VOTES = 10_000


@dataclass(slots=True)
class StoredAnswer:
    """An answer kept for its buttons, with the language it was shown in."""

    answer: Answer
    lang: str


class AnswerCache:
    """The most recent answers by question id; the oldest are dropped beyond ``capacity``."""

    def __init__(self, capacity: int = RECENT_ANSWERS) -> None:
        self._capacity = capacity
        self._items: OrderedDict[int, StoredAnswer] = OrderedDict()

    def put(self, qid: int, answer: Answer, lang: str) -> None:
        self._items[qid] = StoredAnswer(answer, lang)
        self._items.move_to_end(qid)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, qid: int) -> StoredAnswer | None:
        return self._items.get(qid)

    def __len__(self) -> int:
        return len(self._items)


class RateLimiter:
    """At most ``per_minute`` events per key in any 60 s window (0 = unlimited)."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._events: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def hit(self, key: int) -> float:
        """Record an event; 0.0 when allowed, else the seconds until the next one would be."""
        if self._per_minute <= 0:
            return 0.0
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= RATE_WINDOW_S:
            events.popleft()
        if len(events) >= self._per_minute:
            return RATE_WINDOW_S - (now - events[0])
        events.append(now)
        self._warned.discard(key)
        return 0.0

    def first_refusal(self, key: int) -> bool:
        """True the first time ``key`` is refused in a row (so the user is told once, not on every message)."""
        if key in self._warned:
            return False
        self._warned.add(key)
        return True


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
    reindex_task: asyncio.Task | None = None
    votes: OrderedDict[tuple[int, int], int] = field(default_factory=OrderedDict)

    @property
    def reindexing(self) -> bool:
        return self.reindex_task is not None and not self.reindex_task.done()

    def record_vote(self, qid: int, user_id: int, value: int) -> bool:
        """False when this user already rated this answer."""
        key = (qid, user_id)
        if key in self.votes:
            return False
        self.votes[key] = value
        while len(self.votes) > RECORDED_VOTES:
            self.votes.popitem(last=False)
        return True


STATE_KEY = "crisisbot"
