"""Issue 25 with the real model, on reports written for this test about the invented town of Beit Qasr (September,
October, November and December 2016), a truce in the invented village of Ain Dafla, and unrelated news:

- "latest" answers from the newest report on the topic, and "what's new?" from the archive's newest;
- a question on a period and a topic is answered from that period's report on it, "nothing found" when the period
  holds nothing on the topic; English "mid-December" is a period;
- a timeline lists every report naming the town in its lead, also for the name in Cyrillic and for a topic that is
  not a place, and its lines are what happened, not the dateline.

(The trapped-count reports of 2 to 4 December are kept for bench/contested.py's window rule, which stays off by
default: docs/evaluation.md.)"""

from __future__ import annotations

from datetime import date

import pytest

from index.engine import Engine
from tests.conftest import ModelSettings

pytestmark = pytest.mark.model

REPORTS = {
    "qasr-09.txt": (
        "title: Shelling cuts water in Beit Qasr\ndate: 2016-09-12\nsource: North Desk\n\n"
        "Mon 12 Sep 2016 Shelling cuts water in Beit Qasr. Artillery fire hit the main water pipeline of Beit Qasr "
        "on Monday, leaving the eastern quarter without running water, the town council said."
    ),
    "qasr-10.txt": (
        "title: Beit Qasr clinic closes after shelling\ndate: 2016-10-20\nsource: Valley Post\n\n"
        "The only clinic in Beit Qasr closed its doors on Thursday after shells hit its roof, doctors said. "
        "Patients were sent to field hospitals outside the town."
    ),
    "qasr-11.txt": (
        "title: Ceasefire holds in Beit Qasr\ndate: 2016-11-05\nsource: North Desk\n\n"
        "A ceasefire agreed by both sides held in Beit Qasr for a second day on Saturday, and traders reopened "
        "the market, residents said."
    ),
    "qasr-12-un.txt": (
        "title: UN says thousands trapped in Beit Qasr\ndate: 2016-12-02\nsource: Valley Post\n\n"
        "About 3,000 civilians are trapped in the besieged eastern quarter of Beit Qasr, the United Nations said "
        "on Friday, calling for safe passage."
    ),
    "qasr-12-ngo.txt": (
        "title: Aid groups fear for besieged Beit Qasr quarter\ndate: 2016-12-03\nsource: Relief Monitor\n\n"
        "Some 3000 people remain trapped in the eastern quarter of Beit Qasr under siege, aid groups said on "
        "Saturday, citing the United Nations."
    ),
    "qasr-12-gov.txt": (
        "title: Government says few remain in Beit Qasr quarter\ndate: 2016-12-04\nsource: State Wire\n\n"
        "Only 800 people are still trapped in the eastern quarter of Beit Qasr, the provincial governor said on "
        "Sunday, rejecting the UN figure."
    ),
    "qasr-12-dead.txt": (
        "title: Shelling kills nine in Beit Qasr\ndate: 2016-12-03\nsource: North Desk\n\n"
        "Shelling killed nine people in the western quarter of Beit Qasr on Saturday, a monitoring group said."
    ),
    "qasr-12-buses.txt": (
        "title: Buses leave Beit Qasr\ndate: 2016-12-14\nsource: Valley Post\n\n"
        "A first convoy of green buses carried families out of the eastern quarter of Beit Qasr on Wednesday, "
        "after weeks of talks between the two sides."
    ),
    "dafla-truce.txt": (
        "title: Truce reached in Ain Dafla\ndate: 2016-11-20\nsource: State Wire\n\n"
        "Elders in Ain Dafla announced a truce between the militias on Sunday, ending a month of clashes in the "
        "village."
    ),
    "harvest.txt": (
        "title: Olive harvest begins in the hills\ndate: 2016-12-16\nsource: Farm Weekly\n\n"
        "Farmers in the western hills began the olive harvest this week and expect a good year after the rains, "
        "the agriculture office said."
    ),
    "football.txt": (
        "title: Cup final postponed\ndate: 2016-12-10\nsource: Sports Desk\n\n"
        "The national cup final was postponed by a week because of heavy snow in the capital, the football "
        "federation said."
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    root = tmp_path_factory.mktemp("time-answers")
    folder = root / "reports"
    folder.mkdir()
    for name, body in REPORTS.items():
        (folder / name).write_text(body, encoding="utf-8")
    found = Engine(model_settings(root / "data"), today=lambda: date(2026, 11, 26))
    assert found.ingest([folder]).added == len(REPORTS)
    return found


def _title(answer) -> str:
    return answer.best.article.title if answer.best else ""


@pytest.mark.parametrize(
    "question", ["What is the latest news from Beit Qasr?", "Was ist der neueste Stand in Beit Qasr?",
                 "Quelles sont les dernières nouvelles de Beit Qasr ?"]
)  # fmt: skip
def test_latest_is_the_newest_report_on_the_topic(engine, question):
    answer = engine.ask(question)
    assert answer.latest and answer.answered
    assert answer.best.article.date == "2016-12-14", _title(answer)


@pytest.mark.parametrize(
    "question", ["Какие последние новости из Бейт-Касра?", "Бейт Каср: что нового?", "ما آخر الأخبار من بيت قصر؟"]
)  # fmt: skip
def test_latest_in_another_script_is_the_newest_report_on_the_topic(engine, question):
    answer = engine.ask(question)
    assert answer.latest and answer.answered
    assert answer.best.article.date == "2016-12-14", _title(answer)


@pytest.mark.parametrize("question", ["Was gibt es Neues?", "What's new?"])
def test_whats_new_without_a_topic_gives_the_newest_report(engine, question):
    answer = engine.ask(question)
    assert answer.latest and answer.answered
    assert answer.best.article.date == "2016-12-16"


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("What happened in Beit Qasr in mid-December 2016?", "2016-12"),
        ("Was geschah im Dezember 2016 in Beit Qasr?", "2016-12"),
        ("Что произошло в Бейт-Касре в октябре 2016 года?", "2016-10"),
    ],
)
def test_a_period_question_is_answered_from_the_periods_report_on_the_topic(engine, question, month):
    answer = engine.ask(question)
    assert answer.period is not None
    assert answer.answered, answer.confidence
    assert answer.best.article.date.startswith(month) and "Qasr" in _title(answer), _title(answer)


def test_mid_december_is_read_as_a_period(engine):
    answer = engine.ask("What happened in Beit Qasr in mid-December 2016?")
    assert (answer.period.start, answer.period.end) == (date(2016, 12, 11), date(2016, 12, 20))
    assert answer.best.article.date == "2016-12-14"


def test_a_period_without_a_report_on_the_topic_finds_nothing(engine):
    answer = engine.ask("What happened in Ain Dafla in September 2016?")
    assert answer.period is not None
    assert not answer.answered, _title(answer)


QASR = {"2016-09-12", "2016-10-20", "2016-11-05", "2016-12-02", "2016-12-03", "2016-12-04", "2016-12-14"}


@pytest.mark.parametrize(
    "topic",
    [
        "Beit Qasr",
        "Бейт Каср",  # no lexical hit: read word by word as the archive's nearest words (Beit, Qasr)
        "بيت قصر",
    ],
)  # fmt: skip
def test_a_timeline_lists_every_report_naming_the_town(engine, topic):
    timeline = engine.timeline(topic)
    listed = {hit.article.date for hit in timeline.hits if "Qasr" in hit.article.title}
    assert listed == QASR, [hit.article.title for hit in timeline.hits]
    assert not any(hit.article.source == "Farm Weekly" for hit in timeline.hits)


def test_timeline_lines_say_what_happened_not_the_dateline(engine):
    timeline = engine.timeline("Beit Qasr")
    first = next(hit for hit in timeline.hits if hit.article.date == "2016-09-12")
    assert not first.quote.startswith("Mon 12 Sep 2016"), first.quote
    assert "pipeline" in first.quote


NOT_REACHED = pytest.mark.xfail(
    strict=True,
    reason="issue 25 not reached: a synonym (truce) in one report only: the "
    "archive's words a topic is read as must be in two articles; docs/evaluation.md",
)


@pytest.mark.parametrize("topic", [pytest.param("ceasefire", marks=NOT_REACHED),
                                   pytest.param("Waffenruhe", marks=NOT_REACHED)])  # fmt: skip
def test_a_timeline_on_a_topic_that_is_not_a_place(engine, topic):
    titles = {hit.article.title for hit in engine.timeline(topic).hits}
    assert {"Ceasefire holds in Beit Qasr", "Truce reached in Ain Dafla"} <= titles, titles
    assert "Cup final postponed" not in titles
