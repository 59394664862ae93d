"""Core benchmark: embedding throughput, `ask` latency after load, peak memory.

    python bench/core.py [--articles 40] [--questions 20]

Indexes the sample article and the first N English articles of ../shared/corpus/fakes-syria.en.jsonl
into a temporary folder, then asks questions in German and English. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.engine import Engine
from index.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
QUESTIONS = [
    "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?",
    "Who broke off the talks?",
    "Mit wem hat Putin telefoniert?",
    "When did Lavrov and Kerry meet in New York?",
    "What did the air strikes destroy?",
    "Wer reist nach Moskau und Washington?",
    "Who was accused of a chemical attack?",
    "Wie viele Menschen starben in Idlib?",
    "What did the WHO say about the symptoms?",
    "Welche Gruppe kontrolliert Ost-Aleppo?",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=40, help="English FA-KES articles besides the sample")
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        (sources / "sample.txt").write_text((SHARED / "000_b8b2fd228b1e548c.txt").read_text("utf-8"), "utf-8")
        lines = (SHARED / "fakes-syria.en.jsonl").read_text("utf-8").splitlines()[: args.articles]
        (sources / "fakes.jsonl").write_text("\n".join(lines), "utf-8")
        engine = Engine(Settings(_env_file=None, data_dir=Path(tmp) / "data"))
        started = time.perf_counter()
        engine.embedder.model  # noqa: B018 - load the model outside the embedding timing
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        report = engine.ingest([sources])
        ingest_s = time.perf_counter() - started
        words = [len(p.text.split()) for p, _ in engine.archive.iter_passages_for_embedding()]
        engine.ask("warm up")
        latencies = [engine.ask(QUESTIONS[i % len(QUESTIONS)]).took_ms for i in range(args.questions)]
    figures = {
        "model_load_s": round(load_s, 1),
        "articles": report.added,
        "passages": report.passages_embedded,
        "passage_words_median": statistics.median(words),
        "ingest_s": round(ingest_s, 1),
        "passages_per_s": round(report.passages_embedded / ingest_s, 2),
        "ask_ms_median": round(statistics.median(latencies), 1),
        "ask_ms_max": round(max(latencies), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
