"""Bidirectional formatting characters: removed from every metadata field the bot or the CLI renders.

A U+202E (right-to-left override) in a title reverses the rest of the source line as the reader sees it, date
and outlet included (issue 23, finding 13). The ingest removes them from every stored field
(``index.ingest.records.clean_field``); the renderers remove them again from what they show, so an archive
written before that keeps its replies in order too. Direction that a reply needs is added by the renderer
itself (``bot.i18n.isolate``), never taken from the data.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides, isolates and the marks (ALM, LRM, RLM): invisible, and never needed in a title, an
outlet's name or a link, which the renderer sets apart itself."""


def strip_bidi(value: str) -> str:
    return BIDI_CONTROLS.sub("", value)
