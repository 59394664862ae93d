"""Keep secrets out of the archive: which files a source folder may give, and token-shaped strings scrubbed.

Everything ingested is quotable to every reader, so this is the last gate before the archive (issue 23,
finding 1). Three rules, applied by the readers (``sources``, ``web``) and by :func:`scrub_record` for
records made elsewhere:

- a source folder is never left: a symbolic link whose target lies outside the folder, a file that is not a
  regular file (FIFO, device, socket) and anything under ``/proc``, ``/sys`` or ``/dev`` is skipped with a
  warning naming it (:func:`refuse_path`);
- a file that looks like a secrets file is never read: its name (or its link target's) is ``.env*``, a key
  or certificate file, or its text is mostly ``NAME=value`` lines (:func:`looks_like_secrets_file`);
- token-shaped strings (Telegram bot tokens ``<digits>:<35 chars>``, well-known API key shapes, the value of
  any ``…TOKEN=…``/``…SECRET=…``/``…PASSWORD=…``/``…API_KEY=…`` assignment, the password of a URL) are
  replaced by :data:`REDACTED` in every field, with a warning naming the record (:func:`scrub_record`).

URLs shown or stored as a link or an outlet lose their userinfo (:func:`public_url`): credentials for a
source belong in the settings, never in what readers see.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from index.ingest.records import ArticleRecord

REDACTED = "[removed]"
SYSTEM_TREES = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Pseudo file systems: never articles, and /proc/self/environ holds the process's secrets."""
SECRET_NAMES = re.compile(
    r"\A(?:\.env(?:\..*)?|.*\.env|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?|\.?netrc|\.?pgpass|"
    r"credentials(?:\..*)?|secrets?(?:\..*)?|.*\.(?:pem|key|p12|pfx|jks|keystore|asc|gpg|kdbx)(?:\.\w+)?)\Z",
    re.IGNORECASE,
)
"""File names of secrets: dotenv files, SSH/TLS keys and certificates, credential and keyring files."""
ASSIGNMENT = re.compile(r"\A\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*\S*\s*\Z")
ENV_FILE_SHARE = 0.5
"""A file at least half of whose non-blank lines (and at least 2) are ``NAME=value`` is a dotenv file, not an
article: articles have sentences; the project's own .env.example is 100 % assignments and comments."""

_ENV_SECRET = r"[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|ACCESS_KEY)[A-Z0-9_]*"
_CONFIG_SECRET = r"(?i:(?:api|access|secret|auth|bot)[_-]?(?:key|token)|client[_-]secret|password|passwd)"
TOKEN_PATTERNS = (
    re.compile(r"(?<![A-Za-z0-9])\d{6,12}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"),  # Telegram bot token
    re.compile(r"(?<![A-Za-z0-9])(?:sk|pk|rk)-(?:[A-Za-z0-9_-]*-)?[A-Za-z0-9]{20,}"),  # OpenAI/Stripe-style keys
    re.compile(r"(?<![A-Za-z0-9])(?:ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abprs])[_-][A-Za-z0-9_-]{16,}"),
    re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])"),  # AWS access key id
    re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}"),  # Google API key
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL),
)
"""Token shapes that never occur in news text (a bot token is 8-10 digits, a colon and 35 URL-safe characters)."""
ASSIGNED_SECRET = re.compile(
    rf"(\b(?:{_ENV_SECRET}|{_CONFIG_SECRET})[\"']?\s*[=:]\s*[\"']?)(?=[^\s\"',;]*\d)([^\s\"',;]{{6,}})"
)
"""``QDRANT_API_KEY=abc1…`` or ``"api_key": "abc1…"``: the value (6+ characters with a digit, as generated keys
are) goes, the name stays; upper-case names only in the env style, so "the token: a gesture" is news."""
URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@:]*:[^/\s@]*@")
"""``scheme://user:password@`` in running text."""


def public_url(url: str | None) -> str | None:
    """``url`` without ``user:password@`` (kept as given otherwise, including a URL that does not parse)."""
    if not url or "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return URL_USERINFO.sub(r"\1", url)
    if not parts.netloc or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=host))


def scrub_text(text: str) -> tuple[str, int]:
    """``text`` with every token-shaped string replaced by :data:`REDACTED`, and how many were replaced."""
    count = 0
    for pattern in TOKEN_PATTERNS:
        text, found = pattern.subn(REDACTED, text)
        count += found
    text, found = ASSIGNED_SECRET.subn(lambda match: match.group(1) + REDACTED, text)
    count += found
    text, found = URL_USERINFO.subn(r"\1", text)
    return text, count + found


def scrub_record(record: ArticleRecord) -> str | None:
    """Scrub every field of ``record`` in place; a warning (without the secret) when something was removed."""
    total = 0
    for name in ("text", "title", "source", "lang", "date"):
        value = getattr(record, name)
        if value:
            cleaned, count = scrub_text(value)
            if count:
                setattr(record, name, cleaned)
                total += count
    url = public_url(record.url)
    if url != record.url:
        record.url = url
        total += 1
    if record.url:
        record.url, count = scrub_text(record.url)
        total += count
    for key, value in list(record.extra.items()):
        cleaned, count = scrub_text(value)
        if count:
            record.extra[key] = cleaned
            total += count
    if not total:
        return None
    return f"{total} token-shaped strings (credentials, API keys, bot tokens) removed before it was stored"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def refuse_path(path: Path, root: Path | None) -> str | None:
    """Why ``path`` (found below the folder ``root``, or named on its own when None) must not be read, or None.

    Checks the path as found and its resolved target: outside ``root``, a pseudo file system, not a regular
    file, or a secrets file by name.
    """
    try:
        target = Path(os.path.realpath(path))
        mode = os.stat(target).st_mode
    except (OSError, ValueError, RuntimeError) as error:
        return f"cannot be read ({getattr(error, 'strerror', None) or error})"
    if any(_inside(target, tree) for tree in SYSTEM_TREES):
        return f"skipped: it is (or links to) {target}, a system file, not an article"
    if root is not None and not _inside(target, Path(os.path.realpath(root))):
        return "skipped: a link that leads out of the source folder (sources never leave their folder)"
    if not stat.S_ISREG(mode):
        return "skipped: not a regular file (a device, pipe or socket)"
    if SECRET_NAMES.match(path.name) or SECRET_NAMES.match(target.name):
        return "skipped: looks like a secrets file (.env, key or credentials file), never ingested"
    return None


def looks_like_secrets_file(text: str) -> bool:
    """True for a dotenv-style file: mostly ``NAME=value`` lines (see :data:`ENV_FILE_SHARE`)."""
    lines = [line for line in text.splitlines()[:200] if line.strip() and not line.lstrip().startswith("#")]
    assignments = sum(1 for line in lines if ASSIGNMENT.match(line))
    return assignments >= 2 and assignments >= ENV_FILE_SHARE * len(lines)
