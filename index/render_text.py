"""Plain-text rendering of an :class:`~index.answer.answers.Answer` for the terminal."""

from __future__ import annotations

import textwrap

from index.answer.answers import Answer, ArticleRef

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


def source_line(article: ArticleRef) -> str:
    parts = [article.title or "(untitled)"]
    parts += [part for part in (article.date, article.source) if part]
    line = " · ".join(parts)
    return f"{line}\n  {article.url}" if article.url else line


def no_answer_text(lang: str) -> str:
    return NO_ANSWER.get(lang, NO_ANSWER["en"])


def render_plain(answer: Answer) -> str:
    if not answer.answered or answer.best is None:
        return no_answer_text(answer.lang)
    best = answer.best
    quote = textwrap.fill(f"“{best.quote}”", width=WRAP, initial_indent="  ", subsequent_indent="  ")
    lines = [quote, "", f"— {source_line(best.article)}"]
    if answer.sources:
        lines += ["", "Weitere Quellen:" if answer.lang == "de" else "More sources:"]
        marks = MARKS.get(answer.lang, MARKS["en"])
        for hit in answer.sources:
            mark = "" if hit.agrees is None else f"[{marks[hit.agrees]}] "
            lines.append(f"  • {mark}{source_line(hit.article)}")
            lines.append(textwrap.shorten(f"“{hit.quote}”", width=WRAP, placeholder=" …”").join(["    ", ""]))
    return "\n".join(lines)
