"""Graceful stop on SIGTERM/SIGINT (issue 23, finding 5): a running /reindex or /add stops at its next safe point,
and the process exits within ``STOP_GRACE_S`` whatever is still running.

Before, the bot stopped answering at once but did not exit until the job ended (minutes to hours), so stopping
the service, as systemd (``TimeoutStopSec``, 90 s) or Kubernetes (``terminationGracePeriodSeconds``, 30 s) do,
ended in a kill. Now the first signal asks the engine to stop (:meth:`Engine.request_stop`: the reindex ends
after its current batch of records or vector commit, with everything whole committed) and
starts the polling's or the webhook's normal shutdown; a watchdog thread ends the process with
:data:`EXIT_STOP_TIMEOUT` if that has not happened after ``STOP_GRACE_S``. What a killed run leaves is safe in
any case (README "Crash safety"); the grace only keeps the stop orderly.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
EXIT_STOP_TIMEOUT = 3
"""The exit status when the grace ran out (the normal stop exits 0)."""


class GracefulStop:
    """The handler of the stop signals: ask the engine to stop, stop serving, and exit by the grace."""

    def __init__(self, request_stop: Callable[[], None], *, grace_s: float, exit: Callable[[int], None] = os._exit):
        self._request_stop = request_stop
        self.grace_s = grace_s
        self._exit = exit
        self._stopping = threading.Event()
        self._stop_serving: list[Callable[[], None]] = []

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def on_stop(self, stop_serving: Callable[[], None]) -> None:
        """``stop_serving()`` is called (in the event loop) when a stop signal arrives."""
        self._stop_serving.append(stop_serving)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, self.trigger, sig)

    def trigger(self, sig: int = signal.SIGTERM) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()
        logger.info(
            "%s: stopping (a running reindex stops at its next safe point; exit within %g s)",
            signal.Signals(sig).name,
            self.grace_s,
        )
        self._request_stop()
        threading.Thread(target=self._watchdog, name="stop-watchdog", daemon=True).start()
        for stop_serving in self._stop_serving:
            stop_serving()

    def _watchdog(self) -> None:
        if not threading.Event().wait(self.grace_s):
            logger.error("Still running %g s after the stop signal (STOP_GRACE_S): exiting now", self.grace_s)
            logging.shutdown()
            self._exit(EXIT_STOP_TIMEOUT)
