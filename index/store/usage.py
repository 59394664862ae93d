"""Usage: the questions readers asked and their 👍/👎."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

import numpy as np
import sqlite_utils

from index.store.records import now_iso

USAGE_WAIT_S = 2.0
"""How long a usage write waits for the write lock of a reindex (whose transactions last well under a second,
docs/archive.md): the answer never waits longer; a question that could not be stored by then is answered
without buttons."""
USAGE_RETRY_S = 0.002
"""Usage writes try again this often. SQLite's own busy handler sleeps up to 100 ms between tries and keeps
missing the short gaps between a reindex's transactions (measured: "database is locked" after 2 s); polling
this finely takes the lock in the first gap."""
T = TypeVar("T")


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
        """Store a question; raises ``sqlite3.OperationalError`` when the archive stays locked for
        :data:`USAGE_WAIT_S`."""
        return self._soon(lambda db: int(db["questions"].insert({"asked_at": now_iso(), **row}).last_pk))

    def _soon(self, write: Callable[[sqlite_utils.Database], T]) -> T:
        """Run ``write`` (one statement or one ``with db.conn:`` block) on the calling thread's connection
        without SQLite's busy wait, trying again every :data:`USAGE_RETRY_S` for :data:`USAGE_WAIT_S`."""
        db = self._db()
        previous = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
        db.execute("PRAGMA busy_timeout = 0")
        deadline = time.monotonic() + USAGE_WAIT_S
        try:
            while True:
                try:
                    return write(db)
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                time.sleep(USAGE_RETRY_S)
        finally:
            db.execute(f"PRAGMA busy_timeout = {previous}")

    def record_feedback(
        self, question_id: int, *, value: int, user_id: int | None, chat_id: int | None = None
    ) -> Feedback:
        """Store a vote. ``Feedback.UNKNOWN`` when there is no such question (asked in ``chat_id``, when given);
        ``Feedback.AGAIN`` when this user has voted on it before (the first vote stays); else ``RECORDED``."""
        sql = "SELECT 1 FROM questions WHERE id = ?" + (" AND chat_id = ?" if chat_id is not None else "")
        params = [question_id] if chat_id is None else [question_id, chat_id]

        def vote(db: sqlite_utils.Database) -> Feedback:
            with db.conn:
                if db.execute(sql, params).fetchone() is None:
                    return Feedback.UNKNOWN
                inserted = db.execute(
                    "INSERT INTO feedback (question_id, user_id, value, at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (question_id, user_id) DO NOTHING",
                    [question_id, user_id, value, now_iso()],
                ).rowcount
            return Feedback.RECORDED if inserted else Feedback.AGAIN

        return self._soon(vote)

    def set_reply_message(self, question_id: int, message_id: int) -> None:
        """Remember which bot message showed the answer to ``question_id`` (a reply to it is a follow-up)."""
        self._soon(lambda db: db["questions"].update(question_id, {"reply_message_id": message_id}))

    def question_for_reply(self, chat_id: int, message_id: int) -> tuple[str, str | None] | None:
        """``(question, article_id)`` answered in ``chat_id`` by the bot's message ``message_id``; None when none."""
        rows = list(
            self._db()["questions"].rows_where(
                "chat_id = ? AND reply_message_id = ?",
                [chat_id, message_id],
                select="question, article_id, answered",
                order_by="id desc",
                limit=1,
            )
        )
        if not rows:
            return None
        return rows[0]["question"], rows[0]["article_id"] if rows[0]["answered"] else None

    def unanswered(self, since: str) -> list[str]:
        """The questions asked from ``since`` (ISO time) on that got "nothing found", oldest first; the text
        only, no chat or user."""
        rows = self._db()["questions"].rows_where(
            "answered = 0 AND asked_at >= ?", [since], select="question", order_by="id"
        )
        return [row["question"] for row in rows]

    def stats(self) -> dict:
        questions = self._db().execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        up = self._db().execute("SELECT COUNT(*) FROM feedback WHERE value > 0").fetchone()[0]
        down = self._db().execute("SELECT COUNT(*) FROM feedback WHERE value < 0").fetchone()[0]
        times = [row[0] for row in self._db().execute("SELECT took_ms FROM questions WHERE took_ms IS NOT NULL")]
        median = float(np.median(times)) if times else None
        return {"questions": questions, "feedback_up": up, "feedback_down": down, "median_answer_ms": median}
