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


def test_a_failed_batch_stops_the_batches_queued_behind_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review of the writer pipeline: on SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM or SQLITE_BUSY SQLite may roll the
    whole transaction back by itself (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"),
    and a batch already queued behind the failed one then ran in autocommit mode: committed row by row while the
    report said nothing was stored. Here the disk is made full for real (``max_page_count`` a few pages above the
    store's size) and the transaction-wide rollback SQLite may do is done as SQLite would do it (that part cannot
    be caused on demand); the failing batch waits until the next one is queued behind it."""
    import time

    from desktop.services import ledger_import as li

    store = open_store(tmp_path / "s.sqlite", key=bytes(range(32)))
    monkeypatch.setattr(li, "BATCH_ROWS", 20)
    real = li._Importer.write
    calls: list[str] = []

    def write_on_a_small_disk(self: li._Importer, work: li._Work) -> None:
        assert self.conn is not None
        if not calls:
            pages = int(self.conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
            self.conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 12}")
        calls.append("write")
        try:
            real(self, work)
        except Exception:
            if calls.count("failed") == 0:
                time.sleep(0.5)  # the planner queues the next batch meanwhile
                raw = self.conn.connection.driver_connection
                if raw is not None and raw.in_transaction:
                    raw.execute("ROLLBACK")  # what SQLite may do by itself on SQLITE_FULL
                self.conn.exec_driver_sql("PRAGMA max_page_count = 1073741823")  # room again for what follows
            calls.append("failed")
            raise

    monkeypatch.setattr(li._Importer, "write", write_on_a_small_disk)
    try:
        report = import_ledger(store, FIXTURE, user="tester", today=date(2024, 6, 1))
        assert report.aborted and report.rolled_back
        with store.read() as conn:
            assert conn.execute(select(func.count()).select_from(t.resident)).scalar() == 0
            assert conn.execute(select(func.count()).select_from(t.standard_address)).scalar() == 0
            assert conn.execute(select(func.count()).select_from(t.outbox)).scalar() == 0
    finally:
        store.close()
