"""The engine: the one object the CLI and the bot use, a thin façade over the stages.

Data flows one way (docs/architecture.md): sources → archive → passages → vectors + lexical index →
retrieval → answer with quote. Each stage is one collaborator with one job:

- :class:`~index.ingest.sync.ArchiveSync` reads sources into the archive (near-duplicates, hand-over) and
  owns the archive's transactions;
- :class:`~index.indexing.builder.IndexBuilder` embeds passages and builds and swaps the vector index;
- :class:`~index.answer.answerer.Answerer` answers (retrieval, quote, calibration).

The engine only wires them, serialises changes (one at a time, across processes too) and times them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from index.answer.alerts import (
    MAX_FOLLOWS_PER_CHAT,
    MAX_TOPIC_CHARS,
    Alert,
    AlertRun,
    Alerts,
    FollowedTopic,
    clean_topic,
)
from index.answer.answerer import Answerer, Exclude
from index.answer.answers import Answer, ArticleRef, FollowUp, Hit, Timeline
from index.answer.unanswered import QuestionGroup, group_questions
from index.failpoints import crash_point
from index.indexing.builder import IndexBuilder
from index.indexing.vector_backend import open_vector_store
from index.ingest.records import ArticleRecord
from index.ingest.sync import ArchiveSync, IndexReport, SourceInfo
from index.ingest.uploads import StoredUpload, UploadRefused, Uploads
from index.locks import LockHeld, ProcessLock
from index.model.embeddings import Embedder
from index.newsroom import Newsroom
from index.progress import ProgressFn, Stopped, StopSignal, no_progress
from index.settings import Settings
from index.store.archive import Archive
from index.store.backup import BackupError, BackupReport, back_up
from index.store.records import StoredPassage
from index.store.vectors import IndexMismatchError, IndexStore
from index.text.locations import is_url, location_key
from index.text.outlets import OutletNames

log = logging.getLogger(__name__)

WARM_UP_QUESTIONS = ("Aleppo", "Wer hat die Gespräche über eine Waffenruhe in Syrien abgebrochen, und warum?")
LOCK_FILE = "reindex.lock"
UPLOADS_FOLDER = "uploads"
OUTLET_NAMES_FILE = "sources.toml"

__all__ = [
    "MAX_FOLLOWS_PER_CHAT",
    "MAX_TOPIC_CHARS",
    "Alert",
    "AlertRun",
    "ArchiveStats",
    "BackupError",
    "BackupReport",
    "Engine",
    "FollowedTopic",
    "IndexMismatchError",
    "IndexReport",
    "ProgressFn",
    "QuestionGroup",
    "ReindexRunning",
    "SourceInfo",
    "Stopped",
    "StoredUpload",
    "UploadRefused",
    "clean_topic",
]
"""What callers of the engine need: its results, its errors and the progress callback type."""


class ReindexRunning(RuntimeError):
    """Another reindex is under way."""


@dataclass(slots=True)
class ArchiveStats:
    articles: int
    passages: int
    outlets: list[str]
    date_min: str | None
    date_max: str | None
    languages: dict[str, int]
    indexed_passages: int = 0
    model: str | None = None
    refining_passages: int = 0
    """Passages answerable already whose separate sentence vectors are still being embedded (second phase)."""


class Engine:
    """Ingest, index and answer; safe to ``ask`` from several threads while one thread reindexes."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        fetch_progress: ProgressFn | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        """``embedder`` shares a loaded model between engines (tests); ``fetch_progress`` reports the model's
        download when it is not in the cache yet; ``today`` is the clock for "yesterday" in questions (tests)."""
        self.settings = settings or Settings()
        self.archive = Archive(self.settings.database_path)
        self.embedder = embedder or Embedder(self.settings, fetch_progress=fetch_progress)
        store = open_vector_store(self.settings)
        store.check_model(self.embedder.model_key)
        self.stop_signal = StopSignal()
        self.sync = ArchiveSync(self.archive, self.settings, stop=self.stop_signal)
        self.builder = IndexBuilder(self.archive, self.embedder, store, self.settings)
        self.builder.stop = self.stop_signal
        self.answerer = Answerer(self.archive, self.embedder, self.builder.current, self.settings, today=today)
        self.followed = Alerts(self.archive, self.answerer, self.builder.current)
        self.uploads = Uploads(self.settings.data_dir / UPLOADS_FOLDER)
        self.outlets = OutletNames(self.settings.data_dir / OUTLET_NAMES_FILE, self.settings.outlet_names)
        """Display names of outlets (``sources.toml``, OUTLET_NAMES), applied to answers, timelines, alerts, stats."""
        self._change_lock = threading.Lock()
        self.newsroom = Newsroom(self)
        """The newsroom's answers, quotes by article and withdrawn articles (index/newsroom.py, issue 22)."""
        self.answerer.withdrawn = self.newsroom.withdrawals.ids

    @property
    def threshold(self) -> float:
        """The no-answer threshold in use."""
        return self.answerer.threshold

    # -- answers ------------------------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        max_sources: int | None = None,
        exclude: Exclude | None = None,
        after: FollowUp | None = None,
        dates: bool = True,
    ) -> Answer:
        """Answer ``question`` with a verbatim quote, or say that the archive has nothing on it.

        A period in the question ("im September 2016") limits the search to articles of those days; "latest"
        prefers newer ones (``dates=False``: neither, for the evaluation's comparison). ``exclude`` drops
        candidates before anything is chosen (the evaluation's unanswerable mode); ``after`` makes it a follow-up
        of an earlier question and answer (:class:`FollowUp`).
        """
        answer = self.answerer.ask(question, max_sources=max_sources, exclude=exclude, after=after, dates=dates)
        answer.best = self._named(answer.best) if answer.best is not None else None
        answer.sources = [self._named(hit) for hit in answer.sources]
        return answer

    def timeline(self, topic: str) -> Timeline:
        """The articles on ``topic`` in date order, one quote each (``/timeline``, ``crisisbot timeline``)."""
        timeline = self.answerer.timeline(topic)
        timeline.hits = [self._named(hit) for hit in timeline.hits]
        return timeline

    def _named(self, hit: Hit) -> Hit:
        """``hit`` with its outlets under their display names (:class:`~index.text.outlets.OutletNames`)."""
        ref: ArticleRef = hit.article
        also = tuple(replace(outlet, source=self.outlets.display(outlet.source)) for outlet in ref.also)
        return replace(hit, article=replace(ref, source=self.outlets.display(ref.source), also=also))

    def warm_up(self) -> None:
        """Load the model and the index now, and run whole questions once (torch's first calls are slow)."""
        self.builder.current()
        for question in WARM_UP_QUESTIONS:
            self.ask(question)

    # -- sources and index ------------------------------------------------------------------------------

    @property
    def sources(self) -> list[str]:
        """What a reindex scans: ``ARCHIVE_SOURCES`` and the locations added with :meth:`add_source`."""
        return self.sync.locations()

    def source_overview(self) -> list[SourceInfo]:
        """Every configured, added or still stored source, with how many origins it holds."""
        return self.sync.overview()

    def ingest(self, paths: Sequence[Path | str], *, progress: ProgressFn | None = None) -> IndexReport:
        """Add the articles below ``paths`` (folders, files or URLs) to the archive and the index; none removed."""
        locations = [location_key(str(p)) for p in paths]
        return self._change(lambda report: self._sync(locations, report, prune=False, progress=progress), progress)

    def reindex(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> IndexReport:
        """Scan every source again: add new and changed articles, drop those gone from their folder or file.

        Only one reindex runs at a time, across processes too (:class:`ReindexRunning` otherwise).
        Questions keep being answered from the old index, and the old passages, until the new one replaces
        it, in this process and in every other engine on the same ``DATA_DIR`` (they check ``CURRENT`` before
        each question). Feeds and
        pages never remove articles (a feed shows only its latest entries); ``KEEP_REMOVED_ARTICLES``
        keeps those of folders and files too.
        """
        prune = not self.settings.keep_removed_articles
        locations = self.sources
        return self._change(
            lambda report: self._sync(locations, report, prune=prune, progress=progress), progress, rebuild=rebuild
        )

    def add_source(
        self, location: str, *, added_by: int | None = None, progress: ProgressFn | None = None
    ) -> IndexReport:
        """Remember a URL (feed or page), folder or file for every later reindex, and index it now."""
        location = location_key(location)
        if not is_url(location) and not Path(location).exists():
            raise ValueError(f"{location}: no such file or folder (give a folder, a file or an http(s) URL)")
        report = self._change(lambda report: self._sync([location], report, prune=False, progress=progress), progress)
        if is_url(location) and report.errors and not (report.added or report.merged or report.unchanged):
            return report  # nothing could be read: not remembered
        self.sync.remember(location, added_by=added_by)
        return report

    def remove_source(self, location: str) -> IndexReport:
        """Forget an added location (or a file sent to the bot, by the name it was sent with) and drop the articles
        that only it holds; an uploaded file is deleted too."""
        location = self.uploads.location_of(location) or location_key(location)
        report = self._change(lambda report: self.sync.forget(location, report), None)
        if location in self.uploads.names():
            self.uploads.discard(location)
        return report

    def store_upload(self, data: bytes, name: str) -> StoredUpload:
        """Check and store a file sent to the bot (``.txt``, ``.md``, ``.jsonl``, ``.csv``, ``.html`` or a ``.zip`` of
        them) under ``DATA_DIR/uploads`` by content hash; :class:`UploadRefused` says why not. Add it with
        :meth:`add_source` (``StoredUpload.location``)."""
        return self.uploads.store(data, name)

    def upload_overview(self) -> list[tuple[str, int]]:
        """The files sent to the bot that are sources now: ``(name sent with, articles)``, in the order added."""
        names, current = self.uploads.names(), set(self.sources)
        return [
            (names[info.location], info.origins)
            for info in self.source_overview()
            if info.location in names and info.location in current
        ]

    def upload_names(self) -> dict[str, str]:
        """``location -> the name it was sent with`` of the files sent to the bot."""
        return self.uploads.names()

    def add_records(
        self, records: Iterable[ArticleRecord], *, root: str, progress: ProgressFn | None = None
    ) -> IndexReport:
        """Add records made elsewhere (the evaluation, tests) under the origin root ``root``, then index."""
        return self._change(
            lambda report: self.sync.add_records(records, root=root, report=report, progress=progress or no_progress),
            progress,
        )

    def origins(self, root: str) -> dict[str, str]:
        """``origin -> article_id`` of one source root."""
        return self.archive.origins([root])

    def passages(self, passage_ids: Sequence[int]) -> dict[int, StoredPassage]:
        """The stored passages with these ids (those still in the archive)."""
        return self.archive.passages(passage_ids)

    def update_index(self, *, progress: ProgressFn | None = None, rebuild: bool = False) -> int:
        """Embed what is missing and publish a new index; returns how many passages were embedded."""
        return self.builder.update(progress=progress, rebuild=rebuild)

    def migrate_index(self, to: str, *, progress: ProgressFn | None = None) -> tuple[int, str, str]:
        """Copy the live index into the ``to`` backend (``qdrant`` or ``faiss``) without embedding anything.

        Returns how many passages were copied and the source and target (for a message). Takes the reindex lock:
        the archive does not change under the copy."""
        target = open_vector_store(self.settings, to)
        if type(target) is type(self.builder.store):
            raise ValueError(f"VECTOR_BACKEND is already {to}: set it to the backend to copy from")
        with self._one_change():
            copied = self.builder.copy_to(target, progress=progress)
            return copied, self.builder.store.describe(), target.describe()

    def backup(self, target: Path) -> BackupReport:
        """A consistent, checked copy of the archive and the live index in the new folder ``target``, usable as
        ``DATA_DIR`` (index/store/backup.py). Takes the reindex lock; questions go on being answered."""
        store = self.builder.store
        with self._one_change():
            return back_up(self.archive, store if isinstance(store, IndexStore) else None, target)

    def request_stop(self) -> None:
        """Ask a running reindex, /add or ingest to stop at its next safe point (SIGTERM/SIGINT): within a batch of
        records or one vector commit (64 passages on the CPU), with everything whole committed; then it raises
        :class:`Stopped`.
        No change starts after it."""
        self.stop_signal.request()

    @contextmanager
    def _one_change(self) -> Iterator[None]:
        """The rule "one change at a time": this engine's lock, then the data folder's ``flock`` (other processes)."""
        if not self._change_lock.acquire(blocking=False):
            raise ReindexRunning("a reindex is already running")
        try:
            with ProcessLock(self.settings.data_dir / LOCK_FILE):
                yield
        except LockHeld as error:
            raise ReindexRunning(f"a reindex is already running ({error})") from None
        finally:
            self._change_lock.release()

    def _sync(self, locations: list[str], report: IndexReport, *, prune: bool, progress: ProgressFn | None) -> None:
        self.sync.sync(locations, prune=prune, report=report, progress=progress or no_progress)

    def _change(
        self, apply: Callable[[IndexReport], None], progress: ProgressFn | None, *, rebuild: bool = False
    ) -> IndexReport:
        """Run ``apply`` on the archive, then embed and publish: one at a time, timed, logged."""
        self.stop_signal.check()
        with self._one_change():
            started = time.perf_counter()
            report = IndexReport()
            self.sync.migrate()
            apply(report)
            crash_point("archive")
            report.passages_embedded = self.builder.update(progress=progress, rebuild=rebuild)
            self.sync.purge()  # the live index no longer points at the retired articles' passages
            report.answerable_s = time.perf_counter() - started
            # The second phase (index/indexing/builder.py): the new reports are answerable already; their separate
            # sentence vectors are embedded now, under the same lock, and used by each question as they commit.
            report.passages_refined = self.builder.refine(progress=progress)
            report.took_s = time.perf_counter() - started
            log.info("index updated: %s", report.summary())
            return report

    # -- figures and usage ------------------------------------------------------------------------------

    def index_stamp(self) -> object:
        """Changes whenever a new index goes live, built here or by another process (a cheap file check)."""
        return self.builder.store.stamp()

    def stats(self) -> ArchiveStats:
        counts = self.archive.counts()
        counts["outlets"] = sorted({self.outlets.display(outlet) or outlet for outlet in counts["outlets"]})
        meta = self.builder.indexed_meta()
        return ArchiveStats(
            **counts,
            indexed_passages=int(meta.get("count", 0)),
            model=meta.get("model"),
            refining_passages=self.builder.pending_passages(),
        )

    def group_unanswered(self, questions: Sequence[str]) -> list[QuestionGroup]:
        """Questions that got "nothing found" (the caller keeps them: the bot's conversation store), grouped by
        similarity, largest group first (index/answer/unanswered.py)."""
        questions = list(questions)
        return group_questions(questions, self.embedder.encode_queries(questions)) if questions else []

    # -- alerts -------------------------------------------------------------------------------------------

    def article_sequence(self) -> int:
        """The archive's newest ingest sequence number: a topic followed now alerts only articles above it."""
        return self.followed.newest()

    def alerts(self, topics: Sequence[FollowedTopic], *, after: int) -> AlertRun:
        """The articles ingested after sequence number ``after`` that match one of ``topics`` (:meth:`Alerts.run`),
        their outlets under their display names."""
        run = self.followed.run(topics, after=after)
        return AlertRun([replace(alert, hit=self._named(alert.hit)) for alert in run.alerts], run.after, run.upto)

    # -- readers' data of old archives ----------------------------------------------------------------------

    def legacy_conversations(self) -> dict[str, list[dict]] | None:
        """The readers' tables an archive from before the conversation store still holds; None when none."""
        return self.archive.legacy.read() if self.archive.legacy.present() else None

    def drop_legacy_conversations(self) -> None:
        """Drop those tables (after the caller stored their rows elsewhere)."""
        self.archive.legacy.drop()

    def close(self) -> None:
        """Close this thread's database connection (other threads' close when they end)."""
        self.archive.close()
