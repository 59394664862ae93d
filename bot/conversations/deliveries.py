"""Alert bookkeeping in the conversation store: the lease that says which instance runs alerts, the planned
alerts (``deliveries``) and how far the archive's ingest sequence has been planned.

An alert run is two steps (``bot.alerts``):

1. **Plan** (the lease holder only): the articles above the watermark are matched, and the alerts chosen are
   written as ``pending`` deliveries together with the new watermark, in one transaction that only commits when
   the watermark is still the one the plan started from. Killed before the commit: nothing is lost, the next
   run plans again. A delivery is UNIQUE per chat and article: never planned twice.
2. **Send**: each due delivery is claimed for a short while (``claimed_by``/``claimed_until``: no second instance
   sends it meanwhile), sent, and only then marked ``sent``. A transient failure is tried again later with a
   growing delay; only "blocked" (403) and "chat not found" end it (``failed``). Killed between claim and send:
   the claim expires and the next run sends it. The one window left is a kill after Telegram confirmed and
   before the mark: that alert is sent again (at least once, never lost).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.conversations.common import Clock, insert_ignore, wall_clock
from bot.conversations.tables import alert_progress, deliveries, leases

ALERTS = "alerts"
PENDING, SENT, FAILED = "pending", "sent", "failed"


class _Moved(Exception):
    """Another run moved the watermark: this plan is dropped (rolled back)."""


@dataclass(frozen=True, slots=True)
class PlannedAlert:
    chat_id: int
    article_id: str
    follow_id: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    text: str
    attempts: int


class AlertBook:
    """Leases, the alert watermark and the deliveries."""

    def __init__(self, engine: Engine, *, clock: Clock = wall_clock) -> None:
        self.engine = engine
        self._clock = clock

    # -- the lease ------------------------------------------------------------------------------------------

    def take_lease(self, holder: str, *, ttl_s: float, name: str = ALERTS) -> bool:
        """True when ``holder`` holds the lease ``name`` for the next ``ttl_s`` (taken, renewed, or taken over
        after it expired); False while another holder's is valid."""
        now = self._clock()
        with self.engine.begin() as connection:
            insert_ignore(
                connection, leases, [{"name": name, "holder": holder, "expires_at": now + ttl_s}], index=["name"]
            )
            taken = connection.execute(
                sa.update(leases)
                .where(leases.c.name == name, (leases.c.holder == holder) | (leases.c.expires_at < now))
                .values(holder=holder, expires_at=now + ttl_s)
            ).rowcount
        return bool(taken)

    def release_lease(self, holder: str, *, name: str = ALERTS) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(leases).where(leases.c.name == name, leases.c.holder == holder))

    # -- planning -------------------------------------------------------------------------------------------

    def watermark(self) -> int | None:
        """The ingest sequence up to which alerts were planned; None before the first run."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(alert_progress.c.last_seq).where(alert_progress.c.name == ALERTS)
            ).scalar_one_or_none()

    def start(self, newest_seq: int) -> int:
        """The watermark, set to ``newest_seq`` on the very first run (the archive from before alerts alerts
        nothing)."""
        with self.engine.begin() as connection:
            insert_ignore(connection, alert_progress, [{"name": ALERTS, "last_seq": newest_seq}], index=["name"])
            return int(
                connection.execute(
                    sa.select(alert_progress.c.last_seq).where(alert_progress.c.name == ALERTS)
                ).scalar_one()
            )

    def plan(self, alerts: list[PlannedAlert], *, after: int, upto: int) -> int | None:
        """Write ``alerts`` as pending deliveries and move the watermark from ``after`` to ``upto``, in one
        transaction; None (nothing written) when another run moved the watermark meanwhile. How many were new."""
        now = self._clock()
        rows = [
            {
                "chat_id": alert.chat_id,
                "article_id": alert.article_id,
                "follow_id": alert.follow_id,
                "text": alert.text,
                "status": PENDING,
                "attempts": 0,
                "next_try_at": now,
                "created_at": now,
            }
            for alert in alerts
        ]
        try:
            with self.engine.begin() as connection:
                moved = connection.execute(
                    sa.update(alert_progress)
                    .where(alert_progress.c.name == ALERTS, alert_progress.c.last_seq == after)
                    .values(last_seq=upto)
                ).rowcount
                if not moved:
                    raise _Moved
                return insert_ignore(connection, deliveries, rows, index=["chat_id", "article_id"])
        except _Moved:
            return None

    # -- sending --------------------------------------------------------------------------------------------

    def claim_due(self, holder: str, *, claim_s: float, limit: int = 100) -> list[Delivery]:
        """Claim up to ``limit`` pending deliveries that are due and not claimed by another instance now."""
        now = self._clock()
        due = (
            sa.select(deliveries.c.id)
            .where(
                deliveries.c.status == PENDING,
                deliveries.c.next_try_at <= now,
                sa.or_(
                    deliveries.c.claimed_until.is_(None),
                    deliveries.c.claimed_until < now,
                    deliveries.c.claimed_by == holder,
                ),
            )
            .order_by(deliveries.c.id)
            .limit(limit)
        )
        claimed: list[Delivery] = []
        with self.engine.begin() as connection:
            for delivery_id in connection.execute(due).scalars().all():
                taken = connection.execute(
                    sa.update(deliveries)
                    .where(
                        deliveries.c.id == delivery_id,
                        deliveries.c.status == PENDING,
                        sa.or_(
                            deliveries.c.claimed_until.is_(None),
                            deliveries.c.claimed_until < now,
                            deliveries.c.claimed_by == holder,
                        ),
                    )
                    .values(claimed_by=holder, claimed_until=now + claim_s)
                ).rowcount
                if taken:
                    row = connection.execute(
                        sa.select(deliveries.c.chat_id, deliveries.c.text, deliveries.c.attempts).where(
                            deliveries.c.id == delivery_id
                        )
                    ).one()
                    claimed.append(Delivery(delivery_id, row.chat_id, row.text, row.attempts))
        return claimed

    def mark_sent(self, delivery_id: int) -> None:
        self._set(delivery_id, status=SENT, sent_at=self._clock(), claimed_until=None)

    def mark_failed(self, delivery_id: int) -> None:
        """Final: the chat blocked the bot or is gone."""
        self._set(delivery_id, status=FAILED, claimed_until=None)

    def retry_later(self, delivery_id: int, *, attempts: int, delay_s: float) -> None:
        self._set(delivery_id, attempts=attempts, next_try_at=self._clock() + delay_s, claimed_until=None)

    def _set(self, delivery_id: int, **values: object) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.update(deliveries).where(deliveries.c.id == delivery_id).values(**values))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)
            ).all()
        return {status: int(count) for status, count in rows}

    def forget_chat(self, chat_id: int) -> int:
        with self.engine.begin() as connection:
            return connection.execute(sa.delete(deliveries).where(deliveries.c.chat_id == chat_id)).rowcount or 0

    def purge_sent(self, *, before: float) -> int:
        """Drop deliveries sent or failed before ``before`` (retention)."""
        with self.engine.begin() as connection:
            return (
                connection.execute(
                    sa.delete(deliveries).where(deliveries.c.status != PENDING, deliveries.c.created_at < before)
                ).rowcount
                or 0
            )
