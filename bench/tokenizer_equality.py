"""The OpenVINO path's tokenizer (``tokenizers`` alone, index/model/fast_tokenizer.py) against transformers'
``AutoTokenizer`` (what it replaced), token for token, on everything in ../shared:

    python bench/tokenizer_equality.py [--limit N]

Inputs, each with the prompt the embedder gives it: every XQuAD dev context (document prompt, no title) and each
of its sentences (as the separate sentence pass embeds them), every question (query prompt) of the 12 languages,
and every article of the corpora (document prompt with the article's title; many are longer than the model's
2,048 tokens, so truncation is compared too). Compared per batch of 32: ids, attention masks and character
offsets as the embedder asks for them (truncated, not padded), and ids and masks padded to numpy as the
OpenVINO check asks for them. Prints the counts and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from index.model.fast_tokenizer import JsonTokenizer  # noqa: E402
from index.model.model_fetch import model_folder  # noqa: E402
from index.settings import Settings  # noqa: E402

SHARED = REPO.parent / "shared"
BATCH = 32
SENTENCE_END = re.compile(r"(?<=[.!?。।؟])\s+")
"""A rough sentence split (only to have sentence-sized inputs; the archive's splitter is not what is tested)."""


def _prompts(model_path: Path) -> dict[str, str]:
    config = json.loads((model_path / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    return dict(config.get("prompts") or {})


def inputs(shared: Path, prompts: dict[str, str], *, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(kind, prompted text)`` pairs of everything compared; ``limit``: at most that many of each source."""
    document, query = prompts["document"], prompts["query"]
    for path in sorted((shared / "eval").glob("xquad-dev.*.json")):
        language = path.stem.split(".")[-1]
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        paragraphs = [paragraph for article in data for paragraph in article["paragraphs"]][:limit]
        for paragraph in paragraphs:
            yield f"xquad-{language}-context", document + paragraph["context"]
            for sentence in SENTENCE_END.split(paragraph["context"]):
                yield f"xquad-{language}-sentence", document + sentence
            for qa in paragraph["qas"]:
                yield f"xquad-{language}-question", query + qa["question"]
    for path in sorted((shared / "corpus").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                if limit is not None and n >= limit:
                    break
                article = json.loads(line)
                title = " ".join(str(article.get("title") or "").split())[:200]
                prompt = document.replace("title: none", f"title: {title}") if title else document
                yield path.stem, prompt + article["text"]
    for path in sorted((shared / "corpus").glob("*.txt")):
        yield path.name, document + path.read_text(encoding="utf-8")


def differences(reference, fast: JsonTokenizer, texts: list[str], max_length: int) -> list[str]:
    """What differs between the two tokenizers on ``texts`` (empty when they agree on everything)."""
    found = []
    ours = fast(texts, truncation=True, max_length=max_length, return_offsets_mapping=True)
    theirs = reference(texts, truncation=True, max_length=max_length, return_offsets_mapping=True)
    for key in ("input_ids", "attention_mask", "offset_mapping"):
        mine = [[tuple(item) if isinstance(item, list | tuple) else item for item in row] for row in ours[key]]
        other = [[tuple(item) if isinstance(item, list | tuple) else item for item in row] for row in theirs[key]]
        found.extend(f"{key} of {texts[n][:60]!r}" for n, (a, b) in enumerate(zip(mine, other, strict=True)) if a != b)
    ours_np = fast(texts, padding=True, return_tensors="np")
    theirs_np = reference(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")
    for key in ("input_ids", "attention_mask"):
        if not np.array_equal(ours_np[key], theirs_np[key]):
            found.append(f"padded {key} of a batch starting {texts[0][:60]!r}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N paragraphs/articles per source")
    args = parser.parse_args()
    from transformers import AutoTokenizer

    model_path = model_folder(Settings().model_cache_dir)
    max_length = int(json.loads((model_path / "sentence_bert_config.json").read_text())["max_seq_length"])
    reference = AutoTokenizer.from_pretrained(str(model_path))
    fast = JsonTokenizer(model_path, max_length=max_length)
    counts: dict[str, int] = {}
    truncated = 0
    bad: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        nonlocal truncated
        if pending:
            bad.extend(differences(reference, fast, pending, max_length))
            truncated += sum(len(row) == max_length for row in fast(pending)["input_ids"])
            pending.clear()

    for kind, text in inputs(SHARED, _prompts(model_path), limit=args.limit):
        counts[kind] = counts.get(kind, 0) + 1
        pending.append(text)
        if len(pending) == BATCH:
            flush()
    flush()
    for kind, count in sorted(counts.items()):
        print(f"{kind:28s} {count:6d}")
    print(f"{sum(counts.values())} texts, {truncated} truncated to {max_length} tokens, {len(bad)} differences")
    for line in bad[:20]:
        print("  differs:", line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
