"""Dated and "latest" questions over FA-KES: is the right article chosen, with and without the date logic?

    python bench/dated.py [--others 150] [--seed-vectors ARCHIVE.db] [--work-dir DIR] [--details F.jsonl]
                          [--index-only] [--latest-only] [--timeline T ...]

Indexes the FA-KES articles that tests/data/dated.en.json and tests/data/contested.en.json name (the same kind
of event, air strikes, bombings, gas attacks, reported at different dates) plus the first ``--others`` FA-KES
articles of the file as distractors (``../shared/corpus/fakes-syria.en.jsonl``), into a cache folder keyed
by the inputs (a second run embeds nothing). ``--seed-vectors`` first copies the cached vectors of another
archive (e.g. bench/contested.py's, which holds most of these articles): vectors are keyed by model and text,
so only what that archive lacks is embedded.

Then every question goes through ``Engine.ask`` with the date logic (``dates=True``, the default), without it
(``dates=False``: the question as it is, no period, no "latest") and with ``STRIP_DATE_PHRASE`` flipped; it
prints **recall@1**: the answer's article (answered or not: the top hit) is one of the question's gold
articles. ``--timeline`` prints the timeline's precision and recall per threshold instead. Relative phrases are
read against the archive's newest date (``DATES_RELATIVE_TO=archive``). Asserts nothing; docs/evaluation.md
holds the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import CORPUS, index_records, record_id  # bench/fakes.py

from index.engine import Engine
from index.ingest.records import ArticleRecord, SourceError
from index.ingest.sources import read_sources
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "dated.en.json"
CONTESTED = ROOT / "tests" / "data" / "contested.en.json"
EVAL_ROOT = "eval:dated"


def load_gold(path: Path) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["questions"]


def wanted_ids(gold: list[dict]) -> set[str]:
    """The articles the questions name, and those of the contested set (same kinds of event, other dates)."""
    contested = {article for q in load_gold(CONTESTED) for article in q["articles"]} if CONTESTED.exists() else set()
    return {article for question in gold for article in question["articles"]} | contested


def subset(corpus: Path, wanted: set[str], first: int) -> Iterator[ArticleRecord]:
    """The named articles and the first ``first`` articles of the file (named or not: naming one more article that
    is already among them changes nothing, so the place-month gold, which lists every indexed article of a place
    and month, stays true)."""
    errors: list[SourceError] = []
    for position, record in enumerate(read_sources([corpus], errors)):
        if record_id(record) in wanted or position < first:
            yield record


def work_dir(settings: Settings, corpus: Path, wanted: set[str], others: int) -> Path:
    digest = hashlib.sha256(hashlib.sha256(corpus.read_bytes()).digest())
    model = f"{settings.embedding_model}@{settings.embedding_dim}+{settings.embedding_quantization}"
    digest.update(f"{model}/{settings.embedding_runtime}:{others}:{','.join(sorted(wanted))}".encode())
    return settings.model_cache_dir.parent / "eval" / f"dated-{digest.hexdigest()[:16]}"


def seed_vectors(database: Path, seed: Path) -> int:
    """Copy the vectors ``seed`` holds and ``database`` lacks (same content key = same model and text)."""
    connection = sqlite3.connect(f"file:{database}", uri=True)
    try:
        before = connection.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        connection.execute("ATTACH DATABASE ? AS seed", (f"file:{seed}?mode=ro",))
        with connection:
            connection.execute("INSERT OR IGNORE INTO vectors SELECT * FROM seed.vectors")
        return connection.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] - before
    finally:
        connection.close()


def build(
    settings: Settings, corpus: Path, gold: list[dict], others: int, seed: Path | None, work: Path | None = None
) -> tuple[Engine, dict[str, set[str]]]:
    """The engine, and archive article id -> the FA-KES ids it holds (more than one when merged as copies)."""
    wanted = wanted_ids(gold)
    work = work or work_dir(settings, corpus, wanted, others)
    engine = Engine(
        settings.model_copy(update={"data_dir": work, "archive_sources": [], "dates_relative_to": "archive"})
    )
    if seed is not None:
        print(f"seeded {seed_vectors(engine.settings.database_path, seed)} vectors from {seed}", file=sys.stderr)
    records = list(subset(corpus, wanted, others))
    held = index_records(engine, records, root=EVAL_ROOT)
    return engine, held


def score(engine: Engine, held: dict[str, set[str]], gold: list[dict], *, dates: bool) -> tuple[dict, list[dict]]:
    started = time.perf_counter()
    """recall@1 per kind of question ("dated", "latest"): the top hit's article is a gold article."""
    counts: dict[str, list[int]] = {}
    details = []
    for question in gold:
        answer = engine.ask(question["question"], max_sources=0, dates=dates)
        top = held.get(answer.best.article.id, set()) if answer.best else set()
        right = bool(top & set(question["articles"]))
        kind = question["kind"] + ("-de" if question["id"].startswith("de-") or question["id"].endswith("-de") else "")
        tally = counts.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += right
        tally[2] += answer.answered and right
        details.append(
            {
                "id": question["id"],
                "dates": dates,
                "right": right,
                "answered": answer.answered,
                "top": sorted(top),
                "top_date": answer.best.article.date if answer.best else None,
                "period": answer.to_dict()["period"],
                "latest": answer.latest,
            }
        )
    print(f"  {len(gold)} questions in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return counts, details


TIMELINE_TOPICS = {
    "aleppo": "Aleppo",
    "idlib": "Idlib",
    "raqqa": "Raqqa",
    "homs": "Homs",
    "hasakeh": "Hasakeh",
    "deir ezzor": "Deir ez-Zor",
    "damascus": "Damascus",
    "hama": "Hama",
}
"""FA-KES ``location`` -> the timeline topic asked: an article is relevant to the topic when it is of that place."""


def timeline_table(engine: Engine, held: dict[str, set[str]], corpus: Path, thresholds: list[float]) -> None:
    """Precision and recall of ``Engine.timeline`` per threshold (on ``Hit.similarity``), place names as topics: an
    article is right when FA-KES places it there; recall is over every indexed article of the eight places."""
    place = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            place[row["id"]] = row["location"]
    places_of = {article: {place.get(i) for i in ids} for article, ids in held.items()}
    print("| threshold | listed | precision | recall |")
    print("|---|---|---|---|")
    found = {location: engine.answerer.timeline(topic, threshold=min(thresholds)).hits for location, topic in
             TIMELINE_TOPICS.items()}  # fmt: skip
    relevant = sum(location in places for location in TIMELINE_TOPICS for places in places_of.values())
    for threshold in thresholds:
        listed = right = 0
        for location, hits in found.items():
            kept = [hit for hit in hits if hit.similarity >= threshold]
            listed += len(kept)
            right += sum(location in places_of.get(hit.article.id, set()) for hit in kept)
        print(f"| {threshold} | {listed} | {right / max(listed, 1):.3f} ({right}) | {right / relevant:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--others", type=int, default=150, help="the first N articles of the file join the named ones")
    parser.add_argument("--seed-vectors", type=Path, help="an archive.db whose cached vectors to reuse")
    parser.add_argument("--work-dir", type=Path, help="where to index (default: a cache folder keyed by the inputs)")
    parser.add_argument("--details", type=Path, help="write one JSON line per question and mode")
    parser.add_argument("--index-only", action="store_true")
    parser.add_argument("--latest-only", action="store_true", help="ask only the latest questions")
    parser.add_argument(
        "--timeline", type=float, nargs="*", help="measure the timeline's relevance at these thresholds instead"
    )
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    gold = load_gold(args.gold)
    engine, held = build(settings, args.corpus, gold, args.others, args.seed_vectors, args.work_dir)
    if args.index_only:
        return 0
    if args.timeline is not None:
        timeline_table(engine, held, args.corpus, args.timeline)
        engine.close()
        return 0
    from index.answer import answerer

    rows = {}
    details: list[dict] = []
    modes = [
        ("without the date logic", False, answerer.STRIP_DATE_PHRASE, gold),
        ("with the date logic (defaults)", True, answerer.STRIP_DATE_PHRASE, gold),
    ]
    if not args.latest_only:
        flipped = not answerer.STRIP_DATE_PHRASE
        modes.append((f"STRIP_DATE_PHRASE={flipped}", True, flipped, gold))
    for label, dates, strip, asked in modes:
        answerer.STRIP_DATE_PHRASE = strip
        if args.latest_only:
            asked = [question for question in asked if question["kind"] == "latest"]
        print(label, file=sys.stderr)
        rows[label], found = score(engine, held, asked, dates=dates)
        details += [dict(row, mode=label) for row in found]
    kinds = sorted({kind for counts in rows.values() for kind in counts})
    print("| recall@1 | " + " | ".join(f"{kind} (n={rows[next(iter(rows))][kind][0]})" for kind in kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for label, counts in rows.items():
        cells = [f"{counts[k][1] / counts[k][0]:.3f} ({counts[k][1]})" if k in counts else "" for k in kinds]
        print(f"| {label} | " + " | ".join(cells) + " |")
    if args.details:
        args.details.write_text("".join(json.dumps(row) + "\n" for row in details), "utf-8")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
