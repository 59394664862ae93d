"""Readers' privacy: /privacy (what is kept, how long), /forget (delete it now), and masking for admins' views.

What the conversation store keeps and for how long is in README's "Privacy" section; QUESTION_KEEP_DAYS deletes
old questions, answers and votes (their counts stay for /stats). No reader id is logged, and questions shown to
admins (/unanswered, ``crisisbot unanswered``) have phone numbers, e-mail addresses and @handles masked.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import ContextTypes

from bot.context import get_state, reply_language
from bot.i18n import text

logger = logging.getLogger(__name__)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANDLE = re.compile(r"(?<![\w@])@\w{3,}")
PHONE = re.compile(r"(?<![\w+])\+?\d(?:[\s./()-]*\d){6,}(?!\w)")
"""Seven or more digits, spaces, dots, dashes, slashes and brackets between them allowed (+49 30 1234567,
0171-2345678, (030) 123 45 67). Dates ("09.10.2016": 8 digits) are masked too: a question's meaning survives it."""
MASKS = ((EMAIL, "[e-mail]"), (HANDLE, "[@]"), (PHONE, "[phone]"))


def mask(question: str) -> str:
    """``question`` with e-mail addresses, @handles and phone numbers replaced by placeholders."""
    for pattern, placeholder in MASKS:
        question = pattern.sub(placeholder, question)
    return question


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy: what the bot keeps about this reader, for how long, and how to delete it."""
    state = get_state(context)
    days = round(state.bot_settings.question_keep_days)
    await update.effective_message.reply_text(text(reply_language(update), "privacy", days=days))


async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: delete this reader's questions, votes, follows of their private chat and timelines, and confirm."""
    state = get_state(context)
    lang = reply_language(update)
    user = update.effective_user
    if user is None:
        return
    forgotten = await state.db(lambda: forget_reader(state, user.id), None)
    if forgotten is None:
        await update.effective_message.reply_text(text(lang, "forget_unavailable"))
        return
    logger.info("A reader had their data deleted (/forget)")
    await update.effective_message.reply_text(
        text(lang, "forget_done", questions=forgotten.questions, votes=forgotten.votes, follows=forgotten.follows)
    )


def forget_reader(state, user_id: int):
    """Everything the store holds of ``user_id``, deleted (also their private chat's pending alerts)."""
    forgotten = state.store.forget_user(user_id)
    state.conversations.alerts.forget_chat(user_id)
    return forgotten
