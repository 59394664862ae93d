"""How ``index.answer.quotes.choose_quote`` widens a quote, with hand-made sentence vectors (no model needed).

Each sentence gets a unit vector whose similarity to the question vector is set exactly, so the tests
pin down the rules: the previous sentence joins when the best one leans on it, the better neighbour
joins when the two are short together or when it scores within the unsure margin, and a quote never
exceeds two sentences or ``MAX_QUOTE_CHARS``.
"""

from __future__ import annotations

import numpy as np
import pytest

from index.answer.quotes import COMBINED_SCALE, MAX_QUOTE_CHARS, PAIR_CHARS, choose_quote
from index.text.sentences import split_sentences

DIM = 8
FILLER = " Die Lage in der Region blieb nach Angaben von Beobachtern auch am Abend sehr unübersichtlich"


def question_vector() -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[0] = 1.0
    return vector


def sentence_vectors(similarities: list[float]) -> np.ndarray:
    """Unit vectors with the given cosine to :func:`question_vector`."""
    rows = np.zeros((len(similarities), DIM), dtype=np.float32)
    for i, similarity in enumerate(similarities):
        rows[i, 0] = similarity
        rows[i, 1 + i % (DIM - 1)] = np.sqrt(max(0.0, 1 - similarity**2))
    return rows


def quote_of(question: str, sentences: list[str], similarities: list[float]) -> str:
    text = " ".join(sentences)
    spans = tuple(split_sentences(text))
    assert len(spans) == len(sentences), "the test sentences must split as written"
    quote = choose_quote(
        question,
        "",  # languages differ, so shared word stems earn nothing: only the given similarities count
        question_vector(),
        text=text,
        spans=spans,
        vectors=sentence_vectors(similarities),
        passage_lang="de",
    )
    assert quote.sentences <= 2
    return text[quote.start : quote.end]


def long_sentence(opening: str, words: int = 2) -> str:
    return opening + FILLER * words + "."


def test_a_lone_best_sentence_is_quoted_alone_when_its_neighbours_score_far_lower():
    sentences = [long_sentence("Zuerst"), long_sentence("Dann"), long_sentence("Zuletzt")]
    quote = quote_of("Was geschah dann?", sentences, [0.2, 0.8, 0.2])
    assert quote == sentences[1]


def test_a_neighbour_within_the_unsure_margin_joins_the_quote():
    sentences = [long_sentence("Zuerst"), long_sentence("Dann"), long_sentence("Zuletzt")]
    assert len(sentences[1]) + len(sentences[2]) + 1 > PAIR_CHARS
    quote = quote_of("Was geschah dann?", sentences, [0.2, 0.8, 0.8 - COMBINED_SCALE.unsure_margin / 2])
    assert quote == f"{sentences[1]} {sentences[2]}"


def test_two_short_sentences_are_quoted_together():
    sentences = ["Zuerst kam der Regen.", "Dann kam der Sturm über das Land.", long_sentence("Zuletzt")]
    quote = quote_of("Was geschah dann?", sentences, [0.1, 0.8, 0.1])
    assert quote == f"{sentences[0]} {sentences[1]}"


def test_the_quote_never_exceeds_the_length_limit():
    sentences = [long_sentence("Zuerst", 4), long_sentence("Dann", 4), long_sentence("Zuletzt", 4)]
    assert len(sentences[1]) + len(sentences[2]) + 1 > MAX_QUOTE_CHARS
    quote = quote_of("Was geschah dann?", sentences, [0.1, 0.8, 0.79])
    assert quote == sentences[1]


@pytest.mark.parametrize(
    ("question", "joins"),
    [
        ("Wer ist der älteste Spieler im Team?", True),
        ("Who is the oldest player on the team?", True),
        ("Wie alt ist der älteste Spieler im Team?", False),
    ],
)
def test_a_who_question_answered_by_a_pronoun_gets_the_sentence_naming_the_person(question: str, joins: bool):
    sentences = [
        long_sentence("Peyton Manning führte zwei Teams in den Super Bowl"),
        long_sentence("Mit 39 Jahren ist er zudem der älteste Spieler"),
    ]
    quote = quote_of(question, sentences, [0.1, 0.8])
    assert quote == (f"{sentences[0]} {sentences[1]}" if joins else sentences[1])


@pytest.mark.parametrize(
    ("question_lang", "bonus"),
    [("ar", 0.244), ("en", 0.14), ("uk", 0.234), ("", 0.14)],  # fitted; unmeasured: their median; undetermined
)
def test_the_calibrated_score_adds_the_bonus_of_the_question_language_across_languages(question_lang, bonus):
    text = "Die Gespräche wurden abgebrochen." + FILLER + "."
    spans = tuple(split_sentences(text))
    common = dict(text=text, spans=spans, vectors=sentence_vectors([0.6, 0.1]), scale=COMBINED_SCALE)
    across = choose_quote("?", question_lang, question_vector(), passage_lang="de", **common)
    same = choose_quote("?", "de", question_vector(), passage_lang="de", **common)
    assert across.calibrated == pytest.approx(across.score + bonus)
    assert same.calibrated == same.score
