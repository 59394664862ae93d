"""Fixtures of the bot's tests: a throw-away PostgreSQL cluster (tests/postgres.py) and the conversation store on
SQLite or PostgreSQL (``store_url``, parametrised: every store test runs on both)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import PostgresCluster, find_bin

_databases = itertools.count(1)
REQUIRE_VARIABLE = "CRISISBOT_REQUIRE_POSTGRES"
"""Set by .ci/run once PostgreSQL is installed: its tests then fail rather than skip."""


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A running cluster for the whole session; skipped (with the reason) where PostgreSQL is not installed."""
    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"{REQUIRE_VARIABLE} is set but PostgreSQL's initdb was not found")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)")
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty conversation store: SQLite in tmp_path, or a new database in the session's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.create_database(f"store{next(_databases)}")
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
