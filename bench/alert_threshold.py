"""Calibrate the alert threshold: how close is a followed topic to the articles that match it, and to the others?

    python bench/alert_threshold.py [--work-dir DIR]

Indexes the archive of tests/data/alert-topics.json (demo/archive and tests/data/briefs; the same work dir as
bench/followups.py, so nothing is embedded twice), then for every topic and article takes what an alert run
computes (``Answerer.best_per_article`` over the article's passages: the best passage's dense cosine with the topic,
``Hit.similarity``, and its quote's calibrated score, ``Hit.quote_calibrated``) and prints, for each threshold, how
many matching topic-article pairs would be alerted (recall) and how many of the alerts would be matching ones
(precision); "partial" pairs count neither way. Asserts nothing; docs/evaluation.md holds the figures and the
choice of ``ALERT_QUOTE_SCORE`` (index/answer/alerts.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from followups import build  # bench/followups.py

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT / "tests" / "data" / "alert-topics.json"
COSINE_THRESHOLDS = [round(0.30 + 0.025 * i, 3) for i in range(17)]
QUOTE_THRESHOLDS = [round(0.60 + 0.025 * i, 3) for i in range(21)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/crisisbot-followups"))
    args = parser.parse_args()
    data = json.loads(TOPICS.read_text("utf-8"))
    engine, names = build(args.work_dir, TOPICS)
    passages = engine.archive.passage_ids_of(names)
    every = [pid for ids in passages.values() for pid in ids]
    pairs: list[tuple[str, float, float]] = []  # (label, similarity, quote_calibrated)
    for item in data["topics"]:
        for hit in engine.answerer.best_per_article(item["topic"], every):
            name = names[hit.article.id]
            label = "match" if name in item["match"] else "partial" if name in item["partial"] else "other"
            pairs.append((label, hit.similarity, hit.quote_calibrated))
            if label != "other" or hit.similarity >= 0.45 or hit.quote_calibrated >= 0.75:
                print(f"  {label:7} {hit.similarity:.3f} {hit.quote_calibrated:.3f}  {item['topic']} -> {name}")
    columns = (
        (1, "passage cosine (Hit.similarity)", COSINE_THRESHOLDS),
        (2, "quote score (Hit.quote_calibrated)", QUOTE_THRESHOLDS),
    )
    for column, title, thresholds in columns:
        matches = sorted(p[column] for p in pairs if p[0] == "match")
        others = sorted(p[column] for p in pairs if p[0] == "other")
        print(
            f"\n{title}: {len(matches)} matching pairs (min {matches[0]:.3f}, median "
            f"{matches[len(matches) // 2]:.3f}), {len(others)} others (max {others[-1]:.3f}, median "
            f"{others[len(others) // 2]:.3f})"
        )
        print(f"{'threshold':>9} {'recall':>7} {'precision':>9} {'false alerts':>12}")
        for threshold in thresholds:
            kept = sum(value >= threshold for value in matches)
            false = sum(value >= threshold for value in others)
            precision = kept / (kept + false) if kept + false else 1.0
            print(f"{threshold:>9.3f} {kept / len(matches):>7.3f} {precision:>9.3f} {false:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
