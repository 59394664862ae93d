"""What kind of answer a reader's question asks for, in the eight languages of the bot, and whether a quote gives it.

Kinds: ``count`` ("wie viele", "kaç", "сколько" …), ``who``, ``when``, ``where``, ``why``, ``yesno`` and ``what``
(everything else). A count question also names what is counted when it can be read: the events of
index/text/figures.py (killed, wounded, trapped, displaced, arrested), from German and English words there and from
the short stems below for the other languages. A quote *fits* a count question when it gives a figure of that event
(trapped is not killed), or any figure when the question names no event ("how many trucks"). Word lists, not a
model: a reader's question is short and the few question words of each language cover it; a miss only means the
kind is "what", where nothing is required of the quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.text.figures import extract_figures, question_kinds, relevant
from index.text.lexical import STOPWORDS, anchor_tokens, content_stems

_WORD = r"(?<![\w])({})(?![\w])"


def _any(*words: str) -> re.Pattern[str]:
    return re.compile(_WORD.format("|".join(words)), re.IGNORECASE)


KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "count",
        _any(
            "wie viele", "wieviele", "wie viel", "wieviel", "how many", "how much", "death toll", "number of",
            "kaç", "kac", "كم", "сколько", "скільки", "combien", "cuántos", "cuántas", "cuantos", "cuantas",
        ),
    ),
    ("why", _any("warum", "wieso", "weshalb", "why", "neden", "niçin", "niye", "لماذا", "почему", "чому", "pourquoi",
                 "por qué", "por que")),
    ("when", _any("wann", "when", "since when", "ne zaman", "متى", "когда", "коли", "quand", "cuándo", "cuando")),
    ("who", _any("wer", "wem", "wen", "who", "whom", "kim", "kimdir", "kimler", "من هو", "من هي", "кто", "хто",
                 "qui", "quién", "quien", "quiénes")),
    ("where", _any("wo", "wohin", "where", "nerede", "nereye", "nerde", "أين", "где", "де", "où", "dónde", "donde")),
    ("what", _any("was", "welche", "welcher", "welches", "que", "qu", "quel", "quelle", "quels", "quelles", "comment",
                  "what", "which", "ne", "nedir", "ماذا", "ما", "что", "що", "як", "как", "qué")),
    ("who", _any("من")),
)  # fmt: skip
"""Checked in this order: "Wie viele … wer" is a count question; Ukrainian "де" (where) is also the "de" of
"de Mistura", so who comes first; German "was" is "what" (an English "was the …" is caught before:
``ENGLISH_WAS``); "من" (who) is also Arabic for "from", so it comes last."""
ENGLISH_WAS = re.compile(r"\Awas (the|there|it|a|an|he|she|this|that)\b", re.IGNORECASE)

YES_NO_START = _any(
    "ist", "sind", "war", "waren", "wurde", "wurden", "hat", "haben", "hatte", "gibt", "gab", "kann", "können",
    "setzt", "sollen", "soll", "wird", "werden", "is", "are", "was", "were", "did", "does", "do", "has", "have",
    "had", "can", "will", "would", "هل", "чи", "est-ce", "es", "hay",
)  # fmt: skip
"""A question opening with a verb (German, English, Spanish) or a yes/no particle (Arabic هل, Ukrainian чи, French
est-ce que) asks yes or no."""
YES_NO_ANYWHERE = re.compile(r"(?<![\w])(mı|mi|mu|mü|ли)(?![\w])|-t-(il|elle|on)\b|-(il|elle|ils|elles)\s", re.I)
"""Turkish question particles, Russian ли, French inversion ("a-t-il", "veut-elle")."""

EVENT_STEMS: dict[str, tuple[str, ...]] = {
    "killed": (
        "öldü", "ölü", "öldürül", "hayatını kaybet", "can verdi", "قتل", "قتيل", "مقتل", "ضحايا", "الضحايا",
        "ماتوا", "погиб", "убит", "убил", "смерт", "жертв", "загинул", "загинуло", "загинув", "вбит", "вбил",
        "tué", "tues", "tués", "mort", "décès", "victimes", "muertos", "murieron",
    ),
    "wounded": ("yaral", "جرح", "جريح", "مصاب", "أصيب", "ранен", "ранил", "поранен", "blessé", "heridos"),
    "trapped": (
        "mahsur", "kuşatma altında", "محاصر", "المحاصر", "заблокирован", "окружен", "в осаде", "заблокован",
        "в облозі", "оточен", "piégé", "bloqué", "assiégé", "encerclé", "atrapados", "sitiados",
    ),
    "displaced": ("mülteci", "göç", "لاجئ", "نازح", "беженц", "біженц", "réfugié", "déplacé", "refugiados"),
    "arrested": ("tutuklan", "gözaltı", "اعتقل", "معتقل", "арестован", "заарештован", "arrêté", "detenidos"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Asked:
    """What a question asks for."""

    kind: str
    events: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()


def asked(question: str) -> Asked:
    """The kind of ``question`` and, for a count question, the events and groups it counts."""
    text = " ".join(question.split())
    if ENGLISH_WAS.match(text):
        return Asked("yesno")
    kind = next((name for name, pattern in KIND_PATTERNS if pattern.search(text)), None)
    if kind is None:
        opening = text.lstrip("¿¡«\"' ")
        yes_no = YES_NO_START.match(opening) or YES_NO_ANYWHERE.search(text)
        kind = "yesno" if yes_no else "what"
    if kind != "count":
        return Asked(kind)
    events, groups = question_kinds(text)
    lowered = text.lower()
    events |= {event for event, stems in EVENT_STEMS.items() if any(stem in lowered for stem in stems)}
    return Asked(kind, frozenset(events), frozenset(groups))


def gives_count(wanted: Asked, quote: str) -> bool:
    """Whether ``quote`` holds a figure of the kind ``wanted`` counts (any figure when it names no event)."""
    figures = extract_figures(quote)
    if not wanted.events:
        return bool(figures)
    return bool(relevant(figures, set(wanted.events), set(wanted.groups)))


COMPOUND_CHARS = 6
"""A claim word of a yes/no question matches a sentence's word sharing this many letters in a row with it."""
MIN_FOCUS_CHARS = 4
"""Words of a yes/no question shorter than this are not its claim ("is", "ist")."""
_LOWER_WORD = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)", re.UNICODE)


def claim_stems(question: str, lang: str) -> frozenset[str]:
    """The stems of a yes/no question's claim: its words written in lower case that carry meaning ("Wurde die
    Wasserversorgung in Deir Qanun zerstört?": zerstört; "Was the water supply destroyed?": water, supply,
    destroyed). The capitalised words are the names the claim is about, which a sentence on the topic shares
    without stating the claim. A question typed all in lower case keeps all its content words."""
    words = _LOWER_WORD.findall(question)
    if words and words[0][:1].isupper():
        words = words[1:]  # the opening word is capitalised as any sentence's
    lower = [w for w in words if w[:1].islower() and len(w) >= MIN_FOCUS_CHARS and w.lower() not in STOPWORDS]
    return frozenset(content_stems(" ".join(lower), lang)) if lower else frozenset()


def question_names(question: str) -> frozenset[str]:
    """A who-question's names: its capitalised words and numbers but the opening word ("Wer ist Staffan de Mistura?":
    staffan, mistura)."""
    words = question.split()
    return frozenset(anchor_tokens(" ".join(words[1:])) - STOPWORDS) if len(words) > 1 else frozenset()


def requirement(wanted: Asked, question: str, lang: str) -> Callable[[str, str], bool] | None:
    """What a quote's sentence must hold to give what the question asks, as ``predicate(sentence, passage_lang)``:
    a count of the asked kind; for a yes/no question one of its claim words, for a who-question one of its names
    (both only in the question's own language, where words can be compared); None when nothing is required."""
    if wanted.kind == "count":
        return lambda sentence, passage_lang: gives_count(wanted, sentence)
    if wanted.kind == "yesno":
        claim = claim_stems(question, lang)
        if not claim:
            return None

        def states(sentence: str, passage_lang: str) -> bool:
            if passage_lang != lang:
                return True
            stems = set(content_stems(sentence, passage_lang))
            return any(stem_in(stem, stems) for stem in claim)

        return states
    if wanted.kind == "who":
        names = question_names(question)
        if not names:
            return None
        return lambda sentence, passage_lang: passage_lang != lang or bool(names & anchor_tokens(sentence))
    return None


def stem_in(stem: str, stems: set[str]) -> bool:
    """``stem`` among ``stems``, or sharing ``COMPOUND_CHARS`` letters in a row with one (a German compound:
    "wasserversorg" meets "versorgt")."""
    if stem in stems:
        return True
    if len(stem) < COMPOUND_CHARS:
        return False
    return any(
        len(other) >= COMPOUND_CHARS
        and any(stem[k : k + COMPOUND_CHARS] in other for k in range(len(stem) - COMPOUND_CHARS + 1))
        for other in stems
    )
