"""``python -m tests.bot.hash_bot``: the real bot (``bot.app``) over an engine whose embedder is the deterministic
:mod:`tests.hash_backbone`, for bot-flow tests that need no model (it starts in seconds). Configured like
``crisisbot run`` from the environment; ``HASH_DELAY_S`` makes each forward pass take that long."""

from __future__ import annotations

import os
import sys

from bot.app import build_application, configure_logging, run
from bot.config import BotSettings
from index.engine import Engine
from index.settings import Settings
from tests.hash_backbone import hash_embedder


def main() -> int:
    bot_settings = BotSettings()
    configure_logging(bot_settings.token or "")
    settings = Settings()
    engine = Engine(settings, embedder=hash_embedder(settings, float(os.environ.get("HASH_DELAY_S") or 0)))
    run(build_application(settings, bot_settings, engine), bot_settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
