"""Plain-text rendering of an :class:`~index.answer.answers.Answer` for the terminal."""

from __future__ import annotations

import textwrap
from datetime import date

from index.answer.answers import Answer, ArticleRef, Timeline
from index.text.bidi import strip_bidi
from index.text.dates import format_day

WRAP = 88
NO_ANSWER = {
    "de": "Dazu finde ich im Archiv nichts. Versuchen Sie es mit anderen Worten oder fragen Sie genauer.",
    "en": "The archive holds nothing on that. Try rephrasing, or ask more specifically.",
}

MARKS = {
    "de": {True: "gleiche Angabe", False: "abweichende Angabe"},
    "en": {True: "same figure", False: "differing figure"},
}
"""How a further source stands to the main quote (``Hit.agrees``); no mark when nothing compares."""


HEDGE = {
    "de": "Ich bin nicht sicher, ob diese Stelle Ihre Frage beantwortet:",
    "en": "I am not sure this passage answers your question:",
}
ORIGINAL = {
    "de": {"de": "Zitat im deutschen Original", "en": "Zitat im englischen Original", "": "Zitat im Original ({0})"},
    "en": {
        "de": "Quote in the German original",
        "en": "Quote in the English original",
        "": "Quote in the original ({0})",
    },
}
"""The terminal's lines for a hedged answer and a quote in another language than the question (the bot has them in
all its languages, bot/i18n.py)."""


def source_line(article: ArticleRef) -> str:
    """Title, date and outlet; without a title (index/answer/titles.py) outlet and date, "(untitled)" without them."""
    parts = [article.title] if article.title else []
    parts += [part for part in (article.date, article.source) if part]
    parts = parts or ["(untitled)"]
    line = strip_bidi(" · ".join(parts))
    return f"{line}\n  {strip_bidi(article.url)}" if article.url else line


def no_answer_text(lang: str) -> str:
    return NO_ANSWER.get(lang, NO_ANSWER["en"])


PERIOD = {"de": "Gesucht im Zeitraum: {period}", "en": "Period searched: {period}"}
UNDATED = {"de": " (dazu {count} Artikel ohne Datum)", "en": " (and {count} undated articles)"}
LATEST = {"de": "Stand: {date} (neuester passender Bericht)", "en": "As of {date} (newest matching report)"}
OUT_OF_RANGE = {
    "de": "Zum Zeitraum {period} habe ich nichts: Das Archiv reicht vom {first} bis {last}.",
    "en": "I have nothing for {period}: the archive covers {first} to {last}.",
}


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
    line = PERIOD[_lang(lang)].format(period=answer.period.label(lang))
    undated = getattr(answer, "undated_included", 0)
    return line + (UNDATED[_lang(lang)].format(count=undated) if undated else "")


def out_of_range_text(answer: Answer | Timeline, lang: str) -> str | None:
    """ "The archive covers … to …" for a period outside it; None otherwise."""
    if not answer.out_of_range or answer.period is None:
        return None
    first, last = answer.archive_range
    return OUT_OF_RANGE[_lang(lang)].format(
        period=answer.period.label(lang), first=_day(first, lang), last=_day(last, lang)
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
    lines = [quote, "", f"— {source_line(best.article)}"]
    quoted = (best.article.lang or "").lower()
    if quoted and answer.lang not in ("", "und") and quoted != answer.lang:
        lines.insert(0, ORIGINAL[lang].get(quoted, ORIGINAL[lang][""]).format(quoted))
    if answer.hedged:
        lines.insert(0, HEDGE[lang])
    if answer.latest and best.article.date:
        lines.insert(0, LATEST[lang].format(date=_day(best.article.date, lang)))
    if period:
        lines += ["", period]
    if answer.sources:
        lines += ["", "Weitere Quellen:" if answer.lang == "de" else "More sources:"]
        marks = MARKS.get(answer.lang, MARKS["en"])
        for hit in answer.sources:
            mark = "" if hit.agrees is None else f"[{marks[hit.agrees]}] "
            lines.append(f"  • {mark}{source_line(hit.article)}")
            lines.append(textwrap.shorten(f"“{hit.quote}”", width=WRAP, placeholder=" …”").join(["    ", ""]))
    return "\n".join(lines)


def render_timeline_plain(timeline: Timeline, lang: str) -> str:
    """Every entry of a timeline, one block each: date · outlet · title, then a short verbatim quote."""
    lang = _lang(lang)
    outside = out_of_range_text(timeline, lang)
    if outside:
        return outside
    if not timeline.hits:
        return {
            "de": "Zu diesem Thema finde ich im Archiv keine Berichte.",
            "en": "The archive holds no reports on this topic.",
        }[lang]
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
