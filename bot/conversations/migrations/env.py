"""Alembic's environment for the conversation store: run on the connection the store hands over
(``config.attributes["connection"]``), never from an ini file; ``bot.conversations.migrate`` calls it."""

from __future__ import annotations

from alembic import context

from bot.conversations.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
