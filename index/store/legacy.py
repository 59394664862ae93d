"""Readers' tables of archives from before the conversation store (issue 24): read once, then dropped.

Archives made before it hold ``questions``, ``feedback``, ``follows`` and ``alert_checked``. The bot moves their
rows into its conversation store on its first start (``bot.conversations.legacy``): it reads them here, commits
them there, and only then drops them here, so a kill at any point loses nothing (the store records the import
and a second start only drops what is left).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import sqlite_utils

ARCHIVE_ID = "archive_id"
LEGACY_TABLES = ("feedback", "questions", "follows", "alert_checked")
"""Dropped in this order (``feedback`` points at ``questions``)."""


class LegacyConversations:
    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db

    def present(self) -> bool:
        names = set(self._db().table_names())
        return any(name in names for name in LEGACY_TABLES)

    def read(self) -> dict[str, list[dict]]:
        """Every row of the old tables (and ``archive``: this archive's :meth:`identity`); ``follows`` get
        ``since_seq`` (the newest article ingested by the time they were followed) and ``alert_checked`` becomes
        ``watermark``: the highest ingest sequence up to which every article had been looked at."""
        db = self._db()
        names = set(db.table_names())
        rows: dict[str, list[dict]] = {name: [] for name in LEGACY_TABLES}
        rows["archive"] = [{"id": self.identity()}]
        for name in ("questions", "feedback", "follows"):
            if name in names:
                rows[name] = list(db[name].rows_where(order_by="rowid"))
        for follow in rows["follows"]:
            since = str(follow.get("since") or "")[:19]
            found = db.execute(
                "SELECT COALESCE(MAX(ingest_seq), 0) FROM articles WHERE substr(COALESCE(ingested_at, ''), 1, 19) <= ?",
                [since],
            ).fetchone()
            follow["since_seq"] = int(found[0])
        watermark = 0
        if "alert_checked" in names:
            checked = {row[0] for row in db.execute("SELECT article_id FROM alert_checked")}
            for article_id, seq in db.execute("SELECT id, ingest_seq FROM articles ORDER BY ingest_seq"):
                if article_id not in checked:
                    break
                watermark = int(seq)
            rows["alert_checked"] = [{"watermark": watermark, "checked": len(checked)}]
        return rows

    def identity(self) -> str:
        """A random id of this archive file, made once (``meta.archive_id``): an import into a shared store is
        recorded under it, so the same archive (or a restored copy of it) is never moved twice, and two instances'
        archives at the same path are still two."""
        db = self._db()
        with db.conn:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [ARCHIVE_ID, uuid.uuid4().hex])
        return db.execute("SELECT value FROM meta WHERE key = ?", [ARCHIVE_ID]).fetchone()[0]

    def drop(self) -> None:
        db = self._db()
        with db.conn:
            for name in LEGACY_TABLES:
                db.execute(f"DROP TABLE IF EXISTS {name}")
