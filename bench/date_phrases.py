"""What dateparser gets right on the date phrases of tests/index/test_dates.py, alone and wrapped.

    python bench/date_phrases.py

For each question of the test's three lists (explicit dates and ranges, dates without a year and relative ones,
and questions that hold no date: "275 Tote", "G20", "Resolution 2254", "May the talks resume?"), prints whether
dateparser's ``search_dates`` (German and English, the test's "today") finds a date and gives the exact period
(it gives one day: right only for a question that names one day), and whether ``index.text.dates.find_period``
does. Then, per language of the bot, the phrases of tests/data/date_phrases.json (fitted half: written with the
rules; blind half: written after them): the exact period read, and non-dates read as dates. Asserts nothing;
docs/evaluation.md holds the figures.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dateparser.search import search_dates

from index.text.dates import find_period
from tests.index.test_dates import EXPLICIT, NEWEST, NOT_DATES, RELATIVE, TODAY


def main() -> int:
    settings = {
        "RELATIVE_BASE": datetime(TODAY.year, TODAY.month, TODAY.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    dated = [*EXPLICIT, *RELATIVE]
    found = exact = ours = 0
    for question, (start, end) in dated:
        hits = search_dates(question, languages=["de", "en"], settings=settings) or []
        found += bool(hits)
        exact += len(hits) == 1 and start == end and hits[0][1].date() == start
        period = find_period(question, today=TODAY, latest=NEWEST)
        ours += period is not None and (period.start, period.end) == (start, end)
    false_dateparser = sum(bool(search_dates(q, languages=["de", "en"], settings=settings)) for q in NOT_DATES)
    false_ours = sum(find_period(q, today=TODAY, latest=NEWEST) is not None for q in NOT_DATES)
    print("| | dateparser alone | find_period (dateparser + index/text/dates.py) |")
    print("|---|---|---|")
    print(f"| questions with a date: a date found ({len(dated)}) | {found} | {ours} |")
    print(f"| … the exact period (first and last day) | {exact} | {ours} |")
    print(f"| questions without a date read as one ({len(NOT_DATES)}) | {false_dateparser} | {false_ours} |")
    languages()
    return 0


def languages() -> None:
    import json

    phrases = json.loads((Path(__file__).resolve().parents[1] / "tests/data/date_phrases.json").read_text("utf-8"))
    today, newest = TODAY, NEWEST
    print("\n| language | exact period, fitted | exact period, blind | non-dates read as dates |")
    print("|---|---|---|---|")
    for lang, rows in phrases["dated"].items():
        cells = []
        for which in ("fitted", "blind"):
            mine = [row for row in rows if row[3] == which]
            right = 0
            for question, start, end, _ in mine:
                found = find_period(question, today=today, latest=newest)
                right += found is not None and (found.start.isoformat(), found.end.isoformat()) == (start, end)
            cells.append(f"{right}/{len(mine)}")
        wrong = sum(find_period(q, today=today, latest=newest) is not None for q in phrases["not_dates"][lang])
        print(f"| {lang} | {cells[0]} | {cells[1]} | {wrong}/{len(phrases['not_dates'][lang])} |")


if __name__ == "__main__":
    raise SystemExit(main())
