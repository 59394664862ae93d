"""Every bot text in every language, with the same placeholders and markup; right-to-left isolation."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import i18n, render
from index.answer.answers import Answer, ArticleRef, Hit
from index.text.catalogs import LOCALE_DIR, Catalogs

TAG = re.compile(r"</?[a-z]+>|&lt;|&gt;")
LATIN_OUTSIDE_COMMANDS = re.compile(r"(?<![/@{\w])[A-Za-z]{4,}")


def _placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(value) if name}


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _forms(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(strings)


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {message.context: message for message in catalog if message.id and message.context}


TEMPLATE = _entries(_read(LOCALE_DIR / "bot.pot"))


@pytest.mark.parametrize("lang", i18n.SUPPORTED)
def test_every_message_is_translated_in_every_catalog_with_the_same_placeholders_and_markup(lang: str):
    catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "bot.po")
    entries = _entries(catalog)
    assert set(entries) == set(TEMPLATE)
    for key, source in TEMPLATE.items():
        message = entries[key]
        assert message.id == source.id, f"{lang}: {key} is translated from an older English text (pybabel update)"
        assert not message.fuzzy, f"{lang}: {key} is marked fuzzy"
        english = source.id if isinstance(source.id, tuple) else (source.id,)
        forms = _forms(message)
        assert len(forms) == (catalog.num_plurals if isinstance(source.id, tuple) else 1), key
        for form in forms:
            assert form, f"{lang}: {key} is not translated"
            # a plural form may leave the number out ("one error"), but never adds or renames a placeholder
            assert _placeholders(form) <= _placeholders(english[-1]), (lang, key, form)
            assert sorted(TAG.findall(form)) == sorted(TAG.findall(english[-1])), (lang, key)
        if len(forms) == 1:
            assert _placeholders(forms[0]) == _placeholders(english[0]), (lang, key)
    assert len(i18n.EXAMPLES[lang]) == len(i18n.EXAMPLES[i18n.ENGLISH]) > 0


@pytest.mark.parametrize("lang", i18n.SUPPORTED)
def test_the_compiled_catalogs_are_those_of_the_po_files(lang: str):
    """The shipped .mo files are compiled from the .po files as they are (README: `pybabel compile`)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _read(folder / "bot.po"))
    assert compiled.getvalue() == (folder / "bot.mo").read_bytes(), f"run: pybabel compile -d {LOCALE_DIR} -D bot"


def test_plural_forms_follow_the_language():
    assert "1 error," in i18n.text("en", "reindex_errors", count=1, examples="x")
    assert "2 errors," in i18n.text("en", "reindex_errors", count=2, examples="x")
    assert [i18n.text("ru", "reindex_errors", count=n, examples="x").split()[1] for n in (1, 3, 5, 21)] == [
        "ошибка,", "ошибки,", "ошибок,", "ошибка,"
    ]  # fmt: skip
    assert i18n.text("ar", "unanswered_none", days=2) != i18n.text("ar", "unanswered_none", days=3)


def test_a_new_language_is_one_po_file(tmp_path: Path):
    """A translator adds Italian: a copy of the template with translations, compiled; nothing else changes."""
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    template = _read(tmp_path / "locale" / "bot.pot")
    italian = Catalog(locale="it", domain="bot")
    for message in template:
        if message.context == "no_answer":
            italian.add(message.id, string="Nell'archivio non trovo nulla da citare.", context="no_answer")
        elif message.context == "reindex_errors":
            italian.add(message.id, string=("\n{count} errore:\n{examples}", "\n{count} errori:\n{examples}"),
                        context=message.context)  # fmt: skip
    folder = tmp_path / "locale" / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "bot.mo").open("wb") as handle:
        write_mo(handle, italian)
    catalogs = Catalogs(tmp_path / "locale", "bot")
    assert "it" in catalogs
    assert catalogs.get("it", "no_answer").startswith("Nell'archivio")
    assert catalogs.get("it", "reindex_errors", 1) == "\n{count} errore:\n{examples}"
    assert catalogs.get("it", "reindex_errors", 4) == "\n{count} errori:\n{examples}"
    assert catalogs.get("it", "help_empty") == catalogs.get("en", "help_empty")  # untranslated: English


def _texts(lang: str) -> dict[str, str]:
    return {key: i18n.CATALOGS.get(lang, key, 5) for key in i18n.CATALOGS.message_keys()}


def test_the_reply_language_is_the_questions_when_the_bot_speaks_it():
    assert i18n.pick_language("tr", "de") == "tr"
    assert i18n.pick_language("uk-UA") == "uk"
    assert i18n.pick_language("zh", "ru") == "ru"


def test_numbers_follow_the_language():
    assert i18n.format_int("de", 1234567) == "1.234.567"
    assert i18n.format_int("fr", 1234) == "1\u202f234"
    assert i18n.format_float("ru", 1234.5) == "1\u00a0234,5"
    assert i18n.format_float("ar", 1234.5) == "1,234.5"


def _answer(lang: str) -> Answer:
    article = ArticleRef(id="a1", title="Waffenruhe in Aleppo", date="2016-10-03", source="Beispiel-Zeitung", url=None)
    quote = "Die USA setzten die Gespräche mit Russland am 3. Oktober aus."
    hit = Hit(
        article=article, passage_id=1, passage_start=0, passage_end=len(quote), passage_text=quote, quote=quote,
        quote_start=0, quote_end=len(quote), similarity=0.7, quote_score=0.8, quote_calibrated=0.8,
    )  # fmt: skip
    return Answer(question="?", lang=lang, answered=True, best=hit, sources=[], took_ms=1.0, confidence=0.8)


def test_an_arabic_reply_isolates_the_german_quote_and_source_and_keeps_the_quote_verbatim():
    answer = _answer("ar")
    reply = render.render_answer(answer, "ar")
    quote = answer.best.quote
    assert f"<blockquote>\u2068{quote}\u2069</blockquote>" in reply
    assert "<b>المصدر:</b> \u2068Waffenruhe in Aleppo · 2016-10-03 · Beispiel-Zeitung\u2069" in reply
    assert reply.count("\u2068") == reply.count("\u2069")


def test_a_left_to_right_reply_has_no_isolates():
    reply = render.render_answer(_answer("de"), "de")
    assert "\u2068" not in reply and "\u2069" not in reply


def test_a_short_question_is_answered_in_the_readers_telegram_language():
    """A one- or two-word topic tells little about the reader's language: "Алеппо" is Russian and Ukrainian alike."""
    from types import SimpleNamespace

    from bot.context import reply_language

    def update(code: str | None) -> SimpleNamespace:
        return SimpleNamespace(effective_user=SimpleNamespace(language_code=code))

    assert reply_language(update("uk"), "Алеппо") == "uk"
    assert reply_language(update("de"), "Aleppo ceasefire") == "de"
    assert reply_language(update(None), "Перемирие в Алеппо") == "ru"  # no client language: the detected one
    assert reply_language(update("uk"), "Что произошло в Алеппо в декабре?") == "ru"  # a whole question: its own
