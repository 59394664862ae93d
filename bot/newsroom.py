"""The newsroom in the loop (issue 22): readers offer a question to the editors, editors answer it by replying in
the editors' chat (EDITOR_CHAT_ID), every reader who asked gets the answer quoted with its source; /retract.

- A reader's "Ask the newsroom" press forwards the question text only (masked: bot/privacy.py); similar questions
  in any language join one open item (the grouping of /unanswered: cosine 0.60, index/answer/unanswered.py).
- The editors' chat gets one message per item, edited in place as readers join, at most every
  :data:`ITEM_EDIT_INTERVAL_S` per item (Telegram refuses faster edits of one message; PTB's rate limiter keeps
  the chat's overall limits).
- Only editors act: ADMIN_IDS, or administrators of the editors' chat (getChatAdministrators, cached
  :data:`EDITORS_CACHE_S`). Anyone else is told once. A press is honoured only on the item's own message in the
  editors' chat and only while the item is open: forged or replayed data is refused.
- Deliveries are persisted per reader (bot/conversations/desk.py) and sent by :func:`deliver`, also at start (a
  restart resumes what a killed process left); a reader who blocked the bot (403) does not stop the rest.
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot import newsroom_render as show
from bot.context import get_state, reply_language
from bot.conversations.desk import ANSWERED, DISMISSED, FAILED, SENDING, SENT
from bot.i18n import pick_language, text
from bot.privacy import mask
from bot.state import STATE_KEY, BotState
from index.answer.answers import Answer
from index.failpoints import crash_point
from index.newsroom import MAX_NEWSROOM_TEXT_CHARS
from index.text.locations import is_url

CANNED_KEYS = ("not_covered", "checking")
"""The built-in canned replies for a dismissed item (catalog messages ``canned_<key>``); NEWSROOM_REPLIES adds or
overrides."""

logger = logging.getLogger(__name__)

ITEM_EDIT_INTERVAL_S = 3.0
"""One item's message is edited at most this often (Telegram: about one edit per second per message, 20 messages
a minute per group)."""
EDITORS_CACHE_S = 60.0
NEWSROOM_LEASE = "newsroom"
DELIVERY_EVERY_S = 30.0
"""Due deliveries (left by a killed process or a transient error) are sent again this often, and at start."""
TOLD_KEY, EDITORS_KEY, EDITS_KEY, LOCK_KEY = "newsroom_told", "newsroom_editors", "newsroom_edits", "newsroom_lock"


def enabled(state: BotState) -> bool:
    return state.bot_settings.editor_chat_id is not None


def low_confidence(answer: Answer) -> bool:
    """An answer shown under issue 30's hedge ("this may not answer your question", the calibrated ``hedge``
    outcome of index/answer/outcomes.py) also offers "Ask the newsroom"."""
    return bool(getattr(answer, "hedged", False))


def replies(state: BotState, lang: str = "en") -> dict[str, str]:
    """The canned dismissal replies by key: the built-in ones (in ``lang``) and NEWSROOM_REPLIES."""
    built_in = {key: text(lang, f"canned_{key}") for key in CANNED_KEYS}
    return {**built_in, **state.bot_settings.newsroom_replies}


# --- readers ------------------------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every newsroom button: a reader's offer or withdrawal, an editor's accept or dismiss."""
    state = get_state(context)
    query = update.callback_query
    parsed = show.parse(query.data or "")
    chat_id = query.message.chat.id if query.message is not None else None
    lang = pick_language(query.from_user.language_code)
    if parsed is None or chat_id is None or not enabled(state):
        await query.answer(text(lang, "stale"))
        return
    kind, number, key = parsed
    if kind in (show.ACCEPT, show.DISMISS):
        await _editor_button(update, context, kind, number, key)
        return
    if kind == show.ASK:
        await _offer(context, query, number, chat_id)
    else:
        item_id = await state.db(lambda: state.desk.withdraw(number, chat_id), None)
        if item_id is None:
            await query.answer(text(lang, "stale"))
            return
        await query.answer()
        await query.edit_message_text(text(lang, "offer_withdrawn"))
        await refresh_item(context, item_id)


async def _offer(context: ContextTypes.DEFAULT_TYPE, query, question_id: int, chat_id: int) -> None:
    state = get_state(context)
    asked = await state.db(lambda: state.desk.question(question_id, chat_id), None)
    lang = pick_language(asked["lang"] if asked else None, query.from_user.language_code)
    if asked is None:
        await query.answer(text(lang, "stale"))
        return
    masked = mask(asked["question"])
    items = await state.db(state.desk.items, [])
    target = await asyncio.to_thread(_join_target, state, items, masked)
    candidate = (asked["article_id"], asked["quote"]) if asked["article_id"] and asked["quote"] else None
    offer = await state.db(
        lambda: state.desk.offer(
            question_id=question_id, question=masked, lang=lang, chat_id=chat_id, join=target, candidate=candidate
        ),
        None,
    )
    if offer is None:
        await query.answer(text(lang, "offer_unavailable"))
        return
    await query.answer()
    await context.bot.send_message(
        chat_id, text(lang, "offered"), reply_markup=show.withdraw_keyboard(offer.entry_id, lang)
    )
    logger.info(
        "A question was offered to the newsroom (item %s, %s)", offer.item_id, "joined" if offer.joined else "new"
    )
    await refresh_item(context, offer.item_id)


def _join_target(state: BotState, items, question: str) -> int | None:
    """The open item ``question`` joins: grouped with its example by /unanswered's grouping; None: a new item."""
    if not items:
        return None
    examples = [item.example for item in items]
    for group in state.engine.group_unanswered([*examples, question]):
        if question in group.questions:
            for member in group.questions:
                if member in examples:
                    return items[examples.index(member)].id
    return None


# --- the editors' chat ---------------------------------------------------------------------------------------


async def is_editor(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    state = get_state(context)
    if user_id is None:
        return False
    if state.bot_settings.is_admin(user_id):
        return True
    cached = context.bot_data.get(EDITORS_KEY)
    if cached is None or time.monotonic() - cached[0] > EDITORS_CACHE_S:
        try:
            admins = await context.bot.get_chat_administrators(state.bot_settings.editor_chat_id)
            cached = (time.monotonic(), frozenset(member.user.id for member in admins))
        except TelegramError as error:
            logger.warning("getChatAdministrators of the editors' chat failed: %s", error)
            cached = (time.monotonic(), cached[1] if cached else frozenset())
        context.bot_data[EDITORS_KEY] = cached
    return user_id in cached[1]


async def _refuse_non_editor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True (and, once per user, a notice) when the sender may not act for the newsroom."""
    user = update.effective_user
    if await is_editor(context, user.id if user else None):
        return False
    told: set = context.bot_data.setdefault(TOLD_KEY, set())
    logger.info("A newsroom action by someone who is not an editor was ignored")
    if user is not None and user.id not in told:
        told.add(user.id)
        if update.callback_query is not None:
            await update.callback_query.answer("Only the newsroom's editors can answer questions here.")
        else:
            await update.effective_message.reply_text("Only the newsroom's editors can answer questions here.")
    elif update.callback_query is not None:
        await update.callback_query.answer()
    return True


async def on_editor_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to an item's message in the editors' chat: a link (read as a source) or a text (the newsroom's
    article). Anything else in that chat goes on to the other handlers."""
    state = get_state(context)
    message = update.effective_message
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    item = await state.db(lambda: state.desk.item_by_message(replied.message_id), None)
    if item is None:
        return
    if await _refuse_non_editor(update, context):
        raise ApplicationHandlerStop
    reply = (message.text or "").strip()
    if len(reply) > MAX_NEWSROOM_TEXT_CHARS:
        await message.reply_text(
            f"Too long: {len(reply)} characters, at most {MAX_NEWSROOM_TEXT_CHARS}. Nothing was stored or sent."
        )
        raise ApplicationHandlerStop
    if item.status != "open":
        await message.reply_text(f"Question #{item.id} is closed already; nothing was sent.")
        raise ApplicationHandlerStop
    try:
        count = await asyncio.to_thread(answer_item, state, item.id, text_answer=None if is_url(reply) else reply,
                                        url=reply if is_url(reply) else None)  # fmt: skip
    except (ValueError, LookupError) as error:
        await message.reply_text(f"Not sent: {error}")
        raise ApplicationHandlerStop from None
    await message.reply_text(f"Question #{item.id}: the answer goes to {count} reader(s).")
    await refresh_item(context, item.id, now=True)
    await deliver(context.application)
    raise ApplicationHandlerStop


async def _editor_button(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str, item_id: int, key) -> None:
    state = get_state(context)
    query = update.callback_query
    item = await state.db(lambda: state.desk.item(item_id), None)
    in_place = (
        item is not None
        and query.message.chat.id == state.bot_settings.editor_chat_id
        and query.message.message_id == item.editor_message_id
    )
    if not in_place:
        logger.warning("A newsroom button with data of another message was refused")
        await query.answer("This button is not valid here.")
        return
    if await _refuse_non_editor(update, context):
        return
    if item.status != "open":
        await query.answer("Closed already.")
        return
    try:
        if kind == show.ACCEPT:
            count = await asyncio.to_thread(answer_item, state, item_id, quote=True)
        else:
            count = await asyncio.to_thread(answer_item, state, item_id, dismiss=key)
    except (ValueError, LookupError) as error:
        await query.answer(str(error)[:180])
        return
    await query.answer(f"Sent to {count} reader(s).")
    await refresh_item(context, item_id, now=True)
    await deliver(context.application)


def answer_item(
    state: BotState,
    item_id: int,
    *,
    text_answer: str | None = None,
    url: str | None = None,
    quote: bool = False,
    dismiss: str | None = None,
) -> int:
    """Close item ``item_id`` with an answer and plan its deliveries (``crisisbot answer`` and the bot); how many
    readers it goes to. ``ValueError``/``LookupError`` say why not (nothing closed then)."""
    desk, newsroom = state.desk, state.engine.newsroom
    item = desk.item(item_id)
    if item is None or item.status != "open":
        raise LookupError(f"no open question #{item_id}")
    if dismiss is not None:
        if dismiss not in replies(state):
            raise ValueError(f"no canned reply {dismiss!r} (known: {', '.join(replies(state))})")

        def render_dismissal(asker):
            return show.render_dismissal(replies(state, asker.lang)[dismiss], asker)

        count = desk.close(item_id, DISMISSED, render=render_dismissal, key=dismiss)
    else:
        if text_answer is not None:
            article_id = newsroom.add_answer(text_answer, outlet=state.bot_settings.newsroom_name, title=item.example)
            hit = newsroom.quote_hit(article_id)
        elif url is not None:
            state.engine.add_source(url)
            article_id = newsroom.article_by_url(url)
            if article_id is None:
                raise LookupError(f"nothing could be read from {url}")
            found = state.engine.ask(item.example)
            best = found.best if found.answered and found.best is not None else None
            hit = best if best is not None and best.article.id == article_id else newsroom.quote_hit(article_id)
        elif quote:
            if not item.candidate_article_id:
                raise LookupError("this question has no candidate quote")
            article_id = item.candidate_article_id
            hit = newsroom.quote_hit(article_id, item.candidate_quote)
        else:
            raise ValueError("give a text, a link, the candidate quote or a canned reply")
        if hit is None:
            raise LookupError("the answer's article cannot be quoted")
        count = desk.close(
            item_id,
            ANSWERED,
            render=lambda asker: show.render_newsroom_answer(hit, asker),
            answer_article_id=article_id,
        )
    if count is None:
        raise LookupError(f"question #{item_id} was closed meanwhile")
    return count


async def refresh_item(context: ContextTypes.DEFAULT_TYPE, item_id: int, *, now: bool = False) -> None:
    """Show item ``item_id`` in the editors' chat: sent once, then edited in place, throttled per item."""
    state = get_state(context)
    if not enabled(state):
        return
    edits: dict = context.bot_data.setdefault(EDITS_KEY, {})
    last, pending = edits.get(item_id, (float("-inf"), False))
    wait_s = ITEM_EDIT_INTERVAL_S - (time.monotonic() - last)
    if wait_s > 0 and not now:
        if not pending:
            edits[item_id] = (last, True)
            context.application.create_task(_later(context, item_id, wait_s))
        return
    await _show_item(context, item_id)


async def _later(context: ContextTypes.DEFAULT_TYPE, item_id: int, wait_s: float) -> None:
    await asyncio.sleep(wait_s)
    await _show_item(context, item_id)


async def _show_item(context: ContextTypes.DEFAULT_TYPE, item_id: int) -> None:
    state = get_state(context)
    lock: asyncio.Lock = context.bot_data.setdefault(LOCK_KEY, asyncio.Lock())
    async with lock:
        context.bot_data.setdefault(EDITS_KEY, {})[item_id] = (time.monotonic(), False)
        item = await state.db(lambda: state.desk.item(item_id), None)
        if item is None or (item.editor_message_id is not None and item.version == item.shown_version):
            return
        html, markup = show.render_item(item), show.item_keyboard(item, replies(state))
        chat_id = state.bot_settings.editor_chat_id
        try:
            if item.editor_message_id is None:
                sent = await context.bot.send_message(chat_id, html, reply_markup=markup)
                message_id = sent.message_id
            else:
                await context.bot.edit_message_text(
                    html, chat_id=chat_id, message_id=item.editor_message_id, reply_markup=markup
                )
                message_id = item.editor_message_id
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                logger.warning("Could not show question #%s in the editors' chat: %s", item_id, error)
                return
            message_id = item.editor_message_id
        except TelegramError as error:
            logger.warning("Could not show question #%s in the editors' chat: %s", item_id, error)
            return
        await state.db(lambda: state.desk.shown(item_id, message_id=message_id, version=item.version), None)


# --- deliveries ---------------------------------------------------------------------------------------------


async def deliver(application: Application) -> int:
    """Send every due newsroom delivery of this bot, one run at a time in this process (:func:`deliver_due`)."""
    lock: asyncio.Lock = application.bot_data.setdefault("newsroom_delivery_lock", asyncio.Lock())
    state = get_state_of(application)
    async with lock:
        # One sender across instances (a shared PostgreSQL): the holder of the "newsroom" lease; a dead holder's
        # lease expires after ALERT_LEASE_S and another instance resumes its deliveries.
        book = state.conversations.alerts
        held = await state.db(
            lambda: book.take_lease(state.instance, ttl_s=state.bot_settings.alert_lease_s, name=NEWSROOM_LEASE), False
        )
        if not held:
            return 0
        return await deliver_due(application.bot, state)


async def deliver_due(bot, state: BotState) -> int:
    """Send every due newsroom delivery (answers and retraction notices); how many were sent. Each is marked
    ``sending`` before and ``sent`` after Telegram confirmed, so a killed process resends at most the one in
    flight. 403 and "chat not found" end a delivery; other errors leave it due for the next run."""
    sent = 0
    while True:
        due = await state.db(state.desk.due, [])
        progressed = False
        for delivery in due:
            await state.db(lambda d=delivery: state.desk.mark(d.id, SENDING), None)
            try:
                await bot.send_message(delivery.chat_id, delivery.html)
            except (Forbidden, BadRequest) as error:
                logger.info("A newsroom delivery could not be sent and is given up: %s", error)
                await state.db(lambda d=delivery: state.desk.mark(d.id, FAILED), None)
                progressed = True
                continue
            except RetryAfter as error:
                retry_after = error.retry_after
                await asyncio.sleep(
                    retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else retry_after
                )
                continue
            except TelegramError as error:
                logger.warning("A newsroom delivery failed, it is tried again later: %s", error)
                return sent
            crash_point("newsroom-sent")  # the kill -9 test: confirmed by Telegram, not yet marked
            await state.db(lambda d=delivery: state.desk.mark(d.id, SENT), None)
            sent += 1
            progressed = True
        if not due or not progressed:
            return sent


def get_state_of(application: Application) -> BotState:
    return application.bot_data[STATE_KEY]


async def delivery_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Periodic and at start: what a killed or failed run left is sent."""
    await deliver(context.application)


# --- /retract ------------------------------------------------------------------------------------------------


def retract(state: BotState, reference: str, reason: str | None) -> tuple[str, int]:
    """Withdraw the article ``reference`` names (id or URL) and plan the notices; ``(title, notices)``.
    ``LookupError`` when no such article."""
    ref = state.engine.newsroom.resolve(reference)
    if ref is None:
        raise LookupError(f"no article {reference!r} in the archive")
    state.engine.newsroom.retract(ref.id, reason)
    notices = state.desk.retract(
        ref.id,
        title=ref.title,
        reason=reason,
        notice_days=state.bot_settings.retraction_notice_days,
        render=lambda chat_id, lang, at: show.render_notice(ref.title, reason, lang, at),
    )
    return ref.title, notices


async def retract_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/retract <link or article id> [reason] (editors)."""
    state = get_state(context)
    message = update.effective_message
    if not await is_editor(context, update.effective_user.id if update.effective_user else None):
        await message.reply_text(text(reply_language(update), "admin_only"))
        return
    args = context.args or []
    if not args:
        await message.reply_text("Usage: /retract <link or article id> [reason]")
        return
    reason = " ".join(args[1:]).strip()[:300] or None
    try:
        title, notices = await asyncio.to_thread(retract, state, args[0], reason)
    except LookupError as error:
        await message.reply_text(f"Not retracted: {error}")
        return
    await message.reply_text(f"Retracted: “{title}”. It is not quoted any more; {notices} reader(s) get a notice.")
    await deliver(context.application)
