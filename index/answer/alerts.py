"""Followed topics and the alerts they raise: new articles whose best sentence matches a topic a chat follows."""

from __future__ import annotations

from dataclasses import dataclass

from index.answer.answerer import Answerer
from index.answer.answers import Hit
from index.store.archive import Archive

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
class Alert:
    """A new article that matches a topic a chat follows, with the quote that matches it best."""

    chat_id: int
    topic: str
    hit: Hit
    lang: str | None = None
    """The language the topic was followed in."""


class Alerts:
    """The topics chats follow (``archive.follows``) and the alert runs over the articles added since the last."""

    def __init__(self, archive: Archive, answerer: Answerer) -> None:
        self.archive = archive
        self.answerer = answerer

    def follow(self, chat_id: int, topic: str, *, lang: str | None = None) -> bool:
        """Follow ``topic`` in ``chat_id``. False when the chat follows it already; ``ValueError`` for an empty or
        too long topic or too many topics."""
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

    def run(self, *, max_per_chat: int) -> list[Alert]:
        """The articles added since the last run that match a followed topic, at most ``max_per_chat`` per chat
        (the best first); every new article is then marked as looked at, so nothing is alerted twice.

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
