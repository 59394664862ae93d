"""The progress callback that long stages (sync, embedding, indexing, model download) report through."""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: ``fetch``, ``scan``, ``embed``, ``index``."""


def no_progress(stage: str, done: int, total: int) -> None:
    return None
