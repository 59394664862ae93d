"""Followed topics: /follow, /unfollow, /following, and the alerts sent after a reindex.

An alert run (``send_alerts``) asks the engine for the articles added since the last run that match a followed
topic and sends each to its chat with its quote and link. It runs after the bot's own /reindex and scheduled
reindex, and every ``ALERT_CHECK_MINUTES`` for articles another process added (``crisisbot reindex``). One run at
a time in this process (``BotState.alert_lock``); the engine marks every article it looked at, so nothing is sent
twice. In groups only the group's administrators (``getChatMember``) may follow or unfollow.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import render
from bot.context import get_state, reply_language
from bot.i18n import pick_language, text
from bot.state import STATE_KEY, BotState
from index.engine import MAX_FOLLOWS_PER_CHAT, MAX_TOPIC_CHARS

logger = logging.getLogger(__name__)

GROUP_ADMIN_STATUSES = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
TOPIC_LINE_CHARS = 200


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
            logger.warning("getChatMember failed in chat %s: %s", chat.id, error)
        else:
            if member.status in GROUP_ADMIN_STATUSES:
                return False
    logger.info("Refused a follow change in group %s from non-admin %s", chat.id, user_id)
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
    try:
        added = await asyncio.to_thread(state.engine.follow, chat_id, topic, lang=lang)
    except ValueError:
        await update.effective_message.reply_text(
            text(lang, "follow_invalid", chars=MAX_TOPIC_CHARS, count=MAX_FOLLOWS_PER_CHAT)
        )
        return
    key = "follow_added" if added else "follow_exists"
    await update.effective_message.reply_text(
        text(lang, key, topic=" ".join(topic.split()), limit=state.bot_settings.alerts_per_chat)
    )


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
    removed = await asyncio.to_thread(state.engine.unfollow, update.effective_chat.id, wanted)
    if removed is None:
        await update.effective_message.reply_text(text(lang, "unfollow_unknown"))
        return
    await update.effective_message.reply_text(text(lang, "unfollow_done", topic=removed))


async def following_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/following: this chat's topics, numbered for /unfollow."""
    state = get_state(context)
    lang = reply_language(update)
    topics = await asyncio.to_thread(state.engine.following, update.effective_chat.id)
    if not topics:
        await update.effective_message.reply_text(text(lang, "following_none"))
        return
    numbered = [f"{number}. {topic}" for number, topic in enumerate(topics, start=1)]
    listed = render.bounded_list(numbered, lang, budget=render.MESSAGE_LIMIT // 2, item_chars=TOPIC_LINE_CHARS)
    await update.effective_message.reply_text(text(lang, "following_list", topics=listed))


async def send_alerts(bot: Bot, state: BotState) -> int:
    """One alert run: the new articles that match followed topics, sent to their chats; how many were sent."""
    async with state.alert_lock:
        try:
            alerts = await asyncio.to_thread(state.engine.alerts, max_per_chat=state.bot_settings.alerts_per_chat)
        except Exception:
            logger.exception("The alert run failed")
            return 0
        sent = 0
        for alert in alerts:
            lang = pick_language(alert.lang)
            try:
                await bot.send_message(alert.chat_id, render.render_alert(alert, lang))
            except TelegramError as error:  # the chat blocked the bot or is gone: the article stays checked
                logger.warning("Could not send an alert to chat %s: %s", alert.chat_id, error)
                continue
            sent += 1
        logger.info("Alert run: %s alert(s) sent of %s", sent, len(alerts))
        return sent


async def alert_check(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job queue's alert check (ALERT_CHECK_MINUTES): articles another process added are alerted too."""
    state: BotState = context.bot_data[STATE_KEY]
    if state.reindexing:
        return  # the reindex sends its alerts when it is done
    await send_alerts(context.bot, state)
