"""Answer time per model runtime, measured in one run on one archive: `Engine.ask` end to end.

    python bench/ask_latency.py DATA_DIR [--questions 200] [--runtimes openvino torch]

``DATA_DIR`` is any built archive (for the figures in docs/scale.md: the dev-set evaluation index under
``~/.cache/crisisbot/eval/``). One engine per runtime opens it; the questions (German and English XQuAD dev
questions, in turn) go to the engines in turns, so that a busy machine slows them alike. Prints p50/p90 per
runtime and the ratio. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from index.engine import Engine  # noqa: E402
from index.settings import Settings  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"


def questions(count: int) -> list[str]:
    found: list[list[str]] = []
    for lang in ("de", "en"):
        data = json.loads((EVAL / f"xquad-dev.{lang}.json").read_text("utf-8"))["data"]
        found.append([qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]])
    mixed = [q for pair in zip(*found, strict=False) for q in pair]
    return mixed[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--runtimes", nargs="+", default=["openvino", "torch"], choices=["openvino", "torch"])
    args = parser.parse_args()
    engines = {
        name: Engine(Settings(_env_file=None, data_dir=args.data_dir, embedding_runtime=name)) for name in args.runtimes
    }
    for engine in engines.values():
        engine.warm_up()
    took: dict[str, list[float]] = {name: [] for name in engines}
    for question in questions(args.questions):
        for name, engine in engines.items():
            took[name].append(engine.ask(question).took_ms)
    print(f"{args.questions} questions, {os.cpu_count()} cores, runtimes in turns\n")
    print("| runtime | p50 ms | p90 ms |")
    print("|---|---:|---:|")
    for name, engine in engines.items():
        p50, p90 = np.percentile(took[name], [50, 90])
        print(f"| {engine.embedder.runtime} | {p50:.1f} | {p90:.1f} |")
    if len(engines) == 2:
        first, second = (np.percentile(took[name], 50) for name in engines)
        print(f"\np50 {args.runtimes[0]} / {args.runtimes[1]}: {first / second:.2f}")
    for engine in engines.values():
        engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
