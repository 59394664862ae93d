"""Follow-up questions, followed topics with their alerts, and the questions that got nothing (issue 14)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from index.answer.answers import FollowUp
from index.cli import main
from index.engine import Engine
from index.store.archive import Archive
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


# --- alerts ----------------------------------------------------------------------------------------------


def test_alerts_bring_each_new_matching_article_once(tmp_path: Path, model_settings: ModelSettings, demo_engine):
    engine = Engine(model_settings(tmp_path / "data"), embedder=demo_engine.embedder)
    engine.ingest([DEMO])
    assert engine.follow(1, "UN-Resolution für eine Waffenruhe in Aleppo", lang="de")
    assert not engine.follow(1, "un-resolution  für eine Waffenruhe in Aleppo")  # the same topic
    assert engine.follow(2, "Fußball-Bundesliga")
    assert engine.alerts(max_per_chat=3) == []  # the archive from before the follow alerts nothing
    new = tmp_path / "new"
    new.mkdir()
    (new / "veto.de.txt").write_text(VETO, encoding="utf-8")
    (new / "football.en.txt").write_text(FOOTBALL, encoding="utf-8")
    engine.ingest([new])
    alerts = engine.alerts(max_per_chat=3)
    assert [(a.chat_id, a.hit.article.url, a.lang) for a in alerts] == [(1, "https://example.org/de/veto", "de")]
    assert alerts[0].hit.quote in VETO  # verbatim
    assert engine.alerts(max_per_chat=3) == []  # never sent twice
    assert engine.following(1) == ["UN-Resolution für eine Waffenruhe in Aleppo"]
    assert engine.unfollow(1, "1") == "UN-Resolution für eine Waffenruhe in Aleppo"
    assert engine.unfollow(1, "1") is None and engine.following(1) == []


def test_alerts_stop_at_the_cap_per_chat(tmp_path: Path, model_settings: ModelSettings, demo_engine):
    engine = Engine(model_settings(tmp_path / "data"), embedder=demo_engine.embedder)
    engine.follow(1, "car bomb in Tal Hamid")
    engine.follow(2, "car bomb in Tal Hamid")
    engine.ingest([BRIEFS])  # two outlets report the bombing
    alerts = engine.alerts(max_per_chat=1)
    assert sorted(a.chat_id for a in alerts) == [1, 2]
    assert all("Tal Hamid" in a.hit.article.title for a in alerts)
    assert engine.alerts(max_per_chat=1) == []  # the one left out is not sent later either


# --- unanswered -----------------------------------------------------------------------------------------


def test_unanswered_questions_are_grouped_by_meaning(demo_engine, monkeypatch, capsys):
    questions = [*UNANSWERED[6], UNANSWERED[7][0], UNANSWERED[0][0], UNANSWERED[0][2]]  # 3 pie, 1 football, 2 Idlib
    for number, question in enumerate(questions):
        answer = demo_engine.ask(question)
        assert not answer.answered, question
        demo_engine.record_question(answer, chat_id=500 + number, user_id=900 + number)
    groups = demo_engine.unanswered(days=1)
    expected = [(3, UNANSWERED[6][0]), (2, UNANSWERED[0][0]), (1, questions[3])]
    assert [(g.count, g.example) for g in groups[:3]] == expected
    monkeypatch.setattr("index.cli._engine", lambda settings, bars=None: demo_engine)  # the model loaded once
    assert main(["unanswered", "--days", "1"]) == 0
    printed = capsys.readouterr().out
    assert f"    3  {UNANSWERED[6][0]}" in printed and "900" not in printed  # counts and texts, no user ids
    assert main(["unanswered", "--days", "0"]) == 2


def test_the_usage_log_finds_the_question_behind_a_reply_and_old_databases_migrate(tmp_path: Path):
    path = tmp_path / "archive.db"
    Archive(path).close()
    with sqlite3.connect(path) as db:  # back to a database from before follow-ups and alerts
        db.execute("DROP INDEX questions_by_reply")
        db.execute("ALTER TABLE questions DROP COLUMN reply_message_id")
        db.execute("DROP TABLE follows")
        db.execute("DROP TABLE alert_checked")
    archive = Archive(path)
    usage = archive.usage
    answered = usage.record_question({"chat_id": 5, "user_id": 6, "question": "Q1", "answered": 1, "article_id": "a"})
    refused = usage.record_question({"chat_id": 5, "user_id": 6, "question": "Q2", "answered": 0, "article_id": None})
    usage.set_reply_message(answered, 40)
    usage.set_reply_message(refused, 41)
    assert usage.question_for_reply(5, 40) == ("Q1", "a")
    assert usage.question_for_reply(5, 41) == ("Q2", None)
    assert usage.question_for_reply(6, 40) is None  # another chat's message
    assert usage.unanswered("2000-01-01") == ["Q2"]
    assert archive.follows.add(5, "Aleppo") and archive.follows.of_chat(5)[0].topic == "Aleppo"
