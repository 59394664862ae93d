"""The newsroom's desk in the conversation store (issue 22), on real SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from bot.conversations import open_conversations
from bot.conversations.desk import ANSWERED, DISMISSED, SENDING, SENT, NewsroomDesk
from bot.conversations.tables import item_questions

DAY = 86_400.0


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _desk(url: str, clock: Clock) -> NewsroomDesk:
    return NewsroomDesk(open_conversations(url).engine, clock=clock)


def test_offers_join_an_item_and_closing_plans_one_delivery_per_reader_and_drops_chat_ids(store_url):
    clock = Clock()
    desk = _desk(store_url, clock)
    first = desk.offer(question_id=1, question="Wann öffnet die Grenze?", lang="de", chat_id=11, join=None)
    assert not first.joined
    clock.now += 60
    second = desk.offer(question_id=2, question="متى تفتح الحدود؟", lang="ar", chat_id=22, join=first.item_id)
    third = desk.offer(question_id=3, question="When does the border open?", lang="en", chat_id=33, join=first.item_id)
    assert second.joined and second.item_id == third.item_id == first.item_id
    assert desk.offer(question_id=2, question="x", lang="ar", chat_id=22, join=None) == second  # offered before
    assert desk.withdraw(third.entry_id, chat_id=99) is None  # not this chat's
    assert desk.withdraw(third.entry_id, chat_id=33) == first.item_id
    (item,) = desk.items()
    assert item.readers == 2 and item.languages == {"ar": 1, "de": 1}
    assert item.first_at == clock.now - 60 and "chat" not in str(item.to_dict())

    planned = desk.close(
        item.id, ANSWERED, render=lambda asker: f"{asker.lang}:{asker.question}", answer_article_id="a"
    )
    assert planned == 2
    assert desk.close(item.id, DISMISSED, render=str) is None  # a replayed press changes nothing
    assert sorted((d.chat_id, d.html) for d in desk.due()) == [
        (11, "de:Wann öffnet die Grenze?"),
        (22, "ar:متى تفتح الحدود؟"),
    ]
    with desk.engine.connect() as connection:
        assert connection.execute(sa.select(item_questions.c.chat_id)).scalars().all() == [None, None, None]
    assert desk.items() == []


def test_a_delivery_left_sending_by_a_killed_process_is_due_again_and_a_sent_one_is_not(store_url):
    clock = Clock()
    desk = _desk(store_url, clock)
    offer = desk.offer(question_id=None, question="q", lang="en", chat_id=5, join=None)
    desk.offer(question_id=None, question="q2", lang="en", chat_id=6, join=offer.item_id)
    desk.close(offer.item_id, ANSWERED, render=lambda asker: "answer")
    first, second = desk.due()
    desk.mark(first.id, SENDING)
    desk.mark(first.id, SENT)
    desk.mark(second.id, SENDING)  # killed here
    (again,) = desk.due()
    assert again.id == second.id and again.attempts == 1
    clock.now += 3600
    assert desk.stats() == {
        "queue_open": 0, "queue_answered": 1, "queue_dismissed": 0, "share_answered": 1.0,
        "median_answer_s": 0.0, "readers_reached": 1, "retraction_notices_sent": 0,
    }  # fmt: skip


def test_a_retraction_notices_the_chats_it_was_quoted_to_within_the_notice_days_once(store_url):
    clock = Clock()
    desk = _desk(store_url, clock)
    desk.log_quote(1, "art-1", "quote", "de")
    clock.now += 20 * DAY
    desk.log_quote(2, "art-1", "quote", "ar")
    desk.log_quote(2, "art-1", "quote", "ar")
    desk.log_quote(3, "art-2", "other", "en")
    clock.now += 15 * DAY  # chat 1 was quoted 35 days ago: outside 30
    render = lambda chat_id, lang, at: f"{chat_id}:{lang}"  # noqa: E731
    assert desk.retract("art-1", title="T", reason="wrong figure", notice_days=30, render=render) == 1
    assert [d.html for d in desk.due()] == ["2:ar"]
    assert desk.retract("art-1", title="T", reason="again", notice_days=30, render=render) == 0
    assert desk.retracted() == {"art-1": "wrong figure"}


def test_chat_ids_of_offers_older_than_the_keep_days_are_dropped(store_url):
    clock = Clock()
    desk = _desk(store_url, clock)
    desk.offer(question_id=None, question="old", lang="en", chat_id=5, join=None)
    clock.now += 31 * DAY
    desk.offer(question_id=None, question="new", lang="en", chat_id=6, join=None)
    assert desk.expire(30) == 1
    with desk.engine.connect() as connection:
        assert sorted(connection.execute(sa.select(item_questions.c.chat_id)).scalars().all(), key=str) == [6, None]
