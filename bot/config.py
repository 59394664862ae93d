"""Telegram settings, read from the environment or the same ``.env`` file as the archive settings."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
"""The webhook's plain-HTTP port is for a reverse proxy on the same host that terminates TLS; 0.0.0.0 exposed it
on every interface (issue 23, finding 14). Set WEBHOOK_LISTEN=0.0.0.0 only behind a firewall."""
DEFAULT_STOP_GRACE_S = 25.0
"""Longest the bot takes to exit after SIGTERM/SIGINT: under Kubernetes' default grace of 30 s and systemd's 90 s.
A reindex reaches its next safe point after one batch of 16 records (well under a second) or one vector commit:
64 passages on the CPU, ~8-20 s on the project's 2 shared cores (3-8 passages/s), much less on a GPU."""
DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_RATE_LIMIT_PER_MINUTE = 10
DEFAULT_ACTION_RATE_LIMIT_PER_MINUTE = 15
DEFAULT_ALERTS_PER_CHAT = 3
"""Alerts per chat and alert run: one reindex that adds many articles on a topic does not flood the chat."""
DEFAULT_ALERT_CHECK_MINUTES = 10.0
"""How often the bot looks for articles another process added (``crisisbot reindex``, cron) to alert them."""
DEFAULT_QUESTION_KEEP_DAYS = 90.0
"""A quarter: long enough for /unanswered and /stats over a crisis's weeks, no longer (README, Privacy)."""
DEFAULT_ALERT_LEASE_S = 120.0
"""An alert run takes seconds; a dead instance's lease is taken over this long after its last renewal."""
TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN"
DEFAULT_PROGRESS_EDIT_SECONDS = 3.0
"""A progress message is edited at most this often: Telegram refuses (429) edits of one message faster than about
one per second, and in groups about 20 messages a minute."""
BOT_API_DOWNLOAD_LIMIT_MB = 20
"""The Bot API's getFile serves files up to 20 MB (a local Bot API server serves more)."""
DEFAULT_UPLOAD_MAX_MB = 10
DEFAULT_NEWSROOM_NAME = "Redaktion"
DEFAULT_QUEUE_KEEP_DAYS = 30.0
"""Issue 22: a reader waits at most a month for the newsroom; then the chat id offered with the question is dropped."""
DEFAULT_RETRACTION_NOTICE_DAYS = 30.0


def _split_ids(value: object) -> object:
    """Accept ``1,2``, ``1;2``, ``1 2`` or a JSON-style list for id lists."""
    if isinstance(value, int):
        return [value]
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            return json.loads(stripped)
        return [part for part in stripped.replace(";", ",").replace(" ", ",").split(",") if part]
    return value


class BotSettings(BaseSettings):
    """Everything the Telegram front end needs; the archive itself is configured by ``index.settings``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    telegram_bot_token: SecretStr | None = Field(None, description="The token @BotFather gave you.")
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Telegram user ids allowed to use /reindex, /add, /stats and /unanswered (comma-separated).",
    )
    telegram_api_base_url: str = Field(
        DEFAULT_API_BASE_URL, description="Bot API base URL (a local Bot API server or a test double)."
    )
    webhook_url: str | None = Field(None, description="Public HTTPS URL for Telegram to post to; empty = polling.")
    webhook_listen: str = Field(DEFAULT_WEBHOOK_LISTEN, description="Address the webhook server binds to.")
    webhook_port: int = Field(DEFAULT_WEBHOOK_PORT, ge=1, le=65535, description="Port the webhook server binds to.")
    stop_grace_s: float = Field(
        DEFAULT_STOP_GRACE_S, gt=0, description="Seconds the bot may take to exit after SIGTERM/SIGINT."
    )
    webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends with each webhook call (A-Z, a-z, 0-9, _ and -); empty = random."
    )
    rate_limit_per_minute: int = Field(
        DEFAULT_RATE_LIMIT_PER_MINUTE, ge=0, description="Questions one user may ask per minute; 0 = no limit."
    )
    action_rate_limit_per_minute: int = Field(
        DEFAULT_ACTION_RATE_LIMIT_PER_MINUTE,
        ge=0,
        description="Commands and button presses one user may send per minute (besides questions); 0 = no limit.",
    )
    alerts_per_chat: int = Field(
        DEFAULT_ALERTS_PER_CHAT, ge=1, description="New articles sent per chat and alert run for followed topics."
    )
    alert_check_minutes: float = Field(
        DEFAULT_ALERT_CHECK_MINUTES,
        ge=0,
        description=(
            "Look for new articles to alert every this many minutes (those a `crisisbot reindex` added); the bot's "
            "own /reindex and scheduled reindex alert at once. 0 = only after the bot's own reindexes."
        ),
    )
    database_url: SecretStr | None = Field(
        None,
        description="The conversation store shared by every instance, `postgresql://user:password@host/db`; empty = "
        "SQLite in DATA_DIR/conversations.db (one instance). Never logged with its password.",
    )
    question_keep_days: float = Field(
        DEFAULT_QUESTION_KEEP_DAYS,
        gt=0,
        description="Questions, their answers and votes are deleted after this many days (their counts are kept).",
    )
    alert_lease_s: float = Field(
        DEFAULT_ALERT_LEASE_S, gt=0, description="How long one instance holds the alert runs before another may."
    )
    allowed_chat_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Only these chats are served (comma-separated); empty = every chat."
    )
    telegram_file_base_url: str | None = Field(
        None,
        description=(
            "Where documents sent to the bot are downloaded from; empty = TELEGRAM_API_BASE_URL with its trailing "
            "/bot replaced by /file/bot."
        ),
    )
    upload_max_mb: float = Field(
        DEFAULT_UPLOAD_MAX_MB,
        gt=0,
        le=BOT_API_DOWNLOAD_LIMIT_MB,
        description="Largest document an admin may send as a source, in MB (the Bot API downloads at most 20).",
    )
    progress_edit_seconds: float = Field(
        DEFAULT_PROGRESS_EDIT_SECONDS,
        ge=1,
        description="The reindex progress message is edited at most every this many seconds.",
    )
    editor_chat_id: int | None = Field(
        None,
        description=(
            "The newsroom's group chat: admins see the admin commands in its menu too; questions readers offer to "
            "the newsroom are shown there, and editors answer them by replying (issue 22)."
        ),
    )
    newsroom_name: str = Field(
        DEFAULT_NEWSROOM_NAME,
        min_length=1,
        max_length=80,
        description="The outlet name of the newsroom's own answers (shown as their source).",
    )
    queue_keep_days: float = Field(
        DEFAULT_QUEUE_KEEP_DAYS,
        gt=0,
        description="A reader's chat id is kept on an offered question at most this long (or until it is answered).",
    )
    retraction_notice_days: float = Field(
        DEFAULT_RETRACTION_NOTICE_DAYS,
        gt=0,
        description="Readers an article was quoted to in the last this many days get a notice when it is retracted.",
    )
    newsroom_replies: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description=(
            "Canned replies for dismissing a queue item, key=text separated by '|' (overrides or adds to the built-in "
            "'not_covered' and 'checking', which are translated)."
        ),
    )

    @field_validator("admin_ids", "allowed_chat_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        return _split_ids(value)

    @field_validator("newsroom_replies", mode="before")
    @classmethod
    def _parse_replies(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = [part.split("=", 1) for part in value.split("|") if part.strip()]
            if any(len(pair) != 2 or not pair[0].strip() or not pair[1].strip() for pair in pairs):
                raise ValueError("NEWSROOM_REPLIES is key=text|key=text")
            return {key.strip(): reply.strip() for key, reply in pairs}
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            secret = value.get_secret_value()
            if not 1 <= len(secret) <= 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret):
                raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def database(self) -> str | None:
        return self.database_url.get_secret_value() if self.database_url else None

    @property
    def file_base_url(self) -> str:
        """PTB's ``base_file_url``: TELEGRAM_FILE_BASE_URL, else the API URL's trailing ``/bot`` made ``/file/bot``."""
        if self.telegram_file_base_url:
            return self.telegram_file_base_url
        base = self.telegram_api_base_url.rstrip("/")
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"

    @property
    def use_webhook(self) -> bool:
        return bool(self.webhook_url)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids

    def is_chat_allowed(self, chat_id: int | None, user_id: int | None) -> bool:
        """Every chat when no allow-list is set; admins are always served."""
        if not self.allowed_chat_ids or self.is_admin(user_id):
            return True
        return chat_id is not None and chat_id in self.allowed_chat_ids


def settings_error_text(error: ValidationError) -> str:
    """What is wrong with the settings, one line per field, without the values given (a secret is never echoed)."""
    lines = []
    for item in error.errors(include_url=False, include_input=False, include_context=False):
        field_name = ".".join(str(part) for part in item["loc"]).upper() or "settings"
        lines.append(f"{field_name}: {item['msg']}")
    return "\n".join(lines)
