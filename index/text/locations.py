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


def shown_location(location: str) -> str:
    """``location`` as a listing shows it: a URL without ``user:password@`` (credentials stay in the stored source
    and the settings, never on screen; issue 23, finding 1)."""
    if not is_url(location) or "@" not in location:
        return location
    scheme, _, rest = location.partition("://")
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rsplit('@', 1)[-1]}{slash}{path}"
