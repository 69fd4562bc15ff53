"""Push-path helpers that trade generality for speed must give the general answer (issue 3 item 10)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from central import models as m
from central.crud import _receipt_json
from central.db import IN_CHUNK, init_db, make_engine, one_of
from desktop.sync.protocol import Receipt, ReceiptStatus


def test_receipt_json_is_model_dump_for_every_kind_of_receipt() -> None:
    receipts = [
        Receipt(mutation_no=1, record_id="r1", status=ReceiptStatus.APPLIED, version=3, server_fields=None),
        Receipt(mutation_no=2, record_id="r2", status=ReceiptStatus.DUPLICATE, version=1, server_fields=None),
        Receipt(mutation_no=3, record_id="r3", status=ReceiptStatus.CONFLICT, version=4,
                server_fields={"phone": "13800000000", "deleted": True}),
        Receipt(mutation_no=4, record_id="r4", status=ReceiptStatus.REJECTED, version=None, server_fields=None,
                reasons=["missing_parent:address_id"]),
    ]
    assert [_receipt_json(r) for r in receipts] == [r.model_dump(mode="json") for r in receipts]


def test_one_of_finds_exactly_the_stored_ids_of_a_long_list(db_url: str) -> None:
    """More values than one SQLite IN list holds, half of them stored: one query on PostgreSQL
    (``= ANY(array)``), several on SQLite; either way exactly the stored half comes back."""
    engine = make_engine(db_url)
    init_db(engine)
    ids = [str(uuid.uuid4()) for _ in range(2 * IN_CHUNK + 7)]
    stored = ids[::2]
    r = m.record
    with engine.begin() as conn:
        conn.execute(r.insert(), [{"id": rid, "entity": "area", "district_code": "330212", "version": 1,
                                   "change_seq": i + 1, "deleted": False, "data": {}, "field_versions": {},
                                   "field_devices": {}} for i, rid in enumerate(stored)])
    with engine.connect() as conn:
        conds = list(one_of(conn, r.c.id, ids))
        found = {row for cond in conds for (row,) in conn.execute(select(r.c.id).where(cond))}
        assert found == set(stored)
        assert len(conds) == (1 if conn.dialect.name == "postgresql" else 3)
        assert list(one_of(conn, r.c.id, [])) == []
    engine.dispose()
