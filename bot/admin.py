"""Admin commands (ADMIN_IDS only): /stats, /reindex and /add; others get a refusal and a log line."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import newsroom_render, reindex, render
from bot.context import get_state, reply_language
from bot.i18n import Html, format_float, format_int, text
from bot.privacy import mask
from index.engine import ReindexRunning
from index.text.locations import is_url, location_key, shown_location

logger = logging.getLogger(__name__)

MAX_SOURCES_LISTED = 30
SOURCE_CHARS = 200
UNANSWERED_DAYS = 7
"""/unanswered without an argument looks at the last week."""
MAX_UNANSWERED_DAYS = 3650
QUESTION_CHARS = 200


async def refuse_non_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """True (and a refusal sent, the attempt logged) when the sender is not in ADMIN_IDS."""
    user_id = update.effective_user.id if update.effective_user else None
    if get_state(context).bot_settings.is_admin(user_id):
        return False
    logger.warning("Refused /%s from a user not in ADMIN_IDS", command)
    await update.effective_message.reply_text(text(reply_language(update), "admin_only"))
    return True


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): archive size and usage."""
    if await refuse_non_admin(update, context, "stats"):
        return
    lang = reply_language(update)
    state = get_state(context)
    stats = await asyncio.to_thread(state.engine.stats)
    usage = await state.db(state.store.stats, {})
    median = usage.get("median_answer_ms")
    languages = ", ".join(f"{code}: {count}" for code, count in sorted(stats.languages.items())) or "–"
    await update.effective_message.reply_text(
        text(
            lang,
            "stats",
            articles=stats.articles,
            passages=stats.passages,
            languages=languages,
            questions=int(usage.get("questions", 0)),
            up=int(usage.get("feedback_up", 0)),
            down=int(usage.get("feedback_down", 0)),
            median=f"{format_float(lang, median, 0)} ms" if median is not None else "–",
        )
        + (text(lang, "stats_refining", count=stats.refining_passages) if stats.refining_passages else "")
        + "\n"
        + await _newsroom_stats(state, lang)
    )


async def _newsroom_stats(state, lang: str) -> str:
    """Issue 22's figures: open items, share answered, median time to an answer, readers reached, notices sent."""
    figures = await state.db(state.desk.stats, {})
    share, median_s = figures.get("share_answered"), figures.get("median_answer_s")
    return text(
        lang,
        "stats_newsroom",
        open=int(figures.get("queue_open", 0)),
        share=f"{format_float(lang, 100 * share, 0)} %" if share is not None else "–",
        median=f"{format_float(lang, median_s / 60, 1)} min" if median_s is not None else "–",
        readers=int(figures.get("readers_reached", 0)),
        notices=int(figures.get("retraction_notices_sent", 0)),
    )


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex (admins): rescan the archive in the background, with one progress message kept up to date."""
    if await refuse_non_admin(update, context, "reindex"):
        return
    state = get_state(context)
    lang = reply_language(update)
    if state.reindexing:
        await update.effective_message.reply_text(text(lang, "reindex_running"))
        return
    logger.info("Reindex started by admin %s", update.effective_user.id)
    progress_message = await update.effective_message.reply_text(text(lang, "reindex_start"))
    # A task of its own, so that this handler returns and questions keep being answered meanwhile.
    state.reindex_task = context.application.create_task(
        reindex.run_reindex(state, progress_message, lang, edit_interval_s=state.bot_settings.progress_edit_seconds),
        update=update,
        name="reindex",
    )


async def add_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/add <url> (admins): remember a feed or web page for every reindex, and index it now."""
    if await refuse_non_admin(update, context, "add"):
        return
    state = get_state(context)
    lang = reply_language(update)
    location = " ".join(context.args or []).strip()
    if not is_url(location):
        sources = await asyncio.to_thread(lambda: state.engine.sources)
        usage = text(lang, "add_usage", count=len(sources), sources=Html(""))
        listed = render.bounded_list(
            [shown_location(source) for source in sources],
            lang,
            budget=render.MESSAGE_LIMIT - render.utf16_len(usage),
            item_chars=SOURCE_CHARS,
            max_items=MAX_SOURCES_LISTED,
        )
        await update.effective_message.reply_text(text(lang, "add_usage", count=len(sources), sources=listed))
        return
    if state.reindexing:
        await update.effective_message.reply_text(text(lang, "reindex_running"))
        return
    user_id = update.effective_user.id
    logger.info("Admin %s adds the source %s", user_id, location)
    progress_message = await update.effective_message.reply_text(text(lang, "add_start", url=location))

    def job(progress):
        return state.engine.add_source(location, added_by=user_id, progress=progress)

    state.reindex_task = context.application.create_task(
        reindex.run_reindex(
            state, progress_message, lang, job=job, edit_interval_s=state.bot_settings.progress_edit_seconds
        ),
        update=update,
        name="add-source",
    )


async def unanswered_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered [days] (admins): the most frequent questions that got "nothing found", similar ones grouped.
    Only counts and question texts are shown, never who asked, with phone numbers, e-mail addresses and @handles
    masked (bot/privacy.py); in a group only the counts and the masked example of each group."""
    if await refuse_non_admin(update, context, "unanswered"):
        return
    lang = reply_language(update)
    argument = " ".join(context.args or []).strip()
    if argument and not (argument.isdigit() and 1 <= int(argument) <= MAX_UNANSWERED_DAYS):
        await update.effective_message.reply_text(text(lang, "unanswered_usage"))
        return
    days = int(argument) if argument else UNANSWERED_DAYS
    state = get_state(context)
    asked = await state.db(lambda: state.store.unanswered(days=days), [])
    groups = await asyncio.to_thread(state.engine.group_unanswered, [mask(question) for question in asked])
    if not groups:
        await update.effective_message.reply_text(text(lang, "unanswered_none", days=days))
    else:
        total = sum(group.count for group in groups)
        head = text(lang, "unanswered_list", days=days, total=total, groups=Html(""))
        lines = [f"{format_int(lang, group.count)}× {group.example}" for group in groups]
        listed = render.bounded_list(
            lines, lang, budget=render.MESSAGE_LIMIT - render.utf16_len(head), item_chars=QUESTION_CHARS
        )
        await update.effective_message.reply_text(text(lang, "unanswered_list", days=days, total=total, groups=listed))
    await _disliked_part(update, state, lang, days)


async def _disliked_part(update: Update, state, lang: str, days: int) -> None:
    """The second part of /unanswered: answers voted 👎, grouped like the unanswered ones, with quote and votes."""
    entries = await state.db(lambda: state.desk.disliked(days=days), [])
    if not entries:
        return
    entries = [{**entry, "question": mask(entry["question"])} for entry in entries]
    groups = await asyncio.to_thread(state.engine.group_unanswered, [entry["question"] for entry in entries])
    grouped = newsroom_render.group_disliked(groups, entries)
    head = text(lang, "disliked_list", days=days, total=len(entries), count=len(grouped), groups=Html(""))
    lines = [
        f"{format_int(lang, g['count'])}× {g['example']} — «{(g['quote'] or '')[:QUESTION_CHARS]}» "
        f"(👍 {g['up']} / 👎 {g['down']})"
        for g in grouped
    ]
    listed = render.bounded_list(
        lines, lang, budget=render.MESSAGE_LIMIT - render.utf16_len(head), item_chars=2 * QUESTION_CHARS
    )
    await update.effective_message.reply_text(
        text(lang, "disliked_list", days=days, total=len(entries), count=len(grouped), groups=listed)
    )


async def remove_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove <name or address> (admins): forget a source added with /add or a file sent to the bot (by the name it
    was sent with), and drop the articles only it holds. Without an argument: the added sources."""
    if await refuse_non_admin(update, context, "remove"):
        return
    state = get_state(context)
    lang = reply_language(update)
    name = " ".join(context.args or []).strip()
    overview = await asyncio.to_thread(state.engine.source_overview)
    names = await asyncio.to_thread(state.engine.upload_names)
    added = {
        info.location: names.get(info.location, shown_location(info.location))
        for info in overview
        if info.kind == "added"
    }
    location = next((loc for loc, shown in added.items() if name and shown == name), None)
    if location is None and name and location_key(name) in added:
        location = location_key(name)
    if location is None:
        if name and location_key(name) in {location_key(loc) for loc in state.settings.archive_sources}:
            reply = text(lang, "remove_configured", name=name, setting="ARCHIVE_SOURCES")
            await update.effective_message.reply_text(reply)
            return
        head = text(lang, "remove_usage", count=len(added), sources=Html(""))
        listed = render.bounded_list(
            list(added.values()),
            lang,
            budget=render.MESSAGE_LIMIT - render.utf16_len(head),
            item_chars=SOURCE_CHARS,
            max_items=MAX_SOURCES_LISTED,
        )
        key = "remove_unknown" if name else "remove_usage"
        await update.effective_message.reply_text(text(lang, key, name=name, count=len(added), sources=listed))
        return
    if state.reindexing:
        await update.effective_message.reply_text(text(lang, "reindex_running"))
        return
    logger.info("Admin %s removes the source %s", update.effective_user.id, location)
    try:
        report = await asyncio.to_thread(state.engine.remove_source, location)
    except ReindexRunning:
        await update.effective_message.reply_text(text(lang, "reindex_running"))
        return
    await update.effective_message.reply_text(text(lang, "remove_done", name=added[location], removed=report.removed))
