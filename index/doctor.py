"""``crisisbot doctor``: check every file the bot depends on and say, for each problem, what to do.

Works where the engine cannot start (a damaged ``archive.db`` stops it), so it opens each part on its own:
the archive (opened, then SQLite's ``quick_check``), the live index (``CURRENT``, ``meta.json``,
``vectors.faiss``: size, vector count, dimension, model), whether the index covers the archive's passages, the
fetch back-off file, the model cache and the reindex lock. Every problem names its file and the way back:
``crisisbot reindex`` for whatever can be rebuilt from the archive, a backup made by ``crisisbot backup`` for
the archive itself (issue 23).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from index.indexing.vector_backend import FAISS
from index.ingest.budget import BACKOFF_FILE
from index.locks import LockHeld, ProcessLock
from index.model.model_fetch import DEFAULT_MODEL_NAME, is_model_ready
from index.settings import Settings
from index.store.archive import Archive, DamagedArchiveError, damaged_archive_message
from index.store.vectors import IndexStore, model_mismatch

LOCK_FILE = "reindex.lock"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'ok     ' if self.ok else 'PROBLEM'}  {self.name:<9} {self.detail}"


def diagnose(settings: Settings, *, model_key: str) -> list[Check]:
    """Every check, in order; ``model_key`` names the vector space the settings give (``Embedder.model_key``)."""
    checks = []
    archive_check, indexed = _archive(settings)
    checks.append(archive_check)
    checks.extend(_index(settings, model_key, indexed))
    checks.append(_backoff(settings))
    checks.append(_model(settings))
    checks.append(_lock(settings))
    return checks


def _archive(settings: Settings) -> tuple[Check, int | None]:
    path = settings.database_path
    if not path.exists():
        return Check("archive", True, f"{path} does not exist yet (the first reindex creates it)"), None
    try:
        archive = Archive(path)
    except DamagedArchiveError as error:
        return Check("archive", False, str(error)), None
    try:
        verdict = archive.db.execute("PRAGMA quick_check").fetchone()[0]
        counts = archive.counts()
    except sqlite3.DatabaseError as error:
        return Check("archive", False, damaged_archive_message(path, error)), None
    finally:
        archive.close()
    if verdict != "ok":
        return Check("archive", False, damaged_archive_message(path, RuntimeError(str(verdict)[:200]))), None
    return Check("archive", True, f"{path}: {counts['articles']} articles, {counts['passages']} passages"), int(
        counts["passages"]
    )


def _index(settings: Settings, model_key: str, indexed: int | None) -> list[Check]:
    if settings.vector_backend != FAISS:
        return [Check("index", True, f"VECTOR_BACKEND={settings.vector_backend}: not checked here (see its server)")]
    store = IndexStore(settings.index_dir)
    problem = store.problem()
    if problem:
        return [Check("index", False, problem)]
    meta = store.current_meta()
    if meta is None:
        return [Check("index", True, f"{settings.index_dir}: no index yet (run `crisisbot reindex`)")]
    checks = [Check("index", True, f"{store.describe()}: {meta.get('count', 0)} vectors, {meta.get('kind', '?')}")]
    mismatch = model_mismatch(str(settings.index_dir), meta, model_key)
    if mismatch:
        checks.append(Check("model", False, str(mismatch)))
    if indexed is not None and int(meta.get("count", 0)) != indexed:
        checks.append(
            Check(
                "coverage",
                False,
                f"the index holds {meta.get('count', 0)} vectors, the archive {indexed} "
                f"passages (a reindex stopped before its swap?): run `crisisbot reindex`",
            )
        )
    return checks


def _backoff(settings: Settings) -> Check:
    path = settings.data_dir / BACKOFF_FILE
    if not path.exists():
        return Check("backoff", True, "no web entries wait after failures")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        waiting = len(data) if isinstance(data, dict) else 0
    except (OSError, ValueError) as error:
        return Check("backoff", False, f"{path} is damaged ({error}): delete it (failed entries are then tried again)")
    return Check("backoff", True, f"{waiting} web entries wait for their next try after failures ({path})")


def _model(settings: Settings) -> Check:
    if settings.embedding_model != DEFAULT_MODEL_NAME:
        return Check("model", True, f"EMBEDDING_MODEL={settings.embedding_model} (loaded by sentence-transformers)")
    if is_model_ready(settings.model_cache_dir):
        return Check("model", True, f"{settings.model_cache_dir}: verified")
    return Check("model", False, f"the model is not in {settings.model_cache_dir}: run `crisisbot model`")


def _lock(settings: Settings) -> Check:
    path = settings.data_dir / LOCK_FILE
    if not settings.data_dir.exists():
        return Check("lock", True, "no DATA_DIR yet")
    try:
        with ProcessLock(path):
            pass
    except LockHeld as error:
        return Check("lock", True, f"a reindex, backup or migration is running ({error})")
    return Check("lock", True, "no reindex running")
