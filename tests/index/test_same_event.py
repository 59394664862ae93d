"""The "same event" test for further sources: days a text names, proper names across spellings, and the rule
that lets a later report of the main answer's event in and keeps a neighbouring event out. No model needed."""

from __future__ import annotations

from datetime import date

import pytest

from index.answer.answerer import LATER_REPORT_DAYS, _later_report, _same_event
from index.answer.answers import ArticleRef, Hit
from index.text.event_days import stated_days
from index.text.proper_names import name_key, question_names, shares_name

SUNDAY = date(2017, 4, 16)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("a car bomb hit the buses on Saturday", {date(2017, 4, 15)}),
        ("the toll from Saturday's bombing rose", {date(2017, 4, 15)}),
        ("the market was shelled on Sunday", {SUNDAY}),  # the publication day itself
        ("the attack on Tuesday killed 58", {date(2017, 4, 11)}),  # the latest Tuesday before, never the next
        ("strikes on 4 April 2017 killed dozens", {date(2017, 4, 4)}),
        ("strikes on April 4 killed dozens", {date(2017, 4, 4)}),
        ("Bei dem Angriff am 4. April starben", {date(2017, 4, 4)}),
        ("posted 19.07.2016 at noon", {date(2016, 7, 19)}),
        ("the shelling yesterday killed three", {date(2017, 4, 15)}),
        ("heute wurden fünf Menschen getötet", {SUNDAY}),
        ("on December 30 the truce began", {date(2016, 12, 30)}),  # a later date in the year is last year's
        ("at least 112 people were killed", set()),
        ("it may 10 times worse", set()),  # the verb, lower case
        ("on May 10 the talks began", {date(2016, 5, 10)}),  # the month, capitalised; May 2017 is still to come
    ],
)
def test_stated_days_read_dates_weekdays_and_yesterday_against_the_publication_date(text, days):
    assert stated_days(text, SUNDAY) == days


def test_an_impossible_date_is_ignored():
    assert stated_days("on 31 April and on 30.02.2017", SUNDAY) == set()


@pytest.mark.parametrize("spelling", ["Khan Sheikhoun", "Khan Shaykhun", "Khan Shaikhoun", "Khan Sheikhun"])
def test_transliterations_of_a_place_share_their_key(spelling):
    assert {name_key(word) for word in spelling.split()} == {name_key("Khan"), name_key("Sheikhoun")}


@pytest.mark.parametrize(("first", "second"), [("Manbij", "Marjeh"), ("Jayrud", "Jarablus"), ("Hama", "Homs")])
def test_different_towns_keep_different_keys(first, second):
    assert name_key(first) != name_key(second)


def test_question_names_skip_the_first_word_months_weekdays_and_short_words():
    names = question_names("How many died in the US strikes on Raqqa on Tuesday in April 2017?")
    assert names == {name_key("Raqqa")}


def test_shares_name_matches_spellings_and_lets_a_question_without_names_through():
    question = "How many people were killed in the attack on Khan Sheikhoun?"
    assert shares_name(question, "the town of Khan Shaykhun in Idlib")
    assert not shares_name(question, "strikes on Eastern Ghouta near Damascus")
    assert shares_name("how many people were killed?", "strikes on Eastern Ghouta")


def hit(day: str | None, text: str, quote: str | None = None, lang: str = "en") -> Hit:
    article = ArticleRef(id=f"{day}-{text[:10]}", title="t", date=day, lang=lang)
    quote = text if quote is None else quote
    return Hit(article, 1, 0, len(text), text, quote, 0, len(quote), similarity=0.5)


QUESTION = "How many people were killed by the bomb on the bus convoy outside Aleppo?"
MAIN = hit("2017-04-15", "A bomb hit a bus convoy outside Aleppo on Saturday killing at least 100.")


def test_a_later_report_naming_the_main_events_day_is_the_same_event():
    later = hit("2017-04-16", "The toll from the bombing of the convoy near Aleppo on Saturday rose to 112.")
    assert _later_report(MAIN, later)
    assert _same_event(QUESTION, "en", MAIN, later)


def test_a_later_report_of_another_day_is_a_neighbouring_event():
    other = hit("2017-04-19", "A bomb killed six people in a district of Aleppo on Wednesday.")
    assert not _later_report(MAIN, other)
    assert not _same_event(QUESTION, "en", MAIN, other)


def test_a_later_report_that_names_no_day_falls_back_to_the_same_day_rule():
    silent = hit("2017-04-16", "The toll from the convoy bombing near Aleppo rose to 112.")
    assert not _same_event(QUESTION, "en", MAIN, silent)
    assert _same_event(QUESTION, "en", MAIN, hit("2017-04-15", "The convoy bombing near Aleppo killed 43."))


def test_only_reports_after_the_main_article_and_within_the_window_count_as_later():
    earlier = hit("2017-04-14", "Buses left near Aleppo on Saturday, 15 April, and 30 were killed.")
    assert not _later_report(MAIN, earlier)
    late_day = date(2017, 4, 15).toordinal() + LATER_REPORT_DAYS + 1
    too_late = hit(date.fromordinal(late_day).isoformat(), "Recalling the 15 April 2017 convoy bombing, 126 died.")
    assert not _later_report(MAIN, too_late)


def test_a_same_day_report_from_another_place_is_another_event():
    elsewhere = hit("2017-04-15", "Air strikes on a village in Deir Ezzor killed 20 on Saturday.")
    assert not _same_event(QUESTION, "en", MAIN, elsewhere)


def test_undated_reports_are_not_held_to_a_day():
    assert _same_event(QUESTION, "en", MAIN, hit(None, "The convoy bombing outside Aleppo killed 126."))


def test_names_are_compared_only_within_the_questions_language():
    question = "Wie viele Menschen starben bei dem Anschlag in Damaskus?"
    main = hit("2017-04-15", "Bei dem Anschlag in Damaskus am Samstag starben 12 Menschen.", lang="de")
    english = hit("2017-04-15", "A bomb killed 14 people in Damascus on Saturday.")
    german = hit("2017-04-15", "In Homs wurden am Samstag 14 Zivilisten getötet.", lang="de")
    assert _same_event(question, "de", main, english)  # "Damaskus" is not "Damascus" to the key: not asked
    assert not _same_event(question, "de", main, german)
