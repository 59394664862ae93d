"""Stemmed terms for the FTS5 lexical index, and the matching queries.

Passages are stemmed in their own language (Snowball via PyStemmer, for every language it has; words of other
languages are only lower-cased); a question is stemmed in its language. Lexical scores only mean something when
both are in the same language, so retrieval uses them only then (see ``index/answer/retrieval.py``).

Digits of every script count as the same number (``fold_digits``: Arabic-Indic ٢٧٥ and Eastern Arabic ۲۷۵ are
275), and Chinese and Japanese characters, written without spaces, are terms one by one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import Stemmer

from index.text.language import FUNCTION_WORDS

STEMMER_NAMES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
"""ISO 639-1 code -> PyStemmer's Snowball algorithm, all it has (``Stemmer.algorithms()``). Ukrainian, Kurdish,
Chinese, Thai, Vietnamese ... have none: their words are indexed as written (lower-cased)."""
_TOKEN = re.compile(r"\w+", re.UNICODE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Hiragana, katakana and CJK ideographs: each one a term."""
_NUMBER_OR_NAME = re.compile(r"\d[\d.,]*|[A-ZÄÖÜ][\w-]{2,}")
STOPWORDS = frozenset(set().union(*FUNCTION_WORDS.values()))
MAX_QUERY_TERMS = 32
_DIGIT_TABLE = {
    code: str(unicodedata.decimal(chr(code)))
    for start in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10)  # Arabic-Indic, Eastern Arabic, Devanagari,
    for code in range(start, start + 10)  # Bengali, Thai, full-width
} | {0x066B: ".", 0x066C: ","}  # Arabic decimal and thousands separators


def fold_digits(text: str) -> str:
    """``text`` with the digits of other scripts written 0-9 (same length: offsets stay valid)."""
    return text.translate(_DIGIT_TABLE)


class _Identity:
    def stemWords(self, words: list[str]) -> list[str]:  # PyStemmer's method name
        return words


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer | _Identity:
    name = STEMMER_NAMES.get(lang.lower()[:2] if lang else "")
    return Stemmer.Stemmer(name) if name else _Identity()


def tokens(text: str) -> list[str]:
    words: list[str] = []
    for token in _TOKEN.findall(fold_digits(text)):
        if _UNSPACED.search(token):
            words += [piece for piece in re.split(f"({_UNSPACED.pattern})", token) if piece]
        else:
            words.append(token.lower())
    return words


def anchor_tokens(text: str) -> set[str]:
    """Numbers (in any script, separators dropped: 275.000 == 275,000 == ٢٧٥٬٠٠٠) and capitalised words."""
    return {re.sub(r"[.,]", "", token).lower() for token in _NUMBER_OR_NAME.findall(fold_digits(text))}


def content_stems(text: str, lang: str) -> list[str]:
    """Stems of the words that carry meaning (function words dropped)."""
    words = [token for token in tokens(text) if token not in STOPWORDS]
    return _stemmer(lang).stemWords(words)


def index_terms(text: str, lang: str) -> str:
    """The FTS5 column value for a passage: its stems, space-separated."""
    return " ".join(_stemmer(lang).stemWords(tokens(text)))


def match_expression(question: str, lang: str) -> str | None:
    """An FTS5 ``MATCH`` expression (stems OR-ed), or None when nothing is left to match."""
    stems = list(dict.fromkeys(content_stems(question, lang)))[:MAX_QUERY_TERMS]
    if not stems:
        return None
    return " OR ".join('"' + stem.replace('"', "") + '"' for stem in stems)
