"""Proper names in a question and in a text, matched across transliterations (place names above all).

Arabic place names reach English news in several spellings: Khan Sheikhoun, Khan Shaykhun, Khan Shaikhoun and
Khan Sheikhun; Raqqa and Raqa. :func:`name_key` keeps what these share: the first
letter, then the consonants without ``h``, ``w`` and ``y`` (which the spellings add or drop, as in "sh"/"kh"/"ay"),
doubled letters once. All four Khan Sheikhoun spellings give ``kn`` + ``skn``. A hand-written rule of three lines
was enough here. A fuzzy-matching library (rapidfuzz) would need a similarity threshold tuned on the same few
names: on the normalised Indel similarity its ``fuzz.ratio`` computes, "Shaykhun"/"Sheikhoun" score 0.71 while
"Jayrud"/"Jarablus" (two other towns) score 0.57 and "Manbij"/"Marjeh" 0.50.

A question's names are its capitalised words after the first (the first is capitalised anyway), without month and
weekday names; in German every noun is capitalised, which only makes :func:`shares_name` more lenient.
"""

from __future__ import annotations

import re

from index.text.event_days import MONTH_NAMES, WEEKDAY_NAMES

MIN_NAME_LETTERS = 3
"""Shorter capitalised words ("US", "UN", "Al") say nothing about where something happened."""

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DROPPED = re.compile(r"[aeiouyhwäöüáàâéèêíìîóòôúùû]")
_DOUBLED = re.compile(r"(.)\1+")


def name_key(word: str) -> str:
    """What the spellings of one name share: ``Sheikhoun``, ``Shaykhun`` and ``Shaikhoun`` all give ``skn``."""
    lowered = word.lower()
    return lowered[:1] + _DOUBLED.sub(r"\1", _DROPPED.sub("", lowered[1:]))


def question_names(question: str) -> set[str]:
    """The keys of the question's proper names (capitalised words but the first, no months or weekdays)."""
    words = [match.group() for match in _WORD.finditer(question)][1:]
    return {
        name_key(word)
        for word in words
        if word[0].isupper()
        and len(word) >= MIN_NAME_LETTERS
        and word.lower() not in MONTH_NAMES
        and word.lower() not in WEEKDAY_NAMES
    }


def text_names(text: str) -> set[str]:
    """The keys of every capitalised word in ``text``."""
    return {name_key(match.group()) for match in _WORD.finditer(text) if match.group()[0].isupper()}


def shares_name(question: str, text: str) -> bool:
    """Whether ``text`` names something the question names (True when the question names nothing)."""
    names = question_names(question)
    return not names or bool(names & text_names(text))
