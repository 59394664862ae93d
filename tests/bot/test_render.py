"""Unit tests for the bot's HTML rendering (``bot.render``) and its texts (``bot.i18n``)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from bot import i18n
from bot.render import (
    ELLIPSIS,
    MESSAGE_LIMIT,
    fit,
    render_alert,
    render_answer,
    render_full_passage,
    render_more_sources,
    render_no_answer,
    source_line,
    utf16_len,
)
from index.answer.answers import Answer, ArticleRef, Hit
from index.engine import Alert
from tests.bot.fake_bot_api import TelegramHtmlError, parse_telegram_html

PASSAGE = "Vorher stand etwas anderes. Lawrow und Kerry haben telefoniert. Danach kam noch mehr."
QUOTE = "Lawrow und Kerry haben telefoniert."


def make_hit(
    quote: str = QUOTE,
    *,
    passage: str = PASSAGE,
    title: str = "Lawrow und Kerry telefonieren wieder",
    url: str | None = "https://example.org/de/lawrow-kerry",
    source: str | None = "Testzeitung",
    date: str | None = "2016-10-05",
    passage_start: int = 100,
) -> Hit:
    start = passage.find(quote)
    start = start if start >= 0 else 0
    article = ArticleRef(id="a1", title=title, date=date, source=source, url=url, lang="de")
    return Hit(
        article=article,
        passage_id=1,
        passage_start=passage_start,
        passage_end=passage_start + len(passage),
        passage_text=passage,
        quote=quote,
        quote_start=passage_start + start,
        quote_end=passage_start + start + len(quote),
        similarity=0.7,
    )


def make_answer(hit: Hit | None = None, sources: list[Hit] | None = None, *, answered: bool = True) -> Answer:
    return Answer(
        question="Mit wem hat Lawrow telefoniert?",
        lang="de",
        answered=answered,
        best=hit or make_hit(),
        sources=sources or [],
        took_ms=12.0,
    )


def blockquote(message: str) -> str:
    match = re.search(r"<blockquote>(.*?)</blockquote>", message, flags=re.DOTALL)
    assert match, message
    return match.group(1)


def test_answer_puts_the_quote_in_a_blockquote_then_the_source():
    message = render_answer(make_answer(), "de")
    assert blockquote(message) == QUOTE
    assert '<a href="https://example.org/de/lawrow-kerry">Lawrow und Kerry telefonieren wieder</a>' in message
    assert "2016-10-05" in message and "Testzeitung" in message
    assert message.index("</blockquote>") < message.index("Quelle")
    parse_telegram_html(message)


def test_answer_escapes_markup_ampersands_and_quotes():
    quote = 'He said "<script>alert(1)</script>" & left; 5 < 6 > 4 &amp; done'
    hit = make_hit(
        quote,
        passage=quote,
        title='A <b>bold</b> "title" & more',
        source="Foo & <Bar>",
        url='https://example.org/a?b=1&c="2"',
    )
    message = render_answer(make_answer(hit), "en")
    assert "<script>" not in message and "<b>bold</b>" not in message
    assert html.escape(quote, quote=False) == blockquote(message)
    assert 'href="https://example.org/a?b=1&amp;c=&quot;2&quot;"' in message
    visible = parse_telegram_html(message)  # Telegram's parser accepts it …
    assert quote in visible  # … and shows the original characters
    assert 'A <b>bold</b> "title" & more' in visible
    assert "Foo & <Bar>" in visible


def test_only_http_links_become_links():
    message = render_answer(make_answer(make_hit(url="javascript:alert(1)")), "en")
    assert "<a " not in message and "javascript" not in message
    assert "<a " not in source_line(make_hit(url=None).article)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_huge_quote_and_title_stay_within_the_limit(lang):
    quote = "Aleppo & <Ost-Aleppo> " * 5000
    hit = make_hit(quote, passage=quote, title="Ein <sehr> langer Titel & " * 500, source="Outlet & Co " * 100)
    message = render_answer(make_answer(hit), lang)
    assert utf16_len(message) <= MESSAGE_LIMIT
    shown = blockquote(message)
    assert shown.endswith(ELLIPSIS)
    assert html.unescape(shown[:-1]).rstrip() == quote[: len(html.unescape(shown[:-1]).rstrip())]
    assert utf16_len(parse_telegram_html(message)) <= MESSAGE_LIMIT


def test_cuts_never_split_an_entity_or_a_surrogate_pair():
    for raw in ("&" * 9000, "<>" * 5000, "🇸🇾 Syrien " * 2000):
        for budget in (7, 50, 333, 4000):
            shown = fit(raw, budget)
            assert utf16_len(shown) <= budget
            parse_telegram_html(shown)  # no broken &amp; at the end
            assert shown.endswith(ELLIPSIS)


def test_fit_cuts_at_a_word_boundary_and_keeps_short_text():
    assert fit("short & sweet", 100) == "short &amp; sweet"
    assert fit("one two three four five six", 15) == "one two three" + ELLIPSIS
    assert fit("one two three four five six", 15, keep_end=True) == ELLIPSIS + "four five six"
    assert fit("anything", 0) == ""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "finde ich im Archiv leider nichts"), ("en", "the archive holds nothing")],
)
def test_no_answer_text_in_both_languages(lang, expected):
    message = render_no_answer(lang)
    assert expected in message
    assert "formulierung" in message.lower() or "rephras" in message.lower()
    assert render_answer(make_answer(answered=False), lang) == message
    parse_telegram_html(message)


def test_no_answer_texts_differ_by_language():
    assert render_no_answer("de") != render_no_answer("en")


def test_more_sources_lists_each_source_with_its_own_quote():
    sources = [make_hit(f"Quote {n} <&>", passage=f"Quote {n} <&>", title=f"Article {n}") for n in range(3)]
    message = render_more_sources(make_answer(sources=sources), "en")
    assert message.count("<blockquote>") == 3
    assert "Quote 2 &lt;&amp;&gt;" in message and "Article 2" in message
    parse_telegram_html(message)
    assert "No further sources" in render_more_sources(make_answer(), "en")


def test_more_sources_with_huge_sources_stays_within_the_limit():
    big = "Sehr lange Quelle & mehr. " * 2000
    sources = [make_hit(big, passage=big, title="T & " * 300) for _ in range(30)]
    message = render_more_sources(make_answer(sources=sources), "de")
    assert utf16_len(message) <= MESSAGE_LIMIT
    assert message.count("<blockquote>") >= 3
    parse_telegram_html(message)


def sourced(hit: Hit, agrees: bool | None) -> Hit:
    return dataclasses.replace(hit, agrees=agrees)


def test_answer_names_outlets_with_the_same_figure_and_quotes_those_with_another():
    same = sourced(make_hit("16 Tote.", title="A", source="Valley <Post>", date="2016-09-21"), True)
    other = sourced(make_hit("31 Tote & mehr.", title="B", source="Hill Times", date="2016-09-16", url=None), False)
    unrelated = sourced(make_hit("Kein Vergleich.", title="C", source="Farm Weekly"), None)
    message = render_answer(make_answer(sources=[same, other, unrelated]), "de")
    link = '<a href="https://example.org/de/lawrow-kerry">Valley &lt;Post&gt;, 2016-09-21</a>'
    assert f"<b>Auch berichtet von:</b> {link}" in message
    differing = message.split("<b>Abweichende Angaben:</b>")[1]
    assert "<blockquote>31 Tote &amp; mehr.</blockquote>— Hill Times, 2016-09-16" in differing
    assert QUOTE in blockquote(message)  # the main quote keeps its place, first
    assert "Farm Weekly" not in message  # nothing comparable: only under the More sources button
    parse_telegram_html(message)
    english = render_answer(make_answer(sources=[same, other]), "en")
    assert "<b>Also reported by:</b>" in english and "<b>Differing figures:</b>" in english


def test_answer_without_comparable_sources_has_no_marks_and_many_differing_stay_within_the_limit():
    plain = render_answer(make_answer(sources=[sourced(make_hit(), None)]), "en")
    assert "Also reported by" not in plain and "Differing figures" not in plain
    big = "Sehr lange abweichende Angabe & mehr. " * 500
    many = [sourced(make_hit(big, passage=big, source="O & " * 100), False) for _ in range(6)]
    message = render_answer(make_answer(make_hit(big, passage=big), sources=many), "de")
    assert utf16_len(message) <= MESSAGE_LIMIT
    assert message.count("<blockquote>") == 3  # the answer and MAX_DIFFERING_SHOWN differing quotes
    assert "… und 4 weitere" in message
    parse_telegram_html(message)


def test_more_sources_marks_agreeing_and_differing_sources():
    sources = [sourced(make_hit(title="A"), True), sourced(make_hit(title="B"), False), sourced(make_hit(), None)]
    message = render_more_sources(make_answer(sources=sources), "en")
    assert message.count("✓ same figure") == 1 and message.count("≠ differing figure") == 1
    parse_telegram_html(message)


def test_full_passage_shows_the_quote_in_bold():
    message = render_full_passage(make_hit(), "de")
    assert f"<b>{QUOTE}</b>" in message
    assert "Vorher stand etwas anderes." in message and "Danach kam noch mehr." in message
    parse_telegram_html(message)


def test_huge_full_passage_is_cut_around_the_quote():
    passage = "Davor & dies. " * 3000 + QUOTE + " Danach <das>. " * 3000
    message = render_full_passage(make_hit(passage=passage), "en")
    assert utf16_len(message) <= MESSAGE_LIMIT
    assert f"<b>{QUOTE}</b>" in message
    inner = blockquote(message)
    assert inner.startswith(ELLIPSIS) and inner.endswith(ELLIPSIS)
    parse_telegram_html(message)


def test_full_passage_when_the_quote_offsets_do_not_match():
    hit = make_hit(passage="Some passage & text without that sentence.")
    message = render_full_passage(hit, "en")
    assert "Some passage &amp; text" in message and "<b>" in message  # only the header is bold
    parse_telegram_html(message)


@pytest.mark.parametrize("markup", ["<blockquote>open", "a < b", "x &nbsp; y", "<div>x</div>", "<b><i>x</b></i>"])
def test_archive_text_that_telegram_would_reject_is_shown_as_text(markup: str):
    """Each of these is HTML that Telegram refuses (``parse_telegram_html`` raises on it as it stands); from the
    archive, in a quote, a title or an outlet, it must reach the reader escaped, as the characters it is."""
    with pytest.raises(TelegramHtmlError):  # the checker does reject it, so the assertions below mean something
        parse_telegram_html(markup)
    quote = f"Er sagte: {markup} und ging."
    hit = make_hit(quote, passage=f"Vorher. {quote} Nachher.", title=f"Titel {markup}", source=f"Outlet {markup}")
    answer = make_answer(hit, sources=[hit])
    for message in (render_answer(answer, "de"), render_full_passage(hit, "de"), render_more_sources(answer, "de")):
        visible = parse_telegram_html(message)
        assert markup in visible, message


def test_language_choice_falls_back_to_the_telegram_client():
    assert i18n.pick_language("und", "de-AT") == "de"
    assert i18n.pick_language("en", "de") == "en"
    assert i18n.pick_language(None, "fr") == "fr"
    assert i18n.pick_language("it", "ar") == "ar"  # a question in a language the bot does not speak
    assert i18n.pick_language(None, "it") == "en"
    assert i18n.pick_language(None, None) == "en"


def test_text_escapes_values_and_formats_numbers():
    assert i18n.text("de", "rate_limited", seconds=1234) == (
        "Sie fragen gerade sehr schnell. Bitte warten Sie 1.234 s bis zur nächsten Frage."
    )
    assert "&lt;x&gt;" in i18n.text("en", "reindex_failed", error="<x>")


def test_an_alert_names_the_topic_quotes_and_links_and_fits_one_message():
    message = render_alert(Alert(5, "Lawrow & <Kerry>", make_hit()), "de")
    assert "Neu zu Ihrem Thema „Lawrow &amp; &lt;Kerry&gt;“" in message  # escaped once
    assert blockquote(message) == QUOTE
    assert '<a href="https://example.org/de/lawrow-kerry">' in message
    parse_telegram_html(message)
    long_alert = Alert(5, "x" * 500, make_hit("Wort " * 2000, passage="Wort " * 2000))
    rendered = render_alert(long_alert, "en")
    assert utf16_len(rendered) <= MESSAGE_LIMIT and rendered.startswith("<b>New on your topic")
    parse_telegram_html(rendered)
