"""Crash points for the crash-safety tests.

``CRISISBOT_KILL_AT=<name>`` makes the process kill itself with SIGKILL when it
reaches the point ``name``: the same as ``kill -9`` at that moment, but at a
known place. Names:

- ``passages``: inside an article's write, after the first of its passages (and
  its FTS5 row) is written, the rest not;
- ``prune``: inside the prune step, the gone origins deleted, hand-over and
  retiring their articles not yet done;
- ``archive``: articles written, nothing embedded;
- ``embed``: the first batch of vectors committed;
- ``qdrant-upload``: one batch of points upserted into a new Qdrant collection (``VECTOR_BACKEND=qdrant``);
- ``swap``: the new index written (Qdrant: marked complete), ``CURRENT`` (the alias) not yet switched;
- ``switched``: pointer switched, old folders and retired articles not yet removed;
- ``backup``: ``crisisbot backup`` has written and checked ``TARGET.partial``, not yet renamed it.
- ``newsroom-sent``: a newsroom delivery confirmed by Telegram, not yet marked sent (bot/newsroom.py).

``<name>@<n>`` kills at the ``n``-th time the point is reached (``passages@20``:
inside the 20th article written). Unset (always, outside the tests), it does nothing.
"""

from __future__ import annotations

import os
import signal

KILL_AT_VARIABLE = "CRISISBOT_KILL_AT"
_reached: dict[str, int] = {}


def crash_point(name: str) -> None:
    wanted = os.environ.get(KILL_AT_VARIABLE)
    if not wanted or wanted.partition("@")[0] != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] >= int(wanted.partition("@")[2] or 1):
        os.kill(os.getpid(), signal.SIGKILL)
