"""Wiring of the Telegram application and the ``crisisbot run`` entry point.

Long polling by default; webhook mode when WEBHOOK_URL is set. The bot token only
ever lives in the Bot object: httpx's request log (which shows URLs, and so the
token) is silenced and a logging filter redacts the token from every record.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import secrets
import sys
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeChatMember, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import admin, alerts, flood, handlers, newsroom, privacy, reindex, upkeep, uploads
from bot.config import TOKEN_VARIABLE, BotSettings, settings_error_text
from bot.conversations import Conversations
from bot.i18n import ENGLISH, SUPPORTED, text
from bot.limits import ReindexCache
from bot.shutdown import GracefulStop
from bot.state import STATE_KEY, BotState, make_state
from bot.webhook import serve_webhook
from index.engine import Engine
from index.settings import Settings

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 8
RATE_LIMITER_RETRIES = 2
ALLOW_LIST_GROUP = -2
NEWSROOM_GROUP = -1
"""Editors' replies to an item's message are looked at after the allow list and before questions."""
REDACTED = "[REDACTED]"
MIN_SECRET_PART_CHARS = 8
WEBHOOK_SECRET_BYTES = 32
SECONDS_PER_MINUTE = 60
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY_LOGGERS = ("httpx", "httpcore")
BOT_LOGGER = "bot"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2

READER_COMMANDS = ("help", "ask", "sources", "follow", "following", "unfollow", "timeline", "privacy", "forget")
COMMANDS = {
    lang: [BotCommand(name, text(lang, f"menu_{name}")) for name in READER_COMMANDS] for lang in SUPPORTED
}
"""The reader command menu per language; the descriptions are the catalogs' ``menu_<command>`` messages."""


class TokenRedactingFilter(logging.Filter):
    """Replaces the bot token (and its secret part, also URL-encoded) in messages, arguments and tracebacks."""

    def __init__(self, token: str) -> None:
        super().__init__()
        secrets_to_hide = {token, token.replace(":", "%3A")}
        secret_part = token.partition(":")[2]
        if len(secret_part) >= MIN_SECRET_PART_CHARS:
            secrets_to_hide.add(secret_part)
        self._secrets = sorted((item for item in secrets_to_hide if item), key=len, reverse=True)

    def redact(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, REDACTED)
        return value

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw text
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(token: str, level: int = logging.INFO) -> TokenRedactingFilter:
    """Log to stderr (unless the caller configured logging), quiet httpx, redact ``token`` everywhere.

    The bot's own loggers log at ``level`` (INFO) even when the CLI set the root to WARNING;
    ``crisisbot -v run`` adds the libraries' INFO records (httpx stays at WARNING: its lines carry the token).
    """
    logging.basicConfig(format=LOG_FORMAT, level=level)
    logging.captureWarnings(True)
    root_level = logging.getLogger().getEffectiveLevel()
    logging.getLogger(BOT_LOGGER).setLevel(min(root_level, level))  # the bot's own events, even under a quiet CLI
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    redactor = TokenRedactingFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor


STOP_KEY = "graceful_stop"


def admin_commands(lang: str) -> list[BotCommand]:
    """The reader commands and the admin commands (one line each, bot/i18n.py ``cmd_<name>``) in ``lang``."""
    readers = [command for command in COMMANDS[lang] if command.command != "sources"]
    return readers + [BotCommand(name, text(lang, f"cmd_{name}")) for name in handlers.ADMIN_COMMANDS]


async def publish_commands(application: Application, bot_settings: BotSettings) -> None:
    """Command menus by role: readers see the reader commands (every chat, per language); each admin sees the admin
    commands too, in the private chat with the bot and in EDITOR_CHAT_ID's chat."""
    bot = application.bot
    await bot.set_my_commands(COMMANDS[ENGLISH])
    for lang, commands in COMMANDS.items():
        if lang != ENGLISH:
            await bot.set_my_commands(commands, language_code=lang)
    for admin_id in bot_settings.admin_ids:
        scopes = [BotCommandScopeChat(admin_id)]
        if bot_settings.editor_chat_id is not None:
            scopes.append(BotCommandScopeChatMember(bot_settings.editor_chat_id, admin_id))
        for scope in scopes:
            try:
                await bot.set_my_commands(admin_commands(ENGLISH), scope=scope)
                for lang in COMMANDS:
                    if lang != ENGLISH:
                        await bot.set_my_commands(admin_commands(lang), scope=scope, language_code=lang)
            except TelegramError as error:  # e.g. the admin never opened a chat with the bot
                logger.warning("Could not set the admin command menu for %s in %s: %s", admin_id, scope.type, error)


async def post_init(application: Application) -> None:
    """Install the stop signals' handler, load the model before the first update is fetched, publish the menus."""
    stopper: GracefulStop | None = application.bot_data.get(STOP_KEY)
    if stopper is not None:
        stopper.install(asyncio.get_running_loop())
    state: BotState = application.bot_data[STATE_KEY]
    await asyncio.to_thread(state.engine.warm_up)
    await publish_commands(application, state.bot_settings)
    logger.info("Bot @%s is ready", application.bot.username)


async def post_shutdown(application: Application) -> None:
    state: BotState = application.bot_data[STATE_KEY]
    await asyncio.to_thread(state.conversations.close)
    close = getattr(state.engine, "close", None)
    if callable(close):
        await asyncio.to_thread(close)


def build_application(
    settings: Settings, bot_settings: BotSettings, engine, conversations: Conversations | None = None
) -> Application:
    """The configured Application: handlers, defaults, rate limiting; nothing is started. ``conversations``: the
    conversation store (default: the one of these settings, opened and migrated here)."""
    if not bot_settings.token:
        raise ValueError(f"{TOKEN_VARIABLE} is not set")
    builder = (
        ApplicationBuilder()
        .token(bot_settings.token)
        .base_url(bot_settings.telegram_api_base_url)
        .base_file_url(bot_settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if importlib.util.find_spec("aiolimiter") is not None:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMITER_RETRIES))
    else:
        logger.warning("aiolimiter is missing: install python-telegram-bot[rate-limiter] to respect flood limits")
    application = builder.build()
    if conversations is None:
        conversations = upkeep.open_store(settings, bot_settings)
    application.bot_data[STATE_KEY] = make_state(
        engine,
        settings,
        bot_settings,
        conversations,
        # A new CURRENT (a reindex here, from the shell or from cron) drops the cached figures.
        archive_cache=ReindexCache(engine.index_stamp),
    )
    limited = flood.limited

    new_messages = filters.UpdateType.MESSAGE
    edited_questions = filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND  # nothing else edited
    application.add_handler(TypeHandler(Update, handlers.check_allowed_chat), group=ALLOW_LIST_GROUP)
    application.add_handlers(
        [
            CommandHandler("start", limited(handlers.start), filters=new_messages),
            CommandHandler("help", limited(handlers.help_command), filters=new_messages),
            CommandHandler("sources", limited(handlers.sources_command), filters=new_messages),
            CommandHandler("timeline", limited(handlers.timeline_command), filters=new_messages),
            CommandHandler("ask", handlers.ask_command, filters=new_messages),  # RATE_LIMIT_PER_MINUTE
            CommandHandler("reindex", limited(admin.reindex_command), filters=new_messages),
            CommandHandler("add", limited(admin.add_command), filters=new_messages),
            CommandHandler("stats", limited(admin.stats_command), filters=new_messages),
            CommandHandler("unanswered", limited(admin.unanswered_command), filters=new_messages),
            CommandHandler("follow", limited(alerts.follow_command), filters=new_messages),
            CommandHandler("unfollow", limited(alerts.unfollow_command), filters=new_messages),
            CommandHandler("following", limited(alerts.following_command), filters=new_messages),
            CommandHandler("remove", limited(admin.remove_command), filters=new_messages),
            CommandHandler("privacy", limited(privacy.privacy_command), filters=new_messages),
            CommandHandler("forget", limited(privacy.forget_command), filters=new_messages),
            CommandHandler("retract", limited(newsroom.retract_command), filters=new_messages),
            MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.on_text),
            MessageHandler(edited_questions, handlers.on_edited_text),
            MessageHandler(new_messages & filters.Document.ALL, uploads.on_document),  # limited inside
            MessageHandler(new_messages & filters.COMMAND, handlers.unknown_command),
            MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.on_other_message),
            CallbackQueryHandler(limited(handlers.on_button)),
        ]
    )
    if bot_settings.editor_chat_id is not None:  # editors answer by replying to an item's message (issue 22)
        replies = new_messages & filters.Chat(bot_settings.editor_chat_id) & filters.REPLY & filters.TEXT
        application.add_handler(
            MessageHandler(replies & ~filters.COMMAND, newsroom.on_editor_reply), group=NEWSROOM_GROUP
        )
    application.job_queue.run_repeating(newsroom.delivery_job, interval=newsroom.DELIVERY_EVERY_S, first=1)
    application.add_error_handler(handlers.error_handler)
    if settings.reindex_every_minutes > 0:
        interval_s = settings.reindex_every_minutes * SECONDS_PER_MINUTE
        application.job_queue.run_repeating(reindex.scheduled_reindex, interval=interval_s, first=interval_s)
        logger.info("Scheduled reindex every %s minutes", settings.reindex_every_minutes)
    application.job_queue.run_repeating(upkeep.retention_job, interval=upkeep.RETENTION_EVERY_S, first=1)
    if bot_settings.alert_check_minutes > 0:
        interval_s = bot_settings.alert_check_minutes * SECONDS_PER_MINUTE
        application.job_queue.run_repeating(alerts.alert_check, interval=interval_s, first=interval_s)
    return application


def run(application: Application, bot_settings: BotSettings) -> None:
    """Serve until SIGINT/SIGTERM: long polling, or a webhook when WEBHOOK_URL is set; exit within STOP_GRACE_S."""
    state: BotState = application.bot_data[STATE_KEY]
    stopper = GracefulStop(state.engine.request_stop, grace_s=bot_settings.stop_grace_s)
    application.bot_data[STOP_KEY] = stopper
    if bot_settings.use_webhook:
        url = bot_settings.webhook_url
        secret = (
            bot_settings.webhook_secret.get_secret_value()
            if bot_settings.webhook_secret
            else secrets.token_urlsafe(WEBHOOK_SECRET_BYTES)
        )
        logger.info(
            "Webhook mode: listening on %s:%s for %s", bot_settings.webhook_listen, bot_settings.webhook_port, url
        )
        asyncio.run(_serve_webhook(application, bot_settings, stopper, url=url, secret=secret))
    else:
        logger.info("Polling mode: fetching updates from %s", urlsplit(bot_settings.telegram_api_base_url).netloc)
        stopper.on_stop(application.stop_running)
        application.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)


async def _serve_webhook(
    application: Application, bot_settings: BotSettings, stopper: GracefulStop, *, url: str, secret: str
) -> None:
    stopped = asyncio.Event()
    stopper.on_stop(stopped.set)
    await serve_webhook(
        application,
        url=url,
        path="/" + urlsplit(url).path.strip("/"),
        address=bot_settings.webhook_listen,
        port=bot_settings.webhook_port,
        secret=secret,
        allowed_updates=ALLOWED_UPDATES,
        stopped=stopped,
    )


def main(settings: Settings | None = None) -> int:
    """``crisisbot run``: start the bot; the exit status for the CLI."""
    try:
        bot_settings = BotSettings()
    except ValidationError as error:
        print(f"Invalid Telegram settings:\n{settings_error_text(error)}", file=sys.stderr)
        return EXIT_CONFIG
    if not bot_settings.token:
        print(
            f"{TOKEN_VARIABLE} is not set. Create a bot with @BotFather in Telegram and put its token into "
            f".env or the environment: {TOKEN_VARIABLE}=123456789:AA...",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    configure_logging(bot_settings.token)
    if settings is None:
        settings = Settings()
    if not bot_settings.admin_ids:
        logger.warning("ADMIN_IDS is empty: nobody can use /reindex and /stats")

    engine = Engine(settings)
    try:
        conversations = upkeep.open_store(settings, bot_settings, engine)
    except SQLAlchemyError as error:
        logger.error("The conversation store cannot be opened (%s): check DATABASE_URL", type(error).__name__)
        return EXIT_FAILED
    application = build_application(settings, bot_settings, engine, conversations)
    try:
        run(application, bot_settings)
    except InvalidToken:
        logger.error("Telegram rejected the bot token: check %s (from @BotFather)", TOKEN_VARIABLE)
        return EXIT_FAILED
    except Exception:
        logger.exception("The bot stopped after an error")
        return EXIT_FAILED
    return EXIT_OK
