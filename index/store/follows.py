"""Alerts: the topics chats follow (``/follow``) and which articles an alert run has already looked at."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlite_utils

from index.store.records import now_iso


@dataclass(frozen=True, slots=True)
class Follow:
    """One followed topic of one chat; ``since`` (ISO time) is when it was followed: only articles ingested from
    then on can alert it."""

    id: int
    chat_id: int
    topic: str
    since: str
    lang: str | None = None
    """The language the chat followed it in (the alerts' language); None when not given."""


class FollowStore:
    """The ``follows`` and ``alert_checked`` tables of the archive.

    ``alert_checked`` is the alert runs' watermark, kept as the set of article ids already looked at rather than a
    time or a row id: ingestion times have one-second resolution and row ids can be reused after a delete, either of
    which could skip an article or look at one twice. An article is looked at once, alerted or not, and never again.
    """

    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db

    def add(self, chat_id: int, topic: str, lang: str | None = None) -> bool:
        """Follow ``topic`` in ``chat_id``; False when the chat follows it already (case and spacing ignored)."""
        if any(follow.topic.casefold() == topic.casefold() for follow in self.of_chat(chat_id)):
            return False
        with self._db().conn:
            self._db()["follows"].insert({"chat_id": chat_id, "topic": topic, "since": now_iso(), "lang": lang})
        return True

    def remove(self, follow_id: int) -> None:
        with self._db().conn:
            self._db()["follows"].delete_where("id = ?", [follow_id])

    def of_chat(self, chat_id: int) -> list[Follow]:
        """The chat's topics, oldest first (the numbers /following shows)."""
        rows = self._db()["follows"].rows_where("chat_id = ?", [chat_id], order_by="id")
        return [Follow(**row) for row in rows]

    def all(self) -> list[Follow]:
        return [Follow(**row) for row in self._db()["follows"].rows_where(order_by="id")]

    def unchecked_articles(self) -> list[tuple[str, str]]:
        """``(article_id, ingested_at)`` of the live articles no alert run has looked at yet."""
        sql = (
            "SELECT id, ingested_at FROM articles WHERE retired IS NULL "
            "AND id NOT IN (SELECT article_id FROM alert_checked) ORDER BY ingested_at, id"
        )
        return [(row[0], row[1] or "") for row in self._db().execute(sql).fetchall()]

    def mark_checked(self, article_ids: Iterable[str]) -> None:
        rows = [{"article_id": article_id, "at": now_iso()} for article_id in article_ids]
        with self._db().conn:
            self._db()["alert_checked"].insert_all(rows, ignore=True)
