"""A small, deterministic German/English language guess from function words.

The archive and the readers use German and English; for anything else the
answer is ``"und"`` (undetermined). Short questions are the hard case, so the
word lists favour question words.
"""

from __future__ import annotations

import re

UNDETERMINED = "und"
MIN_HITS = 1

FUNCTION_WORDS: dict[str, set[str]] = {
    "de": set(
        """
        der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war waren
        wird werden wurde wurden hat haben hatte hatten mit von zu zum zur im in auf für über unter
        nach bei aus auch noch nur sich dass wie wer was wo wann warum wieso weshalb welche welcher
        welches wieviel viele vielen sie er es wir ihr ich man kein keine seit vor gegen ohne um
        doch schon sehr mehr dort hier diese dieser dieses jene als wenn weil damit sein seine ihre
        ihren gibt gab soll sollen kann können muss müssen
        """.split()
    ),
    "en": set(
        """
        the a an and or but not is are was were will would be been being has have had with of to in
        on for over under after at from also only that which who whom whose what where when why how
        many much they he she it we you i no none since before against without about this these
        those there here as if because his her their its did does do can could should must said says
        than into by
        """.split()
    ),
}
"""Function words per language: what the guess counts, and the stop words of the lexical index."""
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_GERMAN_LETTERS = re.compile(r"[äöüßÄÖÜ]")


def detect_language(text: str, *, default: str = UNDETERMINED) -> str:
    """Return ``"de"``, ``"en"`` or ``default`` for ``text``."""
    tokens = [token.lower() for token in _TOKEN.findall(text[:5000])]
    scores = {lang: sum(token in words for token in tokens) for lang, words in FUNCTION_WORDS.items()}
    scores["de"] += min(len(_GERMAN_LETTERS.findall(text[:5000])), 3) * 0.5
    best = max(scores, key=lambda lang: scores[lang])
    others = [score for lang, score in scores.items() if lang != best]
    if scores[best] < MIN_HITS or scores[best] == max(others, default=0):
        return default
    return best
