"""What the newsroom in the loop shows: the editors' item messages (English: the desk's language) and the
readers' newsroom answers, dismissals and retraction notices (in each reader's language)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import render
from bot.conversations.desk import ANSWERED, OPEN, Asker, QueueItem
from bot.i18n import Html, text
from index.answer.answers import Answer, Hit

ASK, WITHDRAW, ACCEPT, DISMISS = "n", "w", "ea", "ed"
"""Callback data: ``n:<question id>``, ``w:<offered question id>``, ``ea:<item>``, ``ed:<item>:<reply key>``."""
ITEM_QUESTIONS_SHOWN = 8
QUESTION_CHARS = 300


def owns(data: str | None) -> bool:
    return bool(data) and data.split(":", 1)[0] in (ASK, WITHDRAW, ACCEPT, DISMISS)


def parse(data: str) -> tuple[str, int, str | None] | None:
    """``(kind, number, key)`` of a newsroom button's data; None for anything this bot did not send."""
    parts = data.split(":")
    try:
        if len(parts) == 2 and parts[0] in (ASK, WITHDRAW, ACCEPT):
            return parts[0], int(parts[1]), None
        if len(parts) == 3 and parts[0] == DISMISS and parts[2].isidentifier():
            return DISMISS, int(parts[1]), parts[2]
    except ValueError:
        return None
    return None


def ask_row(qid: int, lang: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text(lang, "button_ask_newsroom"), callback_data=f"{ASK}:{qid}")]


def with_ask_row(markup: InlineKeyboardMarkup | None, qid: int, lang: str) -> InlineKeyboardMarkup:
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, ask_row(qid, lang)])


def withdraw_keyboard(entry_id: int, lang: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text(lang, "button_withdraw"), callback_data=f"{WITHDRAW}:{entry_id}")
    return InlineKeyboardMarkup([[button]])


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%d %b %H:%M UTC")


def render_item(item: QueueItem) -> str:
    """The editor chat's message for ``item``: masked questions, how many readers in which languages, when, the
    best candidate quote; never who asked."""
    languages = ", ".join(f"{lang} {count}" for lang, count in sorted(item.languages.items())) or "–"
    status = {OPEN: "open", ANSWERED: "✅ answered"}.get(item.status, "✖ dismissed")
    lines = [
        f"📨 <b>Question #{item.id}</b> · {status} · {item.readers} reader{'s' if item.readers != 1 else ''} "
        f"({escape(languages)})",
        f"first {_when(item.first_at)}, last {_when(item.last_at)}",
    ]
    lines += [f"• {render.fit(q, QUESTION_CHARS)}" for q in item.questions[:ITEM_QUESTIONS_SHOWN]]
    if len(item.questions) > ITEM_QUESTIONS_SHOWN:
        lines.append(f"… and {len(item.questions) - ITEM_QUESTIONS_SHOWN} more")
    if item.candidate_quote:
        lines.append(f"Best candidate: <i>{render.fit(item.candidate_quote, QUESTION_CHARS)}</i>")
    if item.status == OPEN:
        lines.append("Reply to this message with a text or a link to answer every reader who asked.")
    return "\n".join(lines)


def item_keyboard(item: QueueItem, replies: dict[str, str]) -> InlineKeyboardMarkup | None:
    if item.status != OPEN:
        return None
    rows = []
    if item.candidate_quote:
        rows.append([InlineKeyboardButton("✅ This answers it", callback_data=f"{ACCEPT}:{item.id}")])
    rows.append(
        [InlineKeyboardButton(f"✖ {_short(reply)}", callback_data=f"{DISMISS}:{item.id}:{key}")
         for key, reply in replies.items()]
    )  # fmt: skip
    return InlineKeyboardMarkup(rows)


def _short(label: str, chars: int = 30) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _asked_on(asker: Asker, lang: str) -> str:
    return render._day_label(datetime.fromtimestamp(asker.asked_at, UTC).date().isoformat(), lang)


def render_newsroom_answer(hit: Hit, asker: Asker) -> str:
    """The newsroom's answer to ``asker``: "The newsroom's answer to your question of <date>: …", then the
    verbatim quote with its source, rendered as every answer."""
    lang = asker.lang
    head = text(lang, "newsroom_answer", date=_asked_on(asker, lang), question=Html(render.fit(asker.question, 200)))
    answer = Answer(asker.question, lang, True, hit)
    return head + "\n" + render.render_answer(answer, lang, limit=render.MESSAGE_LIMIT - render.utf16_len(head) - 1)


def render_dismissal(reply: str, asker: Asker) -> str:
    lang = asker.lang
    return text(
        lang, "newsroom_reply", date=_asked_on(asker, lang), question=Html(render.fit(asker.question, 200)), reply=reply
    )


def render_notice(title: str, reason: str | None, lang: str, quoted_at: float) -> str:
    day = render._day_label(datetime.fromtimestamp(quoted_at, UTC).date().isoformat(), lang)
    return text(
        lang,
        "retraction_notice",
        title=Html(render.fit(title or "–", 200)),
        date=day,
        reason=Html(escape(reason)) if reason else text(lang, "no_reason"),
    )


def group_disliked(groups, disliked: list[dict]) -> list[dict]:
    """The 👎-voted answers in the groups of their (masked) questions: example, count, the quote of the first, the
    votes summed (``crisisbot unanswered --json`` and /unanswered)."""
    result = []
    for group in groups:
        members = [entry for entry in disliked if entry["question"] in group.questions]
        if not members:
            continue
        result.append(
            {
                "count": group.count,
                "example": group.example,
                "questions": list(group.questions),
                "quote": members[0]["quote"],
                "article_id": members[0]["article_id"],
                "up": sum(entry["up"] for entry in members),
                "down": sum(entry["down"] for entry in members),
            }
        )
    return result
