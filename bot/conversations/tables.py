"""The conversation store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The schema is made by the Alembic migrations in ``migrations/versions`` (never by ``create_all``); this module
is what the queries use, and ``tests/bot/test_conversations.py`` checks that it matches what the migrations
make. Times are UNIX seconds (floats): one comparison on both databases, no time-zone suffixes.

- ``questions``: what readers asked, in which chat, the answer's quote and article, and the rendered replies
  of its buttons (``more_html``, ``passage_html``), so any instance can answer a press after any restart;
  ``reply_message_id`` is the bot's message that showed the answer (a reply to it is a follow-up).
- ``feedback``: one vote per user and question (UNIQUE), deleted with its question.
- ``timelines``: the pages of a ``/timeline`` result, rendered, for its *Next* button.
- ``follows``: followed topics; ``since_seq`` is the archive's ingest sequence when the topic was followed
  (only articles ingested after it can alert it).
- ``alert_progress``: the ingest sequence up to which alert runs have planned; ``deliveries``: each planned
  alert, its text, and whether it was sent (UNIQUE per chat and article: nothing is planned twice).
- ``leases``: who runs the alerts now (expires, so another instance takes over).
- ``rate_hits``: questions and actions per user in the last minute, counted across instances.
- ``totals``: counts kept for statistics after old questions and votes are deleted (QUESTION_KEEP_DAYS).
- ``imports``: the archives whose old usage tables were moved here (docs/architecture.md).

Room is left for the newsroom queue and its deliveries (issue 22): new tables in a later migration.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", Float, nullable=False),
    Column("chat_id", BigInteger),
    Column("user_id", BigInteger),
    Column("question", Text, nullable=False),
    Column("lang", String(16)),
    Column("answered", Integer, nullable=False, default=0),
    Column("article_id", String(64)),
    Column("quote", Text),
    Column("score", Float),
    Column("took_ms", Float),
    Column("reply_message_id", BigInteger),
    Column("more_html", Text),
    Column("passage_html", Text),
    Index("questions_by_reply", "chat_id", "reply_message_id"),
    Index("questions_by_time", "asked_at"),
    Index("questions_by_user", "user_id"),
    sqlite_autoincrement=True,
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger),
    Column("value", Integer, nullable=False),
    Column("at", Float, nullable=False),
    UniqueConstraint("question_id", "user_id", name="feedback_one_vote_per_user"),
    Index("feedback_by_user", "user_id"),
    sqlite_autoincrement=True,
)

timelines = Table(
    "timelines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", Float, nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("user_id", BigInteger),
    Column("lang", String(16), nullable=False),
    Column("pages", Text, nullable=False),
    Index("timelines_by_time", "made_at"),
    sqlite_autoincrement=True,
)

follows = Table(
    "follows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("topic", Text, nullable=False),
    Column("lang", String(16)),
    Column("since_seq", BigInteger, nullable=False),
    Column("followed_at", Float, nullable=False),
    Index("follows_by_chat", "chat_id"),
    sqlite_autoincrement=True,
)

alert_progress = Table(
    "alert_progress",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("follow_id", Integer),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", Float, nullable=False),
    Column("claimed_by", String(64)),
    Column("claimed_until", Float),
    Column("created_at", Float, nullable=False),
    Column("sent_at", Float),
    UniqueConstraint("chat_id", "article_id", name="deliveries_once_per_chat_and_article"),
    Index("deliveries_by_status", "status", "next_try_at"),
    sqlite_autoincrement=True,
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("holder", String(64), nullable=False),
    Column("expires_at", Float, nullable=False),
)

rate_hits = Table(
    "rate_hits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("at", Float, nullable=False),
    Index("rate_hits_by_user", "kind", "user_id", "at"),
)

totals = Table(
    "totals",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("at", Float, nullable=False),
    Column("rows", Integer, nullable=False),
)

# -- the newsroom in the loop (issue 22, migration 0002) -------------------------------------------------------
# ``queue_items``: grouped questions offered to the newsroom (status open/answered/dismissed; ``example`` masked);
# ``item_questions``: each offered question (masked), its language and the reader's chat id, kept for the delivery
# only (set to NULL once the item is closed or after QUEUE_KEEP_DAYS); ``newsroom_deliveries``: one row per reader
# and answer or retraction notice, rendered, with its state (pending, sending, sent, failed) so a restart resumes;
# ``retractions``: withdrawn articles with their reason; ``quote_log``: which article was quoted to which chat when
# (deleted after QUESTION_KEEP_DAYS, like the questions).

queue_items = Table(
    "queue_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False),
    Column("first_at", Float, nullable=False),
    Column("last_at", Float, nullable=False),
    Column("example", Text, nullable=False),
    Column("candidate_article_id", String(64)),
    Column("candidate_quote", Text),
    Column("editor_message_id", BigInteger),
    Column("shown_version", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("closed_at", Float),
    Column("answer_article_id", String(64)),
    Column("dismiss_key", String(32)),
    Index("queue_items_by_status", "status"),
    Index("queue_items_by_message", "editor_message_id"),
    sqlite_autoincrement=True,
)

item_questions = Table(
    "item_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("queue_items.id", ondelete="CASCADE"), nullable=False),
    Column("question_id", Integer),
    Column("question", Text, nullable=False),
    Column("lang", String(16)),
    Column("asked_at", Float, nullable=False),
    Column("chat_id", BigInteger),
    Column("withdrawn", Integer, nullable=False, server_default="0"),
    UniqueConstraint("question_id", name="item_questions_once"),
    Index("item_questions_by_item", "item_id"),
    sqlite_autoincrement=True,
)

newsroom_deliveries = Table(
    "newsroom_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("ref_id", Integer, nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("html", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("planned_at", Float, nullable=False),
    Column("sent_at", Float),
    UniqueConstraint("kind", "ref_id", "chat_id", name="newsroom_deliveries_once"),
    Index("newsroom_deliveries_by_state", "state"),
    sqlite_autoincrement=True,
)

retractions = Table(
    "retractions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), nullable=False),
    Column("title", Text),
    Column("reason", Text),
    Column("retracted_at", Float, nullable=False),
    UniqueConstraint("article_id", name="retractions_once"),
    sqlite_autoincrement=True,
)

quote_log = Table(
    "quote_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("quote", Text),
    Column("lang", String(16)),
    Column("quoted_at", Float, nullable=False),
    Index("quote_log_by_article", "article_id", "quoted_at"),
    Index("quote_log_by_chat", "chat_id"),
    sqlite_autoincrement=True,
)
