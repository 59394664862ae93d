"""The time-aware choices of an answer: the newest report on a topic ("latest"), the best report of a period on a
topic (a browse question), the reports of a timeline, and whether a question has a topic at all ("what's new?").

:class:`~index.answer.answerer.Answerer` calls these with its candidates; they only reorder, filter and judge them.

"On the topic" means one of two things, whichever the question allows:

- **names**: the topic's names (capitalised words, or the Latin keys of words in another script,
  index/text/proper_names.py and index/text/transliteration.py: Алеппо = Aleppo) are in the report's title or
  passage, when any candidate holds them at all (a name no candidate holds, as حلب for Aleppo, says nothing);
- **dense**: the passage's cosine with the question is within a margin of the best one's.

Every constant states the half of tests/data/time_sets.en.json it was fitted on (bench/time_answers.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from index.answer.retrieval import Candidate
from index.store.records import day_number
from index.text import date_languages
from index.text.dates import LATEST
from index.text.event_days import MONTH_NAMES, WEEKDAY_NAMES
from index.text.lexical import STOPWORDS
from index.text.proper_names import MIN_NAME_LETTERS, question_names, text_names
from index.text.transliteration import _ARABIC_ARTICLE, question_name_keys, text_name_keys

LATEST_MARGIN = 0.08
"""A "latest" question's candidates within this of the best dense cosine are on its topic (with its names where
the archive holds them), and the newest of them answers. Fitted on the fitted half (bench/time_answers.py)."""
LATEST_CANDIDATES = 200
"""How many passages a "latest" question looks at: the newest report on a topic need not be among the 30 best."""
LATEST_FLOOR = 0.30
"""A report whose lead names the topic (its names, or the names its best matches share) is on it from this dense
cosine on; fitted on the fitted half of tests/data/time_sets.en.json (bench/time_answers.py) ..."""
LATEST_DENSE = 0.45
"""... and when no lead names it, a report is on the topic from this cosine (the timeline threshold)."""
PERIOD_LEAD = 0.03
"""A period question that falls under the answer threshold is answered by the period's best report on the topic
when its cosine stands this far above the median of the period's candidates (and it holds the topic's names where
any candidate does); fitted on the fitted half."""
NOT_NAMES = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)
"""Capitalised words that name no topic ("Dezember", "Monday")."""
MIN_TOPIC_LETTERS = 4
"""A word of a question counts as a topic word from this many letters on ("what's new?" has none)."""

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Topic:
    """What a question asks about, for matching reports to it."""

    keys: frozenset[str]
    """Name keys of the question (Latin capitalised words and the Latin keys of other scripts' words), with c and
    q read as k (German Damaskus and Rakka are Damascus and Raqqa)."""

    terms: tuple[tuple[str, str], ...] = ()
    """Names from :func:`topic_terms` (those the best matches' leads share), matched in a report's lead."""

    @classmethod
    def of(cls, question: str) -> Topic:
        return cls(frozenset(map(_loose, question_names(question) | question_name_keys(question))))

    def with_terms(self, terms: Sequence[tuple[str, str]]) -> Topic:
        return Topic(self.keys, tuple(terms))

    def named_in(self, candidate: Candidate) -> bool:
        text = f"{candidate.article.title} {candidate.passage.text}"
        if self.terms and in_lead(candidate, self.terms):
            return True
        return bool(self.keys & {_loose(key) for key in text_names(text) | text_name_keys(text)})

    def usable(self, candidates: Sequence[Candidate]) -> bool:
        """Whether any candidate holds one of the names (else they cannot tell reports apart)."""
        return bool(self.keys or self.terms) and any(self.named_in(c) for c in candidates)


def _loose(key: str) -> str:
    return _LOOSE.sub("k", key)


_LOOSE = re.compile("[cq]")


def without_latest_words(question: str) -> str:
    """The question without its words for "latest" or "what's new" (the topic the newest report must be on)."""
    rest = " ".join(date_languages.LATEST.sub(" ", LATEST.sub(" ", question)).split())
    return rest if len(rest) >= 3 else question


def newest_on_topic(reports: Sequence[Candidate], terms: Sequence[tuple[str, str]]) -> list[Candidate]:
    """The newest dated report among ``reports`` whose title holds one of the topic's ``terms`` (with a cosine of
    at least ``LATEST_FLOOR``; when no title does, whose lead does: a lead names other places in passing, and on
    the fitted half the newest report naming the place in its lead was of another place for 7 of 46 questions),
    or, when no lead does either, whose cosine reaches ``LATEST_DENSE``; empty when none."""
    floor = [c for c in reports if c.similarity >= LATEST_FLOOR]
    named = [c for c in floor if in_title(c, terms)] or [c for c in floor if in_lead(c, terms)]
    if not named:
        named = [c for c in reports if c.similarity >= LATEST_DENSE]
    dated = [c for c in named if day_number(c.article.date) is not None]
    return [max(dated, key=lambda c: (day_number(c.article.date), c.similarity))] if dated else []


def has_topic(question: str) -> bool:
    """Whether the question names anything beyond "latest" or "what's new" ("Was gibt es Neues?" does not)."""
    rest = date_languages.LATEST.sub(" ", LATEST.sub(" ", question))
    words = [w for w in _WORD.findall(rest) if len(w) >= MIN_TOPIC_LETTERS and w.lower() not in STOPWORDS]
    return bool(words)


def on_topic(candidates: Sequence[Candidate], topic: Topic, margin: float) -> list[Candidate]:
    """The candidates within ``margin`` of the best cosine, and holding the topic's names where any candidate does."""
    if not candidates:
        return []
    best = max(c.similarity for c in candidates)
    close = [c for c in candidates if c.similarity >= best - margin]
    if topic.usable(candidates):
        named = [c for c in close if topic.named_in(c)]
        return named or close
    return close


def newest_first(candidates: list[Candidate], topic: Topic, *, margin: float = LATEST_MARGIN) -> list[Candidate]:
    """``candidates`` with the newest report on the topic first (its best passage), the rest in their order."""
    relevant = on_topic(candidates, topic, margin)
    dated = [c for c in relevant if day_number(c.article.date) is not None]
    if not dated:
        return candidates
    newest = max(dated, key=lambda c: (day_number(c.article.date), c.rank_score))
    return [newest, *(c for c in candidates if c is not newest)]


def period_answer(
    candidates: Sequence[Candidate], topic: Topic, *, usable: bool | None = None, lead: float = PERIOD_LEAD
) -> Candidate | None:
    """For a question on a period: the period's best report on the topic when it is clearly ahead of the period's
    typical one and names the topic (where names can tell: ``usable``, by default whether any candidate holds
    them), else None ("nothing found")."""
    if not candidates:
        return None
    usable = topic.usable(candidates) if usable is None else usable
    ranked = sorted(candidates, key=lambda c: c.rank_score, reverse=True)
    best = next((c for c in ranked if not usable or topic.named_in(c)), None)
    if best is None:
        return None
    others = sorted(c.similarity for c in candidates if c.article.id != best.article.id)
    median = others[len(others) // 2] if others else 0.0
    return best if best.similarity - median >= lead else None


def newest_day(candidates: Sequence[Candidate]) -> date | None:
    numbers = [n for n in (day_number(c.article.date) for c in candidates) if n]
    if not numbers:
        return None
    top = max(numbers)
    return date(top // 10000, top // 100 % 100 or 1, top % 100 or 1)


TIMELINE_FLOOR = 0.35
"""A timeline lists an article whose dense cosine reaches ``topic_reports.TIMELINE_THRESHOLD``, or one whose title
holds one of the topic's terms, when its cosine reaches this (0.30 / 0.35 / 0.40: precision 0.923 / 0.960 / 0.991,
recall 0.280 / 0.238 / 0.187 on the fitted half; the most recall at precision >= 0.95). Fitted
on the even FA-KES ids of tests/data/time_sets.en.json's timeline topics (bench/time_answers.py)."""
LEAD_CHARS = 300
"""The lead of a report: its title and the first characters of its text (a dateline and the first sentence)."""
FEEDBACK_ARTICLES = 5
"""The topic's terms are its own words and the words that the leads of its best dense matches share ..."""
FEEDBACK_SHARE = 0.8
"""... as a name (a capitalised word) in at least this share of them ..."""
POOL_SHARE = 0.5
"""... and in at most this share of the leads of all the topic's candidates: "Aleppo" for حلب or Halep, "ceasefire"
for Waffenruhe, never "Syria" (in nearly every lead)."""
MAX_TERMS = 4
_LEAD_WORD = re.compile(r"[^\W\d_][\w-]{3,}")
_LEAD_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w-]{2,}")


def lead_words(candidate: Candidate) -> set[str]:
    """The lower-cased words (four letters or more, no function words) of the title and the lead."""
    text = f"{candidate.article.title} {candidate.article_text[:LEAD_CHARS]}"
    return {w.lower() for w in _LEAD_WORD.findall(text)} - STOPWORDS


def lead_names(candidate: Candidate) -> set[str]:
    """The lower-cased capitalised words of the lead that are not its first word (names, not sentence starts)."""
    text = candidate.article_text[:LEAD_CHARS]
    return {m.group().lower() for m in _LEAD_NAME.finditer(text) if m.start() > 0} - STOPWORDS


def topic_terms(topic: str, pool: Sequence[Candidate], *, names_only: bool = False) -> list[tuple[str, str]]:
    """``(term, language)`` pairs to look up in the lexical index for a timeline on ``topic``: its own words (with
    ``names_only`` its capitalised words that are no function words: the question around a name is no term) and
    the names the leads of its best matches share."""
    articles: dict[str, Candidate] = {}
    for candidate in sorted(pool, key=lambda c: c.similarity, reverse=True):
        articles.setdefault(candidate.article.id, candidate)
    ranked = list(articles.values())
    if not ranked:
        return []
    words = {c.article.id: lead_names(c) for c in ranked}
    top = ranked[:FEEDBACK_ARTICLES]
    counts: dict[str, int] = {}
    for candidate in top:
        for word in words[candidate.article.id]:
            counts[word] = counts.get(word, 0) + 1
    lang = max((c.article.lang or "" for c in top), key=[c.article.lang or "" for c in top].count)
    terms: list[tuple[str, float]] = []
    for word, count in counts.items():
        if count < FEEDBACK_SHARE * len(top):
            continue
        share = sum(word in found for found in words.values()) / len(ranked)
        if share <= POOL_SHARE:
            terms.append((word, share))
    own = [w.lower() for w in _LEAD_WORD.findall(topic) if w.lower() not in STOPWORDS]
    if names_only:
        own = [w.lower() for w in _WORD.findall(topic)
               if w[0].isupper() and w.lower() not in STOPWORDS | NOT_NAMES]  # fmt: skip
    chosen = own + [w for w, _ in sorted(terms, key=lambda t: t[1]) if w not in own]
    return [(term, lang) for term in chosen[: MAX_TERMS + len(own)]]


def name_words(question: str) -> list[str]:
    """The words of ``question`` that may be names: capitalised ones (no function words, months or weekdays) and,
    in a script without capitals (Arabic), those of three letters or more after the article (حلب)."""
    found = []
    for word in _WORD.findall(question):
        if word[0].lower() != word[0].upper():
            if word[0].isupper() and len(word) >= 3 and word.lower() not in STOPWORDS | NOT_NAMES:
                found.append(word)
        elif len(_ARABIC_ARTICLE.sub("", word)) >= MIN_NAME_LETTERS:
            found.append(word)
    return found


def in_lead(candidate: Candidate, terms: Sequence[tuple[str, str]]) -> bool:
    """Whether the report's title or lead (``LEAD_CHARS``) holds one of the terms."""
    found = lead_words(candidate)
    return any(term in found for term, _ in terms)


def in_title(candidate: Candidate, terms: Sequence[tuple[str, str]]) -> bool:
    """Whether the report's title holds one of the terms (its lead as well measured less precise: 0.918 against
    0.960 on the fitted half at the same floor, other places named in passing)."""
    found = {w.lower() for w in _LEAD_WORD.findall(candidate.article.title)}
    return any(term in found for term, _ in terms)


DATELINE = re.compile(
    r"^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?\s+)?\d{1,2}\s+[A-Za-zäöüé]{3,9}\.?\s+\d{4}\b"
    r"|^\s*[A-Z][A-Z\s,.-]{2,40}\s*[-–—(]\s*|^\s*\(?(?:AFP|Reuters|AP|dpa|SANA)\)?\s*[-–—:]",
    re.IGNORECASE,
)
"""A dateline ("Wed 05 Apr 2017 ...", "ALEPPO, Syria (AP) -", "(Reuters) -") at the start of a sentence."""
MIN_LINE_WORDS = 6
"""A shorter sentence is a tag line or a heading ("Photo: AFP", "Read more"), not what happened."""


def is_dateline(sentence: str, title: str) -> bool:
    """Whether a timeline line would show a dateline, a tag line or the title again instead of what happened."""
    words = sentence.split()
    stripped = sentence.strip().rstrip(".").lower()
    return bool(DATELINE.match(sentence)) or len(words) < MIN_LINE_WORDS or stripped == title.strip().lower()
