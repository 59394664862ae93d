"""Language detection on questions: share detected right per language, and the time per question.

    python bench/language_detection.py

The dev set's 612 XQuAD questions in each of its twelve languages (``../shared/eval/xquad-dev.*.json``), plus
short questions written for this (German, English, and Ukrainian and Kurdish, which have no evaluation data), go
through ``index.text.language.detect_language``. Prints one row per language; asserts nothing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.text.language import detect_language

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
XQUAD = "ar de el en es hi ro ru th tr vi zh".split()
SHORT = {
    "de": ["Wie viele Tote?", "Wer hat Aleppo bombardiert?", "Wann begann die Waffenruhe?", "Was geschah in Homs?",
           "Opferzahl Idlib", "Gibt es Hilfe für Flüchtlinge?"],
    "en": ["How many dead?", "Who bombed Aleppo?", "When did the ceasefire start?", "What happened in Homs?",
           "death toll Idlib", "Is there aid for refugees?"],
    "uk": ["Скільки людей загинуло в Алеппо?", "Хто бомбардував лікарню?", "Коли почалося перемир'я?",
           "Чому США призупинили переговори з Росією?", "З ким Лавров розмовляв телефоном?"],
    "ckb": ["چەند کەس لە حەلەب کوژران؟", "کێ نەخۆشخانەکەی بۆمباران کرد؟", "ئاگربەست کەی دەستی پێکرد؟"],
    "ku": ["Çend kes li Helebê hatin kuştin?", "Kê nexweşxane bombebaran kir?", "Agirbest kengî dest pê kir?"],
}  # fmt: skip


def main() -> None:
    rows = []
    for lang in XQUAD:
        data = json.loads((SHARED / f"xquad-dev.{lang}.json").read_text(encoding="utf-8"))["data"]
        rows.append((lang, [qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]]))
    rows += [(f"{lang} (short)", texts) for lang, texts in SHORT.items()]
    detect_language("warm up")
    total, started = 0, time.perf_counter()
    print(f"{'questions':14}{'n':>5}{'right':>8}  most common other")
    for label, texts in rows:
        lang = label.split()[0]
        found = [detect_language(text) for text in texts]
        total += len(texts)
        wrong = [f for f in found if f != lang]
        common = max(set(wrong), key=wrong.count) if wrong else ""
        print(f"{label:14}{len(texts):5}{sum(f == lang for f in found) / len(texts):8.3f}  {common}")
    print(f"{(time.perf_counter() - started) / total * 1000:.2f} ms a question")


if __name__ == "__main__":
    main()
