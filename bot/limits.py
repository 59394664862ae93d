"""Limits against abuse from chats, with bounded memory.

- :class:`SharedRateLimiter`: the same limit counted in the conversation store, across every instance; the
  in-memory :class:`RateLimiter` below stands in while the store is down.
- :class:`RateLimiter`: at most N events per key (a user) in any 60 s window; keys idle for a
  whole window are pruned, and never more than ``max_keys`` are tracked.
- :class:`Once`: yes once per key within a window (a button that posts a message posts it once).
- :class:`ReindexCache`: values that only change with a reindex (the archive's figures for /help
  and /sources), kept until the index's ``CURRENT`` marker changes, whichever process swapped it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

RATE_WINDOW_S = 60.0
MAX_TRACKED_KEYS = 10_000
REPOST_WINDOW_S = 600.0
MAX_REMEMBERED_POSTS = 10_000

T = TypeVar("T")


@dataclass(slots=True)
class _Entry:
    events: deque[float] = field(default_factory=deque)
    last_seen: float = 0.0
    warned: bool = False


class RateLimiter:
    """At most ``per_minute`` events per key in any 60 s window (0 = unlimited).

    Entries are kept in order of their last hit (allowed or refused); those idle for a whole
    window are dropped on the next hit, so memory follows the keys active in the last minute,
    and at most ``max_keys`` are tracked (the longest idle goes first).
    """

    def __init__(
        self, per_minute: int, *, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_TRACKED_KEYS
    ) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._max_keys = max_keys
        self._entries: OrderedDict[int, _Entry] = OrderedDict()

    def __len__(self) -> int:
        """How many keys are tracked now."""
        return len(self._entries)

    def hit(self, key: int) -> float:
        """Record an event; 0.0 when allowed, else the seconds until the next one would be."""
        if self._per_minute <= 0:
            return 0.0
        now = self._clock()
        self._prune(now)
        entry = self._entries.pop(key, None) or _Entry()
        self._entries[key] = entry  # last: the most recently seen
        entry.last_seen = now
        events = entry.events
        while events and now - events[0] >= RATE_WINDOW_S:
            events.popleft()
        if len(events) >= self._per_minute:
            return RATE_WINDOW_S - (now - events[0])
        events.append(now)
        entry.warned = False
        while len(self._entries) > self._max_keys:
            self._entries.popitem(last=False)
        return 0.0

    def first_refusal(self, key: int) -> bool:
        """True the first time ``key`` is refused in a row (so the user is told once, not on every message)."""
        entry = self._entries.get(key)
        if entry is None or entry.warned:
            return False
        entry.warned = True
        return True

    def _prune(self, now: float) -> None:
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if now - entry.last_seen < RATE_WINDOW_S:
                break
            del self._entries[key]


class SharedRateLimiter:
    """``per_minute`` events per user in any 60 s window, counted by ``count(user, per_minute)`` in the store (the
    wait in seconds, 0.0 when allowed); ``fallback`` counts in this process while ``guard`` finds the store down.
    The "told once" flag of :meth:`first_refusal` is per instance: a reader refused on two instances in a row may
    be told twice, never more often than that."""

    def __init__(self, count: Callable[[int, int], float], fallback: RateLimiter, guard) -> None:
        self._count = count
        self.fallback = fallback
        self._guard = guard
        self._warned: OrderedDict[int, None] = OrderedDict()

    @property
    def per_minute(self) -> int:
        return self.fallback._per_minute

    async def hit(self, key: int) -> float:
        if self.per_minute <= 0:
            return 0.0
        missing = -1.0
        wait_s = await asyncio.to_thread(self._guard.call, lambda: self._count(key, self.per_minute), missing)
        if wait_s == missing:
            wait_s = self.fallback.hit(key)
        if not wait_s:
            self._warned.pop(key, None)
        return wait_s

    def first_refusal(self, key: int) -> bool:
        """True the first time ``key`` is refused in a row here (so the user is told once, not on every message)."""
        if key in self._warned:
            return False
        self._warned[key] = None
        while len(self._warned) > MAX_TRACKED_KEYS:
            self._warned.popitem(last=False)
        return True


class Once:
    """``first(key)`` is True once per key within ``window_s``; at most ``capacity`` keys are remembered."""

    def __init__(
        self,
        window_s: float = REPOST_WINDOW_S,
        *,
        capacity: int = MAX_REMEMBERED_POSTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._window_s = window_s
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def first(self, key: Hashable) -> bool:
        now = self._clock()
        while self._seen:
            oldest, at = next(iter(self._seen.items()))
            if now - at < self._window_s:
                break
            del self._seen[oldest]
        if key in self._seen:
            return False
        self._seen[key] = now
        while len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


class ReindexCache:
    """Values computed once per index: dropped when ``marker()`` changes (a new ``CURRENT``) or on :meth:`clear`.

    Safe to use from worker threads. The marker is read before a value is loaded, so a value
    loaded while an index is swapped in is loaded again on the next call.
    """

    def __init__(self, marker: Callable[[], object]) -> None:
        self._marker = marker
        self._lock = threading.Lock()
        self._stamp: object = None
        self._values: dict[str, object] = {}
        self.loads = 0
        """How many times a value was computed (for /stats-style diagnostics and tests)."""

    def get(self, key: str, load: Callable[[], T]) -> T:
        stamp = self._marker()
        with self._lock:
            if stamp != self._stamp:
                self._values.clear()
                self._stamp = stamp
            if key in self._values:
                return self._values[key]  # type: ignore[return-value]
        value = load()
        with self._lock:
            if self._stamp == stamp:
                self._values[key] = value
            self.loads += 1
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
