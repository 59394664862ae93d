"""Edited questions: which bot message answered which question message, so that an edit can replace the answer.

Kept in memory only (``application.bot_data`` under :data:`EDITS_KEY`), for the last :data:`RECENT_QUESTIONS`
questions: after a restart an edited question gets a new reply, as an old one does.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

EDITS_KEY = "crisisbot-answered-messages"
RECENT_QUESTIONS = 1000
EDIT_IN_PLACE_S = 600.0
"""An edit within this many seconds of the answer replaces the answer in place; later, the answer has likely
scrolled out of sight and the new one comes as a new reply. A choice, not a measurement (Telegram itself allows bot
messages to be edited for 48 hours)."""


class AnsweredMessages:
    """``(chat id, question message id) -> (answer message id, when it was sent)``, the oldest dropped first."""

    def __init__(self, capacity: int = RECENT_QUESTIONS, clock: Callable[[], float] = time.monotonic) -> None:
        self._capacity = capacity
        self._clock = clock
        self._items: OrderedDict[tuple[int, int], tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, chat_id: int, question_message_id: int, answer_message_id: int) -> None:
        with self._lock:
            self._items[(chat_id, question_message_id)] = (answer_message_id, self._clock())
            self._items.move_to_end((chat_id, question_message_id))
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def recent_answer(self, chat_id: int, question_message_id: int, within_s: float = EDIT_IN_PLACE_S) -> int | None:
        """The answer to edit in place for this question message; None when there is none or it is too old."""
        with self._lock:
            found = self._items.get((chat_id, question_message_id))
        if found is None or self._clock() - found[1] > within_s:
            return None
        return found[0]


def answered_messages(bot_data: dict) -> AnsweredMessages:
    return bot_data.setdefault(EDITS_KEY, AnsweredMessages())
