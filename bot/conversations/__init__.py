"""The conversation store: readers' data apart from the corpus (issue 24, docs/architecture.md).

``open_conversations(url)`` migrates the schema (Alembic, ``migrations/``) and returns :class:`Conversations`:
the store (questions, buttons, votes, timelines, follows, rate limits, retention), the alert book (leases,
deliveries) and the guard that keeps the bot answering while the database is down.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.conversations.database import describe, make_engine, migrate, store_url
from bot.conversations.deliveries import AlertBook, Delivery, PlannedAlert
from bot.conversations.desk import NewsroomDesk, QueueItem
from bot.conversations.health import StoreGuard
from bot.conversations.store import ConversationStore, Feedback, Follow, Forgotten, StoredAnswer, TimelinePage

__all__ = [
    "AlertBook",
    "ConversationStore",
    "Conversations",
    "Delivery",
    "Feedback",
    "Follow",
    "Forgotten",
    "NewsroomDesk",
    "PlannedAlert",
    "QueueItem",
    "StoreGuard",
    "StoredAnswer",
    "TimelinePage",
    "open_conversations",
    "store_url",
]


@dataclass(slots=True)
class Conversations:
    engine: Engine
    store: ConversationStore
    alerts: AlertBook
    guard: StoreGuard
    where: str
    desk: NewsroomDesk | None = None

    def __post_init__(self) -> None:
        if self.desk is None:
            self.desk = NewsroomDesk(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_conversations(url: str, *, run_migrations: bool = True) -> Conversations:
    """The store at the SQLAlchemy ``url`` (``store_url``), its schema brought up to date."""
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    where = describe(url)
    return Conversations(engine, ConversationStore(engine), AlertBook(engine), StoreGuard(where), where)
