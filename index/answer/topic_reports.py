"""The reports on a topic, for a timeline and for a "latest" question: the dense candidates and the lexical hits of
the topic's terms (its words, and the names its best matches' leads share: index/answer/time_questions.py).

:class:`~index.answer.answerer.Answerer` delegates to :class:`TopicReports`; it quotes and orders what comes back.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

import numpy as np

from index.answer import time_questions
from index.answer.retrieval import Candidate
from index.store.archive import Archive
from index.store.records import day_number
from index.text.lexical import STOPWORDS, match_expression

TIMELINE_LEXICAL = 1000
"""Lexical hits looked at per term of a timeline's topic."""
TIMELINE_CANDIDATES = 200
"""Passages looked at for a timeline (dense and lexical), before one per article is kept."""
TIMELINE_THRESHOLD = 0.45
"""A timeline lists an article when its best passage's dense cosine with the topic (``Hit.similarity``) reaches this.
Measured on FA-KES with eight place names as topics (bench/dated.py --timeline, docs/evaluation.md): precision
0.986, recall 0.54 of the articles FA-KES places there (0.40: 0.815 / 0.69; 0.50: 1.000 / 0.25)."""

ARCHIVE_WORD_BAR = 0.55
"""A topic's word that the archive does not write (حلب, Halep, Алеппо, Waffenruhe, trêve: no lexical hit) is read as
the archive's own word whose vector (each word embedded alone) has at least this cosine with its own ..."""
ARCHIVE_WORD_MARGIN = 0.05
"""... the best one, and those at most this less than it spelled alike (``skeleton``: Raqqa and Raqa, Hasakeh and
Hassakeh; never Syria beside Damascus); fitted on the fitted half (bench/time_answers.py)."""
MAX_ARCHIVE_WORDS = 2
LEAD_FLOOR = 2.0
"""A report whose lead (not its title) holds a topic term is listed from this cosine (above 1: never). Fitted half:
0.37 / 0.38 / 0.40 / 0.42 give precision 0.943 / 0.942 / 0.963 / 0.977 at recall 0.684 / 0.677 / 0.651 / 0.637;
0.40 was 0.936 / 0.555 blind (precision under 0.95), so it stays off for timelines ..."""
FIRST_PASSAGE_FLOOR = 2.0
"""An article whose first passage (title and lead) reaches this cosine is listed (above 1: only the threshold). Off:
0.42 gave 0.971 / 0.661 on the fitted half but 0.903 / 0.529 blind (docs/evaluation.md)."""
LATEST_LEAD_FLOOR = 0.35
"""... but the timeline that a "latest" question takes its newest report from counts them from this cosine: fitted
half 0.30 / 0.35 / 0.40 / off answer 0.541 / 0.743 / 0.716 / 0.716 (blind 0.514 / 0.716 / 0.662 / 0.676)."""
VOCABULARY_ARTICLES = 2
"""The words looked at: the title words and lead names of the topic's candidates found in at least this many of
their articles ..."""
VOCABULARY_SHARE = 0.9
"""... and in at most this share of them: "Syria", in 0.95-0.99 of the leads of every Syrian place's candidates (and
near every such place's vector), never stands for one; the place itself was in at most 0.82 of them."""
WORD_CACHE = 50000
"""Word vectors kept between calls (a word is embedded once per process)."""
_TITLE_WORD = re.compile(r"[^\W\d_][\w-]{3,}")
_TOPIC_WORD = re.compile(r"[^\W\d_][\w-]{2,}")


class TopicReports:
    """Finds the reports on a topic in the archive and the current index."""

    def __init__(
        self,
        archive: Archive,
        search: Callable[..., list[Candidate]],
        encode: Callable[[list[str]], np.ndarray],
        *,
        candidates: int = TIMELINE_CANDIDATES,
        lexical: int = TIMELINE_LEXICAL,
        threshold: float = TIMELINE_THRESHOLD,
        floor: float = time_questions.TIMELINE_FLOOR,
    ) -> None:
        """``search``: the candidate search (``Retriever.search``'s signature, without withdrawn articles);
        ``encode``: the query encoder (``Embedder.encode_queries``); the rest as the constants above say."""
        self.archive = archive
        self.search = search
        self.encode = encode
        self.candidates = candidates
        self.lexical = lexical
        self.threshold = threshold
        self.floor = floor
        self.word_bar = ARCHIVE_WORD_BAR
        self.word_margin = ARCHIVE_WORD_MARGIN
        self.vocabulary_articles = VOCABULARY_ARTICLES
        self.lead_floor = LEAD_FLOOR
        self.first_floor = FIRST_PASSAGE_FLOOR
        self.latest_words = True
        self.latest_from_timeline = True
        self.latest_lead_floor = LATEST_LEAD_FLOOR
        """Whether "latest" takes the newest report of the timeline on the question's names first."""
        """Whether a "latest" question's names the archive does not write are read as its words too."""
        """Attributes so that bench/time_answers.py can fit them (``word_bar`` above 1 turns the reading off)."""
        self._words: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def reports(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        allowed: set[int] | None,
        *,
        threshold: float | None = None,
        lead_floor: float | None = None,
    ) -> dict[str, Candidate]:
        """The reports on ``topic``, article id -> its best passage: those whose dense cosine reaches the timeline
        threshold, and those whose title holds one of the topic's terms (``by_terms``)."""
        candidates = self.search(topic, lang, query_vector, k=self.candidates, allowed=allowed)
        best = self._reports(topic, lang, query_vector, candidates, allowed, threshold, lead_floor)
        words = self.archive_words(topic, lang, query_vector, candidates)
        if words:  # the topic as the archive writes it: its reports too
            spelled = " ".join(words)
            vector = self.encode([spelled])[0]
            found = self.search(spelled, lang, vector, k=self.candidates, allowed=allowed)
            more = self._reports(spelled, lang, vector, found, allowed, threshold, lead_floor)
            for article_id, candidate in more.items():
                best.setdefault(article_id, candidate)
        return best

    def _reports(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        allowed: set[int] | None,
        threshold: float | None,
        lead_floor: float | None,
    ) -> dict[str, Candidate]:
        limit = self.threshold if threshold is None else threshold
        best: dict[str, Candidate] = {}
        for candidate in candidates:
            lead = candidate.passage.position == 0 and candidate.similarity >= self.first_floor
            if (candidate.similarity >= limit or lead) and candidate.article.id not in best:
                best[candidate.article.id] = candidate
        for candidate in self.by_terms(topic, lang, query_vector, candidates, allowed, lead_floor):
            best.setdefault(candidate.article.id, candidate)
        return best

    def archive_words(
        self, topic: str, lang: str, query_vector: np.ndarray, candidates: Sequence[Candidate]
    ) -> list[str]:
        """The topic as the archive writes it, word by word: a word the lexical index holds stays; another becomes
        the word of the candidates' titles and leads (``_vocabulary``) whose vector is nearest its own, each
        embedded alone (``word_bar``), with that word's other spellings (``word_margin``). Empty when no word
        changed (or none reached the bar). ``query_vector`` (the topic's) is not used: a word alone matches a word
        better than a topic of two does."""
        words = _TOPIC_WORD.findall(topic)
        spelled = self.respelled(words, lang, candidates)
        if not spelled:
            return []
        return [new for word in words for new in spelled.get(word, [word] if self._written(word, lang) else [])]

    def respelled(self, words: Sequence[str], lang: str, candidates: Sequence[Candidate]) -> dict[str, list[str]]:
        """Each of ``words`` that the lexical index does not hold -> the archive's words for it (see
        ``archive_words``), for those that reach ``word_bar``."""
        if self.word_bar > 1:
            return {}
        unwritten = list(dict.fromkeys(w for w in words if not self._written(w, lang)))
        vocabulary = _vocabulary(candidates, self.vocabulary_articles) if unwritten else []
        if not vocabulary:
            return {}
        vectors = self._vectors(vocabulary)
        own = self._vectors(unwritten)
        found: dict[str, list[str]] = {}
        for word, vector in zip(unwritten, own, strict=True):
            scores = vectors @ vector
            order = np.argsort(-scores)
            top = float(scores[order[0]])
            if top < self.word_bar:
                continue
            best = vocabulary[order[0]]
            close = [vocabulary[i] for i in order[1:] if scores[i] >= top - self.word_margin]
            found[word] = [best, *(w for w in close if skeleton(w) == skeleton(best))][:MAX_ARCHIVE_WORDS]
        return found

    def _written(self, topic: str, lang: str) -> bool:
        """Whether the lexical index holds one of the topic's words (then the archive writes the topic so)."""
        expressions = {match_expression(topic, language) for language in (lang, "en")}
        return any(e and self.archive.lexical_search(e, limit=1) for e in expressions)

    def _vectors(self, words: Sequence[str]) -> np.ndarray:
        missing = [w for w in words if w not in self._words]
        if missing:
            encoded = self.encode(missing)
            with self._lock:
                if len(self._words) + len(missing) > WORD_CACHE:
                    self._words.clear()
                self._words.update(zip(missing, encoded, strict=True))
        return np.stack([self._words[w] for w in words])

    def by_terms(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        allowed: set[int] | None,
        lead_floor: float | None = None,
    ) -> list[Candidate]:
        """The reports whose title holds one of the topic's terms (its words, and those its best matches'
        leads share: index/answer/time_questions.py), with a dense cosine of at least ``floor``."""
        terms = time_questions.topic_terms(topic, candidates)
        lead = self.lead_floor if lead_floor is None else lead_floor
        return [
            c
            for c in self.with_term_hits(topic, lang, query_vector, candidates, allowed, terms)
            if (c.similarity >= self.floor and time_questions.in_title(c, terms))
            or (c.similarity >= lead and time_questions.in_lead(c, terms))
        ]

    def with_term_hits(
        self,
        topic: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        allowed: set[int] | None,
        terms: Sequence[tuple[str, str]],
    ) -> list[Candidate]:
        """``candidates`` and the passages the lexical index finds for ``terms``, best cosine first."""
        found: set[int] = set()
        for term, term_lang in terms:
            for language in dict.fromkeys((term_lang, lang)):
                expression = match_expression(term, language)
                if expression:
                    found |= {pid for pid, _ in self.archive.lexical_search(expression, limit=self.lexical)}
        if allowed is not None:
            found &= allowed
        found -= {c.passage.id for c in candidates}
        extra = self.search(topic, lang, query_vector, within=found) if found else []
        return sorted([*candidates, *extra], key=lambda c: c.similarity, reverse=True)

    def newest(self, question: str, lang: str) -> list[Candidate]:
        """The newest report on a "latest" question's topic: with ``latest_from_timeline``, the newest dated report
        of the timeline on the question's names (``time_questions.name_words``: fitted half 0.622 -> 0.716, blind
        0.622 -> 0.676, bench/time_answers.py); when there is none, among the dense candidates and the lexical hits
        of the topic's names (and their archive spellings, ``latest_words``), the newest whose title or lead names
        them (or, when none does, whose cosine reaches the timeline threshold: index/answer/time_questions.py);
        empty when none is dated."""
        subject = time_questions.without_latest_words(question)
        vector = self.encode([subject])[0]
        pool = self.search(subject, lang, vector, k=self.candidates)
        terms = time_questions.topic_terms(subject, pool, names_only=True)
        if self.latest_words:
            spelled = self.respelled(time_questions.name_words(subject), lang, pool)
            term_lang = terms[0][1] if terms else lang
            terms += [(new.lower(), term_lang) for news in spelled.values() for new in news]
        if self.latest_from_timeline:
            names = time_questions.name_words(subject)
            if names:
                topic = " ".join(names)
                vector = self.encode([topic])[0]
                reports = self.reports(topic, lang, vector, None, lead_floor=self.latest_lead_floor).values()
                dated = [c for c in reports if day_number(c.article.date) is not None]
                if dated:
                    return [max(dated, key=lambda c: (day_number(c.article.date), c.similarity))]
        everything = self.with_term_hits(subject, lang, vector, pool, None, terms)
        return time_questions.newest_on_topic(everything, terms)


def _vocabulary(candidates: Sequence[Candidate], least: int = VOCABULARY_ARTICLES) -> list[str]:
    """Title words and lead names in at least ``least`` of the candidates' articles and in the leads
    of at most ``VOCABULARY_SHARE`` of them (also within a longer word: Syria in Syrian), each as most often written."""
    articles: dict[str, Candidate] = {}
    for candidate in candidates:
        articles.setdefault(candidate.article.id, candidate)
    counts: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for candidate in articles.values():
        text = f"{candidate.article.title} {candidate.article_text[: time_questions.LEAD_CHARS]}"
        seen = {w for w in _TITLE_WORD.findall(candidate.article.title)}
        seen |= {w for w in _TITLE_WORD.findall(text) if w[0].isupper()}
        for word in {w for w in seen if w.lower() not in STOPWORDS}:
            key = word.lower()
            forms.setdefault(key, {})[word] = forms.get(key, {}).get(word, 0) + 1
        for key in {w.lower() for w in seen} - STOPWORDS:
            counts[key] = counts.get(key, 0) + 1
    most = VOCABULARY_SHARE * len(articles)
    leads = [f"{c.article.title} {c.article_text[: time_questions.LEAD_CHARS]}".lower() for c in articles.values()]
    keep = sorted(k for k, n in counts.items() if n >= least and sum(k in lead for lead in leads) <= most)
    return [max(forms[k].items(), key=lambda item: item[1])[0] for k in keep]


def skeleton(word: str) -> str:
    """The first letter and the consonants without h, w and y, c and q read as k, doubled letters once."""
    letters = re.sub(r"[^a-z]", "", word.lower().replace("c", "k").replace("q", "k"))
    if not letters:
        return ""
    rest = re.sub(r"[aeiouhwy]", "", letters[1:])
    return re.sub(r"(.)\1+", r"\1", letters[0] + rest)
