"""Followed topics and the alerts they raise: new articles whose best sentence matches a topic.

The engine knows no chats: the caller (the bot, with its conversation store) hands over the topics with a key of
its own and the ingest sequence each was followed at, and the sequence up to which it has looked before. Articles
are ordered by the archive's ingest sequence (``articles.ingest_seq``), never by wall-clock time, so an article
ingested by a process whose clock is behind is still alerted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.answer.answerer import Answerer
from index.answer.answers import Hit
from index.store.archive import Archive
from index.store.vectors import SearchBackend

ALERT_QUOTE_SCORE = 0.90
"""A new article alerts a followed topic when the sentence that matches the topic best (``Hit.quote_calibrated``, on
one scale for German and English) reaches this. bench/alert_threshold.py on tests/data/alert-topics.json (21 topics
x 11 articles, docs/evaluation.md): at 0.90, 0.737 of the 19 matching topic-article pairs alert and none of the 204
others (the highest other: 0.878); 0.80 would alert 0.842 with 2 false alerts. The passage cosine separates worse:
0.632 of the matching pairs at its first threshold without false alerts (0.475)."""
MAX_FOLLOWS_PER_CHAT = 20
"""More topics per chat than anyone reads alerts for; it bounds the work of an alert run."""
MAX_TOPIC_CHARS = 200


@dataclass(frozen=True, slots=True)
class FollowedTopic:
    """A topic to match: ``key`` is the caller's (it comes back with each alert); only articles with an ingest
    sequence above ``since`` can alert it."""

    key: int
    topic: str
    since: int = 0


@dataclass(frozen=True, slots=True)
class Alert:
    """A new article that matches a followed topic, with the quote that matches it best."""

    key: int
    topic: str
    hit: Hit

    @property
    def score(self) -> float:
        return self.hit.quote_calibrated


@dataclass(frozen=True, slots=True)
class AlertRun:
    """The alerts of the articles numbered from ``after`` + 1 to ``upto`` (the next run starts above ``upto``)."""

    alerts: list[Alert]
    after: int
    upto: int


def clean_topic(topic: str) -> str:
    """The topic with its spacing normalised; ``ValueError`` when empty or longer than :data:`MAX_TOPIC_CHARS`."""
    topic = " ".join(topic.split())
    if not topic or len(topic) > MAX_TOPIC_CHARS:
        raise ValueError(f"a topic has 1 to {MAX_TOPIC_CHARS} characters")
    return topic


class Alerts:
    """Alert runs over the articles ingested since the last one."""

    def __init__(self, archive: Archive, answerer: Answerer, current: Callable[[], SearchBackend | None]) -> None:
        self.archive = archive
        self.answerer = answerer
        self._current = current
        """The live index: a run looks only at articles whose passages are in it."""

    def newest(self) -> int:
        """The archive's newest ingest sequence number (what a topic followed now is followed "since")."""
        return self.archive.newest_sequence()

    def run(self, topics: Sequence[FollowedTopic], *, after: int) -> AlertRun:
        """Every (topic, new article) pair whose best quote reaches :data:`ALERT_QUOTE_SCORE`, best first, for the
        live articles numbered above ``after``; ``upto`` is the highest number looked at."""
        new = self.archive.articles_after(after)
        passages = self.archive.passage_ids_of(article_id for article_id, _ in new)
        new = self._indexed_prefix(new, passages)
        upto = new[-1][1] if new else after
        if not new or not topics:
            return AlertRun([], after, upto)
        found: list[Alert] = []
        for topic in topics:
            eligible = [pid for article_id, seq in new if seq > topic.since for pid in passages.get(article_id, [])]
            if not eligible:
                continue
            for hit in self.answerer.best_per_article(topic.topic, eligible):
                if hit.quote_calibrated >= ALERT_QUOTE_SCORE:
                    found.append(Alert(topic.key, topic.topic, hit))
        found.sort(key=lambda alert: alert.score, reverse=True)
        return AlertRun(found, after, upto)

    def _indexed_prefix(self, new: list[tuple[str, int]], passages: dict[str, list[int]]) -> list[tuple[str, int]]:
        """The new articles up to the first one whose passages are not all in the live index yet: a run that
        comes while another process has written articles but not yet published their index leaves them (and
        everything after them) for the next run, instead of looking at them without their vectors."""
        index = self._current()
        indexed = set(index.ids().tolist()) if index is not None else set()
        prefix: list[tuple[str, int]] = []
        for article_id, seq in new:
            if not indexed.issuperset(passages.get(article_id, [])):
                break
            prefix.append((article_id, seq))
        return prefix
