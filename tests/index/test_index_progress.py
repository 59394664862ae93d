"""Indexing reports its progress per batch of the model, not once per commit chunk: a run of a few batches moved
the bot's progress message only at its end before (issue 26, "embedding: 0% 0/50" for a whole 38 s run)."""

from __future__ import annotations

from pathlib import Path

from index.engine import Engine
from index.settings import Settings
from tests.hash_backbone import hash_embedder

BATCH = 2
ARTICLES = 10


def test_embedding_progress_moves_after_every_batch(tmp_path: Path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", embed_batch_size=BATCH)
    engine = Engine(settings, embedder=hash_embedder(settings))
    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"{n}.txt").write_text(f"title: Report {n}\n\nReport {n} on convoy {n * 7}.\n", encoding="utf-8")
    reported: list[tuple[int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "embed":
            reported.append((done, total))

    engine.ingest([folder], progress=progress)
    assert reported == [(done, ARTICLES) for done in range(0, ARTICLES + 1, BATCH)]  # 0, then after each batch
