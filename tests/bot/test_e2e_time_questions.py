"""End to end, issue 25: the real bot process and model against the fake Telegram, over the Beit Qasr reports of
tests/index/test_time_answers.py. A period question, a "latest" question and a timeline, in German and in French
(a Ukrainian reader's two-word timeline in Ukrainian)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.bot.test_e2e import RunningBot, polling_bot
from tests.index.test_time_answers import REPORTS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    with polling_bot(tmp_path_factory.mktemp("bot-time"), REPORTS) as running:
        _, done = running.reindex()
        assert f"{len(REPORTS)} added" in done.text, done.text
        yield running
        running.assert_clean_shutdown()


def test_a_period_question_in_german_and_french(bot):
    german = bot.say(401, 401, "Was geschah im Dezember 2016 in Beit Qasr?", language_code="de")
    assert "🗓 Gesucht im Zeitraum: Dezember 2016" in german.text, german.text
    assert "Beit Qasr" in german.text and "Dazu finde ich" not in german.text
    french = bot.say(402, 402, "Que s'est-il passé à Beit Qasr mi-décembre 2016 ?", language_code="fr")
    assert "Période de recherche" in french.text and "green buses" in french.text, french.text


def test_latest_in_german_and_french(bot):
    german = bot.say(403, 403, "Was ist der neueste Stand in Beit Qasr?", language_code="de")
    assert german.text.startswith("<b>Stand: 14. Dezember 2016</b>"), german.text
    french = bot.say(404, 404, "Quelles sont les dernières nouvelles de Beit Qasr ?", language_code="fr")
    assert french.text.startswith("<b>Situation au 14 décembre 2016</b>"), french.text


def test_a_timeline_in_german_and_a_ukrainian_readers_language(bot):
    german = bot.say(405, 405, "/timeline Beit Qasr", language_code="de")
    assert german.text.startswith("<b>Chronik: Beit Qasr</b>"), german.text
    assert german.text.index("12. September 2016") < german.text.index("14. Dezember 2016")
    assert "Mon 12 Sep 2016" not in german.text
    ukrainian = bot.say(406, 406, "/timeline Beit Qasr", language_code="uk")  # two words: the reader's language
    assert ukrainian.text.startswith("<b>Хроніка: Beit Qasr</b>"), ukrainian.text
    assert "12 вересня 2016" in ukrainian.text, ukrainian.text
