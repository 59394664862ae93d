"""Inline keyboards under answers and the compact ``callback_data`` they carry (at most 64 bytes)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.i18n import text
from index.answer.answers import Answer

MORE_SOURCES = "m"
FULL_PASSAGE = "p"
FEEDBACK = "f"
TIMELINE_PAGE = "t"
THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
FEEDBACK_VALUES = (1, -1)
MAX_CALLBACK_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


@dataclass(frozen=True, slots=True)
class Action:
    """A decoded button press: ``kind`` is one of MORE_SOURCES, FULL_PASSAGE, FEEDBACK, TIMELINE_PAGE (``qid``:
    the timeline's number, ``value``: the first entry of the page)."""

    kind: str
    qid: int
    value: int = 0


def encode(kind: str, qid: int, value: int | None = None) -> str:
    data = f"{kind}:{qid}" if value is None else f"{kind}:{qid}:{value}"
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data {data!r} is longer than {MAX_CALLBACK_BYTES} bytes")
    return data


def decode(data: str | None) -> Action | None:
    """The action behind ``data``; None for anything this bot did not send."""
    if not data:
        return None
    parts = data.split(":")
    try:
        if len(parts) == 2 and parts[0] in (MORE_SOURCES, FULL_PASSAGE):
            return Action(parts[0], int(parts[1]))
        if len(parts) == 3 and parts[0] == FEEDBACK and int(parts[2]) in FEEDBACK_VALUES:
            return Action(FEEDBACK, int(parts[1]), int(parts[2]))
        if len(parts) == 3 and parts[0] == TIMELINE_PAGE and int(parts[2]) >= 0:
            return Action(TIMELINE_PAGE, int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


def answer_keyboard(qid: int, answer: Answer, lang: str) -> InlineKeyboardMarkup:
    """More sources (when there are any) and the full passage on the first row, feedback on the second."""
    first_row = []
    if answer.sources:
        more = text(lang, "button_more", count=len(answer.sources))
        first_row.append(InlineKeyboardButton(more, callback_data=encode(MORE_SOURCES, qid)))
    first_row.append(InlineKeyboardButton(text(lang, "button_passage"), callback_data=encode(FULL_PASSAGE, qid)))
    feedback_row = [
        InlineKeyboardButton(THUMBS_UP, callback_data=encode(FEEDBACK, qid, 1)),
        InlineKeyboardButton(THUMBS_DOWN, callback_data=encode(FEEDBACK, qid, -1)),
    ]
    return InlineKeyboardMarkup([first_row, feedback_row])


def timeline_keyboard(key: int, next_entry: int, total: int, lang: str) -> InlineKeyboardMarkup | None:
    """*Next* under a timeline page when entries remain."""
    if next_entry >= total:
        return None
    button = InlineKeyboardButton(text(lang, "button_next_page"), callback_data=encode(TIMELINE_PAGE, key, next_entry))
    return InlineKeyboardMarkup([[button]])
