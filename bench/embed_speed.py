"""Embedding speed options, measured in one run on the same passages: passages per second and the ratio to the
default, and how close each option's passage vectors stay to the default's (cosine).

    python bench/embed_speed.py [--passages 48] [--rounds 2] [--options default late-only int8 ...]

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--options", nargs="+", default=["default", "torch"], choices=list(OPTIONS))
    args = parser.parse_args()
    docs = sample_passages(args.passages)
    words = sum(len(doc.text.split()) for doc in docs) / len(docs)
    embedders = {name: Embedder(Settings(_env_file=None, **OPTIONS[name])) for name in args.options}
    for embedder in embedders.values():
        embedder.encode_documents(docs[:2])  # load and warm up
    best: dict[str, float] = {}
    vectors: dict[str, np.ndarray] = {}
    for round_number in range(args.rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            result = embedder.encode_documents(docs)
            rate = len(docs) / (time.perf_counter() - started)
            best[name] = max(best.get(name, 0.0), rate)
            vectors[name] = np.stack([item.passage for item in result])
            line = f"round {round_number + 1}: {name:<18} {embedder.runtime:<14} {rate:5.2f} passages/s"
            print(line, file=sys.stderr, flush=True)
    reference = vectors.get("default")
    threads = os.environ.get("OMP_NUM_THREADS") or str(os.cpu_count())
    print(f"{len(docs)} real passages (mean {words:.0f} words), {threads} threads, best of {args.rounds} rounds\n")
    print("| option | runtime | passages/s | vs default | passage-vector cosine to default (mean / min) |")
    print("|---|---|---:|---:|---|")
    for name in args.options:
        ratio = best[name] / best["default"] if "default" in best else float("nan")
        if reference is not None:
            cosine = np.sum(vectors[name] * reference, axis=1)
            agreement = f"{cosine.mean():.4f} / {cosine.min():.4f}"
        else:
            agreement = "n/a"
        print(f"| {name} | {embedders[name].runtime} | {best[name]:.2f} | {ratio:.2f}x | {agreement} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
