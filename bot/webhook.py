"""Webhook mode's HTTP server: the secret header is checked before a byte of the body is read, and the body is
capped (issue 23, finding 14).

python-telegram-bot's own webhook server (tornado) reads a request's whole body before its handler checks the
``X-Telegram-Bot-Api-Secret-Token`` header: one 60 MB POST without the secret raised the bot's memory by 166 MB
before the 403. Here the handler streams the body (``stream_request_body``): ``prepare`` refuses a request
without the right secret (403) or with a ``Content-Length`` over :data:`MAX_UPDATE_BYTES` (413) before the body is
read, and ``data_received`` stops at the cap for a chunked body. The Application is run by hand around it
(initialize, ``post_init``, ``setWebhook``, start; stop on SIGTERM/SIGINT), as PTB documents for custom servers.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from http import HTTPStatus

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1_000_000
"""Largest update body accepted: Telegram's updates are a few kB (a message with a 4,096-character text and its
entities is ~10 kB); 1 MB leaves a hundredfold margin."""


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POSTed updates into the application's queue; the secret and the size are checked before the body."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, telegram_app: Application, secret: str, max_bytes: int) -> None:
        self.telegram_app = telegram_app
        self.secret = secret
        self.max_bytes = max_bytes
        self.body = bytearray()

    def prepare(self) -> None:
        token = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.secret.encode("utf-8")):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="wrong or missing secret token")
        length = self.request.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > self.max_bytes:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, reason="update too large")
        self.request.connection.set_max_body_size(self.max_bytes)

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > self.max_bytes:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, reason="update too large")

    async def post(self) -> None:
        try:
            update = Update.de_json(json.loads(bytes(self.body)), self.telegram_app.bot)
        except (ValueError, TypeError, KeyError) as error:
            logger.warning("A webhook request that is not an update was dropped (%s)", type(error).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="not an update") from error
        if update is not None:
            await self.telegram_app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: object) -> None:
        return None  # refused requests are expected; nothing of them is logged


def webhook_app(application: Application, path: str, secret: str, max_bytes: int = MAX_UPDATE_BYTES):
    """The tornado application that serves ``path`` (leading ``/``, without trailing one)."""
    handlers = [(rf"{path}/?", UpdateHandler, {"telegram_app": application, "secret": secret, "max_bytes": max_bytes})]
    return tornado.web.Application(handlers, log_function=lambda _handler: None)


def listen(app: tornado.web.Application, *, address: str, port: int, max_bytes: int = MAX_UPDATE_BYTES):
    """Start serving ``app``; the server never buffers more than ``max_bytes`` of one body."""
    server = tornado.httpserver.HTTPServer(app, max_body_size=max_bytes, max_buffer_size=max_bytes + 64 * 1024)
    server.listen(port, address=address)
    return server


async def serve_webhook(
    application: Application,
    *,
    url: str,
    path: str,
    address: str,
    port: int,
    secret: str,
    allowed_updates: list[str],
    stopped: asyncio.Event,
    on_stop: Callable[[], None] | None = None,
) -> None:
    """Run ``application`` behind the guarded server until ``stopped`` is set (the caller's signal handlers)."""
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        server = listen(webhook_app(application, path, secret), address=address, port=port)
        await application.start()
        try:
            await stopped.wait()
        finally:
            if on_stop is not None:
                on_stop()
            server.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)
