"""Questions in twelve languages against the German dev set: recall, answer in quote, and the answered/refused
trade-off after fitting each language's cross-language bonus, for a query prompt.

    python bench/question_languages.py [--prompt "task: search result | query: "] [--languages ar el ...]
                                       [--vectors DIR] [--target 0.95]

The set-up of docs/evaluation.md#languages: the 24 German XQuAD articles among 300 distractor articles (the
evaluation index, cached like ``crisisbot eval``'s), every question of ``xquad-dev.<lang>.json`` asked through
``Engine.ask`` twice, with its gold paragraph and without (``--unanswerable``). The question vectors are embedded
with ``--prompt`` and kept in ``--vectors`` per prompt and language, so a second run embeds nothing. Every question
is answered (no threshold) and its confidence recorded without the cross-language bonus; then, per language, the
bonus is fitted by the documented rule (0.59 minus the ``1 - target`` quantile of the answerable questions'
confidence; German none, English 0.14) and applied by each question's detected language, as the bot does.

Prints per language: recall@1, recall@5, answer in quote at 0.59, the fitted bonus, answered, refused without
the gold paragraph, and the article-halves check (bonus fitted on the even articles, measured on the odd ones
and the other way round: answered and refused, averaged). Asserts nothing; docs/evaluation.md holds the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from index import evaluation
from index.answer import answerer
from index.settings import Settings

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
LANGUAGES = ("de", "en", "ar", "tr", "ru", "es", "zh", "el", "hi", "ro", "th", "vi")
THRESHOLD = 0.59
ENGLISH_BONUS = 0.14
UNDETERMINED_BONUS = 0.14


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt", default="task: search result | query: ", help="the query prompt")
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/crisisbot-question-vectors"))
    parser.add_argument("--target", type=float, default=0.95, help="share of answerable questions answered")
    args = parser.parse_args()
    settings = Settings(answer_threshold=0.0)
    setup = evaluation.EvalSetup(
        file=SHARED / "eval/xquad-dev.de.json",
        distractors=(SHARED / "corpus/gnad-test.de.jsonl",),
        distractor_limit=300,
    )
    squad = evaluation.load_squad(setup.file)
    engine = evaluation.build_engine(setup, settings, squad)
    engine.warm_up()
    engine.answerer.threshold = -99.0  # every question answered: the threshold is applied below
    embedder = engine.embedder
    store: dict[str, np.ndarray] = {}

    def cached(texts):
        missing = [t for t in texts if t not in store]
        if missing:
            vectors = embedder._encode_texts([args.prompt + t for t in missing], batch_size=embedder.batch_size)
            store.update(zip(missing, vectors, strict=True))
        return np.stack([store[t] for t in texts])

    embedder.encode_queries = cached
    parts: dict[str, tuple[str, str, float]] = {}  # question -> detected language, passage language, raw confidence
    best_hit = answerer.Answerer._best_hit

    def recording(self, question, lang, query_vector, candidates, hits):
        best, confidence = best_hit(self, question, lang, query_vector, candidates, hits)
        if best is not None:
            parts[question] = (lang, best.article.lang or "", confidence - (best.quote_calibrated - best.quote_score))
        return best, confidence

    answerer.Answerer._best_hit = recording
    answerer.Answerer._sources = lambda self, *a, **k: []  # further sources change none of these figures

    folder = args.vectors / hashlib.sha1(args.prompt.encode()).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    runs = {}
    for lang in args.languages:
        asked = {
            q.id: " ".join(q.text.split())
            for q in evaluation.load_squad(SHARED / f"eval/xquad-dev.{lang}.json").questions
        }
        texts = list(dict.fromkeys(asked.get(q.id, q.text) for q in squad.questions))
        saved = folder / f"{lang}.npz"
        if saved.exists():
            data = np.load(saved)
            store.update(zip(data["texts"].tolist(), data["vectors"], strict=True))
        if any(t not in store for t in texts):
            cached(texts)
            np.savez(saved, texts=np.array(texts), vectors=np.stack([store[t] for t in texts]))
        runs[lang] = {}
        for mode, unanswerable in (("ans", False), ("una", True)):
            parts.clear()
            result = evaluation.evaluate(engine, squad, questions_from=asked, unanswerable=unanswerable)
            rows = []
            for question, detail in zip(squad.questions, result["details"], strict=True):
                found = parts.get(asked.get(question.id, question.text)[: answerer.MAX_QUESTION_CHARS])
                article = int(question.article_origin.rsplit("#", 1)[1])
                rows.append((detail, found, article))
            runs[lang][mode] = rows
        print(f"{lang}: asked", flush=True)
    engine.close()
    report(runs, args.target)


def _raw(found) -> float:
    return found[2] if found else -9.0


def _fit(raw: np.ndarray, target: float) -> float:
    return THRESHOLD - float(np.quantile(raw, 1 - target))


def report(runs: dict, target: float) -> None:
    bonus = {}
    for lang, run in runs.items():
        if lang != "de":
            bonus[lang] = (
                ENGLISH_BONUS if lang == "en" else round(_fit(np.array([_raw(f) for _, f, _ in run["ans"]]), target), 3)
            )
    fitted = [b for lang, b in bonus.items() if lang != "en"]
    unmeasured = float(np.median(fitted)) if fitted else 0.0

    def confidence(found) -> float:
        if not found:
            return -9.0
        lang, passage_lang, raw = found
        if lang == passage_lang:
            return raw
        return raw + bonus.get(lang, UNDETERMINED_BONUS if lang == "und" else unmeasured)

    header = f"{'lang':5}{'r@1':>7}{'r@5':>7}{'in quote':>10}{'bonus':>7}{'answered':>10}{'refused':>9}"
    print(header + "   halves: answered, refused")
    for lang, run in runs.items():
        answerable, missing = run["ans"], run["una"]
        conf_a = np.array([confidence(f) for _, f, _ in answerable])
        conf_u = np.array([confidence(f) for _, f, _ in missing])
        ranks = [d["rank"] for d, _, _ in answerable]
        in_quote = np.mean([d["in_quote"] and c >= THRESHOLD for (d, _, _), c in zip(answerable, conf_a, strict=True)])
        raw_a = np.array([_raw(f) for _, f, _ in answerable])
        raw_u = np.array([_raw(f) for _, f, _ in missing])
        art_a = np.array([a for _, _, a in answerable])
        art_u = np.array([a for _, _, a in missing])
        halves = []
        for half in (0, 1):
            fit_on = art_a % 2 == half
            offset = 0.0 if lang == "de" else _fit(raw_a[fit_on], target)
            halves.append(
                (np.mean(raw_a[~fit_on] + offset >= THRESHOLD), np.mean(raw_u[art_u % 2 != half] + offset < THRESHOLD))
            )
        print(
            f"{lang:5}{np.mean([r == 1 for r in ranks]):7.3f}{np.mean([r is not None and r <= 5 for r in ranks]):7.3f}"
            f"{in_quote:10.3f}{bonus.get(lang, 0.0):7.3f}{np.mean(conf_a >= THRESHOLD):10.3f}"
            f"{np.mean(conf_u < THRESHOLD):9.3f}   {np.mean([h[0] for h in halves]):.3f} "
            f"({halves[0][0]:.3f} / {halves[1][0]:.3f}), {np.mean([h[1] for h in halves]):.3f}"
        )
    print("bonus", bonus, "unmeasured", round(unmeasured, 3))


if __name__ == "__main__":
    main()
