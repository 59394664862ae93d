"""Fit the reader-question constants on the fitted half (tests/data/readers/questions.json), report the blind half.

    python bench/readers_fit.py --work-dir /work/wt/i30-data/base                 # the variants, fitted half
    python bench/readers_fit.py --work-dir DIR --half blind --variant defaults   # one variant on the blind half
    python bench/readers_fit.py --work-dir DIR --bands                           # fit the answer bands
    python bench/readers_fit.py --work-dir DIR --bands --variant NAME            # ... with a variant on
    python bench/readers_fit.py --work-dir DIR --half blind --variant NAME --band-values SAME CROSS

Each variant sets attributes of the engine's Answerer and Retriever (the constants' defaults are their fitted
values); ``--bands`` asks with every quote counted as an answer and prints, per language group, the lowest band at
which at most ``WRONG_SHARE`` of the plain answers hold no answer string (or answer an unanswerable question).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from index.answer.outcomes import Bands
from index.readers_eval import ask_all, build_engine, by_group, load_readers, summarise
from index.settings import Settings

WRONG_SHARE = 0.05

VARIANTS: dict[str, dict[str, object]] = {
    "defaults": {},
    "rerank 10 (before)": {"retriever.sentence_rerank": 10},
    "rerank 20": {"retriever.sentence_rerank": 20},
    "rerank 30": {"retriever.sentence_rerank": 30},
    "rerank 60": {"retriever.sentence_rerank": 60},
    "rerank 30, sentence weight 0.4": {"retriever.sentence_rerank": 30, "retriever.sentence_weight": 0.4},
    "rerank 30, sentence weight 0.6": {"retriever.sentence_rerank": 30, "retriever.sentence_weight": 0.6},
    "rerank 30 at 0.6, reader language 0.10 / 5": {
        "retriever.sentence_rerank": 30,
        "retriever.sentence_weight": 0.6,
        "reader_language_margin": 0.10,
    },
    "rerank 30 at 0.6, reader language 0.15 / 5": {
        "retriever.sentence_rerank": 30,
        "retriever.sentence_weight": 0.6,
        "reader_language_margin": 0.15,
    },
    "no kind requirement": {"count_margin": -1.0},
    "no claim bonus": {"claim_weight": 0.0},
    "claim bonus 0.3": {"claim_weight": 0.3},
    "count margin 0.1": {"count_margin": 0.1},
    "count margin 0.2": {"count_margin": 0.2},
    "count margin 0.5": {"count_margin": 0.5},
    "reader language 0.05 / 5 (before)": {"reader_language_margin": 0.05, "reader_language_candidates": 5},
    "reader language 0.10 / 10": {"reader_language_margin": 0.10, "reader_language_candidates": 10},
    "reader language 0.15 / 10": {"reader_language_margin": 0.15, "reader_language_candidates": 10},
    "reader language 0.20 / 10": {"reader_language_margin": 0.20, "reader_language_candidates": 10},
}


def apply(engine, variant: dict[str, object]) -> None:
    for name, value in variant.items():
        target = engine.answerer
        if name.startswith("retriever."):
            target, name = engine.answerer.retriever, name.split(".", 1)[1]
        setattr(target, name, value)


def fit_bands(rows: list[dict]) -> dict[str, float]:
    """Per group, the lowest band at which at most WRONG_SHARE of the group's questions get a plain answer that is
    wrong (a quote without an answer string, or any answer to an unanswerable question)."""
    bands = {}
    for group in ("same", "cross"):
        asked = [r for r in rows if r["group"] == group]
        shown = [r for r in asked if r["outcome"] != "nothing"]
        best = 2.0
        for band in sorted({r["confidence"] for r in shown}, reverse=True):
            plain = [r for r in shown if r["confidence"] >= band and r["outcome"] == "answer"]
            wrong = sum(1 for r in plain if not r["holds_answer"])
            if wrong / len(asked) <= WRONG_SHARE:
                best = band
        bands[group] = round(best, 3)
    return bands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=Path("tests/data/readers/questions.json"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--half", default="fitted", choices=["fitted", "blind"])
    parser.add_argument("--variant", action="append", help="only these variants (names of VARIANTS)")
    parser.add_argument("--bands", action="store_true", help="fit the answer bands on the chosen half")
    parser.add_argument("--details", type=Path, help="with --bands: write the rows (every quote an answer) here")
    parser.add_argument(
        "--band-values", type=float, nargs=2, metavar=("SAME", "CROSS"), help="ask with these bands instead"
    )
    args = parser.parse_args()
    readers = load_readers(args.questions)
    engine, keys = build_engine(readers, Settings(), shared=args.shared, work_dir=args.work_dir)
    engine.warm_up()
    chosen = [q for q in readers.questions if q.half == args.half]
    if args.band_values:
        engine.answerer.bands = Bands(same_language=args.band_values[0], cross_language=args.band_values[1])
    if args.bands:
        for name in args.variant or []:  # fit the bands with these variants on
            apply(engine, VARIANTS[name])
        engine.answerer.bands = Bands(same_language=0.0, cross_language=0.0)
        rows = ask_all(engine, keys, chosen)
        for row, question in zip(rows, chosen, strict=True):
            row["group"] = "same" if row["quote_lang"] == question.lang else "cross"
        if args.details:
            args.details.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
        print(json.dumps({"bands": fit_bands(rows), "questions": len(rows)}))
        return
    for name in args.variant or list(VARIANTS):
        defaults = {
            "retriever.sentence_rerank": engine.answerer.retriever.sentence_rerank,
            "retriever.sentence_weight": engine.answerer.retriever.sentence_weight,
            "claim_weight": engine.answerer.claim_weight,
            "count_margin": engine.answerer.count_margin,
            "reader_language_margin": engine.answerer.reader_language_margin,
            "reader_language_candidates": engine.answerer.reader_language_candidates,
        }
        apply(engine, VARIANTS[name])
        rows = ask_all(engine, keys, chosen)
        apply(engine, defaults)
        languages = {lang: figures["holds_answer"] for lang, figures in by_group(rows, "lang").items()}
        print(json.dumps({"variant": name, **summarise(rows), "holds_answer_by_lang": languages}), flush=True)
    engine.close()


if __name__ == "__main__":
    main()
