"""Where a whole-process ``crisisbot ingest`` spends its time, stage by stage.

    python bench/ingest_stages.py [--articles 24] [--distractors 60] [--data-dir /tmp/stages]

Indexes bench/versus_txtai.py's article set (24 German XQuAD articles + 60 derStandard articles from ``../shared``)
into a fresh ``DATA_DIR`` with the default settings, exactly as that benchmark's crisisbot side does
(``Engine(...)`` then ``Engine.ingest``), with timers around the stages. Each second is counted once, in the
innermost stage running (a stage's figure excludes the stages inside it), so the rows add up to the total; what no
timer covers is "other". Wall seconds and this process's CPU seconds are both shown: on a busy machine the CPU
seconds say more. Prints a Markdown table; asserts nothing.

Runs against whatever ``index`` package is first on ``sys.path``: ``PYTHONPATH=<an older checkout>`` measures that
one (the timers are attached by name; a name missing there is skipped).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
BENCH = Path(__file__).resolve().parent
sys.path.append(str(BENCH.parent))  # after PYTHONPATH: an older checkout given there wins
sys.path.insert(0, str(BENCH))

PATH = list(sys.path)
import versus_txtai  # noqa: E402

sys.path[:] = PATH  # versus_txtai puts this checkout first; an older one in PYTHONPATH must stay first
import index  # noqa: E402


class Stages:
    """Exclusive wall and CPU seconds per stage: entering a stage pauses the one it runs in."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[str] = ["other"]
        self._since = (time.perf_counter(), time.process_time())

    def _switch(self) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall[self._stack[-1]] += wall - self._since[0]
        self.cpu[self._stack[-1]] += cpu - self._since[1]
        self._since = (wall, cpu)

    def enter(self, stage: str) -> None:
        self._switch()
        self._stack.append(stage)
        self.calls[stage] += 1

    def leave(self) -> None:
        self._switch()
        self._stack.pop()

    def inside(self, stage: str) -> bool:
        return stage in self._stack

    def wrap(self, owner: object, name: str, stage: str | Callable[[], str]) -> None:
        """Time ``owner.name`` (a function or method) as ``stage``; generators are timed per item."""
        original = getattr(owner, name, None)
        if original is None:
            print(f"(no {getattr(owner, '__name__', owner)}.{name} here: not timed)", file=sys.stderr)
            return

        @functools.wraps(original)
        def timed(*args, **kwargs):
            label = stage() if callable(stage) else stage
            self.enter(label)
            try:
                result = original(*args, **kwargs)
            finally:
                self.leave()
            if isinstance(result, Iterator):
                return self._timed_items(result, label)
            return result

        setattr(owner, name, timed)

    def _timed_items(self, items: Iterator, stage: str) -> Iterator:
        while True:
            self.enter(stage)
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self.leave()
            yield item

    def finish(self) -> None:
        self._switch()


def attach(stages: Stages) -> None:
    from index.indexing import builder
    from index.ingest import sync
    from index.model import embeddings, runtime
    from index.store import archive, vector_cache, vectors

    stages.wrap(embeddings.Embedder, "_load", "model load (torch/transformers import, tokenizer, compile)")
    stages.wrap(sync, "read_sources", "reading and parsing the file")
    stages.wrap(sync, "record_language", "language detection")
    stages.wrap(sync, "minhash_bands", "near-duplicate check (MinHash)")
    stages.wrap(sync, "is_near_duplicate", "near-duplicate check (MinHash)")
    stages.wrap(sync, "split_passages", "passage and sentence splitting")
    stages.wrap(sync, "index_terms", "lexical terms (stemming)")
    stages.wrap(sync.ArchiveSync, "_add_records", "storing articles, passages, FTS rows (SQLite)")
    stages.wrap(archive.Archive, "iter_passages_for_embedding", "reading passages back, cache look-up")
    stages.wrap(embeddings.Embedder, "_tokenize", "tokenisation")
    stages.wrap(embeddings.Embedder, "_tokenize_each", "tokenisation")
    stages.wrap(embeddings.Embedder, "_encode_sentences_alone", "sentence pass: batching")

    def forward() -> str:
        return "model: sentence pass" if stages.inside("sentence pass: batching") else "model: passage pass"

    stages.wrap(runtime.OpenVinoBackbone, "token_embeddings", forward)
    stages.wrap(runtime.TorchBackbone, "token_embeddings", forward)
    stages.wrap(embeddings.Embedder, "encode_documents", "late-chunk pooling, head, batching (numpy)")
    stages.wrap(vector_cache.VectorCache, "store", "storing vectors")
    stages.wrap(builder.IndexBuilder, "update", "index builder: other")
    stages.wrap(vectors.IndexStore, "publish", "index build and fsynced swap")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--distractors", type=int, default=60)
    parser.add_argument("--data-dir", type=Path, help="a fresh folder for DATA_DIR (a temporary one by default)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ingest-stages-"))
    try:
        versus_txtai.prepare(folder, articles=args.articles, distractors=args.distractors, questions=0)
        data_dir = args.data_dir or folder / "data"
        if data_dir.exists() and any(data_dir.iterdir()):
            raise SystemExit(f"{data_dir} is not empty: give a fresh folder")
        stages = Stages()
        started = time.perf_counter(), time.process_time()
        from index.engine import Engine
        from index.settings import Settings

        attach(stages)
        engine = Engine(Settings(_env_file=None, data_dir=data_dir))
        report = engine.ingest([folder / "articles.jsonl"])
        stages.finish()
        total = time.perf_counter() - started[0], time.process_time() - started[1]
        passages = engine.stats().passages
        runtime = engine.embedder.runtime
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{report.added} articles, {passages} passages, {runtime}, {os.cpu_count()} cores: "
        f"{total[0]:.1f} s wall ({passages / total[0]:.2f} passages/s), {total[1]:.1f} s CPU; "
        f"index package: {Path(index.__file__).parent}\n"
    )
    print("| stage | wall s | share | CPU s | calls |")
    print("|---|---:|---:|---:|---:|")
    for stage in sorted(stages.wall, key=lambda s: -stages.wall[s]):
        wall = stages.wall[stage]
        print(f"| {stage} | {wall:.1f} | {wall / total[0]:.1%} | {stages.cpu[stage]:.1f} | {stages.calls[stage]} |")
    print(json.dumps({"wall": dict(stages.wall), "cpu": dict(stages.cpu), "total": total}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
