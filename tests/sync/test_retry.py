"""The retry policy (issue 3 §7) and the outbox retention window: pure or local, no network."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from desktop.errors import SyncErrorKind
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import SyncRepo
from desktop.sync.retry import CAP_S, retry_delay
from tests.sync.support import outbox_statuses, seed_district


def test_transient_failures_back_off_with_jitter_and_others_wait_for_a_person() -> None:
    rng = random.Random(7)
    for attempt in range(1, 12):
        ceiling = min(CAP_S, 2.0 * 2 ** (attempt - 1))
        delays = [retry_delay(SyncErrorKind.NETWORK, attempt, rng) for _ in range(50)]
        assert all(d is not None and ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jitter
    assert retry_delay(SyncErrorKind.SERVER, 1, rng) is not None
    for kind in (SyncErrorKind.AUTH, SyncErrorKind.WRONG_SERVER, SyncErrorKind.UPGRADE_REQUIRED,
                 SyncErrorKind.VALIDATION):
        assert retry_delay(kind, 1, rng) is None
    with pytest.raises(ValueError):
        retry_delay(SyncErrorKind.NETWORK, 0)


def test_acknowledged_mutations_are_kept_for_the_retention_window(store_a: Store) -> None:
    seed_district(store_a)
    repo = SyncRepo(store_a)
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="milliseconds")
    recent = (datetime.now(UTC) - timedelta(days=29)).isoformat(timespec="milliseconds")
    with store_a.write() as conn:
        o = t.outbox
        conn.execute(update(o).where(o.c.mutation_no <= 4).values(status="sent", sent_at=old))
        conn.execute(update(o).where(o.c.mutation_no.between(5, 6)).values(status="sent", sent_at=recent))
        conn.execute(update(o).where(o.c.mutation_no == 7).values(status="rejected", sent_at=old))
    repo.set_states({"acked_high_water": "3"})
    assert repo.prune_sent() == 3  # only acknowledged (≤ high-water), older than 30 days, sent
    assert outbox_statuses(store_a) == {"sent": 3, "rejected": 1, "pending": 3}
