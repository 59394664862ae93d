"""HTML rendering for Telegram (``ParseMode.HTML``): answers, and the progress and report of a reindex.

Every piece of archive text is escaped with :func:`html.escape` after it has been
shortened, so a cut can never fall inside a tag or an entity. Lengths are counted
in UTF-16 code units, as Telegram counts them, and the whole HTML source is kept
within the message limit (the visible text is shorter still).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from telegram.constants import MessageLimit

from bot.i18n import RIGHT_TO_LEFT, Html, format_float, isolate, text
from index.answer.answers import Answer, ArticleRef, Hit, Timeline
from index.engine import Alert, IndexReport
from index.text.bidi import strip_bidi
from index.text.dates import format_day

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
ELLIPSIS = "…"
MAX_TITLE_CHARS = 200
MAX_OUTLET_CHARS = 80
MAX_DATE_CHARS = 32
MAX_SOURCE_QUOTE_CHARS = 350
WORD_BACKOFF_CHARS = 40
SEPARATOR = " · "
MAX_ALSO_OUTLETS = 5
MAX_DIFFERING_SHOWN = 2
"""Differing sources quoted under the answer itself; the *More sources* button lists them all."""
MAX_DIFFERING_QUOTE_CHARS = 220
"""A differing source's quote under the answer: shorter than the main quote, long enough for its figure."""
LINK_SCHEMES = ("http", "https")
MAX_TIMELINE_QUOTE_CHARS = 220
"""One timeline line's quote: long enough for what happened, short enough for about ten lines a message."""
PROGRESS_BAR_WIDTH = 12
PROGRESS_FULL = "█"
PROGRESS_EMPTY = "░"
PROGRESS_STAGES = ("fetch", "scan", "embed", "index", "refine")
REINDEX_ERROR_EXAMPLES = 3
REINDEX_ERROR_CHARS = 200


def utf16_len(value: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(value.encode("utf-16-le")) // 2


def escape(value: str) -> str:
    return html.escape(value, quote=False)


def _cut_end(raw: str, keep: int) -> str:
    """The first ``keep`` characters of ``raw``, ended at a word boundary when one is near, plus an ellipsis."""
    head = raw[:keep]
    space = head.rfind(" ")
    if keep < len(raw) and not raw[keep].isspace() and space >= max(1, keep - WORD_BACKOFF_CHARS):
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def _cut_start(raw: str, keep: int) -> str:
    """The last ``keep`` characters of ``raw``, started at a word boundary when one is near, after an ellipsis."""
    start = len(raw) - keep
    tail = raw[start:]
    space = tail.find(" ")
    if start > 0 and not raw[start - 1].isspace() and 0 <= space <= WORD_BACKOFF_CHARS:
        tail = tail[space + 1 :]
    return ELLIPSIS + tail.lstrip()


def fit(raw: str, budget: int, *, keep_end: bool = False) -> str:
    """``raw`` escaped, shortened with "…" so that the escaped text takes at most ``budget`` UTF-16 units.

    Keeps the beginning (or the end with ``keep_end``). Returns "" when not even "…" fits.
    """
    escaped = escape(raw)
    if utf16_len(escaped) <= budget:
        return escaped
    if budget < utf16_len(ELLIPSIS):
        return ""
    cut = _cut_start if keep_end else _cut_end
    low, high = 0, len(raw) - 1
    best = escape(ELLIPSIS)
    while low <= high:  # the largest kept length whose escaped, cut form fits
        middle = (low + high) // 2
        candidate = escape(cut(raw, middle))
        if utf16_len(candidate) <= budget:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _single_line(value: str) -> str:
    """A metadata field on one line, without bidi controls (a U+202E in a title must not reorder the line)."""
    return " ".join(strip_bidi(value).split())


def source_line(article: ArticleRef, lang: str = "en") -> str:
    """Title (linked when the article has an http(s) URL), date and outlet, escaped; an article without a title
    (index/answer/titles.py: its first sentence is none) is named by outlet and date, "untitled" when it has
    neither."""
    if not article.title and (article.source or article.date):
        title = fit(_single_line(article.source or article.date or ""), MAX_OUTLET_CHARS)
        rest = [article.date] if article.source and article.date else []
        url = strip_bidi(article.url).strip() if article.url else ""
        if url and urlsplit(url).scheme.lower() in LINK_SCHEMES:
            title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
        return SEPARATOR.join([title] + [fit(_single_line(d), MAX_DATE_CHARS) for d in rest if d])
    title = fit(_single_line(article.title or text(lang, "untitled")), MAX_TITLE_CHARS)
    url = strip_bidi(article.url).strip() if article.url else ""
    if url and urlsplit(url).scheme.lower() in LINK_SCHEMES:
        title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    parts = [title]
    if article.date:
        parts.append(fit(_single_line(article.date), MAX_DATE_CHARS))
    if article.source:
        parts.append(fit(_single_line(article.source), MAX_OUTLET_CHARS))
    return SEPARATOR.join(parts)


def also_line(article: ArticleRef, lang: str) -> str:
    """The other outlets of a merged near-duplicate report, each linked when it has a URL; empty when none."""
    if not article.also:
        return ""
    names = []
    for outlet in article.also[:MAX_ALSO_OUTLETS]:
        name = fit(_single_line(outlet.source or urlsplit(outlet.url or "").netloc or "?"), MAX_OUTLET_CHARS)
        url = strip_bidi(outlet.url or "").strip()
        if url and urlsplit(url).scheme.lower() in LINK_SCHEMES:
            name = f'<a href="{html.escape(url, quote=True)}">{name}</a>'
        names.append(isolate(name, lang))
    if len(article.also) > MAX_ALSO_OUTLETS:
        names.append(f"+{len(article.also) - MAX_ALSO_OUTLETS}")
    return f"\n<b>{escape(text(lang, 'also_label'))}:</b> {', '.join(names)}"


def _quote_block(quote_html: str, lang: str = "") -> str:
    """The quote as a block; in a right-to-left message set apart in Unicode isolates (``bot.i18n.isolate``), so a
    German or English quote keeps its direction. The quote's characters themselves are never changed."""
    if lang in RIGHT_TO_LEFT:
        return f"<blockquote>{isolate(quote_html or ' ', lang)}</blockquote>"
    return f"<blockquote>{quote_html}</blockquote>"


def outlet_line(article: ArticleRef) -> str:
    """Outlet and date, escaped: the short name of a further source ("Reuters, 2016-07-19")."""
    name = article.source or urlsplit(article.url or "").netloc or article.title or article.id
    parts = [fit(_single_line(name), MAX_OUTLET_CHARS)]
    if article.date:
        parts.append(fit(_single_line(article.date), MAX_DATE_CHARS))
    line = ", ".join(parts)
    url = strip_bidi(article.url or "").strip()
    if url and urlsplit(url).scheme.lower() in LINK_SCHEMES:
        line = f'<a href="{html.escape(url, quote=True)}">{line}</a>'
    return line


def agreement_lines(answer: Answer, lang: str) -> str:
    """Under the answer: the sources that report the same figure, then those that give another one, each
    quoted with its outlet and date; empty when no further source compares."""
    agreeing = [hit for hit in answer.sources if hit.agrees is True]
    differing = [hit for hit in answer.sources if hit.agrees is False]
    lines = ""
    if agreeing:
        names = ", ".join(isolate(outlet_line(hit.article), lang) for hit in agreeing)
        lines += f"\n<b>{escape(text(lang, 'agrees_label'))}:</b> {names}"
    if differing:
        lines += f"\n<b>{escape(text(lang, 'differs_label'))}:</b>"
        for hit in differing[:MAX_DIFFERING_SHOWN]:
            quote = fit(hit.quote.strip(), MAX_DIFFERING_QUOTE_CHARS)
            lines += f"\n{_quote_block(quote, lang)}— {isolate(outlet_line(hit.article), lang)}"
        if len(differing) > MAX_DIFFERING_SHOWN:
            lines += "\n" + text(lang, "and_more", count=len(differing) - MAX_DIFFERING_SHOWN)
    return lines


def render_answer(answer: Answer, lang: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """The reply to an answered question: the verbatim quote, its source, then who reports the same figure and
    who reports another (never a merged figure). A "latest" answer starts with its date; a dated question's
    ends with the period searched."""
    if not answer.answered or answer.best is None:
        return render_no_answer(lang, answer)
    hit = answer.best
    head = ""
    if answer.latest and hit.article.date:
        head = text(lang, "latest_line", date=_day_label(hit.article.date, lang)) + "\n"
    if answer.hedged:
        head += f"<i>{text(lang, 'hedge')}</i>\n"
    original = original_language_line(answer, lang)
    if original:
        head += original + "\n"
    source = isolate(source_line(hit.article, lang), lang)
    footer = f"\n<b>{escape(text(lang, 'source_label'))}:</b> {source}{also_line(hit.article, lang)}"
    footer += agreement_lines(answer, lang)
    footer += period_line(answer, lang)
    budget = limit - utf16_len(head + _quote_block("", lang) + footer)
    return head + _quote_block(fit(hit.quote.strip(), budget), lang) + footer


def original_language_line(answer: Answer, lang: str) -> str:
    """ "Zitat im englischen Original" when the quote is in another language than the question; empty otherwise."""
    if answer.best is None:
        return ""
    quoted = (answer.best.article.lang or "").lower()
    asked = answer.lang if answer.lang and answer.lang != "und" else lang
    if not quoted or quoted == asked:
        return ""
    if quoted in ("de", "en"):
        return text(lang, f"quote_original_{quoted}")
    return text(lang, "quote_original", language=quoted)


def render_alert(alert: Alert, lang: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """A new article on a followed topic: the topic, the quote that matches it best and the source with its link."""
    head = text(lang, "alert", topic=Html(fit(_single_line(alert.topic), MAX_TITLE_CHARS))) + "\n"
    footer = f"\n<b>{escape(text(lang, 'source_label'))}:</b> {isolate(source_line(alert.hit.article), lang)}"
    budget = limit - utf16_len(head + _quote_block("", lang) + footer)
    return head + _quote_block(fit(alert.hit.quote.strip(), budget), lang) + footer


def period_line(answer: Answer, lang: str) -> str:
    """ "🗓 Period searched: September 2016" (and how many undated articles were searched with it); empty without."""
    if answer.period is None:
        return ""
    line = text(lang, "period_line", period=answer.period.label(lang))
    if answer.undated_included:
        line += text(lang, "period_undated", count=answer.undated_included)
    return "\n" + line


def render_no_answer(lang: str, answer: Answer | None = None) -> str:
    """ "Nothing found", with the period searched; for a period outside the archive, the archive's range."""
    if answer is not None and answer.out_of_range and answer.period is not None:
        first, last = answer.archive_range
        return text(
            lang,
            "out_of_range",
            period=answer.period.label(lang),
            date_min=_day_label(first, lang),
            date_max=_day_label(last, lang),
        )
    return text(lang, "no_answer") + (period_line(answer, lang) if answer is not None else "")


def _day_label(value: str | None, lang: str) -> str:
    """An ISO date as "5. Oktober 2016" / "5 October 2016"; anything else as it is."""
    try:
        return format_day(date.fromisoformat((value or "")[:10]), lang)
    except ValueError:
        return value or "?"


def render_timeline(timeline: Timeline, lang: str, *, page: int = 0, limit: int = MESSAGE_LIMIT) -> tuple[str, int]:
    """One page of a timeline from entry ``page`` on: one line per article, date, outlet and a short verbatim
    quote, as many as fit into one message. Returns the HTML and the index of the first entry not shown."""
    if timeline.out_of_range and timeline.period is not None:
        first, last = timeline.archive_range
        reply = text(
            lang,
            "out_of_range",
            period=timeline.period.label(lang),
            date_min=_day_label(first, lang),
            date_max=_day_label(last, lang),
        )
        return reply, 0
    hits = timeline.hits
    if page >= len(hits):
        return text(lang, "timeline_none"), len(hits)
    lines: list[str] = []
    end = page
    footer = period_line_of(timeline, lang)
    for index in range(page, len(hits)):
        hit = hits[index]
        when = _day_label(hit.article.date, lang) if hit.article.date else "?"
        outlet = fit(_single_line(hit.article.source or ""), MAX_OUTLET_CHARS)
        label = f"<b>{escape(when)}</b>" + (f" · {outlet}" if outlet else "")
        quote = fit(_single_line(hit.quote.strip()), MAX_TIMELINE_QUOTE_CHARS)
        line = f"{label}\n“{quote}”"
        if hit.article.url and urlsplit(hit.article.url).scheme in LINK_SCHEMES:
            line += f' <a href="{html.escape(hit.article.url, quote=True)}">↗</a>'
        header = text(lang, "timeline_header", topic=timeline.topic, first=page + 1, last=index + 1, total=len(hits))
        candidate = header + "\n\n" + "\n\n".join([*lines, line]) + footer
        if lines and utf16_len(candidate) > limit:
            break
        lines.append(line)
        end = index + 1
    header = text(lang, "timeline_header", topic=timeline.topic, first=page + 1, last=end, total=len(hits))
    return header + "\n\n" + "\n\n".join(lines) + footer, end


def period_line_of(timeline: Timeline, lang: str) -> str:
    return "\n\n" + text(lang, "period_line", period=timeline.period.label(lang)) if timeline.period else ""


def render_more_sources(answer: Answer, lang: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """The other articles, each with its own short quote; as many as fit into one message."""
    if not answer.sources:
        return text(lang, "more_none")
    message = text(lang, "more_header")
    for number, hit in enumerate(answer.sources, start=1):
        footer = f"\n{isolate(source_line(hit.article), lang)}"
        if hit.agrees is not None:
            footer += f"\n<i>{escape(text(lang, 'agrees_mark' if hit.agrees else 'differs_mark'))}</i>"
        head = f"\n\n{number}. "
        room = limit - utf16_len(message + head + _quote_block("", lang) + footer)
        budget = min(room, MAX_SOURCE_QUOTE_CHARS)
        if budget < MAX_SOURCE_QUOTE_CHARS // 4:
            break
        message += head + _quote_block(fit(hit.quote.strip(), budget), lang) + footer
    return message


def _quote_span(hit: Hit) -> tuple[int, int] | None:
    """Where the quote lies in the passage text, or None when it cannot be located."""
    start = hit.quote_start - hit.passage_start
    end = start + len(hit.quote)
    if start >= 0 and hit.passage_text[start:end] == hit.quote:
        return start, end
    found = hit.passage_text.find(hit.quote)
    return (found, found + len(hit.quote)) if found >= 0 and hit.quote else None


def render_full_passage(hit: Hit, lang: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """The whole passage around the quote, the quote in bold; shortened around the quote when too long."""
    header = f"{text(lang, 'passage_header')}\n"
    footer = f"\n{isolate(source_line(hit.article), lang)}"
    budget = limit - utf16_len(header + _quote_block("", lang) + footer)
    passage = hit.passage_text.strip()
    span = _quote_span(hit)
    if span is None:
        return header + _quote_block(fit(passage, budget), lang) + footer
    before, quote, after = (
        hit.passage_text[: span[0]].lstrip(),
        hit.passage_text[span[0] : span[1]],
        hit.passage_text[span[1] :].rstrip(),
    )
    bold = fit(quote, budget - utf16_len("<b></b>"))
    remaining = budget - utf16_len(f"<b>{bold}</b>")
    after_whole = escape(after)
    if utf16_len(after_whole) <= remaining // 2:  # the short side keeps everything, the long side the rest
        after_html = after_whole
        before_html = fit(before, remaining - utf16_len(after_html), keep_end=True)
    else:
        before_html = fit(before, remaining // 2, keep_end=True)
        after_html = fit(after, remaining - utf16_len(before_html))
    body = f"{before_html}<b>{bold}</b>{after_html}"
    return header + _quote_block(body, lang) + footer


def bounded_list(
    items: Sequence[str], lang: str, *, budget: int, item_chars: int, max_items: int | None = None
) -> Html:
    """``items`` as a bullet list (each escaped once and shortened to ``item_chars``) that takes at most
    ``budget`` UTF-16 units, ended by "… and N more" when not all of them fit."""
    shown: list[str] = []
    limit = len(items) if max_items is None else min(len(items), max_items)
    for index, item in enumerate(items):
        line = f"• {fit(_single_line(item), item_chars)}"
        rest = len(items) - index - 1
        tail = "\n" + text(lang, "and_more", count=rest) if rest else ""
        candidate = "\n".join([*shown, line])
        if index < limit and utf16_len(candidate + tail) <= budget:
            shown.append(line)
            continue
        break
    hidden = len(items) - len(shown)
    if hidden:
        shown.append(text(lang, "and_more", count=hidden))
    return Html("\n".join(shown))


def progress_bar(done: int, total: int, width: int = PROGRESS_BAR_WIDTH) -> str:
    fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
    filled = round(fraction * width)
    return f"{PROGRESS_FULL * filled}{PROGRESS_EMPTY * (width - filled)} {round(fraction * 100)}%"


def render_progress(
    lang: str, stage: str, done: int, total: int, elapsed_s: float, *, rate: float | None = None
) -> str:
    """The progress message: the stage with n/N, the time so far and, once ``rate`` (items per second in this
    stage) is known, the rate and the time left of the stage."""
    stage_name = text(lang, f"stage_{stage}") if stage in PROGRESS_STAGES else stage
    shown = text(
        lang,
        "reindex_progress",
        stage=stage_name,
        bar=progress_bar(done, total),
        done=done,
        total=total,
        elapsed=round(elapsed_s),
    )
    if rate and total > done:
        shown += "\n" + text(lang, "progress_rate", rate=format_float(lang, rate), left=round((total - done) / rate))
    return shown


def render_report(lang: str, report: IndexReport) -> str:
    summary = text(
        lang,
        "reindex_done",
        added=report.added,
        changed=report.changed,
        removed=report.removed,
        unchanged=report.unchanged,
        passages=report.passages_embedded,
        took=format_float(lang, report.took_s),
    )
    if report.merged:
        summary += text(lang, "reindex_merged", merged=report.merged)
    if report.errors:
        examples = "\n".join(
            f"• {fit(str(error), REINDEX_ERROR_CHARS)}" for error in report.errors[:REINDEX_ERROR_EXAMPLES]
        )
        summary += text(lang, "reindex_errors", count=len(report.errors), examples=Html(examples))
    return summary
