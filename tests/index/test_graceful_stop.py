"""SIGTERM during a reindex (issue 23, finding 5): a real process gets a real signal while it embeds; it stops at
the next vector commit within seconds, keeps what is whole, and the next run embeds only the rest.

The child runs the CLI's own job runner (``index.cli.run_index_job``) with the deterministic fake embedder, slowed
to ~0.3 s per batch so that the signal lands mid-embedding.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.engine import Engine
from index.settings import Settings
from tests.conftest import REPO
from tests.fake_embedder import FakeEmbedder
from tests.index.test_crash_safety import write_articles

ARTICLES = 40
"""40 articles x 4 passages = 160 passages: 20 batches of 8, 5 commits of 32 at ~1.2 s each (6 s in all)."""
STOP_WITHIN_S = 3.0

CHILD = """
import sys, time
from pathlib import Path
from index.cli import run_index_job
from index.engine import Engine
from index.settings import Settings
from tests.fake_embedder import FakeEmbedder

marker = Path(sys.argv[2])
def slow(done):
    marker.write_text(str(done))
    time.sleep(0.3)
settings = Settings(_env_file=None, data_dir=Path(sys.argv[1]), archive_sources=[sys.argv[3]])
sys.exit(run_index_job(
    settings,
    lambda engine, bars: engine.reindex(progress=bars),
    engine_factory=lambda s, bars: Engine(s, embedder=FakeEmbedder(before_batch=slow)),
))
"""


def test_sigterm_stops_a_reindex_at_a_safe_point_and_the_next_run_goes_on(tmp_path: Path) -> None:
    folder, data, marker = tmp_path / "sources", tmp_path / "data", tmp_path / "embedding"
    write_articles(folder, ARTICLES)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(marker), str(folder)],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (marker.exists() and int(marker.read_text() or 0) >= 32):  # past the first commit
        assert child.poll() is None and time.monotonic() < deadline, child.stderr.read() if child.stderr else ""
        time.sleep(0.05)
    signalled = time.monotonic()
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=30)
    took = time.monotonic() - signalled
    assert child.returncode == 3, stderr
    assert took < STOP_WITHIN_S, f"{took:.1f} s from SIGTERM to exit"
    assert "stopped at a safe point" in stderr and "Traceback" not in stderr

    settings = Settings(_env_file=None, data_dir=data, archive_sources=[str(folder)])
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    total = engine.archive.db.execute("select count(*) from passages").fetchone()[0]
    cached = engine.archive.db.execute("select count(*) from vectors").fetchone()[0]
    assert total == ARTICLES * 4, "every article was stored whole before the embedding began"
    assert 32 <= cached < total, cached
    report = engine.reindex()
    assert report.unchanged == ARTICLES and report.added == 0
    assert len(embedder.embedded) == total - cached, "nothing embedded twice"
    assert engine.stats().indexed_passages == total
