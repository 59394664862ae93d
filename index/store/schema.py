"""The archive's SQLite schema. Tables (created on first use):

- ``articles``: one row per distinct article text (``id`` derives from the text). ``retired`` is set on an
  article that no origin holds any more (removed, or replaced by a new version): it and its passages stay
  readable for the live index until the next index is swapped in, then they are purged.
- ``origins``: where each article was read from (a file, ``file#id`` for jsonl
  records, a URL), with that record's own hash and metadata, so that a reindex can
  tell added, changed and removed articles, and a near-duplicate merged into an
  article keeps its own outlet, title, date and link.
- ``sources``: locations added at run time (``/add``, ``crisisbot add``), scanned
  by every reindex together with ``ARCHIVE_SOURCES``.
- ``minhash``: locality-sensitive hash bands of each article, to find near-duplicates.
- ``meta``: small counters (the next passage id: ids are never reused, so a vector
  index from before a crash can never point at a newer passage).
- ``passages``: the article cut into passages, with character offsets into
  ``articles.text`` and the sentence offsets inside them (JSON).
- ``passages_fts``: FTS5 over stemmed passage terms (the lexical index).
- ``vectors``: embeddings by content key (model, title, passage text), so that
  nothing is embedded twice, whatever is re-ingested or rebuilt.
- ``questions`` and ``feedback``: what readers asked (in which chat) and what they thought of it; one
  vote per user and question (a UNIQUE index; older databases are migrated on open, duplicates dropped).
  ``questions.reply_message_id`` is the bot's message that showed the answer: a reply to it is a follow-up.
- ``follows``: the topics chats follow (``/follow``); ``alert_checked``: the articles alert runs have looked at
  (their watermark, index/store/follows.py).
"""

from __future__ import annotations

import sqlite_utils

ORIGIN_COLUMNS = {"record_hash": str, "title": str, "date": str, "source": str, "url": str, "lang": str, "text": str}
"""Added to ``origins`` after the first release; old databases get them on open. ``text`` is kept only for a
record merged into an article with a different (near-identical) text: it replaces the article's text when the
article's own outlet drops it, so a quote always stays verbatim in the article whose link is shown."""

ARTICLE_COLUMNS = {"retired": int}
"""Added to ``articles`` later; old databases get them on open."""

VECTOR_COLUMNS = {"late": bytes}
"""Added to ``vectors`` for the two-phase reindex: a row's late-chunked sentence vectors (float32) while its separate
sentence vectors are still to be embedded (NULL once refined, and in every row of a one-phase reindex)."""

QUESTION_COLUMNS = {"reply_message_id": int}
"""Added to ``questions`` for follow-ups; old databases get them on open."""

FEEDBACK_UNIQUE_INDEX = "feedback_one_vote_per_user"
REPLY_INDEX = "questions_by_reply"


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing; old databases get the later columns and tables."""
    _create_tables(db)
    origins = db["origins"]
    for name, kind in ARTICLE_COLUMNS.items():
        if name not in db["articles"].columns_dict:
            db["articles"].add_column(name, kind)
    for name, kind in ORIGIN_COLUMNS.items():
        if name not in origins.columns_dict:
            origins.add_column(name, kind)
    if "sources" not in db.table_names():
        db["sources"].create({"location": str, "kind": str, "added_by": int, "added_at": str}, pk="location")
    if "minhash" not in db.table_names():
        db["minhash"].create({"band": str, "article_id": str}, pk=("band", "article_id"))
        db["minhash"].create_index(["article_id"])
    if "meta" not in db.table_names():
        db["meta"].create({"key": str, "value": str}, pk="key")
    for name, kind in VECTOR_COLUMNS.items():
        if name not in db["vectors"].columns_dict:
            db["vectors"].add_column(name, kind)
    for name, kind in QUESTION_COLUMNS.items():
        if name not in db["questions"].columns_dict:
            db["questions"].add_column(name, kind)
    if REPLY_INDEX not in {index.name for index in db["questions"].indexes}:
        db["questions"].create_index(["chat_id", "reply_message_id"], index_name=REPLY_INDEX)
    if "follows" not in db.table_names():
        db["follows"].create({"id": int, "chat_id": int, "topic": str, "since": str, "lang": str}, pk="id")
        db["follows"].create_index(["chat_id"])
    if "alert_checked" not in db.table_names():
        db["alert_checked"].create({"article_id": str, "at": str}, pk="article_id")
    _one_vote_per_user(db)


def _one_vote_per_user(db: sqlite_utils.Database) -> None:
    """The UNIQUE (question_id, user_id) index; databases from before it keep each user's first vote."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [FEEDBACK_UNIQUE_INDEX]).fetchone():
        return
    db.execute(
        "DELETE FROM feedback WHERE user_id IS NOT NULL AND id NOT IN "
        "(SELECT MIN(id) FROM feedback WHERE user_id IS NOT NULL GROUP BY question_id, user_id)"
    )
    db.execute(f"CREATE UNIQUE INDEX {FEEDBACK_UNIQUE_INDEX} ON feedback (question_id, user_id)")


def _create_tables(db: sqlite_utils.Database) -> None:
    if "articles" not in db.table_names():
        db["articles"].create(
            {
                "id": str,
                "title": str,
                "date": str,
                "source": str,
                "url": str,
                "lang": str,
                "text": str,
                "content_hash": str,
                "words": int,
                "extra": str,
                "ingested_at": str,
            },
            pk="id",
        )
        db["origins"].create(
            {"origin": str, "article_id": str, "root": str, "seen_at": str},
            pk="origin",
            foreign_keys=[("article_id", "articles", "id")],
        )
        db["origins"].create_index(["article_id"])
        db["origins"].create_index(["root"])
        db["passages"].create(
            {
                "id": int,
                "article_id": str,
                "position": int,
                "start": int,
                "end": int,
                "text": str,
                "sentences": str,
                "vector_key": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id")],
        )
        db["passages"].create_index(["article_id", "position"], unique=True)
        db.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(terms, tokenize='unicode61 remove_diacritics 2')")
        db["vectors"].create(
            {"key": str, "model": str, "dim": int, "passage": bytes, "sentences": bytes, "created_at": str}
            | VECTOR_COLUMNS,
            pk="key",
        )
        db["questions"].create(
            {
                "id": int,
                "asked_at": str,
                "chat_id": int,
                "user_id": int,
                "question": str,
                "lang": str,
                "answered": int,
                "article_id": str,
                "quote": str,
                "score": float,
                "took_ms": float,
            },
            pk="id",
        )
        db["feedback"].create(
            {"id": int, "question_id": int, "user_id": int, "value": int, "at": str},
            pk="id",
            foreign_keys=[("question_id", "questions", "id")],
        )
