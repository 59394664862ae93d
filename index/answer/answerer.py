"""Questions into answers: retrieve candidates, quote the best, decide whether to answer, list other sources.

Scores, one meaning each:

- ``Candidate.similarity`` / ``Hit.similarity``: the passage's dense cosine with the question;
- ``Candidate.rank_score``: the similarity with the retrieval bonuses, what candidates are ranked by;
- ``Quote.score`` / ``Hit.quote_score``: how well the quoted sentence matches; ``Hit.quote_calibrated``: the
  same on one scale for all language pairs;
- ``Answer.confidence``: the answer's, compared with the no-answer threshold (:meth:`Answerer._best_hit`);
- ``Hit.source_confidence``: a further source's own, the answer's formula without the margin term (a margin over
  the runner-up belongs to the main answer alone), compared with ``Calibration.source_threshold``.

A further source is listed only when it answers the question itself: its own confidence reaches the source
threshold and, when the main quote gives the figure the question asks for ("how many killed"), its quote gives
one of the same kind too, and it must be about the same event (``_same_event``: a name the question names, and
the same day or a later report that names the event's day). Its figures are then compared with the main quote's
(index/text/figures.py): ``Hit.agrees`` True (the same figure), False (another figure for the same thing), None
(nothing comparable).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import overload

import numpy as np

from index.answer import time_questions
from index.answer.answers import Answer, FollowUp, Hit, Timeline
from index.answer.kinds import Asked, asked, claim_stems, gives_count, requirement
from index.answer.outcomes import DEFAULT_BANDS, decide
from index.answer.quotes import COMBINED_SCALE, LATE_ONLY_SCALE, ScoreScale, choose_quote
from index.answer.retrieval import DENSE_CANDIDATES, Candidate, Retriever
from index.answer.titles import shown_article
from index.answer.topic_reports import TopicReports
from index.model.embeddings import Embedder
from index.settings import Settings
from index.store.archive import Archive
from index.store.records import day_number
from index.store.vectors import SearchBackend
from index.text.dates import Period, asks_latest, find_period, without_phrase
from index.text.event_days import stated_days
from index.text.figures import compare_figures, question_kinds
from index.text.language import UNDETERMINED, detect_language
from index.text.proper_names import shares_name

PASSAGE_DISCOUNT = 0.45
"""The answer's confidence is its quote's calibrated score minus this x the passage cosine: a sentence that matches the
question better than its passage does as a whole answers it; a passage that is merely on the topic does not."""
MARGIN_WEIGHT = 0.9
"""The answer's confidence gains this x how far its passage's score stands above the next candidate's ..."""
MAX_MARGIN = 0.2
"""... counted up to this (a one-passage archive has no runner-up). Both fitted as one logistic model on the dev
set, checked article-wise in four folds (docs/evaluation.md)."""
READER_LANGUAGE_MARGIN = 0.05
"""When the chosen quote is in another language than the question, a passage in the question's language among the
first ``READER_LANGUAGE_CANDIDATES`` whose own confidence (``Hit.source_confidence``'s formula) is at most this
below the chosen one's is quoted instead: the reader gets the answer in their language when the archive holds it
about equally well (bench/reader_language.py, docs/evaluation.md)."""
READER_LANGUAGE_CANDIDATES = 5
CLAIM_WEIGHT = 0.0
"""A yes/no question's sentence may gain this x the share of the question's claim words it holds
(``kinds.claim_stems``).
Off: on the fitted half 0.15 and 0.3 changed no quote's answer (0.648 either way) and 0.3 answered one unanswerable
question more; the claim word is required instead (``kinds.requirement``)."""
CLAIM_CACHE = 256
COUNT_CANDIDATES = 5
"""A question whose chosen quote does not give what it asks (``kinds.requirement``: a count of the asked kind, a
yes/no question's claim word, a who-question's name) is quoted instead from the best sentence that does among this
many top passages ..."""
COUNT_MARGIN = 0.3
"""... when its choice score (``PASSAGE_WEIGHT`` x rank score + sentence score) is at most this below the chosen one's
(reader questions, fitted half: docs/evaluation.md#reader-questions)."""
SOURCE_CANDIDATES = 12
"""How many ranked passages are looked at for the other sources under an answer."""
MAX_QUESTION_CHARS = 1000
QUOTE_CANDIDATES = 2
"""The quote is chosen among the sentences of this many top passages ..."""
PASSAGE_WEIGHT = 2.0
"""... by PASSAGE_WEIGHT x passage rank score + sentence score (dev set: +0.015 answer-in-quote)."""
SOURCE_THRESHOLD = 0.59
"""A further source's own confidence (``Hit.source_confidence``) must reach the answer threshold. Kept there, not
fitted: on the FA-KES contested set (docs/evaluation.md) 0.65-0.80 trade listed sources for little precision."""
SAME_EVENT_DAYS = 0
"""A further source that counts what the question asks is of the main answer's event when dated within this many
days of the main answer's article (both dated; an undated one is not held to it) ... Counts are of one day's event:
on the FA-KES contested set the listed sources that answer were 0.89 of those on the same day, 0.70 with one day
either way (Manbij on 18 and 19 July 2016, two strikes near Damascus on 3 and 4 April 2017: neighbouring events
with other tolls)."""
LATER_REPORT_DAYS = 3
"""... or when dated 1 to this many days after it and its passage names the day the main quote (or the main
article's date) names: the next day's "death toll from Saturday's bombing rose to 112" (index/text/event_days.py).
A report of a neighbouring event names its own day. FA-KES contested set, 12 candidates, with the name rule of
``_same_event``: 1 / 3 / 4 / 7 days list 61 / 62 / 64 / 65 sources at precision 0.918 / 0.919 / 0.906 / 0.892 and
disagreement recall 0.588 / 0.618 / 0.647 / 0.647 (same day only: 56, 0.893, 0.529). 3 is the largest that loses
no precision; fitted on either half of the set alone it is 4 or 1 (docs/evaluation.md). Sources dated before the
main article are not let in by their stated day: on the set that only added neighbouring events."""
EVENT_WINDOW_DAYS = 0
"""... or when the two are dated within this many days of each other either way (a count of the same kind, with
the question's names in the source's passage). Measured on the FA-KES contested set by halves (bench/contested.py
--window, docs/evaluation.md)."""

FOLLOW_UP_MODE = "mix"
"""How a follow-up is asked (``Answerer.ask(..., after=FollowUp(...))``): ``mix`` adds ``FOLLOW_UP_WEIGHT`` x the
earlier question's vector to the follow-up's; ``concat`` embeds "earlier question + follow-up" as one query. Either
way the lexical search and the quote see both questions. bench/followups.py on tests/data/followups.json (38
follow-ups, 8 that change the subject; docs/evaluation.md): ``concat`` finds the article as often (recall@1 0.974
against 0.658 alone) but drags questions that change the subject back to the earlier article (4 of 8 right)."""
FOLLOW_UP_WEIGHT = 0.75
"""``mix``: the earlier question's share. 0.5 / 0.75 / 1.0 with the bonus: answer-in-quote 0.789 / 0.868 / 0.842 on
the follow-ups, 7 / 6 / 4 of 8 subject changes right."""
FOLLOW_UP_BONUS = 0.05
"""A follow-up's candidates from the earlier answer's article gain this in ``rank_score``: a preference, not a pin.
With ``mix`` 0.75: answer-in-quote 0.816 -> 0.868 on the follow-ups, subject changes 7 -> 6 of 8 right; larger
bonuses only pinned more (``concat``: 0.05 and 0.10 both lower recall@1, 0.974 -> 0.921)."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """What follows from how the sentence vectors were made (``SEPARATE_SENTENCE_VECTORS``): their scores run
    on different scales, so each kind has its own quote rules and thresholds."""

    scale: ScoreScale
    answer_threshold: float
    """Minimum answer confidence (``Answer.confidence``): the highest value that answers 0.95 of answerable
    dev-set questions in both directions."""
    source_threshold: float
    """Another article is listed under an answer when its own confidence (``Hit.source_confidence``) reaches this."""


DEFAULT_CALIBRATION = Calibration(COMBINED_SCALE, answer_threshold=0.59, source_threshold=SOURCE_THRESHOLD)
"""Dev set (docs/evaluation.md): 0.954 answered; 0.75 (German) / 0.63 (English) of the questions whose paragraph
is missing are refused. Questions in the other XQuAD languages meet the same threshold through their own
cross-language bonus (``quotes.LANGUAGE_BONUS``): 0.949 answered each, 0.37-0.47 refused."""
LATE_ONLY_CALIBRATION = Calibration(
    LATE_ONLY_SCALE, answer_threshold=0.33, source_threshold=0.33 + (SOURCE_THRESHOLD - 0.59)
)
"""``SEPARATE_SENTENCE_VECTORS=false``, whose sentence scores run lower (docs/scale.md): 0.95 answered; 0.68
(German) / 0.59 (English) refused."""

STRIP_DATE_PHRASE = False
"""Whether retrieval embeds the question without its date words ("in September 2016"), the period filtering instead.
Measured on the FA-KES dated set (docs/evaluation.md): no gain (the same recall@1 on the dated questions, one
place-month question of 29 lost), so the question is embedded as it was asked; the period still filters."""
"""A "latest" question is answered by the newest report on its topic (index/answer/time_questions.py), not by a
recency weight: the weight of issue 14 (fitted on its own 14 questions, 0.643) answered 0.135 of the blind
"latest" questions of tests/data/time_sets.en.json."""

Exclude = Callable[[Candidate], bool]
"""Drops candidates before anything is chosen (the evaluation's unanswerable mode)."""


class Answerer:
    """Answers questions from the archive and the current index; safe to call from several threads."""

    def __init__(
        self,
        archive: Archive,
        embedder: Embedder,
        index: Callable[[], SearchBackend | None],
        settings: Settings,
        *,
        today: Callable[[], date] | None = None,
    ) -> None:
        """``today``: the clock for relative dates in questions ("yesterday"); the local date by default."""
        self.today = today or date.today
        self._dates: tuple[object, tuple[str | None, str | None]] | None = None
        self.archive = archive
        self.embedder = embedder
        self.settings = settings
        self.retriever = Retriever(archive, index)
        self.topic_reports = TopicReports(archive, self._search, lambda texts: self.embedder.encode_queries(texts))
        """The reports on a topic, for timelines and "latest" (index/answer/topic_reports.py)."""
        separate = settings.separate_sentence_vectors
        self.calibration = DEFAULT_CALIBRATION if separate else LATE_ONLY_CALIBRATION
        self.threshold: float = (
            self.calibration.answer_threshold if settings.answer_threshold is None else settings.answer_threshold
        )
        """The no-answer threshold: ``ANSWER_THRESHOLD`` or the calibrated default."""
        self.withdrawn: Callable[[], Collection[str]] = frozenset
        """The ids of withdrawn articles (``/retract``): their passages are dropped wherever candidates are gathered."""
        self.bands = DEFAULT_BANDS
        """From which confidence a quote is a plain answer rather than "may not answer" (index/answer/outcomes.py)."""
        self.claim_weight = CLAIM_WEIGHT
        self._claims: dict[str, frozenset[str]] = {}
        self.count_candidates = COUNT_CANDIDATES
        self.count_margin = COUNT_MARGIN
        self.reader_language_margin = READER_LANGUAGE_MARGIN
        self.reader_language_candidates = READER_LANGUAGE_CANDIDATES
        """Attributes so that bench/readers_fit.py can fit them; the defaults are the fitted values."""
        self.follow_up_mode = FOLLOW_UP_MODE
        self.follow_up_weight = FOLLOW_UP_WEIGHT
        self.follow_up_bonus = FOLLOW_UP_BONUS
        """How follow-ups are asked; attributes so that bench/followups.py can compare the variants."""

    def when(self, question: str) -> tuple[Period | None, bool, tuple[str | None, str | None]]:
        """The period ``question`` names, whether it asks for the latest state, and the archive's date range."""
        first, last = self._date_range()
        newest = _day(last)
        if newest is None:  # no dated article: nothing to filter or to rank by date
            return None, False, (first, last)
        today = self.today()
        reference = newest if self.settings.dates_relative_to == "archive" and newest else today
        period = find_period(question, today=reference, latest=newest or today)
        return period, period is None and asks_latest(question), (first, last)

    def _date_range(self) -> tuple[str | None, str | None]:
        """The archive's first and last article date, read again only when another index has gone live (a reindex
        changes both together; the query scans the articles table)."""
        current = self.retriever.current_index()
        cached = self._dates
        if cached is not None and cached[0] is current:
            return cached[1]
        found = self.retriever.reader(current).date_range()
        self._dates = (current, found)
        return found

    def ask(
        self,
        question: str,
        *,
        max_sources: int | None = None,
        exclude: Exclude | None = None,
        after: FollowUp | None = None,
        dates: bool = True,
    ) -> Answer:
        """Answer ``question`` with a verbatim quote, or say that the archive has nothing on it.

        ``after``: the earlier exchange this question follows up: the earlier question is asked with it (for the
        passages and the quote), the earlier answer's article gains ``follow_up_bonus``. The answer keeps the
        reader's own question. ``dates``: read a period ("im September 2016") or "latest" from the question (the
        evaluation's comparison turns it off)."""
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            raise ValueError("the question is empty")
        _ = self.embedder.model  # loading the model (once) is not part of the answer time
        started = time.perf_counter()
        period, latest, covered = self.when(question) if dates else (None, False, (None, None))
        if period is not None and not _covers(covered, period):
            return Answer(
                question=question,
                lang=detect_language(question),
                answered=False,
                best=None,
                took_ms=(time.perf_counter() - started) * 1000,
                period=period,
                archive_range=covered,
                out_of_range=True,
            )
        allowed, undated = self._allowed(period)
        if latest and not time_questions.has_topic(question):  # "what's new?": the archive's newest reports
            newest = _day(covered[1])
            allowed, undated = self._allowed(Period(newest, newest, granularity="day")) if newest else (None, 0)
        searched = without_phrase(question, period) if STRIP_DATE_PHRASE else question
        search_text, query_vector = self._query(searched, after)
        lang = detect_language(search_text)
        k = time_questions.LATEST_CANDIDATES if latest else DENSE_CANDIDATES
        candidates = self._search(search_text, lang, query_vector, k=k, allowed=allowed)
        if after is not None and after.article_id and self.follow_up_bonus:
            for candidate in candidates:
                if candidate.article.id == after.article_id:
                    candidate.rank_score += self.follow_up_bonus
            candidates.sort(key=lambda c: c.rank_score, reverse=True)
        if exclude is not None:
            candidates = [c for c in candidates if not exclude(c)]
        hits: dict[int, Hit] = {}  # passage id -> hit, each made once per question
        best, confidence, fits = self._best_hit(search_text, lang, query_vector, candidates, hits)
        same_language = best is not None and lang != UNDETERMINED and (best.article.lang or "") == lang
        outcome = decide(confidence, self.threshold, self.bands, same_language=same_language, fits=fits)
        answered = best is not None and outcome != "nothing"
        if latest or period is not None:
            candidates, best, answered = self._browse(search_text, lang, query_vector, candidates, hits, best,
                                                      answered, latest=latest)  # fmt: skip
        if not answered:
            outcome = "nothing"
        elif outcome == "nothing":  # a period or "latest" browse answers below the threshold: it may not answer
            outcome = "hedge"
        limit = self.settings.max_sources if max_sources is None else max_sources
        sources = (
            self._sources(search_text, lang, query_vector, candidates, best, hits, limit=limit)
            if answered and best is not None
            else []
        )
        return Answer(
            question=question,
            lang=lang,
            answered=answered,
            best=best,
            sources=sources,
            took_ms=(time.perf_counter() - started) * 1000,
            confidence=confidence,
            ranking=[(c.passage.id, c.rank_score) for c in candidates],
            period=period,
            undated_included=undated,
            latest=latest,
            archive_range=covered,
            outcome=outcome if best is not None else "nothing",
        )

    def _search(self, *args, **options) -> list[Candidate]:
        """The retriever's candidates without the passages of withdrawn articles (the one retraction hook)."""
        candidates = self.retriever.search(*args, **options)
        withdrawn = self.withdrawn()
        return [c for c in candidates if c.article.id not in withdrawn] if withdrawn else candidates

    def _browse(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        hits: dict[int, Hit],
        best: Hit | None,
        answered: bool,
        *,
        latest: bool,
    ) -> tuple[list[Candidate], Hit | None, bool]:
        """A "latest" question: the newest report on the topic answers (index/answer/time_questions.py). A period
        question: its answer must name the topic where the archive holds the topic's names (else "nothing found");
        under the threshold, the period's best report on the topic answers when it is clearly ahead."""
        topic = time_questions.Topic.of(question)
        if latest:
            if not time_questions.has_topic(question):  # "what's new?": the newest day's reports, the first first
                chosen = time_questions.newest_first(candidates, topic, margin=1.0)[:1]
            else:
                chosen = self.topic_reports.newest(question, lang)
            if not chosen:
                return candidates, best, answered
            candidates = [*chosen, *(c for c in candidates if c.passage.id != chosen[0].passage.id)]
            return candidates, self._hit(question, lang, query_vector, chosen[0], hits), True
        pool = self._search(question, lang, query_vector)  # the whole archive: does it know the names?
        topic = topic.with_terms(time_questions.topic_terms(question, pool, names_only=True))
        usable = topic.usable(candidates) or topic.usable(pool)
        held = next((c for c in candidates if best is not None and c.passage.id == best.passage_id), None)
        if answered and (not usable or (held is not None and topic.named_in(held))):
            return candidates, best, answered
        period_best = time_questions.period_answer(candidates, topic, usable=usable)
        if period_best is None:
            return candidates, best, False
        candidates = [period_best, *(c for c in candidates if c is not period_best)]
        return candidates, self._hit(question, lang, query_vector, period_best, hits), True

    def best_per_article(self, topic: str, passage_ids: Collection[int]) -> list[Hit]:
        """For each article among ``passage_ids``' articles, the hit of its passage that matches ``topic`` best
        (dense cosine, re-ranked by the best sentence), with its quote; best first. Alerts use it on the passages of
        the articles a reindex added."""
        topic = " ".join(topic.split())[:MAX_QUESTION_CHARS]
        if not topic or not passage_ids:
            return []
        lang = detect_language(topic)
        query_vector = self.embedder.encode_queries([topic])[0]
        candidates = self._search(topic, lang, query_vector, within=passage_ids)
        hits: dict[int, Hit] = {}
        best: dict[str, Hit] = {}
        for candidate in candidates:
            if candidate.article.id not in best:
                best[candidate.article.id] = self._hit(topic, lang, query_vector, candidate, hits)
        return sorted(best.values(), key=lambda hit: hit.similarity, reverse=True)

    def _query(self, question: str, after: FollowUp | None) -> tuple[str, np.ndarray]:
        """The text the lexical search and the quote use, and the query vector."""
        if after is None or not after.question.strip():
            return question, self.embedder.encode_queries([question])[0]
        combined = f"{' '.join(after.question.split())} {question}"
        if self.follow_up_mode == "concat":
            return combined, self.embedder.encode_queries([combined])[0]
        earlier, own = self.embedder.encode_queries([after.question, question])
        mixed = own + self.follow_up_weight * earlier
        return combined, mixed / max(float(np.linalg.norm(mixed)), 1e-9)

    def _allowed(self, period: Period | None) -> tuple[set[int] | None, int]:
        """The passages a period lets through (None: all) and how many undated articles are among them.

        A period keeps the articles dated in it and those without a date: nothing tells whether an undated report
        belongs to the period, so it is searched rather than dropped, and the reply says so. (A period outside the
        archive's dates is answered with the archive's range before anything is searched.)"""
        if period is None:
            return None, 0
        reader = self.retriever.reader(self.retriever.current_index())
        dated, undated, undated_articles = reader.passages_in_period(period.start.isoformat(), period.end.isoformat())
        return set(dated) | set(undated), undated_articles

    def timeline(self, topic: str, *, threshold: float | None = None) -> Timeline:
        """The articles on ``topic`` in date order (undated last), each with its best quote; a period in the topic
        ("Aleppo im September 2016") limits them to its days."""
        topic = " ".join(topic.split())[:MAX_QUESTION_CHARS]
        if not topic:
            raise ValueError("the topic is empty")
        lang = detect_language(topic)
        period, _, covered = self.when(topic)
        if period is not None and not _covers(covered, period):
            return Timeline(topic, [], period=period, archive_range=covered, out_of_range=True)
        allowed, _ = self._allowed(period)
        searched = without_phrase(topic, period) if STRIP_DATE_PHRASE else topic
        query_vector = self.embedder.encode_queries([searched])[0]
        best = self.topic_reports.reports(searched, lang, query_vector, allowed, threshold=threshold)
        made: dict[int, Hit] = {}
        hits = [_what_happened(self._hit(searched, lang, query_vector, c, made), c) for c in best.values()]
        hits.sort(key=lambda hit: (hit.article.date is None, (hit.article.date or "")[:10], hit.article.id))
        return Timeline(topic, hits, period=period, archive_range=covered)

    def _best_hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidates: list[Candidate], hits: dict[int, Hit]
    ) -> tuple[Hit | None, float, bool]:
        """The quote comes from the top passage, or the runner-up when its sentence fits much better; a count
        question's from a sentence that gives a count of the asked kind when one is near (``_count_quote``).

        Returns the hit, the answer's confidence (which the no-answer threshold is compared with) and whether the
        quote gives what the question asks (a count question's count; always True for other kinds)."""
        top = [self._hit(question, lang, query_vector, c, hits) for c in candidates[:QUOTE_CANDIDATES]]
        if not top:
            return None, 0.0, False
        scores = [PASSAGE_WEIGHT * c.rank_score + hit.quote_score for c, hit in zip(candidates, top, strict=False)]
        chosen = int(np.argmax(scores))
        wanted = asked(question)
        required = requirement(wanted, question, lang)
        hit, position = top[chosen], chosen
        if required is not None and not required(hit.quote, hit.article.lang or ""):
            hit, position = self._required_quote(
                question, lang, query_vector, candidates, required, scores[chosen], (hit, position)
            )
        runner_up = max((c.rank_score for i, c in enumerate(candidates) if i != position), default=0.0)
        margin = min(candidates[position].rank_score - runner_up, MAX_MARGIN)
        best = self._in_reader_language(question, lang, query_vector, candidates, hits, hit, wanted)
        fits = required is None or required(best.quote, best.article.lang or "")
        confidence = max(  # a sentence that gives what is asked, or the reader's language, is not less sure
            h.quote_calibrated - PASSAGE_DISCOUNT * h.similarity for h in (top[chosen], hit, best)
        )
        return best, confidence + MARGIN_WEIGHT * margin, fits

    def _required_quote(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        required: Callable[[str, str], bool],
        chosen_score: float,
        chosen: tuple[Hit, int],
    ) -> tuple[Hit, int]:
        """The best sentence that gives what the question asks (``required``) among the first ``count_candidates``
        passages, when its choice score is within ``count_margin`` of the chosen one's; else ``chosen``."""
        best: tuple[float, Hit, int] | None = None
        for position, candidate in enumerate(candidates[: self.count_candidates]):
            passage_lang = candidate.article.lang or ""

            def allowed(sentence: str, passage_lang: str = passage_lang) -> bool:
                return required(sentence, passage_lang)

            hit = self._hit(question, lang, query_vector, candidate, {}, allowed=allowed)
            if hit is None:
                continue
            score = PASSAGE_WEIGHT * candidate.rank_score + hit.quote_score
            if best is None or score > best[0]:
                best = (score, hit, position)
        if best is None or best[0] < chosen_score - self.count_margin:
            return chosen
        return best[1], best[2]

    def _in_reader_language(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        hits: dict[int, Hit],
        chosen: Hit,
        wanted: Asked | None = None,
    ) -> Hit:
        """``chosen``, or the first candidate in the question's language when it answers about as well
        (``reader_language_margin``) and, when ``chosen`` gives the count a count question asks, gives one too. The
        answer's margin term stays the chosen passage's."""
        if lang == UNDETERMINED or chosen.article.lang == lang or self.reader_language_margin <= 0:
            return chosen
        own = chosen.quote_calibrated - PASSAGE_DISCOUNT * chosen.similarity
        counts = wanted is not None and wanted.kind == "count" and gives_count(wanted, chosen.quote)
        for candidate in candidates[: self.reader_language_candidates]:
            if candidate.article.lang == lang:
                other = self._hit(question, lang, query_vector, candidate, hits)
                if counts and wanted is not None:
                    other = self._hit(question, lang, query_vector, candidate, {}, allowed=(
                        lambda s: gives_count(wanted, s))) or other  # fmt: skip
                mine = other.quote_calibrated - PASSAGE_DISCOUNT * other.similarity
                chosen_rank = next((c.rank_score for c in candidates if c.passage.id == chosen.passage_id), None)
                alike = (  # a count of the asked kind in both, from passages that rank alike
                    counts
                    and chosen_rank is not None
                    and candidate.rank_score >= chosen_rank - self.reader_language_margin
                    and gives_count(wanted, other.quote)  # type: ignore[arg-type]
                )
                better = alike or mine >= own - self.reader_language_margin
                return other if better else chosen
        return chosen

    def _sources(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        best: Hit,
        hits: dict[int, Hit],
        *,
        limit: int,
    ) -> list[Hit]:
        """Other articles whose own quote answers the question, one hit per article, each compared with ``best``.

        When the question asks for a count ("how many killed") or the main quote gives one, a source whose quote
        gives none of that kind is left out (it may share the topic, it does not answer), and so is one that is not
        about the same event (:func:`_same_event`)."""
        sources: list[Hit] = []
        seen = {best.article.id}
        asks_count = bool(question_kinds(question)[0])
        for candidate in candidates[:SOURCE_CANDIDATES]:
            if len(sources) >= limit:
                break
            if candidate.article.id in seen:
                continue
            hit = self._hit(question, lang, query_vector, candidate, hits)
            confidence = hit.quote_calibrated - PASSAGE_DISCOUNT * hit.similarity
            if confidence < self.calibration.source_threshold:
                continue
            comparison = compare_figures(question, best.quote, hit.quote)
            counts = comparison.main or asks_count
            if counts and not comparison.other:
                continue
            if counts and not _same_event(question, lang, best, hit):
                seen.add(candidate.article.id)  # its best passage speaks of another event: so does the article
                continue
            seen.add(candidate.article.id)
            sources.append(
                replace(
                    hit,
                    source_confidence=confidence,
                    agrees=comparison.agrees,
                    compared=(comparison.main, comparison.other),
                )
            )
        return sources

    def _claim(self, question: str, lang: str) -> frozenset[str]:
        """A yes/no question's claim stems (empty for other kinds), computed once per question text."""
        cached = self._claims.get(question)
        if cached is None:
            cached = (
                claim_stems(question, lang) if self.claim_weight and asked(question).kind == "yesno" else frozenset()
            )
            if len(self._claims) > CLAIM_CACHE:
                self._claims.clear()
            self._claims[question] = cached
        return cached

    @overload
    def _hit(
        self, question: str, lang: str, query_vector: np.ndarray, candidate: Candidate, made: dict[int, Hit]
    ) -> Hit: ...

    @overload
    def _hit(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidate: Candidate,
        made: dict[int, Hit],
        *,
        allowed: Callable[[str], bool],
    ) -> Hit | None: ...

    def _hit(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray,
        candidate: Candidate,
        made: dict[int, Hit],
        *,
        allowed: Callable[[str], bool] | None = None,
    ) -> Hit | None:
        """The hit for ``candidate``, from ``made`` when this question already has it. ``allowed``: its quote's best
        sentence must be one it accepts (None when the passage has none; such hits are not kept in ``made``)."""
        passage = candidate.passage
        if passage.id in made and allowed is None:
            return made[passage.id]
        vectors = candidate.sentence_vectors
        if vectors is None:  # below the candidates the retriever re-ranked
            found = candidate.reader.sentence_vectors([passage]) if candidate.reader else {}
            vectors = found.get(passage.id, np.zeros((0, len(query_vector))))
        quote = choose_quote(
            question,
            lang if lang != UNDETERMINED else "",
            query_vector,
            text=candidate.article_text,
            spans=passage.sentences,
            vectors=vectors,
            passage_lang=candidate.article.lang or "",
            scale=self.calibration.scale,
            allowed=allowed,
            claim=self._claim(question, lang),
            claim_weight=self.claim_weight,
        )
        if quote is None:
            return None
        hit = Hit(
            article=shown_article(candidate.article, candidate.article_text),
            passage_id=passage.id,
            passage_start=passage.start,
            passage_end=passage.end,
            passage_text=passage.text,
            quote=candidate.article_text[quote.start : quote.end],
            quote_start=quote.start,
            quote_end=quote.end,
            similarity=candidate.similarity,
            quote_score=quote.score,
            quote_calibrated=quote.calibrated,
        )
        if allowed is None:
            made[passage.id] = hit
        return hit


def _what_happened(hit: Hit, candidate: Candidate) -> Hit:
    """A timeline line's quote: the hit's, or, when that is a dateline or a tag line, the passage's first sentence
    that says what happened."""
    if not time_questions.is_dateline(hit.quote, hit.article.title):
        return hit
    text = candidate.article_text
    for span in candidate.passage.sentences:
        sentence = text[span.start : span.end]
        if not span.heading and not time_questions.is_dateline(sentence, hit.article.title):
            return replace(hit, quote=sentence, quote_start=span.start, quote_end=span.end)
    return hit


def _day(value: str | None) -> date | None:
    """An article date as a day; a month or a year alone ("2016-10", "2016") as its first day, so that an archive
    whose oldest article gives only its month still has a range (and a period before it is answered with it)."""
    number = day_number(value)
    if number is None:
        return None
    try:
        return date(number // 10000, number // 100 % 100 or 1, number % 100 or 1)
    except ValueError:
        return None


def _same_event(question: str, lang: str, best: Hit, other: Hit) -> bool:
    """Whether ``other`` reports the event of the main answer ``best``, for a question about a count: its passage
    names one of the question's proper names (``shares_name``: "Khan Shaykhun" is "Khan Sheikhoun"; a question
    that names nothing lets every source through), and it is dated the same day (``_same_event_day``) or is a
    later report that names the day of the main answer's event (``_later_report``).

    The names are compared only when the source is in the question's language (``lang``): spellings differ between
    languages ("Damaskus" / "Damascus", "Chan Scheichun"), and a German question capitalises every noun."""
    if lang == (other.article.lang or "") and not shares_name(question, other.passage_text):
        return False
    return _same_event_day(best, other) or _later_report(best, other) or _within_window(best, other)


def _dates(best: Hit, other: Hit) -> tuple[date, date] | None:
    try:
        return date.fromisoformat((best.article.date or "")[:10]), date.fromisoformat((other.article.date or "")[:10])
    except ValueError:
        return None


def _covers(covered: tuple[str | None, str | None], period: Period) -> bool:
    """Whether the archive's dated articles reach into ``period`` (an archive without dates: say nothing)."""
    first, last = _day(covered[0]), _day(covered[1])
    return first is None or last is None or period.overlaps(first, last)


def _within_window(best: Hit, other: Hit) -> bool:
    """Whether the two articles are dated within ``EVENT_WINDOW_DAYS`` of each other, either way: agencies, papers
    and aid groups give the same count a day or several apart."""
    dates = _dates(best, other)
    return dates is not None and abs((dates[0] - dates[1]).days) <= EVENT_WINDOW_DAYS


def _same_event_day(best: Hit, other: Hit) -> bool:
    """Whether the two articles are dated within ``SAME_EVENT_DAYS`` of each other (True when either is undated)."""
    dates = _dates(best, other)
    return dates is None or abs((dates[0] - dates[1]).days) <= SAME_EVENT_DAYS


def _later_report(best: Hit, other: Hit) -> bool:
    """Whether ``other`` is dated 1 to ``LATER_REPORT_DAYS`` days after ``best`` and its passage names a day that
    the main quote names, or the main article's date ("on Saturday" in a Sunday report of Saturday's bombing)."""
    dates = _dates(best, other)
    if dates is None or not 0 < (dates[1] - dates[0]).days <= LATER_REPORT_DAYS:
        return False
    main_days = stated_days(best.quote, dates[0]) | {dates[0]}
    return bool(main_days & stated_days(other.passage_text, dates[1]))
