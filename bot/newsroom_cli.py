"""The command line of the newsroom in the loop (``index.cli`` calls these): ``crisisbot queue [--json]``,
``crisisbot answer ITEM (--text T | --url U | --quote | --dismiss KEY)``, ``crisisbot retract REF [--reason R]``,
and the newsroom's figures of ``crisisbot stats`` and the 👎 part of ``crisisbot unanswered``.

What the CLI plans (answers, notices) is stored per reader; the running bot sends it (``DELIVERY_EVERY_S``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

from bot import newsroom, newsroom_render
from bot.commands import opened
from bot.config import BotSettings
from bot.privacy import mask
from index.settings import Settings


@contextmanager
def _state(settings: Settings, engine) -> Iterator[SimpleNamespace]:
    """What ``bot.newsroom`` needs of the bot's state, over the conversation store, for one command."""
    with opened(settings) as conversations:
        yield SimpleNamespace(engine=engine, bot_settings=BotSettings(), desk=conversations.desk)


def queue(settings: Settings, *, as_json: bool) -> int:
    with opened(settings) as conversations:
        items = conversations.desk.items()
    if as_json:
        print(json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("No open question for the newsroom.")
        return 0
    for item in items:
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(item.languages.items()))
        last = datetime.fromtimestamp(item.last_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
        print(f"#{item.id:<5} {item.readers} reader(s) ({languages}), last {last}: {item.example}")
    return 0


def answer(settings: Settings, engine, item_id: int, **how) -> int:
    with _state(settings, engine) as state:
        try:
            count = newsroom.answer_item(state, item_id, **how)
        except (ValueError, LookupError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    print(f"question #{item_id} closed; the answer goes to {count} reader(s) (sent by the running bot)")
    return 0


def retract(settings: Settings, engine, reference: str, reason: str | None) -> int:
    with _state(settings, engine) as state:
        try:
            title, notices = newsroom.retract(state, reference, reason)
        except LookupError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    print(f"retracted “{title}”: never quoted again; {notices} reader(s) get a notice (sent by the running bot)")
    return 0


def newsroom_stats(settings: Settings) -> dict:
    with opened(settings) as conversations:
        return conversations.desk.stats()


def disliked(settings: Settings, engine, days: float) -> list[dict]:
    """Answers voted 👎 in the last ``days``, grouped like the unanswered questions (masked texts, no ids)."""
    with opened(settings) as conversations:
        entries = [{**e, "question": mask(e["question"])} for e in conversations.desk.disliked(days=days)]
    groups = engine.group_unanswered([entry["question"] for entry in entries]) if entries else []
    return newsroom_render.group_disliked(groups, entries)
