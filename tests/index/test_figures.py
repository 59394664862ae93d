"""Figures however written, what they count, and when two quotes agree or differ (no model)."""

from __future__ import annotations

import pytest

from index.text.figures import compare_figures, extract_figures, parse_number, question_kinds


@pytest.mark.parametrize(
    "written",
    [
        "275.000 Zivilisten sind eingeschlossen",
        "275,000 civilians are trapped",
        "275 000 civilians are trapped",
        "rund 275 000 Zivilisten sind eingeschlossen",
        "275\u202f000 Zivilisten sind eingeschlossen",
        "275 thousand civilians are trapped",
        "275 Tausend Zivilisten sind eingeschlossen",
        "0,275 Millionen Zivilisten sind eingeschlossen",
        "275.000 Menschen sind eingeschlossen",
        "some 275000 people remain trapped",
    ],
)
def test_every_way_of_writing_275000_is_one_figure(written: str):
    figures = extract_figures(written)
    assert [f.value for f in figures] == [275_000]
    assert figures[0].event == "trapped"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.400", 1400), ("1,400", 1400), ("1,5", 1.5), ("2.5", 2.5), ("12", 12), ("1 400 000", 1_400_000)],
)
def test_digit_groups_and_decimals(raw: str, value: float):
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,5 Millionen Menschen sind auf der Flucht vertrieben", [(1_500_000, "displaced")]),
        ("1.5 million people were displaced", [(1_500_000, "displaced")]),
        ("Zwölf Menschen wurden getötet, 30 verletzt", [(12, "killed"), (30, "wounded")]),
        ("10 civilians killed 15 injured in rocket attacks", [(10, "killed"), (15, "wounded")]),
        ("killing 8 persons and injuring 58 others", [(8, "killed"), (58, "wounded")]),
        ("At least 13 civilians mostly women and children were killed", [(13, "killed")]),
        ("WHO put the death toll at at least 70", [(70, "killed")]),
        ("Thirteen civilians among them seven children were killed", [(13, "killed"), (7, "killed")]),
        ("one person was killed and one of the shells hit a school", [(1, "killed")]),
    ],
)
def test_figures_and_their_events_in_both_languages(text: str, expected: list[tuple[float, str]]):
    assert [(f.value, f.event) for f in extract_figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 19 July 2016 the talks resumed",
        "Am 3. Oktober 2016 begannen die Gespräche",
        "The town lies 40 km from the border",
        "Turnout reached 40% in 2014",
    ],
)
def test_dates_years_distances_and_shares_are_no_counts(text: str):
    assert extract_figures(text) == []


def test_question_kinds():
    assert question_kinds("How many civilians were killed in Aleppo?") == ({"killed"}, {"civilians"})
    assert question_kinds("Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?") == ({"trapped"}, {"civilians"})
    assert question_kinds("Who broke off the talks?") == (set(), set())


@pytest.mark.parametrize(
    ("question", "main", "other", "agrees"),
    [
        # the same figure, written differently
        (
            "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?",
            "In Ost-Aleppo sind rund 275.000 Zivilisten eingeschlossen.",
            "About 275,000 people are trapped in the besieged districts.",
            True,
        ),
        # another figure for the same thing
        (
            "How many civilians are trapped in East Aleppo?",
            "In Ost-Aleppo sind rund 275.000 Zivilisten eingeschlossen.",
            "Some 250 000 civilians remain trapped in the east of the city.",
            False,
        ),
        (
            "How many people were killed in the strike?",
            "The strike killed 25 people, a monitor said.",
            "At least 31 people were killed, rescuers said.",
            False,
        ),
        (
            "Wie viele Menschen wurden getötet?",
            "Bei dem Angriff wurden 25 Menschen getötet.",
            "The strike killed 25 people and wounded 40.",
            True,
        ),
        # the source counts something else: wounded, not killed; fighters, not civilians
        (
            "How many people were killed in the strike?",
            "The strike killed 25 people.",
            "More than 40 people were wounded in the strike.",
            None,
        ),
        (
            "How many civilians were killed?",
            "Air strikes killed 12 civilians on Monday.",
            "30 regime soldiers were killed in the fighting.",
            None,
        ),
        # nothing to compare
        ("Who broke off the talks?", "The US broke off the talks.", "Washington ended the talks on Monday.", None),
    ],
)
def test_compare_figures(question: str, main: str, other: str, agrees: bool | None):
    assert compare_figures(question, main, other).agrees is agrees


def test_compared_values_are_both_kept_never_merged():
    comparison = compare_figures(
        "How many people were killed?", "The blast killed 112 people.", "The death toll reached at least 126."
    )
    assert comparison.agrees is False
    assert comparison.main == (112,) and comparison.other == (126,)


@pytest.mark.parametrize(
    ("main_date", "other_date", "same"),
    [("2016-09-15", "2016-09-15", True), ("2016-09-15", "2016-09-16", False), ("2016-09-15", None, True)],
)
def test_counts_are_compared_only_between_reports_of_the_same_day(main_date, other_date, same):
    from index.answer.answerer import _same_event_day
    from index.answer.answers import ArticleRef, Hit

    def hit(day: str | None) -> Hit:
        article = ArticleRef(id=str(day), title="t", date=day)
        return Hit(article, 1, 0, 1, "x", "x", 0, 1, similarity=0.5)

    assert _same_event_day(hit(main_date), hit(other_date)) is same


@pytest.mark.parametrize(
    ("main", "other", "agrees"),
    [
        ("killed more than 50 people", "killed at least 58 people", True),  # "more than 50" allows 58
        ("killed more than 50 people", "killed at least 72 people", False),
        ("killed at least 25 people", "killed at least 31 people", False),  # "at least" stays exact
        ("nearly 30 people were killed", "29 people were killed", True),
        ("rund 275.000 Menschen wurden getötet", "some 250 000 people were killed", False),
    ],
)
def test_hedged_figures_agree_within_their_reach(main: str, other: str, agrees: bool):
    assert compare_figures("How many people were killed?", main, other).agrees is agrees


def test_a_number_right_before_another_takes_no_event_from_beyond_it():
    figures = extract_figures("Get short URL 113 At least nine people were killed")
    assert [(f.value, f.event) for f in figures] == [(113, None), (9, "killed")]


def test_a_figure_without_a_group_takes_its_event_only_from_close_by():
    text = "the blast hit the convoy killing dozens as it waited to leave two villages"
    assert [(f.value, f.event) for f in extract_figures(text)] == [(2, None)]
    assert [f.event for f in extract_figures("killing at least 100 and wounding hundreds")] == ["killed"]
