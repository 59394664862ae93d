"""Read articles from files: ``.txt``/``.md``, ``.jsonl``, ``.html`` and ``.csv``.

Over ~350 lines on purpose: one reader per file type, sharing the header, title and field clean-up
rules; the record they make and its clean-up are in ``records.py``.

Sources only read and normalise; they never touch the archive. Problems with one
file or one line are collected as :class:`SourceError` and never stop the rest.

Text files may start with header lines, all optional::

    date 2016-10            (or ``date: 2016-10-04``)
    title: …   source: …   url: …   lang: …

followed by the article. The header may also run inline into the first paragraph,
as in ``" date 2016-10 Zwei Tage nach …"``. A Markdown ``# heading`` (or a short
first line without final punctuation) becomes the title; otherwise the first
sentence does. The file name is never the title.

``.html`` pages go through trafilatura (index/ingest/html.py): article text without
navigation and boilerplate, title, date, outlet and canonical link. ``.csv`` files
need a text column; the other columns are found by their usual names (see
:data:`CSV_ALIASES`) or named in the ``CSV_COLUMNS`` setting.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from index.ingest.html import page_record
from index.ingest.records import (
    CONTROL_CHARS,
    MAX_FIELD_CHARS,
    ArticleRecord,
    SourceError,
    clean_field,
    clean_metadata,
    normalize_date,
    normalize_text,
    printable,
)
from index.ingest.secrets import looks_like_secrets_file, refuse_path, scrub_record
from index.text.sentences import split_sentences

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
MAX_TITLE_LINE_WORDS = 14
HEADER_KEYS = ("title", "source", "outlet", "url", "lang", "date", "author")
MAX_HEADER_LINES = 2 * len(HEADER_KEYS)
"""Header lines scanned at the top of a text file: each key once, with room for repeats; the rest is article."""
MAX_HEADER_LINE_CHARS = 2_000
"""A longer first line is article text, not a header or a heading (the longest URLs browsers keep are ~2,000)."""
JSONL_FIELDS = ("id", "title", "date", "url", "source", "outlet", "lang")
"""The metadata fields of a record, coerced to clean strings (the text is checked on its own)."""
FALLBACK_ENCODING = "cp1252"
"""Newsroom exports that are not UTF-8 are mostly Windows-1252 (a superset of Latin-1's printable characters)."""

_DATE = r"(\d{4}-\d{2}(?:-\d{2})?)"
_INLINE_DATE = re.compile(rf"\A\s*date:?\s+{_DATE}\b[ \t]*\n?")
_HEADER_LINE = re.compile(rf"\A\s*({'|'.join(HEADER_KEYS)})\s*[:=](.*)\Z", re.IGNORECASE)
_MD_HEADING = re.compile(r"\A#{1,6}\s+(\S.*)\Z")
"""Linear by construction: no two adjacent repeats can match the same characters (the closing ``#``s and spaces
are stripped in Python, see :func:`_heading_title`)."""
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Bytes of a text file as text, and a warning when they were not clean UTF-8 (else None).

    A UTF-8 or UTF-16 byte order mark is honoured; otherwise each line is UTF-8, or Windows-1252 where it is
    not (then Latin-1, which decodes any byte). Lines are split on the newline byte, which no UTF-8 sequence
    contains, so a UTF-8 file with one Latin-1 line keeps its other lines intact. NUL bytes are removed.
    Raises UnicodeDecodeError only for a file that announces UTF-16 and is not.
    """
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), None
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    fallback: list[int] = []
    decoded = []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            fallback.append(number)
            try:
                decoded.append(line.decode(FALLBACK_ENCODING))
            except UnicodeDecodeError:
                decoded.append(line.decode("latin-1"))
    text = "\n".join(decoded)
    notes = []
    if fallback:
        shown = ", ".join(str(number) for number in fallback[:5]) + (", ..." if len(fallback) > 5 else "")
        notes.append(f"not UTF-8: line {shown} read as Windows-1252/Latin-1 ({len(fallback)} lines)")
    if "\x00" in text:
        notes.append(f"{text.count(chr(0))} NUL bytes removed")
        text = text.replace("\x00", "")
    return text, "; ".join(notes) or None


def first_sentence_title(text: str) -> str:
    spans = split_sentences(text)
    if not spans:
        return ""
    title = text[spans[0].start : spans[0].end]
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return title


def _is_title_line(line: str) -> bool:
    """A file's first line that is its title: up to 14 words, no final punctuation, no ``:``. Not the
    sub-heading rule of ``index.text.sentences`` (12 words, ``:`` allowed, no dangling last word): a title
    line stands alone above a blank line, so it may be longer, and a line ending with ``:`` introduces the text."""
    words = line.split()
    return 0 < len(words) <= MAX_TITLE_LINE_WORDS and not line.rstrip().endswith((".", "!", "?", "…", ":", ",", ";"))


def _heading_title(line: str) -> str | None:
    """The title of a Markdown ``# heading`` line (closing ``#``s dropped), or None."""
    if len(line) > MAX_HEADER_LINE_CHARS:
        return None
    heading = _MD_HEADING.match(line)
    if not heading:
        return None
    content = heading.group(1).rstrip()
    return content.rstrip("#").rstrip() or content


def _header_field(line: str) -> tuple[str, str] | None:
    """``(key, value)`` of a ``key: value`` header line, or None."""
    if len(line) > MAX_HEADER_LINE_CHARS:
        return None
    header = _HEADER_LINE.match(line)
    if not header or not header.group(2).strip():
        return None
    return header.group(1).lower(), header.group(2).strip()


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Header fields at the top of ``text`` (at most MAX_HEADER_LINES) and the text after them."""
    fields: dict[str, str] = {}
    for _line in range(MAX_HEADER_LINES):
        inline = _INLINE_DATE.match(text)
        if inline:
            fields["date"] = inline.group(1)
            text = text[inline.end() :].lstrip()
            continue
        first_line, _, rest = text.partition("\n")
        header = _header_field(first_line)
        if header is None:
            break
        fields[header[0]] = header[1]
        text = rest.lstrip()
    return fields, text


def parse_text_file(raw: str, *, origin: str) -> ArticleRecord:
    """Split a text/Markdown file into header fields, title and body."""
    fields, text = _split_header(normalize_text(raw))
    title = fields.get("title", "")
    first_line, _, rest = text.partition("\n")
    heading = _heading_title(first_line)
    if not title and heading:
        title, text = heading, rest.lstrip()
    elif not title and rest.startswith("\n") and _is_title_line(first_line):
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


def _describe(value: object) -> str:
    kind = {bool: "a true/false value", dict: "an object", list: "a list"}.get(type(value), "a number")
    return f"{kind} ({printable(json.dumps(value, ensure_ascii=False, default=str)[:40])})"


def coerce_field(key: str, value: object, notes: list[str]) -> str | None:
    """``value`` as a clean one-line string, or None; what was changed or dropped is added to ``notes``."""
    if value is None:
        return None
    if isinstance(value, str):
        cleaned = clean_field(value)
        if CONTROL_CHARS.search(value):
            notes.append(f'control characters removed from "{key}"')
        if len(" ".join(value.split())) > MAX_FIELD_CHARS:
            notes.append(f'"{key}" cut to {MAX_FIELD_CHARS:,} characters')
        return cleaned or None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        if key != "id":  # numeric ids are usual in exports
            notes.append(f'"{key}" is {_describe(value)}: stored as the text "{value}"')
        return str(value)
    if isinstance(value, list) and value and all(isinstance(item, str | int | float) for item in value):
        joined = clean_field(", ".join(str(item) for item in value if not isinstance(item, bool)))
        notes.append(f'"{key}" is {_describe(value)}: stored as the text "{printable(joined[:40])}"')
        return joined or None
    notes.append(f'"{key}" is {_describe(value)}: dropped')
    return None


def parse_json_record(record: object, *, origin: str, notes: list[str] | None = None) -> ArticleRecord:
    """Turn one ``.jsonl`` object into a record; raise ValueError when it has no usable text.

    Metadata fields that are not clean strings are coerced or dropped, never the record: each repair is
    added to ``notes`` (the caller reports them as warnings naming file and line).
    """
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    text = normalize_text(text) if isinstance(text, str) else ""
    if not text:
        raise ValueError('the record has no "text"')
    notes = notes if notes is not None else []
    fields = {key: coerce_field(key, record.get(key), notes) for key in JSONL_FIELDS}
    known = {*JSONL_FIELDS, "text"}
    return ArticleRecord(
        text=text,
        origin=origin,
        title=normalize_text(fields["title"] or "") or first_sentence_title(text),
        date=normalize_date(fields["date"]),
        source=fields["source"] or fields["outlet"],
        url=fields["url"],
        lang=fields["lang"],
        extra={key: clean_field(str(value)) for key, value in record.items() if key not in known and value is not None},
    )


def record_key(record: object) -> str | None:
    """The ``id`` of a JSON record as a clean string, or None (a bad id is reported by parse_json_record)."""
    if not isinstance(record, dict):
        return None
    return coerce_field("id", record.get("id"), [])


def keyed_origin(path: Path, key: object, number: int, seen: dict[str, int]) -> str:
    """``file#id`` for a record with an id (``file#id~2`` for the id's second record in the file, so that a
    repeated id loses nothing: identical copies are then merged in the archive), else ``file#L<line>``."""
    if key in (None, ""):
        return f"{path}#L{number}"
    origin = f"{path}#{key}"
    seen[origin] = seen.get(origin, 0) + 1
    return origin if seen[origin] == 1 else f"{origin}~{seen[origin]}"


def read_decoded(path: Path, errors: list[SourceError]) -> str:
    """The text of a file: UTF-8, or decoded with a fallback and a warning (see :func:`decode_text`)."""
    text, warning = decode_text(path.read_bytes())
    if looks_like_secrets_file(text):
        raise ValueError("skipped: looks like a secrets file (mostly NAME=value lines), never ingested")
    if warning:
        errors.append(SourceError(str(path), warning, warning=True))
    return text


def read_jsonl(path: Path, errors: list[SourceError]) -> Iterator[ArticleRecord]:
    seen: dict[str, int] = {}
    for number, line in enumerate(read_decoded(path, errors).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        notes: list[str] = []
        try:
            record = json.loads(line)
            origin = keyed_origin(path, record_key(record), number, seen)
            yield parse_json_record(record, origin=origin, notes=notes)
        except json.JSONDecodeError as error:
            errors.append(SourceError(where, f"not valid JSON ({error.msg} at column {error.colno})"))
        except RecursionError:
            errors.append(SourceError(where, "the record nests too deeply to be read"))
        except ValueError as error:
            errors.append(SourceError(where, str(error)))
        except Exception as error:  # a reader is total: one bad record never costs the file
            errors.append(SourceError(where, unreadable(error)))
        errors.extend(SourceError(where, note, warning=True) for note in notes)


def iter_files(paths: list[Path], errors: list[SourceError] | None = None) -> Iterator[Path]:
    """Supported files below each path (recursively), in a stable order; hidden files skipped.

    A folder is never left (see :func:`index.ingest.secrets.refuse_path`): links out of it, special files,
    system files and secrets files are skipped, each with a warning in ``errors``; links inside it are read.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if hidden or child.suffix.lower() not in SUPPORTED_SUFFIXES or child.is_dir():
                    continue
                refused = refuse_path(child, path)
                if refused is None:
                    yield child
                elif errors is not None:
                    errors.append(SourceError(str(child), refused, warning=True))
        elif path.exists() and (refused := refuse_path(path, None)) is not None:
            if errors is not None:
                errors.append(SourceError(str(path), refused, warning=True))
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
    reader = csv.DictReader(io.StringIO(read_decoded(path, errors), newline=""))
    try:
        mapping = csv_column_map(list(reader.fieldnames or []), columns)
    except ValueError as error:
        errors.append(SourceError(str(path), str(error)))
        return
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        record = {key: row.get(column) for key, column in mapping.items()}
        origin = keyed_origin(path, record_key(record), number, seen)
        notes: list[str] = []
        try:
            yield parse_json_record(record, origin=origin, notes=notes)
        except ValueError as error:
            errors.append(SourceError(f"{path}:{number}", str(error)))
        except Exception as error:  # one bad row never costs the file
            errors.append(SourceError(f"{path}:{number}", unreadable(error)))
        errors.extend(SourceError(f"{path}:{number}", note, warning=True) for note in notes)


def read_html_file(path: Path) -> ArticleRecord:
    return page_record(path.read_bytes(), url="", origin=str(path))


def read_sources(
    paths: list[Path], errors: list[SourceError], *, csv_columns: dict[str, str] | None = None
) -> Iterator[ArticleRecord]:
    """Every article below ``paths``; unreadable files and lines land in ``errors``.

    Every record is scrubbed of token-shaped strings (:func:`index.ingest.secrets.scrub_record`) with a
    warning naming it.
    """
    for record in _read_files(paths, errors, csv_columns=csv_columns):
        note = scrub_record(clean_metadata(record))
        if note:
            errors.append(SourceError(record.origin, note, warning=True))
        yield record


def _read_files(
    paths: list[Path], errors: list[SourceError], *, csv_columns: dict[str, str] | None = None
) -> Iterator[ArticleRecord]:
    for path in iter_files(paths, errors):
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
                record = parse_text_file(read_decoded(path, errors), origin=str(path))
                if record.text:
                    yield record
                else:
                    errors.append(SourceError(str(path), "the file holds no article text"))
            else:
                errors.append(SourceError(str(path), f"unsupported file type {suffix or '(none)'}"))
        except UnicodeDecodeError as error:
            errors.append(
                SourceError(str(path), f"not UTF-8 text, and not the UTF-16 its first bytes announce ({error.reason})")
            )
        except ValueError as error:
            errors.append(SourceError(str(path), str(error)))
        except csv.Error as error:
            errors.append(SourceError(str(path), f"not valid CSV ({error})"))
        except OSError as error:
            errors.append(SourceError(str(path), f"cannot be read ({error.strerror})"))
        except Exception as error:  # a reader is total: one bad file never stops the others
            errors.append(SourceError(str(path), unreadable(error)))


def unreadable(error: Exception) -> str:
    """The message for an error no reader expected: its type and text, escaped and short."""
    return f"cannot be read ({type(error).__name__}: {printable(str(error))[:200]})"
