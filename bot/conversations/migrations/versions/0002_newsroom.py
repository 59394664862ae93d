"""The newsroom in the loop (issue 22): queue items, the questions readers offered to it, per-reader deliveries of
the newsroom's answers and of retraction notices, retractions, and which article was quoted to which chat when.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_at", sa.Float, nullable=False),
        sa.Column("last_at", sa.Float, nullable=False),
        sa.Column("example", sa.Text, nullable=False),
        sa.Column("candidate_article_id", sa.String(64)),
        sa.Column("candidate_quote", sa.Text),
        sa.Column("editor_message_id", sa.BigInteger),
        sa.Column("shown_version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("closed_at", sa.Float),
        sa.Column("answer_article_id", sa.String(64)),
        sa.Column("dismiss_key", sa.String(32)),
        sqlite_autoincrement=True,
    )
    op.create_index("queue_items_by_status", "queue_items", ["status"])
    op.create_index("queue_items_by_message", "queue_items", ["editor_message_id"])
    op.create_table(
        "item_questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("queue_items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.Integer),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("asked_at", sa.Float, nullable=False),
        sa.Column("chat_id", sa.BigInteger),
        sa.Column("withdrawn", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("question_id", name="item_questions_once"),
        sqlite_autoincrement=True,
    )
    op.create_index("item_questions_by_item", "item_questions", ["item_id"])
    op.create_table(
        "newsroom_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref_id", sa.Integer, nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("planned_at", sa.Float, nullable=False),
        sa.Column("sent_at", sa.Float),
        sa.UniqueConstraint("kind", "ref_id", "chat_id", name="newsroom_deliveries_once"),
        sqlite_autoincrement=True,
    )
    op.create_index("newsroom_deliveries_by_state", "newsroom_deliveries", ["state"])
    op.create_table(
        "retractions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("retracted_at", sa.Float, nullable=False),
        sa.UniqueConstraint("article_id", name="retractions_once"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "quote_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("quote", sa.Text),
        sa.Column("lang", sa.String(16)),
        sa.Column("quoted_at", sa.Float, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("quote_log_by_article", "quote_log", ["article_id", "quoted_at"])
    op.create_index("quote_log_by_chat", "quote_log", ["chat_id"])


def downgrade() -> None:
    for table in ("quote_log", "retractions", "newsroom_deliveries", "item_questions", "queue_items"):
        op.drop_table(table)
