"""Dates in questions: the period a question asks about ("am 5. Oktober 2016", "in September 2016",
"Anfang Oktober", "seit dem 19. September", "last week"), and whether it asks for the latest state.

dateparser (``search_dates``, German and English) finds the date phrases and resolves them, relative phrases
too; this module adds what it lacks: how long the period is (a day, a week, a month, a year: dateparser gives
one day), the parts of a month ("Anfang/Mitte/Ende", "early/mid/late"), open ranges ("seit", "since", "bis",
"until"), day ranges ("1. bis 10. Juli", "between 1 and 10 July 2016", "zwischen dem 3. Juli und dem
5. August 2016") and the guards against numbers that are not dates ("275 Tote", "G20", "Resolution 2254",
"May the talks resume").

Two reference days: ``today`` for relative phrases ("gestern", "last week", "vor zwei Wochen"), and
``latest`` (the archive's newest article date) for a month or day without a year ("im September",
"am 5. Oktober"): the most recent one on or before it. Callers pass both (``Answerer`` passes the clock's day,
or the archive's newest date with ``DATES_RELATIVE_TO=archive``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from index.text import date_languages as other_languages

LANGUAGES = ("de", "en")

MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}  # fmt: skip
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

RELATIVE_WORDS = re.compile(
    r"\b(gestern|vorgestern|yesterday|woche|wochen|week|weeks|monat|monaten|month|months"
    r"|jahr|jahren|year|years|tag|tagen|days?)\b",
    re.IGNORECASE,
)
"""A phrase without a month name or a year is a date only when it is relative ("gestern", "last week") ..."""
RELATIVE_ANCHOR = re.compile(
    r"\b(gestern|vorgestern|yesterday|letzte[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?|last|past|previous|ago"
    r"|vor\s+(\w+\s+)?(tag|tagen|woche|wochen|monat|monaten|jahr|jahren)|diese[nmrs]?\s+(woche|monat|jahr)"
    r"|this\s+(week|month|year))\b",
    re.IGNORECASE,
)
"""... and anchored in time: "vor zwei Wochen", "last week", "this month"; "im Alter von 38 Jahren", "for three
years", "a four day loss", "the Seven Years' War" are durations, not dates."""
NOT_A_PERIOD = re.compile(r"^(jetzt|now|aktuell|derzeit|heute|today|heute\s+früh)$", re.IGNORECASE)
"""Words that ask for the latest state (``asks_latest``), not for a period: "heute" and "today" often mean
"nowadays" ("das heute als Jacksonville bekannte Gebiet") and a one-day filter would hide every older report."""

PART_OF = [
    (re.compile(r"\b(anfang|early|beginning\s+of|start\s+of)\s*$", re.IGNORECASE), "early"),
    (re.compile(r"\b(mitte|mid|middle\s+of)[\s-]*$", re.IGNORECASE), "mid"),
    (re.compile(r"\b(ende|late|end\s+of)\s*$", re.IGNORECASE), "late"),
]
"""Words right before a month (or year): the first, middle or last ten days (third of the year)."""
SINCE = re.compile(r"\b(seit|since|ab|from|after|nach)\s+(dem\s+|the\s+)?$", re.IGNORECASE)
UNTIL = re.compile(r"\b(bis(\s+zum)?|until|till|before|vor\s+dem)\s+(the\s+)?$", re.IGNORECASE)
YEAR_CONTEXT = re.compile(
    r"\b(anfang|mitte|ende|early|mid|late|in|im|jahr|year|of|von|seit|since|aus|from|während|during)\s+(dem\s+)?$",
    re.IGNORECASE,
)
"""A bare four-digit number is a year only after one of these words ("in 2016", "im Jahr 2016")."""
DAY_RANGE = re.compile(
    rf"\b(?:zwischen\s+dem\s+|between\s+(?:the\s+)?|vom\s+|from\s+(?:the\s+)?)?(\d{{1,2}})\.?"
    rf"(?:\s+(?:and|und|bis|to|till)\s+(?:zum\s+|dem\s+|the\s+)?|\s*[-–]\s*)"
    rf"(\d{{1,2}})\.?(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\.?(?:\s+(\d{{4}}))?\b",
    re.IGNORECASE,
)
"""Two days of one month: "1. bis 10. Juli 2016", "between 1 and 10 July 2016", "3-5 October"."""
YEAR_RANGE = re.compile(
    r"\b(?:von|vom\s+jahr|from|zwischen|between)\s+(1[89]\d\d|20\d\d)\s*(?:bis|to|until|und|and|[-–])\s*"
    r"(1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
"""Two years: "von 2000 bis 2005", "between 2014 and 2016"."""
RANGE_JOIN = re.compile(r"^\s*(und|and|bis(\s+zum)?|to|till|until|[-–])\s+(dem\s+|the\s+|zum\s+)?$", re.IGNORECASE)

LATEST = re.compile(
    r"\b(latest|newest|most\s+recent|recent(ly)?|current(ly)?|now|right\s+now|at\s+the\s+moment|today'?s?"
    r"|neueste[nrs]?|neuesten|aktuelle?[nrs]?|aktuell|derzeit(ige[nrs]?)?|zurzeit|momentan|jetzt|gerade|heute"
    r"|neu(es)?\s+aus|neues\s+(von|zu|über)|gibt\s+es\s+neues|neuigkeiten|what'?s\s+new|what\s+is\s+new"
    r"|anything\s+new)\b",
    re.IGNORECASE,
)
"""A question for the latest state ("Was ist der neueste Stand in Aleppo?", "latest on the ceasefire")."""


@dataclass(frozen=True, slots=True)
class Period:
    """The days a question asks about, both inclusive ("seit dem 19. September" ends on the reference day)."""

    start: date
    end: date
    phrase: str = ""
    """The words of the question that named it (``without_phrase`` takes them out)."""
    granularity: str = "day"
    """"day", "days" (a range), "week", "month", "year"."""

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and first <= self.end

    def label(self, lang: str) -> str:
        """ "5. Oktober 2016", "September 2016", "2016", "1.–10. Oktober 2016" / "5 October 2016", …"""
        return format_range(self.start, self.end, lang)


MONTH_NAMES = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip


def format_day(day: date, lang: str) -> str:
    """ "5. Oktober 2016" / "5 October 2016"; in the bot's other languages as CLDR writes a long date there
    ("5 أكتوبر 2016", "5 Ekim 2016", "5 октября 2016 г.": :func:`_babel_day`)."""
    if lang not in LANGUAGES:
        return _babel_day(day, lang)
    month = MONTH_NAMES[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def format_range(start: date, end: date, lang: str) -> str:
    """A period in words: a whole year or month by its name, else first and last day."""
    if lang not in LANGUAGES:
        return _babel_range(start, end, lang)
    de = lang == "de"
    names = MONTH_NAMES[lang]
    if start == end:
        return format_day(start, lang)
    if _whole_year(start, end):
        return str(start.year)
    if _whole_month(start, end):
        return f"{names[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}.–{format_day(end, lang)}" if de else f"{start.day}–{format_day(end, lang)}"
    return f"{format_day(start, lang)} – {format_day(end, lang)}"


def _whole_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def _whole_month(start: date, end: date) -> bool:
    last = calendar.monthrange(end.year, end.month)[1]
    return start.day == 1 and end.day == last and (start.year, start.month) == (end.year, end.month)


def _babel_day(day: date, lang: str) -> str:
    """A long date in ``lang`` by Babel (CLDR's month names, cases and word order for every language the bot
    speaks); English for a language CLDR does not know."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, format="long", locale=lang)
    except (UnknownLocaleError, ValueError):
        return format_day(day, "en")


def _babel_range(start: date, end: date, lang: str) -> str:
    """:func:`format_range` in a language other than German and English, by Babel: a year, a month by its name
    ("Eylül 2016", "сентябрь 2016 г."), else CLDR's interval of days ("1–10 octobre 2016")."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_interval, format_skeleton

    if start == end:
        return _babel_day(start, lang)
    if _whole_year(start, end):
        return str(start.year)
    try:
        if _whole_month(start, end):
            return format_skeleton("yMMMM", start, locale=lang)
        return format_interval(start, end, skeleton="yMMMMd", locale=lang)
    except (UnknownLocaleError, ValueError):
        return format_range(start, end, "en")


def asks_latest(question: str) -> bool:
    """Whether the question asks for the latest or current state, in any of the bot's languages."""
    return bool(LATEST.search(question)) or other_languages.asks_latest(question)


def find_period(question: str, *, today: date, latest: date | None = None) -> Period | None:
    """The period ``question`` names, or None. ``today`` anchors relative phrases ("yesterday", "letzte Woche");
    ``latest`` (default ``today``) a month or day without a year: the most recent one on or before it."""
    latest = latest or today
    question = MID_HYPHEN.sub("mid ", question)  # "mid-December" as "mid December" (same length: phrases stay put)
    found = _find_de_en(question, today=today, latest=latest)
    if found is not None:
        return found
    other = other_languages.find(question, today=today, latest=latest)
    return Period(*other) if other else None


MID_HYPHEN = re.compile(r"\bmid-(?=[^\W\d_])", re.IGNORECASE)


def _find_de_en(question: str, *, today: date, latest: date) -> Period | None:
    day_range = DAY_RANGE.search(question)
    if day_range:
        first, last, month_name, year = day_range.groups()
        month = MONTHS[month_name.lower().rstrip(".")]
        try:
            if year:
                start, end = date(int(year), month, int(first)), date(int(year), month, int(last))
            else:
                end = other_languages.most_recent(month, int(last), latest)
                start = end.replace(day=int(first))
        except ValueError:
            return None
        if start <= end:
            return Period(start, end, day_range.group(0).strip(), "days")
    years = YEAR_RANGE.search(question)
    if years and int(years.group(1)) <= int(years.group(2)) <= today.year + 1:
        start, end = date(int(years.group(1)), 1, 1), date(int(years.group(2)), 12, 31)
        return Period(start, end, years.group(0), "days")
    found = _search(question, today)
    periods: list[tuple[Period, int, int]] = []  # period, start and end offset of its phrase
    leads: list[str] = []  # the question before each period's date words
    offset = 0
    for phrase, _ in found:
        begin = question.find(phrase, offset)
        if begin < 0:
            continue
        offset = begin + len(phrase)
        clean = _clean(phrase)
        begin = question.find(clean, begin) if clean else -1
        if begin < 0:
            continue
        lead = question[:begin]
        shown = _with_lead(question, begin, clean)
        period = _period_of(clean, lead, shown, today=today, latest=latest)
        if period is not None:
            periods.append((period, begin - (len(shown) - len(clean)), begin + len(clean)))
            leads.append(lead)
    if not periods:
        return None
    if len(periods) >= 2:  # "zwischen dem 3. Juli 2016 und dem 5. August 2016", "from 1 May to 3 June 2016"
        (first_p, _, first_end), (second_p, second_begin, _) = periods[0], periods[1]
        if RANGE_JOIN.match(question[first_end:second_begin]) and first_p.start <= second_p.end:
            phrase = question[periods[0][1] : periods[1][2]]
            return Period(first_p.start, second_p.end, _with_lead(question, periods[0][1], phrase), "days")
    period, lead = periods[0][0], leads[0]
    if SINCE.search(lead):
        return Period(period.start, max(period.start, today), period.phrase, "days")
    if UNTIL.search(lead):
        return Period(date(1900, 1, 1), period.end, period.phrase, "days")
    return period


def without_phrase(question: str, period: Period | None) -> str:
    """The question with the period's words taken out (``question`` when there is none or nothing would remain)."""
    if period is None or not period.phrase:
        return question
    cut = " ".join(question.replace(period.phrase, " ", 1).split())
    cut = re.sub(r"\s+([?.!,])", r"\1", cut)
    return cut if len(cut) >= 3 else question


def _search(question: str, today: date) -> list[tuple[str, datetime]]:
    # dateparser loads its language data on first use (about 0.5 s); imported here so that the CLI's other
    # commands and the bot's start do not pay for it
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        return search_dates(question, languages=list(LANGUAGES), settings=settings) or []
    except (ValueError, OverflowError):  # dateparser raises on a few odd inputs; a question is still a question
        return []


TRIM = re.compile(
    r"^(am|im|on|in|at|the|dem|den|of|vom|von)\s+|[\s?!,;:]+$|\s+(in|at|of|the|und|and|im|am)$", re.IGNORECASE
)
DAY_IN_PHRASE = re.compile(r"(?<![\d.])(\d{1,2})(\.|st|nd|rd|th)?(?![\d])")
YEAR_IN_PHRASE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _clean(phrase: str) -> str:
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = TRIM.sub("", phrase).strip()
    return phrase


def _with_lead(question: str, begin: int, phrase: str) -> str:
    """The phrase with the preposition or part word before it ("seit dem", "Anfang", "in"), to cut out together."""
    lead = re.search(
        r"(\b(?:(?:at\s+)?(?:the\s+)?(?:last|past|letzten|vergangenen)|seit|since|ab|from|after|nach"
        r"|bis(?:\s+zum)?|until|till|before|zwischen|between|vom"
        r"|anfang|mitte|ende|early|mid|late|beginning\s+of|middle\s+of|end\s+of|start\s+of"
        r"|in|im|am|on|of|during|während)"
        r"(?:\s+(?:dem|the|jahr|year))?[\s-]+)$",
        question[:begin],
        re.IGNORECASE,
    )
    return (lead.group(1) if lead else "") + phrase


def _period_of(raw: str, lead: str, shown: str, *, today: date, latest: date) -> Period | None:
    """The period of one phrase dateparser found, or None when it is not a date after all."""
    phrase = _clean(raw)
    if not phrase or NOT_A_PERIOD.match(phrase):
        return None
    words = phrase.lower()
    month = next((MONTHS[w.rstrip(".")] for w in re.findall(r"[a-zäöü]+\.?", words) if w.rstrip(".") in MONTHS), None)
    if month == 5 and re.fullmatch(r"may", words.strip()):
        return None  # "May the talks resume?": the English modal verb; "in May" keeps its preposition
    year_match = YEAR_IN_PHRASE.search(phrase)
    year = int(year_match.group(1)) if year_match else None
    days = [int(m.group(1)) for m in DAY_IN_PHRASE.finditer(phrase) if 1 <= int(m.group(1)) <= 31]
    relative = RELATIVE_WORDS.search(phrase)
    if month is None and year is None and not (relative and RELATIVE_ANCHOR.search(f"{shown} {raw}")):
        return None  # a bare number ("G20", "275") or a duration ("38 Jahre"): not a date
    if month is None and year is not None and not relative:
        if not (YEAR_CONTEXT.search(lead) or re.match(r"^(jahr|year)\b", words)) or year > today.year + 1:
            return None  # "Resolution 2254", "2016 Tote": a number, not a year
        return _part(Period(date(year, 1, 1), date(year, 12, 31), shown, "year"), lead)
    if month is not None:
        if days:
            day = days[0]
            try:
                point = date(year, month, day) if year else other_languages.most_recent(month, day, latest)
            except ValueError:
                return None
            return Period(point, point, shown, "day")
        if year is None:
            start = other_languages.most_recent(month, 1, latest)
            year = start.year
        last = calendar.monthrange(year, month)[1]
        period = Period(date(year, month, 1), date(year, month, last), shown, "month")
        return _part(period, lead)
    return _relative(phrase, shown, today)


def _relative(phrase: str, full: str, today: date) -> Period | None:
    """ "gestern", "last week", "vor zwei Wochen", "letzten Monat", "last year", "in the last 3 days"."""
    point = _search(phrase, today)
    if not point:
        return None
    day = point[0][1].date()
    words = phrase.lower()
    if day > today:
        return None
    if re.search(r"\b(letzten|vergangenen|past|last)\s+\d+\s+(tage|tagen|days|wochen|weeks)\b", full.lower()):
        return Period(day, today, full, "days")
    if re.search(r"\b(woche|wochen|week|weeks)\b", words):
        monday = day - timedelta(days=day.weekday())
        return Period(monday, min(monday + timedelta(days=6), today), full, "week")
    if re.search(r"\b(monat|monaten|month|months)\b", words):
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), min(day.replace(day=last), today), full, "month")
    if re.search(r"\b(jahr|jahren|year|years)\b", words):
        return Period(date(day.year, 1, 1), min(date(day.year, 12, 31), today), full, "year")
    return Period(day, day, full, "day")


def _part(period: Period, lead: str) -> Period:
    """ "Anfang Oktober" = 1–10 October, "Mitte" 11–20, "Ende" 21 to the end; for a year its thirds."""
    for pattern, part in PART_OF:
        match = pattern.search(lead)
        if not match:
            continue
        start, end = period.start, period.end
        phrase = (
            period.phrase
            if period.phrase.lower().startswith(match.group(0).strip().lower())
            else (lead[match.start() :] + period.phrase)
        )
        if period.granularity == "year":
            bounds = {"early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31))}[part]
            return Period(start.replace(month=bounds[0][0], day=bounds[0][1]),
                          end.replace(month=bounds[1][0], day=bounds[1][1]), phrase, "days")  # fmt: skip
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
        return Period(start.replace(day=first), end.replace(day=last), phrase, "days")
    return period
