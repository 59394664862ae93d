"""Time budgets that bound a reindex's fetching, and the back-off of failing entries (issue 23, finding 4).

Before, the deadline was per request: a feed whose 100 entries each drip a byte every few seconds cost
``FETCH_DEADLINE_S`` per entry, one after the other ((100 + 1) x 60 s = 101 minutes with the defaults), on every
run, while the reindex lock refused every other change. Now:

- each source (a feed and its entries, or a page) has ``FETCH_SOURCE_BUDGET_S`` and the whole run
  ``FETCH_RUN_BUDGET_S``; every request's deadline is cut to what is left of both, and a source whose budget is
  spent stops there (its remaining entries wait for the next run, reported once);
- a host that timed out or could not be reached is not asked again in the same run (:meth:`FetchBudget.host_failed`,
  kept by the fetcher);
- an entry that failed is remembered in ``DATA_DIR/fetch-backoff.json`` with its next try, doubling from
  :data:`BACKOFF_FIRST_S` up to :data:`BACKOFF_MAX_S`; until then it is not fetched (a success forgets it).

So the fetching of one run takes at most ``FETCH_RUN_BUDGET_S`` (plus one host delay), whatever the servers do.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.progress import NEVER_STOP, StopSignal

DEFAULT_SOURCE_BUDGET_S = 600.0
"""A healthy feed of 100 new entries takes ~100 x (0.3 s answer + 1 s host delay) = ~130 s; 600 s leaves a slow
but honest site room, and caps a dripping one at 10 minutes."""
DEFAULT_RUN_BUDGET_S = 1800.0
"""Three sources' worth of budget per run: the reindex lock is never held for fetching longer than 30 minutes."""
BACKOFF_FIRST_S = 3600.0
"""A failed entry waits an hour before its next try (about the usual REINDEX_EVERY_MINUTES), doubling each time."""
BACKOFF_MAX_S = 7 * 86400.0
"""At most a week between two tries of an entry that keeps failing: a page that comes back is read again."""
BACKOFF_FILE = "fetch-backoff.json"


class BudgetSpent(RuntimeError):
    """The source's or the run's fetch budget is spent."""


@dataclass
class FetchBudget:
    """The run's fetch budget, the current source's, the failed hosts of this run and the back-off of entries."""

    run_s: float = DEFAULT_RUN_BUDGET_S
    source_s: float = DEFAULT_SOURCE_BUDGET_S
    backoff_path: Path | None = None
    stop: StopSignal = NEVER_STOP
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    failed_hosts: dict[str, str] = field(default_factory=dict)
    """``host -> why`` for hosts that timed out or could not be reached in this run."""
    _run_ends: float = 0.0
    _source_ends: float = 0.0
    _backoff: dict[str, dict] = field(default_factory=dict)
    _changed: bool = False

    def __post_init__(self) -> None:
        self._run_ends = self.clock() + self.run_s
        self._source_ends = self._run_ends
        self._backoff = self._load()

    def start_source(self) -> None:
        self._source_ends = min(self.clock() + self.source_s, self._run_ends)

    def left_s(self) -> float:
        """Seconds left for fetching in this source (never more than in the run); raises BudgetSpent at 0."""
        self.stop.check()
        left = min(self._source_ends, self._run_ends) - self.clock()
        if left <= 0:
            which = "run" if self._run_ends <= self._source_ends else "source"
            limit = self.run_s if which == "run" else self.source_s
            setting = "FETCH_RUN_BUDGET_S" if which == "run" else "FETCH_SOURCE_BUDGET_S"
            raise BudgetSpent(f"the {which}'s fetch budget of {limit:g} s ({setting}) is spent")
        return left

    # -- hosts ----------------------------------------------------------------------------------------------

    def host_failed(self, host: str, why: str) -> None:
        self.failed_hosts.setdefault(host, why)

    def host_refused(self, host: str) -> str | None:
        why = self.failed_hosts.get(host)
        return f"not asked again in this run: {host} failed before ({why})" if why else None

    # -- entries across runs --------------------------------------------------------------------------------

    def waiting(self, url: str) -> str | None:
        """Why ``url`` is not fetched in this run (it failed before and its next try is later), or None."""
        entry = self._backoff.get(url)
        if not entry or entry.get("next_try", 0) <= self.wall():
            return None
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(entry["next_try"]))
        return f"failed {entry.get('failures', 1)} times; next try after {when}"

    def entry_failed(self, url: str) -> None:
        failures = int(self._backoff.get(url, {}).get("failures", 0)) + 1
        wait = min(BACKOFF_FIRST_S * 2 ** (failures - 1), BACKOFF_MAX_S)
        self._backoff[url] = {"failures": failures, "next_try": self.wall() + wait}
        self._changed = True

    def entry_read(self, url: str) -> None:
        if self._backoff.pop(url, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the back-off file (atomically) when it changed."""
        if not self._changed or self.backoff_path is None:
            return
        temporary = self.backoff_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self._backoff, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.backoff_path)
        self._changed = False

    def _load(self) -> dict[str, dict]:
        if self.backoff_path is None or not self.backoff_path.exists():
            return {}
        try:
            data = json.loads(self.backoff_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged back-off file only costs the waiting: every entry is tried again
        return (
            {str(url): entry for url, entry in data.items() if isinstance(entry, dict)}
            if isinstance(data, dict)
            else {}
        )
