"""Dated and "latest" questions and timelines with the real model on a small dated archive written for these tests:
the same kind of event (a market strike in the invented town of Kafr Sabun) reported on three dates, one
undated report, and an unrelated one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.cli import main
from index.engine import Engine
from tests.conftest import ModelSettings

BRIEFS = {
    "sabun-2016-09.txt": (
        "title: Market strike in Kafr Sabun\ndate: 2016-09-15\nsource: North Desk\n\n"
        "Air strikes on the vegetable market of Kafr Sabun killed 25 civilians on Thursday morning, a monitoring "
        "group said. The market had reopened only a week earlier."
    ),
    "sabun-2017-03.txt": (
        "title: Kafr Sabun market hit again\ndate: 2017-03-15\nsource: Valley Post\n\n"
        "Warplanes struck the rebuilt market of Kafr Sabun on Wednesday and killed 12 civilians, rescuers said. "
        "Traders had returned to the market in January."
    ),
    "sabun-2017-06.txt": (
        "title: Third raid on Kafr Sabun market\ndate: 2017-06-02\nsource: North Desk\n\n"
        "An air strike on the market of Kafr Sabun killed 7 people on Friday, the local council said. "
        "The council asked traders to keep the market closed."
    ),
    "sabun-undated.txt": (
        "title: Kafr Sabun traders speak\nsource: Valley Post\n\n"
        "Traders in Kafr Sabun say the market has been bombed more often than any other place in the province. "
        "Many have moved their stalls into cellars."
    ),
    "harvest.txt": (
        "title: Wheat harvest in the north\ndate: 2016-09-10\nsource: Farm Weekly\n\n"
        "Farmers in the northern plains expect a poor wheat harvest after a dry spring, the agriculture office said."
    ),
}


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> tuple[Engine, Path]:
    root = tmp_path_factory.mktemp("dated")
    folder = root / "briefs"
    folder.mkdir()
    for name, body in BRIEFS.items():
        (folder / name).write_text(body, encoding="utf-8")
    engine = Engine(model_settings(root / "data"), today=lambda: date(2017, 3, 16))
    assert engine.ingest([folder]).added == len(BRIEFS)
    return engine, root / "data"


def test_the_period_picks_the_report_of_its_date(dated):
    engine, _ = dated
    question = "How many civilians were killed in the air strike on the Kafr Sabun market in March 2017?"
    answer = engine.ask(question)
    assert answer.answered and "12 civilians" in answer.quote
    assert (answer.period.start, answer.period.end) == (date(2017, 3, 1), date(2017, 3, 31))
    assert answer.undated_included == 1  # searched too (a period cannot rule it out), and the reply says so
    earlier = engine.ask(
        "Wie viele Zivilisten wurden im September 2016 beim Angriff auf den Markt von Kafr Sabun getötet?"
    )
    assert earlier.answered and "25 civilians" in earlier.quote
    assert earlier.period.label("de") == "September 2016"
    payload = answer.to_dict()
    assert payload["period"] == {"start": "2017-03-01", "end": "2017-03-31", "words": "in March 2017"}


def test_relative_dates_count_from_the_injected_today(dated):
    engine, _ = dated
    answer = engine.ask("How many civilians did the strike on the Kafr Sabun market kill yesterday?")
    assert (answer.period.start, answer.period.end) == (date(2017, 3, 15), date(2017, 3, 15))
    assert answer.answered and "12 civilians" in answer.quote


def test_a_period_outside_the_archive_gets_its_range(dated):
    engine, _ = dated
    answer = engine.ask("Was geschah im Mai 2012 in Kafr Sabun?")
    assert answer.out_of_range and not answer.answered and answer.best is None
    assert answer.archive_range == ("2016-09-10", "2017-06-02")


def test_latest_prefers_the_newest_relevant_report(dated):
    engine, _ = dated
    answer = engine.ask("What is the latest on the Kafr Sabun market?")
    assert answer.latest and answer.period is None
    assert answer.best.article.date == "2017-06-02"
    undated = engine.ask("What is the latest on the Kafr Sabun market?", dates=False)
    assert not undated.latest


def test_timeline_lists_the_relevant_reports_in_date_order(dated):
    engine, _ = dated
    timeline = engine.timeline("Kafr Sabun market strikes")
    dates = [hit.article.date for hit in timeline.hits]
    assert dates[:3] == ["2016-09-15", "2017-03-15", "2017-06-02"]
    assert "2016-09-10" not in dates  # the harvest report is below the relevance threshold
    assert all(hit.quote in hit.passage_text for hit in timeline.hits)
    assert dates[3:] in ([], [None])  # the undated report, if relevant, comes last
    limited = engine.timeline("Kafr Sabun market strikes in 2017")
    assert [hit.article.date for hit in limited.hits] == ["2017-03-15", "2017-06-02", None]  # undated: searched too


def test_cli_ask_and_timeline_show_the_period(dated, monkeypatch, capsys):
    _, data_dir = dated
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATES_RELATIVE_TO", "archive")
    assert main(["ask", "Wie viele Menschen starben im Juni 2017 beim Angriff auf den Markt von Kafr Sabun?"]) == 0
    out = capsys.readouterr().out
    assert "7 people" in out and "Gesucht im Zeitraum: Juni 2017" in out and "1 Artikel ohne Datum" in out
    assert main(["ask", "What happened in Kafr Sabun in 2012?", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["out_of_range"] and payload["archive_range"] == ["2016-09-10", "2017-06-02"]
    assert main(["ask", "What happened in Kafr Sabun in 2012?"]) == 0
    assert "the archive covers 10 September 2016 to 2 June 2017" in capsys.readouterr().out
    assert main(["timeline", "Kafr Sabun market strikes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("15 September 2016 · North Desk · Market strike in Kafr Sabun")
    assert "“" in lines[1]
