"""The conversation store's upkeep: opened (and migrated) at start, old archives' readers' data moved into it,
and QUESTION_KEEP_DAYS applied at start and once a day."""

from __future__ import annotations

import logging

from telegram.ext import ContextTypes

from bot.config import BotSettings
from bot.conversations import Conversations, open_conversations, store_url
from bot.conversations.legacy import import_archive
from bot.state import STATE_KEY, BotState
from index.settings import Settings

logger = logging.getLogger(__name__)

RETENTION_EVERY_S = 24 * 3600.0
SECONDS_PER_DAY = 86_400.0


def open_store(settings: Settings, bot_settings: BotSettings, engine=None) -> Conversations:
    """The conversation store of these settings, migrated; with ``engine``, the readers' tables its archive still
    holds are moved into the store first (bot/conversations/legacy.py)."""
    conversations = open_conversations(store_url(bot_settings.database, settings.data_dir))
    logger.info("Conversation store: %s", conversations.where)
    if engine is not None:
        move_legacy(engine, conversations)
    return conversations


def move_legacy(engine, conversations: Conversations) -> None:
    rows = engine.legacy_conversations()
    if rows is None:
        return
    import_archive(conversations.engine, rows)  # committed (or recorded before) ...
    engine.drop_legacy_conversations()  # ... before the archive's copy is dropped


def apply_retention(state: BotState) -> int:
    """Delete what is older than QUESTION_KEEP_DAYS (counts kept), old deliveries and stale rate-limit hits."""
    keep_days = state.bot_settings.question_keep_days
    deleted = state.store.purge(keep_days=keep_days)
    state.conversations.alerts.purge_sent(before=state.store._clock() - keep_days * SECONDS_PER_DAY)
    state.store.prune_rate_hits()
    state.desk.expire(state.bot_settings.queue_keep_days)  # offered questions' chat ids (issue 22)
    state.desk.forget_old_quotes(min(keep_days, state.bot_settings.retraction_notice_days))  # only notices need it
    if deleted:
        logger.info("Retention: %s questions older than %s days deleted (counts kept)", deleted, keep_days)
    return deleted


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    state: BotState = context.bot_data[STATE_KEY]
    await state.db(lambda: apply_retention(state), 0)
