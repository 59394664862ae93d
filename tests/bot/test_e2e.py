"""End to end: the real bot process, the real engine and model, a small archive, a fake Telegram.

Longer than ~350 lines on purpose: the test articles and the running-bot helpers are shared by every
scenario, and the scenarios are one user journey each.

One bot process (``crisisbot run``, or ``python -m bot``) serves most of the module; it
talks to :class:`tests.bot.fake_bot_api.FakeBotApi` through TELEGRAM_API_BASE_URL. Each test
uses its own chat and user ids, so that answers and rate limits do not mix, and asserts only
what holds whatever ran before it (the tests that add articles may run first). Waits are
for events (a reply, a served update, a log line), never fixed sleeps.
The archive starts empty: the fixture loads it with an admin's /reindex; when the module is
done, the fixture stops the bot and checks that it shut down cleanly and never logged its token.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import DEFAULT_PROGRESS_EDIT_SECONDS
from index.model.model_fetch import is_model_ready
from index.settings import Settings
from tests.bot.fake_bot_api import Call, FakeBotApi, parse_telegram_html
from tests.conftest import BOT_VARIABLES
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import page

pytestmark = pytest.mark.model

REPO_ROOT = Path(__file__).resolve().parents[2]
TOKEN = "918273645:AAE2eFakeTokenNeverLogged_x7Qk2Zr9PmWv"
ADMIN_ID = 4242
RATE_LIMIT_PER_MINUTE = 3
ACTION_RATE_LIMIT_PER_MINUTE = 6
STARTUP_TIMEOUT_S = 240
REINDEX_TIMEOUT_S = 180
ANSWER_TIMEOUT_S = 60
LOG_TIMEOUT_S = 30
EDIT_INTERVAL_TOLERANCE_S = 1.4
SHUTDOWN_TIMEOUT_S = 30
SCHEDULE_MINUTES = 0.1
WEB_PAGE = "/news/talks-suspended.html"
BRIEFS = REPO_ROOT / "tests" / "data" / "briefs"
CLEARED_VARIABLES = (
    *BOT_VARIABLES,
    "DATA_DIR",
    "ARCHIVE_SOURCES",
    "EMBEDDING_MODEL",
    "EMBEDDING_DIM",
    "ANSWER_THRESHOLD",
    "MAX_SOURCES",
    "REINDEX_EVERY_MINUTES",
    "KEEP_REMOVED_ARTICLES",
)

# Short news briefs written for these tests.
ARTICLES = {
    "lawrow-kerry.de.txt": """title: Lawrow und Kerry telefonieren wieder
date: 2016-10-05
source: Testzeitung
url: https://example.org/de/lawrow-kerry?teil=1&seite=2

Zwei Tage nach dem Abbruch der Gespräche über eine Waffenruhe haben der russische Außenminister Sergej Lawrow und \
sein amerikanischer Kollege John Kerry wieder miteinander telefoniert. Das teilte das Außenministerium in Moskau am \
Mittwoch mit. Das Gespräch sei auf Wunsch Washingtons zustande gekommen.

In Ost-Aleppo ist die humanitäre Lage nach Angaben der Vereinten Nationen katastrophal. Bei Luftangriffen wurden in \
der vergangenen Woche mehrere Krankenhäuser zerstört.
""",
    "aleppo-food.en.txt": """title: UN warns food in eastern Aleppo is running out
date: 2016-10-07
source: Test Herald
url: https://example.org/en/aleppo-food

The United Nations warned on Friday that the last food rations in eastern Aleppo will run out by the end of \
October. About 275,000 people are trapped in the besieged districts of the city.

The UN envoy for Syria, Staffan de Mistura, offered to personally accompany the fighters of the Nusra Front out of \
the city if that would stop the bombardment.
""",
    "kerry-war-crimes.en.txt": """title: Kerry calls for war crimes inquiry
date: 2016-10-08
source: Test Herald

US Secretary of State John Kerry called for an investigation into war crimes by Russia and the Syrian government \
over the bombing of hospitals in Aleppo. Moscow rejected the accusation as propaganda.

France is drafting a resolution for the UN Security Council that demands an immediate ceasefire in Aleppo and a \
ban on military flights over the city.
""",
}
NEW_ARTICLE = (
    "veto.de.txt",
    """title: Russland blockiert Resolution zu Aleppo
date: 2016-10-09
source: Testzeitung

Russland hat im UN-Sicherheitsrat sein Veto gegen den französischen Resolutionsentwurf für eine Waffenruhe in \
Aleppo eingelegt. Der Entwurf hatte ein sofortiges Ende der Luftangriffe auf die Stadt gefordert.

Ein russischer Gegenentwurf fand ebenfalls keine Mehrheit. Der französische Außenminister Jean-Marc Ayrault sprach \
von einem traurigen Tag für Syrien.

Zwölf der fünfzehn Mitglieder des Rates hatten für den französischen Text gestimmt. China enthielt sich der \
Stimme, Venezuela stimmte zusammen mit Russland dagegen. Es war das fünfte russische Veto zu Syrien seit Beginn \
des Krieges.

Der russische Entwurf hätte die Trennung der gemäßigten Rebellen von der früheren Nusra-Front in den Mittelpunkt \
gestellt, ein Flugverbot über Aleppo aber nicht vorgesehen. Dafür stimmten nur vier Staaten.

Während in New York abgestimmt wurde, gingen die Luftangriffe auf die östlichen Viertel Aleppos weiter. \
Helfer berichteten von Dutzenden Toten und eingestürzten Wohnhäusern in den Stadtteilen am Rand der Altstadt.

Die Vereinten Nationen riefen erneut zu einer Feuerpause von wenigstens 48 Stunden auf, damit Verletzte aus der \
Stadt gebracht und Lebensmittel geliefert werden können. Bisher hat keine Seite dem zugestimmt.

In Berlin kündigte die Bundesregierung an, sich weiter für eine Wiederaufnahme der Gespräche zwischen Washington \
und Moskau einzusetzen. Sanktionen gegen Russland wegen der Angriffe auf Aleppo seien derzeit kein Thema, hieß es.

In Genf sollen sich in der kommenden Woche Diplomaten aus den USA, Russland und mehreren Staaten der Region \
treffen. Erwartungen an das Treffen dämpfte ein Sprecher des Auswärtigen Amtes.

Hintergrund

Seit dem Ende der letzten Feuerpause im September hat sich die Lage in Aleppo deutlich verschärft. Die syrische \
Armee rückt mit russischer Unterstützung von Norden und Süden auf die Rebellengebiete vor.

Nach Angaben von Ärzten vor Ort sind nur noch wenige Krankenhäuser im Osten der Stadt in Betrieb. Viele Ärzte \
arbeiten in Kellern, weil die Gebäude darüber mehrfach getroffen wurden.

Die Wasserversorgung ist in weiten Teilen der Stadt unterbrochen, seit eine Pumpstation beschädigt wurde. \
Hilfsorganisationen warnen vor Krankheiten, wenn die Menschen auf Brunnenwasser ausweichen müssen.

Ein Hilfskonvoi der Vereinten Nationen wartet seit Tagen an der türkischen Grenze. Die Lastwagen dürfen nicht \
losfahren, solange keine Sicherheitsgarantien aller Konfliktparteien vorliegen.

Reaktionen

Die Außenminister der Europäischen Union wollen am Montag in Luxemburg über die Lage beraten. Mehrere Staaten \
fordern, die Verantwortlichen für die Angriffe auf Krankenhäuser vor Gericht zu stellen.

Der britische Außenminister Boris Johnson rief zu Protesten vor der russischen Botschaft in London auf. Moskau \
wies die Kritik zurück und warf dem Westen vor, die Rebellen in Aleppo zu schützen.

Der türkische Präsident Recep Tayyip Erdogan telefonierte nach Angaben seines Büros mit Wladimir Putin. Beide \
hätten vereinbart, die Bemühungen um humanitäre Hilfe für Aleppo fortzusetzen.

Im Iran, dem wichtigsten regionalen Verbündeten der syrischen Regierung, begrüßten Regierungsvertreter das \
russische Veto. Der französische Entwurf sei einseitig gewesen, hieß es in Teheran.

Ausblick

Beobachter rechnen nicht mit einer raschen Einigung im Sicherheitsrat. Zu weit lägen die Positionen Russlands und \
der westlichen Staaten auseinander, sagte ein Diplomat in New York.

Frankreich kündigte an, den Internationalen Strafgerichtshof einschalten zu wollen. Ob das gelingt, ist offen, \
weil Russland und Syrien die Zuständigkeit des Gerichts nicht anerkennen.
""",
)


def blockquote(message: str) -> str:
    match = re.search(r"<blockquote>(.*?)</blockquote>", message, flags=re.DOTALL)
    assert match, f"no blockquote in {message!r}"
    return match.group(1)


def bot_command() -> list[str]:
    cli = Path(sys.executable).with_name("crisisbot")
    return [str(cli), "run"] if cli.exists() else [sys.executable, "-m", "bot"]


def bot_environment(api: FakeBotApi, data_dir: Path, archive: Path, token: str = TOKEN) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CLEARED_VARIABLES}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=api.base_url,
        ADMIN_IDS=str(ADMIN_ID),
        RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT_PER_MINUTE),
        ACTION_RATE_LIMIT_PER_MINUTE=str(ACTION_RATE_LIMIT_PER_MINUTE),
        DATA_DIR=str(data_dir),
        ARCHIVE_SOURCES=str(archive),
        ALLOW_PRIVATE_HOSTS="127.0.0.1",  # exactly the local web server of the /add test
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class RunningBot:
    api: FakeBotApi
    process: subprocess.Popen
    log_path: Path
    archive: Path
    data_dir: Path

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def say(self, chat_id: int, user_id: int, text: str, **options) -> Call:
        """Send ``text`` and return the bot's next message in that chat."""
        started = time.monotonic()
        self.api.send_text(chat_id, user_id, text, **options)
        return self.next_reply(chat_id, started)

    def next_reply(self, chat_id: int, after: float, timeout: float = ANSWER_TIMEOUT_S) -> Call:
        try:
            return self.api.wait_for_call("sendMessage", lambda c: c.chat_id == chat_id, after=after, timeout=timeout)
        except TimeoutError as error:
            raise AssertionError(f"{error}\n--- bot log ---\n{self.logs()[-4000:]}") from error

    def callback_answer(self, after: float) -> str:
        """The text of the next answerCallbackQuery (the notice under a pressed button)."""
        call = self.api.wait_for_call("answerCallbackQuery", after=after, timeout=ANSWER_TIMEOUT_S)
        return call.params.get("text", "")

    def press(self, chat_id: int, message_id: int, user_id: int, data: str, **options) -> str:
        started = time.monotonic()
        self.api.press_button(chat_id, message_id, user_id, data, **options)
        return self.callback_answer(started)

    def wait_for_edit(self, chat_id: int, message_id: int, contains: str, timeout: float) -> Call:
        def matches(call: Call) -> bool:
            return call.chat_id == chat_id and call.params.get("message_id") == message_id and contains in call.text

        try:
            return self.api.wait_for_call("editMessageText", matches, timeout=timeout)
        except TimeoutError as error:
            raise AssertionError(f"{error}\n--- bot log ---\n{self.logs()[-4000:]}") from error

    def wait_for_log(self, text: str, *, count: int = 1, timeout: float = LOG_TIMEOUT_S) -> str:
        """The bot's log once ``text`` appears in it ``count`` times (the log is the bot's own event stream)."""
        deadline = time.monotonic() + timeout
        while (logs := self.logs()).count(text) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged {count} time(s):\n{logs[-4000:]}")
            time.sleep(0.1)
        return logs

    def assert_clean_shutdown(self) -> None:
        """SIGTERM ends the bot with exit code 0, and its log holds no token, no traceback, no failed call."""
        assert self.stop() == 0, self.logs()[-4000:]
        logs = self.logs()
        assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
        assert "Traceback" not in logs, logs[-4000:]
        failed = [call for call in self.api.calls if not call.ok]
        assert not failed, [(call.method, call.error) for call in failed]

    def reindex(self, timeout: float = REINDEX_TIMEOUT_S) -> tuple[Call, Call]:
        """An admin's /reindex: the progress message and its final edit."""
        progress = self.say(ADMIN_ID, ADMIN_ID, "/reindex")
        assert "Reindexing" in progress.text, progress.text
        done = self.wait_for_edit(ADMIN_ID, progress.result["message_id"], "Archive reindexed", timeout)
        return progress, done

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(SHUTDOWN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def require_model() -> None:
    cache = Settings(_env_file=None).model_cache_dir
    if not is_model_ready(cache):
        pytest.skip(f"EmbeddingGemma is not in {cache}: run `crisisbot model` first (this test loads the real model)")


@contextmanager
def bot_process(
    api: FakeBotApi, root: Path, *, log_name: str = "bot.log", env: dict[str, str] | None = None
) -> Iterator[RunningBot]:
    """A bot process over ``root``/archive and ``root``/data polling ``api``, with ``env`` on top of
    :func:`bot_environment`; stopped when the block ends (the folders stay, for a restart)."""
    archive, data_dir, log_path = root / "archive", root / "data", root / log_name
    environment = {**bot_environment(api, data_dir, archive), **(env or {})}
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(bot_command(), cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT)
        running = RunningBot(api, process, log_path, archive, data_dir)
        try:
            try:
                api.wait_for_call("getUpdates", after=started, timeout=STARTUP_TIMEOUT_S)
            except TimeoutError:
                pytest.fail(f"the bot did not start polling (exit {process.poll()}):\n{running.logs()[-4000:]}")
            yield running
        finally:
            running.stop()


@contextmanager
def polling_bot(root: Path, articles: dict[str, str]) -> Iterator[RunningBot]:
    """A bot process that polls a fresh FakeBotApi, over a folder holding ``articles`` (not yet indexed)."""
    require_model()
    archive = root / "archive"
    archive.mkdir()
    for name, body in articles.items():
        (archive / name).write_text(body, encoding="utf-8")
    with FakeBotApi(TOKEN) as api, bot_process(api, root) as running:
        yield running


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Iterator[RunningBot]:
    with polling_bot(tmp_path_factory.mktemp("bot-e2e"), ARTICLES) as running:
        _, done = running.reindex()
        assert "3 added" in done.text, done.text
        yield running
        running.assert_clean_shutdown()  # after every test of the module: a failure shows at teardown


# --- questions -------------------------------------------------------------------------------------------------


def test_german_question_gets_a_verbatim_quote_with_its_source(bot):
    reply = bot.say(101, 101, "Mit wem hat Lawrow telefoniert?", language_code="en")
    quote = blockquote(reply.text)
    assert "Kerry" in quote and "telefoniert" in quote
    assert quote in ARTICLES["lawrow-kerry.de.txt"]  # verbatim
    assert "<b>Quelle:</b>" in reply.text  # German question, German labels (the client says English)
    assert '<a href="https://example.org/de/lawrow-kerry?teil=1&amp;seite=2">' in reply.text
    assert "2016-10-05" in reply.text and "Testzeitung" in reply.text
    parse_telegram_html(reply.text)
    assert bot.api.calls_of("sendChatAction", lambda c: c.chat_id == 101 and c.params.get("action") == "typing")


def test_english_question_gets_a_verbatim_quote_with_buttons(bot):
    reply = bot.say(102, 102, "When will the food rations in eastern Aleppo run out?", language_code="de")
    quote = blockquote(reply.text)
    assert "end of October" in quote
    assert "<b>Source:</b>" in reply.text and "Test Herald" in reply.text
    labels = set(reply.buttons())
    assert {"Full passage", "👍", "👎"} <= labels


@pytest.mark.parametrize(
    ("chat_id", "question", "expected"),
    [
        (103, "Wie backe ich einen Apfelkuchen?", "Dazu finde ich im Archiv leider nichts"),
        (104, "What is the best pizza recipe?", "the archive holds nothing"),
    ],
)
def test_off_topic_question_gets_the_no_answer_reply(bot, chat_id, question, expected):
    reply = bot.say(chat_id, chat_id, question)
    assert expected in reply.text
    assert "<blockquote>" not in reply.text and not reply.buttons()


def test_group_answers_only_when_addressed(bot):
    group, user = -100105, 105
    started = time.monotonic()
    bot.api.send_text(group, user, "Was ist mit Lawrow?", chat_type="supergroup")  # not addressed: silence
    reply = bot.say(group, user, f"@{bot.api.bot_username} Mit wem hat Lawrow telefoniert?", chat_type="supergroup")
    assert "Kerry" in blockquote(reply.text)
    assert reply.params.get("reply_parameters", {}).get("message_id")  # quotes the asker in groups
    reply = bot.say(group, user + 1, "/ask When will food in eastern Aleppo run out?", chat_type="supergroup")
    assert "end of October" in blockquote(reply.text)
    assert len(bot.api.replies_to(group, after=started)) == 2


# --- other messages ------------------------------------------------------------------------------------------------


def test_non_text_messages_and_odd_input_get_short_replies(bot):
    chat = 106
    started = time.monotonic()
    bot.api.send_sticker(chat, chat)
    assert "only answer text questions" in bot.next_reply(chat, started).text

    started = time.monotonic()
    bot.api.send_photo(chat, chat, caption="Was zeigt dieses Foto?", language_code="de")
    assert "Ich verstehe nur Textfragen" in bot.next_reply(chat, started).text
    started = time.monotonic()
    bot.api.send_voice(chat, chat)
    assert "only answer text questions" in bot.next_reply(chat, started).text

    assert "too long" in bot.say(chat, chat, "Aleppo " * 600).text  # 4,200 characters
    assert "/help" in bot.say(chat, chat, "/nosuchcommand").text
    assert "/ask" in bot.say(chat, chat, "/ask").text  # no question after /ask


def test_help_start_and_sources_describe_the_archive(bot):
    chat = 107
    with sqlite3.connect(bot.data_dir / "archive.db") as db:  # other tests may have added articles
        date_min, date_max = db.execute("SELECT MIN(date), MAX(date) FROM articles").fetchone()
    help_text = bot.say(chat, chat, "/help").text
    assert "articles" in help_text and f"{date_min} to {date_max}" in help_text, help_text
    assert "Mit wem" not in help_text and "Lavrov" in help_text  # English client, English examples
    assert "Hallo" in bot.say(chat, chat, "/start", language_code="de").text
    sources = bot.say(chat, chat, "/sources").text
    assert "Test Herald" in sources and "Testzeitung" in sources
    parse_telegram_html(sources)


def test_rate_limit_answers_politely_once(bot):
    chat = 108
    for _ in range(RATE_LIMIT_PER_MINUTE):
        bot.say(chat, chat, "What is the best pizza recipe?")
    reply = bot.say(chat, chat, "What is the best pizza recipe?")
    assert "asking very fast" in reply.text
    started = time.monotonic()
    bot.api.send_text(chat, chat, "What is the best pizza recipe?")
    help_reply = bot.say(chat, chat, "/help")  # not rate-limited; handled after the question above
    assert "/ask" in help_reply.text
    assert bot.api.replies_to(chat, after=started) == [help_reply], "the refusal is said once, not on every message"


# --- buttons -------------------------------------------------------------------------------------------------------


def test_more_sources_full_passage_and_feedback_buttons(bot):
    chat = 109
    # The war-crimes article answers; the Lawrow article also tells of hospitals destroyed in Aleppo, its own quote
    # answering with a confidence above the source threshold (0.59), so there are always other sources (which
    # ones depends on the articles other tests may have added; no count is asked, so no same-day rule).
    answer = bot.say(chat, chat, "Were hospitals in Aleppo destroyed?")
    assert "hospitals" in blockquote(answer.text)
    assert "Kerry calls for war crimes inquiry" in answer.text
    buttons = answer.buttons()
    message_id = answer.result["message_id"]
    assert all(len(data.encode()) <= 64 for data in buttons.values())

    more = [data for label, data in buttons.items() if label.startswith("More sources")]
    assert len(more) == 1, buttons
    started = time.monotonic()
    bot.api.press_button(chat, message_id, chat, more[0])
    reply = bot.next_reply(chat, started)
    assert "<b>More sources</b>" in reply.text
    assert 1 <= reply.text.count("<blockquote>") <= 3  # MAX_SOURCES, each with its own quote
    assert "Kerry calls for war crimes inquiry" not in reply.text  # other articles than the answer's
    parse_telegram_html(reply.text)

    started = time.monotonic()
    bot.api.press_button(chat, message_id, chat, buttons["Full passage"])
    passage = bot.next_reply(chat, started)
    assert "<b>Full passage</b>" in passage.text
    assert re.search(r"<b>[^<]*hospitals[^<]*</b>", passage.text)

    def callback_answer(query_started: float) -> Call:
        return bot.api.wait_for_call("answerCallbackQuery", after=query_started, timeout=ANSWER_TIMEOUT_S)

    started = time.monotonic()
    bot.api.press_button(chat, message_id, chat, buttons["👍"])
    assert "Thanks" in callback_answer(started).params.get("text", "")
    started = time.monotonic()
    bot.api.press_button(chat, message_id, chat, buttons["👎"])
    assert "already recorded" in callback_answer(started).params.get("text", "")
    started = time.monotonic()
    bot.api.press_button(chat, message_id, chat, "m:999999")
    assert "not available in this chat" in callback_answer(started).params.get("text", "")

    qid = int(buttons["👍"].split(":")[1])
    with sqlite3.connect(bot.data_dir / "conversations.db") as db:
        rows = db.execute("SELECT value, user_id FROM feedback WHERE question_id = ?", (qid,)).fetchall()
        up = db.execute("SELECT COUNT(*) FROM feedback WHERE value > 0").fetchone()[0]  # other tests vote too
    assert rows == [(1, chat)] and up >= 1
    stats = bot.say(ADMIN_ID, ADMIN_ID, "/stats").text
    assert f"👍 {up}" in stats and "Questions asked:" in stats


def test_further_sources_are_marked_as_also_reported_or_differing(tmp_path):
    """Issue 17: a bot over briefs by two outlets (tests/data/briefs): the same toll for one event, different
    tolls for another, and a brief that only shares a place name."""
    briefs = {path.name: path.read_text("utf-8") for path in sorted(BRIEFS.glob("*.txt"))}
    with polling_bot(tmp_path, briefs) as running:
        _, done = running.reindex()
        assert "5 added" in done.text, done.text
        same = running.say(301, 301, "How many people were killed by the car bomb at the bakery in Tal Hamid?")
        assert "16 people" in blockquote(same.text)
        assert "<b>Also reported by:</b>" in same.text and "Valley Post, 2016-09-20" in same.text
        assert "Differing figures" not in same.text
        parse_telegram_html(same.text)

        question = "Wie viele Zivilisten wurden beim Luftangriff auf den Markt von Kafr Sabun getötet?"
        german = running.say(302, 302, question)
        assert "<b>Abweichende Angaben:</b>" in german.text and "Auch berichtet von" not in german.text
        quotes = re.findall(r"<blockquote>(.*?)</blockquote>", german.text, flags=re.DOTALL)
        assert len(quotes) == 2  # both quotes, side by side, each with its outlet and date
        assert sorted("25 civilians" in quote for quote in quotes) == [False, True]
        assert sorted("31 civilians" in quote for quote in quotes) == [False, True]
        assert "North Desk" in german.text and "Valley Post" in german.text
        assert german.text.count("2016-09-15") == 2
        assert "Farm Weekly" not in german.text  # shares the town's name, does not answer
        parse_telegram_html(german.text)

        more = [data for label, data in german.buttons().items() if label.startswith("Weitere Quellen")]
        assert len(more) == 1
        started = time.monotonic()
        running.api.press_button(302, german.result["message_id"], 302, more[0])
        listed = running.next_reply(302, started)
        assert "≠ abweichende Angabe" in listed.text and "Farm Weekly" not in listed.text
        running.assert_clean_shutdown()


# --- abuse from chats (issue 12) ------------------------------------------------------------------------------------


def test_commands_are_rate_limited_told_once_then_silent(bot):
    chat = 120
    for number in range(ACTION_RATE_LIMIT_PER_MINUTE):
        reply = bot.say(chat, chat, "/help" if number % 2 else "/sources")
        assert "too fast" not in reply.text
    assert "too fast. Please wait" in bot.say(chat, chat, "/help").text
    started = time.monotonic()
    silent = bot.logs().count("Flood limit: a reader refused silently")
    bot.api.send_text(chat, chat, "/sources")
    bot.wait_for_log("Flood limit: a reader refused silently", count=silent + 1)
    assert f"user {chat}" not in bot.logs()  # no reader id in the log (README, Privacy)
    assert not bot.api.replies_to(chat, after=started), "the refusal is said once, not on every command"
    assert bot.say(chat + 1000, chat + 1000, "/help").text.startswith("<b>How it works</b>")  # per user


def test_a_button_posts_its_message_once_and_presses_are_rate_limited(bot):
    chat = 121
    answer = bot.say(chat, chat, "Who did Kerry accuse of war crimes in Aleppo?")
    buttons, message_id = answer.buttons(), answer.result["message_id"]
    started = time.monotonic()
    assert bot.press(chat, message_id, chat, buttons["Full passage"]) == ""
    assert "<b>Full passage</b>" in bot.next_reply(chat, started).text
    notices = [bot.press(chat, message_id, chat, buttons["Full passage"]) for _ in range(ACTION_RATE_LIMIT_PER_MINUTE)]
    assert notices[: ACTION_RATE_LIMIT_PER_MINUTE - 1] == ["That is already posted above in this chat."] * (
        ACTION_RATE_LIMIT_PER_MINUTE - 1
    )
    assert notices[-1].startswith("That is too fast. Please wait")
    assert bot.press(chat, message_id, chat, buttons["👍"]).startswith("That is too fast")
    assert len(bot.api.replies_to(chat, after=started)) == 1, "one passage in the chat, however often pressed"
    with sqlite3.connect(bot.data_dir / "conversations.db") as db:
        qid = int(buttons["👍"].split(":")[1])
        assert not db.execute("SELECT 1 FROM feedback WHERE question_id = ?", (qid,)).fetchall()


def test_buttons_work_only_in_the_chat_of_their_answer(bot):
    owner, intruder, group = 122, 123, -100124
    answer = bot.say(owner, owner, "Who did Kerry accuse of war crimes in Aleppo?")
    buttons = answer.buttons()
    qid = int(buttons["👍"].split(":")[1])
    # A scripted client in its own chat sends the callback data of another chat's answer.
    own_message = bot.say(intruder, intruder, "/start", language_code="de").result["message_id"]
    nothing = bot.press(intruder, own_message, intruder, "p:999999999", language_code="de")
    assert "in diesem Chat nicht (mehr) verfügbar" in nothing
    started = time.monotonic()
    for data in buttons.values():
        assert bot.press(intruder, own_message, intruder, data, language_code="de") == nothing  # reveals nothing
    assert not bot.api.replies_to(intruder, after=started), "nothing of the other chat's answer is posted"
    with sqlite3.connect(bot.data_dir / "conversations.db") as db:
        assert not db.execute("SELECT 1 FROM feedback WHERE question_id = ?", (qid,)).fetchall()

    started = time.monotonic()  # in its own chat the answer's buttons still work
    assert bot.press(owner, answer.result["message_id"], owner, buttons["Full passage"]) == ""
    assert "<b>Full passage</b>" in bot.next_reply(owner, started).text
    assert "Thanks" in bot.press(owner, answer.result["message_id"], owner, buttons["👍"])

    asked = bot.say(group, 124, "/ask Who did Kerry accuse of war crimes?", chat_type="supergroup")
    started = time.monotonic()  # in a group, every member may press the buttons of the group's answers
    assert bot.press(group, asked.result["message_id"], 125, asked.buttons()["Full passage"]) == ""
    assert "<b>Full passage</b>" in bot.next_reply(group, started).text


def swap_current(index_dir: Path) -> None:
    """What every reindex does last, also one run from the shell: a new CURRENT file, atomically."""
    pointer = index_dir / "CURRENT"
    fresh = index_dir / ".CURRENT.test"
    fresh.write_text(pointer.read_text(encoding="utf-8"), encoding="utf-8")
    os.replace(fresh, pointer)


def test_help_and_sources_figures_are_cached_until_a_new_index_goes_live(bot):
    chat, probe = 126, "Cache Probe Outlet"
    assert probe not in bot.say(chat, chat, "/sources").text
    database = bot.data_dir / "archive.db"
    with sqlite3.connect(database) as db:  # the archive changes, but no new index is live yet
        db.execute("INSERT INTO articles (id, title, source, text) VALUES ('cacheprobe', 'x', ?, 'x')", (probe,))
    try:
        assert probe not in bot.say(chat, chat, "/sources").text, "/sources ran its full scan again"
        swap_current(Settings(_env_file=None, data_dir=bot.data_dir).index_dir)  # e.g. `crisisbot reindex`
        assert probe in bot.say(chat, chat, "/sources").text, "a new CURRENT must drop the cached figures"
    finally:
        with sqlite3.connect(database) as db:
            db.execute("DELETE FROM articles WHERE id = 'cacheprobe'")
        swap_current(Settings(_env_file=None, data_dir=bot.data_dir).index_dir)


def test_add_without_an_address_lists_sources_escaped_once_within_the_limit(bot):
    database = bot.data_dir / "archive.db"
    locations = [f"https://feeds.example.org/{'long-path-' * 15}{number}?a=1&b=2" for number in range(60)]
    with sqlite3.connect(database) as db:
        added_before = db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]  # another test may add a page
        db.executemany(
            "INSERT INTO sources (location, kind, added_by, added_at) VALUES (?, 'feed', ?, '2016-10-01')",
            [(location, ADMIN_ID) for location in locations],
        )
    try:
        usage = bot.say(ADMIN_ID, ADMIN_ID, "/add")
    finally:
        with sqlite3.connect(database) as db:
            db.executemany("DELETE FROM sources WHERE location = ?", [(location,) for location in locations])
    visible = parse_telegram_html(usage.text)
    total = 1 + added_before + len(locations)  # ARCHIVE_SOURCES, earlier /add sources, these
    assert usage.ok and f"Sources now ({total})" in visible, usage.text[:300]
    assert "?a=1&b=2" in visible and "&amp;" not in visible  # escaped once
    shown = visible.count("?a=1&b=2")
    listed = sum(line.startswith("• ") for line in visible.splitlines())
    assert 0 < shown < len(locations) and f"… and {total - listed} more" in visible
    assert len(visible.encode("utf-16-le")) // 2 <= 4096


# --- admin -----------------------------------------------------------------------------------------------------------


def test_non_admin_commands_are_refused_and_logged(bot):
    chat = 110
    assert "administrators only" in bot.say(chat, chat, "/reindex").text
    assert "administrators only" in bot.say(chat, chat, "/stats").text
    bot.wait_for_log("Refused /reindex from a user not in ADMIN_IDS")
    assert f"user {chat}" not in bot.logs()  # no reader id in the log (README, Privacy)


def test_admin_reindex_reports_progress_and_questions_keep_being_answered(bot):
    name, body = NEW_ARTICLE
    (bot.archive / name).write_text(body, encoding="utf-8")
    progress = bot.say(ADMIN_ID, ADMIN_ID, "/reindex")
    message_id = progress.result["message_id"]
    assert "Reindexing" in progress.text

    second = bot.say(ADMIN_ID, ADMIN_ID, "/reindex")
    assert "already being reindexed" in second.text
    answer = bot.say(111, 111, "Who did Kerry accuse of war crimes?")  # while the reindex runs
    assert "war crimes" in blockquote(answer.text)

    done = bot.wait_for_edit(ADMIN_ID, message_id, "Archive reindexed", REINDEX_TIMEOUT_S)
    assert "1 added, 0 changed, 0 removed" in done.text, done.text
    took_s = float(re.search(r"took ([\d.]+) s", done.text).group(1))
    assert answer.at - progress.at < took_s, "the question was answered while the reindex was still running"
    edits = bot.api.calls_of("editMessageText", lambda c: c.params.get("message_id") == message_id)
    assert edits[-1] is done and all(call.ok for call in edits)
    if took_s > 2 * DEFAULT_PROGRESS_EDIT_SECONDS:  # a shorter run may end before the first allowed edit; the
        # moving progress of a run of many batches is tested with a slowed model in test_e2e_admin_flow.py
        assert any("<b>Reindexing the archive</b>" in call.text and "%" in call.text for call in edits[:-1]), edits
    times = [progress.at] + [call.at for call in edits]
    assert all(b - a >= EDIT_INTERVAL_TOLERANCE_S for a, b in itertools.pairwise(times)), times

    reply = bot.say(111, 111, "Wer hat im Sicherheitsrat ein Veto eingelegt?")
    assert "Veto" in blockquote(reply.text)


def test_admin_adds_a_web_page_and_it_is_answered_with_its_link(bot):
    web = LocalWeb()
    server = serve(web)
    web.routes[WEB_PAGE] = Route(page(WEB_PAGE, web.base))
    try:
        usage = bot.say(ADMIN_ID, ADMIN_ID, "/add")
        assert "/add https://" in usage.text and str(bot.archive) in usage.text, usage.text
        assert "administrators only" in bot.say(112, 112, f"/add {web.url(WEB_PAGE)}").text

        started = bot.say(ADMIN_ID, ADMIN_ID, f"/add {web.url(WEB_PAGE)}")
        assert "Adding and reading the source" in started.text, started.text
        done = bot.wait_for_edit(ADMIN_ID, started.result["message_id"], "Archive reindexed", REINDEX_TIMEOUT_S)
        assert "1 added" in done.text, done.text
    finally:
        server.shutdown()
    assert web.requests_for(WEB_PAGE), "the bot fetched the page from the local server"
    reply = bot.say(113, 113, "Who suspended the talks with Russia on Syria?")
    assert "Gespräche" in blockquote(reply.text) or "talks" in blockquote(reply.text), reply.text
    assert web.url(WEB_PAGE) in reply.text and web.base.removeprefix("http://") in reply.text  # the host fetched
    assert web.url(WEB_PAGE) in bot.say(ADMIN_ID, ADMIN_ID, "/add").text, "the page is a source from now on"


def test_scheduled_reindex_tells_the_admin_what_changed(tmp_path):
    require_model()
    archive, data_dir = tmp_path / "archive", tmp_path / "data"
    archive.mkdir()
    log_path = tmp_path / "bot.log"
    with FakeBotApi(TOKEN) as api, log_path.open("w", encoding="utf-8") as log:
        env = bot_environment(api, data_dir, archive)
        env["REINDEX_EVERY_MINUTES"] = str(SCHEDULE_MINUTES)
        process = subprocess.Popen(bot_command(), cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        running = RunningBot(api, process, log_path, archive, data_dir)
        try:
            name, body = next(iter(ARTICLES.items()))
            (archive / name).write_text(body, encoding="utf-8")
            report = running.next_reply(ADMIN_ID, after=0.0, timeout=STARTUP_TIMEOUT_S + REINDEX_TIMEOUT_S)
            assert "Scheduled reindex" in report.text and "1 added" in report.text, report.text
            # The next run changes nothing: it logs its summary, then returns without a message.
            running.wait_for_log("Scheduled reindex done: 0 added", timeout=SCHEDULE_MINUTES * 60 * 4)
            assert len(api.calls_of("sendMessage", lambda c: c.chat_id == ADMIN_ID)) == 1
        finally:
            running.assert_clean_shutdown()


# --- start and stop ---------------------------------------------------------------------------------------------


def test_shutdown_is_clean_and_the_token_never_appears_in_the_logs(tmp_path):
    with polling_bot(tmp_path, {}) as running:  # a bot of its own: the module's bot stays up for the others
        assert "archive is still empty" in running.say(ADMIN_ID, ADMIN_ID, "/help").text
        assert "the archive holds nothing" in running.say(301, 301, "Who called Kerry?").text
        assert "Bot @crisis_test_bot is ready" in running.logs()
        running.assert_clean_shutdown()


def test_missing_token_says_which_variable_to_set(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in CLEARED_VARIABLES}
    env["PYTHONPATH"] = str(REPO_ROOT)
    result = subprocess.run(
        bot_command(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


def test_an_invalid_webhook_secret_is_named_but_never_echoed(tmp_path):
    secret = "Sekret_4kQ9zP with a space"
    env = {name: value for name, value in os.environ.items() if name not in CLEARED_VARIABLES}
    env.update(PYTHONPATH=str(REPO_ROOT), TELEGRAM_BOT_TOKEN=TOKEN, WEBHOOK_SECRET=secret)
    result = subprocess.run(
        bot_command(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "WEBHOOK_SECRET" in result.stderr
    assert secret not in result.stderr + result.stdout and "Sekret_4kQ9zP" not in result.stderr + result.stdout


def test_rejected_token_exits_without_logging_it(tmp_path):
    wrong = "111111111:AAWrongTokenMustNotBeLogged_0000000"
    with FakeBotApi(TOKEN) as api:
        result = subprocess.run(
            bot_command(),
            cwd=tmp_path,
            env=bot_environment(api, tmp_path / "data", tmp_path, token=wrong),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "rejected the bot token" in output
    assert wrong not in output and wrong.split(":")[1] not in output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post_update(url: str, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_mode_sets_the_webhook_and_answers_posted_updates(tmp_path):
    require_model()
    port, secret = free_port(), "e2e_webhook-Secret42"
    hook = f"http://127.0.0.1:{port}/telegram-hook"
    with FakeBotApi(TOKEN) as api, (tmp_path / "bot.log").open("w", encoding="utf-8") as log:
        env = bot_environment(api, tmp_path / "data", tmp_path / "archive")
        env.update(
            WEBHOOK_URL="https://bot.example.org/telegram-hook",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET=secret,
        )
        process = subprocess.Popen(bot_command(), cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        running = RunningBot(api, process, tmp_path / "bot.log", tmp_path / "archive", tmp_path / "data")
        try:
            webhook = api.wait_for_call("setWebhook", timeout=STARTUP_TIMEOUT_S)
            assert webhook.params["url"] == "https://bot.example.org/telegram-hook"
            assert webhook.params["secret_token"] == secret
            assert set(webhook.params["allowed_updates"]) == {"message", "edited_message", "callback_query"}

            update = {"update_id": 1, "message": api.user_message(201, 201, text="/help")}
            deadline = time.monotonic() + 30
            while True:  # the listener starts right after setWebhook
                try:
                    status = post_update(hook, update, secret)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            assert status == 200
            assert "archive is still empty" in running.next_reply(201, 0).text
            wrong = {"update_id": 2, "message": api.user_message(202, 202, text="/help")}
            assert post_update(hook, wrong, "not-the-secret") == 403

            started = time.monotonic()
            question = {"update_id": 3, "message": api.user_message(203, 203, text="Who called Kerry?")}
            assert post_update(hook, question, secret) == 200
            assert "the archive holds nothing" in running.next_reply(203, started).text  # empty archive
            assert not api.calls_of("getUpdates")
        finally:
            assert running.stop() == 0
        logs = running.logs()
        assert TOKEN not in logs and secret not in logs and "Traceback" not in logs
