"""Opening the conversation store: the URL, the SQLAlchemy engine, and the Alembic migrations run on first use.

``DATABASE_URL`` empty: SQLite in ``DATA_DIR/conversations.db`` (WAL, a short busy timeout), one instance.
``DATABASE_URL=postgresql://user:pass@host/db``: PostgreSQL through psycopg 3, shared by every instance.
Migrations run at start under a lock (PostgreSQL: an advisory lock; SQLite: the write lock of BEGIN IMMEDIATE), so
that instances started together migrate once.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine, make_url

STORE_FILE = "conversations.db"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 5000
"""A writer waits this long for another's commit (SQLite); the store's writes are single short statements."""
PG_MIGRATION_LOCK = 240_024
"""The advisory lock key held while migrating (any number, the same in every instance)."""
PG_CONNECT_TIMEOUT_S = 3
"""A stopped PostgreSQL is noticed this fast (the answer goes out without buttons meanwhile)."""


def store_url(database_url: str | None, data_dir: Path) -> str:
    """The SQLAlchemy URL: ``DATABASE_URL`` (``postgresql://`` is given the psycopg 3 driver) or the SQLite file."""
    if not database_url:
        return f"sqlite:///{(Path(data_dir) / STORE_FILE).absolute()}"
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def describe(url: str) -> str:
    """The URL without its password (for logs and messages)."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(connection, _record) -> None:
    connection.isolation_level = None  # SQLAlchemy's "begin" event below starts the transactions, not the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """The SQLAlchemy engine, pooled, with dead connections replaced (``pool_pre_ping``)."""
    if url.startswith("sqlite"):
        Path(make_url(url).database or STORE_FILE).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        # Every transaction takes the write lock at its start (WAL: readers of other connections go on): a read
        # followed by a write in one transaction never fails with "database is locked" half-way.
        sa.event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (nothing to do when it is there), one instance at a time."""
    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
