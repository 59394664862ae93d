"""The conversation store: what readers asked and were answered, their votes, timelines, follows and rate limits.

Apart from the corpus archive (which only the engine writes): one store per deployment, SQLite in
``DATA_DIR/conversations.db`` for one instance or PostgreSQL (``DATABASE_URL``) shared by many. Every method is
one short transaction, safe from any thread. What a button of an answer shows is stored rendered with the
answer, so any instance renders any press after any restart. Alerts: ``bot.conversations.deliveries``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.conversations.common import Clock, add_total, wall_clock
from bot.conversations.tables import feedback, follows, questions, rate_hits, timelines, totals

RATE_WINDOW_S = 60.0
SECONDS_PER_DAY = 86_400.0
DELETED_QUESTIONS, DELETED_UP, DELETED_DOWN = "deleted_questions", "deleted_feedback_up", "deleted_feedback_down"


class Feedback(StrEnum):
    """What became of a reader's vote on an answer."""

    RECORDED = "recorded"
    AGAIN = "again"
    """This reader voted on this answer before: the first vote stays, nothing is counted twice."""
    UNKNOWN = "unknown"
    """No such question (in the chat the vote came from)."""


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """What the buttons under an answer show, rendered in the language the answer was shown in."""

    lang: str
    more_html: str | None
    passage_html: str | None


@dataclass(frozen=True, slots=True)
class TimelinePage:
    html: str
    next_entry: int
    total: int
    lang: str


@dataclass(frozen=True, slots=True)
class Follow:
    """One followed topic of one chat; only articles with an ingest sequence above ``since_seq`` alert it."""

    id: int
    chat_id: int
    topic: str
    lang: str | None
    since_seq: int


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What ``forget_user`` deleted."""

    questions: int
    votes: int
    follows: int
    timelines: int


class ConversationStore:
    """Questions, votes, timelines, follows and rate-limit hits in the conversation store."""

    def __init__(self, engine: Engine, *, clock: Clock = wall_clock) -> None:
        self.engine = engine
        self._clock = clock

    # -- questions and their buttons ----------------------------------------------------------------------

    def record_question(self, row: dict) -> int:
        """Store a question (``chat_id``, ``user_id``, ``question``, ``lang``, ``answered``, ``article_id``,
        ``quote``, ``score``, ``took_ms``, ``more_html``, ``passage_html``); its id (the buttons' number)."""
        with self.engine.begin() as connection:
            result = connection.execute(sa.insert(questions).values(asked_at=self._clock(), **row))
            return int(result.inserted_primary_key[0])

    def set_reply_message(self, question_id: int, message_id: int) -> None:
        """The bot's message ``message_id`` showed the answer to ``question_id``: a reply to it is a follow-up."""
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(questions).where(questions.c.id == question_id).values(reply_message_id=message_id)
            )

    def answer(self, question_id: int, chat_id: int | None) -> StoredAnswer | None:
        """The buttons' replies of answer ``question_id`` when it was given in ``chat_id``; None otherwise."""
        if chat_id is None:
            return None
        query = sa.select(questions.c.lang, questions.c.more_html, questions.c.passage_html).where(
            questions.c.id == question_id, questions.c.chat_id == chat_id, questions.c.answered == 1
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return StoredAnswer(row.lang or "en", row.more_html, row.passage_html) if row else None

    def follow_up(self, chat_id: int, message_id: int) -> tuple[str, str | None] | None:
        """``(question, article_id)`` answered in ``chat_id`` by the bot's message ``message_id``; None when none."""
        query = (
            sa.select(questions.c.question, questions.c.article_id, questions.c.answered)
            .where(questions.c.chat_id == chat_id, questions.c.reply_message_id == message_id)
            .order_by(questions.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.question, row.article_id if row.answered else None) if row else None

    def record_feedback(self, question_id: int, *, value: int, user_id: int | None, chat_id: int | None) -> Feedback:
        """One vote per user and question; ``UNKNOWN`` for a question not asked in ``chat_id``."""
        found = sa.select(questions.c.id).where(questions.c.id == question_id)
        if chat_id is not None:
            found = found.where(questions.c.chat_id == chat_id)
        try:
            with self.engine.begin() as connection:
                if connection.execute(found).first() is None:
                    return Feedback.UNKNOWN
                connection.execute(
                    sa.insert(feedback).values(
                        question_id=question_id, user_id=user_id, value=1 if value > 0 else -1, at=self._clock()
                    )
                )
        except IntegrityError:
            return Feedback.AGAIN
        return Feedback.RECORDED

    # -- timelines ------------------------------------------------------------------------------------------

    def put_timeline(
        self, pages: list[tuple[int, str, int]], total: int, *, lang: str, chat_id: int, user_id: int | None
    ) -> int:
        """Store a timeline's rendered pages ``(first entry, html, next entry)``; its number for *Next*."""
        payload = json.dumps({"total": total, "pages": pages}, ensure_ascii=False)
        with self.engine.begin() as connection:
            result = connection.execute(
                sa.insert(timelines).values(
                    made_at=self._clock(), chat_id=chat_id, user_id=user_id, lang=lang, pages=payload
                )
            )
            return int(result.inserted_primary_key[0])

    def timeline_page(self, key: int, chat_id: int | None, first_entry: int) -> TimelinePage | None:
        """The page of timeline ``key`` that starts at ``first_entry``, when it was made in ``chat_id``."""
        if chat_id is None:
            return None
        query = sa.select(timelines.c.lang, timelines.c.pages).where(
            timelines.c.id == key, timelines.c.chat_id == chat_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        payload = json.loads(row.pages)
        for start, html, next_entry in payload["pages"]:
            if start == first_entry:
                return TimelinePage(html, next_entry, payload["total"], row.lang)
        return None

    # -- follows --------------------------------------------------------------------------------------------

    def add_follow(self, chat_id: int, topic: str, *, lang: str | None, since_seq: int) -> bool:
        """Follow ``topic`` in ``chat_id``; False when the chat follows it already (case and spacing ignored)."""
        with self.engine.begin() as connection:
            rows = connection.execute(sa.select(follows.c.topic).where(follows.c.chat_id == chat_id)).all()
            if any(row.topic.casefold() == topic.casefold() for row in rows):
                return False
            connection.execute(
                sa.insert(follows).values(
                    chat_id=chat_id, topic=topic, lang=lang, since_seq=since_seq, followed_at=self._clock()
                )
            )
        return True

    def remove_follow(self, follow_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(follows).where(follows.c.id == follow_id))

    def follows_of(self, chat_id: int) -> list[Follow]:
        """The chat's topics, oldest first (the numbers /following shows)."""
        return self._follows(follows.c.chat_id == chat_id)

    def all_follows(self) -> list[Follow]:
        return self._follows(sa.true())

    def _follows(self, where) -> list[Follow]:
        query = sa.select(follows.c.id, follows.c.chat_id, follows.c.topic, follows.c.lang, follows.c.since_seq)
        with self.engine.connect() as connection:
            rows = connection.execute(query.where(where).order_by(follows.c.id)).all()
        return [Follow(row.id, row.chat_id, row.topic, row.lang, row.since_seq) for row in rows]

    # -- rate limits ----------------------------------------------------------------------------------------

    def hit(self, kind: str, user_id: int, per_minute: int) -> float:
        """Count one event of ``kind`` for ``user_id`` against ``per_minute`` in any 60 s window, across every
        instance: 0.0 when allowed (and counted), else the seconds until the next one would be."""
        if per_minute <= 0:
            return 0.0
        now = self._clock()
        mine = (rate_hits.c.kind == kind) & (rate_hits.c.user_id == user_id)
        with self.engine.begin() as connection:
            connection.execute(sa.delete(rate_hits).where(mine, rate_hits.c.at <= now - RATE_WINDOW_S))
            count, oldest = connection.execute(
                sa.select(sa.func.count(), sa.func.min(rate_hits.c.at)).where(mine)
            ).one()
            if count >= per_minute:
                return max(0.001, RATE_WINDOW_S - (now - float(oldest)))
            connection.execute(sa.insert(rate_hits).values(kind=kind, user_id=user_id, at=now))
        return 0.0

    def prune_rate_hits(self) -> int:
        """Drop every hit older than the window (users who went quiet)."""
        with self.engine.begin() as connection:
            deleted = connection.execute(sa.delete(rate_hits).where(rate_hits.c.at <= self._clock() - RATE_WINDOW_S))
            return deleted.rowcount or 0

    # -- admins' views and figures ----------------------------------------------------------------------------

    def unanswered(self, *, days: float) -> list[str]:
        """The questions of the last ``days`` that got "nothing found", oldest first: the texts only."""
        since = self._clock() - days * SECONDS_PER_DAY
        query = (
            sa.select(questions.c.question)
            .where(questions.c.answered == 0, questions.c.asked_at >= since)
            .order_by(questions.c.id)
        )
        with self.engine.connect() as connection:
            return [row.question for row in connection.execute(query)]

    def stats(self) -> dict:
        """Questions and votes, those deleted by retention included; the median answer time of those kept."""
        with self.engine.connect() as connection:
            kept = dict(connection.execute(sa.select(totals.c.key, totals.c.value)).all())
            count = connection.execute(sa.select(sa.func.count()).select_from(questions)).scalar_one()
            up = connection.execute(sa.select(sa.func.count()).where(feedback.c.value > 0)).scalar_one()
            down = connection.execute(sa.select(sa.func.count()).where(feedback.c.value < 0)).scalar_one()
            times = sorted(
                row[0]
                for row in connection.execute(sa.select(questions.c.took_ms).where(questions.c.took_ms.isnot(None)))
            )
        median = None
        if times:
            middle = len(times) // 2
            median = float(times[middle]) if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
        return {
            "questions": int(count) + int(kept.get(DELETED_QUESTIONS, 0)),
            "feedback_up": int(up) + int(kept.get(DELETED_UP, 0)),
            "feedback_down": int(down) + int(kept.get(DELETED_DOWN, 0)),
            "median_answer_ms": median,
        }

    # -- retention and deletion -----------------------------------------------------------------------------

    def purge(self, *, keep_days: float) -> int:
        """Delete questions (with their answers and votes) and timelines older than ``keep_days``; their counts
        are added to ``totals`` first, in the same transaction. How many questions were deleted."""
        cutoff = self._clock() - keep_days * SECONDS_PER_DAY
        old = sa.select(questions.c.id).where(questions.c.asked_at < cutoff)
        with self.engine.begin() as connection:
            votes = {
                int(value): int(count)
                for value, count in connection.execute(
                    sa.select(feedback.c.value, sa.func.count())
                    .where(feedback.c.question_id.in_(old))
                    .group_by(feedback.c.value)
                ).all()
            }
            connection.execute(sa.delete(feedback).where(feedback.c.question_id.in_(old)))
            deleted = connection.execute(sa.delete(questions).where(questions.c.asked_at < cutoff)).rowcount or 0
            connection.execute(sa.delete(timelines).where(timelines.c.made_at < cutoff))
            add_total(connection, totals, DELETED_QUESTIONS, deleted)
            add_total(connection, totals, DELETED_UP, sum(n for value, n in votes.items() if value > 0))
            add_total(connection, totals, DELETED_DOWN, sum(n for value, n in votes.items() if value < 0))
        return deleted

    def forget_user(self, user_id: int) -> Forgotten:
        """Delete everything of one reader: their questions (and the votes on them), their votes, the follows
        and timelines of their private chat (whose id is theirs) and their rate-limit hits. Counts are not kept."""
        theirs = sa.select(questions.c.id).where(questions.c.user_id == user_id)
        with self.engine.begin() as connection:
            votes = connection.execute(
                sa.delete(feedback).where((feedback.c.user_id == user_id) | feedback.c.question_id.in_(theirs))
            ).rowcount
            asked = connection.execute(
                sa.delete(questions).where((questions.c.user_id == user_id) | (questions.c.chat_id == user_id))
            ).rowcount
            followed = connection.execute(sa.delete(follows).where(follows.c.chat_id == user_id)).rowcount
            made = connection.execute(
                sa.delete(timelines).where((timelines.c.user_id == user_id) | (timelines.c.chat_id == user_id))
            ).rowcount
            connection.execute(sa.delete(rate_hits).where(rate_hits.c.user_id == user_id))
        return Forgotten(asked or 0, votes or 0, followed or 0, made or 0)

    # -- backup ---------------------------------------------------------------------------------------------

    def backup(self, target: Path) -> Path:
        """An online copy of the SQLite store into the new file ``target`` (checked, then renamed into place).
        PostgreSQL: ``ValueError`` (use ``pg_dump``)."""
        if self.engine.dialect.name != "sqlite":
            raise ValueError("the conversation store is PostgreSQL: back it up with pg_dump (README, Privacy)")
        target = Path(target).absolute()
        if target.exists():
            raise ValueError(f"{target} exists already: name a new file")
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(self.engine.url.database)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            verdict = destination.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            destination.close()
            source.close()
        if verdict != "ok":
            raise ValueError(f"the copy fails SQLite's integrity check: {verdict}")
        shutil.move(partial, target)
        return target
