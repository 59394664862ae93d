"""Further sources on contested reporting: do the listed sources answer, and are differing figures marked?

    python bench/contested.py [--others 100] [--max-sources 10] [--details F.jsonl] [--index-only]
                              [--half even|odd] [--same-day-only] [--work-dir DIR] [--seed-vectors DB]
                              [--window DAYS]

Indexes the FA-KES articles that tests/data/contested.en.json names (126 articles, the questions' events as
reported by several outlets) plus the first ``--others`` other FA-KES articles of the file as distractors
(``../shared/corpus/fakes-syria.en.jsonl``), into a cache folder keyed by the inputs (a second run embeds
nothing), then asks every question through ``Engine.ask`` and scores the further sources under each answer:

- **listed-source precision**: listed sources whose article reports the question's event (a gold article);
- **disagreement recall**: of the outlets whose gold figures differ from those of the main answer's article,
  the share listed with ``agrees is False`` (outlets, not articles: one outlet may carry several copies);
  counted only for questions whose main answer comes from a gold article with figures;
- **differing sources marked, of those listed**: listed sources whose gold figures share no value with the main
  article's, marked ``agrees is False`` (the comparison alone, without what the listing leaves out);
- **false "differs"**: listed sources marked ``agrees is False`` whose gold figures share a value with the main
  article's (or that are not gold articles at all), over all listed sources;
- **"agrees" precision**: listed sources marked ``agrees is True`` whose gold figures share a value with the
  main article's.

``--half even`` / ``--half odd``: only the questions at even / odd positions of the set sorted by id (a fixed split
in two halves, to see a rule fitted on one half on the other). ``--same-day-only``: the further sources' event
test as before the names and later-report rules (one day's reports only), for the "before" column.

Prints the table; asserts nothing. docs/evaluation.md holds the figures and how they were reached.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import CORPUS, index_records, record_id  # bench/fakes.py

import index.answer.answerer as answerer
from index.engine import Engine
from index.ingest.records import ArticleRecord, SourceError
from index.ingest.sources import read_sources
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "contested.en.json"
EVAL_ROOT = "eval:contested"


def load_gold(path: Path) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["questions"]


def half(gold: list[dict], which: str | None) -> list[dict]:
    """The questions at even or odd positions of the set sorted by id (all for ``None``)."""
    if which is None:
        return gold
    ids = sorted(question["id"] for question in gold)
    kept = set(ids[0::2] if which == "even" else ids[1::2])
    return [question for question in gold if question["id"] in kept]


def subset(corpus: Path, gold: list[dict], others: int) -> Iterator[ArticleRecord]:
    """The gold articles and the first ``others`` other articles of the file."""
    wanted = {article for question in gold for article in question["articles"]}
    errors: list[SourceError] = []
    extra = 0
    for record in read_sources([corpus], errors):
        if record_id(record) in wanted:
            yield record
        elif extra < others:
            extra += 1
            yield record


def work_dir(settings: Settings, corpus: Path, others: int) -> Path:
    """Keyed by the corpus and the model: a question added to the set embeds only the articles it brings."""
    digest = hashlib.sha256(hashlib.sha256(corpus.read_bytes()).digest())
    model = f"{settings.embedding_model}@{settings.embedding_dim}+{settings.embedding_quantization}"
    digest.update(f"{model}/{settings.embedding_runtime}:{others}".encode())
    return settings.model_cache_dir.parent / "eval" / f"contested-{digest.hexdigest()[:16]}"


def build(
    settings: Settings, corpus: Path, gold_path: Path, others: int, work: Path | None = None, seed: Path | None = None
) -> tuple[Engine, dict[str, set[str]]]:
    """The engine, and archive article id -> the FA-KES ids it holds (more than one when merged as copies)."""
    gold = load_gold(gold_path)
    work = work or work_dir(settings, corpus, others)
    engine = Engine(settings.model_copy(update={"data_dir": work, "archive_sources": []}))
    if seed is not None:
        from dated import seed_vectors  # bench/dated.py

        print(f"seeded {seed_vectors(engine.settings.database_path, seed)} vectors from {seed}", file=sys.stderr)
    records = list(subset(corpus, gold, others))
    held = index_records(engine, records, root=EVAL_ROOT)
    return engine, held


def figures_of(ids: set[str], articles: dict[str, list[float]]) -> tuple[bool, set[float]]:
    """Whether any of ``ids`` reports the event, and the figures they give."""
    found = [articles[i] for i in ids if i in articles]
    return bool(found), {float(v) for figures in found for v in figures}


def score(engine: Engine, held: dict[str, set[str]], gold: list[dict], max_sources: int) -> tuple[dict, list[dict]]:
    counts = dict.fromkeys(
        (
            "questions",
            "answered",
            "main_gold",
            "listed",
            "listed_answering",
            "differ_outlets",
            "differ_found",
            "marked_differs",
            "false_differs",
            "marked_agrees",
            "right_agrees",
            "none_listed",
            "listed_differing",
            "listed_differing_marked",
        ),
        0,
    )
    details: list[dict] = []
    for question in gold:
        counts["questions"] += 1
        articles: dict[str, list[float]] = question["articles"]
        answer = engine.ask(question["question"], max_sources=max_sources)
        row: dict = {"id": question["id"], "answered": answer.answered, "sources": []}
        details.append(row)
        if not answer.answered or answer.best is None:
            continue
        counts["answered"] += 1
        main_ids = held.get(answer.best.article.id, set())
        main_is_gold, main_figures = figures_of(main_ids, articles)
        row.update(main=sorted(main_ids), main_gold=main_is_gold, main_figures=sorted(main_figures))
        counts["main_gold"] += main_is_gold
        counts["none_listed"] += not answer.sources
        differs_by_outlet: dict[str, bool] = {}
        if main_is_gold and main_figures:
            for article_id, figures in articles.items():
                if article_id in main_ids or not figures or main_figures & set(map(float, figures)):
                    continue
                outlet = article_outlet(engine, article_id, held)
                differs_by_outlet.setdefault(outlet, False)
        for source in answer.sources:
            ids = held.get(source.article.id, set())
            answering, figures = figures_of(ids, articles)
            counts["listed"] += 1
            counts["listed_answering"] += answering
            same = bool(main_figures & figures)
            if main_is_gold and main_figures and figures and not same:
                counts["listed_differing"] += 1
                counts["listed_differing_marked"] += source.agrees is False
            if source.agrees is False:
                counts["marked_differs"] += 1
                counts["false_differs"] += same or not answering
                outlet = source.article.source or "?"
                if outlet in differs_by_outlet and figures and not same:
                    differs_by_outlet[outlet] = True
            elif source.agrees is True:
                counts["marked_agrees"] += 1
                counts["right_agrees"] += same
            row["sources"].append(
                {
                    "ids": sorted(ids),
                    "answers": answering,
                    "gold_figures": sorted(figures),
                    "agrees": source.agrees,
                    "values": [list(pair) for pair in source.compared],
                }
            )
        counts["differ_outlets"] += len(differs_by_outlet)
        counts["differ_found"] += sum(differs_by_outlet.values())
    return counts, details


def article_outlet(engine: Engine, fakes_id: str, held: dict[str, set[str]]) -> str:
    for article, ids in held.items():
        if fakes_id in ids:
            refs = engine.archive.article_refs([article])
            return (refs[article][0].source or "?") if article in refs else "?"
    return "?"


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0/0)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--others", type=int, default=100, help="distractor articles besides the gold ones")
    parser.add_argument("--max-sources", type=int, default=10, help="further sources looked for per answer")
    parser.add_argument("--details", type=Path, help="write one JSON line per question")
    parser.add_argument("--index-only", action="store_true")
    parser.add_argument("--half", choices=("even", "odd"), help="only half the questions (by sorted id)")
    parser.add_argument("--same-day-only", action="store_true", help="the event test before issue 17's second round")
    parser.add_argument("--work-dir", type=Path, help="where to index (default: a cache folder keyed by the inputs)")
    parser.add_argument("--seed-vectors", type=Path, help="an archive.db whose cached vectors to reuse")
    parser.add_argument("--window", type=int, help="EVENT_WINDOW_DAYS to measure (default: the answerer's)")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    engine, held = build(settings, args.corpus, args.gold, args.others, args.work_dir, args.seed_vectors)
    if args.window is not None:
        answerer.EVENT_WINDOW_DAYS = args.window
    if args.index_only:
        return 0
    if args.same_day_only:
        answerer._same_event = lambda question, lang, best, other: answerer._same_event_day(best, other)
    counts, details = score(engine, held, half(load_gold(args.gold), args.half), args.max_sources)
    print(f"| questions | {counts['questions']} |")
    print(f"| answered | {ratio(counts['answered'], counts['questions'])} |")
    print(f"| main answer from an article on the event | {ratio(counts['main_gold'], counts['answered'])} |")
    print(f"| further sources listed | {counts['listed']} |")
    print(f"| answers with no further source | {counts['none_listed']} |")
    print(f"| listed-source precision | {ratio(counts['listed_answering'], counts['listed'])} |")
    print(f"| disagreement recall (outlets) | {ratio(counts['differ_found'], counts['differ_outlets'])} |")
    listed_differing = ratio(counts["listed_differing_marked"], counts["listed_differing"])
    print(f"| differing sources marked as differing, of those listed | {listed_differing} |")
    print(f'| false "differs" (of listed sources) | {ratio(counts["false_differs"], counts["listed"])} |')
    print(f'| "differs" marks | {counts["marked_differs"]} |')
    print(f'| "agrees" precision | {ratio(counts["right_agrees"], counts["marked_agrees"])} |')
    if args.details:
        args.details.write_text("".join(json.dumps(row) + "\n" for row in details), "utf-8")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
