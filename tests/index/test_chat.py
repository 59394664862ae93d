"""``crisisbot chat`` in a real terminal (a pty): greeting in the locale, :help, follow-ups until :new, :timeline,
:quit, and readline history kept across sessions. The command line runs over the hash backbone (no model)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.engine import Engine
from index.settings import Settings
from tests.hash_backbone import hash_embedder

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60
PROMPT = "\r\n? "
ARTICLE = """title: Convoy waits at the border
date: 2016-10-20
source: wire_desk

The aid convoy waited at the border crossing for a week. The drivers said they had no security guarantees.
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class Terminal:
    """A child process on a pty: what it printed so far, and typing into it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO)
        os.close(slave)
        self.output = ""
        self.seen = 0

    def expect(self, wanted: str, timeout: float = TIMEOUT_S) -> str:
        """What the child printed since the last match, up to and including ``wanted`` (as pexpect does)."""
        deadline = time.monotonic() + timeout
        while (found := self.output.find(wanted, self.seen)) < 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{wanted!r} not shown; the terminal shows:\n{self.output[self.seen :][-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                try:
                    self.output += os.read(self.master, 65536).decode("utf-8", errors="replace")
                except OSError:  # the child closed the terminal
                    raise AssertionError(f"{wanted!r} not shown before exit:\n{self.output[-3000:]}") from None
        shown, self.seen = self.output[self.seen : found + len(wanted)], found + len(wanted)
        return shown

    def type(self, line: str) -> str:
        """Type ``line`` and Enter; what the child printed until its next prompt."""
        os.write(self.master, (line + "\r").encode("utf-8"))
        self.expect(line)
        return self.expect(PROMPT)

    def close(self) -> int:
        try:
            return self.process.wait(TIMEOUT_S)
        finally:
            os.close(self.master)


@pytest.fixture
def chat_env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "convoy.txt").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=data)
    Engine(settings, embedder=hash_embedder(settings)).ingest([folder])
    env = {key: value for key, value in os.environ.items() if key not in {"ARCHIVE_SOURCES", "LANGUAGE"}}
    env.update(
        DATA_DIR=str(data),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        LANG="de_DE.UTF-8",
        LC_ALL="",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        TERM="dumb",
    )
    return env


def test_chat_follows_up_until_new_has_commands_and_keeps_history(chat_env, tmp_path: Path):
    terminal = Terminal([sys.executable, "-m", "tests.hash_cli", "chat"], chat_env)
    greeting = terminal.expect(PROMPT)
    assert "1 Artikel" in greeting and "wörtlich" in greeting and ":help" in greeting, greeting
    assert "German or English" not in greeting

    shown = terminal.type(":help")
    assert ":timeline TOPIC" in shown and ":new" in shown and ":quit" in shown

    first = terminal.type("How long did the aid convoy wait at the border?")
    assert "Convoy waits at the border" in first and "Anschlussfrage" not in first  # follows up nothing
    assert "(Anschlussfrage an: How long did the aid convoy wait at the border?)" in terminal.type("And why?")
    assert "Neues Thema." in terminal.type(":new")
    assert "Anschlussfrage" not in terminal.type("Who were the drivers?")
    assert "Convoy waits at the border" in terminal.type(":timeline The aid convoy waited at the border crossing")

    os.write(terminal.master, b":quit\r")
    assert terminal.close() == 0
    history = (tmp_path / "cache" / "crisisbot" / "chat_history").read_text(encoding="utf-8")
    assert "And why?" in history and ":timeline The aid convoy waited at the border crossing" in history

    again = Terminal([sys.executable, "-m", "tests.hash_cli", "chat"], chat_env)
    again.expect(PROMPT)
    os.write(again.master, b"\x1b[A")  # arrow up: the last line of the earlier session comes back
    again.expect(":quit")
    os.write(again.master, b"\x15\x04")  # clear the line, then Ctrl-D ends
    assert again.close() == 0


def test_the_real_chat_answers_a_follow_up_that_alone_finds_nothing(tmp_path: Path, model_settings):
    """Issue 26's example with the real model and `python -m index.cli chat` (stdin a pipe: no readline): "Und wer
    hat das geschätzt?" is answered from the article of the answer before it; asked alone it is not answered."""
    settings = model_settings(tmp_path / "data")
    engine = Engine(settings)
    engine.ingest([REPO / "demo" / "archive"])
    question, follow_up = "Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?", "Und wer hat das geschätzt?"
    assert not engine.ask(follow_up).answered  # alone: nothing to quote
    first = engine.ask(question)
    assert first.answered and "275.000" in first.best.quote
    env = {key: value for key, value in os.environ.items() if key != "ARCHIVE_SOURCES"}
    env.update(DATA_DIR=str(settings.data_dir), LANG="de_DE.UTF-8", XDG_CACHE_HOME=str(tmp_path / "cache"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "index.cli", "chat"], input=f"{question}\n{follow_up}\n:quit\n", env=env, cwd=REPO,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    answers = done.stdout.split("(Anschlussfrage an: ")
    assert len(answers) == 2 and "Schätzungen der UN" in answers[1], done.stdout
