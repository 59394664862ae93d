"""Reindexing from Telegram: /reindex and /add run in the background and keep one progress message up to date;
the scheduled reindex tells the admins what changed."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from telegram import Message
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import alerts, render
from bot.i18n import DEFAULT_LANGUAGE, text
from bot.state import STATE_KEY, BotState, Progress
from index.engine import IndexReport, ReindexRunning, Stopped

logger = logging.getLogger(__name__)

REINDEX_EDIT_INTERVAL_S = 1.5
REINDEX_HEARTBEAT_S = 5.0
FAILURE_CHARS = 300

ReindexJob = Callable[..., IndexReport]
"""``job(progress=...)``: an engine call that changes the archive (``engine.reindex`` by default)."""


async def scheduled_reindex(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job queue's reindex (REINDEX_EVERY_MINUTES): admins get the summary when something changed or failed."""
    state: BotState = context.bot_data[STATE_KEY]
    if state.reindexing:
        logger.info("Scheduled reindex skipped: a reindex is running")
        return
    state.reindex_task = asyncio.ensure_future(asyncio.to_thread(state.engine.reindex))
    try:
        report = await state.reindex_task
    except ReindexRunning:
        logger.info("Scheduled reindex skipped: another process is reindexing")
        return
    except Stopped:
        logger.info("Scheduled reindex stopped at a safe point: the bot is stopping")
        return
    except Exception as error:
        logger.exception("Scheduled reindex failed")
        message = text(DEFAULT_LANGUAGE, "reindex_failed", error=str(error)[:FAILURE_CHARS])
    else:
        logger.info("Scheduled reindex done: %s", report.summary())
        await alerts.send_alerts(context.bot, state)
        if not (report.added or report.changed or report.removed or report.merged or report.errors):
            return
        message = text(DEFAULT_LANGUAGE, "reindex_scheduled") + "\n" + render.render_report(DEFAULT_LANGUAGE, report)
    for admin_id in state.bot_settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, message)
        except TelegramError as error:  # the admin never started a chat with the bot, or blocked it
            logger.warning("Could not tell admin %s about the scheduled reindex: %s", admin_id, error)


class _ProgressMessage:
    """One message, edited at most every ``interval_s`` seconds and only when its text changes."""

    def __init__(self, message: Message, interval_s: float = REINDEX_EDIT_INTERVAL_S) -> None:
        self._message = message
        self._interval_s = interval_s
        self._text = ""
        self._edited_at = time.monotonic()

    @property
    def since_edit_s(self) -> float:
        return time.monotonic() - self._edited_at

    async def show(self, new_text: str, *, wait: bool = False) -> bool:
        """Edit the message to ``new_text``; False when it was too soon (nothing sent: show it again later)."""
        if new_text == self._text:
            return True
        if wait:
            await asyncio.sleep(max(0.0, self._interval_s - self.since_edit_s))
        elif self.since_edit_s < self._interval_s:
            return False
        try:
            await self._message.edit_text(new_text)
        except BadRequest as error:  # e.g. "message is not modified" or the message was deleted
            logger.warning("Could not edit the reindex progress message: %s", error)
        self._text, self._edited_at = new_text, time.monotonic()
        return True


class _StageClock:
    """When the current stage began and how far it was then: the rate and time left of that stage."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.started = time.monotonic()
        self.first_done = 0

    def rate(self, stage: str, done: int) -> float | None:
        """Items per second in ``stage`` so far; None at its start."""
        now = time.monotonic()
        if stage != self.stage:
            self.stage, self.started, self.first_done = stage, now, done
            return None
        elapsed = now - self.started
        return (done - self.first_done) / elapsed if elapsed > 0 and done > self.first_done else None


async def run_reindex(
    state: BotState,
    message: Message,
    lang: str,
    *,
    job: ReindexJob | None = None,
    edit_interval_s: float = REINDEX_EDIT_INTERVAL_S,
) -> None:
    """Run ``job(progress=...)`` (engine.reindex by default) in a thread and mirror its progress into ``message``:
    the stage, n/N, the rate and the time left, edited at most every ``edit_interval_s`` seconds."""
    progress = Progress()
    display = _ProgressMessage(message, edit_interval_s)
    clock = _StageClock()
    started = time.monotonic()
    work = asyncio.ensure_future(asyncio.to_thread(job or state.engine.reindex, progress=progress.update))
    shown_version = 0
    poll_s = min(edit_interval_s, REINDEX_EDIT_INTERVAL_S)
    while not work.done():
        await asyncio.wait({work}, timeout=poll_s)
        if work.done():
            break
        stage, done, total, version = progress.snapshot()
        rate = clock.rate(stage, done)
        if version != shown_version or display.since_edit_s >= REINDEX_HEARTBEAT_S:
            shown = render.render_progress(lang, stage, done, total, time.monotonic() - started, rate=rate)
            if await display.show(shown):
                shown_version = version
    try:
        report = work.result()
    except ReindexRunning:
        await display.show(text(lang, "reindex_running"), wait=True)
        return
    except Stopped:
        logger.info("Reindex stopped at a safe point: the bot is stopping (the next reindex goes on from there)")
        return
    except Exception as error:
        logger.exception("Reindex failed")
        await display.show(text(lang, "reindex_failed", error=str(error)[:FAILURE_CHARS]), wait=True)
        return
    logger.info(
        "Reindex done: added %s, changed %s, removed %s, unchanged %s, %s passages embedded, %s errors, %.1f s",
        report.added,
        report.changed,
        report.removed,
        report.unchanged,
        report.passages_embedded,
        len(report.errors),
        report.took_s,
    )
    await display.show(render.render_report(lang, report), wait=True)
    await alerts.send_alerts(message.get_bot(), state)
