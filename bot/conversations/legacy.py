"""Moving the readers' tables of an archive from before the conversation store into the store, losing nothing.

The rows are copied in one store transaction that also records the import (``imports``); the archive's tables are
dropped only after that commit. Killed before the commit: nothing happened, the next start copies again. Killed
after it: the next start finds the import recorded and only drops the archive's tables.

Question ids are kept when the store has none of them yet (so 👍/👎 under old answers still count); when they
clash (a second instance's archive moved into a shared PostgreSQL store), questions get new ids and their votes
follow them.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.conversations.common import insert_ignore, wall_clock
from bot.conversations.tables import alert_progress, feedback, follows, imports, questions

logger = logging.getLogger(__name__)

QUESTION_FIELDS = (
    "chat_id",
    "user_id",
    "question",
    "lang",
    "answered",
    "article_id",
    "quote",
    "score",
    "took_ms",
    "reply_message_id",
)


def _seconds(value: object) -> float:
    """An old ISO time (``2016-10-09T12:00:00+00:00`` or ``…Z``) as UNIX seconds; now when unreadable."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return wall_clock()


def import_archive(engine: Engine, rows: dict[str, list[dict]]) -> int | None:
    """Copy ``rows`` (``Engine.legacy_conversations``) into the store; how many rows, or None when this archive
    (``rows["archive"]``: its identity) was imported before (the caller then only drops the archive's tables)."""
    name = str(rows["archive"][0]["id"])
    with engine.begin() as connection:
        if connection.execute(sa.select(imports.c.name).where(imports.c.name == name)).first():
            return None
        old_ids = [int(row["id"]) for row in rows["questions"]]
        clash = (
            bool(old_ids)
            and connection.execute(sa.select(sa.func.count()).where(questions.c.id.in_(old_ids))).scalar_one() > 0
        )
        new_ids: dict[int, int] = {}
        for row in rows["questions"]:
            values = {field: row.get(field) for field in QUESTION_FIELDS}
            values["answered"] = int(values["answered"] or 0)
            values["question"] = values["question"] or ""
            values["asked_at"] = _seconds(row.get("asked_at"))
            if not clash:
                values["id"] = int(row["id"])
            result = connection.execute(sa.insert(questions).values(**values))
            new_ids[int(row["id"])] = int(result.inserted_primary_key[0])
        votes = [
            {
                "question_id": new_ids[int(row["question_id"])],
                "user_id": row.get("user_id"),
                "value": 1 if int(row["value"]) > 0 else -1,
                "at": _seconds(row.get("at")),
            }
            for row in rows["feedback"]
            if int(row["question_id"]) in new_ids
        ]
        insert_ignore(connection, feedback, votes, index=["question_id", "user_id"])
        for row in rows["follows"]:
            connection.execute(
                sa.insert(follows).values(
                    chat_id=row["chat_id"],
                    topic=row["topic"],
                    lang=row.get("lang"),
                    since_seq=int(row.get("since_seq") or 0),
                    followed_at=_seconds(row.get("since")),
                )
            )
        if rows["alert_checked"]:
            watermark = int(rows["alert_checked"][0]["watermark"])
            insert_ignore(connection, alert_progress, [{"name": "alerts", "last_seq": watermark}], index=["name"])
        if connection.dialect.name == "postgresql" and not clash and old_ids:
            connection.execute(
                sa.text("SELECT setval(pg_get_serial_sequence('questions', 'id'), (SELECT MAX(id) FROM questions))")
            )
        moved = len(rows["questions"]) + len(votes) + len(rows["follows"])
        connection.execute(sa.insert(imports).values(name=name, at=wall_clock(), rows=moved))
    logger.info(
        "Moved %s questions, %s votes and %s follows from %s into the conversation store",
        len(rows["questions"]),
        len(votes),
        len(rows["follows"]),
        name,
    )
    return moved
