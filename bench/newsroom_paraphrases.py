"""Are the newsroom's answers found for paraphrases, in several languages? (issue 22)

    python bench/newsroom_paraphrases.py

On the demo archive: each question of tests/data/newsroom-paraphrases.json is asked (the archive cannot answer
it), then its newsroom answer is stored as the bot stores an editor's text (``Newsroom.add_answer``, titled with
the question), and every paraphrase is asked: counted as found when the answer is given and quotes the newsroom's
article. The unrelated demo questions are asked before and after: none may be answered from a newsroom article.
Prints the figures per language; asserts nothing (docs/evaluation.md holds them).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.engine import Engine
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "newsroom-paraphrases.json"
OUTLET = "Redaktion"


def main() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    engine = Engine(Settings(_env_file=None, data_dir=Path(tempfile.mkdtemp())))
    engine.ingest([ROOT / "demo" / "archive"])
    before = [engine.ask(item["question"]).answered for item in data["items"]]
    print(f"answered before the newsroom's answers: {sum(before)}/{len(before)}")
    ids = {engine.newsroom.add_answer(item["answer"], outlet=OUTLET, title=item["question"]) for item in data["items"]}
    found, asked = Counter(), Counter()
    for item in data["items"]:
        for lang, questions in item["paraphrases"].items():
            for question in questions:
                answer = engine.ask(question)
                hit = answer.answered and answer.best is not None and answer.best.article.id in ids
                right = hit and answer.best.quote in item["answer"]
                asked[lang] += 1
                found[lang] += int(right)
                print(f"{'ok ' if right else 'MISS'} {lang} {answer.confidence:6.3f} {question}")
    for lang in sorted(asked):
        print(f"{lang}: {found[lang]}/{asked[lang]}")
    print(f"all: {sum(found.values())}/{sum(asked.values())}")
    hijacked = [q for q in data["unrelated"] if (a := engine.ask(q)).answered and a.best.article.id in ids]
    print(f"unrelated questions answered from a newsroom article: {len(hijacked)}/{len(data['unrelated'])}")


if __name__ == "__main__":
    main()
