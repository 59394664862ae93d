"""Dates, "latest", periods and timelines on the blind sets: fitted half beside blind half.

    nice -n 10 python bench/time_answers.py --work-dir /work/wt/i25-data/dated [--only latest period timeline dated]
                                            [--details F.jsonl]
                                            [--word-bar X] [--vocabulary-articles N]

Indexes what bench/dated.py indexes (the same articles; ``--work-dir`` reuses its archive) and asks:

- **latest** (tests/data/time_sets.en.json, 148 questions in eight languages + "what's new"): right when the answer
  comes from one of the place's articles of its newest day (so that its "Stand:" date is true);
- **period**: "what happened in <place> in <month>": right when answered from a gold article; for a place and
  month without a report there, right when *not* answered ("nothing found");
- **timeline**: precision and recall of ``Answerer.timeline`` over the labelled topics' articles, counted on even
  (fitted) and odd (blind) FA-KES ids apart;
- **dated** (tests/data/dated.en.json, its "dated" and "place-month" questions): the top hit is a gold article,
  split by the parity of the first gold article's id.

Prints one table per set; asserts nothing. docs/evaluation.md holds the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dated import GOLD, build, load_gold  # bench/dated.py
from fakes import CORPUS

from index.settings import Settings

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "time_sets.en.json"


def parity(article_id: str) -> str:
    return "blind" if int(re.sub(r"\D", "", article_id)) % 2 else "fitted"


def table(title: str, rows: dict[str, list[int]]) -> None:
    print(f"\n| {title} | fitted | blind |\n|---|---|---|")
    for label in sorted({key.split("|")[0] for key in rows}):
        cells = []
        for which in ("fitted", "blind"):
            right, total = rows.get(f"{label}|{which}", [0, 0])
            cells.append(f"{right / total:.3f} ({right}/{total})" if total else "–")
        print(f"| {label} | {' | '.join(cells)} |")


def score_questions(engine, held, questions, kind: str, details: list) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for question in questions:
        answer = engine.ask(question["question"], max_sources=0)
        top = held.get(answer.best.article.id, set()) if answer.best else set()
        gold = set(question["articles"])
        if gold:
            right = answer.answered and bool(top & gold)
            label = f"{kind}: answered from a gold article"
        else:
            right = not answer.answered
            label = f"{kind}: nothing found when there is nothing"
        for key in (f"{label}|{question['half']}", f"{kind}: all|{question['half']}"):
            tally = rows.setdefault(key, [0, 0])
            tally[0] += right
            tally[1] += 1
        details.append({"id": question["id"], "right": right, "answered": answer.answered, "top": sorted(top),
                        "date": answer.best.article.date if answer.best else None, "latest": answer.latest,
                        "period": answer.to_dict()["period"], "confidence": answer.confidence})  # fmt: skip
    return rows


def score_timelines(engine, held, topics, details: list) -> None:
    counts: dict[str, list[int]] = {}  # half -> listed, right, relevant
    for topic in topics:
        hits = engine.answerer.timeline(topic["topic"]).hits
        listed = {fakes for hit in hits for fakes in held.get(hit.article.id, set())}
        held_ids = {fakes for ids in held.values() for fakes in ids}
        gold = set(topic["articles"]) & held_ids
        for which in ("fitted", "blind"):
            mine = {a for a in listed if parity(a) == which}
            relevant = {a for a in gold if parity(a) == which}
            tally = counts.setdefault(which, [0, 0, 0])
            tally[0] += len(mine)
            tally[1] += len(mine & relevant)
            tally[2] += len(relevant)
        details.append({"id": topic["id"], "listed": len(listed), "right": len(listed & gold), "gold": len(gold)})
        print(f"  {topic['topic']}: {len(listed & gold)}/{len(listed)} listed right, of {len(gold)}", file=sys.stderr)
    print("\n| timeline | fitted | blind |\n|---|---|---|")
    for name in ("precision", "recall"):
        cells = []
        for which in ("fitted", "blind"):
            listed, right, relevant = counts[which]
            base = listed if name == "precision" else relevant
            cells.append(f"{right / max(base, 1):.3f} ({right}/{base})")
        print(f"| {name} | {' | '.join(cells)} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--only", nargs="*", default=["latest", "period", "timeline", "dated"])
    parser.add_argument("--details", type=Path)
    parser.add_argument("--word-bar", type=float, help="TopicReports.word_bar (above 1: no reading as archive words)")
    parser.add_argument("--latest-lead-floor", type=float, help="TopicReports.latest_lead_floor")
    parser.add_argument("--first-floor", type=float, help="TopicReports.first_floor (the first passage's bar)")
    parser.add_argument("--vocabulary-articles", type=int, help="TopicReports.vocabulary_articles")
    parser.add_argument("--lead-floor", type=float, help="TopicReports.lead_floor (above 1: the title only)")
    args = parser.parse_args()
    sets = json.loads(SETS.read_text("utf-8"))
    dated_gold = load_gold(GOLD)
    engine, held = build(Settings(_env_file=None), CORPUS, dated_gold, 150, None, args.work_dir)
    details: list[dict] = []
    reports = engine.answerer.topic_reports
    if args.word_bar is not None:
        reports.word_bar = args.word_bar
    if args.latest_lead_floor is not None:
        reports.latest_lead_floor = args.latest_lead_floor
    if args.first_floor is not None:
        reports.first_floor = args.first_floor
    if args.lead_floor is not None:
        reports.lead_floor = args.lead_floor
    if args.vocabulary_articles is not None:
        reports.vocabulary_articles = args.vocabulary_articles
    for kind in ("latest", "period"):
        if kind in args.only:
            table(kind, score_questions(engine, held, sets[kind], kind, details))
    if "dated" in args.only:
        questions = [dict(q, half=parity(q["articles"][0])) for q in dated_gold if q["kind"] != "latest"]
        table("dated", score_questions(engine, held, questions, "dated", details))
    if "timeline" in args.only:
        score_timelines(engine, held, sets["timeline"], details)
    if args.details:
        args.details.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in details), "utf-8")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
