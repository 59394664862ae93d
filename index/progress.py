"""The progress callback that long stages (sync, embedding, indexing, model download) report through."""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: ``fetch``, ``scan``, ``embed``, ``index``."""


def no_progress(stage: str, done: int, total: int) -> None:
    return None


class Stopped(RuntimeError):
    """A change stopped at a safe point because a stop was asked for (SIGTERM/SIGINT): what was whole is committed,
    and the next run goes on from there (the vectors already made are cached, nothing is embedded twice)."""


class StopSignal:
    """Asked from a signal handler or another thread; checked by the long stages at their transaction boundaries."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def request(self) -> None:
        self._event.set()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Stopped` when a stop was asked for; call only where everything so far is committed."""
        if self._event.is_set():
            raise Stopped("stopped at a safe point on request; the next reindex goes on from there")


NEVER_STOP = StopSignal()
"""The signal of a stage nobody stops (its ``request`` is never called)."""
