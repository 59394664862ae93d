"""Crash points for the crash-safety tests.

``CRISISBOT_KILL_AT=<name>`` makes the process kill itself with SIGKILL when it
reaches the point ``name``: the same as ``kill -9`` at that moment, but at a
known place. Names: ``archive`` (articles written, nothing embedded), ``embed``
(the first batch of vectors committed), ``swap`` (the new index written, the
``CURRENT`` pointer not yet switched), ``switched`` (pointer switched, old
folders not yet removed). Unset (always, outside the tests), it does nothing.
"""

from __future__ import annotations

import os
import signal

KILL_AT_VARIABLE = "CRISISBOT_KILL_AT"


def crash_point(name: str) -> None:
    if os.environ.get(KILL_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
