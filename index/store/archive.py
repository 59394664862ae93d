"""The archive: articles, their origins, passages and run-time sources, in SQLite.

Just over ~350 lines on purpose: these tables change together inside one sync transaction (an article,
its origins, passages, FTS5 rows and MinHash bands), so their SQL stays in one class.

Tables: see index/store/schema.py. Vectors and legacy readers' tables have their own small
classes (``archive.vectors``, ``archive.legacy``); the rest of the tables share transactions, so they stay one class.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from index.failpoints import crash_point
from index.store.legacy import LegacyConversations
from index.store.records import ArticleRef, Outlet, StoredPassage, now_iso
from index.store.schema import NEXT_INGEST_SEQ, ensure_schema
from index.store.vector_cache import VectorCache
from index.text.passages import Passage
from index.text.sentences import Span

ARTICLE_ID_CHARS = 16
ORIGIN_META = ("title", "date", "source", "url")
SAME_OUTLET = "(COALESCE(o.source, '') = COALESCE(a.source, '') AND COALESCE(o.url, '') = COALESCE(a.url, ''))"
"""SQL: origin ``o`` is the outlet and link of its article ``a`` (not a merged near-duplicate's)."""
NEXT_PASSAGE_ID = "next_passage_id"


def text_hash(*parts: str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def article_id_for(text: str) -> str:
    """A stable id from the article text alone."""
    return text_hash(text)[:ARTICLE_ID_CHARS]


class DamagedArchiveError(RuntimeError):
    """``archive.db`` cannot be read as a database: the message names the file and the way back."""


def damaged_archive_message(path: Path, error: Exception) -> str:
    """One line: which file, what SQLite said, and how to get back (issue 23, finding 8)."""
    return (
        f"{path} is damaged ({error}): restore the DATA_DIR from a backup made by `crisisbot backup` (copy it back "
        f"over DATA_DIR), or move the file away and run `crisisbot reindex` to rebuild the articles from the sources "
        f"(the usage log, followed topics and added sources are then lost); `crisisbot doctor` checks everything"
    )


class Archive:
    """SQLite through sqlite-utils; one connection per thread, WAL mode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        try:
            with self.db.conn:
                ensure_schema(self.db)
        except sqlite3.DatabaseError as error:
            self.close()
            raise DamagedArchiveError(damaged_archive_message(path, error)) from None
        self.vectors = VectorCache(lambda: self.db)
        """The embedding cache (``vectors`` table)."""
        self.legacy = LegacyConversations(lambda: self.db)
        """The readers' tables of archives from before the conversation store, until the bot moves them."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``with archive.transaction():`` commits the block as one, or rolls it back on an exception; inside
        another transaction it is part of that one. Archive methods never commit on their own: the stage that
        changes the archive owns its transactions. The ``BEGIN`` is explicit: without an open transaction,
        sqlite-utils commits every write statement at once. ``IMMEDIATE`` takes the write lock at once: a
        transaction that read first and wrote later could otherwise fail (``SQLITE_BUSY``) when another
        connection (the bot's usage log) wrote in between. Keep transactions short: every other writer waits
        for the lock while one is open."""
        connection = self.db.conn
        if connection.in_transaction:
            yield
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.rollback()
            raise
        connection.commit()

    def close(self) -> None:
        """Close the calling thread's connection (a later call opens a new one)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

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

    # -- articles and origins -------------------------------------------------

    def content_hashes(self) -> dict[str, str]:
        """``id -> content_hash`` of the live (not retired) articles."""
        return dict(self.db.execute("SELECT id, content_hash FROM articles WHERE retired IS NULL").fetchall())

    def origins(self, roots: Sequence[str] | None = None) -> dict[str, str]:
        """``origin -> article_id``, limited to the given source roots."""
        if roots is None:
            rows = self.db.execute("SELECT origin, article_id FROM origins")
        else:
            marks = ",".join("?" for _ in roots)
            rows = self.db.execute(f"SELECT origin, article_id FROM origins WHERE root IN ({marks})", list(roots))
        return dict(rows.fetchall())

    def upsert_article(self, row: dict) -> None:
        """Store an article (a retired one with this id is live again). A new article gets the next ingest
        sequence number; one stored before keeps its own."""
        self.db.table("articles").upsert({**row, "retired": None}, pk="id")
        if self.db.execute("SELECT ingest_seq FROM articles WHERE id = ?", [row["id"]]).fetchone()[0] is None:
            found = self.db.execute("SELECT value FROM meta WHERE key = ?", [NEXT_INGEST_SEQ]).fetchone()
            seq = int(found[0]) if found else 1
            self.db.execute("UPDATE articles SET ingest_seq = ? WHERE id = ?", [seq, row["id"]])
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [NEXT_INGEST_SEQ, str(seq + 1)])

    def newest_sequence(self) -> int:
        """The highest ingest sequence number given so far (0 for an empty archive); it never goes back."""
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", [NEXT_INGEST_SEQ]).fetchone()
        return int(found[0]) - 1 if found else 0

    def articles_after(self, seq: int) -> list[tuple[str, int]]:
        """``(article_id, ingest_seq)`` of the live articles numbered above ``seq``, in order."""
        sql = "SELECT id, ingest_seq FROM articles WHERE retired IS NULL AND ingest_seq > ? ORDER BY ingest_seq"
        return [(row[0], int(row[1])) for row in self.db.execute(sql, [seq])]

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
        row: dict[str, object] = {"origin": origin, "article_id": article_id, "root": root, "seen_at": now_iso()}
        row |= {"record_hash": record_hash, "text": text}
        row |= {key: (meta or {}).get(key) for key in (*ORIGIN_META, "lang")}
        self.db.table("origins").upsert(row, pk="origin")

    def update_article_meta(self, article_id: str, fields: dict) -> None:
        """New title, date, outlet, link or language for an article whose text stayed the same."""
        self.db.table("articles").update(article_id, fields)

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

    def rename_origins(self, renames: Sequence[tuple[str, str, str]]) -> None:
        """``(origin, new_origin, new_root)`` for each origin to move."""
        self.db.conn.executemany(
            "UPDATE origins SET origin = ?, root = ? WHERE origin = ?", [(new, root, old) for old, new, root in renames]
        )

    def rename_added_source(self, location: str, new_location: str) -> None:
        """Rename an added source (kept as it is when ``new_location`` is already there)."""
        self.db.execute("UPDATE OR IGNORE sources SET location = ? WHERE location = ?", [new_location, location])

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
        self.db.table("sources").insert(
            {"location": location, "kind": kind, "added_by": added_by, "added_at": now_iso()}, pk="location"
        )
        return True

    def remove_source(self, location: str) -> bool:
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
        sql = "SELECT id FROM articles WHERE retired IS NULL AND id NOT IN (SELECT DISTINCT article_id FROM minhash)"
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
        """Live articles that no origin points to any more."""
        sql = "SELECT id FROM articles WHERE retired IS NULL AND id NOT IN (SELECT article_id FROM origins)"
        return [row[0] for row in self.db.execute(sql)]

    def retire_articles(self, article_ids: Iterable[str]) -> None:
        """Take articles out of the archive's live set: no origins, no MinHash bands (nothing merges into them),
        not embedded into the next index; their rows and passages stay readable for the index that is live now,
        until :meth:`purge_retired` (after the next index is swapped in)."""
        for article_id in article_ids:
            self.db.execute("DELETE FROM minhash WHERE article_id = ?", [article_id])
            self.db.execute("DELETE FROM origins WHERE article_id = ?", [article_id])
            self.db.execute("UPDATE articles SET retired = 1 WHERE id = ?", [article_id])

    def retired_article_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles WHERE retired IS NOT NULL ORDER BY id")]

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

    def add_passages(self, article_id: str, passages: Sequence[Passage], terms: Sequence[str]) -> None:
        first = self.take_passage_ids(len(passages))
        for number, (passage, passage_terms) in enumerate(zip(passages, terms, strict=True)):
            sentences = json.dumps([[s.start, s.end, s.flag] for s in passage.sentences])
            self.db.execute(
                "INSERT INTO passages (id, article_id, position, start, end, text, sentences) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [first + number, article_id, passage.position, passage.start, passage.end, passage.text, sentences],
            )
            self.db.execute("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)", [first + number, passage_terms])
            if number == 0:
                crash_point("passages")

    def delete_passages(self, article_id: str) -> None:
        self.db.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?)", [article_id]
        )
        self.db.execute("DELETE FROM passages WHERE article_id = ?", [article_id])

    @staticmethod
    def _stored(row: dict) -> StoredPassage:
        spans = tuple(Span.from_flag(start, end, flag) for start, end, flag in json.loads(row["sentences"]))
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

    def passage_ids_of(self, article_ids: Iterable[str]) -> dict[str, list[int]]:
        """``article_id -> its passage ids`` in article order."""
        found: dict[str, list[int]] = {}
        for article_id in dict.fromkeys(article_ids):
            rows = self.db["passages"].rows_where("article_id = ?", [article_id], select="id", order_by="position")
            found[article_id] = [row["id"] for row in rows]
        return found

    def iter_passages_for_embedding(self) -> Iterator[tuple[StoredPassage, str]]:
        """Every passage of the live (not retired) articles with its article title, in id order."""
        sql = (
            "SELECT p.*, a.title AS title FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE a.retired IS NULL ORDER BY p.id"
        )
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

    def date_range(self) -> tuple[str | None, str | None]:
        """The first and last article date (``YYYY-MM-DD``) of the live archive; None for an undated archive."""
        row = self.db.execute(
            "SELECT MIN(substr(date, 1, 10)), MAX(substr(date, 1, 10)) FROM articles "
            "WHERE retired IS NULL AND date IS NOT NULL AND date != ''"
        ).fetchone()
        return row[0], row[1]

    def passages_in_period(self, first: str, last: str) -> tuple[list[int], list[int], int]:
        """The passages of live articles dated ``first`` to ``last`` (ISO days, inclusive), those of live articles
        without a date, and how many such undated articles there are."""
        live = "SELECT p.id FROM passages p JOIN articles a ON a.id = p.article_id WHERE a.retired IS NULL AND "
        dated = [int(r[0]) for r in self.db.execute(live + "substr(a.date, 1, 10) BETWEEN ? AND ?", [first, last])]
        undated = [int(r[0]) for r in self.db.execute(live + "(a.date IS NULL OR a.date = '')")]
        articles = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE retired IS NULL AND (date IS NULL OR date = '')"
        ).fetchone()[0]
        return dated, undated, int(articles)

    def counts(self) -> dict:
        db = self.db
        live_outlets = "SELECT DISTINCT source FROM articles WHERE retired IS NULL"
        outlets = [r[0] for r in db.execute(live_outlets + " AND source IS NOT NULL ORDER BY 1")]
        dates = db.execute(
            "SELECT MIN(date), MAX(date) FROM articles WHERE retired IS NULL AND date IS NOT NULL"
        ).fetchone()
        languages = dict(
            db.execute(
                "SELECT COALESCE(lang, 'und'), COUNT(*) FROM articles WHERE retired IS NULL GROUP BY 1"
            ).fetchall()
        )
        return {
            "articles": db.execute("SELECT COUNT(*) FROM articles WHERE retired IS NULL").fetchone()[0],
            "passages": db.execute(
                "SELECT COUNT(*) FROM passages WHERE article_id IN (SELECT id FROM articles WHERE retired IS NULL)"
            ).fetchone()[0],
            "outlets": outlets,
            "date_min": dates[0],
            "date_max": dates[1],
            "languages": languages,
        }
