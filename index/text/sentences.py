"""Paragraph and sentence segmentation for news text: German and English first, other languages too.

Other languages share the rules: Arabic, Hindi, Chinese and the other scripts without letter case may start a
sentence with any letter; ``؟ ۔ । 。 ！ ？`` end sentences (the Chinese ones with no space after them); a few French,
Spanish and Russian abbreviations are known. Measured against the maintained segmenters on this module's tests
(tests/index/test_sentences.py, their running text fed to each): this splitter 36 of 36, sentencex 27 (German) /
23 (English), pysbd 23 / 19; so it stays, for all languages (docs/evaluation.md).

Longer than ~350 lines on purpose: one set of rules (abbreviations, ordinals, numbers, quotes, headings,
bullets) that only make sense read together; split, each part would need the others' constants.

The splitter is rule based (stdlib ``re`` only) and linear in the length of the text.
It returns :class:`Span` offsets into the *original* string, so callers can quote a
sentence verbatim with ``text[span.start:span.end]``.

How text is cut:

* Paragraphs are blocks separated by one or more blank (whitespace-only) lines.
  No sentence ever crosses a paragraph boundary.
* Inside a paragraph every line is classified:

  - a Markdown heading (``#`` .. ``######`` followed by a space) becomes a heading span
    that starts *after* the ``#`` markers;
  - a bullet line (``* ``, ``• ``, and after a line that ends a sentence or with ``:`` also
    ``- ``, ``1. ``, ``1) ``) ends a sentence at its line end; the marker stays in the span.
    The stricter rule for dashes and numbers keeps hard-wrapped "... Nationen\\n- so ein
    Sprecher -" or "am\\n22. September" from becoming bullets.  Following lines that start in
    lower case, or that continue a visibly full (wrapped) bullet line, belong to the item;
  - a sub-heading becomes a heading span: a paragraph that is one short line (at most 12 words)
    without final ``.!?…`` (a trailing ``:`` is fine), or such a line inside a paragraph that
    follows a sentence end, precedes a sentence start and is clearly shorter than its
    neighbouring lines without looking hard-wrapped (the next line's first word would have
    fitted on it);
  - all other lines are joined: single newlines (hard wrapping) are not boundaries.

* Running text is split after ``.``, ``!``, ``?``, ``…`` (plus directly following closing
  quotes or brackets) when whitespace and a plausible sentence start follow: an upper-case
  letter, a digit, an opening quote or bracket, or a dash.  A lower-case continuation never
  starts a sentence.  A ``.`` does not end a sentence after

  - a single letter (initials "John F. Kennedy", "z. B.", "u. a.", "v. Chr.");
  - a known abbreviation ("Dr.", "bzw.", "Mio.", "Sept.", "Inc.", ...), or a dotted one
    ("U.S.", "z.B.", "e.g.").  "etc.", "usw.", "Chr.", "a.m." and "p.m." *may* end a sentence,
    so they split when a capitalised word follows; "Nr.", "No.", "Art.", "Abs." only stay
    unsplit before a digit ("Art. 5" vs. "auf diese Art. Das ...");
  - a number that is an ordinal or a date part: the next word is a month name or an
    ordinal noun ("am 22. September", "im 19. Jahrhundert", "zum 3. Mal"), the next token is
    a number ("22. 9. 2016"), the number follows an article or contraction ("der 2. Weltkrieg",
    "am 5. Tag"), or it opens the sentence or follows ``:;,(`` or a dash, as enumerations do
    ("1. FC Köln", "Ziele: 1. Frieden", "Damen: 1. Ryf – 2. Joyce").
    Otherwise a number may end a sentence: "Es waren 450. Danach ..." splits.

  An ellipsis that follows whitespace or an opening bracket ("wir haben … Hilfe",
  "[…]") marks an omission and does not split unless a closing quote follows it.

Known limitations: a sentence that really ends with an abbreviation ("in the U.S. The ...",
"Acme Inc. The ...") is not split; roman numerals of two or more letters ("Ludwig XIV.") are
treated like words; a sub-heading nearly as long as the hard-wrapped lines around it is not
detected; a short single-line paragraph without final punctuation (a caption, "(dpa)") is
reported as a heading, and so is a range passed to :func:`split_sentences` that cuts a
sentence into such a fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A stripped, non-empty slice ``text[start:end]`` of the text it was computed on."""

    start: int
    end: int
    heading: bool = False
    boilerplate: bool = False
    """Agency or web boilerplate (a dateline, a tag line, tweet residue …): kept, never quoted
    (index/text/quotable.py)."""

    @property
    def quotable(self) -> bool:
        return not (self.heading or self.boilerplate)

    @property
    def flag(self) -> int:
        """How the archive stores the kind: 0 a sentence, 1 a heading, 2 boilerplate (read by :meth:`from_flag`;
        a reader that knows only 0/1 reads 2 as a heading, which is never quoted either)."""
        return 2 if self.boilerplate else int(self.heading)

    @classmethod
    def from_flag(cls, start: int, end: int, flag: int) -> Span:
        return cls(start, end, heading=flag == 1, boilerplate=flag == 2)


_PARA_SEP = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE = re.compile(r"[^\n]+")
_END = re.compile(r"(?P<punct>[.!?…؟۔।。！？]+)(?P<close>[\"'”“»«’‘›‹)\]」』]*)")
_MD_HEADING = re.compile(r"#{1,6}(?:[^\S\n]+|$)")
_BULLET = re.compile(r"(?:[-*•]|(?P<num>\d{1,3})[.)])[^\S\n]+")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_NUMBER = re.compile(r"\d[\d.]*")


def _words(words: str) -> frozenset[str]:
    """Turn a whitespace-separated word list into a set (keeps the tables below readable)."""
    return frozenset(words.split())


_CLOSERS = "\"'”“»«’‘›‹)]"
_QUOTES = "\"'”“»«’‘›‹"
_OPENERS = "„\"“«»‚‘'([{›‹"
_DASHES = "-–—"
_FINAL = ".!?…؟۔।。！？"
_UNSPACED_FINAL = "。！？"  # Chinese and Japanese full stops end a sentence without a space after them
_MAX_HEADING_WORDS = 12
_HEADING_RATIO = 0.6  # an in-paragraph heading is clearly shorter than the lines next to it
_WRAP_SLACK = 0.85  # a line is "full" (hard-wrapped) if it plus the next word reaches 85 % of its neighbours

# Never end a sentence.  Compared case-sensitively; lower-case entries also match capitalised.
_ABBREV_LOWER = _words(
    """bzw ca vgl sog inkl exkl usf ggf evtl bzgl zzgl ggü allg ehem gegr geb gest verh jh jhd jhdt
    hrsg mio mrd tsd std min sek mind dt engl frz ital russ amerik int intl urspr eig einschl zit
    zz zzt od vs approx cf resp str tel
    janv févr avr juil juill oct déc env ene abr ago dic aprox mme mlle sra srta dña тыс млн млрд трлн ул"""
)
_ABBREV = (
    _ABBREV_LOWER
    | {a.capitalize() for a in _ABBREV_LOWER}
    | _words(
        """Dr Prof St Str Hr Fr Frl Dipl Ing Mag Mr Mrs Ms Messrs Sr Jr Gen Sen Rep Gov Lt Col Capt
        Cpt Sgt Maj Adm Cmdr Rev Hon Pres Corp Inc Ltd Co Bros Dept Univ Ave Blvd Mt Ft Fig al
        Jan Jän Feb Febr Mär Mrz Apr Jun Jul Aug Sep Sept Okt Oct Nov Dez Dec"""
    )
)
# Abbreviations that often end a sentence: split when a plausible sentence start follows.
_FINAL_ABBREV = _words("etc Etc usw u.s.w Chr a.m p.m")
# Abbreviations that are only unambiguous before a number ("Nr. 5"; "Art" is also a noun).
_NUMERIC_ABBREV = _words("Nr Nrn No Nos Art Abs Abschn Bd Kap Ziff Rn Fn Pkt")

_MONTHS = _words(
    """januar jänner februar feber märz april mai juni juli august september oktober november
    dezember january february march june july october december
    jan feb febr mär mrz apr jun jul aug sep sept okt oct nov dez dec"""
)
_ORDINAL_NOUNS = _words(
    """jahrhundert jahrhunderts jahrtausend jahrtausends mal platz stock stockwerk etage
    lebensjahr lebensjahres lebensjahrs geburtstag jahrestag todestag weltkrieg weltkriegs
    weltkrieges spieltag runde liga bundesliga klasse kalenderwoche kw tag tages woche monat
    quartal halbjahr jahrgang satz minute bezirk parteitag legislaturperiode amtszeit kapitel
    auflage absatz artikel sitzung ausgabe durchgang wahlgang staffel folge teil generation
    advent armee division symphonie sinfonie"""
)
_ORDINAL_NEXT = _MONTHS | _ORDINAL_NOUNS
# Words that end a hard-wrapped line but not a heading.
_DANGLING = _words(
    """am im an auf aus bei mit nach von vom zu zum zur für über unter vor durch gegen ohne um und oder
    aber sowie dass weil wenn als wie der die das den dem des ein eine einen einem einer eines the a an
    of to in on at by for with from and or but that as"""
)
# Words after which a number followed by "." is read as an ordinal ("der 2. Weltkrieg").
_ORDINAL_PRECEDERS = _words(
    """am im vom zum zur beim der die das den dem des ihr ihre ihrem ihren ihrer ihres sein seine
    seinem seinen seiner seines unser unsere unserem unseren unserer dieser diese diesem diesen
    dieses jeder jede jedem jeden jedes"""
)


def word_count(text: str) -> int:
    """Return the number of ``\\w+`` tokens in ``text``."""
    return sum(1 for _ in _WORD.finditer(text))


def split_paragraphs(text: str) -> list[Span]:
    """Split ``text`` into blocks separated by blank lines (``\\n`` or ``\\r\\n``).

    Spans are stripped of surrounding whitespace; empty blocks are skipped.
    """
    return list(_paragraphs(text, 0, len(text)))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences and sub-headings.

    Offsets are relative to the whole ``text``.  The range is processed paragraph by
    paragraph; spans are stripped, non-empty, ordered and non-overlapping, and together
    they cover every non-whitespace character of the range except the ``#`` markers of
    Markdown headings.  Sub-headings carry ``heading=True``.
    """
    stop = len(text) if end is None else max(0, min(end, len(text)))
    spans: list[Span] = []
    for para in _paragraphs(text, max(0, start), stop):
        for a, b, kind in _segments(text, para.start, para.end):
            if kind == "heading":
                spans.append(Span(a, b, heading=True))
            else:
                _split_run(text, a, b, spans)
    return spans


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` so that it neither starts nor ends with whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _paragraphs(text: str, start: int, end: int) -> Iterator[Span]:
    """Stripped blocks of ``text[start:end]`` between blank lines."""
    pos = start
    for m in _PARA_SEP.finditer(text, start, end):
        a, b = _strip(text, pos, m.start())
        if a < b:
            yield Span(a, b)
        pos = m.end()
    a, b = _strip(text, pos, end)
    if a < b:
        yield Span(a, b)


def _content_end(text: str, a: int, b: int) -> int:
    """End of ``text[a:b]`` without trailing closing quotes/brackets."""
    while b > a and text[b - 1] in _CLOSERS:
        b -= 1
    return b


def _ends_final(text: str, a: int, b: int, extra: str = "") -> bool:
    """Whether ``text[a:b]`` ends with ``.!?…`` (or a char of ``extra``), closing quotes aside."""
    b = _content_end(text, a, b)
    return b > a and text[b - 1] in _FINAL + extra


def _starts_sentence(char: str) -> bool:
    """An upper-case letter, a letter of a script without case (Arabic, Hebrew, Hindi, Thai, Chinese ...), a digit,
    an opening quote/bracket or a dash may start a sentence."""
    return (
        char.isupper()
        or (char.isalpha() and not char.islower())
        or char.isdigit()
        or char in _OPENERS
        or char in _DASHES
    )


def _looks_like_heading(text: str, a: int, b: int) -> bool:
    """A line of at most 12 words without sentence-final punctuation (a trailing ``:`` is allowed)
    that does not end like a hard-wrapped line (``,``, a hyphen, "und", "der", "the", ...)."""
    if b - a > 160 or _ends_final(text, a, b, ",;-–—/&("):
        return False
    words = [m.group() for m in _WORD.finditer(text, a, b)]
    return 0 < len(words) <= _MAX_HEADING_WORDS and words[-1] not in _DANGLING


def _segments(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, kind)`` pieces of one paragraph; kind is "heading" or "text"."""
    lines = [_strip(text, m.start(), m.end()) for m in _LINE.finditer(text, start, end)]
    lines = [(a, b) for a, b in lines if a < b]
    kinds: list[str] = []
    for i in range(len(lines)):
        kinds.append(_line_kind(text, lines, i, kinds[-1] if kinds else ""))
    run: list[int] = []  # a pending text range: plain lines, or a bullet item with its continuation lines
    run_is_bullet = False
    for (a, b), kind in zip(lines, kinds, strict=True):
        if kind == "cont" or (kind == "text" and run and not run_is_bullet):
            run[1] = b
            continue
        if run:
            yield run[0], run[1], "text"
            run = []
        if kind in ("text", "bullet"):
            run, run_is_bullet = [a, b], kind == "bullet"
        elif kind == "md":
            md = _MD_HEADING.match(text, a, b)
            hs, he = _strip(text, md.end() if md else a, b)
            if hs < he:
                yield hs, he, "heading"
        else:
            yield a, b, "heading"
    if run:
        yield run[0], run[1], "text"


def _line_kind(text: str, lines: list[tuple[int, int]], i: int, prev_kind: str) -> str:
    """Classify line ``i`` of a paragraph as "md", "bullet", "cont" (of a bullet), "heading" or "text"."""
    a, b = lines[i]
    if _MD_HEADING.match(text, a, b):
        return "md"
    after_break = i == 0 or prev_kind != "text" or _ends_final(text, *lines[i - 1])
    bullet = _BULLET.match(text, a, b)
    if bullet and (
        text[a] in "*•"  # a dash or a number at a line start may just be hard wrapping: be stricter there
        or (
            (after_break or _ends_final(text, *lines[i - 1], ":"))
            and not (
                bullet.group("num")
                and (text[bullet.end()].isdigit() or _next_word(text, bullet.end(), b) in _ORDINAL_NEXT)
            )
        )
    ):
        return "bullet"
    if prev_kind in ("bullet", "cont") and (text[a].islower() or _is_wrapped(text, lines, i - 1)):
        return "cont"  # a wrapped bullet item goes on
    if not _looks_like_heading(text, a, b):
        return "text"
    if len(lines) == 1:
        return "heading"
    if (
        after_break
        and i + 1 < len(lines)
        and (text[a].isupper() or text[a].isdigit() or text[a] in _OPENERS)
        and _starts_sentence(text[lines[i + 1][0]])
        and b - a < _HEADING_RATIO * _width(lines, i)
        and not _is_wrapped(text, lines, i)
    ):
        return "heading"
    return "text"


def _width(lines: list[tuple[int, int]], i: int) -> int:
    """Estimated line width around line ``i``: the longer of its neighbours (robust to outlier lines)."""
    near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return max((b - a for a, b in near), default=0)


def _is_wrapped(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` looks hard-wrapped: the next line's first word would not have fit on it."""
    if i + 1 >= len(lines):
        return False
    a, b = lines[i]
    first = _TOKEN.match(text, *lines[i + 1])
    return first is not None and (b - a) + 1 + len(first.group()) > _WRAP_SLACK * _width(lines, i)


def _next_word(text: str, pos: int, end: int) -> str:
    """The lower-cased ``\\w+`` word starting at ``pos`` ("" if there is none)."""
    m = _WORD.match(text, pos, end)
    return m.group().lower() if m else ""


def _split_run(text: str, start: int, end: int, out: list[Span]) -> None:
    """Append the sentences of the stripped, single-paragraph range ``text[start:end]``."""
    cur = start
    for m in _END.finditer(text, start, end):
        j = m.end()
        if j < end and not text[j].isspace() and m.group("punct")[-1] in _UNSPACED_FINAL:
            out.append(Span(cur, j))
            cur = j
            continue
        if j >= end or not text[j].isspace():
            continue
        k = j
        while k < end and text[k].isspace():
            k += 1
        if k < end and _starts_sentence(text[k]) and _is_boundary(text, m, k, cur, end):
            out.append(Span(cur, j))
            cur = k
    if cur < end:
        out.append(Span(cur, end))


def _is_boundary(text: str, m: re.Match[str], nxt: int, start: int, end: int) -> bool:
    """Decide whether the punctuation ``m`` ends a sentence.

    ``nxt`` is the plausible sentence start after it; ``start`` is where the current sentence
    begins (nothing before it is looked at) and ``end`` the end of the run.
    """
    punct, close, p = m.group("punct"), m.group("close"), m.start()
    if punct != ".":
        if "…" in punct or punct.startswith(".."):  # ellipsis: an omission unless a quote closes
            before = text[p - 1] if p > start else " "
            if (before.isspace() or before in "[(") and not any(q in close for q in _QUOTES):
                return False
        return True
    if close:
        return True
    a = p
    while a > max(start, p - 80) and not text[a - 1].isspace():
        a -= 1
    tok = text[a:p].lstrip(_OPENERS)
    if not tok:
        return True
    if len(tok) == 1 and tok.isalpha():
        return False  # initials, "z. B.", "u. a."
    core = re.split(r"[-/]", tok)[-1] or tok
    for t in (tok, core):
        if t in _ABBREV:
            return False
        if t in _FINAL_ABBREV:
            return True
        if t in _NUMERIC_ABBREV:
            return not text[nxt].isdigit()
    if _DOTTED.fullmatch(tok):
        return False
    if _NUMBER.fullmatch(tok):
        return not _is_ordinal(text, a, nxt, start, end, short=len(tok) <= 2)
    return True


def _is_ordinal(text: str, tok_start: int, nxt: int, start: int, end: int, short: bool) -> bool:
    """Whether a number followed by "." is an ordinal, a date part or an enumerator.

    True when a month, an ordinal noun or (for one or two digits) another number follows, when
    the number opens the sentence or follows ``:;,(``, or when an article/contraction precedes it.
    """
    if _next_word(text, nxt, end) in _ORDINAL_NEXT or (short and text[nxt].isdigit()):
        return True
    b = tok_start
    while b > start and text[b - 1].isspace():
        b -= 1
    if b == start or text[b - 1] in ":;,(–—-":  # enumerations: "1. FC Köln", "Ziele: 1. Frieden", "– 2. Ryf"
        return True
    a = b
    while a > max(start, b - 20) and text[a - 1].isalpha():
        a -= 1
    return text[a:b].lower() in _ORDINAL_PRECEDERS
