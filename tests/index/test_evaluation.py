"""``crisisbot eval`` on a tiny SQuAD file, with the real model (a smoke of the full evaluation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.cli import main
from index.evaluation import EvalSetup, build_engine, evaluate, load_squad, run_evaluation
from tests.conftest import DATA, ModelSettings

TINY = DATA / "tiny-squad.de.json"
TINY_EN = DATA / "tiny-squad.en-questions.json"


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings):
    work = tmp_path_factory.mktemp("eval")
    settings = model_settings(work / "unused")
    squad = load_squad(TINY)
    return build_engine(EvalSetup(file=TINY, work_dir=work / "index"), settings, squad), squad


def test_gold_positions_point_at_the_answers():
    squad = load_squad(TINY)
    texts = {record.origin: record.text for record in squad.records}
    for question in squad.questions:
        text = texts[question.article_origin]
        assert text[question.answer_offset :].startswith(question.answers[0])


def test_german_questions(tiny_engine):
    engine, squad = tiny_engine
    result = evaluate(engine, squad)
    assert result["questions"] == 6
    assert result["recall_at_1"] >= 0.8 and result["recall_at_5"] == 1.0
    assert result["answer_in_quote"] >= 0.8
    assert result["no_answer_rate"] <= 0.2
    assert result["quote_chars_median"] <= 250


def test_english_questions_against_german_text(tiny_engine):
    engine, squad = tiny_engine
    english = {q.id: q.text for q in load_squad(TINY_EN).questions}
    result = evaluate(engine, squad, questions_from=english)
    assert result["recall_at_1"] >= 0.8 and result["answer_in_quote"] >= 0.6


def test_unanswerable_mode_leaves_the_gold_paragraph_out(tiny_engine):
    engine, squad = tiny_engine
    result = evaluate(engine, squad, unanswerable=True)
    assert result["recall_at_5"] == 0.0 and result["answer_in_quote"] == 0.0
    assert result["no_answer_rate"] >= 0.5


def test_the_command_prints_the_documented_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model_settings: ModelSettings
):
    model_settings(tmp_path)  # skips without the model
    code = main(["eval", str(TINY), "--questions", str(TINY_EN), "--json", "--work-dir", str(tmp_path / "w")])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    for key in (
        "recall_at_1",
        "recall_at_5",
        "mrr_at_10",
        "answer_in_quote",
        "quote_chars_median",
        "no_answer_rate",
        "latency_ms_p50",
        "questions",
    ):
        assert key in result
    assert result["questions"] == 6


def test_run_evaluation_reports_questions_without_a_match(tmp_path: Path, model_settings: ModelSettings):
    partial = tmp_path / "one-question.json"
    data = json.loads(TINY_EN.read_text(encoding="utf-8"))
    first = data["data"][0]["paragraphs"][0]
    first["qas"] = first["qas"][:1]
    data["data"] = [{**data["data"][0], "paragraphs": [first]}]
    partial.write_text(json.dumps(data), encoding="utf-8")
    run = run_evaluation(
        EvalSetup(file=TINY, work_dir=tmp_path / "w"), model_settings(tmp_path / "unused"), questions=partial, limit=2
    )
    assert run.warnings == [f"5 questions of {TINY} have no match in {partial}"]
    assert run.metrics["questions"] == 2 and len(run.details) == 2
    assert run.details[0]["id"] == data["data"][0]["paragraphs"][0]["qas"][0]["id"]
