"""Which parts of an article may be quoted: agency and web boilerplate marked, glued sentences split, long ones cut.

The article text and every offset stay verbatim: :class:`QuoteCleaner` only re-cuts the sentence spans of
``index.text.sentences`` and marks some of them ``boilerplate`` (kept in the passage, embedded with it, never
quoted: ``Span.quotable``). It runs at ingest for every reader format (``split_passages``), so HTML, JSONL, CSV
and text files are treated alike. What it does to one sentence span, in order:

1. **Glued sentences** ("…in Aleppo.The army…") are split at a full stop with no space after it, when a
   lower-case word of two or more letters (or a closing quote/bracket) precedes it and a capitalised word
   follows; never inside a dotted abbreviation ("U.S.", "z.B."), a number ("1.5"), a web address or e-mail
   ("www.un.org", "t.co/X"), after a known abbreviation ("Dr.Smith") or initials.
2. **A lead** at the sentence start becomes a span of its own: a publication-date stamp ("Date of publication
   5 July 2016", "Published February 18 2015", "Wed 05 Apr 2017 at 0914", "24.08.2013"), a dateline
   ("ALEPPO, Syria (Reuters) –", "BEIRUT —", "Wien – ", "Aleppo SANA-"), a credit in brackets
   ("(TRT World and Agencies)"), and the article's headline when the text repeats it (given a real title).
3. **Residue** inside or at the end of a sentence becomes a span of its own: embedded tweets (the tweet text
   up to its "pic.twitter.com/…" or "t.co/…" link and the "— Name (@handle) date" after it), tag lists
   ("Tags Syria Aleppo …"), read-more / share / subscribe / follow / comment prompts, photo credits,
   "Reporting by …; Editing by …", agency sign-offs ("--AFP", "(APA, red)"), "Source: …".
   A residue that runs into the article's next sentence ("Tags Syria Idlib The Sawaiq Brigade …") ends at the
   first capitalised function word ("The", "A", "Der", …); without one it runs to the sentence end.
4. **Length**: a span longer than ``max_chars`` is cut at a clause boundary (``;``, ``:``, a dash, a comma),
   else at a space, never inside a word.

The measured effect on FA-KES and 10kGNAD, with a reviewed sample, is in docs/evaluation.md
(``python bench/quotable_stats.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.text.sentences import Span

MAX_QUOTE_CHARS = 600
"""The longest quotable span. Measured (``bench/quotable_stats.py --lengths``): the longest sentence holding an
XQuAD dev answer is 583 characters (English; German 99.5th percentile 405), so 600 cuts none of them; it cuts
0.15 % of FA-KES sentences and 0.03 % of 10kGNAD ones (those are mostly glued paragraphs and letters), and it is
the bound ``choose_quote`` already kept for two sentences together."""
MIN_PIECE_CHARS = 150
"""A long span is cut no closer than this to either end (the FA-KES median sentence is 149 characters)."""

_MONTH = (
    r"(?:Jan(?:uary|uar)?|Jän(?:ner)?|Feb(?:ruary|ruar)?|Mar(?:ch)?|Mär(?:z)?|Apr(?:il)?|May|Mai|Jun[ei]?|Jul[yi]?"
    r"|Aug(?:ust)?|Sept?(?:ember)?|O[ck]t(?:ober)?|Nov(?:ember)?|De[cz](?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?|Montag|Dienstag|Mittwoch|Donnerstag|Freitag"
    r"|Samstag|Sonntag)\.?,?"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th|\.)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2})"
)
_TIME = r"(?:(?:at|um)\s+)?\d{1,2}[:.]?\d{2}(?:\s*(?:Uhr|UTC|GMT|KSA|CET|MEZ)(?:\s*[+-]\s*\d{1,2})?)?"
_STAMP_PREFIX = (
    r"(?:Date of publication|Published(?:\s+on)?|Posted(?:\s+on)?|Last updated(?:\s+(?:at|on))?|Updated(?:\s+on)?"
    r"|Veröffentlicht(?:\s+am)?|Aktualisiert(?:\s+am)?|Stand)\s*:?\s*"
)
_AGENCY = (
    r"(?:Reuters|REUTERS|AFP|AP|dpa|APA|SANA|AA|Anadolu|KUNA|WAFA|IRNA|TASS|Sputnik|UPI|Xinhua|EFE|ANSA|KNA|epd|SDA"
    r"|sda|ddp|DHA|IHA|The Associated Press|Associated Press)"
)
_DASH = r"(?:–|—|--?)"
_OUTLET = r"(?:Sputnik|Novosti|Press|News|Agency|Agencies|Reuters|AFP)"
_PLACE = r"[A-ZÄÖÜ][\w'’.]*(?:[ /]+[A-ZÄÖÜ][\w'’.]*){0,1}"
_CAPS_PLACE = r"[A-ZÄÖÜ][A-ZÄÖÜ'’.-]{2,}(?:[ /,]+[A-ZÄÖÜ][\w'’.]*){0,2}"

LEAD = re.compile(
    rf"(?:{_STAMP_PREFIX})?(?:(?:AFP|AP|APA|dpa|REUTERS)\s+)?(?:{_WEEKDAY}\s+)?{_DATE}(?:\s+{_TIME})?"  # a stamp
    r"|(?:AFP|AP|REUTERS|APA|DPA)(?=\s+[A-Z])"  # an agency's name alone before the first sentence
    rf"|(?:{_CAPS_PLACE})(?:\s+{_MONTH}\s+\d{{1,2}})?(?:\s*\([A-Z][a-z]+\))?\s*\((?=[^()]*\b(?:{_AGENCY}|{_OUTLET})\b)"
    rf"[^()]{{1,40}}\)\s*{_DASH}?"  # ALEPPO, Syria (Reuters) –
    rf"|(?:{_CAPS_PLACE})\s+{_DASH}"  # BEIRUT —
    rf"|(?P<place>{_PLACE}\s+{_DASH}(?=\s))"  # Wien – , Hallwang/Salzburg –
    rf"|{_PLACE},?\s+SANA\s*-"  # Aleppo SANA-
    rf"|\((?:[^()]{{0,30}}\b(?:Agencies|agencies|Photo|Foto|{_AGENCY})\b[^()]{{0,30}})\)"  # (TRT World and Agencies)
)
"""Matched at a sentence start only, and only when a capitalised word, a digit or a quote follows (else the
sentence itself starts so: "Merkel – die Kanzlerin …")."""
_AFTER_LEAD = re.compile(r"\s*[|:–—-]?\s*(?=[\"„“«(\[]?[A-ZÄÖÜ0-9])")

_TWEET_LINK = re.compile(r"(?<![\w.])(?:https?:?/*)?(?:pic\.twitter\.com|t\.co)/?\w+")
_TWEET_BYLINE = re.compile(
    rf"\s*[—–-]?\s*[A-Z][\w .'’-]{{0,40}}\(@?\w{{2,20}}\)\s*(?:{_MONTH}\s+\d{{1,2}},?\s*\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}"
    r",?\s+\d{4})?"
)
_TWEET_START = re.compile(r"[.!?…][\"”“»]?\s+(?=[#@])")
"""A tweet glued to the sentence before it starts with a hashtag or a handle ("… hält. @user More importantly …")."""
_TAGS = re.compile(r"\b(?:Tags|TAGS|Schlagworte|Schlagwörter)\b:?\s+(?=[A-ZÄÖÜ#])")
_PROMPT = re.compile(
    r"(?<![^\W\d])(?:(?P<open>Read more|READ MORE|Read [Aa]lso|Also read|READ ALSO|Related:"
    r"|Lesen Sie (?:auch|mehr)|Mehr zum Thema)"
    r"|(?P<exact>Get short URL(?:\s+\d+)*|Community standards(?:\s*Discussion)?"
    r"|(?:\s*Comment via \w+?(?=Comment|\s|$))+|\[Click to enlarge\])"
    r"|Share (?:this|on)|Teilen auf|Subscribe|SUBSCRIBE|Follow us|FOLLOW|Sign up|Click here"
    r"|Our Standards|Dont miss out|Don't miss out|We wont spam|We won't spam|Last Update:|Reporting by|Writing by"
    r"|Editing by|Additional reporting by|This article is an edited translation)"
)
"""Prompts that run to the sentence end; "Read more" and its kin (``open``) end where the linked headline does, at
the next sentence-like start (see :data:`OPENERS`); ``exact`` ones are only what they match."""
_PHOTO_PAREN = re.compile(
    rf"\((?:[^()]{{0,40}}\b(?:Photos?|Fotos?|Bild|Image|Picture|Credit)\b[^()]{{0,40}}|{_AGENCY}(?:\s*[,/]\s*\w+)*)\)"
)
"""A credit in brackets; the caption before it in the same sentence goes with it when a capitalised word follows."""
_PHOTO_MARK = re.compile(r"\b(?:AFP PHOTO|File photo|(?:Photos?|Fotos?|Bild|Image|Picture)(?:\s+credit)?\s*[:©/])")
"""A credit without brackets ("Photo: AFP", "Foto: APA/dpa"): up to the next opener word, at most 6 words."""
_CAPTION = re.compile(
    r"(?:A|An|This|The) (?:handout |file )?(?:picture|photo|photograph|image) (?:taken|released|shows)"
)
_SIGN_OFF = re.compile(
    rf"\s*(?:-{{1,2}}\s*{_AGENCY}|\((?:{_AGENCY}|red|sda|APA|dpa)(?:\s*,\s*[\w.]+){{0,3}}\)"
    rf"|\(?Source:?\s+[A-Z][^.()]{{0,60}}\)?(?:\s+(?:Twitter|Facebook))?|{_DASH}\s*{_AGENCY})\s*\Z"
)
OPENERS = frozenset(
    """The A An In On At As After Before During Since While When More Most Some Many Several Dozens Hundreds Almost
    Thousands Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Der Die Das Ein Eine Im Am Nach Seit Bei
    Mehr Zwei Drei""".split()
)
"""Capitalised function words that start the article's next sentence where a residue ran into it without a full
stop; the FA-KES tag lists are names and lower-case topics, which these words do not start."""
_CLOSING = '"”»’)'
_GLUED = re.compile(r"(?<=[^\W\d_]|[\"”»’)])([.!?])([\"”»’]?)(?=[\"„“]?[A-ZÄÖÜ][a-zäöüß])")
_ABBREV = frozenset(
    "Dr Mr Mrs Ms Prof St Sr Jr Gen Gov Sen Rep Lt Col Capt Sgt No Nr Inc Ltd Co Corp bzw ca vgl sog inkl ggf".split()
)
_CLAUSE = re.compile(r"(?P<after>[;:,])\s|\s(?P<before>[–—-])\s")


def _word_end(text: str, pos: int) -> int:
    """``pos`` moved back to the end of the word it falls in (whitespace before it)."""
    while pos > 0 and not text[pos - 1].isspace() and not text[pos].isspace():
        pos -= 1
    return pos


@dataclass(frozen=True, slots=True)
class QuoteCleaner:
    """Re-cuts sentence spans so that only reporting may be quoted (module docstring). The text is never touched."""

    max_chars: int = MAX_QUOTE_CHARS
    min_piece_chars: int = MIN_PIECE_CHARS
    openers: frozenset[str] = OPENERS
    split_glued: bool = True
    mark_boilerplate: bool = True

    def refine(self, text: str, spans: Iterable[Span], *, title: str = "") -> list[Span]:
        """``spans`` (from ``split_sentences``) re-cut and marked; ``title`` is the article's given headline, which
        is marked where the text repeats it at its start ("" when the title was taken from the text itself)."""
        out: list[Span] = []
        spans = list(spans)
        headline = () if _derived_title(text, spans, title) else _title_words(title)
        for span in spans:
            if span.heading or span.boilerplate:
                out.append(span)
                continue
            pieces = self._unglue(text, span) if self.split_glued else [span]
            for piece in pieces:
                marked = self._mark(text, piece, headline if not out else ()) if self.mark_boilerplate else [piece]
                for part in marked:
                    out.extend(self._bound(text, part) if part.quotable else [part])
        return out

    # -- 1. glued sentences ------------------------------------------------------------------------------------

    def _unglue(self, text: str, span: Span) -> list[Span]:
        pieces, cur = [], span.start
        for m in _GLUED.finditer(text, span.start, span.end):
            if m.start() - cur < 2 or not _glued_boundary(text, cur, m.start()):
                continue
            pieces.append(Span(cur, m.end()))
            cur = m.end()
        pieces.append(Span(cur, span.end))
        return pieces

    # -- 2./3. leads and residue ---------------------------------------------------------------------------------

    def _mark(self, text: str, span: Span, headline: tuple[str, ...]) -> list[Span]:
        """``span`` as quotable and boilerplate parts, in order, covering it."""
        a, b = span.start, span.end
        cuts: list[tuple[int, int]] = []  # boilerplate ranges inside [a, b)
        lead_end = self._lead_end(text, a, b, headline)
        if lead_end > a:
            cuts.append((a, lead_end))
        pos = lead_end
        while pos < b:
            found = self._residue(text, pos, b)
            if found is None:
                break
            cuts.append(found)
            pos = found[1]
        sign_off = _SIGN_OFF.search(text, pos, b)
        if sign_off:
            cuts.append((sign_off.start(), b))
        return _parts(text, a, b, cuts)

    def _lead_end(self, text: str, a: int, b: int, headline: tuple[str, ...]) -> int:
        end = a
        for _ in range(4):  # a headline, a date, a dateline and a credit may follow each other
            m = LEAD.match(text, end, b)
            if not m or m.end() <= end or (m.group("place") and end > a):
                after_headline = _headline_end(text, end, b, headline) if headline else end
                if after_headline > end:
                    end, headline = after_headline, ()
                    continue
                break  # a mixed-case "Place –" only opens the sentence ("(APA) SV Ried – Rapid" is a score line)
            after = _AFTER_LEAD.match(text, m.end(), b)
            if after is None and m.end() < b:
                break
            end = after.end() if after else b
        return end

    def _residue(self, text: str, pos: int, b: int) -> tuple[int, int] | None:
        """The next boilerplate range at or after ``pos`` inside the sentence ``[.., b)``, or None."""
        found: list[tuple[int, int]] = []
        links = list(_TWEET_LINK.finditer(text, pos, b))
        if links:  # the tweet: from the sentence part's start (or a sentence end before a hashtag or a handle) up
            end = links[-1].end()  # to its last link and the byline after it
            byline = _TWEET_BYLINE.match(text, end, b)
            starts = [m.end() for m in _TWEET_START.finditer(text, pos, links[0].start())]
            found.append((starts[-1] if starts else pos, byline.end() if byline and byline.end() > end else end))
        tags = _TAGS.search(text, pos, b)
        if tags:
            found.append((tags.start(), self._run_to_opener(text, tags.end(), b)))
        prompt = _PROMPT.search(text, pos, b)
        if prompt:
            end = prompt.end() if prompt.group("exact") else b
            found.append((prompt.start(), self._run_to_opener(text, prompt.end(), b) if prompt.group("open") else end))
        photo = _PHOTO_PAREN.search(text, pos, b)
        if photo:
            caption = _AFTER_LEAD.match(text, photo.end(), b) and photo.end() < b
            found.append((pos if caption else photo.start(), photo.end()))
        mark = _PHOTO_MARK.match(text, pos, b)  # at the start only: "Stimmt das Bild: Politiker …" is prose
        if mark:
            found.append((mark.start(), self._credit_end(text, mark.end(), b)))
        if _CAPTION.match(text, pos, b):
            found.append((pos, b))
        if not found:
            return None
        start, end = min(found)
        return start, max(end, start + 1)

    def _run_to_opener(self, text: str, pos: int, b: int, *, at_least: int = 1, at_most: int | None = None) -> int:
        """Where a residue starting at ``pos`` ends: before the first opener word after ``at_least`` words (or
        after ``at_most`` words), else at the sentence end ``b``."""
        for seen, word in enumerate(re.finditer(r"\S+", text[pos:b])):
            if (seen >= at_least and word.group().strip('"“„') in self.openers) or (at_most and seen >= at_most):
                return pos + word.start()
        return b

    def _credit_end(self, text: str, pos: int, b: int) -> int:
        """The end of a credit's names after "Photo:" (at most 4 words): before an opener word, a lower-case word,
        or the capitalised word that a lower-case one follows (it starts the sentence: "Photo: AFP Schools stay")."""
        words = list(re.finditer(r"\S+", text[pos:b]))[:5]
        for i, word in enumerate(words):
            token = word.group()
            starts = i + 1 < len(words) and words[i + 1].group()[:1].islower()
            if i == 4 or token in self.openers or not token[:1].isupper() or (starts and "/" not in token):
                return pos + word.start()
        return b

    # -- 4. length -------------------------------------------------------------------------------------------

    def _bound(self, text: str, span: Span) -> list[Span]:
        pieces: list[Span] = []
        a, b = span.start, span.end
        while b - a > self.max_chars:
            cut = bounded_end(text, a, b, self.max_chars, min_chars=self.min_piece_chars)
            nxt = cut
            while nxt < b and text[nxt].isspace():
                nxt += 1
            if cut <= a or nxt >= b:
                break
            pieces.append(Span(a, cut))
            a = nxt
        pieces.append(Span(a, b))
        return pieces


def bounded_end(text: str, start: int, end: int, max_chars: int, *, min_chars: int = MIN_PIECE_CHARS) -> int:
    """Where to end ``text[start:end]`` so that it is at most ``max_chars`` long: ``end`` when it fits, else after
    the last clause boundary (``;``, ``:``, a dash, a comma) at least ``min_chars`` in, else at the last space;
    never inside a word (a single word longer than the bound is kept whole)."""
    if end - start <= max_chars:
        return end
    limit = start + max_chars
    found = _CLAUSE.finditer(text, start + min_chars, limit)
    clause = [m.start() + 1 if m.group("after") else m.start() for m in found]
    if clause:
        cut = clause[-1]
    else:
        cut = _word_end(text, limit)
        if cut <= start:
            space = text.find(" ", limit, end)
            return end if space < 0 else space
    while cut > start and text[cut - 1].isspace():
        cut -= 1
    return cut


def _glued_boundary(text: str, sentence_start: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` (no space after it) ends a sentence: the token before it is a word of two
    or more letters, not an abbreviation, a dotted abbreviation, a web address or an e-mail address."""
    a = dot
    while a > sentence_start and not text[a - 1].isspace():
        a -= 1
    token = text[a:dot]
    if any(mark in token for mark in ("/", "@", "www", ".", ":", "#")):
        return False  # "U.S.", "z.B.", "www.un.org", "t.co/…", "e.g."
    word = token.rstrip(_CLOSING).lstrip("\"'„“«(")
    if len(word) < 2 or word in _ABBREV or not word[-1].islower():
        return False  # initials, "Dr.", and "NATO.Die" (an acronym may be a domain or a product name)
    after = re.match(r"[\"„“]?[A-ZÄÖÜ][\w-]*", text[dot + 1 : dot + 40].lstrip('"”»’'))
    return after is not None and not re.fullmatch(r"(?:Com|Org|Net|De|At|Html?|Php|Js)", after.group().strip('"„“'))


def _derived_title(text: str, spans: list[Span], title: str) -> bool:
    """Whether ``title`` was taken from the text's first sentence (then it is no repeated headline)."""
    if not spans or not title:
        return False
    first = text[spans[0].start : spans[0].end]
    return first == title or (title.endswith(" …") and first.startswith(title[:-2]))


def _title_words(title: str) -> tuple[str, ...]:
    words = tuple(w.lower() for w in re.findall(r"\w+", title))
    return words if len(words) >= 3 else ()


def _headline_end(text: str, a: int, b: int, headline: tuple[str, ...], *, min_words: int = 6) -> int:
    """The end of the headline when ``text[a:b]`` opens with its words (all of them, or its first ``min_words`` or
    more: outlets add " - Region - World - Ahram Online" to the title) and its final stop, else ``a``."""
    words = list(re.finditer(r"\w+", text[a:b]))
    same = 0
    while same < min(len(words), len(headline)) and words[same].group().lower() == headline[same]:
        same += 1
    if same < min(len(headline), min_words):
        return a
    end = a + words[same - 1].end()
    while end < b and text[end] in '.:!?"”»’ ':
        end += 1
    if end < b and not (text[end].isupper() or text[end].isdigit() or text[end] in '"„“('):
        return a  # the headline words go on as a sentence: it is a sentence, not a repeated headline
    return end


def _parts(text: str, a: int, b: int, cuts: list[tuple[int, int]]) -> list[Span]:
    """``[a, b)`` as stripped spans: the ``cuts`` boilerplate, the rest quotable."""
    parts: list[Span] = []
    pos = a
    for start, end in sorted(cuts):
        start, end = max(start, pos), min(end, b)
        if start >= end:
            continue
        _add(parts, text, pos, start, boilerplate=False)
        _add(parts, text, start, end, boilerplate=True)
        pos = end
    _add(parts, text, pos, b, boilerplate=False)
    return parts


def _add(parts: list[Span], text: str, a: int, b: int, *, boilerplate: bool) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a >= b:
        return
    if not boilerplate and not any(ch.isalnum() for ch in text[a:b]):
        boilerplate = True  # a stray "–" or "." between two cut ranges is nothing to quote
    if parts and parts[-1].boilerplate and boilerplate:
        parts[-1] = Span(parts[-1].start, b, boilerplate=True)
    else:
        parts.append(Span(a, b, boilerplate=boilerplate))
