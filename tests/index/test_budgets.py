"""Time budgets bound a run's fetching (issue 23, finding 4): per source and per run, a host that timed out is not
asked again in the same run, failing entries back off across runs. Local server on 127.0.0.1, no model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.engine import Engine
from index.hosts import PrivateHosts
from index.ingest.budget import FetchBudget
from index.ingest.feeds import read_url
from index.ingest.records import SourceError
from index.ingest.web import Fetcher
from index.settings import Settings
from tests.fake_embedder import FakeEmbedder
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import feed, page

LOCAL = PrivateHosts.parse(["127.0.0.1", "127.0.0.2"])
TALKS = "/news/talks-suspended.html"
ENTRIES = [f"/slow/{number}.html" for number in range(8)]


@pytest.fixture
def web():
    site = LocalWeb()
    server = serve(site)
    yield site
    server.shutdown()


def test_a_dripping_feed_costs_one_deadline_not_one_per_entry(web: LocalWeb) -> None:
    """Before: (entries + 1) x FETCH_DEADLINE_S, one after the other, on every run (101 minutes by default)."""
    for path in ENTRIES:
        web.routes[path] = Route(page(TALKS, web.base), drip_s=0.2)  # minutes if read to the end
    web.routes["/feed.xml"] = Route(feed(web.base, ENTRIES), content_type="application/rss+xml")
    budget = FetchBudget(run_s=60.0, source_s=60.0)
    fetcher = Fetcher(timeout_s=5.0, deadline_s=1.0, host_delay_s=0.0, private_hosts=LOCAL, budget=budget)
    errors: list[SourceError] = []
    started = time.monotonic()
    assert list(read_url(web.url("/feed.xml"), fetcher, errors)) == []
    took = time.monotonic() - started
    fetcher.close()
    assert took < 3.0, f"{took:.1f} s: the host that timed out was asked again"
    assert sum(len(web.requests_for(path)) for path in ENTRIES) == 1
    assert "took longer than the deadline" in errors[0].message
    assert all("not asked again in this run" in error.message for error in errors[1:]) and len(errors) == 8


def test_the_source_budget_stops_a_slow_feed_and_the_rest_waits_for_the_next_run(web: LocalWeb) -> None:
    for path in ENTRIES:
        web.routes[path] = Route(page(TALKS, web.base), delay_s=0.4)  # slow but honest: no timeout
    web.routes["/feed.xml"] = Route(feed(web.base, ENTRIES), content_type="application/rss+xml")
    budget = FetchBudget(run_s=60.0, source_s=1.5)
    budget.start_source()
    fetcher = Fetcher(timeout_s=5.0, deadline_s=5.0, host_delay_s=0.0, private_hosts=LOCAL, budget=budget)
    errors: list[SourceError] = []
    started = time.monotonic()
    records = list(read_url(web.url("/feed.xml"), fetcher, errors))
    took = time.monotonic() - started
    fetcher.close()
    assert took < 2.5, took
    assert 1 <= len(records) <= 4
    [spent] = [error for error in errors if "budget" in error.message]
    assert "FETCH_SOURCE_BUDGET_S" in spent.message or "fetch budget ran out" in spent.message
    assert "wait for the next run" in spent.message


def test_failing_entries_back_off_across_runs(tmp_path: Path, web: LocalWeb) -> None:
    web.routes[TALKS] = Route(page(TALKS, web.base))
    web.routes["/feed.xml"] = Route(feed(web.base, [TALKS, "/gone.html"]), content_type="application/rss+xml")
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        archive_sources=[web.url("/feed.xml")],
        allow_private_hosts=["127.0.0.1"],
        fetch_host_delay_s=0.0,
    )
    engine = Engine(settings, embedder=FakeEmbedder())
    first = engine.reindex()
    assert first.added == 1 and any("/gone.html" in error for error in first.errors)
    second = engine.reindex()
    assert len(web.requests_for("/gone.html")) == 1, "not asked again before its next try"
    assert any("wait for their next try" in error for error in second.errors)
    assert (tmp_path / "data" / "fetch-backoff.json").exists()


def test_the_run_budget_spans_every_source(tmp_path: Path, web: LocalWeb) -> None:
    for path in ENTRIES:
        web.routes[path] = Route(page(TALKS, web.base), delay_s=0.3)
    web.routes["/a.xml"] = Route(feed(web.base, ENTRIES[:4]), content_type="application/rss+xml")
    web.routes["/b.xml"] = Route(feed(web.base, ENTRIES[4:]), content_type="application/rss+xml")
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        archive_sources=[web.url("/a.xml"), web.url("/b.xml")],
        allow_private_hosts=["127.0.0.1"],
        fetch_host_delay_s=0.0,
        fetch_run_budget_s=1.0,
    )
    started = time.monotonic()
    report = Engine(settings, embedder=FakeEmbedder()).reindex()
    took = time.monotonic() - started
    assert took < 3.0, took
    assert any("FETCH_RUN_BUDGET_S" in error or "budget" in error for error in report.errors), report.errors
    assert len(web.log) < 2 + len(ENTRIES), "the second feed's entries were not all fetched"


def test_a_damaged_backoff_file_only_costs_the_waiting(tmp_path: Path) -> None:
    path = tmp_path / "fetch-backoff.json"
    path.write_text("{not json", encoding="utf-8")
    budget = FetchBudget(backoff_path=path, wall=lambda: 1000.0)
    assert budget.waiting("https://example.org/a") is None
    budget.entry_failed("https://example.org/a")
    budget.save()
    again = FetchBudget(backoff_path=path, wall=lambda: 1000.0 + 60)
    assert "next try after" in (again.waiting("https://example.org/a") or "")
    later = FetchBudget(backoff_path=path, wall=lambda: 1000.0 + 3601)
    assert later.waiting("https://example.org/a") is None
