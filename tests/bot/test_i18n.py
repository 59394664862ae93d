"""Every bot text in every language, with the same placeholders and markup; right-to-left isolation."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from bot import i18n, render
from index.answer.answers import Answer, ArticleRef, Hit

TAG = re.compile(r"</?[a-z]+>|&lt;|&gt;")
LATIN_OUTSIDE_COMMANDS = re.compile(r"(?<![/@{\w])[A-Za-z]{4,}")


def _placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(value) if name}


@pytest.mark.parametrize("lang", i18n.SUPPORTED)
def test_every_key_exists_in_every_language_with_the_same_placeholders_and_markup(lang: str):
    english = i18n.TEXTS[i18n.ENGLISH]
    texts = i18n.TEXTS[lang]
    assert set(texts) == set(english)
    for key, value in english.items():
        assert _placeholders(texts[key]) == _placeholders(value), key
        assert sorted(TAG.findall(texts[key])) == sorted(TAG.findall(value)), key
    assert len(i18n.EXAMPLES[lang]) == len(i18n.EXAMPLES[i18n.ENGLISH])


@pytest.mark.parametrize("lang", [i18n.ARABIC, i18n.RUSSIAN, i18n.UKRAINIAN])
def test_texts_in_other_scripts_hold_no_english_left_over(lang: str):
    """A forgotten English phrase in an Arabic or Cyrillic text shows as Latin words (commands and URLs aside)."""
    for key, value in i18n.TEXTS[lang].items():
        stripped = re.sub(r"https?://\S+|<[^>]+>|\{\w+\}", "", value)
        assert not LATIN_OUTSIDE_COMMANDS.findall(stripped), (key, value)


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
