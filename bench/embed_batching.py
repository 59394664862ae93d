"""How indexing batches the model's work, measured against an earlier revision's batching in one run.

    python bench/embed_batching.py [--against f595cca] [--sample 48] [--articles] [--rounds 2]

Both embedders share one loaded model; only ``index/model/embeddings.py`` (read from ``git show REV:...``) and the
order the index builder hands passages over differ. Two workloads, in turns so that a busy machine slows both
alike (best round counts):

- ``sample``: bench/embed_speed.py's real corpus passages in one ``encode_documents`` call (its figure);
- ``--articles``: the bench/versus_txtai.py article set's passages (24 XQuAD + 60 derStandard articles, split as
  the archive splits them), handed over as ``IndexBuilder.update`` does: in commit chunks of 64, in archive
  order for the earlier revision, longest first over the whole run for this one.

Printed per workload and variant: passages/s and passages per CPU second of this process (steadier than wall time
on a shared machine), the ratios, the forward passes' real and padded tokens (passage pass
and sentence pass apart) and their seconds, and the min cosine of the passage and sentence vectors to the
earlier revision's (pure speed changes must stay >= 0.9999).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import numpy as np  # noqa: E402

from index.indexing.builder import EMBED_BATCHES_PER_COMMIT  # noqa: E402
from index.model import embeddings  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.text.passages import split_passages  # noqa: E402

SAME_VECTOR = 0.9999
"""What a pure speed change must keep (tests/index/test_embedding_batches.py)."""
ARTICLES = 24
DISTRACTORS = 60


def module_at(revision: str):
    """``index/model/embeddings.py`` as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:index/model/embeddings.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="embed-batching-"))
    path = folder / "embeddings_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("embeddings_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["embeddings_before"] = module
    spec.loader.exec_module(module)
    return module


class Meter:
    """Wraps a backbone's forward pass: seconds, real and padded tokens, per pass (passage or sentence)."""

    def __init__(self, backbone) -> None:
        self.backbone = backbone
        self.forward = backbone.token_embeddings
        self.figures: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0])
        self.kind = "passage"

    def token_embeddings(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        started = time.perf_counter()
        out = self.forward(input_ids, attention_mask)
        figures = self.figures[self.kind]
        figures[0] += time.perf_counter() - started
        figures[1] += int(attention_mask.sum())
        figures[2] += int(attention_mask.size)
        return out

    def __getattr__(self, name: str):
        return getattr(self.backbone, name)


def metered(embedder, meter: Meter):
    """``embedder`` running its forward passes through ``meter`` (sentence pass counted apart)."""
    embedder._model = meter
    alone = embedder._encode_sentences_alone

    def sentences(batch):
        meter.kind = "sentence"
        try:
            return alone(batch)
        finally:
            meter.kind = "passage"

    embedder._encode_sentences_alone = sentences
    return embedder


def article_passages(module) -> list:
    """The versus_txtai.py article set's passages in archive order, as ``module.DocumentInput``."""
    import versus_txtai

    with tempfile.TemporaryDirectory() as tmp:
        versus_txtai.prepare(Path(tmp), articles=ARTICLES, distractors=DISTRACTORS, questions=0)
        records = [json.loads(line) for line in (Path(tmp) / "articles.jsonl").read_text("utf-8").splitlines()]
    docs = []
    for record in records:
        for passage in split_passages(record["text"]):
            spans = tuple((s.start - passage.start, s.end - passage.start) for s in passage.sentences)
            docs.append(module.DocumentInput(text=passage.text, title=record.get("title") or "", spans=spans))
    return docs


def unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (stored sentence vectors are a weighted sum, not normalised)."""
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def spread(cosines: list[float]) -> str:
    values = np.array(cosines)
    below = int((values < SAME_VECTOR).sum())
    return f"min {values.min():.6f}, mean {values.mean():.6f}, {below} of {len(values)} below {SAME_VECTOR}"


def run(embedder, docs: list, *, chunk: int | None, longest_first: bool) -> tuple[float, float, list]:
    """Wall and CPU seconds and vectors (input order) of embedding ``docs`` in calls of ``chunk`` (one call when
    None)."""
    order = list(range(len(docs)))
    if longest_first:
        order.sort(key=lambda i: -(len(docs[i].title) + len(docs[i].text)))
    size = chunk or len(docs)
    results: list = [None] * len(docs)
    started, cpu = time.perf_counter(), time.process_time()
    for begin in range(0, len(order), size):
        part = order[begin : begin + size]
        for i, vectors in zip(part, embedder.encode_documents([docs[i] for i in part]), strict=True):
            results[i] = vectors
    return time.perf_counter() - started, time.process_time() - cpu, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", default="f595cca", help="the revision whose embeddings.py is the baseline")
    parser.add_argument("--sample", type=int, default=48, help="bench/embed_speed.py's sample size (0: none)")
    parser.add_argument("--articles", action="store_true", help="also the versus_txtai.py article set")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import embed_speed

    before_module = module_at(args.against)
    # the batch size named, not left to the device: an older revision's Embedder reads it as a number
    settings = Settings(_env_file=None, embed_batch_size=embeddings.CPU_BATCH_SIZE)
    now = embeddings.Embedder(settings)
    then = before_module.Embedder(settings)
    then._model = now.model  # one loaded model for both
    meters = {"before": Meter(now.model), "after": Meter(now.model)}
    embedders = {"before": metered(then, meters["before"]), "after": metered(now, meters["after"])}
    chunk = settings.embed_batch_size * EMBED_BATCHES_PER_COMMIT
    workloads = []
    if args.sample:
        sample = embed_speed.sample_passages(args.sample)
        docs = {
            "before": [before_module.DocumentInput(d.text, d.title, d.spans) for d in sample],
            "after": sample,
        }
        workloads.append((f"embed_speed sample ({len(sample)} passages, one call)", docs, None, False))
    if args.articles:
        docs = {"before": article_passages(before_module), "after": article_passages(embeddings)}
        workloads.append((f"versus_txtai articles ({len(docs['after'])} passages, as the builder)", docs, chunk, True))
    for name, embedder in embedders.items():
        embedder.encode_documents(workloads[0][1][name][:2])  # warm up
    for title, docs, size, sort in workloads:
        best: dict[str, float] = {}
        cpu_best: dict[str, float] = {}
        figures: dict[str, dict] = {}
        vectors: dict[str, list] = {}
        for round_number in range(args.rounds):
            for name in ("before", "after"):
                meters[name].figures.clear()
                seconds, cpu, vectors[name] = run(
                    embedders[name], docs[name], chunk=size, longest_first=sort and name == "after"
                )
                rate = len(docs[name]) / seconds
                per_cpu_s = len(docs[name]) / cpu
                line = f"{title}, round {round_number + 1}: {name} {rate:.2f} passages/s, {per_cpu_s:.2f} per CPU s"
                print(line, file=sys.stderr, flush=True)
                cpu_best[name] = max(cpu_best.get(name, 0.0), per_cpu_s)
                if rate > best.get(name, 0.0):
                    best[name], figures[name] = rate, {k: list(v) for k, v in meters[name].figures.items()}
        passage_cos = [float(a.passage @ b.passage) for a, b in zip(vectors["before"], vectors["after"], strict=True)]
        sentence_cos = [
            float(cosine)
            for a, b in zip(vectors["before"], vectors["after"], strict=True)
            for cosine in np.sum(unit(a.sentences) * unit(b.sentences), axis=1)
        ]
        print(f"\n{title}, best of {args.rounds} rounds, {settings.embed_batch_size} passages a batch\n")
        print(
            "| batching | passages/s | vs before | passages per CPU s | vs before "
            "| passage pass: real / padded tokens, s | sentence pass: real / padded tokens, s |"
        )
        print("|---|---:|---:|---:|---:|---|---|")
        for name in ("before", "after"):
            cells = []
            for kind in ("passage", "sentence"):
                seconds, real, padded = figures[name].get(kind, [0.0, 0, 0])
                cells.append(f"{real:,} / {padded:,} ({padded / max(real, 1):.2f}x), {seconds:.0f} s")
            label = f"{name} ({args.against})" if name == "before" else "after (this tree)"
            speed = f"{best[name]:.2f} | {best[name] / best['before']:.2f}x"
            cpu_speed = f"{cpu_best[name]:.2f} | {cpu_best[name] / cpu_best['before']:.2f}x"
            print(f"| {label} | {speed} | {cpu_speed} | {cells[0]} | {cells[1]} |")
        print(f"\ncosine to before: passage vectors {spread(passage_cos)}; sentence vectors {spread(sentence_cos)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
