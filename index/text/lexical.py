"""Stemmed terms for the FTS5 lexical index, and the matching queries.

Passages are stemmed in their own language (Snowball via PyStemmer); a question
is stemmed in its language. Lexical scores only mean something when both are in
the same language, so retrieval uses them only then (see ``index/answer/retrieval.py``).
"""

from __future__ import annotations

import re
from functools import cache

import Stemmer

from index.text.language import FUNCTION_WORDS

STEMMER_NAMES = {"de": "german", "en": "english"}
DEFAULT_STEMMER = "de"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_NUMBER_OR_NAME = re.compile(r"\d[\d.,]*|[A-ZÄÖÜ][\w-]{2,}")
STOPWORDS = frozenset(set().union(*FUNCTION_WORDS.values()))
MAX_QUERY_TERMS = 32


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_NAMES.get(lang, STEMMER_NAMES[DEFAULT_STEMMER]))


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def anchor_tokens(text: str) -> set[str]:
    """Numbers (separators dropped: 275.000 == 275,000) and capitalised words."""
    return {re.sub(r"[.,]", "", token).lower() for token in _NUMBER_OR_NAME.findall(text)}


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
