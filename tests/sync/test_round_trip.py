"""Device A → central → device B, on SQLite and PostgreSQL, through the real HTTP stack."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from central.embedded import EmbeddedServer
from desktop.store import tables as t
from desktop.store.db import Store
from tests.sync.support import client_for, local_counts, outbox_statuses, seed_district, signed_in


def test_round_trip_a_to_b(central: EmbeddedServer, store_a: Store, store_b: Store) -> None:
    ids = seed_district(store_a)
    a, b = signed_in(store_a, central.url), signed_in(store_b, central.url)
    assert a.pending_count() == 10
    stages: list[tuple[str, int, int]] = []
    report = a.sync(progress=lambda stage, done, total: stages.append((stage, done, total)))
    assert (report.pushed, report.applied, report.rejected, report.conflict) == (10, 10, 0, 0)
    assert a.pending_count() == 0
    assert ("push", 10, 10) in stages
    # A gets its own rows back; the grid it added comes back assigned to it (a second version: cursor 11)
    assert report.pulled == 10 and report.cursor == 11

    report_b = b.sync()
    assert report_b.pushed == 0 and report_b.pulled == 10
    expected = local_counts(store_a)
    assert expected["resident"] == 1 and expected["area"] == 4
    assert local_counts(store_b) == expected
    client = client_for(central.url, "counter")
    assert client.counts() == expected
    with store_b.read() as conn:
        person = conn.execute(select(t.resident).where(t.resident.c.id == ids["resident"])).mappings().one()
    assert person["name"] == "张三" and person["version"] == 1 and person["device_id"] == store_a.device_id
    last = b.last_result()
    assert last is not None and last.ok and last.pulled == 10


def test_lost_response_resend_gives_duplicates_and_one_copy(
    central: EmbeddedServer, store_a: Store
) -> None:
    seed_district(store_a)
    a = signed_in(store_a, central.url)
    a.sync()
    with store_a.write() as conn:  # as if the push response had been lost on the way back
        conn.execute(update(t.outbox).values(status="pending", receipt=None))
    report = a.sync()
    assert (report.pushed, report.duplicate, report.applied) == (10, 10, 0)
    assert outbox_statuses(store_a) == {"sent": 10}
    assert client_for(central.url, "counter").counts() == local_counts(store_a)
    with store_a.read() as conn:
        receipt = json.loads(conn.execute(select(t.outbox.c.receipt).where(t.outbox.c.mutation_no == 5))
                             .scalar_one())
    assert receipt["status"] == "duplicate" and receipt["version"] == 1


def test_rejected_mutation_is_quarantined_and_the_rest_flow(central: EmbeddedServer, store_a: Store) -> None:
    from desktop.store.records import write_record
    from tests.sync.support import new_id

    ids = seed_district(store_a)
    with store_a.write() as conn:
        write_record(conn, "residence_registration", new_id(),
                     {"resident_id": new_id(), "address_id": ids["room"], "status": "living"},
                     user="officer1", device_id=store_a.device_id)
        write_record(conn, "visit", new_id(), {"address_id": ids["room"], "visited_at": "2024-05-02T10:00",
                                               "outcome": "registered"},
                     user="officer1", device_id=store_a.device_id)
    report = signed_in(store_a, central.url).sync()
    assert (report.applied, report.rejected) == (11, 1)
    assert outbox_statuses(store_a) == {"sent": 11, "rejected": 1}
    with store_a.read() as conn:
        receipt = json.loads(conn.execute(select(t.outbox.c.receipt).where(t.outbox.c.status == "rejected"))
                             .scalar_one())
    assert receipt["reasons"] == ["missing_parent:resident_id"]
    counts = client_for(central.url, "counter").counts()
    assert counts["visit"] == 1 and counts["residence_registration"] == 1


def test_quarantine_row_on_central(central: EmbeddedServer, store_a: Store) -> None:
    from sqlalchemy import func

    from central import models
    from central.db import make_engine
    from desktop.store.records import write_record
    from tests.sync.support import new_id

    with store_a.write() as conn:
        write_record(conn, "household", new_id(), {"address_id": new_id()}, user="officer1",
                     device_id=store_a.device_id)
    signed_in(store_a, central.url).sync()
    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(models.quarantine)).mappings().one()
            assert row["reasons"] == ["missing_parent:address_id"] and row["mutation_no"] == 1
            assert conn.execute(select(func.count()).select_from(models.record)).scalar_one() == 0
            assert conn.execute(select(models.device.c.high_water)).scalar_one() == 1
    finally:
        engine.dispose()
