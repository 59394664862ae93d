"""Two bot processes in webhook mode behind a "load balancer" (the fake Bot API posts updates to them in turn),
one shared PostgreSQL conversation store and one data folder: buttons and follow-ups across instances, one alert
for one follow, rate limits across instances, and a restart of both (issue 24).

Real processes, the real model and a real PostgreSQL (tests/postgres.py); skipped without either.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.bot.fake_bot_api import Call, FakeBotApi
from tests.bot.test_e2e import (
    NEW_ARTICLE,
    REPO_ROOT,
    STARTUP_TIMEOUT_S,
    TOKEN,
    RunningBot,
    blockquote,
    bot_command,
    bot_environment,
    free_port,
    require_model,
)

pytestmark = pytest.mark.model

DEMO = REPO_ROOT / "demo" / "archive"
SECRET = "two_instances-Secret42"
QUESTION, FOLLOW_UP, EXPECTED = "Was fordert Steinmeier für Ost-Aleppo?", "Für wen?", "Rote Kreuz"
VETO_TOPIC = "UN-Resolution für eine Waffenruhe in Aleppo"
ASKER, LIMITED, FOLLOWER, OTHER = 918273645, 402, 403, 404
"""ASKER's id is long and odd enough to be searched for in the logs."""
WAIT_S = 90


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "index.cli", *args], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@contextmanager
def instance(api: FakeBotApi, root: Path, name: str, port: int, database_url: str) -> Iterator[RunningBot]:
    env = bot_environment(api, root / "data", root / "archive")
    env.update(
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
        DATABASE_URL=database_url,
        ALERT_CHECK_MINUTES="0.05",  # every 3 s, on both instances: only the lease holder plans
        ALERT_LEASE_S="5",
    )
    log_path = root / f"{name}.log"
    with log_path.open("a", encoding="utf-8") as log:
        process = subprocess.Popen(bot_command(), cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        running = RunningBot(api, process, log_path, root / "archive", root / "data")
        try:
            _wait_listening(port, running)
            yield running
        finally:
            running.stop()


def _wait_listening(port: int, running: RunningBot) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            pytest.fail(f"the instance stopped:\n{running.logs()[-4000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hook", timeout=2)
        except urllib.error.HTTPError:
            return  # the listener answers (a GET is refused): it is up
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"port {port} never listened:\n{running.logs()[-4000:]}")


def _next(api: FakeBotApi, chat_id: int, after: float, predicate=None) -> Call:
    return api.wait_for_call(
        "sendMessage",
        lambda c: c.chat_id == chat_id and (predicate is None or predicate(c)),
        after=after,
        timeout=WAIT_S,
    )


def _say(api: FakeBotApi, chat_id: int, text: str, **options) -> Call:
    started = time.monotonic()
    api.send_text(chat_id, chat_id, text, **options)
    return _next(api, chat_id, started)


def _passage_button(answer: Call) -> str:
    return next(data for data in answer.buttons().values() if data.startswith("p:"))


def test_two_instances_share_buttons_follow_ups_alerts_rate_limits_and_restarts(postgres, tmp_path):
    require_model()
    database_url = postgres.create_database("instances")
    (tmp_path / "archive").mkdir()
    for path in sorted(DEMO.iterdir()):
        (tmp_path / "archive" / path.name).write_bytes(path.read_bytes())
    ports = [free_port(), free_port()]
    with FakeBotApi(TOKEN) as api:
        cli_env = bot_environment(api, tmp_path / "data", tmp_path / "archive")
        _cli(cli_env, "reindex")
        api.deliver_round_robin([f"http://127.0.0.1:{port}/hook" for port in ports], SECRET)
        with ExitStack() as both:
            a, b = (
                both.enter_context(instance(api, tmp_path, n, p, database_url))
                for n, p in zip("ab", ports, strict=True)
            )
            answer = _say(api, ASKER, QUESTION)  # -> a
            assert "Sicherheitsgarantien" in blockquote(answer.text)
            started = time.monotonic()
            api.press_button(ASKER, answer.result["message_id"], ASKER, _passage_button(answer))  # -> b
            assert "<blockquote>" in _next(api, ASKER, started).text  # b renders a's answer's button
            assert "/ask" in _say(api, OTHER, "/ask").text  # -> a
            message = api.messages[(ASKER, answer.result["message_id"])]
            reply = _say(api, ASKER, FOLLOW_UP, reply_to=message)  # -> b, in the context of a's answer
            assert EXPECTED in blockquote(reply.text)

            replies = [_say(api, LIMITED, "/ask").text for _ in range(4)]  # a, b, a, b
            assert all("/ask" in text for text in replies[:3]) and "very fast" in replies[3], replies

            assert "Ich folge jetzt" in _say(api, FOLLOWER, f"/follow {VETO_TOPIC}").text
            name, body = NEW_ARTICLE
            (tmp_path / "archive" / name).write_text(body, encoding="utf-8")
            started = time.monotonic()
            _cli(cli_env, "reindex")  # another process adds the article; both instances check every 3 s
            alert = _next(api, FOLLOWER, started)
            assert "Russland" in blockquote(alert.text)
            time.sleep(12)  # several more checks on both instances
            assert len(api.calls_of("sendMessage", lambda c: c.chat_id == FOLLOWER and c.at > started)) == 1
            a.assert_clean_shutdown()
            b.assert_clean_shutdown()
        with ExitStack() as both:
            for n, p in zip("ab", ports, strict=True):
                both.enter_context(instance(api, tmp_path, n + "2", p, database_url))
            started = time.monotonic()
            api.press_button(ASKER, answer.result["message_id"], ASKER, "m:0")  # an unknown answer: stale
            assert api.wait_for_call("answerCallbackQuery", after=started, timeout=WAIT_S)
            reply = _say(api, ASKER, FOLLOW_UP, reply_to=message)  # after the restart of both
            assert EXPECTED in blockquote(reply.text)
            feedback = next(data for data in answer.buttons().values() if data.startswith("f:") and data.endswith(":1"))
            started = time.monotonic()
            api.press_button(ASKER, answer.result["message_id"], ASKER, feedback)
            thanks = api.wait_for_call("answerCallbackQuery", after=started, timeout=WAIT_S)
            assert "Thank" in thanks.params.get("text", "") or "Danke" in thanks.params.get("text", ""), thanks.params
    assert str(ASKER) not in "".join((tmp_path / f"{n}.log").read_text() for n in ("a", "b", "a2", "b2"))
