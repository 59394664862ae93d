"""Periods in questions, German and English (index/text/dates.py): dateparser finds them, our rules give their
length."""

from __future__ import annotations

from datetime import date

import pytest

from index.text.dates import Period, asks_latest, find_period, format_range, without_phrase

TODAY = date(2026, 11, 26)  # a Thursday
NEWEST = date(2017, 11, 27)  # the archive's newest article


def period(question: str) -> tuple[date, date] | None:
    found = find_period(question, today=TODAY, latest=NEWEST)
    return (found.start, found.end) if found else None


EXPLICIT = [
    ("Was geschah am 5. Oktober 2016 in Aleppo?", (date(2016, 10, 5), date(2016, 10, 5))),
    ("What happened in Aleppo on 5 October 2016?", (date(2016, 10, 5), date(2016, 10, 5))),
    ("How many were killed on 16 July 2016?", (date(2016, 7, 16), date(2016, 7, 16))),
    ("What happened in Aleppo in September 2016?", (date(2016, 9, 1), date(2016, 9, 30))),
    ("Was geschah im September 2016 in Aleppo?", (date(2016, 9, 1), date(2016, 9, 30))),
    ("Wie viele starben im Februar 2016?", (date(2016, 2, 1), date(2016, 2, 29))),
    ("What happened in 2016?", (date(2016, 1, 1), date(2016, 12, 31))),
    ("Wie viele Menschen wurden im Jahr 2015 getötet?", (date(2015, 1, 1), date(2015, 12, 31))),
    ("Was geschah Anfang Oktober 2016?", (date(2016, 10, 1), date(2016, 10, 10))),
    ("Was geschah Mitte Oktober 2016?", (date(2016, 10, 11), date(2016, 10, 20))),
    ("Was geschah Ende Februar 2016?", (date(2016, 2, 21), date(2016, 2, 29))),
    ("What happened in early October 2016?", (date(2016, 10, 1), date(2016, 10, 10))),
    ("What happened at the end of April 2017?", (date(2017, 4, 21), date(2017, 4, 30))),
    ("How many died in late April 2017?", (date(2017, 4, 21), date(2017, 4, 30))),
    ("Was geschah vom 1. bis 10. Juli 2016?", (date(2016, 7, 1), date(2016, 7, 10))),
    ("What happened between 1 and 10 July 2016?", (date(2016, 7, 1), date(2016, 7, 10))),
    ("Was geschah zwischen dem 3. Juli 2016 und dem 5. August 2016?", (date(2016, 7, 3), date(2016, 8, 5))),
    ("Was geschah Mitte 2016?", (date(2016, 5, 1), date(2016, 8, 31))),
    ("Wie viele Menschen flohen von 2014 bis 2016?", (date(2014, 1, 1), date(2016, 12, 31))),
    ("How many fled between 2014 and 2016?", (date(2014, 1, 1), date(2016, 12, 31))),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    EXPLICIT,
)
def test_explicit_dates_and_ranges(question, expected):
    assert period(question) == expected


RELATIVE = [
    # without a year: the most recent such month or day on or before the archive's newest date
    ("Was geschah im September?", (date(2017, 9, 1), date(2017, 9, 30))),
    ("What happened in December?", (date(2016, 12, 1), date(2016, 12, 31))),
    ("Was geschah Anfang Oktober in Aleppo?", (date(2017, 10, 1), date(2017, 10, 10))),
    ("What happened on 5 October?", (date(2017, 10, 5), date(2017, 10, 5))),
    ("Wie viele Menschen starben im März?", (date(2017, 3, 1), date(2017, 3, 31))),
    # relative phrases: counted from today
    ("Was geschah gestern in Aleppo?", (date(2026, 11, 25), date(2026, 11, 25))),
    ("What happened yesterday?", (date(2026, 11, 25), date(2026, 11, 25))),
    ("Was geschah diese Woche?", (date(2026, 11, 23), TODAY)),
    ("What happened last week?", (date(2026, 11, 16), date(2026, 11, 22))),
    ("Was geschah letzte Woche?", (date(2026, 11, 16), date(2026, 11, 22))),
    ("Was geschah vor zwei Wochen?", (date(2026, 11, 9), date(2026, 11, 15))),
    ("What happened in the last 3 days?", (date(2026, 11, 23), TODAY)),
    # open ranges end today
    ("Wie viele Angriffe gab es seit dem 19. September 2017?", (date(2017, 9, 19), TODAY)),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    RELATIVE,
)
def test_dates_without_a_year_and_relative_dates(question, expected):
    assert period(question) == expected


NOT_DATES = [
    "275 Tote in Aleppo",
    "Wie viele Menschen wurden getötet, 275 oder 300?",
    "Was beschlossen die G20?",
    "What does Resolution 2254 say?",
    "Was steht in Resolution 2254 des Sicherheitsrats?",
    "2016 Tote in Aleppo?",
    "May the talks resume?",
    "Who did Lavrov speak to on the phone?",
    "Warum haben die USA die Gespräche mit Russland abgebrochen?",
    "the 24 hours of bombardment in Aleppo",
    "How many of the 12 hospitals are still open?",
    "Welches Amt übernahm er im Alter von 38 Jahren?",
    "Wie viele Kinder unter 18 Jahren leben in Ost-Aleppo?",
    "Was geschah in den ersten 15 Jahren des Krieges?",
    "The siege lasted for three years; who ended it?",
    "How many refugees a year reach Turkey?",
    "Who caused the four day power cut in Aleppo?",
    "Which fragments of the old city wall are still visible today?",
    "Wer lebte in dem heute als Ost-Aleppo bekannten Viertel?",
    "Was ist der neueste Stand in Aleppo?",
    "What is the latest on the ceasefire now?",
]


@pytest.mark.parametrize(
    "question",
    NOT_DATES,
)
def test_numbers_names_and_latest_words_are_not_periods(question):
    assert period(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "Was ist der neueste Stand in Aleppo?",
        "Wie ist die aktuelle Lage in Idlib?",
        "Was passiert derzeit in Aleppo?",
        "Was gibt es Neues aus Deir ez-Zor?",
        "What is the latest on the ceasefire?",
        "What is happening in Aleppo now?",
        "Was geschah heute in Aleppo?",
        "What is the current situation in Raqqa?",
    ],
)
def test_latest_questions(question):
    assert asks_latest(question)


@pytest.mark.parametrize(
    "question", ["Who attacked the convoy?", "Wie viele Menschen starben in Aleppo?", "Was ist los?"]
)
def test_other_questions_do_not_ask_for_the_latest(question):
    assert not asks_latest(question)


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Was geschah am 5. Oktober 2016 in Aleppo?", "Was geschah in Aleppo?"),
        ("What happened in Aleppo in September 2016?", "What happened in Aleppo?"),
        ("How many civilians were killed in Raqqa in October 2017?", "How many civilians were killed in Raqqa?"),
        ("Wie viele Angriffe gab es seit dem 19. September 2017?", "Wie viele Angriffe gab es?"),
        ("Was geschah Anfang Oktober in Aleppo?", "Was geschah in Aleppo?"),
    ],
)
def test_the_date_words_are_taken_out_of_the_searched_text(question, searched):
    assert without_phrase(question, find_period(question, today=TODAY, latest=NEWEST)) == searched


def test_a_question_that_is_only_a_date_keeps_its_words():
    question = "between 1 and 10 July 2016"
    assert without_phrase(question, find_period(question, today=TODAY, latest=NEWEST)) == question


@pytest.mark.parametrize(
    ("start", "end", "lang", "label"),
    [
        (date(2016, 10, 5), date(2016, 10, 5), "de", "5. Oktober 2016"),
        (date(2016, 10, 5), date(2016, 10, 5), "en", "5 October 2016"),
        (date(2016, 9, 1), date(2016, 9, 30), "de", "September 2016"),
        (date(2016, 1, 1), date(2016, 12, 31), "en", "2016"),
        (date(2016, 10, 1), date(2016, 10, 10), "de", "1.–10. Oktober 2016"),
        (date(2016, 7, 3), date(2016, 8, 5), "en", "3 July 2016 – 5 August 2016"),
    ],
)
def test_labels(start, end, lang, label):
    assert format_range(start, end, lang) == label
    assert Period(start, end).label(lang) == label


@pytest.mark.parametrize(
    ("start", "end", "lang", "label"),
    [
        (date(2016, 10, 5), date(2016, 10, 5), "tr", "5 Ekim 2016"),
        (date(2016, 10, 5), date(2016, 10, 5), "ru", "5 октября 2016\u202fг."),
        (date(2016, 9, 1), date(2016, 9, 30), "fr", "septembre 2016"),
        (date(2016, 9, 1), date(2016, 9, 30), "es", "septiembre de 2016"),
        (date(2016, 10, 1), date(2016, 10, 10), "ar", "1–10 أكتوبر 2016"),
        (date(2016, 1, 1), date(2016, 12, 31), "uk", "2016"),
        (date(2016, 10, 5), date(2016, 10, 5), "zz", "5 October 2016"),  # no such locale: English
    ],
)
def test_labels_in_the_bots_other_languages(start, end, lang, label):
    assert format_range(start, end, lang) == label
