"""Prefer the reader's language: on an archive holding the same articles in two languages, how often is the
quote in the question's language, and what does preferring it cost?

    python bench/reader_language.py [--other ar] [--questions ar de en] [--articles N] [--work-dir D]

Indexes the first ``--articles`` of the dev set's 24 XQuAD articles twice, German (``xquad-dev.de.json``)
and in ``--other``'s language (``xquad-dev.<other>.json``, parallel by paragraph), into a cache folder (a
second run embeds nothing), and asks the questions of each ``--questions`` language through ``Engine.ask``,
once with the reader-language preference off (``READER_LANGUAGE_MARGIN`` 0) and once with the default. Per
language and setting it prints: answered, the answer inside the quote (the gold answer of the quoted
article's language; a refusal counts as a miss), and the share of answers quoting an article in the
question's language. Asserts nothing; docs/evaluation.md holds the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from index.answer import answerer
from index.engine import Engine
from index.evaluation import load_squad
from index.settings import Settings

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", default="ar", help="the archive's second language (an XQuAD language)")
    parser.add_argument("--questions", nargs="+", default=["ar", "de", "en"])
    parser.add_argument("--articles", type=int, default=24, help="only the first N articles (and their questions)")
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()
    name = f"reader-language-de-{args.other}-{args.articles}"
    work = args.work_dir or settings.model_cache_dir.parent / "eval" / name
    engine = Engine(settings.model_copy(update={"data_dir": work, "archive_sources": []}))
    sets = {lang: load_squad(SHARED / f"xquad-dev.{lang}.json", lang=lang) for lang in ("de", args.other)}
    for squad in sets.values():
        kept = {record.origin for record in squad.records[: args.articles]}
        squad.records = squad.records[: args.articles]
        squad.questions = [q for q in squad.questions if q.article_origin in kept]
    for lang, squad in sets.items():
        engine.add_records(squad.records, root=f"eval:{lang}")
    gold = {}  # (article lang, question id) -> gold answers of that language
    for lang, squad in sets.items():
        gold |= {(lang, q.id): q.answers for q in squad.questions}
    engine.warm_up()
    vectors: dict[str, np.ndarray] = {}
    encode = engine.embedder.encode_queries

    def cached(texts):  # both settings ask the same question: embed it once
        missing = [t for t in texts if t not in vectors]
        if missing:
            vectors.update(zip(missing, encode(missing), strict=True))
        return np.stack([vectors[t] for t in texts])

    engine.embedder.encode_queries = cached
    default_margin = answerer.READER_LANGUAGE_MARGIN
    print(f"archive: German + {args.other}, {sum(len(s.records) for s in sets.values())} articles")
    print(f"{'questions':10}{'margin':>8}{'answered':>10}{'in quote':>10}{'own language':>14}")
    for qlang in args.questions:
        wanted = {q.id for q in sets["de"].questions}
        questions = [q for q in load_squad(SHARED / f"xquad-dev.{qlang}.json").questions if q.id in wanted]
        for margin in (0.0, default_margin):
            answerer.READER_LANGUAGE_MARGIN = margin
            answered = in_quote = own = 0
            for question in questions:
                answer = engine.ask(question.text)
                if not answer.answered or answer.best is None:
                    continue
                answered += 1
                quoted_lang = answer.best.article.lang or ""
                own += quoted_lang == qlang
                answers = gold.get((quoted_lang, question.id), ())
                in_quote += any(a.lower() in answer.best.quote.lower() for a in answers)
            n = len(questions) or 1
            print(f"{qlang:10}{margin:8.2f}{answered / n:10.3f}{in_quote / n:10.3f}{own / max(answered, 1):14.3f}")
    engine.close()


if __name__ == "__main__":
    main()
