"""Names across scripts (``index.text.transliteration``) and how the quote's name bonus uses them (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from index.answer.quotes import sentence_scores
from index.text.sentences import split_sentences
from index.text.transliteration import latin_key, question_name_keys, text_name_keys

GERMAN = "Nikola Tesla wurde in Smiljan geboren. Er arbeitete später für Edison in New York."


@pytest.mark.parametrize(
    "question",
    [
        "Где родился Никола Тесла?",  # Russian: capitalised words
        "Πού γεννήθηκε ο Νίκολα Τέσλα;",  # Greek
        "أين ولد نيكولا تيسلا؟",  # Arabic: no capitals, every longer word
        "निकोला टेस्ला का जन्म कहाँ हुआ था?",  # Hindi: the vowel signs belong to the word
    ],
)
def test_a_name_in_another_script_meets_its_latin_spelling(question: str):
    assert {"nkl", "tsl"} <= question_name_keys(question) & text_name_keys(GERMAN)


@pytest.mark.parametrize(
    "question",
    [
        "Wo wurde Nikola Tesla geboren?",  # Latin names are compared as written (anchor tokens), not here
        "尼古拉·特斯拉出生在哪里？",  # Chinese runs of words: left out
        "где он родился?",  # lower-case Cyrillic words are no names
    ],
)
def test_latin_chinese_and_lower_case_words_give_no_keys(question: str):
    assert question_name_keys(question) == frozenset()


def test_the_arabic_article_and_short_words_are_dropped():
    # "المدينة" (the city) is read without "al"; "ماذا" (what), "قال" (said) and "عن" (about) are too short
    assert question_name_keys("ماذا قال عن المدينة") == {latin_key("مدينة")}
    assert latin_key("مدينة") != latin_key("المدينة")


def test_the_keys_drop_vowels_diacritics_and_doubled_letters():
    assert latin_key("Müller") == latin_key("Muller") == latin_key("Мюллер") == "mlr"
    assert text_name_keys("der Bürgermeister von Aleppo") == {latin_key("Bürgermeister"), latin_key("Aleppo")}


def test_the_sentence_naming_the_person_wins_the_quote_across_scripts():
    spans = tuple(split_sentences(GERMAN))
    vectors = np.array([[0.5, 0.0], [0.5, 0.0]], dtype=np.float32)  # the model cannot tell the two apart
    question = np.array([1.0, 0.0], dtype=np.float32)
    scores = sentence_scores(
        "Где родился Никола Тесла?", "ru", question, text=GERMAN, spans=list(spans), vectors=vectors, passage_lang="de"
    )
    assert scores[0] > scores[1]
    same_script = sentence_scores(
        "Где родился Никола Тесла?", "ru", question, text=GERMAN, spans=list(spans), vectors=vectors, passage_lang="ru"
    )
    assert same_script[0] == same_script[1]  # a Russian passage's names are compared as written
