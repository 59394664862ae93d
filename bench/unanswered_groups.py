"""Group unanswered questions: which cosine threshold puts questions that ask the same thing together?

    python bench/unanswered_groups.py

Embeds the questions of tests/data/unanswered-questions.json (groups of German and English questions that ask the
same thing) like any question, and for each threshold groups them the way ``Engine.unanswered`` does (greedy: a
question joins the first group whose first question reaches the threshold) and prints the pair precision (pairs put
together that belong together), pair recall (pairs that belong together and were put together) and the number of
groups (the set has 12). Also prints the cosines of same-group and other-group pairs. Asserts nothing;
docs/evaluation.md holds the figures and the choice of ``UNANSWERED_GROUP_COSINE`` (index/answer/unanswered.py).
"""

from __future__ import annotations

import json
import os
import sys
from itertools import combinations
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.model.embeddings import Embedder
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "unanswered-questions.json"
THRESHOLDS = [round(0.50 + 0.025 * i, 3) for i in range(17)]


def greedy(vectors, threshold: float) -> list[int]:
    heads: list[int] = []
    label: list[int] = []
    for i, vector in enumerate(vectors):
        for number, head in enumerate(heads):
            if float(vectors[head] @ vector) >= threshold:
                label.append(number)
                break
        else:
            heads.append(i)
            label.append(len(heads) - 1)
    return label


def main() -> int:
    groups = json.loads(QUESTIONS.read_text("utf-8"))["groups"]
    questions = [q for group in groups for q in group]
    gold = [g for g, group in enumerate(groups) for _ in group]
    vectors = Embedder(Settings(_env_file=None)).encode_queries(questions)
    pairs = list(combinations(range(len(questions)), 2))
    same = sorted(float(vectors[i] @ vectors[j]) for i, j in pairs if gold[i] == gold[j])
    other = sorted(float(vectors[i] @ vectors[j]) for i, j in pairs if gold[i] != gold[j])
    print(f"{len(questions)} questions in {len(groups)} groups")
    print(f"same-group pairs: {len(same)}, min {same[0]:.3f}, median {same[len(same) // 2]:.3f}")
    print(f"other pairs: {len(other)}, max {other[-1]:.3f}, 95th percentile {other[int(len(other) * 0.95)]:.3f}")
    print(f"{'threshold':>9} {'pair prec':>9} {'pair rec':>8} {'groups':>6}")
    for threshold in THRESHOLDS:
        label = greedy(vectors, threshold)
        together = [(i, j) for i, j in combinations(range(len(questions)), 2) if label[i] == label[j]]
        right = sum(gold[i] == gold[j] for i, j in together)
        precision = right / len(together) if together else 1.0
        print(f"{threshold:>9.3f} {precision:>9.3f} {right / len(same):>8.3f} {len(set(label)):>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
