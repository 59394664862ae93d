"""Near-duplicate articles: the same agency report carried by several outlets.

Two texts are near-duplicates when the Jaccard similarity of their word 5-gram
shingles is at least :data:`NEAR_DUPLICATE_JACCARD` and they do not contradict
each other on numbers (years aside): one may add numbers (a dateline, a sentence
more), but when each has numbers the other lacks ("25 killed" / "31 killed"), the
second is a new fact, not a copy. Measured on
``../shared/corpus`` (docs/archive.md): pairs at 0.8 and above are re-published or
lightly edited copies; below it, template reports of different events start
(the same wording, other places and figures).

Candidates are found with MinHash locality-sensitive hashing (:data:`BANDS` bands
of :data:`ROWS` rows): a pair at Jaccard 0.8 shares a band with probability
0.9998, at 0.5 with 0.64; every candidate is then checked on the exact shingles.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NEAR_DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 5
BANDS = 16
ROWS = 4
_PRIME = (1 << 32) + 15
_rng = np.random.default_rng(20161019)
_A = _rng.integers(1, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"\A(?:19|20)\d\d\Z")


def shingles(text: str) -> set[str]:
    """Word 5-grams of the lower-cased text (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash_bands(text: str) -> list[str]:
    """The LSH band keys of ``text`` (empty for an empty text)."""
    found = shingles(text)
    if not found:
        return []
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in found), dtype=np.uint64, count=len(found))
    signature = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
    bands = signature.reshape(BANDS, ROWS)
    return [f"{band}:{hashlib.blake2b(row.tobytes(), digest_size=8).hexdigest()}" for band, row in enumerate(bands)]


def jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def numbers(text: str) -> set[str]:
    """The numbers of a text, years left out (a dateline is not a fact that differs)."""
    return {n for n in _NUMBER.findall(text) if not _YEAR.match(n)}


def is_near_duplicate(text: str, other: str, *, threshold: float = NEAR_DUPLICATE_JACCARD) -> bool:
    """True when ``other`` carries the same report as ``text`` (see the module docstring)."""
    if jaccard(shingles(text), shingles(other)) < threshold:
        return False
    mine, theirs = numbers(text), numbers(other)
    return mine <= theirs or theirs <= mine
