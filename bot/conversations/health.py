"""The store may be down (PostgreSQL stopped, a network cut): the bot goes on answering without it.

:class:`StoreGuard` runs a store call and returns a default instead of raising when the database cannot be
reached. It logs one warning when the store goes away and one line when it is back (SQLAlchemy's pool replaces
the dead connections by itself: ``pool_pre_ping``), not one per call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)
T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """The conversation store could not be reached."""


class StoreGuard:
    def __init__(self, where: str) -> None:
        self._where = where
        self._lock = threading.Lock()
        self.down = False

    def call(self, work: Callable[[], T], default: T) -> T:
        """``work()``, or ``default`` when the store cannot be reached (logged once per outage)."""
        try:
            result = work()
        except SQLAlchemyError as error:
            with self._lock:
                first, self.down = not self.down, True
            if first:
                logger.warning(
                    "The conversation store (%s) is unavailable: answering without buttons, follow-ups and alerts "
                    "until it is back (%s)",
                    self._where,
                    type(error).__name__,
                )
            return default
        with self._lock:
            back, self.down = self.down, False
        if back:
            logger.warning("The conversation store (%s) is back", self._where)
        return result
