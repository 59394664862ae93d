"""The bot's stop on SIGTERM (issue 23, finding 5): a real process, a real signal.

The child runs the bot's own stop handler (``bot.shutdown.GracefulStop``) on an asyncio loop, as ``post_init``
installs it, with a job that ignores the engine's stop request (the worst case: a job stuck in a library call):
the process still exits by ``STOP_GRACE_S``. A job that honours the request lets the loop end normally (exit 0).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.shutdown import EXIT_STOP_TIMEOUT
from tests.conftest import REPO

GRACE_S = 1.5
CHILD = """
import asyncio, sys, threading, time
from pathlib import Path
from bot.shutdown import GracefulStop

honour = sys.argv[1] == "honour"
stop_asked = threading.Event()

def job():  # the reindex thread: stops at its next safe point only when it honours the request
    while not (honour and stop_asked.is_set()):
        time.sleep(0.05)

async def main():
    stopped = asyncio.Event()
    stopper = GracefulStop(stop_asked.set, grace_s=float(sys.argv[2]))
    stopper.on_stop(stopped.set)
    stopper.install(asyncio.get_running_loop())
    work = asyncio.ensure_future(asyncio.to_thread(job))
    Path(sys.argv[3]).write_text("ready")
    await stopped.wait()
    await work  # the application's stop waits for its running jobs

asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("mode", "code", "within_s"), [("stuck", EXIT_STOP_TIMEOUT, GRACE_S + 2.0), ("honour", 0, 1.5)]
)
def test_the_bot_exits_within_the_grace_after_sigterm(tmp_path: Path, mode: str, code: int, within_s: float) -> None:
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(GRACE_S), str(ready)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    signalled = time.monotonic()
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=30)
    took = time.monotonic() - signalled
    assert child.returncode == code
    assert took < within_s, f"{took:.1f} s"
    if mode == "stuck":
        assert took >= GRACE_S - 0.1, "the grace was given"
