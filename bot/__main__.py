"""``python -m bot``: the same as ``crisisbot run``."""

from bot.app import main

if __name__ == "__main__":
    raise SystemExit(main())
