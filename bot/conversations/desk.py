"""The newsroom's desk in the conversation store (issue 22): queue items, offered questions, the per-reader
deliveries of the newsroom's answers and retraction notices, retractions, and the log of quotes given.

Privacy: an offered question is stored masked (bot/privacy.py); the reader's chat id is kept on the offered
question for the delivery only: set to NULL when the item is closed (its deliveries are planned in the same
transaction) or when QUEUE_KEEP_DAYS pass (:meth:`NewsroomDesk.expire`). Editors are shown texts, counts and
languages, never a chat id.

Delivery (``newsroom_deliveries``): planned rendered, one row per reader (UNIQUE per kind, item and chat: never
planned twice), then each is marked ``sending`` (committed) before it is sent and ``sent`` after Telegram
confirmed. A process killed in between leaves that one row ``sending``; the next run sends it again: after a
kill -9 every reader gets the answer, and at most the one in flight at the kill gets it twice.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.conversations.common import Clock, insert_ignore, wall_clock
from bot.conversations.tables import feedback as votes
from bot.conversations.tables import item_questions, newsroom_deliveries, queue_items, quote_log, retractions
from bot.conversations.tables import questions as asked_questions

OPEN, ANSWERED, DISMISSED = "open", "answered", "dismissed"
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
ANSWER, NOTICE = "answer", "notice"
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class Asker:
    """One reader waiting for an item's answer (only inside the bot: never shown to editors)."""

    chat_id: int
    lang: str
    question: str
    asked_at: float


@dataclass(slots=True)
class QueueItem:
    id: int
    status: str
    example: str
    first_at: float
    last_at: float
    candidate_article_id: str | None
    candidate_quote: str | None
    editor_message_id: int | None
    version: int
    shown_version: int
    questions: list[str] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def readers(self) -> int:
        return sum(self.languages.values())

    def to_dict(self) -> dict:
        """The JSON shape of ``crisisbot queue --json`` (no reader's id)."""
        return {
            "id": self.id,
            "status": self.status,
            "readers": self.readers,
            "languages": dict(sorted(self.languages.items())),
            "first_at": self.first_at,
            "last_at": self.last_at,
            "questions": self.questions,
            "candidate": (
                {"article_id": self.candidate_article_id, "quote": self.candidate_quote}
                if self.candidate_quote
                else None
            ),
        }


@dataclass(frozen=True, slots=True)
class Offer:
    item_id: int
    entry_id: int
    joined: bool
    """False: a new item was opened; True: the question joined an open item (or was offered before)."""


@dataclass(frozen=True, slots=True)
class DeskDelivery:
    id: int
    chat_id: int
    html: str
    attempts: int


class NewsroomDesk:
    """The queue, its deliveries, retractions and the quote log."""

    def __init__(self, engine: Engine, *, clock: Clock = wall_clock) -> None:
        self.engine = engine
        self._clock = clock

    # -- the queue ------------------------------------------------------------------------------------------

    def question(self, question_id: int, chat_id: int) -> dict | None:
        """The stored question ``question_id`` when it was asked in ``chat_id`` (text, lang, its quote if any)."""
        q = asked_questions.c
        query = sa.select(q.question, q.lang, q.article_id, q.quote, q.answered).where(
            q.id == question_id, q.chat_id == chat_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return dict(row._mapping) if row else None

    def offer(
        self,
        *,
        question_id: int | None,
        question: str,
        lang: str,
        chat_id: int,
        join: int | None,
        candidate: tuple[str, str] | None = None,
    ) -> Offer:
        """Offer a (masked) question: it joins open item ``join`` when that is still open, else opens one."""
        now = self._clock()
        with self.engine.begin() as connection:
            if question_id is not None:
                found = connection.execute(
                    sa.select(item_questions.c.id, item_questions.c.item_id, item_questions.c.withdrawn).where(
                        item_questions.c.question_id == question_id
                    )
                ).first()
                if found is not None:
                    if found.withdrawn:
                        connection.execute(
                            sa.update(item_questions).where(item_questions.c.id == found.id).values(withdrawn=0)
                        )
                        self._touch(connection, found.item_id, now)
                    return Offer(found.item_id, found.id, True)
            item_id = None
            if join is not None:
                item_id = connection.execute(
                    sa.select(queue_items.c.id).where(queue_items.c.id == join, queue_items.c.status == OPEN)
                ).scalar()
            joined = item_id is not None
            if item_id is None:
                article_id, quote = candidate if candidate else (None, None)
                item_id = connection.execute(
                    sa.insert(queue_items).values(
                        status=OPEN,
                        first_at=now,
                        last_at=now,
                        example=question,
                        candidate_article_id=article_id,
                        candidate_quote=quote,
                        version=0,
                        shown_version=0,
                    )
                ).inserted_primary_key[0]
            entry = connection.execute(
                sa.insert(item_questions).values(
                    item_id=item_id, question_id=question_id, question=question, lang=lang, asked_at=now,
                    chat_id=chat_id, withdrawn=0,
                )
            ).inserted_primary_key[0]  # fmt: skip
            self._touch(connection, item_id, now)
        return Offer(int(item_id), int(entry), joined)

    def _touch(self, connection, item_id: int, now: float) -> None:
        connection.execute(
            sa.update(queue_items)
            .where(queue_items.c.id == item_id)
            .values(last_at=now, version=queue_items.c.version + 1)
        )

    def withdraw(self, entry_id: int, chat_id: int) -> int | None:
        """Withdraw an offered question of ``chat_id`` from its (open) item; the item's id, or None."""
        with self.engine.begin() as connection:
            row = connection.execute(
                sa.select(item_questions.c.item_id)
                .join(queue_items, queue_items.c.id == item_questions.c.item_id)
                .where(
                    item_questions.c.id == entry_id,
                    item_questions.c.chat_id == chat_id,
                    item_questions.c.withdrawn == 0,
                    queue_items.c.status == OPEN,
                )
            ).first()
            if row is None:
                return None
            connection.execute(sa.update(item_questions).where(item_questions.c.id == entry_id).values(withdrawn=1))
            self._touch(connection, row.item_id, self._clock())
        return int(row.item_id)

    def items(self, *, status: str | None = OPEN) -> list[QueueItem]:
        query = sa.select(queue_items).order_by(queue_items.c.last_at.desc())
        if status is not None:
            query = query.where(queue_items.c.status == status)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            items = [self._item(row) for row in rows]
            self._fill(connection, items)
        return items

    def item(self, item_id: int) -> QueueItem | None:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(queue_items).where(queue_items.c.id == item_id)).first()
            if row is None:
                return None
            item = self._item(row)
            self._fill(connection, [item])
        return item

    def item_by_message(self, message_id: int) -> QueueItem | None:
        with self.engine.connect() as connection:
            found = connection.execute(
                sa.select(queue_items.c.id).where(queue_items.c.editor_message_id == message_id)
            ).scalar()
        return self.item(int(found)) if found is not None else None

    @staticmethod
    def _item(row) -> QueueItem:
        return QueueItem(
            row.id, row.status, row.example, row.first_at, row.last_at, row.candidate_article_id,
            row.candidate_quote, row.editor_message_id, row.version, row.shown_version,
        )  # fmt: skip

    @staticmethod
    def _fill(connection, items: list[QueueItem]) -> None:
        if not items:
            return
        by_id = {item.id: item for item in items}
        rows = connection.execute(
            sa.select(item_questions.c.item_id, item_questions.c.question, item_questions.c.lang)
            .where(item_questions.c.item_id.in_(list(by_id)), item_questions.c.withdrawn == 0)
            .order_by(item_questions.c.id)
        ).all()
        for row in rows:
            item = by_id[row.item_id]
            if row.question not in item.questions:
                item.questions.append(row.question)
            lang = row.lang or "?"
            item.languages[lang] = item.languages.get(lang, 0) + 1

    def shown(self, item_id: int, *, message_id: int, version: int) -> None:
        """The editor chat's message ``message_id`` shows ``item_id`` as of ``version``."""
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(queue_items)
                .where(queue_items.c.id == item_id)
                .values(editor_message_id=message_id, shown_version=version)
            )

    def close(
        self, item_id: int, status: str, *, render, answer_article_id: str | None = None, key: str | None = None
    ) -> int | None:
        """Close open item ``item_id`` (ANSWERED or DISMISSED) and plan one delivery per reader who asked (not
        withdrawn), ``render(asker)`` giving its HTML; the readers' chat ids are dropped in the same transaction.
        The number of deliveries planned; None when the item is not open (closed already: a replayed press)."""
        now = self._clock()
        with self.engine.begin() as connection:
            closed = connection.execute(
                sa.update(queue_items)
                .where(queue_items.c.id == item_id, queue_items.c.status == OPEN)
                .values(status=status, closed_at=now, answer_article_id=answer_article_id, dismiss_key=key,
                        version=queue_items.c.version + 1)
            ).rowcount  # fmt: skip
            if not closed:
                return None
            rows = connection.execute(
                sa.select(item_questions.c.chat_id, item_questions.c.lang, item_questions.c.question,
                          item_questions.c.asked_at)
                .where(item_questions.c.item_id == item_id, item_questions.c.withdrawn == 0,
                       item_questions.c.chat_id.is_not(None))
                .order_by(item_questions.c.id)
            ).all()  # fmt: skip
            planned = [
                {"kind": ANSWER, "ref_id": item_id, "chat_id": row.chat_id, "state": PENDING, "attempts": 0,
                 "planned_at": now, "html": render(Asker(row.chat_id, row.lang or "en", row.question, row.asked_at))}
                for row in rows
            ]  # fmt: skip
            count = insert_ignore(connection, newsroom_deliveries, planned, index=["kind", "ref_id", "chat_id"])
            if answer_article_id is not None and rows:  # a retraction of the answer reaches these readers too
                connection.execute(
                    sa.insert(quote_log),
                    [{"chat_id": row.chat_id, "article_id": answer_article_id, "quote": None, "lang": row.lang,
                      "quoted_at": now} for row in rows],
                )  # fmt: skip
            connection.execute(
                sa.update(item_questions).where(item_questions.c.item_id == item_id).values(chat_id=None)
            )
        return count

    def expire(self, keep_days: float) -> int:
        """Drop the chat ids of offered questions older than ``keep_days`` (QUEUE_KEEP_DAYS); how many."""
        cutoff = self._clock() - keep_days * SECONDS_PER_DAY
        with self.engine.begin() as connection:
            return connection.execute(
                sa.update(item_questions)
                .where(item_questions.c.asked_at < cutoff, item_questions.c.chat_id.is_not(None))
                .values(chat_id=None)
            ).rowcount

    # -- deliveries ------------------------------------------------------------------------------------------

    def due(self, *, limit: int = 100) -> list[DeskDelivery]:
        """Deliveries not yet confirmed (``pending``, and ``sending`` ones a killed process left), oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(newsroom_deliveries)
                .where(newsroom_deliveries.c.state.in_((PENDING, SENDING)))
                .order_by(newsroom_deliveries.c.id)
                .limit(limit)
            ).all()
        return [DeskDelivery(row.id, row.chat_id, row.html, row.attempts) for row in rows]

    def mark(self, delivery_id: int, state: str) -> None:
        values: dict = {"state": state}
        if state == SENDING:
            values["attempts"] = newsroom_deliveries.c.attempts + 1
        if state == SENT:
            values["sent_at"] = self._clock()
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(newsroom_deliveries).where(newsroom_deliveries.c.id == delivery_id).values(**values)
            )

    # -- quotes and retractions ----------------------------------------------------------------------------

    def log_quote(self, chat_id: int, article_id: str, quote: str | None, lang: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                sa.insert(quote_log).values(
                    chat_id=chat_id, article_id=article_id, quote=quote, lang=lang, quoted_at=self._clock()
                )
            )

    def retract(self, article_id: str, *, title: str | None, reason: str | None, notice_days: float, render) -> int:
        """Record the retraction of ``article_id`` and plan a notice (``render(chat_id, lang, quoted_at)``) to every
        chat it was quoted to in the last ``notice_days``; the number of notices planned (0 when retracted before)."""
        now = self._clock()
        with self.engine.begin() as connection:
            inserted = insert_ignore(
                connection,
                retractions,
                [{"article_id": article_id, "title": title, "reason": reason, "retracted_at": now}],
                index=["article_id"],
            )
            if not inserted:
                return 0
            retraction_id = connection.execute(
                sa.select(retractions.c.id).where(retractions.c.article_id == article_id)
            ).scalar()
            rows = connection.execute(
                sa.select(quote_log.c.chat_id, quote_log.c.lang, sa.func.max(quote_log.c.quoted_at).label("at"))
                .where(quote_log.c.article_id == article_id,
                       quote_log.c.quoted_at >= now - notice_days * SECONDS_PER_DAY)
                .group_by(quote_log.c.chat_id, quote_log.c.lang)
            ).all()  # fmt: skip
            seen: set[int] = set()
            planned = []
            for row in sorted(rows, key=lambda r: -r.at):
                if row.chat_id in seen:
                    continue
                seen.add(row.chat_id)
                html = render(row.chat_id, row.lang or "en", row.at)
                planned.append({"kind": NOTICE, "ref_id": retraction_id, "chat_id": row.chat_id, "state": PENDING,
                                "attempts": 0, "planned_at": now, "html": html})  # fmt: skip
            return insert_ignore(connection, newsroom_deliveries, planned, index=["kind", "ref_id", "chat_id"])

    def retracted(self) -> dict[str, str | None]:
        """Article id -> reason of every retraction."""
        with self.engine.connect() as connection:
            return dict(connection.execute(sa.select(retractions.c.article_id, retractions.c.reason)).all())

    def forget_old_quotes(self, keep_days: float) -> int:
        cutoff = self._clock() - keep_days * SECONDS_PER_DAY
        with self.engine.begin() as connection:
            return connection.execute(sa.delete(quote_log).where(quote_log.c.quoted_at < cutoff)).rowcount

    def disliked(self, *, days: float) -> list[dict]:
        """The answered questions of the last ``days`` that got at least one 👎 (issue 26's second part of
        /unanswered), oldest first: ``question``, ``quote``, ``article_id``, ``up``, ``down``; never who asked."""
        q = asked_questions.c
        since = self._clock() - days * SECONDS_PER_DAY
        up = sa.func.sum(sa.case((votes.c.value > 0, 1), else_=0)).label("up")
        down = sa.func.sum(sa.case((votes.c.value < 0, 1), else_=0)).label("down")
        query = (
            sa.select(q.id, q.question, q.quote, q.article_id, up, down)
            .join(votes, votes.c.question_id == q.id)
            .where(q.answered == 1, q.asked_at >= since)
            .group_by(q.id, q.question, q.quote, q.article_id)
            .having(down > 0)
            .order_by(q.id)
        )
        with self.engine.connect() as connection:
            return [
                {"question": r.question, "quote": r.quote, "article_id": r.article_id, "up": int(r.up),
                 "down": int(r.down)}
                for r in connection.execute(query)
            ]  # fmt: skip

    # -- figures -----------------------------------------------------------------------------------------------

    def stats(self) -> dict:
        """Open items, share answered (of closed), median time to answer (s), readers reached, notices sent."""
        with self.engine.connect() as connection:
            items = connection.execute(
                sa.select(queue_items.c.status, queue_items.c.first_at, queue_items.c.closed_at)
            ).all()
            sent = dict(
                connection.execute(
                    sa.select(newsroom_deliveries.c.kind, sa.func.count())
                    .where(newsroom_deliveries.c.state == SENT)
                    .group_by(newsroom_deliveries.c.kind)
                ).all()
            )
        answered = [row for row in items if row.status == ANSWERED]
        closed = [row for row in items if row.status != OPEN]
        times = [row.closed_at - row.first_at for row in answered if row.closed_at is not None]
        return {
            "queue_open": sum(1 for row in items if row.status == OPEN),
            "queue_answered": len(answered),
            "queue_dismissed": len(closed) - len(answered),
            "share_answered": round(len(answered) / len(closed), 3) if closed else None,
            "median_answer_s": round(statistics.median(times), 1) if times else None,
            "readers_reached": int(sent.get(ANSWER, 0)),
            "retraction_notices_sent": int(sent.get(NOTICE, 0)),
        }
