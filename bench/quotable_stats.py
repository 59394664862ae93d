"""What the quote cleaner (index/text/quotable.py) changes in FA-KES and 10kGNAD, with a sample to review by eye.

    python bench/quotable_stats.py [--sample 5] [--seed 1] [--lengths] [--passages]

Reads ``../shared/corpus/fakes-syria.en.jsonl`` and ``gnad-test.de.jsonl`` (each record's title as the ingest
passes it) and, per corpus, counts the splitter's sentences and what the cleaner does to them:

- **glued**: sentences split at a full stop with no space after it;
- **lead**: a date stamp, a dateline, a bracketed credit or the repeated headline split off a sentence's start;
- **residue**: a tweet, a tag list, a prompt, a photo credit or a sign-off split off (or the whole sentence);
- **cut**: sentences longer than the bound cut at a clause boundary;
- **changed**: splitter sentences whose span is no longer one whole quotable span.

Each boilerplate span is filed under the rule that matched it. ``--sample N`` prints N random examples per kind
(with ``--seed``) for the false-positive review in docs/evaluation.md. ``--lengths`` prints the sentence length
percentiles of both corpora and of the XQuAD dev answer sentences (the measurement behind ``MAX_QUOTE_CHARS``).
``--passages`` counts the passages whose boundaries change. Asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.text import quotable
from index.text.passages import split_passages
from index.text.quotable import QuoteCleaner
from index.text.sentences import split_sentences

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPORA = {"FA-KES": "corpus/fakes-syria.en.jsonl", "10kGNAD": "corpus/gnad-test.de.jsonl"}


def kind_of(text: str, start: int, end: int, sentence_start: int) -> str:
    """The rule a boilerplate span came from (for the table; re-matches the cleaner's patterns)."""
    piece = text[start:end]
    if quotable._TWEET_LINK.search(piece):
        return "tweet"
    if quotable._TAGS.match(piece):
        return "tags"
    if quotable._PROMPT.match(piece):
        return "prompt"
    if quotable._PHOTO_PAREN.search(piece) or quotable._PHOTO_MARK.match(piece) or quotable._CAPTION.match(piece):
        return "credit/caption"
    if quotable._SIGN_OFF.fullmatch(" " + piece):
        return "sign-off"
    lead = quotable.LEAD.match(text, start) if start == sentence_start else None
    if lead:
        stamp = re.match(
            r"\d|(?:Date|Published|Posted|Last|Updated|Mon|Tue|Wed|Thu|Fri|Sat|Sun|[A-Z][a-z]{2,8} \d)", piece
        )
        kind = "date stamp" if stamp else "dateline"
        return kind if lead.end() >= end - 1 else f"{kind} + headline"
    return "headline"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(name: str, rows: list[dict], cleaner: QuoteCleaner, sample: int, rng: random.Random) -> None:
    sentences = glued = cut = changed = 0
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        text, title = row["text"], row.get("title") or ""
        raw = split_sentences(text)
        refined = cleaner.refine(text, raw, title=title)
        sentences += sum(1 for s in raw if not s.heading)
        by_sentence: dict[int, list] = defaultdict(list)
        j = 0
        for i, span in enumerate(raw):
            while j < len(refined) and refined[j].start < span.end:
                by_sentence[i].append(refined[j])
                j += 1
        for i, span in enumerate(raw):
            parts = by_sentence[i]
            if span.heading:
                continue
            if len(parts) != 1 or parts[0].boilerplate or (parts[0].start, parts[0].end) != (span.start, span.end):
                changed += 1
            glued_parts = cleaner._unglue(text, span)
            glued += len(glued_parts) - 1
            for x, y in itertools.pairwise(glued_parts):
                examples["glued"].append(f"{text[max(x.start, x.end - 50) : x.end]!r} | {text[y.start : y.end][:40]!r}")
            for part in glued_parts:
                if part.end - part.start > cleaner.max_chars:
                    cut += 1
            for part in parts:
                if part.boilerplate:
                    kind = kind_of(text, part.start, part.end, next(g.start for g in glued_parts if g.end > part.start))
                    kinds[kind] += 1
                    examples[kind].append(f"[{row.get('source', row.get('id', ''))}] {text[part.start : part.end]!r}")
            for part in glued_parts:
                pieces = cleaner._bound(text, part) if part.end - part.start > cleaner.max_chars else []
                for x, y in itertools.pairwise(pieces):
                    examples["cut"].append(
                        f"{text[max(x.start, x.end - 50) : x.end]!r} | {text[y.start : y.end][:30]!r}"
                    )
    print(f"\n{name}: {len(rows)} articles, {sentences} sentences")
    print(f"  glued sentences split: {glued}   long sentences cut: {cut}")
    print(f"  sentences changed (split, cut or marked): {changed} ({changed / max(sentences, 1):.1%})")
    for kind, count in kinds.most_common():
        print(f"  boilerplate span, {kind}: {count}")
    if sample:
        for kind, found in sorted(examples.items()):
            print(f"  -- sample: {kind} ({len(found)})")
            for example in rng.sample(found, min(sample, len(found))):
                print("     ", example[:220])


def percentiles(values: list[int]) -> str:
    array = np.array(values)
    shown = ", ".join(f"p{p} {int(np.percentile(array, p))}" for p in (50, 90, 99, 99.5))
    return f"{shown}, max {array.max()}, >600: {(array > 600).mean():.2%} (n={len(array)})"


def lengths(corpora: dict[str, list[dict]]) -> None:
    for name, rows in corpora.items():
        found = [s.end - s.start for row in rows for s in split_sentences(row["text"]) if not s.heading]
        print(f"{name} sentences: {percentiles(found)}")
    for lang in ("de", "en"):
        data = json.loads((SHARED / f"eval/xquad-dev.{lang}.json").read_text(encoding="utf-8"))
        found = []
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                spans = split_sentences(paragraph["context"])
                for qa in paragraph["qas"]:
                    at = qa["answers"][0]["answer_start"]
                    found += [s.end - s.start for s in spans if s.start <= at < s.end][:1]
        print(f"XQuAD dev {lang} answer sentences: {percentiles(found)}")


def passages_changed(corpora: dict[str, list[dict]]) -> None:
    sources = {name: [(row["text"], row.get("title") or "") for row in rows] for name, rows in corpora.items()}
    for lang in ("de", "en"):
        data = json.loads((SHARED / f"eval/xquad-dev.{lang}.json").read_text(encoding="utf-8"))
        texts = ["\n\n".join(p["context"] for p in article["paragraphs"]) for article in data["data"]]
        sources[f"XQuAD dev {lang}"] = [(text, "") for text in texts]
    for name, items in sources.items():
        before = after = same = 0
        sentence_changes = 0
        for text, title in items:
            old = {(p.start, p.end) for p in split_passages(text, cleaner=None)}
            new_passages = split_passages(text, title=title)
            new = {(p.start, p.end) for p in new_passages}
            before, after, same = before + len(old), after + len(new), same + len(old & new)
            old_spans = {(s.start, s.end) for p in split_passages(text, cleaner=None) for s in p.sentences}
            sentence_changes += sum(1 for p in new_passages for s in p.sentences if (s.start, s.end) not in old_spans)
        print(
            f"{name}: passages {before} -> {after}, unchanged {same} ({same / max(before, 1):.1%}); "
            f"new or re-cut sentence spans {sentence_changes}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lengths", action="store_true")
    parser.add_argument("--passages", action="store_true")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the corpora live in ../shared")
    corpora = {name: records(SHARED / path) for name, path in CORPORA.items()}
    if args.lengths:
        lengths(corpora)
        return
    if args.passages:
        passages_changed(corpora)
        return
    rng = random.Random(args.seed)
    for name, rows in corpora.items():
        measure(name, rows, QuoteCleaner(), args.sample, rng)


if __name__ == "__main__":
    main()
