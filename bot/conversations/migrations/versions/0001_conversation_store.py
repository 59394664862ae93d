"""The conversation store's first schema (issue 24): questions with their rendered buttons, votes, timelines,
follows, alert bookkeeping, leases, rate-limit hits, kept totals and the record of imported archives.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked_at", sa.Float, nullable=False),
        sa.Column("chat_id", sa.BigInteger),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(64)),
        sa.Column("quote", sa.Text),
        sa.Column("score", sa.Float),
        sa.Column("took_ms", sa.Float),
        sa.Column("reply_message_id", sa.BigInteger),
        sa.Column("more_html", sa.Text),
        sa.Column("passage_html", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("questions_by_reply", "questions", ["chat_id", "reply_message_id"])
    op.create_index("questions_by_time", "questions", ["asked_at"])
    op.create_index("questions_by_user", "questions", ["user_id"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.UniqueConstraint("question_id", "user_id", name="feedback_one_vote_per_user"),
        sqlite_autoincrement=True,
    )
    op.create_index("feedback_by_user", "feedback", ["user_id"])
    op.create_table(
        "timelines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("made_at", sa.Float, nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("pages", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("timelines_by_time", "timelines", ["made_at"])
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("since_seq", sa.BigInteger, nullable=False),
        sa.Column("followed_at", sa.Float, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("follows_by_chat", "follows", ["chat_id"])
    op.create_table(
        "alert_progress",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("follow_id", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_try_at", sa.Float, nullable=False),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("claimed_until", sa.Float),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("sent_at", sa.Float),
        sa.UniqueConstraint("chat_id", "article_id", name="deliveries_once_per_chat_and_article"),
        sqlite_autoincrement=True,
    )
    op.create_index("deliveries_by_status", "deliveries", ["status", "next_try_at"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "rate_hits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("rate_hits_by_user", "rate_hits", ["kind", "user_id", "at"])
    op.create_table(
        "totals", sa.Column("key", sa.String(32), primary_key=True), sa.Column("value", sa.BigInteger, nullable=False)
    )
    op.create_table(
        "imports",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "imports",
        "totals",
        "rate_hits",
        "leases",
        "deliveries",
        "alert_progress",
        "follows",
        "timelines",
        "feedback",
        "questions",
    ):
        op.drop_table(name)
