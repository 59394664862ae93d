"""Withdrawn articles (issue 22, ``/retract``): kept in the archive for the record, never quoted again.

One JSON value in the archive's ``meta`` table (``withdrawn``: article id -> reason and time), so every engine on
the same ``DATA_DIR`` (the bot, ``crisisbot retract``) sees a retraction at its next question without a schema
change. Retrieval drops their passages where candidates are gathered (``Answerer.withdrawn``): answers, further
sources, alerts and timelines.
"""

from __future__ import annotations

import json
import time

from index.store.archive import Archive

WITHDRAWN_KEY = "withdrawn"


class Withdrawals:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def all(self) -> dict[str, dict]:
        """Article id -> ``{"reason": ..., "at": UNIX seconds}``."""
        row = self.archive.db.execute("SELECT value FROM meta WHERE key = ?", [WITHDRAWN_KEY]).fetchone()
        return json.loads(row[0]) if row else {}

    def ids(self) -> frozenset[str]:
        return frozenset(self.all())

    def add(self, article_id: str, reason: str | None) -> bool:
        """Mark ``article_id`` withdrawn; False when it was already (its first reason stays)."""
        db = self.archive.db
        with db.conn:
            current = self.all()
            if article_id in current:
                return False
            current[article_id] = {"reason": reason, "at": time.time()}
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [WITHDRAWN_KEY, json.dumps(current, ensure_ascii=False)],
            )
        return True
