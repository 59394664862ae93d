"""Names across scripts: a question's words in another script than Latin, read in Latin letters.

"Тесла", "Τέσλα", "تيسلا" and "टेस्ला" name the man a German or English text calls "Tesla"; the name and number
bonus of retrieval (``index/answer/retrieval.py``) and of the quote (``index/answer/quotes.py``) compared only
tokens spelled alike, so a question in Russian, Greek, Arabic or Hindi never met a Latin passage's names.
``anyascii`` writes the question's word in Latin letters (Тесла -> Tesla, تيسلا -> tysl, टेस्ला -> tesla), and
:func:`~index.text.proper_names.name_key` keeps what the spellings share (the first letter and the consonants
without h, w and y: all four give ``tsl``). The match is exact on these keys, so it helps where transliterations
agree (Tesla, Nikola, Aleppo ...) and misses where languages spell a name their own way (Лавров -> ``lvrv``,
German Lawrow -> ``lr``; reading w as v, as German does, cut Arabic questions matching their gold paragraph from
0.22 to 0.09, since و is w, u or o there; Arabic's own names stay apart too: حلب is Halab, not Aleppo).

Which words: in a script with capitals (Cyrillic, Greek, Armenian ...) the capitalised ones, as for Latin names;
in a script without (Arabic, Devanagari, Hebrew ...) every word of at least ``MIN_CASELESS_LETTERS`` letters,
after the Arabic article (ال, وال, بال ...), since nothing marks a name there. Keys shorter than ``MIN_KEY`` are
dropped (short keys meet common German capitalised nouns by chance). Chinese, Japanese and Thai, written without
spaces, give runs of several words whose keys match nothing: they are left as they were.

Measured on the dev set (docs/evaluation.md#languages): among the paragraphs of the gold article, the gold one
holds a matched name for 0.21 (Russian), 0.19 (Greek), 0.22 (Arabic), 0.28 (Hindi) of the questions, another
paragraph 0.08 / 0.08 / 0.09 / 0.09 of the time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from index.text.proper_names import MIN_NAME_LETTERS, name_key

MIN_KEY = 3
"""Keys of fewer letters are dropped: with 2, Arabic questions matched other paragraphs' names 0.18 of the time
against 0.32 the gold one's; with 3 (and 4-letter words), 0.09 against 0.22."""
MIN_CASELESS_LETTERS = 4
"""In a script without capitals, words of at least this many letters (after the Arabic article) count."""

_WORD = re.compile(r"[^\W\d_][^\s\d.,;:!?()\[\]\"'«»“”„؟،؛।॥・·、。，？！：；]*")
"""A word, with the combining vowel signs of Devanagari, Arabic and others that ``\\w`` leaves out."""
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Thai, Lao, Burmese, Japanese kana, Chinese and Korean: runs of words, left out."""
_ARABIC_ARTICLE = re.compile(r"^(?:وال|فال|بال|كال|لل|ال)")
_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][\w-]{2,}")
"""A capitalised Latin word of three or more letters (the text side: German, English, French ... names)."""


@lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """The :func:`name_key` of ``word`` written in Latin letters (``Лавров`` and ``Lavrov`` both ``lvrv``)."""
    letters = re.sub(r"[^a-z]", "", anyascii(word).lower())
    return name_key(letters) if letters else ""


def question_name_keys(question: str) -> frozenset[str]:
    """The Latin keys of the question's words in other scripts (names where the script has capitals)."""
    keys: set[str] = set()
    for match in _WORD.finditer(question):
        word = match.group()
        if _LATIN.search(word) or _UNSPACED.search(word):
            continue
        if word[0].lower() != word[0].upper():  # a script with capitals
            if not word[0].isupper() or len(word) < MIN_NAME_LETTERS:
                continue
        else:
            word = _ARABIC_ARTICLE.sub("", word)
            if len(word) < MIN_CASELESS_LETTERS:
                continue
        key = latin_key(word)
        if len(key) >= MIN_KEY:
            keys.add(key)
    return frozenset(keys)


def text_name_keys(text: str) -> frozenset[str]:
    """The keys of the capitalised Latin words of ``text`` (diacritics dropped: Müller = Muller)."""
    return frozenset(key for key in map(latin_key, _LATIN_NAME.findall(text)) if len(key) >= MIN_KEY)
