"""Side by side with txtai: the same articles, questions, model and prompts, measured in one run.

    pip install -e '.[bench]'     # txtai, only for this benchmark
    python bench/versus_txtai.py [--articles 24] [--distractors 60] [--questions 250]

The articles are the German XQuAD dev articles (each one archive article) plus ``--distractors`` derStandard
articles from ``../shared``; the questions are the first ``--questions`` German XQuAD questions. Each side runs
in a fresh process, so that its figures include loading the model and its peak memory is its own:

- **crisisbot**: ``Engine.ingest`` of a jsonl file with the default settings (whatever runtime and sentence
  vectors are the default), then ``Engine.ask`` per question; the returned text is the quote.
- **txtai**: ``Embeddings(path=<the same verified EmbeddingGemma folder>, content=True)`` (its default faiss
  index, SQLite content), EmbeddingGemma's query and document prompts as txtai ``instructions``, the articles cut
  into ~100-word chunks (txtai indexes what it is given), then ``search(question, 1)``; the returned text is the
  chunk.

Printed for both: build passages/s (model load included), the seconds until the new articles are answerable
(crisisbot: its two-phase reindex publishes after the passage pass; txtai: its whole build), query p50/p95, how
often the gold answer is inside the returned text, the returned text's median length; and the three ratios.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

SHARED = REPO.parent / "shared"
XQUAD = SHARED / "eval" / "xquad-dev.de.json"
DISTRACTORS = SHARED / "corpus" / "gnad-test.de.jsonl"
CHUNK_WORDS = 100
"""txtai's chunks: about 100 words, whole paragraphs where they fit (as in the first side-by-side run)."""


def prepare(folder: Path, *, articles: int, distractors: int, questions: int) -> None:
    """Write ``articles.jsonl`` and ``questions.json`` (question, gold answers) into ``folder``."""
    squad = json.loads(XQUAD.read_text("utf-8"))["data"][:articles]
    records, asked = [], []
    for n, article in enumerate(squad):
        paragraphs = [p["context"] for p in article["paragraphs"]]
        title = article.get("title", "").replace("_", " ")
        records.append({"id": f"xquad-{n}", "title": title, "text": "\n\n".join(paragraphs), "lang": "de"})
        asked += [
            (qa["question"], [a["text"] for a in qa["answers"]]) for p in article["paragraphs"] for qa in p["qas"]
        ]
    for line in DISTRACTORS.read_text("utf-8").splitlines()[:distractors]:
        record = json.loads(line)
        records.append({"id": f"gnad-{len(records)}", "title": record.get("title", ""), "text": record["text"]})
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    (folder / "questions.json").write_text(json.dumps(asked[:questions], ensure_ascii=False), "utf-8")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def chunks(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        if current and len(current) + len(words) > CHUNK_WORDS:
            out.append(" ".join(current))
            current = []
        while len(words) > 2 * CHUNK_WORDS:
            out.append(" ".join(words[:CHUNK_WORDS]))
            words = words[CHUNK_WORDS:]
        current += words
    if current:
        out.append(" ".join(current))
    return out


def run_crisisbot(folder: Path) -> dict:
    from index.engine import Engine
    from index.settings import Settings

    started = time.perf_counter()
    engine = Engine(Settings(_env_file=None, data_dir=folder / "crisisbot"))
    report = engine.ingest([folder / "articles.jsonl"])
    build_s = time.perf_counter() - started
    answerable_s = build_s - (report.took_s - report.answerable_s)  # the two-phase reindex's first phase
    passages = engine.stats().passages
    returned, took = [], []
    for question, _ in json.loads((folder / "questions.json").read_text("utf-8")):
        answer = engine.ask(question)
        took.append(answer.took_ms)
        returned.append(answer.best.quote if answer.best else "")
    return {
        "side": f"crisisbot ({engine.embedder.runtime}, sentence vectors "
        f"{'late+alone' if engine.settings.separate_sentence_vectors else 'late-chunked'})",
        "articles": report.added,
        "passages": passages,
        "build_s": build_s,
        "answerable_s": answerable_s,
        "took_ms": took,
        "returned": returned,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_txtai(folder: Path) -> dict:
    from txtai import Embeddings

    from index.model.model_fetch import model_folder
    from index.settings import Settings

    path = model_folder(Settings(_env_file=None).model_cache_dir)
    prompts = json.loads((path / "config_sentence_transformers.json").read_text("utf-8"))["prompts"]
    records = [json.loads(line) for line in (folder / "articles.jsonl").read_text("utf-8").splitlines()]
    data = [(f"{r['id']}-{i}", chunk, None) for r in records for i, chunk in enumerate(chunks(r["text"]))]
    started = time.perf_counter()
    embeddings = Embeddings(
        path=str(path), content=True, instructions={"query": prompts["query"], "data": prompts["document"]}
    )
    embeddings.index(data)
    build_s = time.perf_counter() - started
    returned, took = [], []
    for question, _ in json.loads((folder / "questions.json").read_text("utf-8")):
        began = time.perf_counter()
        found = embeddings.search(question, 1)
        took.append((time.perf_counter() - began) * 1000)
        returned.append(found[0]["text"] if found else "")
    return {
        "side": "txtai (content=True, faiss, ~100-word chunks)",
        "articles": len(records),
        "passages": len(data),
        "build_s": build_s,
        "answerable_s": build_s,
        "took_ms": took,
        "returned": returned,
        "peak_rss_mb": peak_rss_mb(),
    }


def summary(result: dict, asked: list) -> dict:
    pairs = zip(result["returned"], asked, strict=True)
    inside = [any(g.lower() in text.lower() for g in gold) for text, (_, gold) in pairs]
    return {
        "side": result["side"],
        "passages": result["passages"],
        "build_s": round(result["build_s"], 1),
        "answerable_s": round(result["answerable_s"], 1),
        "answerable_articles_per_s": round(result["articles"] / result["answerable_s"], 3),
        "passages_per_s": round(result["passages"] / result["build_s"], 2),
        "articles_per_s": round(result["articles"] / result["build_s"], 3),
        "query_p50_ms": round(float(np.percentile(result["took_ms"], 50)), 1),
        "query_p95_ms": round(float(np.percentile(result["took_ms"], 95)), 1),
        "gold_in_text": round(sum(inside) / len(inside), 3),
        "text_chars_median": statistics.median(len(t) for t in result["returned"]),
        "peak_rss_mb": round(result["peak_rss_mb"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=24, help="XQuAD German articles (24 at most)")
    parser.add_argument("--distractors", type=int, default=60, help="derStandard articles besides them")
    parser.add_argument("--questions", type=int, default=250)
    parser.add_argument("--side", choices=["crisisbot", "txtai"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # one side, in its own process
        result = run_crisisbot(args.folder) if args.side == "crisisbot" else run_txtai(args.folder)
        print(json.dumps(result))
        return 0
    if not XQUAD.exists() or not DISTRACTORS.exists():
        raise SystemExit(f"{SHARED} is absent: this benchmark reads XQuAD and derStandard articles from it")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder, articles=args.articles, distractors=args.distractors, questions=args.questions)
        asked = json.loads((folder / "questions.json").read_text("utf-8"))
        rows = []
        for side in ("crisisbot", "txtai"):
            print(f"running {side} ...", file=sys.stderr, flush=True)
            command = [sys.executable, __file__, "--side", side, "--folder", str(folder)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            rows.append(summary(json.loads(output.strip().splitlines()[-1]), asked))
    ours, theirs = rows
    print(
        f"{args.articles} XQuAD + {args.distractors} derStandard articles, {len(asked)} German questions, "
        f"{os.cpu_count()} cores, one run\n"
    )
    keys = list(ours)
    print("| | " + " | ".join(k for k in keys if k != "side") + " |")
    print("|---" * len(keys) + "|")
    for row in rows:
        print(f"| {row['side']} | " + " | ".join(str(row[k]) for k in keys if k != "side") + " |")
    print(
        "\nbuild speed, articles per second, crisisbot / txtai: "
        f"{ours['articles_per_s'] / theirs['articles_per_s']:.2f}x"
    )
    print(
        "new reports answerable (read, embed, swap: the first phase), crisisbot articles per second / txtai's "
        f"build: {ours['answerable_articles_per_s'] / theirs['articles_per_s']:.2f}x"
    )
    print(
        f"query p50, txtai / crisisbot: {theirs['query_p50_ms'] / ours['query_p50_ms']:.2f}x "
        "(above 1: crisisbot answers faster)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
