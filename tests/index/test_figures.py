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
