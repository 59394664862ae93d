"""A small fake Telegram Bot API server for end-to-end tests of the bot.

Longer than ~350 lines on purpose: one server (updates, the methods the bot calls, the HTML check that
Telegram applies) that the end-to-end tests and bench/bot_latency.py share.

It listens on 127.0.0.1 (an ephemeral port), speaks the Bot API's JSON shape
(``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``)
for the methods the bot uses, records every call, and serves updates that a test
enqueues through ``getUpdates`` (long polling, woken up as soon as an update arrives).

Like the real API it rejects a wrong token (401), HTML that Telegram could not
parse, texts over 4096 characters, callback data over 64 bytes, edits that change
nothing and callback queries answered twice (400), so that the bot under test
meets the same errors it would meet in production.

    with FakeBotApi(TOKEN) as api:
        # start the bot with TELEGRAM_API_BASE_URL=api.base_url
        api.send_text(chat_id=1, user_id=1, text="Who talked to Lavrov?")
        reply = api.wait_for_call("sendMessage", lambda call: call.chat_id == 1)
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_BOT_ID = 7_000_000_001
DEFAULT_BOT_USERNAME = "crisis_test_bot"
MAX_POLL_S = 2.0
MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_CHARS = 200
MAX_UPDATES_PER_POLL = 100
MAX_DOWNLOAD_BYTES = 20 * 1000 * 1000
"""getFile refuses larger files ("file is too big"), as the Bot API does (a local Bot API server serves more)."""
DEFAULT_WAIT_S = 60.0

JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "link_preview_options",
    "reply_parameters",
    "caption_entities",
}
INT_PARAMS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "max_connections",
    "cache_time",
    "reply_to_message_id",
    "message_thread_id",
    "user_id",
}
BOOL_PARAMS = {
    "drop_pending_updates",
    "show_alert",
    "disable_notification",
    "protect_content",
    "allow_sending_without_reply",
    "disable_web_page_preview",
}
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
ALLOWED_ENTITIES = {"lt", "gt", "amp", "quot"}


class TelegramHtmlError(ValueError):
    """HTML that Telegram would refuse with "can't parse entities"."""


class _TelegramHtml(HTMLParser):
    """Checks Telegram's HTML subset and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TelegramHtmlError(f'Unsupported start tag "{tag}"')
        if tag == "blockquote" and "blockquote" in self.stack:
            raise TelegramHtmlError("Nested blockquotes are not supported")
        if tag == "a" and not dict(attrs).get("href"):
            raise TelegramHtmlError("a tag without href")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TelegramHtmlError(f'Unsupported self-closing tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise TelegramHtmlError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                raise TelegramHtmlError(f"Unescaped {char!r} in text")
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ALLOWED_ENTITIES:
            raise TelegramHtmlError(f"Unsupported entity &{name};")
        self.parts.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name: str) -> None:
        self.parts.append(chr(int(name[1:], 16) if name.lower().startswith("x") else int(name)))

    def unknown_decl(self, data: str) -> None:
        raise TelegramHtmlError("Unsupported declaration")


def parse_telegram_html(text: str) -> str:
    """The visible text of ``text`` (``ParseMode.HTML``); raises TelegramHtmlError where Telegram would."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        raise TelegramHtmlError("Unfinished markup at the end of the text")
    if parser.stack:
        raise TelegramHtmlError(f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"')
    return "".join(parser.parts)


def utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass(slots=True)
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    result: Any = None
    error: str | None = None

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return self.params.get("text") or ""

    def buttons(self) -> dict[str, str]:
        """Inline button text -> callback_data."""
        markup = self.params.get("reply_markup") or {}
        return {
            button["text"]: button.get("callback_data", "")
            for row in markup.get("inline_keyboard", [])
            for button in row
        }


@dataclass(slots=True)
class _Queued:
    update_id: int
    update: dict[str, Any]
    served_at: float | None = None


@dataclass
class FakeBotApi:
    """The fake server; use as a context manager or call start()/stop()."""

    token: str
    bot_id: int = DEFAULT_BOT_ID
    bot_username: str = DEFAULT_BOT_USERNAME
    max_poll_s: float = MAX_POLL_S
    calls: list[Call] = field(default_factory=list)
    served_at: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._queue: list[_Queued] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._callback_ids = itertools.count(1)
        self._open_callbacks: set[str] = set()
        self._chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chat_admins: dict[int, set[int]] = {}
        """Group chat id -> the user ids getChatMember reports as administrators (the creator is not modelled)."""
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[str, list[dict[str, Any]]] = {}
        """Language code -> the default scope's menu (as set without a scope)."""
        self.scoped_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        """(scope as canonical JSON, language code) -> menu, for every setMyCommands call, with or without a scope."""
        self.files: dict[str, tuple[str, bytes]] = {}
        """file_id -> (file_path, content) of the documents a test sent; served by getFile and the file URL."""
        self._file_ids = itertools.count(1)
        self.failures: dict[int, list[tuple[int, str]]] = {}
        """Chat id -> errors (code, description) the next sendMessage calls to it answer with, one per call."""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                api._handle(self)

            def do_GET(self) -> None:
                api._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            self._lock.notify_all()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "the server is not running"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL (the token is appended by the client)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        """Where files are downloaded from: ``/file/bot<token>/<file_path>``, as on Telegram's server."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- updates the test sends ----------------------------------------------------------------------------

    def deliver_round_robin(self, urls: list[str], secret: str) -> None:
        """Webhook mode for several instances behind a load balancer: from now on each update is POSTed to the
        next of ``urls`` in turn (with the secret header) instead of being queued for getUpdates."""
        self.webhook_targets, self.webhook_secret, self.delivered_to = list(urls), secret, []

    def enqueue(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` is assigned here) and return its id; in round-robin webhook mode
        it is POSTed to the next instance (``delivered_to`` records which)."""
        with self._lock:
            update_id = next(self._update_ids)
            update = {"update_id": update_id, **update}
            targets = getattr(self, "webhook_targets", None)
            if not targets:
                self._queue.append(_Queued(update_id, update))
                self._lock.notify_all()
                return update_id
            target = targets[len(self.delivered_to) % len(targets)]
            self.delivered_to.append(target)
        request = urllib.request.Request(
            target,
            data=json.dumps(update).encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": self.webhook_secret},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                raise RuntimeError(f"{target} answered {response.status}")
        return update_id

    def user(self, user_id: int, language_code: str | None = "en", first_name: str = "Tester") -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def chat(self, chat_id: int, chat_type: str | None = None) -> dict[str, Any]:
        if chat_id not in self._chats:
            kind = chat_type or ("private" if chat_id > 0 else "supergroup")
            chat = {"id": chat_id, "type": kind}
            chat.update({"first_name": "Tester"} if kind == "private" else {"title": f"Group {chat_id}"})
            self._chats[chat_id] = chat
        return self._chats[chat_id]

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def user_message(
        self,
        chat_id: int,
        user_id: int,
        *,
        language_code: str | None = "en",
        chat_type: str | None = None,
        reply_to: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A Message object from a user; ``content`` is e.g. ``text=...`` or ``sticker={...}``."""
        with self._lock:
            message: dict[str, Any] = {
                "message_id": self.next_message_id(chat_id),
                "date": int(time.time()),
                "chat": self.chat(chat_id, chat_type),
                "from": self.user(user_id, language_code),
                **content,
            }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if "text" in content:
            entities = text_entities(content["text"])
            if entities:
                message["entities"] = entities
        return message

    def send_text(self, chat_id: int, user_id: int, text: str, **options: Any) -> int:
        return self.enqueue({"message": self.user_message(chat_id, user_id, text=text, **options)})

    def send_edited_text(
        self, chat_id: int, user_id: int, text: str, *, message_id: int | None = None, **options: Any
    ) -> int:
        """The user edited their message ``message_id`` (a new id when None) to ``text``."""
        message = self.user_message(chat_id, user_id, text=text, **options)
        if message_id is not None:
            message["message_id"] = message_id
        message["edit_date"] = int(time.time())
        return self.enqueue({"edited_message": message})

    def send_sticker(self, chat_id: int, user_id: int, **options: Any) -> int:
        sticker = {
            "file_id": "sticker-file",
            "file_unique_id": "sticker-unique",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "🙂",
        }
        return self.enqueue({"message": self.user_message(chat_id, user_id, sticker=sticker, **options)})

    def send_photo(self, chat_id: int, user_id: int, caption: str | None = None, **options: Any) -> int:
        photo = [{"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 90, "height": 90}]
        extra = {"caption": caption} if caption else {}
        return self.enqueue({"message": self.user_message(chat_id, user_id, photo=photo, **extra, **options)})

    def send_voice(self, chat_id: int, user_id: int, **options: Any) -> int:
        voice = {"file_id": "voice-file", "file_unique_id": "voice-unique", "duration": 3}
        return self.enqueue({"message": self.user_message(chat_id, user_id, voice=voice, **options)})

    def send_document(
        self,
        chat_id: int,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        file_size: int | None = None,
        **options: Any,
    ) -> int:
        """A document message; ``file_size`` overrides the declared size (the bytes served stay ``content``)."""
        with self._lock:
            number = next(self._file_ids)
            file_id = f"document-{number}"
            self.files[file_id] = (f"documents/file_{number}{_suffix(file_name)}", content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"unique-{number}",
            "file_name": file_name,
            "file_size": len(content) if file_size is None else file_size,
        }
        extra: dict[str, Any] = {"caption": caption} if caption else {}
        if caption:
            entities = text_entities(caption)
            if entities:
                extra["caption_entities"] = entities
        return self.enqueue({"message": self.user_message(chat_id, user_id, document=document, **extra, **options)})

    def commands_for(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[str]:
        """The command names of the menu set for ``scope`` (None: the default scope) and ``language_code``."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        with self._lock:
            return [command["command"] for command in self.scoped_commands.get(key, [])]

    def press_button(self, chat_id: int, message_id: int, user_id: int, data: str, **options: Any) -> int:
        """A callback query from the inline keyboard of the bot's message ``message_id``."""
        with self._lock:
            message = self.messages.get((chat_id, message_id)) or {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self.chat(chat_id),
                "from": self._bot_user(),
                "text": "?",
            }
            query_id = str(next(self._callback_ids))
            self._open_callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": self.user(user_id, options.get("language_code", "en")),
            "message": message,
            "chat_instance": f"instance-{chat_id}",
            "data": data,
        }
        return self.enqueue({"callback_query": query})

    # -- what the bot did ----------------------------------------------------------------------------------

    def calls_of(self, method: str, predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (predicate is None or predicate(c))]

    def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = DEFAULT_WAIT_S,
        after: float | None = None,
    ) -> Call:
        """The first call of ``method`` (made after ``after``, a time.monotonic() value) that matches."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for call in self.calls:
                    fits = call.method == method and (after is None or call.at >= after)
                    if fits and (predicate is None or predicate(call)):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = [(c.method, c.params.get("text", "")[:80]) for c in self.calls[-8:]]
                    raise TimeoutError(f"no {method} call matched within {timeout} s; last calls: {recent}")
                self._lock.wait(min(remaining, 0.5))

    def wait_until_served(self, update_id: int, timeout: float = DEFAULT_WAIT_S) -> float:
        deadline = time.monotonic() + timeout
        with self._lock:
            while update_id not in self.served_at:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"update {update_id} was not fetched within {timeout} s")
                self._lock.wait(min(remaining, 0.5))
            return self.served_at[update_id]

    def replies_to(self, chat_id: int, after: float | None = None) -> list[Call]:
        return self.calls_of("sendMessage", lambda c: c.chat_id == chat_id and (after is None or c.at >= after))

    # -- HTTP --------------------------------------------------------------------------------------------

    def _serve_file(self, request: BaseHTTPRequestHandler, token: str, file_path: str) -> None:
        """GET /file/bot<token>/<file_path>: the content of a document (404 for an unknown path or a wrong token)."""
        with self._lock:
            found = [data for path, data in self.files.values() if path == file_path]
        status = HTTPStatus.OK if token == self.token and found else HTTPStatus.NOT_FOUND
        payload = found[0] if status == HTTPStatus.OK else b'{"ok":false,"error_code":404,"description":"Not Found"}'
        self._record(Call("downloadFile", {"file_path": file_path}, time.monotonic(), ok=status == HTTPStatus.OK))
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/octet-stream")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlsplit(request.path)
        download = re.fullmatch(r"/file/bot([^/]+)/(.+)", unquote(path.path))
        if download:
            self._serve_file(request, *download.groups())
            return
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", unquote(path.path))
        status, body = HTTPStatus.NOT_FOUND, {"ok": False, "error_code": 404, "description": "Not Found"}
        if match:
            token, method = match.groups()
            params = self._params(request, path.query)
            if token != self.token:
                status, body = HTTPStatus.UNAUTHORIZED, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                self._record(Call(method, params, time.monotonic(), ok=False, error="Unauthorized"))
            else:
                status, body = self._dispatch(method, params)
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. a long poll at shutdown)
            return
        if match and match.group(2).lower() == "getupdates" and body.get("ok"):
            served = time.monotonic()
            with self._lock:
                for update in body["result"]:
                    self.served_at.setdefault(update["update_id"], served)
                self._lock.notify_all()

    @staticmethod
    def _params(request: BaseHTTPRequestHandler, query: str) -> dict[str, Any]:
        raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if body and "json" in content_type:
            raw.update(json.loads(body))
            return raw
        if body:
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if not isinstance(value, str):
                params[key] = value
            elif key in JSON_PARAMS:
                params[key] = json.loads(value)
            elif key in INT_PARAMS and re.fullmatch(r"-?\d+", value):
                params[key] = int(value)
            elif key in BOOL_PARAMS:
                params[key] = value.lower() == "true"
            else:
                params[key] = value
        return params

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _dispatch(self, method: str, params: dict[str, Any]) -> tuple[HTTPStatus, dict[str, Any]]:
        handler = getattr(self, f"_api_{method.lower()}", None)
        received = time.monotonic()
        if method.lower() == "getupdates":  # long poll: record after the wait, when it answers
            received = None
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = handler(params)
        except ApiError as error:
            self._record(Call(method, params, received or time.monotonic(), ok=False, error=error.description))
            return HTTPStatus(error.code), {"ok": False, "error_code": error.code, "description": error.description}
        self._record(Call(method, params, received or time.monotonic(), result=result))
        return HTTPStatus.OK, {"ok": True, "result": result}

    # -- API methods ----------------------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Crisis Test Bot",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or MAX_UPDATES_PER_POLL)
        wait_s = min(float(params.get("timeout") or 0), self.max_poll_s)
        deadline = time.monotonic() + wait_s
        with self._lock:
            while True:
                if offset:
                    self._queue = [item for item in self._queue if item.update_id >= offset]
                ready = self._queue[:limit]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._server is None:
                    return [item.update for item in ready]
                self._lock.wait(remaining)

    def _check_text(self, text: Any, parse_mode: str | None) -> str:
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = text
        if parse_mode and parse_mode.upper() == "HTML":
            try:
                visible = parse_telegram_html(text)
            except TelegramHtmlError as error:
                raise ApiError(400, f"Bad Request: can't parse entities: {error}") from error
        if utf16_len(visible) > MAX_TEXT_UTF16:
            raise ApiError(400, "Bad Request: message is too long")
        if not visible.strip():
            raise ApiError(400, "Bad Request: text must be non-empty")
        return visible

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    def fail_next_messages(self, chat_id: int, *errors: tuple[int, str]) -> None:
        """The next ``len(errors)`` sendMessage calls to ``chat_id`` fail with these (code, description)."""
        with self._lock:
            self.failures.setdefault(chat_id, []).extend(errors)

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        with self._lock:
            failure = self.failures.get(chat_id, []).pop(0) if self.failures.get(chat_id) else None
        if failure is not None:
            raise ApiError(*failure)
        visible = self._check_text(params.get("text"), params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        with self._lock:
            message: dict[str, Any] = {
                "message_id": self.next_message_id(chat_id),
                "date": int(time.time()),
                "chat": self.chat(chat_id),
                "from": self._bot_user(),
                "text": visible,
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[(chat_id, message["message_id"])] = message
        return message

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        visible = self._check_text(params.get("text"), params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        with self._lock:
            message = self.messages.get((chat_id, int(params.get("message_id") or 0)))
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            if message["text"] == visible and message.get("reply_markup") == params.get("reply_markup"):
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message",
                )
            message = {**message, "text": visible, "edit_date": int(time.time())}
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[(chat_id, message["message_id"])] = message
        return message

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        self._chat_id(params)
        return True

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if len(params.get("text") or "") > MAX_CALLBACK_ANSWER_CHARS:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        with self._lock:
            if query_id not in self._open_callbacks:
                raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            self._open_callbacks.discard(query_id)
        return True

    def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise ApiError(400, "Bad Request: invalid user_id specified")
        with self._lock:
            admin = user_id in self.chat_admins.get(chat_id, set())
        user = self.user(user_id)
        if admin:
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        return {"status": "member", "user": user}

    def _api_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat_id = self._chat_id(params)
        with self._lock:
            admins = sorted(self.chat_admins.get(chat_id, set()))
        return [self._api_getchatmember({"chat_id": chat_id, "user_id": user_id}) for user_id in admins]

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith("https://") and params.get("url"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(params) if params.get("url") else None
        return True

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            pending = len(self._queue)
        url = self.webhook.get("url", "") if self.webhook else ""
        return {"url": url, "has_custom_certificate": False, "pending_update_count": pending}

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") in {"chat", "chat_member", "chat_administrators"} and not isinstance(
            scope.get("chat_id"), int
        ):
            raise ApiError(400, "Bad Request: chat not found")
        language = params.get("language_code") or ""
        with self._lock:
            if scope.get("type") == "default":
                self.commands[language] = params.get("commands") or []
            self.scoped_commands[(json.dumps(scope, sort_keys=True), language)] = params.get("commands") or []
        return True

    def _api_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id")
        with self._lock:
            found = self.files.get(file_id) if isinstance(file_id, str) else None
        if found is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        file_path, content = found
        if len(content) > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(content), "file_path": file_path}

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(params.get("language_code") or "", [])

    def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(params.get("language_code") or "", None)
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logout(self, params: dict[str, Any]) -> bool:
        return True


def _suffix(file_name: str) -> str:
    match = re.search(r"\.\w+$", file_name)
    return match.group().lower() if match else ""


_MENTION = re.compile(r"@\w{3,}")
_COMMAND = re.compile(r"/\w+(?:@\w+)?")


def _utf16_offset(text: str, index: int) -> int:
    return utf16_len(text[:index])


def text_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would attach: a leading bot command and @mentions (UTF-16 offsets)."""
    entities = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        entities.append(
            {
                "type": "mention",
                "offset": _utf16_offset(text, mention.start()),
                "length": utf16_len(mention.group()),
            }
        )
    return entities
