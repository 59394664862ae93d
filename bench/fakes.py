"""What the FA-KES benches share: indexing a subset of ``fakes-syria.en.jsonl`` and mapping archive articles back to
FA-KES ids (bench/contested.py, bench/dated.py)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from index.engine import Engine
from index.ingest.records import ArticleRecord

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fakes-syria.en.jsonl"
"""FA-KES in ``../shared`` beside the repository."""


def record_id(record: ArticleRecord) -> str:
    """The FA-KES id an archive origin ends with (``…#fakes-1918398799``)."""
    return record.origin.rsplit("#", 1)[-1]


def index_records(engine: Engine, records: Sequence[ArticleRecord], *, root: str) -> dict[str, set[str]]:
    """Add ``records`` under ``root`` (embedding only what the engine's cache lacks) and return archive article
    id -> the FA-KES ids it holds (more than one when near-identical copies were merged)."""
    started = time.perf_counter()
    report = engine.add_records(records, root=root)
    print(
        f"indexed {len(records)} articles into {engine.settings.data_dir}: {report.passages_embedded} passages "
        f"embedded in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    held: dict[str, set[str]] = {}
    for origin, article in engine.origins(root).items():
        held.setdefault(article, set()).add(origin.rsplit("#", 1)[-1])
    return held
