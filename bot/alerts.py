"""Followed topics: /follow, /unfollow, /following, and the alerts sent after a reindex.

The follows and the alert bookkeeping are in the conversation store, shared by every instance. An alert run
(``send_alerts``) runs after the bot's own /reindex and scheduled reindex, and every ``ALERT_CHECK_MINUTES`` for
articles another process added (``crisisbot reindex``):

1. only the instance that holds the store's alert lease (ALERT_LEASE_S, renewed by each run; taken over when it
   expires) plans: the engine matches the followed topics against the articles above the watermark (the archive's
   ingest sequence, not a clock) and the chosen alerts are written as pending deliveries with the new watermark,
   in one transaction (bot/conversations/deliveries.py);
2. the due deliveries are claimed, sent, and marked sent only after Telegram confirmed. A transient error
   (timeout, network, 5xx, flood wait) is tried again with a growing delay, in this run and the next ones; only
   "blocked" (403) and "chat not found" end a delivery.

In groups only the group's administrators (``getChatMember``) may follow or unfollow.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot import render
from bot.context import get_state, reply_language
from bot.conversations import PlannedAlert
from bot.i18n import pick_language, text
from bot.state import STATE_KEY, BotState
from index.engine import MAX_FOLLOWS_PER_CHAT, MAX_TOPIC_CHARS, FollowedTopic, clean_topic
from index.failpoints import crash_point

logger = logging.getLogger(__name__)

GROUP_ADMIN_STATUSES = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
TOPIC_LINE_CHARS = 200
SEND_RETRY_DELAYS_S = (1.0, 4.0)
"""A transient failure is tried again after these waits within the run (RetryAfter: its own wait, when longer)."""
LATER_RETRY_S = 60.0
"""Still failing: the delivery waits this long, doubled per attempt, for a later run (at most :data:`MAX_LATER_S`)."""
MAX_LATER_S = 6 * 3600.0
MAX_ATTEMPTS = 12
"""After this many failed runs (about 2 days of back-off) a delivery is given up, with a warning."""
CHAT_GONE = ("chat not found", "user is deactivated", "bot was kicked", "bot is not a member")


def is_final(error: TelegramError) -> bool:
    """Only a blocked bot (403) or a chat that is gone ends a delivery; everything else is tried again."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and any(phrase in error.message.lower() for phrase in CHAT_GONE)


async def _refuse_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> bool:
    """True (and a refusal sent) when a group member who is not one of the group's administrators tries."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return False
    user_id = update.effective_user.id if update.effective_user else None
    if user_id is not None:
        try:
            member = await context.bot.get_chat_member(chat.id, user_id)
        except TelegramError as error:
            logger.warning("getChatMember failed: %s", error)
        else:
            if member.status in GROUP_ADMIN_STATUSES:
                return False
    logger.info("Refused a follow change in a group from a member who is not its administrator")
    await update.effective_message.reply_text(text(lang, "follow_group_admins"))
    return True


async def follow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/follow <topic>: new articles on the topic are sent to this chat after each reindex."""
    state = get_state(context)
    topic = " ".join(context.args or []).strip()
    lang = reply_language(update, topic or None)
    if not topic:
        await update.effective_message.reply_text(text(lang, "follow_usage"))
        return
    if await _refuse_in_group(update, context, lang):
        return
    chat_id = update.effective_chat.id
    invalid = text(lang, "follow_invalid", chars=MAX_TOPIC_CHARS, count=MAX_FOLLOWS_PER_CHAT)
    try:
        topic = clean_topic(topic)
    except ValueError:
        await update.effective_message.reply_text(invalid)
        return

    def follow() -> bool | None:
        if len(state.store.follows_of(chat_id)) >= MAX_FOLLOWS_PER_CHAT:
            return None
        return state.store.add_follow(chat_id, topic, lang=lang, since_seq=state.engine.article_sequence())

    added = await state.db(follow, False)
    if added is None:
        await update.effective_message.reply_text(invalid)
        return
    key = "follow_added" if added else "follow_exists"
    await update.effective_message.reply_text(text(lang, key, topic=topic, limit=state.bot_settings.alerts_per_chat))


async def unfollow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unfollow <topic|number>: stop the alerts of one topic."""
    state = get_state(context)
    wanted = " ".join(context.args or []).strip()
    lang = reply_language(update, wanted or None)
    if not wanted:
        await update.effective_message.reply_text(text(lang, "unfollow_usage"))
        return
    if await _refuse_in_group(update, context, lang):
        return
    chat_id = update.effective_chat.id
    wanted = " ".join(wanted.split())

    def unfollow() -> str | None:
        follows = state.store.follows_of(chat_id)
        chosen = next((f for f in follows if f.topic.casefold() == wanted.casefold()), None)
        if chosen is None and wanted.isdigit() and 1 <= int(wanted) <= len(follows):
            chosen = follows[int(wanted) - 1]
        if chosen is None:
            return None
        state.store.remove_follow(chosen.id)
        return chosen.topic

    removed = await state.db(unfollow, None)
    if removed is None:
        await update.effective_message.reply_text(text(lang, "unfollow_unknown"))
        return
    await update.effective_message.reply_text(text(lang, "unfollow_done", topic=removed))


async def following_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/following: this chat's topics, numbered for /unfollow."""
    state = get_state(context)
    lang = reply_language(update)
    chat_id = update.effective_chat.id
    follows = await state.db(lambda: state.store.follows_of(chat_id), [])
    if not follows:
        await update.effective_message.reply_text(text(lang, "following_none"))
        return
    numbered = [f"{number}. {follow.topic}" for number, follow in enumerate(follows, start=1)]
    listed = render.bounded_list(numbered, lang, budget=render.MESSAGE_LIMIT // 2, item_chars=TOPIC_LINE_CHARS)
    await update.effective_message.reply_text(text(lang, "following_list", topics=listed))


def plan_alerts(state: BotState) -> int | None:
    """Step 1 (lease holder only): match the new articles and store the chosen alerts as pending deliveries.
    How many were planned; None when another instance holds the lease."""
    book = state.conversations.alerts
    if not book.take_lease(state.instance, ttl_s=state.bot_settings.alert_lease_s):
        return None
    follows = state.store.all_follows()
    # The first run ever starts at the oldest follow (or now): what was ingested before any follow alerts nothing.
    after = book.start(min((f.since_seq for f in follows), default=state.engine.article_sequence()))
    run = state.engine.alerts([FollowedTopic(f.id, f.topic, f.since_seq) for f in follows], after=after)
    by_key = {follow.id: follow for follow in follows}
    per_chat: dict[int, list[str]] = {}
    planned: list[PlannedAlert] = []
    for alert in run.alerts:  # best first
        follow = by_key[alert.key]
        chosen = per_chat.setdefault(follow.chat_id, [])
        if alert.hit.article.id in chosen or len(chosen) >= state.bot_settings.alerts_per_chat:
            continue
        chosen.append(alert.hit.article.id)
        message = render.render_alert(alert, pick_language(follow.lang))
        planned.append(PlannedAlert(follow.chat_id, alert.hit.article.id, follow.id, message))
    crash_point("alert-plan")
    written = book.plan(planned, after=run.after, upto=run.upto)
    return written or 0


async def _send_one(bot: Bot, chat_id: int, message: str, delays: tuple[float, ...]) -> TelegramError | None:
    """Send, trying transient failures again after ``delays``; None when sent, else the last error."""
    for attempt in range(len(delays) + 1):
        try:
            await bot.send_message(chat_id, message)
            return None
        except TelegramError as error:
            if is_final(error) or attempt == len(delays):
                return error
            wait_s = max(delays[attempt], float(error.retry_after) if isinstance(error, RetryAfter) else 0.0)
            logger.warning("An alert could not be sent (%s); trying again in %.0f s", error, wait_s)
            await asyncio.sleep(wait_s)
    return None


async def deliver_due(bot: Bot, state: BotState, *, delays: tuple[float, ...] = SEND_RETRY_DELAYS_S) -> int:
    """Step 2: send the due deliveries this instance could claim; how many were sent."""
    return (await _deliver(bot, state, delays))[0]


async def _deliver(bot: Bot, state: BotState, delays: tuple[float, ...]) -> tuple[int, int]:
    """``(sent, claimed)``."""
    book = state.conversations.alerts
    claim_s = state.bot_settings.alert_lease_s
    due = await state.db(lambda: book.claim_due(state.instance, claim_s=claim_s), [])
    sent = 0
    for delivery in due:
        crash_point("alert-send")
        error = await _send_one(bot, delivery.chat_id, delivery.text, delays)
        if error is None:
            await state.db(lambda d=delivery: book.mark_sent(d.id), None)
            sent += 1
        elif is_final(error):
            logger.warning("An alert's chat blocked the bot or is gone: %s", error)
            await state.db(lambda d=delivery: book.mark_failed(d.id), None)
        elif delivery.attempts + 1 >= MAX_ATTEMPTS:
            logger.warning("Gave up an alert after %s failed runs: %s", MAX_ATTEMPTS, error)
            await state.db(lambda d=delivery: book.mark_failed(d.id), None)
        else:
            later = min(MAX_LATER_S, LATER_RETRY_S * 2**delivery.attempts)
            logger.warning("An alert stays pending for %.0f s: %s", later, error)
            await state.db(
                lambda d=delivery, later=later: book.retry_later(d.id, attempts=d.attempts + 1, delay_s=later), None
            )
    return sent, len(due)


async def send_alerts(bot: Bot, state: BotState) -> int:
    """One alert run: plan (if this instance holds the lease), then send what is due; how many were sent."""
    async with state.alert_lock:
        try:
            planned = await state.db(lambda: plan_alerts(state), None)
        except Exception:
            logger.exception("The alert run failed")
            planned = None
        sent, due = await _deliver(bot, state, SEND_RETRY_DELAYS_S)
        newly = "another instance plans" if planned is None else f"{planned} newly planned"
        logger.info("Alert run: %s alert(s) sent of %s (%s)", sent, due, newly)
        return sent


async def alert_check(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job queue's alert check (ALERT_CHECK_MINUTES): articles another process added are alerted too, and
    deliveries that failed before are tried again."""
    state: BotState = context.bot_data[STATE_KEY]
    if state.reindexing:
        return  # the reindex sends its alerts when it is done
    await send_alerts(context.bot, state)
