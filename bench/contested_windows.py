"""The same-day rule for further sources, loosened: what a window of days (and more candidates) buys and costs.

    python bench/contested_windows.py [--others 100] [--same-day-only]

Runs bench/contested.py's scoring with ``SAME_EVENT_DAYS`` replaced by a window of days before and after the main
answer's article, for 12 and 24 looked-at candidates (``SOURCE_CANDIDATES``). ``--same-day-only`` measures the
windows alone, as the first round did; without it the name rule and the later-report rule (``_same_event``) stay.
The figures are in docs/evaluation.md ("Further sources on contested reporting"); asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contested

import index.answer.answerer as answerer
from index.answer.answers import Hit
from index.settings import Settings

WINDOWS = ((0, 0), (0, 1), (0, 2), (0, 3), (0, 7), (1, 1), (1, 3), (0, 14))


def window(before: int, after: int):
    def within(best: Hit, other: Hit) -> bool:
        try:
            first = date.fromisoformat((best.article.date or "")[:10])
            second = date.fromisoformat((other.article.date or "")[:10])
        except ValueError:
            return True
        return -before <= (second - first).days <= after

    return within


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--others", type=int, default=100)
    parser.add_argument("--same-day-only", action="store_true", help="the windows alone, without the name rule")
    args = parser.parse_args()
    if args.same_day_only:
        answerer._same_event = lambda question, lang, best, other: answerer._same_event_day(best, other)
    engine, held = contested.build(Settings(_env_file=None), contested.CORPUS, contested.GOLD, args.others)
    gold = contested.load_gold(contested.GOLD)
    print("| candidates | days before / after | listed | precision | disagreement recall | false differs |")
    print("|---|---|---|---|---|---|")
    for candidates in (12, 24):
        answerer.SOURCE_CANDIDATES = candidates
        for before, after in WINDOWS:
            answerer._same_event_day = window(before, after)
            c, _ = contested.score(engine, held, gold, 10)
            print(
                f"| {candidates} | {before} / {after} | {c['listed']} | "
                f"{contested.ratio(c['listed_answering'], c['listed'])} | "
                f"{contested.ratio(c['differ_found'], c['differ_outlets'])} | "
                f"{contested.ratio(c['false_differs'], c['listed'])} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
