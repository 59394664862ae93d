"""Votes on answers: one per user and question, enforced by the database, and only from the question's chat."""

from __future__ import annotations

import sqlite3

import pytest
from index.store.usage import Feedback

from index.store.archive import Archive
from index.store.schema import FEEDBACK_UNIQUE_INDEX

CHAT, OTHER_CHAT, USER, OTHER_USER = -100_1, -100_2, 11, 12


def ask(archive: Archive, chat_id: int = CHAT) -> int:
    return archive.usage.record_question({"chat_id": chat_id, "user_id": USER, "question": "Wer?", "answered": 1})


def feedback_rows(archive: Archive) -> list[tuple[int, int, int]]:
    return archive.db.execute("SELECT question_id, user_id, value FROM feedback ORDER BY id").fetchall()


def test_one_vote_per_user_and_question_is_a_database_constraint(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    qid = ask(archive)
    assert archive.usage.record_feedback(qid, value=1, user_id=USER, chat_id=CHAT) == Feedback.RECORDED
    assert archive.usage.record_feedback(qid, value=-1, user_id=USER, chat_id=CHAT) == Feedback.AGAIN
    assert archive.usage.record_feedback(qid, value=1, user_id=USER, chat_id=CHAT) == Feedback.AGAIN
    assert archive.usage.record_feedback(qid, value=-1, user_id=OTHER_USER, chat_id=CHAT) == Feedback.RECORDED
    assert feedback_rows(archive) == [(qid, USER, 1), (qid, OTHER_USER, -1)]  # the first vote stays
    assert archive.usage.stats()["feedback_up"] == 1
    with pytest.raises(sqlite3.IntegrityError):  # also for any other writer than record_feedback
        archive.db.execute("INSERT INTO feedback (question_id, user_id, value) VALUES (?, ?, 1)", [qid, USER])


def test_a_vote_from_another_chat_or_on_no_question_is_refused(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    qid = ask(archive)
    assert archive.usage.record_feedback(qid, value=1, user_id=OTHER_USER, chat_id=OTHER_CHAT) == Feedback.UNKNOWN
    assert archive.usage.record_feedback(qid + 1000, value=1, user_id=USER, chat_id=CHAT) == Feedback.UNKNOWN
    assert feedback_rows(archive) == []


def test_an_existing_database_is_migrated_keeping_each_users_first_vote(tmp_path):
    path = tmp_path / "archive.db"
    archive = Archive(path)
    qid, other = ask(archive), ask(archive)
    with archive.db.conn:  # the state of a database from before the constraint: double votes after restarts
        archive.db.execute(f"DROP INDEX IF EXISTS {FEEDBACK_UNIQUE_INDEX}")
        archive.db.conn.executemany(
            "INSERT INTO feedback (question_id, user_id, value, at) VALUES (?, ?, ?, '')",
            [(qid, USER, 1), (qid, USER, 1), (qid, USER, -1), (qid, OTHER_USER, -1), (other, USER, 1)],
        )
    archive.db.conn.close()

    migrated = Archive(path)
    assert feedback_rows(migrated) == [(qid, USER, 1), (qid, OTHER_USER, -1), (other, USER, 1)]
    assert migrated.usage.record_feedback(qid, value=1, user_id=USER, chat_id=CHAT) == Feedback.AGAIN
    assert len(feedback_rows(migrated)) == 3
    Archive(path)  # opening it again changes nothing
    assert len(feedback_rows(migrated)) == 3
