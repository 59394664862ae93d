"""``python -m tests.hash_cli ARGS``: the ``crisisbot`` command line over an engine whose embedder is the
deterministic :mod:`tests.hash_backbone` (no model), for subprocess and pty tests of commands such as ``chat``."""

from __future__ import annotations

import sys

from index import cli
from index.engine import Engine
from tests.hash_backbone import hash_embedder


def _hash_engine(settings, bars=None) -> Engine:
    return Engine(settings, embedder=hash_embedder(settings))


if __name__ == "__main__":
    cli._engine = _hash_engine  # the one difference from `crisisbot`: the engine's embedder
    sys.exit(cli.main(sys.argv[1:]))
