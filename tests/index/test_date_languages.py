"""Dates and "latest" in the bot's eight languages (index/text/dates.py, index/text/date_languages.py), on the
hand-written phrases of tests/data/date_phrases.json: dated questions give their exact first and last day,
numbers that are not dates ("275 morts", "G20", "резолюция 2254") give none, "latest" and "what's new" are read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.text.dates import asks_latest, find_period

TODAY = date(2026, 11, 26)
NEWEST = date(2017, 11, 27)
PHRASES = json.loads((Path(__file__).parents[1] / "data" / "date_phrases.json").read_text("utf-8"))


def _cases(kind: str) -> list:
    return [(lang, *row) if isinstance(row, list) else (lang, row) for lang, rows in PHRASES[kind].items()
            for row in rows]  # fmt: skip


@pytest.mark.parametrize(("lang", "question", "start", "end", "half"), _cases("dated"))
def test_dated_questions_in_every_language(lang, question, start, end, half):
    found = find_period(question, today=TODAY, latest=NEWEST)
    assert found is not None, question
    assert (found.start.isoformat(), found.end.isoformat()) == (start, end)


@pytest.mark.parametrize(("lang", "question"), _cases("not_dates"))
def test_numbers_are_not_dates_in_any_language(lang, question):
    assert find_period(question, today=TODAY, latest=NEWEST) is None


@pytest.mark.parametrize(("lang", "question"), _cases("latest"))
def test_latest_and_whats_new_in_every_language(lang, question):
    assert asks_latest(question)
    assert find_period(question, today=TODAY, latest=NEWEST) is None


@pytest.mark.parametrize(("lang", "question"), _cases("not_latest"))
def test_other_questions_are_not_latest(lang, question):
    assert not asks_latest(question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Что было вчера в Алеппо?", (date(2026, 11, 25), date(2026, 11, 25))),
        ("¿Qué pasó la semana pasada?", (date(2026, 11, 16), date(2026, 11, 22))),
        ("Que s'est-il passé depuis le 5 octobre 2016 ?", (date(2016, 10, 5), TODAY)),
        ("ماذا حدث في حلب في ٥ أكتوبر ٢٠١٦؟", (date(2016, 10, 5), date(2016, 10, 5))),
        ("Halep'te Ekim'de ne oldu?", (date(2017, 10, 1), date(2017, 10, 31))),
    ],
)
def test_relative_and_yearless_dates_in_other_languages(question, expected):
    found = find_period(question, today=TODAY, latest=NEWEST)
    assert found is not None and (found.start, found.end) == expected
