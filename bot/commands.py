"""The command line's conversation-store commands (``index.cli`` calls these): ``crisisbot forget --user ID``,
``crisisbot backup --conversations FILE``, and the usage figures of ``crisisbot stats`` / ``unanswered``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.config import BotSettings
from bot.conversations import Conversations, open_conversations, store_url
from bot.privacy import mask
from index.settings import Settings


@contextmanager
def opened(settings: Settings) -> Iterator[Conversations]:
    """The conversation store that DATABASE_URL (or DATA_DIR) names, closed again when the command is done."""
    conversations = open_conversations(store_url(BotSettings().database, settings.data_dir))
    try:
        yield conversations
    finally:
        conversations.close()


def forget(settings: Settings, user_id: int) -> int:
    """Delete one reader's data; prints what was deleted (never the id's other data)."""
    with opened(settings) as conversations:
        forgotten = conversations.store.forget_user(user_id)
        alerts = conversations.alerts.forget_chat(user_id)
    print(
        f"deleted {forgotten.questions} questions, {forgotten.votes} votes, {forgotten.follows} followed topics, "
        f"{forgotten.timelines} timelines and {alerts} alerts of that reader from {conversations.where}"
    )
    return 0


def backup(settings: Settings, target: Path) -> int:
    with opened(settings) as conversations:
        try:
            written = conversations.store.backup(target)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    print(f"backed up the conversation store (readers' data) to {written} ({written.stat().st_size / 1e6:.1f} MB)")
    return 0


def usage_stats(settings: Settings) -> dict:
    with opened(settings) as conversations:
        return conversations.store.stats()


def unanswered(settings: Settings, days: float) -> list[str]:
    """The questions of the last ``days`` that got "nothing found", masked (bot/privacy.py)."""
    with opened(settings) as conversations:
        return [mask(question) for question in conversations.store.unanswered(days=days)]
