"""Source locations (a folder, a file or an http(s) URL) as they are stored and compared."""

from __future__ import annotations

import os


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def location_key(location: str) -> str:
    """How a source location is stored and compared: URLs as given, paths absolute and normalised, so that
    ``../shared/corpus`` and ``/work/shared/corpus`` are one source (symbolic links are not followed)."""
    location = location.strip()
    return location if is_url(location) else os.path.abspath(os.path.expanduser(location))
