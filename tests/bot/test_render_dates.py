"""Telegram rendering of dated answers and timelines: the period line, the "latest" date, the archive's range, and
timeline pages that fill one message each and continue where the last one stopped."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot import buttons
from bot.render import MESSAGE_LIMIT, render_answer, render_no_answer, render_timeline, utf16_len
from index.answer.answers import Timeline
from index.text.dates import Period
from tests.bot.fake_bot_api import parse_telegram_html
from tests.bot.test_render import make_answer, make_hit

SEPTEMBER = Period(date(2016, 9, 1), date(2016, 9, 30), "im September 2016", "month")


@pytest.mark.parametrize(
    ("lang", "line"),
    [("de", "🗓 Gesucht im Zeitraum: September 2016"), ("en", "🗓 Period searched: September 2016")],
)
def test_a_dated_answer_says_which_period_was_searched(lang, line):
    answer = dataclasses.replace(make_answer(), period=SEPTEMBER)
    html = render_answer(answer, lang)
    assert html.rstrip().endswith(line)
    with_undated = render_answer(dataclasses.replace(answer, undated_included=3), lang)
    assert ("(dazu 3 Artikel ohne Datum)" if lang == "de" else "(and 3 undated articles)") in with_undated
    parse_telegram_html(with_undated)


def test_a_latest_answer_starts_with_its_date():
    answer = dataclasses.replace(make_answer(), latest=True)
    assert render_answer(answer, "de").startswith("<b>Stand: 5. Oktober 2016</b>")
    assert render_answer(answer, "en").startswith("<b>As of 5 October 2016</b>")


def test_a_period_outside_the_archive_gets_its_range():
    answer = dataclasses.replace(
        make_answer(answered=False),
        best=None,
        period=Period(date(2012, 5, 1), date(2012, 5, 31)),
        archive_range=("2016-09-10", "2017-06-02"),
        out_of_range=True,
    )
    assert render_no_answer("de", answer) == (
        "Zum Zeitraum Mai 2012 habe ich nichts: Das Archiv reicht vom 10. September 2016 bis 2. Juni 2017."
    )
    assert "the archive covers 10 September 2016 to 2 June 2017" in render_no_answer("en", answer)


def test_nothing_found_in_a_period_says_the_period():
    answer = dataclasses.replace(make_answer(answered=False), period=SEPTEMBER)
    assert "Dazu finde ich im Archiv leider nichts" in render_no_answer("de", answer)
    assert "Gesucht im Zeitraum: September 2016" in render_no_answer("de", answer)


def test_timeline_pages_fill_one_message_each_and_continue_in_order():
    quote = "Air strikes on the market killed many civilians on Thursday, a monitoring group said. " * 3
    hits = [
        make_hit(quote, passage=quote, date=f"2016-{month:02d}-{day:02d}", title=f"Report {month}-{day} <&>")
        for month in (7, 8, 9)
        for day in range(1, 21)
    ]
    timeline = Timeline("Aleppo", hits)
    shown: list[str] = []
    page = 0
    while page < len(hits):
        html, next_entry = render_timeline(timeline, "en", page=page)
        assert utf16_len(html) <= MESSAGE_LIMIT
        assert next_entry > page
        assert html.startswith(f"<b>Timeline: Aleppo</b> – reports {page + 1} to {next_entry} of {len(hits)}")
        parse_telegram_html(html)
        shown += [line.split("</b>")[0][3:] for line in html.split("\n")[2:] if line.startswith("<b>")]
        page = next_entry
    expected = [f"{day} {month} 2016" for month in ("July", "August", "September") for day in range(1, 21)]
    assert shown == expected  # every entry once, in date order
    assert len(hits) / len(shown[: render_timeline(timeline, "en")[1]]) <= 6  # about ten lines a page
    first_page, next_entry = render_timeline(timeline, "de")
    assert "<b>1. Juli 2016</b> · Testzeitung" in first_page
    keyboard = buttons.timeline_keyboard(7, next_entry, len(hits), "de")
    (button,) = keyboard.inline_keyboard[0]
    assert button.text == "Weiter ▶" and button.callback_data == f"t:7:{next_entry}"
    assert buttons.decode(button.callback_data) == buttons.Action(buttons.TIMELINE_PAGE, 7, next_entry)
    assert buttons.timeline_keyboard(7, len(hits), len(hits), "de") is None  # the last page has no button


@pytest.mark.parametrize("data", ["t:1:-1", "t:x:2", "t:1", "t:1:2:3"])
def test_malformed_timeline_buttons_are_ignored(data):
    assert buttons.decode(data) is None
