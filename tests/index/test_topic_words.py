"""The spelling rules behind reading a topic as the archive writes it (index/answer/topic_reports.py,
index/answer/time_questions.py): no model needed."""

from __future__ import annotations

import pytest

from index.answer.time_questions import name_words
from index.answer.topic_reports import skeleton


@pytest.mark.parametrize(("one", "other"), [("Raqqa", "Raqa"), ("Hasakeh", "Hassakeh"), ("Hasaka", "Hasakeh")])
def test_other_spellings_of_one_name_share_a_skeleton(one, other):
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(("one", "other"), [("Damascus", "Syria"), ("ceasefire", "Weapons"), ("Aleppo", "Idlib")])
def test_different_words_have_different_skeletons(one, other):
    assert skeleton(one) != skeleton(other)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What is the latest from Aleppo?", ["Aleppo"]),
        ("Was ist der neueste Stand im Dezember in Aleppo?", ["Stand", "Aleppo"]),  # months are no names
        ("ماذا يحدث الآن في حلب؟", ["ماذا", "يحدث", "حلب"]),  # no capitals: every word of three letters or more
        ("Halep için son durum ne?", ["Halep"]),
    ],
)
def test_name_words_are_the_capitalised_words_or_every_word_without_capitals(question, names):
    assert name_words(question) == names
