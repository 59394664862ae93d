"""Follow-up questions: are they answered better with the earlier question and answer as context?

    python bench/followups.py [--work-dir DIR] [--json]

Indexes the archive that tests/data/followups.json names (demo/archive and tests/data/briefs, 11 articles) into
``--work-dir`` (default /tmp/crisisbot-followups; a second run embeds nothing), then asks every follow-up:

- **alone**: the follow-up as if nothing came before it (today's bot);
- **concat**: "earlier question + follow-up" embedded as one query, with the earlier answer's article preferred by
  ``bonus`` (``FollowUp`` in index/answer/answers.py, ``FOLLOW_UP_MODE = "concat"``);
- **mix w**: the follow-up's vector plus w x the earlier question's, same bonus.

The earlier answer is what the engine itself answers to the first question (its article is the one preferred).
Figures per variant: **recall@1** (the answer's article is a gold one), **answer-in-quote** (answered, and the quote
holds one of the pair's answer strings) and **answered**. Pairs marked ``switch`` change the subject: they show
that the bonus is not a pin. Then **standalone after an unrelated answer**: each pair's first question asked as if
it followed the first question of another pair (five pairs on), which tells whether treating every private message
within a few minutes of an answer as a follow-up would hurt questions that are not follow-ups.

Prints the tables; asserts nothing. docs/evaluation.md holds the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.answer.answers import Answer, FollowUp
from index.engine import Engine
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "followups.json"
SHIFT = 5
"""Standalone questions get the first question of the pair this many places on as their unrelated context."""

VARIANTS: list[tuple[str, str | None, float, float]] = [
    ("alone", None, 0.0, 0.0),
    ("concat, no bonus", "concat", 0.0, 0.0),
    ("concat, bonus 0.05", "concat", 0.0, 0.05),
    ("concat, bonus 0.10", "concat", 0.0, 0.10),
    ("mix 0.5, no bonus", "mix", 0.5, 0.0),
    ("mix 0.5, bonus 0.05", "mix", 0.5, 0.05),
    ("mix 0.75, no bonus", "mix", 0.75, 0.0),
    ("mix 0.75, bonus 0.05", "mix", 0.75, 0.05),
    ("mix 1.0, no bonus", "mix", 1.0, 0.0),
    ("mix 1.0, bonus 0.05", "mix", 1.0, 0.05),
    ("alone + bonus 0.05", "bonus-only", 0.0, 0.05),
]
"""(name, mode, mix weight, article bonus); ``bonus-only``: the follow-up's own vector, only the article preferred."""


def build(work_dir: Path, data_file: Path = PAIRS) -> tuple[Engine, dict[str, str]]:
    """The engine over the folders ``data_file`` names as its ``archive``, and archive article id -> file name
    (bench/alert_threshold.py indexes the same folders)."""
    data = json.loads(data_file.read_text("utf-8"))
    engine = Engine(Settings(_env_file=None, data_dir=work_dir))
    folders = [ROOT / folder for folder in data["archive"]]
    engine.ingest(folders)
    names: dict[str, str] = {}
    for folder in folders:
        for origin, article_id in engine.origins(str(folder.resolve())).items():
            names[article_id] = Path(origin).name
    return engine, names


def score(answer: Answer, pair: dict, names: dict[str, str]) -> tuple[int, int, int]:
    """(recall@1, answer-in-quote, answered) of one answer."""
    top = answer.best.article.id if answer.best else None
    hit = int(names.get(top or "", "") in pair["gold"])
    in_quote = int(answer.answered and any(text in (answer.quote or "") for text in pair["answer"]))
    return hit, in_quote, int(answer.answered)


def ask(engine: Engine, question: str, after: FollowUp | None, mode: str | None, weight: float, bonus: float):
    answerer = engine.answerer
    answerer.follow_up_weight, answerer.follow_up_bonus = weight, bonus
    if mode is None:
        return engine.ask(question)
    if mode == "bonus-only":
        answerer.follow_up_mode = "mix"
        answerer.follow_up_weight = 0.0
    else:
        answerer.follow_up_mode = mode
    return engine.ask(question, after=after)


def table(rows: list[tuple[str, list[tuple[int, int, int]]]]) -> str:
    lines = [f"{'variant':24} {'n':>3} {'recall@1':>9} {'in quote':>9} {'answered':>9}"]
    for name, scores in rows:
        n = len(scores) or 1
        sums = [sum(s[i] for s in scores) / n for i in range(3)]
        lines.append(f"{name:24} {len(scores):>3} {sums[0]:>9.3f} {sums[1]:>9.3f} {sums[2]:>9.3f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/crisisbot-followups"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", help="run only the variants whose name contains this")
    args = parser.parse_args()
    pairs = json.loads(PAIRS.read_text("utf-8"))["pairs"]
    engine, names = build(args.work_dir)
    firsts = [engine.ask(pair["first"]) for pair in pairs]
    contexts = [
        FollowUp(p["first"], a.best.article.id if a.answered and a.best else None)
        for p, a in zip(pairs, firsts, strict=True)
    ]
    results: dict[str, dict[str, list]] = {}
    for name, mode, weight, bonus in VARIANTS:
        if args.only and args.only not in name and name != "alone":
            continue
        follow, switch, standalone = [], [], []
        for i, pair in enumerate(pairs):
            scored = score(ask(engine, pair["followup"], contexts[i], mode, weight, bonus), pair, names)
            (switch if pair.get("switch") else follow).append(scored)
            if pair.get("switch"):
                continue
            other = contexts[(i + SHIFT) % len(pairs)]
            alone_pair = {"gold": [names.get(firsts[i].best.article.id, "")] if firsts[i].best else [], "answer": []}
            alone_pair["answer"] = [firsts[i].quote] if firsts[i].quote else []
            standalone.append(score(ask(engine, pair["first"], other, mode, weight, bonus), alone_pair, names))
        results[name] = {"followups": follow, "switch": switch, "standalone": standalone}
    if args.json:
        print(json.dumps({name: {k: v for k, v in parts.items()} for name, parts in results.items()}))
        return 0
    print(f"{len(pairs)} pairs, {len(names)} articles\n")
    print("follow-ups (replies that stay on the subject)")
    print(table([(name, parts["followups"]) for name, parts in results.items()]))
    print("\nfollow-ups that change the subject (switch)")
    print(table([(name, parts["switch"]) for name, parts in results.items()]))
    print("\nstandalone questions after an unrelated answer (same article and same quote as asked alone)")
    print(table([(name, parts["standalone"]) for name, parts in results.items()]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
