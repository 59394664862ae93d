"""Further sources under an answer, with the real model: only those that answer, marked as agreeing or differing."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.engine import Engine

BRIEFS = Path(__file__).resolve().parents[1] / "data" / "briefs"
DEMO = Path(__file__).resolve().parents[2] / "demo" / "archive"
QUICKSTART_QUESTION = "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?"


@pytest.fixture(scope="module")
def briefs_engine(tmp_path_factory, model_settings) -> Engine:
    engine = Engine(model_settings(tmp_path_factory.mktemp("briefs")))
    report = engine.ingest([BRIEFS])
    assert report.added == 5 and not report.errors
    return engine


@pytest.mark.parametrize(
    "question",
    [
        "How many people were killed by the car bomb at the bakery in Tal Hamid?",
        "Wie viele Menschen starben bei dem Anschlag auf die Bäckerei in Tal Hamid?",
    ],
)
def test_an_outlet_with_the_same_figure_is_listed_as_agreeing(briefs_engine, question: str):
    answer = briefs_engine.ask(question)
    assert answer.answered and "16" in answer.quote
    assert [(hit.article.title, hit.agrees) for hit in answer.sources] == [("Tal Hamid mourns bombing victims", True)]
    data = answer.to_dict()["sources"][0]
    assert data["agrees"] is True and data["values"] == {"main": [16], "source": [16]}


def test_an_outlet_with_another_figure_is_listed_as_differing_with_both_values(briefs_engine):
    answer = briefs_engine.ask("How many civilians were killed in the air strikes on the market in Kafr Sabun?")
    assert answer.answered
    assert len(answer.sources) == 1  # the harvest brief names the town, but does not answer
    source = answer.sources[0]
    assert source.agrees is False
    assert {answer.best.article.source, source.article.source} == {"North Desk", "Valley Post"}
    values = answer.to_dict()["sources"][0]["values"]
    assert sorted(values["main"] + values["source"]) == [25, 31]  # both, never merged


def test_a_question_without_a_second_answering_source_lists_none(briefs_engine):
    answer = briefs_engine.ask("Why have bread prices doubled around Kafr Sabun?")
    assert answer.answered and answer.best.article.source == "Farm Weekly"
    assert answer.sources == []


def test_the_quickstart_answer_lists_only_sources_that_answer_it(tmp_path, model_settings):
    engine = Engine(model_settings(tmp_path))
    engine.ingest([DEMO])
    answer = engine.ask(QUICKSTART_QUESTION)
    assert answer.answered and "275.000 Zivilisten" in answer.quote
    # The demo archive holds no other count of the trapped: before issue 17 it listed a report on deaths since the
    # ceasefire collapsed and one on Russia fighting extremists here.
    assert answer.sources == []
