"""Documents as sources: an admin sends a file (in a private chat, or in a group with the caption ``/add``); it is
checked, downloaded from the Bot API's file server, stored by the engine and indexed with /add's progress message.

The file type and the declared size are checked before anything is downloaded; the zip checks (bombs, paths out of
the folder, links, other file types) are the engine's (``Engine.store_upload``). The same content sent again
changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePosixPath

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import admin, handlers, reindex
from bot.context import get_state, is_private, reply_language
from bot.flood import refuse_flood
from bot.i18n import UPLOAD_TYPES, format_float, text
from index.engine import UploadRefused

logger = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".ndjson", ".csv", ".html", ".htm", ".zip")
"""What the engine's file readers take (index/ingest/sources.py), and zips of them: checked before downloading."""
BYTES_PER_MB = 1_000_000
ADD_CAPTION = "/add"
REFUSALS = {
    "type": "upload_type",
    "empty": "upload_empty",
    "zip_bomb": "upload_zip_bomb",
    "zip_unsafe": "upload_zip_unsafe",
    "zip_type": "upload_zip_type",
    "zip_broken": "upload_zip_broken",
}
"""``UploadRefused.reason`` -> the bot text that explains it."""


def _captioned_add(caption: str | None, bot_username: str) -> bool:
    """Whether the caption is the command ``/add`` (or ``/add@thisbot``)."""
    words = (caption or "").split()
    if not words:
        return False
    command, _, target = words[0].lower().partition("@")
    return command == ADD_CAPTION and (not target or target == bot_username.lower())


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document: a new source when an admin sends it privately or with the caption /add; otherwise the usual
    hint (private chats) or nothing (groups)."""
    message = update.effective_message
    if not is_private(update) and not _captioned_add(message.caption, context.bot.username):
        await handlers.on_other_message(update, context)
        return
    state = get_state(context)
    user_id = update.effective_user.id if update.effective_user else None
    if not state.bot_settings.is_admin(user_id) and not _captioned_add(message.caption, context.bot.username):
        await handlers.on_other_message(update, context)  # readers get the "text only" hint, as before
        return
    if await refuse_flood(update, context) or await admin.refuse_non_admin(update, context, "add"):
        return
    await _add_document(update, context)


async def _add_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    state = get_state(context)
    message = update.effective_message
    document = message.document
    lang = reply_language(update)
    name = PurePosixPath(document.file_name or "upload").name
    limit_mb = state.bot_settings.upload_max_mb
    if PurePosixPath(name).suffix.lower() not in UPLOAD_SUFFIXES:
        await message.reply_text(text(lang, "upload_type", name=name, types=UPLOAD_TYPES))
        return
    if document.file_size is not None and document.file_size > limit_mb * BYTES_PER_MB:
        size = format_float(lang, document.file_size / BYTES_PER_MB)
        await message.reply_text(text(lang, "upload_too_big", name=name, size=size, limit=format_float(lang, limit_mb)))
        return
    if state.reindexing:
        await message.reply_text(text(lang, "reindex_running"))
        return
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        logger.warning("Could not download the document %r: %s", name, error)
        await message.reply_text(text(lang, "upload_failed", name=name))
        return
    if len(data) > limit_mb * BYTES_PER_MB:  # the declared size was missing or wrong
        size = format_float(lang, len(data) / BYTES_PER_MB)
        await message.reply_text(text(lang, "upload_too_big", name=name, size=size, limit=format_float(lang, limit_mb)))
        return
    try:
        stored = await asyncio.to_thread(state.engine.store_upload, data, name)
    except UploadRefused as refused:
        logger.info("Refused the upload %r from admin %s: %s", name, update.effective_user.id, refused)
        key = REFUSALS.get(refused.reason, "upload_zip_broken")
        await message.reply_text(text(lang, key, name=name, entry=refused.entry, types=UPLOAD_TYPES))
        return
    sources = await asyncio.to_thread(lambda: state.engine.sources)
    if stored.existed and stored.location in sources:
        await message.reply_text(text(lang, "upload_known", name=stored.name))
        return
    user_id = update.effective_user.id
    logger.info("Admin %s adds the file %r (%s bytes) as %s", user_id, name, len(data), stored.location)
    progress_message = await message.reply_text(text(lang, "upload_start", name=name))

    def job(progress):
        return state.engine.add_source(stored.location, added_by=user_id, progress=progress)

    state.reindex_task = context.application.create_task(
        reindex.run_reindex(
            state, progress_message, lang, job=job, edit_interval_s=state.bot_settings.progress_edit_seconds
        ),
        update=update,
        name="add-upload",
    )
