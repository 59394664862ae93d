"""Dates and "latest" in the bot's six other languages (ar, tr, ru, uk, fr, es): month names with their case
endings, the parts of a month, "since"/"until", "yesterday" and "last week", and the words that ask for the latest
state or for what is new.

dateparser reads these languages too, but not reliably inside a question: with all eight locales it reads
"в марте 2014 года" as the year 12, "mi-décembre 2016" as 2016 and "Ekim 2016'da" as October of this year. So
explicit dates here are read by one rule for all six languages (an optional day, a month word, an optional year,
the part word before or, in Turkish, after), and relative ones from a short table per language. German and English
stay with :mod:`index.text.dates`. A bare number is a year only with a year word or preposition beside it
("в 2016 году", "en 2016", "2016'da", "عام 2016"); "Resolution 2254" and "275 morts" are numbers.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_MONTH_STEMS: dict[int, tuple[str, ...]] = {
    1: ("janvier", "enero", "ocak", "январ", "січ", "يناير", "كانون الثاني"),
    2: ("février", "fevrier", "febrero", "şubat", "subat", "феврал", "лют", "فبراير", "شباط"),
    3: ("mars", "marzo", "mart", "март", "берез", "مارس", "آذار", "اذار"),
    4: ("avril", "abril", "nisan", "апрел", "квіт", "أبريل", "ابريل", "إبريل", "نيسان"),
    5: ("mai", "mayo", "mayıs", "mayis", "мая", "май", "мае", "трав", "مايو", "أيار", "ايار"),
    6: ("juin", "junio", "haziran", "июн", "черв", "يونيو", "يونيه", "حزيران"),
    7: ("juillet", "julio", "temmuz", "июл", "лип", "يوليو", "يوليه", "تموز"),
    8: ("août", "aout", "agosto", "ağustos", "agustos", "август", "серп", "أغسطس", "اغسطس", "آب"),
    9: ("septembre", "septiembre", "setiembre", "eylül", "eylul", "сентябр", "верес", "سبتمبر", "أيلول", "ايلول"),
    10: ("octobre", "octubre", "ekim", "октябр", "жовт", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
    11: ("novembre", "noviembre", "kasım", "kasim", "ноябр", "листопад", "نوفمبر", "تشرين الثاني"),
    12: ("décembre", "decembre", "diciembre", "aralık", "aralik", "декабр", "груд", "ديسمبر", "كانون الأول",
         "كانون الاول"),
}  # fmt: skip
"""Month words by their stem: Russian and Ukrainian decline them ("в марте", "жовтня"), Turkish adds suffixes
("Ekim'de", "Aralık ayında"), Arabic writes a preposition in front ("بأكتوبر"). Stems of Cyrillic months are cut
where no common word of the same start gets in the way ("лют" + "ого", "трав" + "ня")."""
MONTH_OF = {stem: month for month, stems in _MONTH_STEMS.items() for stem in stems}
_STEM_RE = "|".join(sorted(map(re.escape, MONTH_OF), key=len, reverse=True))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_LETTER = r"[^\W\d_]"
MONTH_PHRASE = re.compile(
    rf"(?:(?<!\d)(?P<day>[0-3]?\d)(?:er|º|\.)?\s+(?:de\s+)?)?"
    rf"(?<!{_LETTER})(?:[بلو]|في\s*)?(?P<month>{_STEM_RE}){_LETTER}*(?:'{_LETTER}+)?"
    rf"(?:\s+(?:de(?:l)?\s+|ayı(?:nda|nın)?\s+|عام\s+|سنة\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
    rf"(?:'{_LETTER}+|\s+(?:года|году|г\.|року|році|р\.|yılı(?:nda)?))?)?",
    re.IGNORECASE,
)
"""An optional day, a month word, an optional year: "5 octobre 2016", "5 de octubre de 2016", "Ekim 2016'da",
"в марте 2014 года", "5 жовтня 2016 року", "في أكتوبر 2016"."""
YEAR_PHRASE = re.compile(
    rf"(?:\b(?:en|dans|l'année|année|el\s+año|año|в|у|во)\s+|(?:في\s+)?(?:عام|سنة)\s+|(?<!\S))"
    rf"(?P<year>(?:19|20)\d\d)(?!\d)"
    rf"(?P<after>'{_LETTER}+|\s+(?:года|году|г\.|року|році|р\.|yılında|yılı))?",
    re.IGNORECASE,
)
_YEAR_LEAD = re.compile(r"(?:\b(?:en|dans|l'année|année|año|в|у|во)|عام|سنة)\s+$", re.IGNORECASE)

PART_BEFORE = [
    (re.compile(r"(?:\b(?:début|au\s+début\s+d[e']|principios\s+de|comienzos\s+de|inicios\s+de|начал[оеа]"
                r"|початку|початок)|أوائل|اوائل|بداية|مطلع)\s*(?:de\s+|d'|du\s+|в\s+)?$", re.IGNORECASE), "early"),
    (re.compile(r"(?:\b(?:mi|milieu\s+d[e']|mediados\s+de|mitad\s+de|середин[еауі])|منتصف|أواسط|اواسط)"
                r"[\s-]*(?:de\s+|d'|du\s+)?$", re.IGNORECASE), "mid"),
    (re.compile(r"(?:\b(?:fin|à\s+la\s+fin\s+d[e']|finales\s+de|fines\s+de|finales\s+del|конц[еау]|кінці|кінець"
                r"|наприкінці)|أواخر|اواخر|نهاية)\s*(?:de\s+|d'|du\s+)?$", re.IGNORECASE), "late"),
]  # fmt: skip
"""Part words before a month: "début/mi-/fin octobre", "a mediados de diciembre", "в середине декабря",
"на початку жовтня", "في منتصف ديسمبر"."""
PART_AFTER = [
    (re.compile(r"^\s*(?:ayı(?:nın)?\s+)?baş(?:ı|ında|larında)\b", re.IGNORECASE), "early"),
    (re.compile(r"^\s*(?:ayı(?:nın)?\s+)?orta(?:sı|sında|larında)\b", re.IGNORECASE), "mid"),
    (re.compile(r"^\s*(?:ayı(?:nın)?\s+)?son(?:u|unda|larında)\b", re.IGNORECASE), "late"),
]
"""Turkish puts the part after the month: "Aralık 2016 ortasında", "Ekim başında"."""
SINCE = re.compile(r"(?:\b(?:depuis(?:\s+le)?|desde(?:\s+el)?|с|з|від)|منذ)\s+$", re.IGNORECASE)
SINCE_AFTER = re.compile(r"^(?:'?(?:dan|den|tan|ten)\b|\s+(?:itibaren|beri)\b)", re.IGNORECASE)
UNTIL = re.compile(r"(?:\b(?:jusqu'(?:au|en)|avant(?:\s+le)?|hasta(?:\s+el)?|antes\s+de(?:l)?|до)|حتى|قبل)\s+$",
                   re.IGNORECASE)  # fmt: skip

RELATIVE = [
    (re.compile(r"\b(?:hier|ayer|dün|вчера|вчора)\b|(?:^|\s)(?:أمس|البارحة)", re.IGNORECASE), "yesterday"),
    (re.compile(r"semaine\s+(?:dernière|passée)|semana\s+pasada|geçen\s+hafta|прошлой\s+неделе|минул(?:ого|ий)"
                r"\s+тиж|الأسبوع\s+الماضي|الاسبوع\s+الماضي", re.IGNORECASE), "week"),
    (re.compile(r"mois\s+(?:dernier|passé)|mes\s+pasado|geçen\s+ay\b|прошлом\s+месяце|минулого\s+місяця"
                r"|الشهر\s+الماضي", re.IGNORECASE), "month"),
    (re.compile(r"année\s+(?:dernière|passée)|an\s+dernier|año\s+pasado|geçen\s+yıl|прошлом\s+году"
                r"|минулого\s+року|العام\s+الماضي|السنة\s+الماضية", re.IGNORECASE), "year"),
]  # fmt: skip

LATEST = re.compile(
    r"\b(?:derni[eè]re?s?|actuel(?:le)?s?|actuellement|en\s+ce\s+moment|maintenant|quoi\s+de\s+neuf|nouveaut[ée]s?"
    r"|[úu]ltim[oa]s?|actual(?:es|mente)?|ahora|novedad(?:es)?|qu[ée]\s+hay\s+de\s+nuevo"
    r"|son\s+durum|son\s+haber(?:ler)?|en\s+son|şu\s+an(?:da)?|güncel|yeni\s+ne|ne\s+var\s+ne\s+yok|yenilik"
    r"|последн\w*|сейчас|текущ\w*|нового|новост\w*|останн\w*|зараз|поточн\w*|нового|новин\w*)\b"
    r"|(?:آخر|أحدث|احدث|الآن|الان|حالي[اًا]?|الجديد|المستجدات|جديد)",
    re.IGNORECASE,
)
"""Words for the latest state or what is new, in the six languages ("Quoi de neuf à Alep ?", "¿Qué hay de nuevo?",
"Halep'te son durum ne?", "Что нового в Алеппо?", "Що нового?", "ما آخر الأخبار عن حلب؟")."""


def find(question: str, *, today: date, latest: date):
    """The period ``question`` names in one of the six languages, as (start, end, phrase, granularity), or None."""
    text = question.translate(_DIGITS)
    for match in MONTH_PHRASE.finditer(text):
        month = MONTH_OF.get(_stem(match.group("month")))
        if month is None:
            continue
        day, year = match.group("day"), match.group("year")
        lead, after = text[: match.start()], text[match.end() :]
        try:
            if day and 1 <= int(day) <= 31:
                point = date(int(year), month, int(day)) if year else most_recent(month, int(day), latest)
                start = end = point
                granularity = "day"
            else:
                first = date(int(year), month, 1) if year else most_recent(month, 1, latest)
                start, end = first, first.replace(day=calendar.monthrange(first.year, month)[1])
                granularity = "month"
        except ValueError:
            continue
        phrase_start = match.start()
        if granularity == "month":
            for pattern, part in PART_BEFORE:
                found = pattern.search(lead)
                if found:
                    start, end = _part(start, end, part)
                    phrase_start, granularity = found.start(), "days"
                    break
            else:
                for pattern, part in PART_AFTER:
                    if pattern.match(after):
                        start, end = _part(start, end, part)
                        granularity = "days"
                        break
        phrase = text[phrase_start : match.end()].strip()
        return _open(start, end, text[:phrase_start], after, today, phrase, granularity)
    for match in YEAR_PHRASE.finditer(text):
        year = int(match.group("year"))
        lead = text[: match.start("year")]
        if year > today.year + 1 or not (match.group("after") or _YEAR_LEAD.search(lead)):
            continue
        start, end = date(year, 1, 1), date(year, 12, 31)
        return _open(start, end, lead, text[match.end() :], today, match.group(0).strip(), "year")
    for pattern, unit in RELATIVE:
        found = pattern.search(text)
        if found:
            return (*_relative(unit, today), found.group(0).strip(), "day" if unit == "yesterday" else unit)
    return None


def asks_latest(question: str) -> bool:
    return bool(LATEST.search(question))


def _stem(word: str) -> str:
    lowered = word.lower()
    if lowered in MONTH_OF:
        return lowered
    return next((stem for stem in sorted(MONTH_OF, key=len, reverse=True) if lowered.startswith(stem)), lowered)


def _open(start: date, end: date, lead: str, after: str, today: date, phrase: str, granularity: str):
    if SINCE.search(lead) or SINCE_AFTER.match(after):
        return start, max(start, today), phrase, "days"
    if UNTIL.search(lead):
        return date(1900, 1, 1), end, phrase, "days"
    return start, end, phrase, granularity


def _part(start: date, end: date, part: str) -> tuple[date, date]:
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
    return start.replace(day=first), end.replace(day=last)


def _relative(unit: str, today: date) -> tuple[date, date]:
    if unit == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if unit == "week":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def most_recent(month: int, day: int, reference: date) -> date:
    """The latest ``day``.``month``. on or before ``reference`` (29 February: the latest leap year's)."""
    for year in range(reference.year, reference.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return candidate
    raise ValueError(f"no {day}.{month}. before {reference}")
