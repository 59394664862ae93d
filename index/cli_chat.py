"""``crisisbot chat``: questions in a terminal loop, each a follow-up of the previous answer until ``:new``.

A follow-up is asked exactly as ``crisisbot ask --after`` and a reply to the bot's answer in Telegram ask it:
``FollowUp(earlier question, earlier answer's article)`` (index/answer/answerer.py; measured in docs/evaluation.md,
"Follow-up questions"). ``:new`` starts afresh, ``:timeline TOPIC`` shows the reports on a topic in date order,
``:help`` lists the commands, ``:quit`` (an empty line, Ctrl-D) ends. The greeting is in the language of the
terminal's locale (LC_ALL, LC_MESSAGES, LANG) when the bot speaks it. With GNU readline, earlier lines come back with
the arrow keys, also in the next session (``history_path``, at most ``HISTORY_LINES`` lines).
"""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from bot.i18n import pick_language, text
from index.answer.answers import FollowUp
from index.engine import Engine
from index.render_text import render_plain, render_timeline_plain
from index.text.language import detect_language

HISTORY_LINES = 500
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
NEW, TIMELINE, HELP, QUIT = ":new", ":timeline", ":help", ":quit"
PROMPT = "\n? "


def locale_language(environ: dict[str, str] | None = None) -> str:
    """The bot language of the terminal's locale (``de_DE.UTF-8`` -> ``de``); English for C/POSIX or others."""
    environ = dict(os.environ) if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return pick_language(value.split(".")[0])
    return pick_language(None)


def _plain(lang: str, key: str, **values: object) -> str:
    """A bot text for the terminal: the values were HTML-escaped for Telegram, the terminal shows them as typed."""
    return html.unescape(text(lang, key, **values))


def help_text(lang: str) -> str:
    commands = ((NEW, "chat_cmd_new"), (f"{TIMELINE} TOPIC", "chat_cmd_timeline"), (HELP, "chat_cmd_help"))
    lines = [f"{command:<16} {_plain(lang, key)}" for command, key in commands]
    return "\n".join([*lines, f"{QUIT:<16} {_plain(lang, 'chat_cmd_quit')}"])


def greeting(engine: Engine, lang: str) -> str:
    stats = engine.stats()
    if stats.date_min or stats.date_max:
        period = _plain(lang, "date_range", date_min=stats.date_min or "?", date_max=stats.date_max or "?")
    else:
        period = _plain(lang, "date_unknown")
    return _plain(
        lang, "chat_greeting", articles=stats.articles, passages=stats.passages, date_range=period, new=NEW, help=HELP
    )


@contextlib.contextmanager
def _history(path: Path | None):
    """GNU readline's history from and back into ``path`` (nothing without readline or a path)."""
    readline: ModuleType | None
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input()
        readline = None
    if readline is not None and path is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(path)
        readline.set_history_length(HISTORY_LINES)
    try:
        yield
    finally:
        if readline is not None and path is not None:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(path)


def run_chat(
    engine: Engine,
    *,
    lang: str | None = None,
    history_path: Path | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    """The loop: greet, then answer each line until ``:quit``, an empty line or end of input."""
    lang = lang or locale_language()
    write(greeting(engine, lang))
    engine.warm_up()
    after: FollowUp | None = None
    with _history(history_path):
        while True:
            try:
                line = read(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                write("")
                return
            command, _, argument = line.partition(" ")
            if not line or command == QUIT:
                return
            if command == HELP:
                write(help_text(lang))
            elif command == NEW:
                after = None
                write(_plain(lang, "chat_new"))
            elif command == TIMELINE:
                topic = argument.strip()
                if not topic:
                    write(f"{TIMELINE} TOPIC")
                    continue
                write(render_timeline_plain(engine.timeline(topic), detect_language(topic)))
            elif line.startswith(":"):
                write(help_text(lang))
            else:
                if after is not None:
                    write(_plain(lang, "chat_follow_up", question=after.question))
                answer = engine.ask(line, after=after)
                write(render_plain(answer))
                after = FollowUp(answer.question, answer.best.article.id if answer.answered and answer.best else None)
