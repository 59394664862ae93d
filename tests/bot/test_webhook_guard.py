"""The webhook server checks the secret before it reads a body, and caps the body (issue 23, finding 14).

Real HTTP over a socket to the bot's tornado server on 127.0.0.1; the requests announce a 60 MB body and send
only their headers: a server that read the body first would wait for it, this one answers at once.
"""

from __future__ import annotations

import asyncio
import json
import socket
from types import SimpleNamespace

import pytest
from telegram import Bot

from bot.config import BotSettings
from bot.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, listen, webhook_app
from tests.conftest import BOT_VARIABLES

TOKEN = "123456:TEST-token-for-the-webhook-guard-000"
SECRET = "hook_Secret-42"
BIG = 60_000_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def exchange(port: int, head: str, body: bytes = b"", *, timeout_s: float = 3.0) -> str:
    """Send ``head`` (and ``body``) and return the status line of the answer (within ``timeout_s``)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head.encode("ascii") + body)
    await writer.drain()
    try:
        status = await asyncio.wait_for(reader.readline(), timeout_s)
    finally:
        writer.close()
    return status.decode("ascii", "replace").strip()


def request_head(*, length: int, secret: str | None, chunked: bool = False) -> str:
    lines = ["POST /telegram-hook HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}")
    if secret is not None:
        lines.append(f"{SECRET_HEADER}: {secret}")
    return "\r\n".join(lines) + "\r\n\r\n"


async def scenario() -> dict[str, object]:
    queue: asyncio.Queue = asyncio.Queue()
    application = SimpleNamespace(bot=Bot(TOKEN), update_queue=queue)
    port = free_port()
    server = listen(webhook_app(application, "/telegram-hook", SECRET), address="127.0.0.1", port=port)
    try:
        update = json.dumps(
            {
                "update_id": 7,
                "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "hi"},
            }
        ).encode()
        results = {
            "no_secret": await exchange(port, request_head(length=BIG, secret=None)),
            "wrong_secret": await exchange(port, request_head(length=BIG, secret="nope")),
            "too_large": await exchange(port, request_head(length=BIG, secret=SECRET)),
            "chunked_too_large": await exchange(
                port,
                request_head(length=0, secret=SECRET, chunked=True),
                (f"{MAX_UPDATE_BYTES + 10:x}\r\n".encode() + b"x" * (MAX_UPDATE_BYTES + 10) + b"\r\n0\r\n\r\n"),
            ),
            "good": await exchange(port, request_head(length=len(update), secret=SECRET), update),
        }
        results["queued"] = queue.qsize()
        return results
    finally:
        server.stop()


def test_the_secret_and_the_size_are_checked_before_the_body_is_read() -> None:
    results = asyncio.run(scenario())
    assert results["no_secret"].startswith("HTTP/1.1 403"), results
    assert results["wrong_secret"].startswith("HTTP/1.1 403"), results
    assert results["too_large"].startswith("HTTP/1.1 413"), results
    assert results["chunked_too_large"].startswith(("HTTP/1.1 413", "HTTP/1.1 400")) or not results["chunked_too_large"]
    assert results["good"].startswith("HTTP/1.1 200"), results
    assert results["queued"] == 1


def test_the_webhook_listens_on_localhost_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert BotSettings(_env_file=None).webhook_listen == "127.0.0.1"
