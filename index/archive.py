"""The archive: articles, their origins, passages, cached vectors and usage, in SQLite.

Tables (created on first use):

- ``articles``: one row per distinct article text (``id`` derives from the text).
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
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sqlite_utils

from index.answers import ArticleRef, Feedback, Outlet
from index.passages import Passage
from index.sentences import Span
from index.sources import location_key

ARTICLE_ID_CHARS = 16
SQLITE_BATCH = 500
ORIGIN_COLUMNS = {"record_hash": str, "title": str, "date": str, "source": str, "url": str, "lang": str, "text": str}
"""Added to ``origins`` after the first release; old databases get them on open. ``text`` is kept only for a
record merged into an article with a different (near-identical) text: it replaces the article's text when the
article's own outlet drops it, so a quote always stays verbatim in the article whose link is shown."""
ORIGIN_META = ("title", "date", "source", "url")
SAME_OUTLET = "(COALESCE(o.source, '') = COALESCE(a.source, '') AND COALESCE(o.url, '') = COALESCE(a.url, ''))"
"""SQL: origin ``o`` is the outlet and link of its article ``a`` (not a merged near-duplicate's)."""
NEXT_PASSAGE_ID = "next_passage_id"
FEEDBACK_UNIQUE_INDEX = "feedback_one_vote_per_user"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def text_hash(*parts: str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def article_id_for(text: str) -> str:
    """A stable id from the article text alone."""
    return text_hash(text)[:ARTICLE_ID_CHARS]


@dataclass(frozen=True, slots=True)
class StoredPassage:
    id: int
    article_id: str
    position: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
    vector_key: str | None


class Archive:
    """SQLite through sqlite-utils; one connection per thread, WAL mode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._ensure_schema()

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            db = sqlite_utils.Database(connection)
            self._local.db = db
        return db

    def _ensure_schema(self) -> None:
        db = self.db
        with db.conn:
            self._create_tables(db)
            origins = db["origins"]
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
            self._one_vote_per_user(db)

    @staticmethod
    def _one_vote_per_user(db: sqlite_utils.Database) -> None:
        """The UNIQUE (question_id, user_id) index; databases from before it keep each user's first vote."""
        if db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [FEEDBACK_UNIQUE_INDEX]
        ).fetchone():
            return
        db.execute(
            "DELETE FROM feedback WHERE user_id IS NOT NULL AND id NOT IN "
            "(SELECT MIN(id) FROM feedback WHERE user_id IS NOT NULL GROUP BY question_id, user_id)"
        )
        db.execute(f"CREATE UNIQUE INDEX {FEEDBACK_UNIQUE_INDEX} ON feedback (question_id, user_id)")

    @staticmethod
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
                {"key": str, "model": str, "dim": int, "passage": bytes, "sentences": bytes, "created_at": str},
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

    # -- articles and origins -------------------------------------------------

    def article_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def content_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, content_hash FROM articles").fetchall())

    def origins(self, roots: Sequence[str] | None = None) -> dict[str, str]:
        """``origin -> article_id``, limited to the given source roots."""
        if roots is None:
            rows = self.db.execute("SELECT origin, article_id FROM origins")
        else:
            marks = ",".join("?" for _ in roots)
            rows = self.db.execute(f"SELECT origin, article_id FROM origins WHERE root IN ({marks})", list(roots))
        return dict(rows.fetchall())

    def upsert_article(self, row: dict) -> None:
        self.db["articles"].upsert(row, pk="id")

    def origin_hashes(self, roots: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """``origin -> (article_id, record_hash)`` for the given source roots."""
        marks = ",".join("?" for _ in roots)
        sql = f"SELECT origin, article_id, record_hash FROM origins WHERE root IN ({marks})"
        return {row[0]: (row[1], row[2]) for row in self.db.execute(sql, list(roots))}

    def set_origin(
        self,
        origin: str,
        *,
        article_id: str,
        root: str,
        record_hash: str | None = None,
        meta: dict | None = None,
        text: str | None = None,
    ) -> None:
        """Point ``origin`` at ``article_id``; ``meta`` holds that record's title, date, source, url and lang,
        ``text`` its own text when it differs from the article's (a merged near-duplicate)."""
        row = {"origin": origin, "article_id": article_id, "root": root, "seen_at": now_iso()}
        row |= {"record_hash": record_hash, "text": text}
        row |= {key: (meta or {}).get(key) for key in (*ORIGIN_META, "lang")}
        self.db["origins"].upsert(row, pk="origin")

    def update_article_meta(self, article_id: str, fields: dict) -> None:
        """New title, date, outlet, link or language for an article whose text stayed the same."""
        self.db["articles"].update(article_id, fields)

    def heir_origin(self, article_id: str) -> dict | None:
        """For an article whose own outlet is gone but that other origins still carry: the first of those
        (a dict of the ``origins`` row). ``None`` while an origin of the article's own outlet and link remains,
        or when no origin remains."""
        rows = list(
            self.db.query(
                f"SELECT o.*, {SAME_OUTLET} AS own FROM origins o "
                "JOIN articles a ON a.id = o.article_id WHERE o.article_id = ? "
                "ORDER BY o.text IS NOT NULL, o.seen_at, o.origin",  # an identical copy first: the text stays
                [article_id],
            )
        )
        if not rows or any(row["own"] for row in rows) or rows[0]["title"] is None:
            return None
        return rows[0]

    def move_origins(self, from_id: str, to_id: str) -> None:
        """Point every origin of ``from_id`` at ``to_id``."""
        self.db.execute("UPDATE origins SET article_id = ? WHERE article_id = ?", [to_id, from_id])

    def clear_origin_text(self, origin: str) -> None:
        self.db.execute("UPDATE origins SET text = NULL WHERE origin = ?", [origin])

    def rebase_relative_roots(self) -> None:
        """Databases from before source paths were stored absolute: relative roots (and their origins and added
        sources) that name an existing path from here are rewritten to ``location_key(root)``."""
        stale = [
            root
            for (root,) in self.db.execute("SELECT DISTINCT root FROM origins").fetchall()
            if root and location_key(root) != root and Path(location_key(root)).exists()
        ]
        with self.db.conn:
            for root in stale:
                rows = self.db.execute("SELECT origin FROM origins WHERE root = ?", [root]).fetchall()
                for (origin,) in rows:
                    path, mark, fragment = origin.partition("#")
                    self.db.execute(
                        "UPDATE origins SET origin = ?, root = ? WHERE origin = ?",
                        [location_key(path) + mark + fragment, location_key(root), origin],
                    )
            for (location,) in self.db.execute("SELECT location FROM sources").fetchall():
                if location_key(location) != location:
                    sql = "UPDATE OR IGNORE sources SET location = ? WHERE location = ?"
                    self.db.execute(sql, [location_key(location), location])

    def roots(self) -> dict[str, int]:
        """Every source root with how many origins it has."""
        return dict(self.db.execute("SELECT root, COUNT(*) FROM origins GROUP BY root ORDER BY root").fetchall())

    def other_outlets(self, article_ids: Iterable[str]) -> dict[str, list[dict]]:
        """``article_id -> [{source, url, title, date}]`` of origins whose outlet or link differs from the article's."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        sql = (
            "SELECT o.article_id, o.source, o.url, o.title, o.date "
            "FROM origins o JOIN articles a ON a.id = o.article_id "
            f"WHERE o.article_id IN ({marks}) AND NOT {SAME_OUTLET} ORDER BY o.date, o.origin"
        )
        found: dict[str, list[dict]] = {}
        for article_id, source, url, title, date in self.db.execute(sql, ids):
            entry = {"source": source, "url": url, "title": title, "date": date}
            if entry not in found.setdefault(article_id, []):
                found[article_id].append(entry)
        return found

    # -- run-time sources and counters ---------------------------------------------

    def added_sources(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT location FROM sources ORDER BY added_at, location")]

    def add_source(self, location: str, *, kind: str, added_by: int | None = None) -> bool:
        """Remember ``location`` for every later reindex; False when it was already there."""
        if self.db.execute("SELECT 1 FROM sources WHERE location = ?", [location]).fetchone():
            return False
        with self.db.conn:
            self.db["sources"].insert(
                {"location": location, "kind": kind, "added_by": added_by, "added_at": now_iso()}, pk="location"
            )
        return True

    def remove_source(self, location: str) -> bool:
        with self.db.conn:
            return self.db.execute("DELETE FROM sources WHERE location = ?", [location]).rowcount > 0

    def take_passage_ids(self, count: int) -> int:
        """Reserve ``count`` new passage ids; returns the first. Ids only grow, also across deletions."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [NEXT_PASSAGE_ID]).fetchone()
        highest = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM passages").fetchone()[0]
        first = max(int(row[0]) if row else 1, highest + 1)
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [NEXT_PASSAGE_ID, str(first + count)])
        return first

    # -- near-duplicates -------------------------------------------------------------

    def set_minhash_bands(self, article_id: str, bands: Sequence[str]) -> None:
        self.db.execute("DELETE FROM minhash WHERE article_id = ?", [article_id])
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO minhash (band, article_id) VALUES (?, ?)", [(band, article_id) for band in bands]
        )

    def articles_without_minhash(self) -> list[str]:
        sql = "SELECT id FROM articles WHERE id NOT IN (SELECT DISTINCT article_id FROM minhash)"
        return [row[0] for row in self.db.execute(sql)]

    def articles_sharing_bands(self, bands: Sequence[str]) -> list[str]:
        """Articles with at least one band in common, most shared bands first."""
        if not bands:
            return []
        marks = ",".join("?" for _ in bands)
        sql = (
            f"SELECT article_id, COUNT(*) AS shared FROM minhash WHERE band IN ({marks}) "
            "GROUP BY article_id ORDER BY shared DESC, article_id"
        )
        return [row[0] for row in self.db.execute(sql, list(bands))]

    def article_text(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def delete_origins(self, origins: Iterable[str]) -> None:
        for origin in origins:
            self.db.execute("DELETE FROM origins WHERE origin = ?", [origin])

    def orphan_article_ids(self) -> list[str]:
        """Articles that no origin points to any more."""
        sql = "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM origins)"
        return [row[0] for row in self.db.execute(sql)]

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            self.delete_passages(article_id)
            self.db.execute("DELETE FROM minhash WHERE article_id = ?", [article_id])
            self.db.execute("DELETE FROM origins WHERE article_id = ?", [article_id])
            self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])

    def article(self, article_id: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleRef, str]]:
        """``id -> (ArticleRef, full text)`` for the given ids, with the outlets of merged near-duplicates."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        sql = f"SELECT id, title, date, source, url, lang, text FROM articles WHERE id IN ({marks})"
        others = self.other_outlets(ids)
        return {
            row["id"]: (
                ArticleRef(
                    id=row["id"],
                    title=row["title"] or "",
                    date=row["date"],
                    source=row["source"],
                    url=row["url"],
                    lang=row["lang"],
                    also=tuple(Outlet(**entry) for entry in others.get(row["id"], [])),
                ),
                row["text"],
            )
            for row in self.db.query(sql, ids)
        }

    # -- passages -------------------------------------------------------------

    def has_passages(self, article_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM passages WHERE article_id = ? LIMIT 1", [article_id]).fetchone() is not None
        )

    def add_passages(self, article_id: str, passages: Sequence[Passage], terms: Sequence[str]) -> None:
        first = self.take_passage_ids(len(passages))
        for number, (passage, passage_terms) in enumerate(zip(passages, terms, strict=True)):
            sentences = json.dumps([[s.start, s.end, int(s.heading)] for s in passage.sentences])
            self.db.execute(
                "INSERT INTO passages (id, article_id, position, start, end, text, sentences) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [first + number, article_id, passage.position, passage.start, passage.end, passage.text, sentences],
            )
            self.db.execute("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)", [first + number, passage_terms])

    def delete_passages(self, article_id: str) -> None:
        self.db.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?)", [article_id]
        )
        self.db.execute("DELETE FROM passages WHERE article_id = ?", [article_id])

    @staticmethod
    def _stored(row: dict) -> StoredPassage:
        spans = tuple(Span(start, end, bool(heading)) for start, end, heading in json.loads(row["sentences"]))
        return StoredPassage(
            id=row["id"],
            article_id=row["article_id"],
            position=row["position"],
            start=row["start"],
            end=row["end"],
            text=row["text"],
            sentences=spans,
            vector_key=row["vector_key"],
        )

    def passages(self, passage_ids: Sequence[int]) -> dict[int, StoredPassage]:
        if not passage_ids:
            return {}
        marks = ",".join("?" for _ in passage_ids)
        rows = self.db.query(f"SELECT * FROM passages WHERE id IN ({marks})", [int(i) for i in passage_ids])
        return {row["id"]: self._stored(row) for row in rows}

    def iter_passages_for_embedding(self) -> Iterator[tuple[StoredPassage, str]]:
        """Every passage with its article title, in id order."""
        sql = "SELECT p.*, a.title AS title FROM passages p JOIN articles a ON a.id = p.article_id ORDER BY p.id"
        for row in self.db.query(sql):
            yield self._stored(row), row["title"] or ""

    def set_vector_keys(self, pairs: Sequence[tuple[int, str]]) -> None:
        self.db.conn.executemany("UPDATE passages SET vector_key = ? WHERE id = ?", [(k, i) for i, k in pairs])

    def lexical_search(self, match: str, *, limit: int) -> list[tuple[int, float]]:
        """``(passage_id, bm25)`` pairs, best first; bm25 is negated so that higher is better."""
        sql = (
            "SELECT rowid, -bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts) LIMIT ?"
        )
        try:
            return [(int(r[0]), float(r[1])) for r in self.db.execute(sql, [match, limit])]
        except sqlite3.OperationalError:
            return []

    # -- vectors --------------------------------------------------------------

    def cached_vector_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            found.update(r[0] for r in self.db.execute(f"SELECT key FROM vectors WHERE key IN ({marks})", chunk))
        return found

    def store_vectors(self, rows: Sequence[tuple[str, str, np.ndarray, np.ndarray]]) -> None:
        """``(key, model, passage_vector, sentence_vectors)``; sentence vectors are kept as float16."""
        with self.db.conn:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, model, dim, passage, sentences, created_at) VALUES (?,?,?,?,?,?)",
                [
                    (
                        key,
                        model,
                        int(vector.shape[-1]),
                        vector.astype(np.float32).tobytes(),
                        sentences.astype(np.float16).tobytes(),
                        now_iso(),
                    )
                    for key, model, vector, sentences in rows
                ],
            )

    def passage_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for begin in range(0, len(keys), SQLITE_BATCH):
            chunk = list(keys[begin : begin + SQLITE_BATCH])
            marks = ",".join("?" for _ in chunk)
            for key, blob in self.db.execute(f"SELECT key, passage FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def sentence_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}
        marks = ",".join("?" for _ in keys)
        found = {}
        for key, dim, blob in self.db.execute(
            f"SELECT key, dim, sentences FROM vectors WHERE key IN ({marks})", list(keys)
        ):
            found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, dim)
        return found

    # -- usage ----------------------------------------------------------------

    def record_question(self, row: dict) -> int:
        return int(self.db["questions"].insert({"asked_at": now_iso(), **row}).last_pk)

    def record_feedback(self, question_id: int, *, value: int, user_id: int | None, chat_id: int | None = None) -> str:
        """Store a vote. FEEDBACK_UNKNOWN when there is no such question (asked in ``chat_id``, when given);
        FEEDBACK_AGAIN when this user has voted on it before (the first vote stays); else FEEDBACK_RECORDED."""
        with self.db.conn:
            sql = "SELECT 1 FROM questions WHERE id = ?" + (" AND chat_id = ?" if chat_id is not None else "")
            params = [question_id] if chat_id is None else [question_id, chat_id]
            if self.db.execute(sql, params).fetchone() is None:
                return Feedback.UNKNOWN
            inserted = self.db.execute(
                "INSERT INTO feedback (question_id, user_id, value, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (question_id, user_id) DO NOTHING",
                [question_id, user_id, value, now_iso()],
            ).rowcount
        return Feedback.RECORDED if inserted else Feedback.AGAIN

    def usage_stats(self) -> dict:
        questions = self.db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        up = self.db.execute("SELECT COUNT(*) FROM feedback WHERE value > 0").fetchone()[0]
        down = self.db.execute("SELECT COUNT(*) FROM feedback WHERE value < 0").fetchone()[0]
        times = [row[0] for row in self.db.execute("SELECT took_ms FROM questions WHERE took_ms IS NOT NULL")]
        median = float(np.median(times)) if times else None
        return {"questions": questions, "feedback_up": up, "feedback_down": down, "median_answer_ms": median}

    def counts(self) -> dict:
        db = self.db
        outlets = [r[0] for r in db.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1")]
        dates = db.execute("SELECT MIN(date), MAX(date) FROM articles WHERE date IS NOT NULL").fetchone()
        languages = dict(db.execute("SELECT COALESCE(lang, 'und'), COUNT(*) FROM articles GROUP BY 1").fetchall())
        return {
            "articles": db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "passages": db.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
            "outlets": outlets,
            "date_min": dates[0],
            "date_max": dates[1],
            "languages": languages,
        }
