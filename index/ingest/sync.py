"""Sources into the archive: read each location, store new and changed articles, drop those gone.

The one stage that writes articles, origins and passages; it owns the archive's transactions. They are
short, so that the bot's usage log never waits long for the write lock: a source's records are read and
parsed outside any transaction, then applied :data:`RECORDS_PER_TRANSACTION` at a time (an article, its
origin, passages, FTS5 rows and MinHash bands are all or nothing), and the prune step (origins gone,
hand-over, orphans) is one transaction of its own. Articles no origin holds any more are *retired*, not
deleted: the live index still points at their passages, so they are purged (:meth:`ArchiveSync.purge`) only
after the next index is swapped in. A record whose text is the same as, or nearly the same as, an
article's is stored as another origin of that article (another outlet of the same report); when the
article's own outlet drops it, another outlet's record takes it over (:meth:`ArchiveSync._hand_over`).
Embedding and the vector index come after, in ``index.indexing``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from index.failpoints import crash_point
from index.ingest.budget import BACKOFF_FILE, FetchBudget
from index.ingest.duplicates import is_near_duplicate, minhash_bands
from index.ingest.feeds import read_url
from index.ingest.records import ArticleRecord, SourceError, clean_metadata, record_language
from index.ingest.sources import read_sources
from index.ingest.web import Fetcher
from index.progress import NEVER_STOP, ProgressFn, StopSignal
from index.settings import Settings
from index.store.archive import ORIGIN_META, Archive, article_id_for, text_hash
from index.text.lexical import index_terms
from index.text.locations import is_url, location_key
from index.text.passages import split_passages

RECORDS_PER_TRANSACTION = 16
"""Records applied per transaction: ~10-50 ms of writes here, the longest a usage write waits for a reindex."""
NEAR_DUPLICATE_CANDIDATES = 8
"""Articles sharing the most MinHash bands with a record that are compared with it in full."""
CONFIGURED = "ARCHIVE_SOURCES"
ADDED = "added"
GONE = "gone"

OriginHashes = dict[str, tuple[str, str | None]]
"""``origin -> (article_id, record_hash)`` of one source root, as stored before this sync."""


@dataclass(slots=True)
class IndexReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    merged: int = 0
    """Records stored as another outlet of an article with the same or a near-identical text."""
    passages_embedded: int = 0
    errors: list[str] = field(default_factory=list)
    took_s: float = 0.0
    replaced: set[str] = field(default_factory=set, repr=False)
    """Ids of earlier versions of changed articles: dropped, but counted as changed, not removed."""
    answerable_s: float = 0.0
    """Seconds until the new index was published (two-phase reindex: before the sentence vectors were refined)."""
    passages_refined: int = 0
    """Passages whose separate sentence vectors the second phase embedded."""

    def summary(self) -> str:
        merged = f", {self.merged} merged as near-duplicates" if self.merged else ""
        refined = (
            f" (answerable after {self.answerable_s:.1f} s; {self.passages_refined} refined after)"
            if self.passages_refined
            else ""
        )
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, {self.unchanged} unchanged"
            f"{merged}; {self.passages_embedded} passages embedded in {self.took_s:.1f} s{refined}"
        )


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source location, where it comes from (``ARCHIVE_SOURCES``, ``added`` or ``gone``) and its origins."""

    location: str
    kind: str
    origins: int


class ArchiveSync:
    """Applies sources to the archive. Not thread-safe: the engine runs one sync at a time."""

    def __init__(self, archive: Archive, settings: Settings, *, stop: StopSignal = NEVER_STOP) -> None:
        self.archive = archive
        self.settings = settings
        self.stop = stop
        """Checked after each committed transaction: a stop asked for (SIGTERM) ends the sync there."""

    # -- locations ----------------------------------------------------------------------------------------

    def locations(self) -> list[str]:
        """What a reindex scans: ``ARCHIVE_SOURCES`` and the locations added at run time."""
        locations = [*self.settings.archive_sources, *self.archive.added_sources()]
        return list(dict.fromkeys(location_key(location) for location in locations))

    def overview(self) -> list[SourceInfo]:
        """Every configured, added or still stored source root, with how many origins it holds."""
        counts = self.archive.roots()
        configured = [location_key(location) for location in self.settings.archive_sources]
        added = [location_key(location) for location in self.archive.added_sources()]
        return [
            SourceInfo(
                location,
                CONFIGURED if location in configured else ADDED if location in added else GONE,
                counts.get(location, 0),
            )
            for location in dict.fromkeys([*configured, *added, *counts])
        ]

    def remember(self, location: str, *, added_by: int | None) -> None:
        """Keep ``location`` for every later reindex."""
        with self.archive.transaction():
            self.archive.add_source(location, kind="url" if is_url(location) else "path", added_by=added_by)

    def forget(self, location: str, report: IndexReport) -> None:
        """Forget an added location and retire the articles only it holds, in one transaction."""
        with self.archive.transaction():
            self.archive.remove_source(location)
            self.archive.delete_origins(self.archive.origins([location]))
            self._drop_orphans(report, count_removed=True)

    # -- before every change ------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring databases from earlier releases up to date (cheap when there is nothing to do)."""
        self._rebase_relative_roots()
        self._backfill_minhash()

    def _rebase_relative_roots(self) -> None:
        """Databases from before source paths were stored absolute: relative roots (and their origins and added
        sources) that name an existing path from here are rewritten to ``location_key(root)``."""
        stale = [root for root in self.archive.roots() if root and location_key(root) != root]
        stale = [root for root in stale if Path(location_key(root)).exists()]
        with self.archive.transaction():
            for root in stale:
                renames = []
                for origin in self.archive.origins([root]):
                    path, mark, fragment = origin.partition("#")
                    renames.append((origin, location_key(path) + mark + fragment, location_key(root)))
                self.archive.rename_origins(renames)
            for location in self.archive.added_sources():
                if location_key(location) != location:
                    self.archive.rename_added_source(location, location_key(location))

    def _backfill_minhash(self) -> None:
        """Articles from before near-duplicate detection get their bands once."""
        missing = self.archive.articles_without_minhash()
        with self.archive.transaction():
            for article_id in missing:
                self.archive.set_minhash_bands(article_id, minhash_bands(self.archive.article_text(article_id) or ""))

    # -- applying sources -----------------------------------------------------------------------------------

    def sync(self, locations: list[str], *, prune: bool, report: IndexReport, progress: ProgressFn) -> None:
        """Read each location and apply it in short transactions: a crash leaves each article all or nothing,
        and a killed prune step undone (the next reindex prunes)."""
        errors: list[SourceError] = []
        try:
            with self._fetcher() as fetcher:
                self._sync_each(locations, fetcher, errors, prune=prune, report=report, progress=progress)
        finally:
            report.errors.extend(str(error) for error in errors)

    def _sync_each(
        self,
        locations: list[str],
        fetcher: Fetcher,
        errors: list[SourceError],
        *,
        prune: bool,
        report: IndexReport,
        progress: ProgressFn,
    ) -> None:
        existing = self.archive.content_hashes()
        for location in locations:
            self.stop.check()
            before = self.archive.origin_hashes([location])
            first_error = len(errors)
            if is_url(location):
                skipped: list[str] = []
                progress("fetch", 0, 0)
                if fetcher.budget is not None:
                    fetcher.budget.start_source()
                records: Iterable[ArticleRecord] = list(
                    read_url(
                        location,
                        fetcher,
                        errors,
                        known=set(before),
                        skipped=skipped,
                        max_entries=self.settings.fetch_max_feed_entries,
                    )
                )
                report.unchanged += len(skipped)
                prune_here = False
            elif Path(location).exists():
                records = read_sources([Path(location)], errors, csv_columns=self.settings.csv_columns)
                prune_here = prune
            else:
                errors.append(SourceError(location, "no such file or folder; nothing from it was removed"))
                continue
            seen = self._add_records(records, location, before, existing, report, progress)
            with self.archive.transaction():
                if prune_here:
                    failed_files = {e.where.rsplit(":", 1)[0] for e in errors[first_error:] if not e.warning}
                    gone = [o for o in before if o not in seen and o.split("#", 1)[0] not in failed_files]
                    self.archive.delete_origins(gone)
                    if gone:
                        crash_point("prune")
                    self._hand_over({before[o][0] for o in gone}, existing)
                self._drop_orphans(report, count_removed=prune_here)

    def purge(self) -> int:
        """Delete the retired articles and their passages (call once the index without them is live)."""
        retired = self.archive.retired_article_ids()
        with self.archive.transaction():
            self.archive.delete_articles(retired)
        return len(retired)

    def add_records(
        self, records: Iterable[ArticleRecord], *, root: str, report: IndexReport, progress: ProgressFn
    ) -> None:
        """Records made elsewhere (the evaluation, tests), stored under the origin root ``root``; none removed."""
        before = self.archive.origin_hashes([root])
        self._add_records(records, root, before, self.archive.content_hashes(), report, progress)
        with self.archive.transaction():
            self._drop_orphans(report, count_removed=False)

    @contextmanager
    def _fetcher(self) -> Iterator[Fetcher]:
        """One fetcher for the whole run: its budget and its failed hosts span every source of the run."""
        settings = self.settings
        budget = FetchBudget(
            run_s=settings.fetch_run_budget_s,
            source_s=settings.fetch_source_budget_s,
            backoff_path=settings.data_dir / BACKOFF_FILE,
            stop=self.stop,
        )
        fetcher = Fetcher(
            budget=budget,
            timeout_s=settings.fetch_timeout_s,
            deadline_s=settings.fetch_deadline_s,
            max_bytes=settings.fetch_max_bytes,
            host_delay_s=settings.fetch_host_delay_s,
            private_hosts=settings.private_hosts,
        )
        try:
            yield fetcher
        finally:
            fetcher.close()
            if settings.data_dir.exists():
                budget.save()

    def _drop_orphans(self, report: IndexReport, *, count_removed: bool) -> None:
        """Retire articles no origin points to: earlier versions of changed files always, others when pruning."""
        orphans = set(self.archive.orphan_article_ids())
        dropped = orphans if count_removed else orphans & report.replaced
        report.removed += len(dropped - report.replaced)
        self.archive.retire_articles(sorted(dropped))

    def _add_records(
        self,
        records: Iterable[ArticleRecord],
        root: str,
        before: OriginHashes,
        existing: dict[str, str],
        report: IndexReport,
        progress: ProgressFn,
    ) -> set[str]:
        """Apply ``records`` a few at a time, each few in a transaction of its own: reading and parsing the
        next ones (``records`` is lazy) happens outside, while other writers can take the lock."""
        seen: set[str] = set()
        pending = iter(records)
        while batch := list(islice(pending, RECORDS_PER_TRANSACTION)):
            with self.archive.transaction():
                for record in batch:
                    self._apply_record(record, root, before, existing, report)
                    seen.add(record.origin)
                    progress("scan", len(seen), 0)
                self._drop_orphans(report, count_removed=False)  # earlier versions of the changed ones
            self.stop.check()  # a safe point: this batch is committed, the prune has not started
        return seen

    def _apply_record(
        self, record: ArticleRecord, root: str, before: OriginHashes, existing: dict[str, str], report: IndexReport
    ) -> None:
        """Store one record: unchanged, a new article, a new version of its origin's article, or merged into
        an article with the same or a near-identical text (then only its origin, with its outlet, is kept)."""
        clean_metadata(record)
        lang = record_language(record)
        record_hash = text_hash(record.title, record.date, record.source, record.url, lang, record.text)
        previous_id, previous_hash = before.get(record.origin, (None, None))
        meta = {key: getattr(record, key) for key in ORIGIN_META} | {"lang": lang}
        if previous_id in existing and (previous_hash or existing[previous_id]) == record_hash:
            report.unchanged += 1
            if previous_hash is None:  # a database from before origins kept their own hash
                self.archive.set_origin(
                    record.origin, article_id=previous_id, root=root, record_hash=record_hash, meta=meta
                )
            return
        article_id = article_id_for(record.text)
        bands = minhash_bands(record.text)
        target = article_id if article_id in existing else self._near_duplicate_of(record.text, bands, previous_id)
        if previous_id is not None:
            report.changed += 1
            if previous_id != (target or article_id):
                report.replaced.add(previous_id)
        elif target is not None:
            report.merged += 1
        else:
            report.added += 1
        if target is None:
            target = article_id
            self._store_article(record, article_id, lang, record_hash, bands)
            existing[article_id] = record_hash
        elif target == previous_id:  # same text, new title, date, outlet or link
            self.archive.update_article_meta(target, {**meta, "content_hash": record_hash})
            existing[target] = record_hash
        own_text = record.text if target != article_id else None  # a near-duplicate keeps its own wording
        self.archive.set_origin(
            record.origin, article_id=target, root=root, record_hash=record_hash, meta=meta, text=own_text
        )

    def _hand_over(self, article_ids: set[str], existing: dict[str, str]) -> None:
        """Articles whose own outlet dropped them but another outlet still carries: that outlet's record becomes
        the article (its own text, when it was a near-duplicate, so that quotes stay verbatim under its link)."""
        for article_id in article_ids:
            heir = self.archive.heir_origin(article_id)
            if heir is None:
                continue
            meta = {key: heir[key] for key in ORIGIN_META}
            new_id = article_id_for(heir["text"]) if heir["text"] else article_id
            if new_id == article_id:  # the same text: only title, date, outlet and link change
                self.archive.update_article_meta(article_id, meta)
                continue
            record = ArticleRecord(text=heir["text"], origin=heir["origin"], lang=heir["lang"], **meta)
            lang = record_language(record)
            if new_id not in existing:
                self._store_article(record, new_id, lang, heir["record_hash"], minhash_bands(record.text))
                existing[new_id] = heir["record_hash"]
            self.archive.move_origins(article_id, new_id)
            self.archive.clear_origin_text(heir["origin"])
            self.archive.retire_articles([article_id])
            existing.pop(article_id, None)

    def _store_article(
        self, record: ArticleRecord, article_id: str, lang: str, record_hash: str, bands: list[str]
    ) -> None:
        self.archive.upsert_article(
            {
                "id": article_id,
                "title": record.title,
                "date": record.date,
                "source": record.source,
                "url": record.url,
                "lang": lang,
                "text": record.text,
                "content_hash": record_hash,
                "words": len(record.text.split()),
                "extra": json.dumps(record.extra, ensure_ascii=False),
                "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
        )
        self.archive.delete_passages(article_id)
        passages = split_passages(record.text, title=record.title)
        self.archive.add_passages(article_id, passages, [index_terms(p.text, lang) for p in passages])
        self.archive.set_minhash_bands(article_id, bands)

    def _near_duplicate_of(self, text: str, bands: list[str], previous_id: str | None) -> str | None:
        """An article that carries the same report (never the record's own earlier version); ``bands`` are
        the MinHash bands of ``text``."""
        if not self.settings.merge_near_duplicates:
            return None
        for candidate in self.archive.articles_sharing_bands(bands)[:NEAR_DUPLICATE_CANDIDATES]:
            other = self.archive.article_text(candidate) if candidate != previous_id else None
            if other is not None and is_near_duplicate(text, other):
                return candidate
        return None
