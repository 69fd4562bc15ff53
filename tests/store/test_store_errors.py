"""Store failures reach callers as SQLAlchemy errors, so every ``except SQLAlchemyError`` that promises a
rollback with a report really sees them (a user trial: a failing insert in the middle of an import ended
the command line in a raw ``sqlcipher3.dbapi2.IntegrityError`` traceback instead of a rolled-back report)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.services.ledger_import import import_ledger
from desktop.store import tables as t
from desktop.store.db import open_store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_constraint_failure_is_sqlalchemys_integrity_error(tmp_path: Path, encrypted: bool) -> None:
    store = open_store(tmp_path / "s.sqlite", key=bytes(range(32)) if encrypted else None)
    try:
        with pytest.raises(IntegrityError), store.write() as conn:
            conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('k', '1')")
            conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('k', '2')")
        with store.read() as conn:  # rolled back: the first insert is gone too
            assert conn.exec_driver_sql("SELECT count(*) FROM sync_state WHERE key = 'k'").scalar() == 0
    finally:
        store.close()


def test_a_store_failure_half_way_through_an_import_rolls_it_back_with_a_report(tmp_path: Path) -> None:
    """A real failure inside SQLite (a trigger that aborts the 120th resident insert), not a mock."""
    store = open_store(tmp_path / "s.sqlite", key=bytes(range(32)))
    try:
        with store.write() as conn:
            conn.exec_driver_sql(
                "CREATE TRIGGER fail_late BEFORE INSERT ON resident WHEN (SELECT count(*) FROM resident) >= 120 "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        report = import_ledger(store, FIXTURE, user="tester", today=date(2024, 6, 1))
        assert report.aborted is not None and "injected failure" in report.aborted
        assert report.rolled_back and report.totals["not_imported"] > 0
        assert not any(v.status in ("created", "created_with_warnings", "updated") for v in report.rows)
        with store.read() as conn:
            assert conn.execute(select(func.count()).select_from(t.resident)).scalar() == 0
            assert conn.execute(select(func.count()).select_from(t.outbox)).scalar() == 0
    finally:
        store.close()
