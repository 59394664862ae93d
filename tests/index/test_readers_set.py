"""The reader-question set (tests/data/readers) and its checker, and the question kinds: no model needed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from index.answer.kinds import asked, claim_stems, gives_count, question_names, requirement
from index.answer.outcomes import Bands, decide
from index.answer.titles import is_first_sentence
from index.readers_eval import article_texts, check_answers, load_readers, summarise

READERS = Path(__file__).resolve().parents[1] / "data" / "readers" / "questions.json"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_the_set_covers_seven_languages_kinds_and_a_quarter_unanswerable():
    readers = load_readers(READERS)
    assert len(readers.questions) >= 200
    assert set(Counter(q.lang for q in readers.questions)) == {"de", "en", "ar", "tr", "uk", "ru", "fr"}
    unanswerable = sum(1 for q in readers.questions if not q.articles)
    assert 0.2 <= unanswerable / len(readers.questions) <= 0.3
    halves = Counter(q.half for q in readers.questions)
    assert abs(halves["fitted"] - halves["blind"]) <= 0.1 * len(readers.questions)


def test_every_answer_string_is_verbatim_in_its_article():
    if not (SHARED / "corpus" / "fakes-syria.en.jsonl").is_file():
        pytest.skip(f"../shared is not at {SHARED}: the set's articles are read from there")
    readers = load_readers(READERS)
    assert check_answers(readers, article_texts(readers.archive, SHARED)) == []


def test_the_checker_names_a_string_that_is_not_in_its_article(tmp_path):
    path = tmp_path / "q.json"
    item = {"id": "x1", "lang": "en", "kind": "count", "text": "how many?", "article": "a", "answers": ["41"]}
    path.write_text(json.dumps({"questions": [item]}))
    problems = check_answers(load_readers(path), {"a": "Forty people were killed."})
    assert problems == ["x1: '41' is in none of ['a']", "x1: a holds none of the answer strings"]


def test_a_file_without_answer_strings_for_an_answerable_question_is_refused(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"questions": [{"id": "x", "text": "?", "article": "a"}]}))
    with pytest.raises(ValueError, match="no answer strings"):
        load_readers(path)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?", "count"),
        ("Doğu Halep'te kaç sivil mahsur?", "count"),
        ("كم عدد المدنيين المحاصرين في شرق حلب؟", "count"),
        ("Wurde die Wasserversorgung in Aleppo zerstört?", "yesno"),
        ("Was the water supply destroyed?", "yesno"),
        ("Halep'te su şebekesi yok edildi mi?", "yesno"),
        ("هل دمرت إمدادات المياه في حلب؟", "yesno"),
        ("Wer ist Staffan de Mistura?", "who"),
        ("Хто такий Стаффан де Містура?", "who"),
        ("Was fordert Steinmeier?", "what"),
        ("Когда режим начал наступление?", "when"),
    ],
)
def test_the_kind_of_a_question(question: str, kind: str):
    assert asked(question).kind == kind


def test_trapped_is_not_killed():
    wanted = asked("Doğu Halep'te kaç sivil mahsur?")  # how many civilians are trapped
    assert wanted.events == {"trapped"}
    assert gives_count(wanted, "Up to 300000 people are still believed to be trapped in the besieged parts.")
    assert not gives_count(wanted, "Over 350 civilians have been killed in east Aleppo.")


def test_a_yes_no_claim_and_a_who_name_are_required_in_the_question_language_only():
    assert claim_stems("Wurde die Wasserversorgung in Deir Qanun zerstört?", "de") == {"zerstort"}
    states = requirement(asked("Wurde die Wasserversorgung zerstört?"), "Wurde die Wasserversorgung zerstört?", "de")
    assert states("Dabei wurde die Pumpstation zerstört.", "de") and not states("Die Lage ist schlecht.", "de")
    assert states("Anything in English.", "en")  # words of two languages are not compared
    assert question_names("Wer ist Staffan de Mistura?") == {"staffan", "mistura"}


def test_three_outcomes():
    bands = Bands(same_language=0.9, cross_language=0.8)
    assert decide(0.5, 0.59, bands, same_language=True, fits=True) == "nothing"
    assert decide(0.85, 0.59, bands, same_language=True, fits=True) == "hedge"
    assert decide(0.85, 0.59, bands, same_language=False, fits=True) == "answer"
    assert decide(0.95, 0.59, bands, same_language=True, fits=False) == "hedge"


def test_a_first_sentence_is_no_title_and_a_repeated_headline_is_one():
    text = "Zwei Tage nach dem Abbruch haben die Minister telefoniert. Mehr folgt."
    assert is_first_sentence("Zwei Tage nach dem Abbruch haben die Minister telefoniert.", text)
    assert is_first_sentence("Zwei Tage nach dem …", text)
    headline = "Some 20 civilians killed in Syria aid convoy attack Red Cross"
    assert not is_first_sentence(headline, headline + " AFP Tuesday 20 Sep 2016 The air raids killed 20.")


def test_confidently_wrong_counts_plain_answers_without_the_answer_and_answers_to_unanswerable():
    rows = [
        {"answerable": True, "rank": 1, "holds_answer": True, "outcome": "answer"},
        {"answerable": True, "rank": 2, "holds_answer": False, "outcome": "answer"},
        {"answerable": True, "rank": None, "holds_answer": False, "outcome": "hedge"},
        {"answerable": False, "rank": None, "holds_answer": False, "outcome": "answer"},
    ]
    figures = summarise(rows)
    assert figures["confidently_wrong"] == 0.5 and figures["refused_or_hedged"] == 0.0
    assert figures["recall_at_1"] == round(1 / 3, 3) and figures["holds_answer"] == round(1 / 3, 3)
