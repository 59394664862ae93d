"""The flood guard in front of costly actions (commands, button presses): ACTION_RATE_LIMIT_PER_MINUTE per user."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.context import get_state, reply_language
from bot.i18n import text

logger = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


async def refuse_flood(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Count a costly action (a command, a button press) against its user's ACTION_RATE_LIMIT_PER_MINUTE.

    True when it is refused: a button press gets a short notice (no message in the chat), a
    message gets one reply the first time in a row and silence after that. Admins are not limited.
    """
    state = get_state(context)
    user_id = update.effective_user.id if update.effective_user else None
    if user_id is None or state.bot_settings.is_admin(user_id):
        return False
    wait_s = await state.action_limiter.hit(user_id)
    if not wait_s:
        return False
    notice = text(reply_language(update), "action_limited", seconds=max(1, round(wait_s)))
    if update.callback_query is not None:
        await update.callback_query.answer(notice)
        logger.info("Flood limit: a reader's button press refused")
    elif state.action_limiter.first_refusal(user_id):
        await update.effective_message.reply_text(notice)
        logger.info("Flood limit: a reader refused, told to wait %.0f s", wait_s)
    else:
        logger.info("Flood limit: a reader refused silently")
    return True


def limited(handler: Handler) -> Handler:
    """``handler`` behind :func:`refuse_flood`."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await refuse_flood(update, context):
            await handler(update, context)

    return guarded
