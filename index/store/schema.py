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

``articles.ingest_seq`` numbers articles in the order they were written (a counter in ``meta`` that never goes
back, so neither a deleted article nor a process whose clock is behind can make an article look older than the
alert runs' watermark). Readers' data (questions, votes, follows) lives in the conversation store
(bot/conversations); archives from before it still hold the tables ``questions``, ``feedback``, ``follows`` and
``alert_checked`` until the bot moves them there on its first start (index/store/legacy.py).
"""

from __future__ import annotations

import sqlite_utils

ORIGIN_COLUMNS: dict[str, type] = {
    "record_hash": str,
    "title": str,
    "date": str,
    "source": str,
    "url": str,
    "lang": str,
    "text": str,
}
"""Added to ``origins`` after the first release; old databases get them on open. ``text`` is kept only for a
record merged into an article with a different (near-identical) text: it replaces the article's text when the
article's own outlet drops it, so a quote always stays verbatim in the article whose link is shown."""

ARTICLE_COLUMNS: dict[str, type] = {"retired": int, "ingest_seq": int}
"""Added to ``articles`` later; old databases get them on open."""

VECTOR_COLUMNS: dict[str, type] = {"late": bytes}
"""Added to ``vectors`` for the two-phase reindex: a row's late-chunked sentence vectors (float32) while its separate
sentence vectors are still to be embedded (NULL once refined, and in every row of a one-phase reindex)."""

NEXT_INGEST_SEQ = "next_ingest_seq"
SEQUENCE_INDEX = "articles_by_ingest_seq"


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing; old databases get the later columns and tables."""
    _create_tables(db)
    origins = db.table("origins")
    for name, kind in ARTICLE_COLUMNS.items():
        if name not in db.table("articles").columns_dict:
            db.table("articles").add_column(name, kind)
    for name, kind in ORIGIN_COLUMNS.items():
        if name not in origins.columns_dict:
            origins.add_column(name, kind)
    if "sources" not in db.table_names():
        db.table("sources").create({"location": str, "kind": str, "added_by": int, "added_at": str}, pk="location")
    if "minhash" not in db.table_names():
        db.table("minhash").create({"band": str, "article_id": str}, pk=("band", "article_id"))
        db.table("minhash").create_index(["article_id"])
    if "meta" not in db.table_names():
        db.table("meta").create({"key": str, "value": str}, pk="key")
    for name, kind in VECTOR_COLUMNS.items():
        if name not in db.table("vectors").columns_dict:
            db.table("vectors").add_column(name, kind)
    _number_articles(db)


def _number_articles(db: sqlite_utils.Database) -> None:
    """Archives from before ``ingest_seq``: their articles are numbered in ingestion order, once."""
    if SEQUENCE_INDEX in {index.name for index in db.table("articles").indexes}:
        return
    ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY ingested_at, rowid")]
    db.conn.executemany("UPDATE articles SET ingest_seq = ? WHERE id = ?", [(n, i) for n, i in enumerate(ids, 1)])
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [NEXT_INGEST_SEQ, str(len(ids) + 1)])
    db.table("articles").create_index(["ingest_seq"], index_name=SEQUENCE_INDEX, unique=True)


def _create_tables(db: sqlite_utils.Database) -> None:
    if "articles" not in db.table_names():
        db.table("articles").create(
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
        db.table("origins").create(
            {"origin": str, "article_id": str, "root": str, "seen_at": str},
            pk="origin",
            foreign_keys=[("article_id", "articles", "id")],
        )
        db.table("origins").create_index(["article_id"])
        db.table("origins").create_index(["root"])
        db.table("passages").create(
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
        db.table("passages").create_index(["article_id", "position"], unique=True)
        db.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(terms, tokenize='unicode61 remove_diacritics 2')")
        db.table("vectors").create(
            {"key": str, "model": str, "dim": int, "passage": bytes, "sentences": bytes, "created_at": str}
            | VECTOR_COLUMNS,
            pk="key",
        )
