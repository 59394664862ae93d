"""The engine's part of the newsroom in the loop (issue 22): the newsroom's own answers as articles, quotes by
article, and withdrawn articles. Used through :class:`index.engine.Engine` (``engine.newsroom``); no Telegram id
crosses it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from index.answer.answers import ArticleRef, Hit
from index.store.archive import article_id_for
from index.store.withdrawn import Withdrawals

if TYPE_CHECKING:
    from index.engine import Engine

MAX_NEWSROOM_TEXT_CHARS = 3000
"""An editor's answer is one message: Telegram's 4096 less room for the heading and the source line."""
TITLE_CHARS = 80


class Newsroom:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.withdrawals = Withdrawals(engine.archive)

    def add_answer(self, text: str, *, outlet: str, title: str | None = None, now: datetime | None = None) -> str:
        """Store an editor's ``text`` as an article of ``outlet`` dated now, titled ``title`` (the question it
        answers), and index it at once; its article id. ``ValueError`` for an empty or over-long text (nothing
        stored). The title must not be the text's beginning: a text that repeats its headline loses that sentence
        to the headline rule (index/text/quotable.py), so such a title becomes the outlet and date."""
        text = text.strip()
        if not text or len(text) > MAX_NEWSROOM_TEXT_CHARS:
            raise ValueError(f"an answer has 1 to {MAX_NEWSROOM_TEXT_CHARS} characters")
        now = now or datetime.now(UTC)
        title = " ".join((title or "").split())[:TITLE_CHARS]
        if not title or " ".join(text.split()).startswith(title):
            title = f"{outlet}, {now.date().isoformat()}"
        record = {"title": title, "date": now.date().isoformat(), "source": outlet, "text": text}
        name = f"newsroom-{now.strftime('%Y%m%dT%H%M%S%f')}.jsonl"
        stored = self.engine.store_upload((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"), name)
        self.engine.add_source(stored.location)
        return self.find(text, outlet=outlet, title=title)

    def find(self, text: str, *, outlet: str, title: str) -> str:
        article_id = article_id_for(text)
        if self.engine.archive.article(article_id) is not None:
            return article_id
        row = self.engine.archive.db.execute(
            "SELECT id FROM articles WHERE source = ? AND title = ? ORDER BY ingest_seq DESC LIMIT 1", [outlet, title]
        ).fetchone()
        if row is None:
            raise LookupError("the newsroom's answer was not indexed")
        return row[0]

    def article_by_url(self, url: str) -> str | None:
        row = self.engine.archive.db.execute(
            "SELECT id FROM articles WHERE url = ? ORDER BY ingest_seq DESC LIMIT 1", [url]
        ).fetchone()
        return row[0] if row else None

    def quote_hit(self, article_id: str, quote: str | None = None) -> Hit | None:
        """A hit quoting ``quote`` verbatim from ``article_id`` (the whole text when None, for a newsroom answer);
        None when the article is gone, withdrawn or does not hold the quote."""
        if article_id in self.withdrawals.ids():
            return None
        found = self.engine.archive.article_refs([article_id]).get(article_id)
        if found is None:
            return None
        ref, text = found
        quote = text if quote is None else quote
        start = text.find(quote)
        if start < 0 or not quote:
            return None
        hit = Hit(ref, -1, 0, len(text), text, quote, start, start + len(quote), 1.0, 1.0, 1.0)
        return self.engine._named(hit)

    def resolve(self, reference: str) -> ArticleRef | None:
        """The article a ``/retract`` names: its id, or the URL it was read from."""
        reference = reference.strip()
        article_id = reference if self.engine.archive.article(reference) is not None else self.article_by_url(reference)
        if article_id is None:
            return None
        found = self.engine.archive.article_refs([article_id]).get(article_id)
        return replace(found[0]) if found else None

    def retract(self, article_id: str, reason: str | None) -> bool:
        """Withdraw an article: never quoted again (answers, sources, alerts, timelines); False when it was."""
        return self.withdrawals.add(article_id, reason)

    def withdrawn(self) -> dict[str, dict]:
        return self.withdrawals.all()
