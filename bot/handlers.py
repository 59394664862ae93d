"""Telegram handlers: questions, buttons, commands, admin commands and the error handler.

Every blocking engine call runs in a worker thread (``asyncio.to_thread``) so the
event loop keeps serving other chats, also while a reindex runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from html import escape

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import buttons, edits, newsroom, newsroom_render, render
from bot.context import get_state, is_private, is_short, reply_language
from bot.conversations import Feedback
from bot.flood import refuse_flood
from bot.i18n import EXAMPLES, UPLOAD_TYPES, Html, bullet_list, pick_language, text
from bot.state import BotState
from index.answer.answers import Answer, FollowUp

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
MAX_OUTLETS_SHOWN = 40


def _date_range(lang: str, date_min: str | None, date_max: str | None) -> str:
    if not date_min and not date_max:
        return text(lang, "date_unknown")
    return text(lang, "date_range", date_min=date_min or "?", date_max=date_max or "?")


def _examples(lang: str) -> Html:
    return bullet_list(EXAMPLES[lang])


# --- allow-list ------------------------------------------------------------------------------------------


async def check_allowed_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler: with ALLOWED_CHAT_IDS set, other chats are ignored."""
    state = get_state(context)
    chat_id = update.effective_chat.id if update.effective_chat else None
    user_id = update.effective_user.id if update.effective_user else None
    if not state.bot_settings.is_chat_allowed(chat_id, user_id):
        logger.info("Ignoring update %s from a chat not in ALLOWED_CHAT_IDS", update.update_id)
        raise ApplicationHandlerStop


# --- questions -------------------------------------------------------------------------------------------


def addressed_question(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question in ``message``, or None when a group message is not meant for the bot.

    Private chats: the whole text. Groups: only when the bot is mentioned (the mention is
    removed from the question) or the message replies to one of the bot's messages.
    """
    message_text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return message_text.strip()
    mention = f"@{bot_username}".lower()
    mentions = [
        entity for entity, value in message.parse_entities([MessageEntity.MENTION]).items() if value.lower() == mention
    ]
    replied = message.reply_to_message
    replying_to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    if not mentions and not replying_to_bot:
        return None
    question = message_text
    for entity in sorted(mentions, key=lambda item: item.offset, reverse=True):
        value = message.parse_entity(entity)
        start = question.find(value) if value else -1
        if start >= 0:
            question = question[:start] + question[start + len(value) :]
    return " ".join(question.split())


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text messages: questions in private chats; in groups when the bot is mentioned or replied to."""
    message = update.effective_message
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    await answer_question(update, context, question)


async def on_edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited question is answered again: the earlier answer is edited in place while it is recent
    (``bot.edits.EDIT_IN_PLACE_S``), else the new answer comes as a new reply. The rate limit applies as to any
    question."""
    message = update.effective_message
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    earlier = edits.answered_messages(context.bot_data).recent_answer(message.chat.id, message.message_id)
    await answer_question(update, context, question, replace=earlier)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question> — works everywhere, the way to ask in groups."""
    await answer_question(update, context, " ".join(context.args or []))


async def answer_question(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, *, replace: int | None = None
) -> None:
    """Answer ``question``; ``replace``: the bot's earlier answer to edit instead of replying anew (an edited
    question)."""
    state = get_state(context)
    message = update.effective_message
    user_id = update.effective_user.id if update.effective_user else message.chat.id
    question = question.strip()
    lang = reply_language(update, question)
    wait_s = await state.rate_limiter.hit(user_id)  # every reply counts, also "too long" and the usage hint
    if wait_s:
        logger.info("Rate limit: a reader must wait %.0f s", wait_s)
        if state.rate_limiter.first_refusal(user_id):
            await message.reply_text(text(lang, "rate_limited", seconds=max(1, round(wait_s))))
        return
    if not question:
        await message.reply_text(text(lang, "ask_usage", example=EXAMPLES[lang][0]))
        return
    if len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(text(lang, "too_long", length=len(question), limit=MAX_QUESTION_CHARS))
        return

    typing = asyncio.create_task(_show_typing(context, message.chat.id))  # runs while the engine works
    after = await _follow_up(state, message, context.bot.id)
    answer: Answer = await asyncio.to_thread(
        state.engine.ask, question, max_sources=state.settings.max_sources, after=after
    )
    await typing
    if not is_short(question):  # a short question keeps the reader's Telegram language (bot/context.py)
        lang = pick_language(answer.lang, lang)
    qid = await _record_question(state, answer, lang, message.chat.id, user_id)
    markup = None
    if not answer.answered or answer.best is None:
        reply = render.render_no_answer(lang, answer)
        if qid is not None and newsroom.enabled(state):
            markup = newsroom_render.with_ask_row(None, qid, lang)
    else:
        reply = render.render_answer(answer, lang)
        if qid is not None:
            markup = buttons.answer_keyboard(qid, answer, lang)
            if newsroom.enabled(state) and newsroom.low_confidence(answer):  # rendered under the hedge
                markup = newsroom_render.with_ask_row(markup, qid, lang)
        best = answer.best
        await state.db(lambda: state.desk.log_quote(message.chat.id, best.article.id, best.quote, lang), None)
    sent_id = await _send_or_replace(context, message, reply, markup, replace)
    edits.answered_messages(context.bot_data).put(message.chat.id, message.message_id, sent_id)
    if qid is not None:
        await _mark_reply(state, qid, sent_id)


async def _send_or_replace(
    context: ContextTypes.DEFAULT_TYPE, message: Message, reply: str, markup, replace: int | None
) -> int:
    """The id of the answer: sent as a reply to ``message``, or as an edit of the bot's message ``replace``."""
    if replace is not None:
        try:
            await context.bot.edit_message_text(reply, chat_id=message.chat.id, message_id=replace, reply_markup=markup)
            return replace
        except BadRequest as error:
            if "not modified" in str(error).lower():  # the edit did not change the answer
                return replace
            logger.info("Could not edit answer %s in place (%s); replying anew", replace, error)  # e.g. deleted
    sent = await message.reply_text(reply, reply_markup=markup)
    return sent.message_id


async def _follow_up(state: BotState, message: Message, bot_id: int) -> FollowUp | None:
    """The earlier exchange when ``message`` replies to one of the bot's answers (looked up in the conversation
    store, so it works on every instance and after a restart too). Only replies count: a question sent minutes after
    an answer without replying is not treated as a follow-up, because that hurt standalone questions
    (bench/followups.py, docs/evaluation.md)."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return None
    found = await state.db(lambda: state.store.follow_up(message.chat.id, replied.message_id), None)
    return FollowUp(found[0], found[1]) if found else None


async def _mark_reply(state: BotState, qid: int, message_id: int) -> None:
    # Store down: the reply stays; only a later follow-up to it loses its context.
    await state.db(lambda: state.store.set_reply_message(qid, message_id), None)


async def _show_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as error:  # only a courtesy: the answer matters more
        logger.warning("sendChatAction failed: %s", error)


def question_row(answer: Answer, lang: str, chat_id: int, user_id: int | None) -> dict:
    """The question, its answer and what each of its buttons will show (rendered now, in ``lang``), for the store."""
    best = answer.best if answer.answered else None
    return {
        "chat_id": chat_id,
        "user_id": user_id,
        "question": answer.question,
        "lang": lang,
        "answered": int(bool(answer.answered and best is not None)),
        "article_id": best.article.id if best else None,
        "quote": best.quote if best else None,
        "score": answer.best.similarity if answer.best else None,
        "took_ms": answer.took_ms,
        "more_html": render.render_more_sources(answer, lang) if best and answer.sources else None,
        "passage_html": render.render_full_passage(best, lang) if best else None,
    }


async def _record_question(state: BotState, answer: Answer, lang: str, chat_id: int, user_id: int) -> int | None:
    """The stored question's id; None (and no buttons) when the store is down."""
    row = question_row(answer, lang, chat_id, user_id)
    return await state.db(lambda: state.store.record_question(row), None)


# --- buttons ---------------------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """More sources, full passage and 👍/👎 under an answer — only in the chat the answer was given in.

    The replies are the ones stored with the answer (any instance, any restart). A press for a question of
    another chat (or none) gets the same notice as a forgotten one, in the presser's language: it tells nothing
    about that question. A button that posts a message posts it
    once per chat and answer within ``bot.limits.REPOST_WINDOW_S``; a repeated press gets a notice.
    """
    state = get_state(context)
    query = update.callback_query
    if newsroom_render.owns(query.data):
        await newsroom.on_button(update, context)
        return
    action = buttons.decode(query.data)
    chat_id = query.message.chat.id if query.message is not None else None
    if action is not None and action.kind == buttons.TIMELINE_PAGE:
        await _timeline_page(context, query, action, chat_id)
        return
    stored = await state.db(lambda: state.store.answer(action.qid, chat_id), None) if action else None
    lang = pick_language(stored.lang) if stored else pick_language(query.from_user.language_code)
    if action is None or chat_id is None:
        await query.answer(text(lang, "stale"))
        return

    if action.kind == buttons.FEEDBACK:
        await _record_feedback(state, query, action, chat_id, lang)
        return
    if stored is None:
        logger.info("Button %r: no such answer of this chat in the store", query.data)
        await query.answer(text(lang, "stale"))
        return
    if not state.posted.first((chat_id, action.qid, action.kind)):
        await query.answer(text(lang, "already_posted"))
        return
    reply = stored.more_html if action.kind == buttons.MORE_SOURCES else stored.passage_html
    if not reply:
        await query.answer(text(lang, "stale"))
        return
    await query.answer()
    if query.message.is_accessible:
        await query.message.reply_text(reply, do_quote=True)
    else:
        await context.bot.send_message(chat_id, reply)


async def _record_feedback(state: BotState, query, action: buttons.Action, chat_id: int, lang: str) -> None:
    user_id = query.from_user.id
    outcome = await state.db(
        lambda: state.store.record_feedback(action.qid, value=action.value, user_id=user_id, chat_id=chat_id), None
    )
    if outcome is None or outcome == Feedback.UNKNOWN:
        logger.info("Feedback on question %s, which is not of this chat (or the store is down)", action.qid)
        await query.answer(text(lang, "stale"))
        return
    if outcome != Feedback.RECORDED:
        await query.answer(text(lang, "feedback_again"))
        return
    logger.info("Feedback %+d on question %s", action.value, action.qid)
    await query.answer(text(lang, "feedback_thanks"))
    if action.value < 0 and newsroom.enabled(state):  # a 👎: the newsroom may answer better
        markup = newsroom_render.with_ask_row(None, action.qid, lang)
        await query.get_bot().send_message(chat_id, text(lang, "vote_down_offer"), reply_markup=markup)


# --- other messages --------------------------------------------------------------------------------------


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files …: a short hint in private chats or when replying to the bot."""
    message = update.effective_message
    replied = message.reply_to_message
    replying_to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if (is_private(update) or replying_to_bot) and not await refuse_flood(update, context):
        await message.reply_text(text(reply_language(update, message.caption), "not_text"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Commands the bot does not know; in groups only those addressed to this bot (/cmd@thisbot)."""
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0]
    if not is_private(update) and not command.lower().endswith(f"@{context.bot.username}".lower()):
        return
    if await refuse_flood(update, context):
        return
    await message.reply_text(text(reply_language(update), "unknown_command"))


# --- commands --------------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = reply_language(update)
    name = update.effective_user.first_name if update.effective_user else ""
    await update.effective_message.reply_text(text(lang, "start", name=name, examples=_examples(lang)))


async def archive_stats(state: BotState):
    """The archive's figures, computed once per index (``BotState.archive_cache``)."""
    return await asyncio.to_thread(state.archive_cache.get, "stats", state.engine.stats)


ADMIN_COMMANDS = ("reindex", "add", "remove", "sources", "stats", "unanswered")
"""What /help lists for admins (one line each, from ``cmd_<name>`` in bot/i18n.py) and their command menu adds."""


def admin_help(lang: str) -> str:
    """The admin part of /help: each admin command with one line, and how to send a file."""
    lines = "\n".join(f"/{name} – {escape(text(lang, f'cmd_{name}'))}" for name in ADMIN_COMMANDS)
    return text(lang, "help_admin", commands=Html(lines), types=UPLOAD_TYPES)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask, archive size and time span, examples; for admins also the admin commands."""
    lang = reply_language(update)
    state = get_state(context)
    stats = await archive_stats(state)
    user_id = update.effective_user.id if update.effective_user else None
    extra = admin_help(lang) if state.bot_settings.is_admin(user_id) else ""
    if not stats.articles:
        await update.effective_message.reply_text(text(lang, "help_empty") + extra)
        return
    await update.effective_message.reply_text(
        text(
            lang,
            "help",
            bot=context.bot.username,
            articles=stats.articles,
            passages=stats.passages,
            date_range=Html(_date_range(lang, stats.date_min, stats.date_max)),
            examples=_examples(lang),
        )
        + extra
    )


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the outlets and the time span of the archive; for admins also the files sent to the bot."""
    lang = reply_language(update)
    state = get_state(context)
    stats = await archive_stats(state)
    if not stats.articles:
        await update.effective_message.reply_text(text(lang, "sources_none"))
        return
    outlets = sorted(stats.outlets, key=str.casefold)
    shown = outlets[:MAX_OUTLETS_SHOWN] + (["…"] if len(outlets) > MAX_OUTLETS_SHOWN else [])
    reply = text(
        lang,
        "sources",
        count=len(outlets),
        outlets=bullet_list(shown),
        date_range=Html(_date_range(lang, stats.date_min, stats.date_max)),
    )
    user_id = update.effective_user.id if update.effective_user else None
    if state.bot_settings.is_admin(user_id):  # the files sent to the bot, by the names they were sent with
        uploads = await asyncio.to_thread(state.engine.upload_overview)
        if uploads:
            files = [f"{name} ({count})" for name, count in uploads][:MAX_OUTLETS_SHOWN]
            reply += text(lang, "sources_uploads", count=len(uploads), files=bullet_list(files))
    await update.effective_message.reply_text(reply)


async def timeline_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timeline <topic>: the articles on it in date order, one quote each, with *Next* for further pages."""
    state = get_state(context)
    message = update.effective_message
    topic = " ".join(context.args or []).strip()
    lang = reply_language(update, topic or None)
    if not topic:
        await message.reply_text(text(lang, "timeline_usage"))
        return
    if len(topic) > MAX_QUESTION_CHARS:
        await message.reply_text(text(lang, "too_long", length=len(topic), limit=MAX_QUESTION_CHARS))
        return
    typing = asyncio.create_task(_show_typing(context, message.chat.id))
    timeline = await asyncio.to_thread(state.engine.timeline, topic)
    await typing
    if not timeline.hits and not timeline.out_of_range:
        await message.reply_text(text(lang, "timeline_none"))
        return
    pages = timeline_pages(timeline, lang)
    user_id = update.effective_user.id if update.effective_user else None
    key = await state.db(
        lambda: state.store.put_timeline(
            pages, len(timeline.hits), lang=lang, chat_id=message.chat.id, user_id=user_id
        ),
        None,
    )
    _, reply, next_entry = pages[0]
    markup = buttons.timeline_keyboard(key, next_entry, len(timeline.hits), lang) if key is not None else None
    await message.reply_text(reply, reply_markup=markup)


def timeline_pages(timeline, lang: str) -> list[tuple[int, str, int]]:
    """Every page of a timeline, rendered: ``(first entry, html, next entry)``, for the store."""
    pages: list[tuple[int, str, int]] = []
    start = 0
    while True:
        reply, next_entry = render.render_timeline(timeline, lang, page=start)
        pages.append((start, reply, next_entry))
        if next_entry <= start or next_entry >= len(timeline.hits):
            return pages
        start = next_entry


async def _timeline_page(
    context: ContextTypes.DEFAULT_TYPE, query, action: buttons.Action, chat_id: int | None
) -> None:
    """*Next* under a timeline: the next page as a new message, with its own *Next*."""
    state = get_state(context)
    page = await state.db(lambda: state.store.timeline_page(action.qid, chat_id, action.value), None)
    if page is None or chat_id is None:
        await query.answer(text(pick_language(query.from_user.language_code), "stale"))
        return
    if not state.posted.first((chat_id, -action.qid, f"{buttons.TIMELINE_PAGE}{action.value}")):
        await query.answer(text(page.lang, "already_posted"))
        return
    await query.answer()
    markup = buttons.timeline_keyboard(action.qid, page.next_entry, page.total, page.lang)
    await context.bot.send_message(chat_id, page.html, reply_markup=markup)


# --- errors ----------------------------------------------------------------------------------------------


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (never the token: the log filter redacts it) and apologise to the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    message_text = update.effective_message.text if update.effective_message else None
    if update.callback_query:
        with contextlib.suppress(TelegramError):  # it may have been answered before the failure
            await update.callback_query.answer()
    try:
        await context.bot.send_message(update.effective_chat.id, text(reply_language(update, message_text), "error"))
    except TelegramError as error:
        logger.warning("Could not send the apology: %s", error)
