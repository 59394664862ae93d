"""Read articles from files: ``.txt``/``.md``, ``.jsonl``, ``.html`` and ``.csv``.

Sources only read and normalise; they never touch the archive. Problems with one
file or one line are collected as :class:`SourceError` and never stop the rest.

Text files may start with header lines, all optional::

    date 2016-10            (or ``date: 2016-10-04``)
    title: …   source: …   url: …   lang: …

followed by the article. The header may also run inline into the first paragraph,
as in ``" date 2016-10 Zwei Tage nach …"``. A Markdown ``# heading`` (or a short
first line without final punctuation) becomes the title; otherwise the first
sentence does. The file name is never the title.

``.html`` pages go through trafilatura (index/web.py): article text without
navigation and boilerplate, title, date, outlet and canonical link. ``.csv`` files
need a text column; the other columns are found by their usual names (see
:data:`CSV_ALIASES`) or named in the ``CSV_COLUMNS`` setting.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.language import detect_language
from index.sentences import split_sentences

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES
CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "published_at"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher"),
    "lang": ("lang", "language"),
    "id": ("id", "guid"),
}
"""Article field -> CSV column names tried in order (case-insensitive); CSV_COLUMNS overrides them."""
MAX_TITLE_CHARS = 160
MAX_HEADING_WORDS = 14
HEADER_KEYS = ("title", "source", "outlet", "url", "lang", "date", "author")

_DATE = r"(\d{4}-\d{2}(?:-\d{2})?)"
_INLINE_DATE = re.compile(rf"\A\s*date:?\s+{_DATE}\b[ \t]*\n?")
_HEADER_LINE = re.compile(rf"\A\s*({'|'.join(HEADER_KEYS)})\s*[:=]\s*(.+?)\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(rf"\A{_DATE}")
_MD_HEADING = re.compile(r"\A#{1,6}\s+(.+?)\s*#*\s*$")


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

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalize_date(value: object) -> str | None:
    """Keep ISO dates (``YYYY-MM`` or ``YYYY-MM-DD``, a time part is dropped); anything else is None."""
    if value is None:
        return None
    match = _ISO_DATE.match(str(value).strip())
    return match.group(1) if match else None


def first_sentence_title(text: str) -> str:
    spans = split_sentences(text)
    if not spans:
        return ""
    title = text[spans[0].start : spans[0].end]
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return title


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= MAX_HEADING_WORDS and not line.rstrip().endswith((".", "!", "?", "…", ":", ",", ";"))


def parse_text_file(raw: str, *, origin: str) -> ArticleRecord:
    """Split a text/Markdown file into header fields, title and body."""
    text = normalize_text(raw)
    fields: dict[str, str] = {}
    while True:
        inline = _INLINE_DATE.match(text)
        if inline:
            fields["date"] = inline.group(1)
            text = text[inline.end() :].lstrip()
            continue
        first_line, _, rest = text.partition("\n")
        header = _HEADER_LINE.match(first_line)
        if header:
            fields[header.group(1).lower()] = header.group(2)
            text = rest.lstrip()
            continue
        break
    title = fields.get("title", "")
    first_line, _, rest = text.partition("\n")
    heading = _MD_HEADING.match(first_line)
    if not title and heading:
        title, text = heading.group(1), rest.lstrip()
    elif not title and rest.startswith("\n") and _looks_like_heading(first_line):
        title, text = first_line.strip(), rest.lstrip()
    return ArticleRecord(
        text=text,
        origin=origin,
        title=title or first_sentence_title(text),
        date=normalize_date(fields.get("date")),
        source=fields.get("source") or fields.get("outlet"),
        url=fields.get("url"),
        lang=fields.get("lang"),
    )


def parse_json_record(record: object, *, origin: str) -> ArticleRecord:
    """Turn one ``.jsonl`` object into a record; raise ValueError when it has no usable text."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('the record has no "text"')
    text = normalize_text(text)
    known = {"id", "title", "date", "url", "source", "outlet", "lang", "text"}
    title = normalize_text(str(record.get("title") or "")) or first_sentence_title(text)
    return ArticleRecord(
        text=text,
        origin=origin,
        title=title,
        date=normalize_date(record.get("date")),
        source=record.get("source") or record.get("outlet"),
        url=record.get("url"),
        lang=record.get("lang"),
        extra={key: str(value) for key, value in record.items() if key not in known and value is not None},
    )


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def location_key(location: str) -> str:
    """How a source location is stored and compared: URLs as given, paths absolute and normalised, so that
    ``../shared/corpus`` and ``/work/shared/corpus`` are one source (symbolic links are not followed)."""
    location = location.strip()
    return location if is_url(location) else os.path.abspath(os.path.expanduser(location))


def keyed_origin(path: Path, key: object, number: int, seen: dict[str, int]) -> str:
    """``file#id`` for a record with an id (``file#id~2`` for the id's second record in the file, so that a
    repeated id loses nothing: identical copies are then merged in the archive), else ``file#L<line>``."""
    if key in (None, ""):
        return f"{path}#L{number}"
    origin = f"{path}#{key}"
    seen[origin] = seen.get(origin, 0) + 1
    return origin if seen[origin] == 1 else f"{origin}~{seen[origin]}"


def read_jsonl(path: Path, errors: list[SourceError]) -> Iterator[ArticleRecord]:
    seen: dict[str, int] = {}
    with path.open("r", encoding="utf-8", errors="strict") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                key = record.get("id") if isinstance(record, dict) else None
                yield parse_json_record(record, origin=keyed_origin(path, key, number, seen))
            except json.JSONDecodeError as error:
                errors.append(SourceError(where, f"not valid JSON ({error.msg} at column {error.colno})"))
            except ValueError as error:
                errors.append(SourceError(where, str(error)))


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Supported files below each path (recursively), in a stable order; hidden files skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def csv_column_map(header: list[str], columns: dict[str, str] | None = None) -> dict[str, str]:
    """Article field -> the CSV column that holds it; raises ValueError when there is no text column."""
    by_name = {name.strip().lower(): name for name in header}
    mapping: dict[str, str] = {}
    for key, aliases in CSV_ALIASES.items():
        wanted = (columns or {}).get(key)
        if wanted:
            if wanted.strip().lower() not in by_name:
                raise ValueError(f"CSV_COLUMNS names the column {wanted!r} for {key}, but the file has no such column")
            mapping[key] = by_name[wanted.strip().lower()]
            continue
        found = next((by_name[alias] for alias in aliases if alias in by_name), None)
        if found:
            mapping[key] = found
    if "text" not in mapping:
        raise ValueError(f"no text column (looked for {', '.join(CSV_ALIASES['text'])}; set CSV_COLUMNS=text=...)")
    return mapping


def read_csv(
    path: Path, errors: list[SourceError], *, columns: dict[str, str] | None = None
) -> Iterator[ArticleRecord]:
    """One article per CSV row; rows without text are reported and skipped."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            mapping = csv_column_map(list(reader.fieldnames or []), columns)
        except ValueError as error:
            errors.append(SourceError(str(path), str(error)))
            return
        seen: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            record = {key: row.get(column) for key, column in mapping.items()}
            origin = keyed_origin(path, (record.get("id") or "").strip(), number, seen)
            try:
                yield parse_json_record(record, origin=origin)
            except ValueError as error:
                errors.append(SourceError(f"{path}:{number}", str(error)))


def read_html_file(path: Path) -> ArticleRecord:
    from index.web import page_record

    return page_record(path.read_bytes(), url="", origin=str(path))


def read_sources(
    paths: list[Path], errors: list[SourceError], *, csv_columns: dict[str, str] | None = None
) -> Iterator[ArticleRecord]:
    """Every article below ``paths``; unreadable files and lines land in ``errors``."""
    for path in iter_files(paths):
        suffix = path.suffix.lower()
        try:
            if not path.exists():
                errors.append(SourceError(str(path), "no such file or folder"))
            elif suffix in JSONL_SUFFIXES:
                yield from read_jsonl(path, errors)
            elif suffix in CSV_SUFFIXES:
                yield from read_csv(path, errors, columns=csv_columns)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(path)
            elif suffix in TEXT_SUFFIXES:
                record = parse_text_file(path.read_text(encoding="utf-8"), origin=str(path))
                if record.text:
                    yield record
                else:
                    errors.append(SourceError(str(path), "the file holds no article text"))
            else:
                errors.append(SourceError(str(path), f"unsupported file type {suffix or '(none)'}"))
        except UnicodeDecodeError as error:
            errors.append(SourceError(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})"))
        except ValueError as error:
            errors.append(SourceError(str(path), str(error)))
        except csv.Error as error:
            errors.append(SourceError(str(path), f"not valid CSV ({error})"))
        except OSError as error:
            errors.append(SourceError(str(path), f"cannot be read ({error.strerror})"))


def record_language(record: ArticleRecord) -> str:
    return (record.lang or "").lower()[:2] or detect_language(record.text)
