"""Two devices editing the same records: field merges, same-field conflicts, deletes (DESIGN §5.6)."""

from __future__ import annotations

from sqlalchemy import select

from central import models
from central.db import make_engine
from central.embedded import EmbeddedServer
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record
from tests.sync.support import seed_district, signed_in


def _edit(store: Store, entity: str, record_id: str, fields: dict[str, object], *,
          delete: bool = False) -> None:
    with store.write() as conn:
        write_record(conn, entity, record_id, fields, user="officer1", device_id=store.device_id, delete=delete)


def _resident(store: Store, record_id: str) -> dict[str, object]:
    with store.read() as conn:
        return dict(conn.execute(select(t.resident).where(t.resident.c.id == record_id)).mappings().one())


def test_different_fields_merge_same_field_conflicts(central: EmbeddedServer, store_a: Store,
                                                     store_b: Store) -> None:
    ids = seed_district(store_a)
    rid = ids["resident"]
    a, b = signed_in(store_a, central.url), signed_in(store_b, central.url)
    a.sync()
    b.sync()
    _edit(store_a, "resident", rid, {"phone": "13900001111"})
    _edit(store_b, "resident", rid, {"occupation": "厨师"})
    assert a.sync().applied == 1
    assert b.sync().applied == 1  # a different field: merged, no conflict
    a.sync()
    for store in (store_a, store_b):
        row = _resident(store, rid)
        assert (row["phone"], row["occupation"], row["version"]) == ("13900001111", "厨师", 3)

    _edit(store_a, "resident", rid, {"name": "张叁"})
    _edit(store_b, "resident", rid, {"name": "章三", "note": "核实"})
    assert a.sync().applied == 1
    report = b.sync()
    assert report.conflict == 1 and report.applied == 0
    # the server kept A's name, applied B's note, and B now holds both after pulling
    row = _resident(store_b, rid)
    assert (row["name"], row["note"], row["version"]) == ("张叁", "核实", 5)
    with store_b.read() as conn:
        receipt = conn.execute(select(t.outbox.c.receipt).order_by(t.outbox.c.mutation_no.desc())
                               .limit(1)).scalar_one()
    assert '"server_fields":{"name":"张叁"}' in receipt.replace(" ", "")
    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            conflict = conn.execute(select(models.conflict)).mappings().one()
    finally:
        engine.dispose()
    assert conflict["device_fields"] == {"name": "章三"} and conflict["server_fields"] == {"name": "张叁"}


def test_own_successive_edits_never_conflict(central: EmbeddedServer, store_a: Store) -> None:
    ids = seed_district(store_a)
    a = signed_in(store_a, central.url)
    a.sync()
    for phone in ("13900000001", "13900000002", "13900000003"):  # all on base version 1
        _edit(store_a, "resident", ids["resident"], {"phone": phone})
    report = a.sync()
    assert (report.applied, report.conflict) == (3, 0)
    row = _resident(store_a, ids["resident"])
    assert (row["phone"], row["version"]) == ("13900000003", 4)


def test_delete_conflicts_with_a_concurrent_edit(central: EmbeddedServer, store_a: Store,
                                                 store_b: Store) -> None:
    ids = seed_district(store_a)
    a, b = signed_in(store_a, central.url), signed_in(store_b, central.url)
    a.sync()
    b.sync()
    _edit(store_a, "residence_registration", ids["registration"], {"status": "left",
                                                                   "moved_out_date": "2024-06-01"})
    _edit(store_b, "residence_registration", ids["registration"], {}, delete=True)
    a.sync()
    assert b.sync().conflict == 1  # the delete does not win silently
    assert b.sync().pushed == 0
    with store_b.read() as conn:  # B got A's edit; its delete was not applied
        reg = t.residence_registration
        row = conn.execute(select(reg.c.deleted, reg.c.status)).one()
    assert tuple(row) == (0, "left")
    # a delete on the current version goes through
    _edit(store_b, "residence_registration", ids["registration"], {}, delete=True)
    assert b.sync().applied == 1
    a.sync()
    with store_a.read() as conn:
        assert conn.execute(select(t.residence_registration.c.deleted)).scalar_one() == 1
