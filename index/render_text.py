"""Plain-text rendering of an :class:`~index.answer.answers.Answer` for the terminal."""

from __future__ import annotations

import textwrap
from datetime import date

from index.answer.answers import Answer, ArticleRef, Timeline
from index.text.bidi import strip_bidi
from index.text.catalogs import LOCALE_DIR, Catalogs
from index.text.dates import format_day

WRAP = 88
CATALOGS = Catalogs(LOCALE_DIR, "cli")
"""The command line's texts (index/locale/<lang>/LC_MESSAGES/cli.po): German and English so far."""


def _text(lang: str, key: str, count: int | None = None, **values: object) -> str:
    return CATALOGS.get(lang, key, count).format(count=count, **values)


def _mark(agrees: bool, lang: str) -> str:
    """How a further source stands to the main quote (``Hit.agrees``); no mark when nothing compares."""
    return _text(lang, "same_figure" if agrees else "differing_figure")


def source_line(article: ArticleRef, lang: str = "en") -> str:
    """Title, date and outlet; without a title (index/answer/titles.py) outlet and date, "(untitled)" without them."""
    parts = [article.title] if article.title else []
    parts += [part for part in (article.date, article.source) if part]
    parts = parts or [_text(lang, "untitled")]
    line = strip_bidi(" · ".join(parts))
    return f"{line}\n  {strip_bidi(article.url)}" if article.url else line


def no_answer_text(lang: str) -> str:
    return _text(lang, "no_answer")


def _lang(lang: str) -> str:
    return "de" if lang == "de" else "en"


def _day(value: str | None, lang: str) -> str:
    try:
        return format_day(date.fromisoformat((value or "")[:10]), lang)
    except ValueError:
        return value or "?"


def period_text(answer: Answer | Timeline, lang: str) -> str | None:
    """ "Period searched: September 2016" (and the undated articles searched with it); None without a period."""
    if answer.period is None:
        return None
    line = _text(_lang(lang), "period", period=answer.period.label(lang))
    undated = getattr(answer, "undated_included", 0)
    return line + (_text(_lang(lang), "undated", undated) if undated else "")


def out_of_range_text(answer: Answer | Timeline, lang: str) -> str | None:
    """ "The archive covers … to …" for a period outside it; None otherwise."""
    if not answer.out_of_range or answer.period is None:
        return None
    first, last = answer.archive_range
    return _text(
        _lang(lang), "out_of_range", period=answer.period.label(lang), first=_day(first, lang), last=_day(last, lang)
    )


def render_plain(answer: Answer) -> str:
    lang = _lang(answer.lang)
    outside = out_of_range_text(answer, lang)
    if outside:
        return outside
    period = period_text(answer, lang)
    if not answer.answered or answer.best is None:
        return no_answer_text(answer.lang) + (f"\n{period}" if period else "")
    best = answer.best
    quote = textwrap.fill(f"“{best.quote}”", width=WRAP, initial_indent="  ", subsequent_indent="  ")
    lines = [quote, "", f"— {source_line(best.article, lang)}"]
    quoted = (best.article.lang or "").lower()
    if quoted and answer.lang not in ("", "und") and quoted != answer.lang:
        key = f"original_{quoted}" if quoted in ("de", "en") else "original_other"
        lines.insert(0, _text(lang, key, original=quoted))
    if answer.hedged:
        lines.insert(0, _text(lang, "hedge"))
    if answer.latest and best.article.date:
        lines.insert(0, _text(lang, "latest", date=_day(best.article.date, lang)))
    if period:
        lines += ["", period]
    if answer.sources:
        lines += ["", _text(lang, "more_sources")]
        for hit in answer.sources:
            mark = "" if hit.agrees is None else f"[{_mark(hit.agrees, lang)}] "
            lines.append(f"  • {mark}{source_line(hit.article, lang)}")
            lines.append(textwrap.shorten(f"“{hit.quote}”", width=WRAP, placeholder=" …”").join(["    ", ""]))
    return "\n".join(lines)


def render_timeline_plain(timeline: Timeline, lang: str) -> str:
    """Every entry of a timeline, one block each: date · outlet · title, then a short verbatim quote."""
    lang = _lang(lang)
    outside = out_of_range_text(timeline, lang)
    if outside:
        return outside
    if not timeline.hits:
        return _text(lang, "timeline_empty")
    lines = []
    for hit in timeline.hits:
        article = hit.article
        head = " · ".join(
            part for part in (_day(article.date, lang) if article.date else "?", article.source, article.title) if part
        )
        lines.append(head)
        lines.append(textwrap.shorten(f"“{hit.quote}”", width=WRAP * 2, placeholder=" …”").join(["  ", ""]))
    period = period_text(timeline, lang)
    return "\n".join(lines + (["", period] if period else []))
