"""The bot's texts in German, English, Arabic, Turkish, Russian, Ukrainian, French and Spanish.

The texts live in gettext catalogs (``index/locale/<lang>/LC_MESSAGES/bot.po``, README "Translations"): a message
is asked for by its key (``msgctxt``), its ``msgid`` is the English text, and a message with a count has the
language's plural forms. Every language has every key with the same placeholders and markup
(tests/bot/test_i18n.py); a key missing in one language is shown in English. Arabic is written right to left:
:func:`isolate` wraps the left-to-right pieces put into an Arabic message (a German quote, a source line) in
Unicode isolates, so neither runs into the other.

Texts are HTML (Telegram's ``ParseMode.HTML``): values passed to :func:`text` are
escaped here, so callers hand over raw strings.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from index.text.catalogs import LOCALE_DIR, Catalogs, format_number, right_to_left

GERMAN = "de"
ENGLISH = "en"
ARABIC = "ar"
TURKISH = "tr"
RUSSIAN = "ru"
UKRAINIAN = "uk"
FRENCH = "fr"
SPANISH = "es"
DEFAULT_LANGUAGE = ENGLISH
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"

CATALOGS = Catalogs(LOCALE_DIR, "bot", fallback=DEFAULT_LANGUAGE)
"""The bot's texts, one gettext catalog per language (index/locale/<lang>/LC_MESSAGES/bot.po, compiled to .mo)."""
SUPPORTED: tuple[str, ...] = (
    GERMAN, ENGLISH, ARABIC, TURKISH, RUSSIAN, UKRAINIAN, FRENCH, SPANISH,
    *sorted(set(CATALOGS) - {GERMAN, ENGLISH, ARABIC, TURKISH, RUSSIAN, UKRAINIAN, FRENCH, SPANISH}),
)  # fmt: skip
"""The languages the bot speaks: one per compiled catalog (a new ``.po`` file adds one, README "Translations")."""
RIGHT_TO_LEFT = frozenset(lang for lang in SUPPORTED if right_to_left(lang))

EXAMPLES: dict[str, tuple[str, ...]] = {
    lang: tuple(
        CATALOGS.get(lang, key) for key in sorted(key for key in CATALOGS.message_keys() if key.startswith("example_"))
    )
    for lang in SUPPORTED
}
"""Example questions per language (catalog keys ``example_1`` …), shown by /start and /help."""


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
    """The HTML text ``key`` in ``lang``; string values are HTML-escaped, numbers formatted.

    A message with plural forms takes the form for ``values["count"]``, or for its only whole-number value."""
    template = CATALOGS.get(lang if lang in SUPPORTED else DEFAULT_LANGUAGE, key, _count(values))
    escaped = {name: _escape_value(lang, value) for name, value in values.items()}
    return template.format(**escaped)


def _count(values: dict[str, object]) -> int | None:
    count = values.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    numbers = [value for value in values.values() if isinstance(value, int) and not isinstance(value, bool)]
    return numbers[0] if len(numbers) == 1 else None


def isolate(fragment: str, lang: str) -> str:
    """``fragment`` (HTML, already escaped) set apart from the text around it in a right-to-left language: a German
    quote or title in an Arabic message keeps its own direction, and the Arabic around it keeps its order.
    Unchanged for left-to-right languages."""
    if lang not in RIGHT_TO_LEFT or not fragment:
        return fragment
    return f"{FIRST_STRONG_ISOLATE}{fragment}{POP_DIRECTIONAL_ISOLATE}"


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
    """``value`` with the language's digit grouping (CLDR through Babel: 1.234 in German, 1 234 in French)."""
    return format_number(lang, value)


def format_float(lang: str, value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the language's decimal mark (1.234,5 in German)."""
    return format_number(lang, float(value), digits=digits)


def bullet_list(items: Iterable[str]) -> Html:
    """Escaped items, one per line with a bullet."""
    return Html("\n".join(f"• {html.escape(item, quote=False)}" for item in items))


UPLOAD_TYPES = ".txt, .md, .jsonl, .csv, .html, .zip"
"""The file types an admin may send, as the texts above name them ({types})."""
