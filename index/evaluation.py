"""Retrieval and answer quality on SQuAD-format data (``crisisbot eval`` parses and prints; this module measures).

Each SQuAD article becomes one archive article (its paragraphs joined by blank
lines), optionally among distractor articles, and every question goes through
:meth:`index.engine.Engine.ask`, the same path as the bot's. A retrieved passage
is right when it holds the gold answer's position; a quote is right when it
contains a gold answer text (case-insensitively).

The evaluation index lives in a cache folder keyed by its inputs and the model,
and embeddings are cached by content, so a second run embeds nothing.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.answer.retrieval import Candidate
from index.engine import Engine, ProgressFn
from index.ingest.records import ArticleRecord, SourceError, normalize_text
from index.ingest.sources import read_sources
from index.settings import Settings

EVAL_ROOT = "eval:squad"
DISTRACTOR_ROOT = "eval:distractors"
RECALL_KS = (1, 5)
MRR_K = 10
THRESHOLD_GRID = tuple(round(0.40 + 0.02 * i, 2) for i in range(26))


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]
    article_origin: str
    answer_offset: int  # position of the first gold answer in the article text
    paragraph: tuple[int, int]


@dataclass(slots=True)
class SquadSet:
    records: list[ArticleRecord] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EvalSetup:
    """What is indexed: the SQuAD file's articles, optionally among distractor articles."""

    file: Path
    distractors: tuple[Path, ...] = ()
    distractor_limit: int | None = None
    """Use only the first N distractor articles."""
    work_dir: Path | None = None
    """Where the evaluation index lives (default: a cache folder keyed by the inputs and the model)."""


@dataclass(slots=True)
class EvalRun:
    """The metrics (see the module docstring), one dict per question, and what was skipped on the way."""

    metrics: dict
    details: list[dict]
    warnings: list[str]


def load_squad(path: Path, *, lang: str | None = None) -> SquadSet:
    """Articles and questions of a SQuAD v1.1 file, with gold positions in the joined article text."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    squad = SquadSet()
    for number, article in enumerate(data):
        origin = f"{path.name}#{number}"
        pieces: list[str] = []
        offset = 0
        for paragraph in article["paragraphs"]:
            context = normalize_text(paragraph["context"])
            for qa in paragraph["qas"]:
                answers = tuple(a["text"] for a in qa["answers"])
                start = qa["answers"][0]["answer_start"] if qa["answers"] else 0
                found = context.find(answers[0], max(0, start - 20)) if answers else -1
                position = found if found >= 0 else min(start, len(context) - 1)
                squad.questions.append(
                    Question(
                        qa["id"], qa["question"], answers, origin, offset + position, (offset, offset + len(context))
                    )
                )
            pieces.append(context)
            offset += len(context) + 2
        title = article.get("title", "").replace("_", " ")
        squad.records.append(ArticleRecord(text="\n\n".join(pieces), origin=origin, title=title, lang=lang))
    return squad


def _work_dir(setup: EvalSetup, settings: Settings) -> Path:
    if setup.work_dir:
        return setup.work_dir
    digest = hashlib.sha256()
    for path in [setup.file, *setup.distractors]:  # by content: a copied or re-checked-out file keeps its index
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest() if Path(path).is_file() else str(path).encode())
    model = f"{settings.embedding_model}@{settings.embedding_dim}+{settings.embedding_quantization}"
    model += f"/{settings.embedding_runtime}"  # vectors of another runtime are close, not equal: measure each
    digest.update(f"{model}:{setup.distractor_limit}".encode())
    return settings.model_cache_dir.parent / "eval" / digest.hexdigest()[:16]


def _limited(records: Iterator[ArticleRecord], limit: int | None) -> Iterator[ArticleRecord]:
    for count, record in enumerate(records):
        if limit is not None and count >= limit:
            return
        yield record


def build_engine(
    setup: EvalSetup,
    settings: Settings,
    squad: SquadSet,
    *,
    progress: ProgressFn | None = None,
    errors: list[SourceError] | None = None,
) -> Engine:
    """An engine over the SQuAD articles (and distractors; their unreadable lines land in ``errors``)."""
    work = _work_dir(setup, settings)
    engine = Engine(settings.model_copy(update={"data_dir": work, "archive_sources": []}))
    engine.add_records(squad.records, root=EVAL_ROOT, progress=progress)
    if setup.distractors:
        errors = errors if errors is not None else []
        records = _limited(read_sources([Path(p) for p in setup.distractors], errors), setup.distractor_limit)
        engine.add_records(records, root=DISTRACTOR_ROOT, progress=progress)
    return engine


def _holds_gold(candidate_range: tuple[int, int], article_id: str, gold_article: str, offset: int) -> bool:
    return article_id == gold_article and candidate_range[0] <= offset < candidate_range[1]


def evaluate(
    engine: Engine,
    squad: SquadSet,
    *,
    questions_from: dict[str, str] | None = None,
    unanswerable: bool = False,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> dict:
    """Ask every question; return the metrics (see the module docstring) and the threshold curve."""
    origin_to_article = engine.origins(EVAL_ROOT)
    ranks: list[int | None] = []
    in_quote: list[bool] = []
    quote_chars: list[int] = []
    answered: list[bool] = []
    latencies: list[float] = []
    top_scores: list[float] = []
    details: list[dict] = []
    selected = squad.questions[:limit] if limit else squad.questions
    for count, question in enumerate(selected, start=1):
        text = questions_from.get(question.id, question.text) if questions_from else question.text
        gold_article = origin_to_article[question.article_origin]

        def left_out(candidate: Candidate, q: Question = question, article: str = gold_article) -> bool:
            p = candidate.passage
            return p.article_id == article and p.start < q.paragraph[1] and q.paragraph[0] < p.end

        answer = engine.ask(text, exclude=left_out if unanswerable else None)
        passages = engine.passages([pid for pid, _ in answer.ranking[:MRR_K]])
        rank = next(
            (
                position
                for position, (pid, _) in enumerate(answer.ranking[:MRR_K], start=1)
                if pid in passages
                and _holds_gold(
                    (passages[pid].start, passages[pid].end),
                    passages[pid].article_id,
                    gold_article,
                    question.answer_offset,
                )
            ),
            None,
        )
        ranks.append(rank)
        quote = answer.best.quote if answer.best else ""
        in_quote.append(answer.answered and any(gold.lower() in quote.lower() for gold in question.answers))
        if answer.answered:
            quote_chars.append(len(quote))
        answered.append(answer.answered)
        latencies.append(answer.took_ms)
        top_scores.append(answer.confidence)
        details.append(
            {
                "id": question.id,
                "rank": rank,
                "in_quote": in_quote[-1],
                "answered": answer.answered,
                "score": answer.best.similarity if answer.best else None,
                "quote_score": answer.best.quote_score if answer.best else None,
                "confidence": answer.confidence if answer.best else None,
                "second": answer.ranking[1][1] if len(answer.ranking) > 1 else None,
                "quote_chars": len(quote),
                "gold_in_best_passage": bool(
                    answer.best and any(g.lower() in answer.best.passage_text.lower() for g in question.answers)
                ),
            }
        )
        if progress:
            progress("ask", count, len(selected))
    total = len(selected) or 1
    curve = [{"threshold": t, "answered": round(sum(s >= t for s in top_scores) / total, 4)} for t in THRESHOLD_GRID]
    return {
        "questions": len(selected),
        "mode": "unanswerable" if unanswerable else "answerable",
        "recall_at_1": round(sum(r == 1 for r in ranks if r) / total, 4),
        "recall_at_5": round(sum(r is not None and r <= RECALL_KS[1] for r in ranks) / total, 4),
        "mrr_at_10": round(sum(1 / r for r in ranks if r) / total, 4),
        "answer_in_quote": round(sum(in_quote) / total, 4),
        "quote_chars_mean": round(statistics.fmean(quote_chars), 1) if quote_chars else None,
        "quote_chars_median": statistics.median(quote_chars) if quote_chars else None,
        "no_answer_rate": round(1 - sum(answered) / total, 4),
        "latency_ms_p50": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
        "latency_ms_p90": round(float(np.percentile(latencies, 90)), 1) if latencies else None,
        "latency_ms_p99": round(float(np.percentile(latencies, 99)), 1) if latencies else None,
        "threshold": engine.threshold,
        "threshold_curve": curve,
        "details": details,
    }


TABLE_ROWS = (
    ("questions", "questions"),
    ("recall_at_1", "passage recall@1"),
    ("recall_at_5", "passage recall@5"),
    ("mrr_at_10", "MRR@10"),
    ("answer_in_quote", "answer in quote"),
    ("quote_chars_mean", "quote chars, mean"),
    ("quote_chars_median", "quote chars, median"),
    ("no_answer_rate", "no-answer rate"),
    ("latency_ms_p50", "latency ms, p50"),
    ("latency_ms_p90", "latency ms, p90"),
    ("latency_ms_p99", "latency ms, p99"),
    ("threshold", "answer threshold"),
)


def format_table(result: dict) -> str:
    lines = [f"{'mode':<22}{result['mode']}"]
    lines += [f"{label:<22}{result[key]}" for key, label in TABLE_ROWS]
    return "\n".join(lines)


def run_evaluation(
    setup: EvalSetup,
    settings: Settings,
    *,
    questions: Path | None = None,
    unanswerable: bool = False,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> EvalRun:
    """Index ``setup`` and ask its questions (or those of ``questions``, matched by id) through the engine."""
    squad = load_squad(setup.file)
    warnings: list[str] = []
    questions_from = None
    if questions:
        other = load_squad(questions)
        questions_from = {q.id: q.text for q in other.questions}
        missing = sum(q.id not in questions_from for q in squad.questions)
        if missing:
            warnings.append(f"{missing} questions of {setup.file} have no match in {questions}")
    errors: list[SourceError] = []
    engine = build_engine(setup, settings, squad, progress=progress, errors=errors)
    warnings += [f"skipped: {error}" for error in errors]
    try:
        engine.warm_up()
        result = evaluate(
            engine, squad, questions_from=questions_from, unanswerable=unanswerable, limit=limit, progress=progress
        )
    finally:
        engine.close()
    details = result.pop("details")
    return EvalRun(metrics=result, details=details, warnings=warnings)
