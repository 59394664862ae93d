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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from index.answer.answerer import Answerer, Exclude
from index.answer.answers import Answer, FollowUp, Hit
from index.failpoints import crash_point
from index.indexing.builder import IndexBuilder
from index.ingest.records import ArticleRecord
from index.ingest.sync import ArchiveSync, IndexReport, SourceInfo
from index.locks import LockHeld, ProcessLock
from index.model.embeddings import Embedder
from index.progress import ProgressFn, no_progress
from index.settings import Settings
from index.store.archive import Archive
from index.store.follows import Follow
from index.store.records import StoredPassage
from index.store.usage import Feedback
from index.store.vectors import IndexMismatchError, IndexStore
from index.text.locations import is_url, location_key

log = logging.getLogger(__name__)

ALERT_QUOTE_SCORE = 0.90
"""A new article alerts a followed topic when the sentence that matches the topic best (``Hit.quote_calibrated``, on
one scale for German and English) reaches this. bench/alert_threshold.py on tests/data/alert-topics.json (21 topics
x 11 articles, docs/evaluation.md): at 0.90, 0.737 of the 19 matching topic-article pairs alert and none of the 204
others (the highest other: 0.878); 0.80 would alert 0.842 with 2 false alerts. The passage cosine separates worse:
0.632 of the matching pairs at its first threshold without false alerts (0.475)."""
UNANSWERED_GROUP_COSINE = 0.60
"""``unanswered``: a question joins the first group whose first question's vector has at least this cosine with its
own (greedy). bench/unanswered_groups.py on tests/data/unanswered-questions.json (33 questions, 12 groups, German and
English): questions that ask the same thing had cosines 0.52-0.95 (median 0.83), different ones at most 0.59; at 0.60
the pair precision is 1.000 and the pair recall 0.935 (0.55-0.60 is the plateau; 0.65 and up splits groups)."""
MAX_FOLLOWS_PER_CHAT = 20
"""More topics per chat than anyone reads alerts for; it bounds the work of an alert run."""
MAX_TOPIC_CHARS = 200

WARM_UP_QUESTIONS = ("Aleppo", "Wer hat die Gespräche über eine Waffenruhe in Syrien abgebrochen, und warum?")
LOCK_FILE = "reindex.lock"

__all__ = [
    "Alert",
    "ArchiveStats",
    "Engine",
    "Feedback",
    "Follow",
    "IndexMismatchError",
    "IndexReport",
    "ProgressFn",
    "QuestionGroup",
    "ReindexRunning",
    "SourceInfo",
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


@dataclass(frozen=True, slots=True)
class Alert:
    """A new article that matches a topic a chat follows, with the quote that matches it best."""

    chat_id: int
    topic: str
    hit: Hit
    lang: str | None = None
    """The language the topic was followed in."""


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Similar questions that got "nothing found": how many, and the first one asked as the example."""

    count: int
    example: str
    questions: tuple[str, ...]


class Engine:
    """Ingest, index and answer; safe to ``ask`` from several threads while one thread reindexes."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        fetch_progress: ProgressFn | None = None,
    ) -> None:
        """``embedder`` shares a loaded model between engines (tests); ``fetch_progress`` reports the model's
        download when it is not in the cache yet."""
        self.settings = settings or Settings()
        self.archive = Archive(self.settings.database_path)
        self.embedder = embedder or Embedder(self.settings, fetch_progress=fetch_progress)
        store = IndexStore(self.settings.index_dir)
        store.check_model(self.embedder.model_key)
        self.sync = ArchiveSync(self.archive, self.settings)
        self.builder = IndexBuilder(self.archive, self.embedder, store, self.settings)
        self.answerer = Answerer(self.archive, self.embedder, self.builder.current, self.settings)
        self._change_lock = threading.Lock()

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
    ) -> Answer:
        """Answer ``question`` with a verbatim quote, or say that the archive has nothing on it.

        ``exclude`` drops candidates before anything is chosen (the evaluation's unanswerable mode); ``after``
        makes it a follow-up of an earlier question and answer (:class:`FollowUp`).
        """
        return self.answerer.ask(question, max_sources=max_sources, exclude=exclude, after=after)

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
        """Forget an added location and drop the articles that only it holds."""
        location = location_key(location)
        return self._change(lambda report: self.sync.forget(location, report), None)

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

    def _sync(self, locations: list[str], report: IndexReport, *, prune: bool, progress: ProgressFn | None) -> None:
        self.sync.sync(locations, prune=prune, report=report, progress=progress or no_progress)

    def _change(
        self, apply: Callable[[IndexReport], None], progress: ProgressFn | None, *, rebuild: bool = False
    ) -> IndexReport:
        """Run ``apply`` on the archive, then embed and publish: one at a time, timed, logged."""
        if not self._change_lock.acquire(blocking=False):
            raise ReindexRunning("a reindex is already running")
        try:
            with ProcessLock(self.settings.data_dir / LOCK_FILE):
                started = time.perf_counter()
                report = IndexReport()
                self.sync.migrate()
                apply(report)
                crash_point("archive")
                report.passages_embedded = self.builder.update(progress=progress, rebuild=rebuild)
                self.sync.purge()  # the live index no longer points at the retired articles' passages
                report.took_s = time.perf_counter() - started
                log.info("index updated: %s", report.summary())
                return report
        except LockHeld as error:
            raise ReindexRunning(f"a reindex is already running ({error})") from None
        finally:
            self._change_lock.release()

    # -- figures and usage ------------------------------------------------------------------------------

    def index_stamp(self) -> object:
        """Changes whenever a new index goes live, built here or by another process (a cheap file check)."""
        return self.builder.store.stamp()

    def stats(self) -> ArchiveStats:
        counts = self.archive.counts()
        meta = self.builder.indexed_meta()
        return ArchiveStats(**counts, indexed_passages=int(meta.get("count", 0)), model=meta.get("model"))

    def record_question(self, answer: Answer, *, chat_id: int | None = None, user_id: int | None = None) -> int:
        best = answer.best if answer.answered else None
        return self.archive.usage.record_question(
            {
                "chat_id": chat_id,
                "user_id": user_id,
                "question": answer.question,
                "lang": answer.lang,
                "answered": int(answer.answered),
                "article_id": best.article.id if best else None,
                "quote": best.quote if best else None,
                "score": answer.best.similarity if answer.best else None,
                "took_ms": answer.took_ms,
            }
        )

    def record_feedback(
        self, question_id: int, *, value: int, user_id: int | None = None, chat_id: int | None = None
    ) -> Feedback:
        """One vote per user and question; ``Feedback.UNKNOWN`` for a question not asked in ``chat_id``."""
        return self.archive.usage.record_feedback(
            question_id, value=1 if value > 0 else -1, user_id=user_id, chat_id=chat_id
        )

    def mark_reply(self, question_id: int, message_id: int) -> None:
        """The bot's message ``message_id`` showed the answer to ``question_id``: a reply to it is a follow-up."""
        self.archive.usage.set_reply_message(question_id, message_id)

    def follow_up_of(self, chat_id: int, message_id: int) -> FollowUp | None:
        """The earlier exchange behind the bot's message ``message_id`` in ``chat_id`` (kept in the archive, so it
        survives restarts); None for a message that showed no recorded answer."""
        found = self.archive.usage.question_for_reply(chat_id, message_id)
        return FollowUp(found[0], found[1]) if found else None

    def unanswered(self, *, days: float) -> list[QuestionGroup]:
        """The questions of the last ``days`` that got "nothing found", grouped by similarity, largest group first.

        Questions are embedded like any question and grouped greedily: each joins the first group whose first
        question has a cosine of at least ``UNANSWERED_GROUP_COSINE`` with it. Only the question texts are read
        (no chat or user ids)."""
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        questions = self.archive.usage.unanswered(since)
        if not questions:
            return []
        vectors = self.embedder.encode_queries(questions)
        heads: list[int] = []
        members: list[list[int]] = []
        for i, vector in enumerate(vectors):
            for number, head in enumerate(heads):
                if float(vectors[head] @ vector) >= UNANSWERED_GROUP_COSINE:
                    members[number].append(i)
                    break
            else:
                heads.append(i)
                members.append([i])
        groups = [
            QuestionGroup(len(ids), questions[ids[0]], tuple(questions[i] for i in ids)) for ids in members
        ]
        return sorted(groups, key=lambda group: group.count, reverse=True)

    # -- alerts -------------------------------------------------------------------------------------------

    def follow(self, chat_id: int, topic: str, *, lang: str | None = None) -> bool:
        """Follow ``topic`` in ``chat_id``: new articles that match it are alerted (:meth:`alerts`). False when
        the chat follows it already; ``ValueError`` for an empty or too long topic or too many topics."""
        topic = " ".join(topic.split())
        if not topic or len(topic) > MAX_TOPIC_CHARS:
            raise ValueError(f"a topic has 1 to {MAX_TOPIC_CHARS} characters")
        if len(self.archive.follows.of_chat(chat_id)) >= MAX_FOLLOWS_PER_CHAT:
            raise ValueError(f"a chat follows at most {MAX_FOLLOWS_PER_CHAT} topics")
        return self.archive.follows.add(chat_id, topic, lang)

    def unfollow(self, chat_id: int, topic_or_number: str) -> str | None:
        """Stop following a topic, given as its text or its number in :meth:`following`; the topic removed, or
        None when the chat follows no such topic."""
        wanted = " ".join(topic_or_number.split())
        follows = self.archive.follows.of_chat(chat_id)
        chosen = next((f for f in follows if f.topic.casefold() == wanted.casefold()), None)
        if chosen is None and wanted.isdigit() and 1 <= int(wanted) <= len(follows):
            chosen = follows[int(wanted) - 1]
        if chosen is None:
            return None
        self.archive.follows.remove(chosen.id)
        return chosen.topic

    def following(self, chat_id: int) -> list[str]:
        return [follow.topic for follow in self.archive.follows.of_chat(chat_id)]

    def alerts(self, *, max_per_chat: int) -> list[Alert]:
        """The articles added since the last alert run that match a followed topic, at most ``max_per_chat`` per
        chat (the best first); every new article is then marked as looked at, so nothing is alerted twice.

        An article is matched only against topics followed before it was ingested; an article ingested by another
        process (``crisisbot reindex``) is found by the next run of whoever calls this (the bot after its own
        reindex or on its alert check)."""
        new = self.archive.follows.unchecked_articles()
        if not new:
            return []
        passages = self.archive.passage_ids_of(article_id for article_id, _ in new)
        per_chat: dict[int, list[tuple[float, Alert]]] = {}
        for follow in self.archive.follows.all():
            since = follow.since[:19]  # ingestion and follow times differ in their zone suffix ("Z", "+00:00")
            eligible = [pid for article_id, at in new if at[:19] >= since for pid in passages.get(article_id, [])]
            for hit in self.answerer.best_per_article(follow.topic, eligible):
                if hit.quote_calibrated >= ALERT_QUOTE_SCORE:
                    per_chat.setdefault(follow.chat_id, []).append(
                        (hit.quote_calibrated, Alert(follow.chat_id, follow.topic, hit, follow.lang))
                    )
        self.archive.follows.mark_checked(article_id for article_id, _ in new)
        alerts: list[Alert] = []
        for found in per_chat.values():
            found.sort(key=lambda item: item[0], reverse=True)
            seen: set[str] = set()
            for _, alert in found:
                if alert.hit.article.id not in seen and len(seen) < max_per_chat:
                    seen.add(alert.hit.article.id)
                    alerts.append(alert)
        return alerts

    def usage_stats(self) -> dict:
        return self.archive.usage.stats()

    def close(self) -> None:
        """Close this thread's database connection (other threads' close when they end)."""
        self.archive.close()
