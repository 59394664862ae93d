"""The days a news text says something happened on, read against its publication date (German and English).

A report of 16 April 2017 (a Sunday) about "Saturday's bombing" or a bombing "on Saturday" speaks of 15 April;
"on 4 April", "April 4 2017", "4. April", "19.07.2016" name the day outright; "yesterday" / "gestern" is the day
before publication, "today" / "heute" / "tonight" the day itself. A weekday is the latest such day on or before the
publication date (a report never announces a weekday's attack ahead), within a week. A date without a year takes
the publication's year, or the year before when that would put it after the publication.

:func:`stated_days` returns all of them; further sources use them to tell a later report of the same event from a
report of a neighbouring one (index/answer/answerer.py, ``_same_event``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTH_NAMES: dict[str, int] = {
    **{
        name: number
        for number, names in enumerate(
            (
                "january jan januar jän",
                "february feb februar",
                "march mar märz maerz mär",
                "april apr",
                "may mai",
                "june jun juni",
                "july jul juli",
                "august aug",
                "september sep sept",
                "october oct oktober okt",
                "november nov",
                "december dec dezember dez",
            ),
            start=1,
        )
        for name in names.split()
    }
}
WEEKDAY_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "monday montag",
            "tuesday dienstag",
            "wednesday mittwoch",
            "thursday donnerstag",
            "friday freitag",
            "saturday samstag sonnabend",
            "sunday sonntag",
        )
    )
    for name in names.split()
}
RELATIVE_DAYS: dict[str, int] = {"yesterday": -1, "gestern": -1, "today": 0, "heute": 0, "tonight": 0}
"""Words that name a day by its distance from the publication date."""

_MONTH = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"(?:st|nd|rd|th)?"
_THEN_YEAR = rf"(?:,?\s+(?P<year>{_YEAR}))?"
_DAY_MONTH = re.compile(rf"\b(?P<day>[0-3]?\d){_ORDINAL}\.?\s+(?P<month>{_MONTH})\.?{_THEN_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d){_ORDINAL}{_THEN_YEAR}\b")
_NUMERIC = re.compile(rf"\b(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-](?P<year>{_YEAR})\b")
_ISO = re.compile(rf"\b(?P<year>{_YEAR})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, published: date) -> date | None:
    if year:
        return _make(int(year), month, day)
    found = _make(published.year, month, day)
    if found is not None and found > published:
        found = _make(published.year - 1, month, day)
    return found


def stated_days(text: str, published: date) -> set[date]:
    """Every day ``text`` names: dates outright, weekdays and "yesterday"/"today" against ``published``."""
    lowered = text.lower()
    days: set[date] = set()
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(lowered):
            if text[match.start("month")] == "m" and match["month"] == "may":  # the verb ("it may 10 times")
                continue
            found = _with_year(MONTH_NAMES[match["month"]], int(match["day"]), match["year"], published)
            if found is not None:
                days.add(found)
    for pattern in (_NUMERIC, _ISO):
        for match in pattern.finditer(lowered):
            found = _make(int(match["year"]), int(match["month"]), int(match["day"]))
            if found is not None:
                days.add(found)
    for match in _WORD.finditer(lowered):
        word = match.group().removesuffix("s")  # "Saturday's" reads as "saturdays" once the quote is stripped
        if word in WEEKDAY_NAMES or match.group() in WEEKDAY_NAMES:
            weekday = WEEKDAY_NAMES.get(match.group(), WEEKDAY_NAMES.get(word, 0))
            days.add(published - timedelta(days=(published.weekday() - weekday) % 7))
        elif match.group() in RELATIVE_DAYS:
            days.add(published + timedelta(days=RELATIVE_DAYS[match.group()]))
    return days
