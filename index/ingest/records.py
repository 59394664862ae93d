"""An article as read from a source, before it enters the archive, and the clean-up every reader applies.

Shared by the file readers (``sources``), the HTML extraction (``html``) and the web (``web``),
so that none of them imports another to get at these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.text.bidi import strip_bidi
from index.text.language import detect_language

MAX_FIELD_CHARS = 2_000
"""Metadata fields (title, source, url, ...) longer than this are cut: they are a paste error, not a title."""

_DATE = r"(\d{4}-\d{2}(?:-\d{2})?)"
_ISO_DATE = re.compile(rf"\A{_DATE}")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 control characters and DEL except tab and newlines: never text, sometimes a NUL-padded export."""
SURROGATES = re.compile(r"[\ud800-\udfff]")
"""Lone UTF-16 surrogates (half an emoji, as JSON ``"\\ud83d"`` escapes in exports): not encodable as UTF-8, so
the archive could not store them; replaced by U+FFFD wherever text enters a record (issue 23, finding 3)."""


@dataclass(slots=True)
class ArticleRecord:
    """One article as read from a source, before it enters the archive."""

    text: str
    origin: str
    title: str = ""
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceError:
    """A file or line that could not be read; ``where`` names the file (and line)."""

    where: str
    message: str
    warning: bool = False
    """True when nothing was lost: the record or file was read, a field or byte was repaired."""

    def __str__(self) -> str:
        return f"{self.where}: {'warning: ' if self.warning else ''}{self.message}"


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, no trailing spaces, at most one blank line in a row."""
    text = SURROGATES.sub("\ufffd", text)
    text = CONTROL_CHARS.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, for messages and logs (no forged log lines)."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def clean_field(value: str) -> str:
    """A metadata value on one line: no control or bidi characters, spaces collapsed, at most MAX_FIELD_CHARS."""
    value = strip_bidi(SURROGATES.sub("\ufffd", value))
    return " ".join(CONTROL_CHARS.sub("", unicodedata.normalize("NFC", value)).split())[:MAX_FIELD_CHARS]


def normalize_date(value: object) -> str | None:
    """Keep ISO dates (``YYYY-MM`` or ``YYYY-MM-DD``, a time part is dropped); anything else is None."""
    if value is None:
        return None
    match = _ISO_DATE.match(str(value).strip())
    return match.group(1) if match else None


def record_language(record: ArticleRecord) -> str:
    return (record.lang or "").lower().split("-")[0] or detect_language(record.text)


def clean_metadata(record: ArticleRecord) -> ArticleRecord:
    """Every metadata field of ``record`` (title, outlet, link, language, date, extra keys and values) through
    :func:`clean_field`, and its text through the surrogate repair: applied to every record before it is stored,
    whichever reader made it, so no field the bot renders carries a bidi override or an unencodable character."""
    record.text = SURROGATES.sub("\ufffd", record.text)
    for name in ("title", "source", "url", "lang", "date"):
        value = getattr(record, name)
        if isinstance(value, str):
            setattr(record, name, clean_field(value) or (None if name != "title" else ""))
    record.extra = {clean_field(str(key)): clean_field(str(value)) for key, value in record.extra.items()}
    record.origin = SURROGATES.sub("\ufffd", record.origin)
    return record
