"""Figures in news text: numbers however written, and what they count (German and English).

"275.000", "275,000", "275 000", "rund 275 000", "275 thousand", "275 Tausend" and "0,275 Millionen" are all
275000; "1.5 million" and "1,5 Millionen" are 1500000; small numbers written as words ("eleven", "elf") count
too. A figure's *kind* is read from the words around it, kept simple on purpose:

- its **event**, the nearest event word (killed/dead/Tote, wounded/Verletzte, trapped/eingeschlossen, ...)
  within :data:`EVENT_WINDOW` words, the word after the number winning a tie ("10 killed 15 injured");
- its **group**, the nearest noun within :data:`GROUP_WINDOW` words (people/Menschen, civilians/Zivilisten,
  children/Kinder, fighters/rebels/terrorists, ...).

Hedges ("at least", "mindestens", "rund", "more than") are skipped when counting words. Both windows were set on
the casualty sentences of the FA-KES evaluation set (docs/evaluation.md): "At least 13 civilians mostly women and
children were killed" puts the event six words after the number.

Two texts are compared on the figures of one kind (:func:`compare_figures`): a shared value agrees ("more than
50" shares 58, see :data:`APPROXIMATE`), values that share none differ. Nothing is ever merged or averaged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EVENT_WINDOW = 7
GROUP_WINDOW = 3

EVENTS: dict[str, frozenset[str]] = {
    "killed": frozenset(
        """
        killed kill kills killing dead deaths death died die dies toll lives fatalities bodies perished slain
        getötet getoetet tot tote toten todesopfer starben gestorben sterben leben umgekommen
        """.split()
    ),
    "wounded": frozenset(
        """
        wounded wounding injured injuring injuries injury hurt
        verletzt verletzte verletzten verwundet verwundete verwundeten
        """.split()
    ),
    "trapped": frozenset(
        """
        trapped besieged stranded encircled
        eingeschlossen eingeschlossene eingeschlossenen belagert belagerten eingekesselt festsitzen festsitzenden
        """.split()
    ),
    "displaced": frozenset(
        """
        displaced fled refugees evacuated evacuees
        vertrieben geflohen geflüchtet flüchtlinge vertriebene evakuiert
        """.split()
    ),
    "arrested": frozenset("arrested detained captured kidnapped festgenommen verhaftet entführt".split()),
}
GROUPS: dict[str, frozenset[str]] = {
    "people": frozenset(
        """
        people persons person residents inhabitants victims individuals
        menschen personen person einwohner bewohner opfer leute
        """.split()
    ),
    "civilians": frozenset("civilians civilian zivilisten zivilistinnen zivilpersonen".split()),
    "children": frozenset("children child kids schoolchildren kinder kindern schüler".split()),
    "women": frozenset("women woman frauen".split()),
    "fighters": frozenset(
        """
        soldiers soldier troops fighters fighter rebels rebel militants militant terrorists terrorist jihadists
        extremists militiamen members insurgents gunmen
        soldaten kämpfer rebellen milizionäre terroristen dschihadisten extremisten aufständische
        """.split()
    ),
}
GENERAL_GROUP = "people"
"""Compatible with every other group: "126 people" and "126 civilians" may be the same count."""
HEDGES = frozenset(
    """
    at least more than over nearly almost about around some up to approximately roughly as many
    mindestens rund etwa über mehr als fast nahezu knapp ungefähr circa ca bis zu insgesamt weitere
    a an the of were was have has had been are is
    """.split()
)
NO_GROUP_EVENT_WORDS = 3
"""A figure that counts no group (no "people", "civilians" near it) takes an event only this close: "killing at
least 100" does, "killing and wounding dozens of people evacuated from two villages" does not."""
APPROXIMATE: tuple[tuple[frozenset[str], float, float], ...] = (
    (frozenset({"more than", "over", "upwards of", "mehr als", "über"}), 1.0, 1.2),
    (frozenset({"nearly", "almost", "fast", "knapp", "beinahe"}), 0.8, 1.0),
    (
        frozenset({"about", "around", "some", "roughly", "approximately", "rund", "etwa", "ungefähr", "circa"}),
        0.97,
        1.03,
    ),
)
"""How far a hedged figure reaches. "At least" stays exact: monitors' tolls are written that way, and "at least 25"
against "at least 31" is the disagreement a reader must see. "About" is kept narrow (3%): "rund 275.000" and "some
250 000" must still differ."""
SCALES = {
    "hundred": 100,
    "hundert": 100,
    "thousand": 1_000,
    "tausend": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "millionen": 1_000_000,
    "mio": 1_000_000,
    "billion": 1_000_000_000,
    "milliarde": 1_000_000_000,
    "milliarden": 1_000_000_000,
    "mrd": 1_000_000_000,
}
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
}  # fmt: skip
MONTHS = frozenset(
    """
    january february march april may june july august september october november december jan feb mar apr jun jul
    aug sep sept oct nov dec januar februar märz mai juni juli oktober dezember
    """.split()
)
"""A number beside a month name is a date, not a figure."""
NOT_COUNTS = frozenset("percent per cent prozent km kilometres kilometers miles meter metres am pm uhr".split())
"""A number before one of these measures something else."""
ONE_WORDS = frozenset("one eins einer eine einen".split())
"""1 only when a group noun follows at once ("one person"): "one of the ..." is no figure."""

_WORD_EVENT = {word: event for event, words in EVENTS.items() for word in words}
_WORD_GROUP = {word: group for group, words in GROUPS.items() for word in words}
_DIGITS = r"[1-9]\d{0,2}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_TOKEN = re.compile(rf"(?P<number>{_DIGITS})|(?P<word>[^\W\d_]+)", re.UNICODE)
_YEAR = re.compile(r"\A(?:19|20)\d\d\Z")
_GROUPED = re.compile(r"\A[1-9]\d{0,2}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+\Z")
_SPACES = re.compile(r"[ \u00a0\u202f]")


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    event: str | None
    group: str | None
    start: int
    end: int
    """Offsets of the number (with its scale word) in the text it was read from."""
    low: float = 0.0
    high: float = 0.0
    """The values it allows (``value`` twice unless hedged: see ``APPROXIMATE``)."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """How a further source's figures stand to the main quote's: ``agrees`` is None when nothing is comparable."""

    agrees: bool | None
    main: tuple[float, ...] = ()
    other: tuple[float, ...] = ()


def parse_number(raw: str) -> float | None:
    """The value of a written number: digit groups ("275.000", "275,000", "275 000") or a decimal ("1,5", "2.5")."""
    raw = raw.strip()
    if _GROUPED.match(raw):
        return float(re.sub(r"[.,]|[ \u00a0\u202f]", "", raw))
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, value, start, end): kind "number" or "word" (lower-cased)."""
    found = []
    for match in _TOKEN.finditer(text):
        if match.group("number"):
            found.append(("number", match.group("number"), match.start(), match.end()))
        else:
            found.append(("word", match.group("word").lower(), match.start(), match.end()))
    return found


def _nearest(
    words: list[tuple[str, str, int, int]], index: int, table: dict[str, str], window: int
) -> tuple[str, int] | None:
    """The class in ``table`` of the nearest word around ``index`` (hedges not counted), the later one on a tie,
    and its distance. A number right beside this one ends the search that way ("URL 113 At least nine killed")."""
    best: tuple[int, int, str] | None = None  # (distance, 0 after / 1 before, class)
    for direction, order in ((1, 0), (-1, 1)):
        distance, position = 0, index + direction
        while 0 <= position < len(words) and distance < window:
            kind, value, _, _ = words[position]
            if kind == "word" and value in HEDGES:
                position += direction
                continue
            distance += 1
            if distance == 1 and (kind == "number" or value in NUMBER_WORDS):
                break
            if kind == "word" and value in table:
                if best is None or (distance, order) < best[:2]:
                    best = (distance, order, table[value])
                break
            position += direction
    return (best[2], best[0]) if best else None


def _range(words: list[tuple[str, str, int, int]], index: int, value: float) -> tuple[float, float]:
    """The values a hedged figure allows: "more than 50" 50-60, "nearly 50" 40-50, "about 100" 97-103."""
    before = " ".join(value for _, value, _, _ in words[max(0, index - 2) : index])
    for phrases, low, high in APPROXIMATE:
        if any(before == phrase or before.endswith(" " + phrase) for phrase in phrases):
            return value * low, value * high
    return value, value


def extract_figures(text: str) -> list[Figure]:
    """The figures of ``text`` in order; years (1900-2099 written alone) are left out."""
    words = _tokens(text)
    figures: list[Figure] = []
    skip_next = False
    for index, (kind, raw, start, end) in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        value: float | None
        if kind == "number":
            if _YEAR.match(raw):
                continue
            value = parse_number(raw)
        elif raw in NUMBER_WORDS:
            value = float(NUMBER_WORDS[raw])
        elif raw in ONE_WORDS and index + 1 < len(words) and words[index + 1][1] in _WORD_GROUP:
            value = 1.0
        else:
            continue
        if value is None:
            continue
        neighbours = {words[i][1] for i in (index - 1, index + 1) if 0 <= i < len(words)}
        if not neighbours.isdisjoint(MONTHS) or (index + 1 < len(words) and words[index + 1][1] in NOT_COUNTS):
            continue
        if text[end : end + 1] == "%":
            continue
        anchor = index
        if index + 1 < len(words) and words[index + 1][1] in SCALES:
            value *= SCALES[words[index + 1][1]]
            end = words[index + 1][3]
            anchor = index + 1
            skip_next = True
        found_event = _nearest(words, anchor, _WORD_EVENT, EVENT_WINDOW)
        found_group = _nearest(words, anchor, _WORD_GROUP, GROUP_WINDOW)
        group = found_group[0] if found_group else None
        event = found_event[0] if found_event else None
        if found_event and group is None and found_event[1] > NO_GROUP_EVENT_WORDS:
            event = None
        low, high = _range(words, index, value)
        figures.append(Figure(round(value, 6), event, group, start, end, round(low, 6), round(high, 6)))
    return figures


def question_kinds(question: str) -> tuple[set[str], set[str]]:
    """The events and groups a question names ("How many civilians were killed": killed, civilians)."""
    words = [value for kind, value, _, _ in _tokens(question) if kind == "word"]
    return {_WORD_EVENT[w] for w in words if w in _WORD_EVENT}, {_WORD_GROUP[w] for w in words if w in _WORD_GROUP}


def _groups_fit(group: str | None, groups: set[str]) -> bool:
    return group is None or not groups or GENERAL_GROUP in groups or group == GENERAL_GROUP or group in groups


def relevant(figures: Iterable[Figure], events: set[str], groups: set[str]) -> list[Figure]:
    """The figures that count what the question asks for (an event it names, a group that fits)."""
    return [f for f in figures if f.event is not None and f.event in events and _groups_fit(f.group, groups)]


def _overlap(first: Figure, second: Figure) -> bool:
    return first.low <= second.high and second.low <= first.high


def compare_figures(question: str, main_text: str, other_text: str) -> Comparison:
    """Whether ``other_text`` gives the same figure as ``main_text`` for what ``question`` asks.

    Events and groups come from the question; when it names no event, from the main text's figures. True when the
    two share a value, False when both give values and share none, None when either gives none."""
    events, groups = question_kinds(question)
    main_figures = extract_figures(main_text)
    if not events:
        events = {f.event for f in main_figures if f.event is not None}
    main = relevant(main_figures, events, groups)
    other = relevant(extract_figures(other_text), events, groups)
    values = tuple(sorted({f.value for f in main})), tuple(sorted({f.value for f in other}))
    if not main or not other:
        return Comparison(None, *values)
    return Comparison(any(_overlap(a, b) for a in main for b in other), *values)
