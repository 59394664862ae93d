"""German and English texts of the bot.

Texts are HTML (Telegram's ``ParseMode.HTML``): values passed to :func:`text` are
escaped here, so callers hand over raw strings.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

GERMAN = "de"
ENGLISH = "en"
SUPPORTED = (GERMAN, ENGLISH)
DEFAULT_LANGUAGE = ENGLISH

TEXTS: dict[str, dict[str, str]] = {
    GERMAN: {
        "start": (
            "Hallo {name}! Ich beantworte Fragen zum Syrien-Krieg im Herbst 2016 aus einem Nachrichtenarchiv "
            "und zitiere dabei wörtlich aus der Quelle.\n\nStellen Sie einfach eine Frage, zum Beispiel:\n"
            "{examples}\n\n/help zeigt, was das Archiv enthält."
        ),
        "help": (
            "<b>So funktioniert es</b>\nSchreiben Sie mir eine Frage. Ich suche im Archiv die passende Stelle "
            "und zitiere sie wörtlich, mit Titel, Datum und Medium der Quelle.\n\n"
            "In Gruppen antworte ich, wenn Sie mich erwähnen (@{bot}), auf eine meiner Nachrichten antworten "
            "oder /ask &lt;Frage&gt; schreiben.\n\n"
            "<b>Archiv</b>: {articles} Artikel ({passages} Abschnitte), {date_range}\n\n"
            "<b>Beispiele</b>\n{examples}\n\n"
            "/sources – Medien und Zeitraum des Archivs\n"
            "/timeline &lt;Thema&gt; – die Berichte zu einem Thema in zeitlicher Folge\n\n"
            "Fragen mit Datum („am 5. Oktober 2016“, „im September“, „letzte Woche“) durchsuchen nur Berichte "
            "dieses Zeitraums (und solche ohne Datum); „neueste“ oder „aktuell“ bevorzugt neuere Berichte."
        ),
        "help_empty": "Das Archiv ist noch leer: Ein Administrator muss es erst mit /reindex einlesen.",
        "sources": "<b>Medien im Archiv</b> ({count})\n{outlets}\n\n<b>Zeitraum</b>: {date_range}",
        "sources_none": "Das Archiv enthält noch keine Artikel.",
        "date_range": "{date_min} bis {date_max}",
        "date_unknown": "Zeitraum unbekannt",
        "source_label": "Quelle",
        "also_label": "Gleichlautend auch bei",
        "no_answer": (
            "Dazu finde ich im Archiv leider nichts, das ich zuverlässig zitieren kann.\n"
            "Versuchen Sie es mit einer anderen Formulierung oder fragen Sie konkreter nach Personen, "
            "Orten oder Ereignissen (z. B. Aleppo, Kerry, Lawrow, Waffenruhe)."
        ),
        "button_more": "Weitere Quellen ({count})",
        "button_passage": "Ganzer Abschnitt",
        "more_header": "<b>Weitere Quellen</b>",
        "more_none": "Keine weiteren Quellen zu dieser Frage.",
        "agrees_label": "Auch berichtet von",
        "differs_label": "Abweichende Angaben",
        "agrees_mark": "✓ gleiche Angabe",
        "differs_mark": "≠ abweichende Angabe",
        "passage_header": "<b>Ganzer Abschnitt</b>",
        "stale": "Diese Antwort ist in diesem Chat nicht (mehr) verfügbar. Bitte stellen Sie die Frage noch einmal.",
        "already_posted": "Das steht schon oben im Chat.",
        "action_limited": "Das geht gerade zu schnell. Bitte warten Sie {seconds} s.",
        "and_more": "… und {count} weitere",
        "feedback_thanks": "Danke für Ihre Rückmeldung!",
        "feedback_again": "Ihre Rückmeldung zu dieser Antwort ist schon gespeichert.",
        "rate_limited": "Sie fragen gerade sehr schnell. Bitte warten Sie {seconds} s bis zur nächsten Frage.",
        "too_long": (
            "Ihre Nachricht ist mit {length} Zeichen zu lang für eine Frage. "
            "Bitte fassen Sie sich kürzer (höchstens {limit} Zeichen)."
        ),
        "not_text": "Ich verstehe nur Textfragen. Schreiben Sie mir Ihre Frage bitte als Text.",
        "ask_usage": "Bitte schreiben Sie die Frage hinter den Befehl, zum Beispiel:\n/ask {example}",
        "unknown_command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        "admin_only": "Dieser Befehl ist Administratoren vorbehalten.",
        "reindex_running": "Das Archiv wird gerade schon neu eingelesen. Bitte warten Sie, bis das fertig ist.",
        "reindex_start": "Archiv wird neu eingelesen …",
        "reindex_progress": "<b>Archiv wird neu eingelesen</b>\n{stage}: {bar} {done}/{total}\nLaufzeit {elapsed} s",
        "reindex_done": (
            "<b>Archiv neu eingelesen</b>\n{added} neu, {changed} geändert, {removed} entfernt, "
            "{unchanged} unverändert; {passages} Abschnitte eingebettet; Dauer {took} s"
        ),
        "reindex_errors": "\n{count} Fehler, zum Beispiel:\n{examples}",
        "reindex_failed": "Das Einlesen ist fehlgeschlagen: {error}",
        "reindex_merged": "\n{merged} als Beinahe-Dubletten zusammengeführt (jedes Medium bleibt als Quelle genannt)",
        "reindex_scheduled": "Geplantes Neueinlesen:",
        "add_usage": (
            "Bitte die Adresse eines Feeds oder einer Seite hinter den Befehl schreiben, zum Beispiel:\n"
            "/add https://example.org/feed.xml\n\nQuellen jetzt ({count}):\n{sources}"
        ),
        "add_start": "Quelle wird hinzugefügt und eingelesen: {url}",
        "stage_fetch": "Seiten abrufen",
        "stage_scan": "Dateien prüfen",
        "stage_embed": "Einbetten",
        "stage_index": "Index schreiben",
        "stats": (
            "<b>Archiv</b>\n{articles} Artikel, {passages} Abschnitte\n{languages}\n\n"
            "<b>Nutzung</b>\nGestellte Fragen: {questions}\n👍 {up} · 👎 {down}\n"
            "Antwortzeit (Median): {median}"
        ),
        "period_line": "🗓 Gesucht im Zeitraum: {period}",
        "period_undated": " (dazu {count} Artikel ohne Datum)",
        "latest_line": "<b>Stand: {date}</b> (neuester passender Bericht)",
        "out_of_range": "Zum Zeitraum {period} habe ich nichts: Das Archiv reicht vom {date_min} bis {date_max}.",
        "timeline_usage": "Bitte schreiben Sie ein Thema hinter den Befehl, zum Beispiel:\n/timeline Aleppo",
        "timeline_header": "<b>Chronik: {topic}</b> – Berichte {first} bis {last} von {total}",
        "timeline_none": "Zu diesem Thema finde ich im Archiv keine Berichte.",
        "button_next_page": "Weiter ▶",
        "error": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
    },
    ENGLISH: {
        "start": (
            "Hello {name}! I answer questions about the Syrian war in autumn 2016 from a news archive, "
            "quoting the source word for word.\n\nJust ask a question, for example:\n{examples}\n\n"
            "/help shows what the archive holds."
        ),
        "help": (
            "<b>How it works</b>\nSend me a question. I look for the matching passage in the archive and quote it "
            "verbatim, with the title, date and outlet of its source.\n\n"
            "In groups I answer when you mention me (@{bot}), reply to one of my messages "
            "or write /ask &lt;question&gt;.\n\n"
            "<b>Archive</b>: {articles} articles ({passages} passages), {date_range}\n\n"
            "<b>Examples</b>\n{examples}\n\n"
            "/sources – outlets and time span of the archive\n"
            "/timeline &lt;topic&gt; – the reports on a topic in date order\n\n"
            "Questions with a date (“on 5 October 2016”, “in September”, “last week”) search only the reports of "
            "that period (and undated ones); “latest” or “current” prefers newer reports."
        ),
        "help_empty": "The archive is still empty: an administrator has to load it with /reindex first.",
        "sources": "<b>Outlets in the archive</b> ({count})\n{outlets}\n\n<b>Time span</b>: {date_range}",
        "sources_none": "The archive holds no articles yet.",
        "date_range": "{date_min} to {date_max}",
        "date_unknown": "time span unknown",
        "source_label": "Source",
        "also_label": "Same report also in",
        "no_answer": (
            "Sorry, the archive holds nothing on that which I could quote reliably.\n"
            "Try rephrasing, or ask more specifically about people, places or events "
            "(e.g. Aleppo, Kerry, Lavrov, ceasefire)."
        ),
        "button_more": "More sources ({count})",
        "button_passage": "Full passage",
        "more_header": "<b>More sources</b>",
        "more_none": "No further sources for this question.",
        "agrees_label": "Also reported by",
        "differs_label": "Differing figures",
        "agrees_mark": "✓ same figure",
        "differs_mark": "≠ differing figure",
        "passage_header": "<b>Full passage</b>",
        "stale": "This answer is not available in this chat (any more). Please ask the question again.",
        "already_posted": "That is already posted above in this chat.",
        "action_limited": "That is too fast. Please wait {seconds} s.",
        "and_more": "… and {count} more",
        "feedback_thanks": "Thanks for your feedback!",
        "feedback_again": "Your feedback on this answer is already recorded.",
        "rate_limited": "You are asking very fast. Please wait {seconds} s before your next question.",
        "too_long": (
            "At {length} characters your message is too long for a question. "
            "Please keep it shorter (at most {limit} characters)."
        ),
        "not_text": "I can only answer text questions. Please send me your question as text.",
        "ask_usage": "Please put the question after the command, for example:\n/ask {example}",
        "unknown_command": "I don't know that command. /help shows what I can do.",
        "admin_only": "This command is for administrators only.",
        "reindex_running": "The archive is already being reindexed. Please wait until it has finished.",
        "reindex_start": "Reindexing the archive …",
        "reindex_progress": "<b>Reindexing the archive</b>\n{stage}: {bar} {done}/{total}\nelapsed {elapsed} s",
        "reindex_done": (
            "<b>Archive reindexed</b>\n{added} added, {changed} changed, {removed} removed, "
            "{unchanged} unchanged; {passages} passages embedded; took {took} s"
        ),
        "reindex_errors": "\n{count} errors, for example:\n{examples}",
        "reindex_failed": "Reindexing failed: {error}",
        "reindex_merged": "\n{merged} merged as near-duplicates (every outlet stays listed as a source)",
        "reindex_scheduled": "Scheduled reindex:",
        "add_usage": (
            "Please put the address of a feed or page after the command, for example:\n"
            "/add https://example.org/feed.xml\n\nSources now ({count}):\n{sources}"
        ),
        "add_start": "Adding and reading the source: {url}",
        "stage_fetch": "fetching pages",
        "stage_scan": "checking files",
        "stage_embed": "embedding",
        "stage_index": "writing the index",
        "stats": (
            "<b>Archive</b>\n{articles} articles, {passages} passages\n{languages}\n\n"
            "<b>Usage</b>\nQuestions asked: {questions}\n👍 {up} · 👎 {down}\n"
            "median answer time: {median}"
        ),
        "period_line": "🗓 Period searched: {period}",
        "period_undated": " (and {count} undated articles)",
        "latest_line": "<b>As of {date}</b> (newest matching report)",
        "out_of_range": "I have nothing for {period}: the archive covers {date_min} to {date_max}.",
        "timeline_usage": "Please write a topic after the command, for example:\n/timeline Aleppo",
        "timeline_header": "<b>Timeline: {topic}</b> – reports {first} to {last} of {total}",
        "timeline_none": "The archive holds no reports on this topic.",
        "button_next_page": "Next ▶",
        "error": "Sorry, something went wrong. Please try again in a moment.",
    },
}

EXAMPLES: dict[str, tuple[str, ...]] = {
    GERMAN: (
        "Mit wem hat Lawrow telefoniert?",
        "Wie ist die humanitäre Lage in Aleppo?",
        "Warum haben die USA die Gespräche mit Russland abgebrochen?",
    ),
    ENGLISH: (
        "Who did Lavrov speak to on the phone?",
        "What is the humanitarian situation in Aleppo?",
        "Why did the US suspend the talks with Russia?",
    ),
}


def normalize(lang: str | None) -> str | None:
    """``"de-AT"`` -> ``"de"``; None for languages the bot does not speak."""
    if not lang:
        return None
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in SUPPORTED else None


def pick_language(*candidates: str | None) -> str:
    """The first supported language among ``candidates`` (e.g. answer, question, Telegram client)."""
    for candidate in candidates:
        lang = normalize(candidate)
        if lang:
            return lang
    return DEFAULT_LANGUAGE


def text(lang: str, key: str, **values: object) -> str:
    """The HTML text ``key`` in ``lang``; string values are HTML-escaped, numbers formatted."""
    table = TEXTS.get(lang, TEXTS[DEFAULT_LANGUAGE])
    escaped = {name: _escape_value(lang, value) for name, value in values.items()}
    return table[key].format(**escaped)


class Html(str):
    """A string that is already HTML and must not be escaped again."""


def _escape_value(lang: str, value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_int(lang, value)
    if isinstance(value, float):
        return format_float(lang, value)
    return html.escape(str(value), quote=False)


def format_int(lang: str, value: int) -> str:
    formatted = f"{value:,}"
    return formatted.replace(",", ".") if lang == GERMAN else formatted


def format_float(lang: str, value: float, digits: int = 1) -> str:
    formatted = f"{value:,.{digits}f}"
    if lang == GERMAN:
        formatted = formatted.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return formatted


def bullet_list(items: Iterable[str]) -> Html:
    """Escaped items, one per line with a bullet."""
    return Html("\n".join(f"• {html.escape(item, quote=False)}" for item in items))
