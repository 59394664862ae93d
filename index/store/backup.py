"""A consistent copy of the data folder, made while the bot keeps answering: ``crisisbot backup TARGET``.

What a newsroom needs it for: a nightly backup it can restore by pointing ``DATA_DIR`` at it, and the GPU
box that indexes and hands the result to the small bot server. Copying the folder with ``cp`` while the
bot writes can tear the SQLite file (its WAL belongs to the copy only by luck); this copy cannot:

- the archive goes through SQLite's online backup, one read transaction: a snapshot as of its start, while
  the bot goes on writing (WAL: readers never block writers);
- the live faiss index is its ``CURRENT`` pointer and the one folder it names (the engine holds the reindex
  lock meanwhile, so no swap removes that folder under the copy);
- readers' data is not in it (it lives in the conversation store, backed up apart); the tables an archive from
  before the store may still hold are dropped from the copy;
- everything is written into ``TARGET.partial``, fsynced, checked (``PRAGMA integrity_check``, the index
  loads and holds as many vectors as its metadata says) and only then renamed to ``TARGET``: a killed backup
  leaves no folder that looks like a backup, and the next run starts the ``.partial`` afresh.

With ``VECTOR_BACKEND=qdrant`` the vectors live in Qdrant and only the archive is copied (Qdrant's own
snapshots back up the collection); ``crisisbot migrate --to faiss`` before a backup makes it self-contained.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from index.failpoints import crash_point
from index.store.archive import Archive
from index.store.legacy import LEGACY_TABLES
from index.store.vectors import POINTER_FILE, DamagedIndexError, IndexStore, fsync_path

PARTIAL_SUFFIX = ".partial"
ARCHIVE_FILE = "archive.db"
INDEX_FOLDER = "index"


class BackupError(RuntimeError):
    """The backup could not be made; nothing at the target was changed."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    target: Path
    articles: int
    passages: int
    vectors: int
    """Vectors in the copied faiss index; 0 when there is none (nothing indexed yet, or Qdrant holds them)."""
    bytes: int
    took_s: float


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        fsync_path(path)
    fsync_path(root)


def _check_archive(path: Path) -> dict:
    connection = sqlite3.connect(path)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if verdict != "ok":
        raise BackupError(f"the copied archive fails SQLite's integrity check: {verdict}")
    copy = Archive(path)
    try:
        return copy.counts()
    finally:
        copy.close()


def _drop_readers_data(path: Path) -> None:
    """An archive from before the conversation store still holds readers' questions, votes and follows until the
    bot moves them: the copy drops them, and VACUUM leaves none of their bytes in free pages. Readers' data is
    backed up apart (``crisisbot backup --conversations``)."""
    connection = sqlite3.connect(path)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        present = [name for name in LEGACY_TABLES if name in names]
        for name in present:
            connection.execute(f"DROP TABLE {name}")
        connection.commit()
        if present:
            connection.execute("VACUUM")
    finally:
        connection.close()


def _check_index(root: Path) -> int:
    store = IndexStore(root)
    meta = store.current_meta() or {}
    loaded = store.load()
    count = loaded.count if loaded is not None else 0
    if count != int(meta.get("count", count)):
        raise BackupError(f"the copied index holds {count} vectors, its metadata says {meta.get('count')}")
    return count


def back_up(archive: Archive, index: IndexStore | None, target: Path) -> BackupReport:
    """Copy ``archive`` and the live faiss ``index`` (None: the vectors are elsewhere) into the new folder
    ``target``; the caller holds the reindex lock. Raises :class:`BackupError` when ``target`` is not empty."""
    started = time.perf_counter()
    target = target.expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not empty: name a new folder (nothing was written)")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    shutil.rmtree(partial, ignore_errors=True)  # a killed earlier run's, never a finished backup
    partial.mkdir(parents=True)
    destination = sqlite3.connect(partial / ARCHIVE_FILE)
    try:
        archive.db.conn.backup(destination)  # all pages in one step: one consistent snapshot
    finally:
        destination.close()
    _drop_readers_data(partial / ARCHIVE_FILE)
    vectors = 0
    try:
        folder = index.current_folder() if index is not None else None
        if index is not None and folder is not None:
            copied = partial / INDEX_FOLDER
            shutil.copytree(folder, copied / folder.name)
            (copied / POINTER_FILE).write_text(folder.name, encoding="utf-8")
            vectors = _check_index(copied)
    except DamagedIndexError as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"the live index is damaged, nothing was written: {error}") from None
    counts = _check_archive(partial / ARCHIVE_FILE)
    for leftover in partial.glob(ARCHIVE_FILE + "-*"):  # the check's WAL files, empty after its close
        leftover.unlink()
    _fsync_tree(partial)
    crash_point("backup")
    size = sum(path.stat().st_size for path in partial.rglob("*") if path.is_file())
    os.replace(partial, target)  # an empty target folder is replaced; the rename is atomic
    fsync_path(target.parent)
    return BackupReport(
        target=target,
        articles=counts["articles"],
        passages=counts["passages"],
        vectors=vectors,
        bytes=size,
        took_s=time.perf_counter() - started,
    )
