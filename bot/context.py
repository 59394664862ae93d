"""What every handler asks of an update: the bot's state, the reply language, the kind of chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import pick_language
from bot.state import STATE_KEY, BotState
from index.text.language import detect_language


def get_state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data[STATE_KEY]


def user_language(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


SHORT_QUESTION_WORDS = 2
"""A question or topic of at most this many words ("Алеппо", "Hilfskonvoi", "Aleppo Waffenruhe") is answered in
the reader's Telegram language: a name or one word tells little about the reader's language (Алеппо is Russian and
Ukrainian alike, "Aleppo" German and English)."""


def is_short(question: str | None) -> bool:
    return bool(question) and len(question.split()) <= SHORT_QUESTION_WORDS


def reply_language(update: Update, question: str | None = None) -> str:
    """A language the bot speaks (``bot.i18n.SUPPORTED``): the question's own (detected) when the bot speaks it,
    else the user's Telegram client language, else English. A short question (``is_short``) is answered in the
    Telegram language first, its detected language only when the client gives none the bot speaks."""
    guessed = detect_language(question) if question else None
    if is_short(question):
        return pick_language(user_language(update), guessed)
    return pick_language(guessed, user_language(update))


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
