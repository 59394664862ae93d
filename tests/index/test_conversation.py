"""Follow-up questions and the questions that got nothing (issue 14); alerts: tests/bot/test_alert_runs.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.conversations import open_conversations, store_url
from index.answer.answers import FollowUp
from index.cli import main
from index.engine import Engine
from tests.conftest import ModelSettings

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "archive"
BRIEFS = REPO / "tests" / "data" / "briefs"
UNANSWERED = json.loads((REPO / "tests" / "data" / "unanswered-questions.json").read_text("utf-8"))["groups"]

VETO = """title: Russland blockiert Resolution zu Aleppo
date: 2016-10-09
source: Testzeitung
url: https://example.org/de/veto

Russland hat im UN-Sicherheitsrat sein Veto gegen den französischen Resolutionsentwurf für eine Waffenruhe in \
Aleppo eingelegt. Zwölf der fünfzehn Mitglieder des Rates hatten für den Text gestimmt.
"""
FOOTBALL = """title: Cup final ends in a draw
date: 2016-10-09
source: Sports Desk

The cup final ended in a goalless draw on Sunday; the replay is set for next week. Tickets go on sale on Monday.
"""


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    engine = Engine(model_settings(tmp_path_factory.mktemp("conversation")))
    report = engine.ingest([DEMO, BRIEFS])
    assert report.added == 11 and not report.errors
    return engine


def _file(engine: Engine, article_id: str | None) -> str:
    names = {aid: Path(origin).name for root in (DEMO, BRIEFS) for origin, aid in engine.origins(str(root)).items()}
    return names.get(article_id or "", "")


# --- follow-ups ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "followup", "gold", "expected"),
    [
        ("Wer hat die Gespräche über eine Waffenruhe in Syrien abgebrochen?", "Und warum?", "de-01", "Zusagen"),
        ("Was fordert Steinmeier für Ost-Aleppo?", "Für wen?", "de-02", "Rote Kreuz"),
        ("How many civilians were killed in Aleppo after the ceasefire ended?", "Who says so?", "en-02", "Observatory"),
    ],
)
def test_a_follow_up_is_answered_in_the_earlier_answers_context(demo_engine, first, followup, gold, expected):
    earlier = demo_engine.ask(first)
    assert earlier.answered and _file(demo_engine, earlier.article.id).startswith(gold)
    alone = demo_engine.ask(followup)
    assert not (alone.answered and expected in (alone.quote or "")), "the follow-up alone must not answer it already"
    answer = demo_engine.ask(followup, after=FollowUp(first, earlier.article.id))
    assert answer.answered and expected in answer.quote
    assert answer.question == followup  # the reader's own words are recorded, not the combined query


def test_a_follow_up_on_another_subject_still_finds_the_better_article(demo_engine):
    earlier = demo_engine.ask("Who did Lavrov speak to on the phone?")
    answer = demo_engine.ask(
        "How many people died in the Tal Hamid bombing?", after=FollowUp(earlier.question, earlier.article.id)
    )
    assert _file(demo_engine, answer.best.article.id).startswith("tal-hamid")


def test_the_cli_asks_a_follow_up_after_an_earlier_question(demo_engine, monkeypatch, capsys):
    monkeypatch.setattr("index.cli._engine", lambda settings, bars=None: demo_engine)  # the model loaded once
    code = main(["ask", "--json", "--after", "Who did Lavrov speak to on the phone?", "And who asked for the call?"])
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["answered"] and "request of the United States" in answer["quote"]
    assert answer["question"] == "And who asked for the call?"


# --- unanswered -----------------------------------------------------------------------------------------


def test_unanswered_questions_are_grouped_by_meaning(demo_engine, monkeypatch, capsys, tmp_path):
    questions = [*UNANSWERED[6], UNANSWERED[7][0], UNANSWERED[0][0], UNANSWERED[0][2]]  # 3 pie, 1 football, 2 Idlib
    monkeypatch.setenv("DATA_DIR", str(tmp_path))  # the CLI's conversation store: tmp_path/conversations.db
    conversations = open_conversations(store_url(None, tmp_path))
    for number, question in enumerate(questions):
        answer = demo_engine.ask(question)
        assert not answer.answered, question
        row = {"chat_id": 500 + number, "user_id": 900 + number, "question": answer.question, "answered": 0}
        conversations.store.record_question(row)
    conversations.close()
    groups = demo_engine.group_unanswered(questions)
    expected = [(3, UNANSWERED[6][0]), (2, UNANSWERED[0][0]), (1, questions[3])]
    assert [(g.count, g.example) for g in groups[:3]] == expected
    monkeypatch.setattr("index.cli._engine", lambda settings, bars=None: demo_engine)  # the model loaded once
    assert main(["unanswered", "--days", "1"]) == 0
    printed = capsys.readouterr().out
    assert f"    3  {UNANSWERED[6][0]}" in printed and "900" not in printed  # counts and texts, no user ids
    assert main(["unanswered", "--days", "0"]) == 2
