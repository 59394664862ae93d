"""The conversation store (bot/conversations), on SQLite and on a real PostgreSQL (``store_url`` runs each test on
both; without PostgreSQL installed the second half skips with the reason)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.conversations import Feedback, PlannedAlert, open_conversations
from bot.conversations.database import current_revision, head_revision
from bot.conversations.deliveries import AlertBook
from bot.conversations.store import ConversationStore
from bot.conversations.tables import metadata
from bot.privacy import mask

CHAT, USER, OTHER_CHAT, OTHER_USER = 5, 6, 7, 8


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _question(store: ConversationStore, *, chat: int = CHAT, user: int = USER, answered: bool = True, text="Wer?"):
    return store.record_question(
        {
            "chat_id": chat,
            "user_id": user,
            "question": text,
            "lang": "de",
            "answered": int(answered),
            "article_id": "a1" if answered else None,
            "quote": "Zitat" if answered else None,
            "took_ms": 100.0,
            "more_html": "<b>Weitere Quellen</b>" if answered else None,
            "passage_html": "<blockquote>Absatz</blockquote>" if answered else None,
        }
    )


def test_the_migrations_make_exactly_the_tables_the_queries_use(store_url: str):
    conversations = open_conversations(store_url)
    try:
        assert current_revision(conversations.engine) == head_revision()
        with conversations.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        assert diff == []
        open_conversations(store_url).close()  # a second start migrates nothing and fails nothing
    finally:
        conversations.close()


def test_an_answers_buttons_survive_a_restart_and_belong_to_their_chat(store_url: str):
    first = open_conversations(store_url)
    qid = _question(first.store)
    first.store.set_reply_message(qid, 4242)
    first.close()
    again = open_conversations(store_url)  # another instance, or the same one restarted
    try:
        stored = again.store.answer(qid, CHAT)
        assert stored is not None and stored.lang == "de" and stored.passage_html.startswith("<blockquote>")
        assert again.store.answer(qid, OTHER_CHAT) is None and again.store.answer(qid, None) is None
        assert again.store.follow_up(CHAT, 4242) == ("Wer?", "a1")
        assert again.store.follow_up(OTHER_CHAT, 4242) is None
    finally:
        again.close()


def test_one_vote_per_reader_and_question(store_url: str):
    conversations = open_conversations(store_url)
    store = conversations.store
    try:
        qid = _question(store)
        assert store.record_feedback(qid, value=1, user_id=USER, chat_id=CHAT) == Feedback.RECORDED
        assert store.record_feedback(qid, value=-1, user_id=USER, chat_id=CHAT) == Feedback.AGAIN
        assert store.record_feedback(qid, value=-1, user_id=OTHER_USER, chat_id=CHAT) == Feedback.RECORDED
        assert store.record_feedback(qid, value=1, user_id=OTHER_USER, chat_id=OTHER_CHAT) == Feedback.UNKNOWN
        assert store.record_feedback(qid + 99, value=1, user_id=USER, chat_id=CHAT) == Feedback.UNKNOWN
        assert store.stats()["feedback_up"] == 1 and store.stats()["feedback_down"] == 1
    finally:
        conversations.close()


def test_timeline_pages_and_follows(store_url: str):
    conversations = open_conversations(store_url)
    store = conversations.store
    try:
        key = store.put_timeline([(0, "page one", 3), (3, "page two", 5)], 5, lang="fr", chat_id=CHAT, user_id=USER)
        page = store.timeline_page(key, CHAT, 3)
        assert (page.html, page.next_entry, page.total, page.lang) == ("page two", 5, 5, "fr")
        assert store.timeline_page(key, OTHER_CHAT, 3) is None and store.timeline_page(key, CHAT, 1) is None
        assert store.add_follow(CHAT, "Aleppo", lang="de", since_seq=10)
        assert not store.add_follow(CHAT, "aleppo", lang="de", since_seq=11)  # the same topic
        assert store.add_follow(OTHER_CHAT, "Aleppo", lang=None, since_seq=12)
        follows = store.follows_of(CHAT)
        assert [(f.topic, f.since_seq) for f in follows] == [("Aleppo", 10)]
        store.remove_follow(follows[0].id)
        assert store.follows_of(CHAT) == [] and len(store.all_follows()) == 1
    finally:
        conversations.close()


def test_rate_limits_count_across_instances(store_url: str):
    clock = Clock()
    a, b = open_conversations(store_url), open_conversations(store_url)
    store_a, store_b = ConversationStore(a.engine, clock=clock), ConversationStore(b.engine, clock=clock)
    try:
        assert store_a.hit("q", USER, 3) == 0.0
        assert store_b.hit("q", USER, 3) == 0.0
        clock.now += 10
        assert store_a.hit("q", USER, 3) == 0.0
        assert store_b.hit("q", USER, 3) == pytest.approx(50.0)  # the 4th in a minute, whichever instance
        assert store_b.hit("q", OTHER_USER, 3) == 0.0 and store_b.hit("a", USER, 3) == 0.0  # per user and kind
        clock.now += 51
        assert store_a.hit("q", USER, 3) == 0.0  # the first hit left the window
    finally:
        a.close()
        b.close()


def test_the_alert_lease_is_held_by_one_instance_and_taken_over_when_it_expires(store_url: str):
    clock = Clock()
    conversations = open_conversations(store_url)
    book = AlertBook(conversations.engine, clock=clock)
    try:
        assert book.take_lease("A", ttl_s=60) and not book.take_lease("B", ttl_s=60)
        clock.now += 30
        assert book.take_lease("A", ttl_s=60)  # renewed
        clock.now += 61
        assert book.take_lease("B", ttl_s=60) and not book.take_lease("A", ttl_s=60)
    finally:
        conversations.close()


def test_an_alert_is_planned_once_and_sent_by_one_claimant(store_url: str):
    clock = Clock()
    conversations = open_conversations(store_url)
    book = AlertBook(conversations.engine, clock=clock)
    try:
        assert book.start(7) == 7 and book.start(99) == 7  # set on the first run only
        plan = [PlannedAlert(CHAT, "a1", 1, "alert one"), PlannedAlert(OTHER_CHAT, "a1", 2, "alert two")]
        assert book.plan(plan, after=7, upto=9) == 2
        assert book.plan(plan, after=7, upto=9) is None  # a second planner from the same watermark writes nothing
        assert book.plan(plan, after=9, upto=10) == 0  # the same chat and article is never planned twice
        mine = book.claim_due("A", claim_s=60)
        assert sorted(d.text for d in mine) == ["alert one", "alert two"]
        assert book.claim_due("B", claim_s=60) == []  # claimed by A
        book.mark_sent(mine[0].id)
        clock.now += 61  # A died before sending the second: its claim expires
        again = book.claim_due("B", claim_s=60)
        assert [d.id for d in again] == [mine[1].id]
        book.retry_later(again[0].id, attempts=1, delay_s=120)
        assert book.claim_due("B", claim_s=60) == []  # not due yet
        clock.now += 121
        assert [d.attempts for d in book.claim_due("B", claim_s=60)] == [1]
        assert book.counts() == {"sent": 1, "pending": 1}
    finally:
        conversations.close()


def test_retention_deletes_old_questions_and_keeps_their_counts(store_url: str):
    clock = Clock()
    conversations = open_conversations(store_url)
    store = ConversationStore(conversations.engine, clock=clock)
    try:
        old = _question(store)
        store.record_feedback(old, value=1, user_id=USER, chat_id=CHAT)
        store.record_feedback(old, value=-1, user_id=OTHER_USER, chat_id=CHAT)
        store.put_timeline([(0, "page", 1)], 1, lang="en", chat_id=CHAT, user_id=USER)
        clock.now += 91 * 86_400
        recent = _question(store, answered=False, text="Und jetzt?")
        assert store.purge(keep_days=90) == 1
        assert store.answer(old, CHAT) is None and store.unanswered(days=1) == ["Und jetzt?"]
        assert store.stats() == {"questions": 2, "feedback_up": 1, "feedback_down": 1, "median_answer_ms": 100.0}
        with conversations.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT COUNT(*) FROM feedback")).scalar_one() == 0
            assert connection.execute(sa.text("SELECT COUNT(*) FROM timelines")).scalar_one() == 0
        assert recent
    finally:
        conversations.close()


def test_forget_deletes_a_readers_data_and_nothing_else(store_url: str):
    conversations = open_conversations(store_url)
    store = conversations.store
    try:
        theirs = _question(store, chat=USER, user=USER)  # in their private chat
        in_group = _question(store, chat=-100, user=USER)
        others = _question(store, chat=-100, user=OTHER_USER)
        store.record_feedback(others, value=1, user_id=USER, chat_id=-100)
        store.record_feedback(theirs, value=1, user_id=USER, chat_id=USER)
        store.add_follow(USER, "Aleppo", lang="de", since_seq=0)
        store.add_follow(-100, "Aleppo", lang="de", since_seq=0)  # the group's, not theirs
        store.hit("q", USER, 5)
        forgotten = store.forget_user(USER)
        assert (forgotten.questions, forgotten.votes, forgotten.follows) == (2, 2, 1)
        assert store.answer(theirs, USER) is None and store.answer(in_group, -100) is None
        assert store.answer(others, -100) is not None and len(store.all_follows()) == 1
        with conversations.engine.connect() as connection:
            for table in ("questions", "feedback", "follows", "rate_hits", "timelines"):
                column = "chat_id" if table == "follows" else "user_id"
                count = connection.execute(sa.text(f"SELECT COUNT(*) FROM {table} WHERE {column} = :u"), {"u": USER})
                assert count.scalar_one() == 0, table
    finally:
        conversations.close()


def test_backup_of_the_sqlite_store_is_a_checked_copy(tmp_path: Path):
    conversations = open_conversations(f"sqlite:///{tmp_path / 'conversations.db'}")
    try:
        qid = _question(conversations.store)
        copy = conversations.store.backup(tmp_path / "copy.db")
        with pytest.raises(ValueError, match="exists"):
            conversations.store.backup(copy)
    finally:
        conversations.close()
    connection = sqlite3.connect(copy)
    assert connection.execute("SELECT question FROM questions WHERE id = ?", [qid]).fetchone() == ("Wer?",)
    connection.close()


def test_a_postgresql_store_says_to_use_pg_dump(postgres):
    conversations = open_conversations(postgres.create_database("dumped").replace("postgresql:", "postgresql+psycopg:"))
    try:
        with pytest.raises(ValueError, match="pg_dump"):
            conversations.store.backup(Path("/nonexistent/copy.db"))
    finally:
        conversations.close()


def test_a_stopped_postgresql_gives_defaults_with_one_warning_and_recovers(postgres, caplog):
    url = postgres.create_database("outage").replace("postgresql:", "postgresql+psycopg:")
    conversations = open_conversations(url)
    guard, store = conversations.guard, conversations.store
    try:
        qid = guard.call(lambda: _question(store), None)
        assert qid is not None
        postgres.stop()
        with caplog.at_level(logging.WARNING, logger="bot.conversations.health"):
            assert guard.call(lambda: _question(store), None) is None
            assert guard.call(lambda: store.answer(qid, CHAT), "down") == "down"
        assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
        assert "unavailable" in caplog.records[0].getMessage() and len(caplog.records) == 1
        postgres.start()
        assert guard.call(lambda: store.answer(qid, CHAT), None) is not None  # reconnected by itself
        assert not guard.down
    finally:
        if not _running(postgres):
            postgres.start()
        conversations.close()


def _running(postgres) -> bool:
    return (postgres.data / "postmaster.pid").exists()


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("Ruft mich an: +49 30 1234567", "Ruft mich an: [phone]"),
        ("mail an max.muster@example.org bitte", "mail an [e-mail] bitte"),
        ("frag @someone_here, 0171-2345678", "frag [@], [phone]"),
        ("Wie viele Tote gab es 2016 in Aleppo?", "Wie viele Tote gab es 2016 in Aleppo?"),
    ],
)
def test_questions_shown_to_admins_are_masked(question: str, shown: str):
    assert mask(question) == shown
