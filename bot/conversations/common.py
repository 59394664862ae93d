"""Small helpers the store's parts share: one dialect-neutral "insert unless present", and the clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

Clock = Callable[[], float]
wall_clock: Clock = time.time
"""Store times are UNIX seconds of the instance that writes them (leases assume clocks within a few seconds)."""


def insert_ignore(connection: Connection, table: sa.Table, rows: Sequence[dict], *, index: Sequence[str]) -> int:
    """Insert ``rows``, skipping those that clash on the unique ``index`` columns; how many were inserted."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    inserted = 0
    for row in rows:  # RETURNING counts them (an INSERT's rowcount is -1 on psycopg with SQLAlchemy 2.1)
        statement = dialect.insert(table).values(row).on_conflict_do_nothing(index_elements=list(index))
        inserted += len(connection.execute(statement.returning(sa.literal_column("1"))).all())
    return inserted


def add_total(connection: Connection, totals: sa.Table, key: str, amount: int) -> None:
    """``totals[key] += amount`` (the row is made on first use)."""
    if amount <= 0:
        return
    insert_ignore(connection, totals, [{"key": key, "value": 0}], index=["key"])
    connection.execute(sa.update(totals).where(totals.c.key == key).values(value=totals.c.value + amount))
