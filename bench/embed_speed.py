"""Embedding speed options, measured in one run on the same passages: passages per second and the ratio to the
default, and how close each option's passage vectors stay to the default's (cosine).

    python bench/embed_speed.py [--passages 48] [--rounds 2] [--options default late-only int8 ...]
    python bench/embed_speed.py --save-passages P.jsonl --passages 2000        # write the sample, embed nothing
    python bench/embed_speed.py --passages-from P.jsonl --model DIR --options cuda cuda-fp32 cuda+late-only

``--passages-from`` reads a sample written by ``--save-passages`` (for a machine without ``../shared``);
``--model`` names a model folder instead of EMBEDDING_MODEL (e.g. one made by ``bench/random_model.py``, whose
random weights cost what the real ones do). The ``cuda`` options run PyTorch on a GPU (``cuda`` = the defaults
there: bfloat16 weights, 64 passages per batch).

The passages are real: German (10kGNAD) and English (FA-KES) articles of ``../shared/corpus``, split as the
archive splits them, embedded through ``Embedder.encode_documents`` exactly as indexing does. Options run in
turns, ``--rounds`` times, so that a busy machine slows them alike; the best round counts. Answer quality of an
option is measured with ``crisisbot eval`` and the option's settings (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from index.model.embeddings import DocumentInput, Embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.text.passages import split_passages  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
OPTIONS: dict[str, dict[str, object]] = {
    "default": {},
    "late+alone": {"separate_sentence_vectors": True},
    "late-only": {"separate_sentence_vectors": False},
    "torch": {"embedding_runtime": "torch"},
    "torch+late+alone": {"embedding_runtime": "torch", "separate_sentence_vectors": True},
    "torch+late-only": {"embedding_runtime": "torch", "separate_sentence_vectors": False},
    "torch-int8": {"embedding_runtime": "torch", "embedding_quantization": "int8"},
    "batch-8": {"embed_batch_size": 8},
    "batch-32": {"embed_batch_size": 32},
    "cuda": {"embedding_device": "cuda"},
    "cuda-fp32": {"embedding_device": "cuda", "embedding_precision": "fp32"},
    "cuda-fp32-batch-16": {"embedding_device": "cuda", "embedding_precision": "fp32", "embed_batch_size": 16},
    "cuda-batch-128": {"embedding_device": "cuda", "embed_batch_size": 128},
    "cuda+late-only": {"embedding_device": "cuda", "separate_sentence_vectors": False},
}
"""Settings overrides per option (everything else as in ``Settings()``)."""


def sample_passages(count: int) -> list[DocumentInput]:
    files = [CORPUS / "gnad-test.de.jsonl", CORPUS / "fakes-syria.en.jsonl"]
    if not all(path.exists() for path in files):
        raise SystemExit(f"{CORPUS} is absent: this benchmark embeds real corpus passages")
    streams = [path.read_text("utf-8").splitlines() for path in files]
    docs: list[DocumentInput] = []
    for row in zip(*streams, strict=False):
        for line in row:
            record = json.loads(line)
            for passage in split_passages(record["text"])[:2]:
                spans = tuple((s.start - passage.start, s.end - passage.start) for s in passage.sentences)
                docs.append(DocumentInput(text=passage.text, title=record.get("title") or "", spans=spans))
                if len(docs) == count:
                    return docs
    return docs


def save_passages(docs: list[DocumentInput], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"text": doc.text, "title": doc.title, "spans": doc.spans}, ensure_ascii=False) + "\n")


def load_passages(path: Path, count: int) -> list[DocumentInput]:
    docs = []
    for line in path.read_text("utf-8").splitlines()[:count]:
        record = json.loads(line)
        spans = tuple((int(start), int(end)) for start, end in record["spans"])
        docs.append(DocumentInput(text=record["text"], title=record["title"], spans=spans))
    return docs


def make_embedder(name: str, model: str | None) -> Embedder:
    overrides = dict(OPTIONS[name])
    if model:
        overrides["embedding_model"] = model
    return Embedder(Settings(_env_file=None, **overrides))


def query_p50(embedder: Embedder, docs: list[DocumentInput], count: int) -> float:
    """Median ms of one question's embedding (a passage's first sentence as the question)."""
    timings = []
    for doc in docs[:count]:
        start, end = doc.spans[0] if doc.spans else (0, len(doc.text))
        started = time.perf_counter()
        embedder.encode_queries([doc.text[start:end][:200]])
        timings.append((time.perf_counter() - started) * 1000)
    return float(np.median(timings)) if timings else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--options", nargs="+", default=["default", "torch"], choices=list(OPTIONS))
    parser.add_argument("--passages-from", type=Path, help="a sample written by --save-passages")
    parser.add_argument("--save-passages", type=Path, help="write the sample to this file and stop")
    parser.add_argument("--model", help="a model folder instead of EMBEDDING_MODEL")
    parser.add_argument("--queries", type=int, default=0, help="also time this many single questions per option")
    args = parser.parse_args()
    docs = load_passages(args.passages_from, args.passages) if args.passages_from else sample_passages(args.passages)
    if args.save_passages:
        save_passages(docs, args.save_passages)
        print(f"wrote {len(docs)} passages to {args.save_passages}", file=sys.stderr)
        return 0
    words = sum(len(doc.text.split()) for doc in docs) / len(docs)
    embedders = {name: make_embedder(name, args.model) for name in args.options}
    for embedder in embedders.values():
        embedder.encode_documents(docs[:2])  # load and warm up
    best: dict[str, float] = {}
    vectors: dict[str, np.ndarray] = {}
    sentences: dict[str, np.ndarray] = {}
    for round_number in range(args.rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            result = embedder.encode_documents(docs)
            rate = len(docs) / (time.perf_counter() - started)
            best[name] = max(best.get(name, 0.0), rate)
            vectors[name] = np.stack([item.passage for item in result])
            sentences[name] = np.concatenate([item.sentences for item in result])
            line = f"round {round_number + 1}: {name:<18} {embedder.runtime:<14} {rate:5.2f} passages/s"
            print(line, file=sys.stderr, flush=True)
    base = "default" if "default" in best else args.options[0]  # ratios and cosines are to this option
    reference = vectors[base]
    threads = os.environ.get("OMP_NUM_THREADS") or str(os.cpu_count())
    print(f"{len(docs)} real passages (mean {words:.0f} words), {threads} threads, best of {args.rounds} rounds\n")
    queries = {name: query_p50(embedder, docs, args.queries) for name, embedder in embedders.items()}
    columns = f"passages/s | vs {base} | cosine to {base}: passages mean / min, sentences min | question p50 ms"
    print(f"| option | runtime | {columns} |")
    print("|---|---|---:|---:|---|---:|")
    for name in args.options:
        ratio = best[name] / best[base]
        cosine = np.sum(vectors[name] * reference, axis=1)
        ours, theirs = sentences[name], sentences[base]  # late + alone: not unit length
        norms = np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1)
        sentence_cosine = np.sum(ours * theirs, axis=1) / norms
        agreement = f"{cosine.mean():.4f} / {cosine.min():.4f}, {sentence_cosine.min():.4f}"
        question = f"{queries[name]:.1f}" if args.queries else "–"
        print(f"| {name} | {embedders[name].runtime} | {best[name]:.2f} | {ratio:.2f}x | {agreement} | {question} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
