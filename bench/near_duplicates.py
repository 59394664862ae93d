"""How many near-duplicates the merge rule finds in a corpus, and what lies just below it (no model needed).

    python bench/near_duplicates.py ../shared/corpus [--show 0.7]

Reads the folders and files as `crisisbot ingest` would, finds candidate pairs with the same MinHash bands the
archive uses, and prints, per Jaccard threshold on word 5-gram shingles, how many pairs reach it, how many of
them are from two different outlets, and how many the rule (index/ingest/duplicates.py: Jaccard >= 0.8 and no
contradicting numbers, years aside) would merge. ``--show`` lists the pairs from that Jaccard on, with both titles.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.ingest.duplicates import NEAR_DUPLICATE_JACCARD, is_near_duplicate, jaccard, minhash_bands, shingles
from index.ingest.records import ArticleRecord, SourceError
from index.ingest.sources import read_sources

THRESHOLDS = (0.95, 0.9, 0.8, 0.7, 0.6)


def candidate_pairs(records: list[ArticleRecord]) -> set[tuple[int, int]]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for number, record in enumerate(records):
        for band in minhash_bands(record.text):
            buckets[band].append(number)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        pairs.update(itertools.combinations(sorted(set(members)), 2))
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=float, default=None, help="list the pairs from this Jaccard on")
    args = parser.parse_args()
    errors: list[SourceError] = []
    records = list(read_sources(args.paths, errors))
    print(f"{len(records)} articles read ({len(errors)} errors)")
    texts = {record.text for record in records}
    print(f"{len(records) - len(texts)} records repeat another record's text exactly")
    shingled = [shingles(record.text) for record in records]
    scored = []
    for first, second in candidate_pairs(records):
        if records[first].text == records[second].text:
            continue
        scored.append((jaccard(shingled[first], shingled[second]), first, second))
    scored.sort(reverse=True)
    print(f"{len(scored)} candidate pairs share a MinHash band\n")
    print("Jaccard >=   pairs   two outlets   merged by the rule")
    for threshold in THRESHOLDS:
        above = [(j, a, b) for j, a, b in scored if j >= threshold]
        outlets = sum(1 for _, a, b in above if (records[a].source or "") != (records[b].source or ""))
        merged = sum(1 for _, a, b in above if is_near_duplicate(records[a].text, records[b].text))
        print(f"{threshold:>10.2f}  {len(above):>6}  {outlets:>12}  {merged:>19}")
    merged_records = set()
    for _, a, b in scored:
        if is_near_duplicate(records[a].text, records[b].text):
            merged_records.add(max(a, b))
    print(f"\nrecords the archive would store as another outlet of an earlier article: {len(merged_records)}")
    print(f"(rule: Jaccard >= {NEAR_DUPLICATE_JACCARD} on word 5-grams, no contradicting numbers, years aside)")
    if args.show is not None:
        for j, a, b in scored:
            if j < args.show:
                break
            flag = "merge" if is_near_duplicate(records[a].text, records[b].text) else "keep "
            print(
                f"{j:.2f} {flag} {records[a].source} | {records[b].source}: {records[a].title[:50]!r} / "
                f"{records[b].title[:50]!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
