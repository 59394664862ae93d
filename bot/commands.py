"""The command line's conversation-store commands (``index.cli`` calls these): ``crisisbot forget --user ID``,
``crisisbot backup --conversations FILE``, and the usage figures of ``crisisbot stats`` / ``unanswered``."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import BotSettings
from bot.conversations import Conversations, open_conversations, store_url
from bot.privacy import mask
from index.settings import Settings


def open_for(settings: Settings) -> Conversations:
    return open_conversations(store_url(BotSettings().database, settings.data_dir))


def forget(settings: Settings, user_id: int) -> int:
    """Delete one reader's data; prints what was deleted (never the id's other data)."""
    conversations = open_for(settings)
    try:
        forgotten = conversations.store.forget_user(user_id)
        alerts = conversations.alerts.forget_chat(user_id)
    finally:
        conversations.close()
    print(
        f"deleted {forgotten.questions} questions, {forgotten.votes} votes, {forgotten.follows} followed topics, "
        f"{forgotten.timelines} timelines and {alerts} alerts of that reader from {conversations.where}"
    )
    return 0


def backup(settings: Settings, target: Path) -> int:
    conversations = open_for(settings)
    try:
        written = conversations.store.backup(target)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        conversations.close()
    print(f"backed up the conversation store (readers' data) to {written} ({written.stat().st_size / 1e6:.1f} MB)")
    return 0


def usage_stats(settings: Settings) -> dict:
    conversations = open_for(settings)
    try:
        return conversations.store.stats()
    finally:
        conversations.close()


def unanswered(settings: Settings, days: float) -> list[str]:
    """The questions of the last ``days`` that got "nothing found", masked (bot/privacy.py)."""
    conversations = open_for(settings)
    try:
        return [mask(question) for question in conversations.store.unanswered(days=days)]
    finally:
        conversations.close()
