"""Usage: the questions readers asked and their 👍/👎."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
import sqlite_utils

from index.store.records import now_iso


class Feedback(StrEnum):
    """What became of a reader's vote on an answer."""

    RECORDED = "recorded"
    AGAIN = "again"
    """This reader voted on this answer before: the first vote stays, nothing is counted twice."""
    UNKNOWN = "unknown"
    """No such question (in the chat the vote came from)."""


class UsageLog:
    """The ``questions`` and ``feedback`` tables of the archive."""

    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db
        """The archive's connection for the calling thread."""

    def record_question(self, row: dict) -> int:
        return int(self._db()["questions"].insert({"asked_at": now_iso(), **row}).last_pk)

    def record_feedback(
        self, question_id: int, *, value: int, user_id: int | None, chat_id: int | None = None
    ) -> Feedback:
        """Store a vote. ``Feedback.UNKNOWN`` when there is no such question (asked in ``chat_id``, when given);
        ``Feedback.AGAIN`` when this user has voted on it before (the first vote stays); else ``RECORDED``."""
        db = self._db()
        with db.conn:
            sql = "SELECT 1 FROM questions WHERE id = ?" + (" AND chat_id = ?" if chat_id is not None else "")
            params = [question_id] if chat_id is None else [question_id, chat_id]
            if db.execute(sql, params).fetchone() is None:
                return Feedback.UNKNOWN
            inserted = db.execute(
                "INSERT INTO feedback (question_id, user_id, value, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (question_id, user_id) DO NOTHING",
                [question_id, user_id, value, now_iso()],
            ).rowcount
        return Feedback.RECORDED if inserted else Feedback.AGAIN

    def stats(self) -> dict:
        questions = self._db().execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        up = self._db().execute("SELECT COUNT(*) FROM feedback WHERE value > 0").fetchone()[0]
        down = self._db().execute("SELECT COUNT(*) FROM feedback WHERE value < 0").fetchone()[0]
        times = [row[0] for row in self._db().execute("SELECT took_ms FROM questions WHERE took_ms IS NOT NULL")]
        median = float(np.median(times)) if times else None
        return {"questions": questions, "feedback_up": up, "feedback_down": down, "median_answer_ms": median}
