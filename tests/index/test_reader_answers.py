"""Readers' questions over hand-written briefs, with the real model (issue 30): the kind asked, the reader's language
first, an honest hedge or nothing, and a source line that says what the reader is reading.

The briefs (tests/data/readers/briefs) are ours: an invented siege of "Deir Qanun" reported by a German outlet
(no title line: its first sentence is no title) and an English one that gives another count of the people trapped,
and an undated, untitled Austrian refugee brief that a refugee's question about Germany meets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render import original_language_line, render_answer
from index.engine import Engine
from index.render_text import render_plain

BRIEFS = Path(__file__).resolve().parents[1] / "data" / "readers" / "briefs"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, model_settings) -> Engine:
    engine = Engine(model_settings(tmp_path_factory.mktemp("reader-briefs")))
    report = engine.ingest([BRIEFS])
    assert report.added == 3 and not report.errors
    return engine


def test_a_yes_no_question_gets_the_sentence_that_states_the_fact(engine):
    answer = engine.ask("Wurde die Wasserversorgung in Deir Qanun zerstört?")
    assert answer.answered and "Pumpstation zerstört" in answer.quote


def test_who_is_gets_the_sentence_that_describes_the_person(engine):
    answer = engine.ask("Wer ist Lina Haddad?")
    assert answer.answered and "Sonderbeauftragten des Roten Kreuzes" in answer.quote


@pytest.mark.parametrize(
    "question",
    [
        "Deir Qanun'da kaç sivil mahsur?",  # Turkish: how many civilians are trapped
        "How many people are trapped in Deir Qanun?",
    ],
)
def test_a_count_question_is_answered_with_a_count_of_the_kind_asked(engine, question: str):
    answer = engine.ask(question)
    assert answer.answered
    assert "38.000" in answer.quote or "40,000" in answer.quote  # trapped, not the 12 or 300 killed
    assert "300 Zivilisten" not in answer.quote and "killed 12" not in answer.quote


def test_the_readers_language_first_and_the_other_figure_marked_as_differing(engine):
    answer = engine.ask("Wie viele Menschen sind in Deir Qanun eingeschlossen?")
    assert answer.answered and answer.best.article.lang == "de" and "38.000" in answer.quote
    differing = [hit for hit in answer.sources if hit.agrees is False]
    assert [hit.article.source for hit in differing] == ["River News"]
    assert "40,000" in differing[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "Wie viele syrische Flüchtlinge leben in Deutschland?",
        "كم عدد اللاجئين السوريين في ألمانيا؟",
    ],
)
def test_an_unanswerable_refugee_question_is_never_answered_with_confidence(engine, question: str):
    answer = engine.ask(question)
    assert answer.outcome in ("nothing", "hedge")
    if answer.outcome == "hedge":
        assert "Ich bin nicht sicher" in render_plain(answer) or "not sure" in render_plain(answer)


def test_a_quote_in_another_language_says_so_and_names_the_outlet_not_the_first_sentence(engine):
    answer = engine.ask("هل دمرت محطة ضخ المياه في دير قانون؟")  # Arabic: was the water pumping station destroyed?
    assert answer.answered and answer.best.article.source == "Tagesblatt"
    assert answer.best.article.title == ""  # the brief has no title: its first sentence is none
    assert original_language_line(answer, "ar") == "الاقتباس بلغته الأصلية الألمانية"
    reply = render_answer(answer, "ar")
    assert "الاقتباس بلغته الأصلية الألمانية" in reply and "Tagesblatt" in reply
    assert "Nach drei Wochen Belagerung" not in reply.split("</blockquote>")[-1]
    same = engine.ask("Wurde die Pumpstation in Deir Qanun zerstört?")
    assert original_language_line(same, "de") == ""
