"""Display names of outlets: ``alaraby`` is shown as "Al-Araby Al-Jadeed".

Names come from ``DATA_DIR/sources.toml`` (``alaraby = "Al-Araby Al-Jadeed"``, read again when the file changes)
and the ``OUTLET_NAMES`` setting (which wins). A source without a name that looks like a slug (lower-case ASCII
letters, digits, ``-`` and ``_``) is at least capitalised: ``north_desk`` -> "North Desk", ``al-araby`` ->
"Al-Araby". Any other source (already written as a name: "Test Herald", "dpa-AFX", Arabic script) is kept.
"""

from __future__ import annotations

import logging
import re
import threading
import tomllib
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def capitalised(slug: str) -> str:
    """``north_desk`` -> "North Desk", ``al-araby`` -> "Al-Araby"; hyphens stay, underscores become spaces."""
    words = slug.replace("_", " ").split(" ")
    return " ".join("-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in words)


class OutletNames:
    """Maps a stored source (an outlet's slug or name) to the name shown to readers."""

    def __init__(self, path: Path | None = None, names: Mapping[str, str] | None = None) -> None:
        self.path = path
        self._settings = {key.casefold(): value for key, value in (names or {}).items() if value}
        self._file: dict[str, str] = {}
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def _from_file(self) -> dict[str, str]:
        if self.path is None:
            return {}
        try:
            info = self.path.stat()
        except OSError:
            return {}
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            if stamp != self._stamp:
                try:
                    loaded = tomllib.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                    log.warning("ignoring %s: %s", self.path, error)
                    loaded = {}
                self._file = {str(k).casefold(): v for k, v in loaded.items() if isinstance(v, str) and v.strip()}
                self._stamp = stamp
            return self._file

    def display(self, source: str | None) -> str | None:
        """The name to show for ``source`` (None stays None)."""
        if not source:
            return source
        key = source.strip().casefold()
        named = self._settings.get(key) or self._from_file().get(key)
        if named:
            return named
        return capitalised(source.strip()) if SLUG.fullmatch(source.strip()) else source
