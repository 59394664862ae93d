"""Translated texts from gettext catalogs: one ``.po`` file per language, compiled to ``.mo`` by ``pybabel compile``.

A message is found by its key (the ``msgctxt``); its ``msgid`` is the English text, so a translator's tools
(Poedit, Weblate, a translation memory) show the English beside the translation, and a message a language has not
translated yet falls back to English by itself. A message with a count has plural forms (``msgid_plural`` and
``msgstr[0]`` … ``msgstr[n]``); the language's ``Plural-Forms`` header says which form a number takes.

Layout: ``<directory>/<lang>/LC_MESSAGES/<domain>.po`` and ``.mo``, the template ``<directory>/<domain>.pot``.
The commands that keep them are in README's "Translations" section.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
"""``index/locale``: the catalogs of the bot (domain ``bot``) and of the command line (domain ``cli``)."""

Forms = str | tuple[str, ...]
"""One message: its text, or its plural forms in the language's order."""


@dataclass(frozen=True)
class Language:
    """One language's compiled catalog: its messages by key and the rule that picks a plural form."""

    code: str
    messages: Mapping[str, Forms]
    plural: Callable[[int], int]

    def get(self, key: str, count: int | None = None) -> str | None:
        forms = self.messages.get(key)
        if forms is None or isinstance(forms, str):
            return forms
        index = self.plural(1 if count is None else abs(int(count)))
        return forms[min(index, len(forms) - 1)]


class Catalogs:
    """Every compiled catalog of one domain, with English (the ``msgid``) as the fallback."""

    def __init__(self, directory: Path, domain: str, *, fallback: str = "en") -> None:
        self.directory = directory
        self.domain = domain
        self.fallback = fallback
        self.languages: dict[str, Language] = {}
        for mo in sorted(directory.glob(f"*/LC_MESSAGES/{domain}.mo")):
            with mo.open("rb") as handle:
                self.languages[mo.parts[-3]] = _language(mo.parts[-3], read_mo(handle))
        if fallback not in self.languages:
            raise FileNotFoundError(f"no compiled {fallback!r} catalog {domain}.mo under {directory}")

    def message_keys(self, lang: str | None = None) -> frozenset[str]:
        return frozenset(self.languages[lang or self.fallback].messages)

    def get(self, lang: str, key: str, count: int | None = None) -> str:
        """The message ``key`` in ``lang`` (its plural form for ``count``), else in English; KeyError if neither."""
        found = self.languages[lang].get(key, count) if lang in self.languages else None
        if found is None:
            found = self.languages[self.fallback].get(key, count)
        if found is None:
            raise KeyError(f"{self.domain}: no message {key!r}")
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.languages)


def _language(code: str, catalog: Catalog) -> Language:
    messages: dict[str, Forms] = {}
    for message in catalog:
        if not message.id or message.context is None:
            continue
        if isinstance(message.id, tuple | list):  # read_mo gives a plural message as lists
            strings = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
            messages[message.context] = tuple(string or message.id[min(i, 1)] for i, string in enumerate(strings))
        else:
            messages[message.context] = str(message.string or message.id)
    return Language(code=code, messages=messages, plural=gettext.c2py(catalog.plural_expr))


def format_number(lang: str, value: float, *, digits: int | None = None) -> str:
    """``value`` with the language's digit grouping and decimal mark (CLDR, through Babel): German 1.234,5,
    French 1 234,5, English 1,234.5. ``digits`` fixes the decimals (a float's default is 1)."""
    if isinstance(value, int) and digits is None:
        return format_decimal(value, locale=lang)
    places = 1 if digits is None else digits
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=lang)


def right_to_left(lang: str) -> bool:
    """Whether ``lang`` is written right to left (CLDR's character order: Arabic, Hebrew, Persian, Urdu …)."""
    try:
        return Locale.parse(lang).character_order == "right-to-left"
    except (ValueError, UnknownLocaleError):
        return False
