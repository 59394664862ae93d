"""End to end, dates: the real bot process and model against the fake Telegram, over dated briefs written for this
test (sixteen reports on the water station of the invented town of Tal Hamid, one a day in September 2016, and
one undated). A dated question gets its period line, a period outside the archive the archive's range, and
/timeline pages through the reports with its *Next* button."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.bot.test_e2e import ADMIN_ID, RunningBot, polling_bot

pytestmark = pytest.mark.model

PUMPS = (
    "Engineers at the Tal Hamid water station said on day {day} of the repairs that {count} of the pumps were running "
    "again and that the reservoir above the old town held enough water for about {days} more days of rationing."
)
ARTICLES = {
    f"tal-hamid-{day:02d}.txt": (
        f"title: Tal Hamid water station, day {day}\ndate: 2016-09-{day:02d}\nsource: North Desk\n"
        f"url: https://example.org/tal-hamid/{day}\n\n" + PUMPS.format(day=day, count=day % 5 + 1, days=day + 2)
    )
    for day in range(1, 17)
}
ARTICLES["tal-hamid-undated.txt"] = (
    "title: Tal Hamid residents queue for water\nsource: Valley Post\n\n"
    "Residents of Tal Hamid queued for hours at the few public taps while the water station stayed under repair."
)


@pytest.fixture(scope="module")
def dated_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATES_RELATIVE_TO", "archive")  # "yesterday" = the day before the newest report
        with polling_bot(tmp_path_factory.mktemp("bot-dates"), ARTICLES) as running:
            _, done = running.reindex()
            assert "17 added" in done.text, done.text
            yield running
            running.assert_clean_shutdown()


def test_a_dated_question_gets_the_report_of_that_day_and_a_period_line(dated_bot):
    reply = dated_bot.say(301, 301, "How many pumps were running at the Tal Hamid water station on 7 September 2016?")
    assert "day 7 of the repairs" in reply.text
    assert "🗓 Period searched: 7 September 2016 (and 1 undated article)" in reply.text  # plural forms (catalogs)
    german = dated_bot.say(302, 302, "Wie viele Pumpen liefen gestern im Wasserwerk von Tal Hamid?")
    assert "day 15 of the repairs" in german.text  # the newest report is of 16 September
    assert "🗓 Gesucht im Zeitraum: 15. September 2016" in german.text


def test_a_period_outside_the_archive_gets_the_archive_range(dated_bot):
    reply = dated_bot.say(303, 303, "Was geschah im Mai 2012 in Tal Hamid?")
    assert reply.text == (
        "Zum Zeitraum Mai 2012 habe ich nichts: Das Archiv reicht vom 1. September 2016 bis 16. September 2016."
    )
    assert not reply.buttons()


def test_latest_shows_the_date_first(dated_bot):
    reply = dated_bot.say(304, 304, "What is the latest on the Tal Hamid water station?")
    assert reply.text.startswith("<b>As of 16 September 2016</b>"), reply.text


def test_timeline_pages_with_the_next_button(dated_bot):
    chat = 305
    first = dated_bot.say(chat, chat, "/timeline Tal Hamid water station")
    assert first.text.startswith("<b>Timeline: Tal Hamid water station</b> – reports 1 to ")
    assert first.text.index("1 September 2016") < first.text.index("2 September 2016")
    assert len(first.text) <= 4096
    buttons = first.buttons()
    assert list(buttons) == ["Next ▶"], buttons
    started = time.monotonic()
    notice = dated_bot.press(chat, first.result["message_id"], chat, buttons["Next ▶"])
    assert notice == ""
    second = dated_bot.next_reply(chat, started)
    shown = int(first.text.split(" to ")[1].split(" ")[0])
    assert f"reports {shown + 1} to " in second.text
    assert "16 September 2016" in second.text and "Valley Post" in second.text  # the undated report comes last
    again = dated_bot.press(chat, first.result["message_id"], chat, buttons["Next ▶"])
    assert again  # a repeated press posts nothing new, it gets a notice
    assert "already" in again.lower()
    other = dated_bot.press(306, first.result["message_id"], 306, buttons["Next ▶"])
    assert "not available in this chat" in other  # another chat cannot page this chat's timeline


def test_timeline_without_a_topic_explains_itself(dated_bot):
    assert "/timeline Aleppo" in dated_bot.say(ADMIN_ID + 1, ADMIN_ID + 1, "/timeline").text
