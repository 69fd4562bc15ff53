"""Audit events are written in the same transaction as the action they record (issue 7 item 5):
import, export, sign-in and conflict resolution. A failure injected where the event is written
leaves neither the action nor the event; a success leaves exactly one event."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from sqlalchemy import func, select

from desktop.services import audit
from desktop.services.ledger_cli import run_export_ledger, run_import_ledger
from desktop.services.ledger_export import export_ledger, export_reminders
from desktop.services.ledger_import import ACCEPTED, import_ledger
from desktop.services.ledger_service import LedgerService
from desktop.services.sync_service import SyncService
from desktop.store import tables as t
from desktop.store.db import Store, set_state
from desktop.store.records import write_record
from tests.sync.support import PASSWORD, central_server

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
TODAY = date(2024, 6, 1)


def _fail_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make writing an audit event fail as a full disk would (a store error inside the transaction)."""

    def refuse(*_args: Any, **_kwargs: Any) -> str:
        raise sqlalchemy.exc.OperationalError("INSERT INTO audit_event", {}, Exception("database or disk is full"))

    monkeypatch.setattr(audit, "record", refuse)


def _count(store: Store, table: Any) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def _events(store: Store) -> list[audit.AuditEvent]:
    return audit.list_events(store)


# ---- import --------------------------------------------------------------------------------------


def test_an_import_and_its_event_commit_together(store: Store) -> None:
    report = LedgerService(store, "tester", today=lambda: TODAY).run(FIXTURE, dry_run=False)
    accepted = sum(1 for v in report.rows if v.status in ACCEPTED)
    assert accepted > 0 and not report.rolled_back
    [event] = _events(store)
    assert (event.action, event.entity, event.user, event.count) == ("import", "resident", "tester", accepted)
    assert "xlsx" in event.detail and FIXTURE.stem not in event.detail  # the file's kind, never its name
    with store.read() as conn:  # the event is queued for central like the imported records
        queued = conn.execute(select(t.outbox.c.record_id).where(t.outbox.c.entity == "audit_event")).scalars().all()
    assert queued == [event.id]


def test_a_failure_writing_the_import_event_rolls_the_import_back(store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_audit(monkeypatch)
    report = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert report.rolled_back and report.aborted
    assert {v.status for v in report.rows} & {"created", "created_with_warnings", "updated"} == set()
    assert _count(store, t.resident) == 0 and _count(store, t.outbox) == 0
    monkeypatch.undo()
    assert _events(store) == []


def test_a_dry_run_and_a_cancelled_import_are_not_audited(store: Store) -> None:
    assert not import_ledger(store, FIXTURE, user="tester", today=TODAY, dry_run=True).rolled_back
    assert import_ledger(store, FIXTURE, user="tester", today=TODAY, should_cancel=lambda: True).cancelled
    assert _events(store) == []


def test_the_import_command_writes_one_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = tmp_path / "profile"
    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "a long enough test passphrase 7")
    assert run_import_ledger([str(FIXTURE), "--profile", str(profile), "--user", "clerk"]) == 0
    from desktop.services.privacy import open_for_cli

    store = open_for_cli(profile, None)
    try:
        [event] = _events(store)
        assert (event.action, event.user, event.detail) == ("import", "clerk", "import-ledger xlsx")
    finally:
        store.close()


# ---- export --------------------------------------------------------------------------------------


@pytest.fixture
def imported(store: Store) -> Store:
    import_ledger(store, FIXTURE, user="tester", today=TODAY)
    return store


def _export_events(store: Store) -> list[audit.AuditEvent]:
    return [e for e in _events(store) if e.action == "export"]


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.csv"])
def test_an_export_is_handed_over_only_after_its_event_is_committed(imported: Store, tmp_path: Path,
                                                                    name: str) -> None:
    out = tmp_path / "out" / name
    assert export_ledger(imported, "330212", out, user="sup") == 286
    [event] = _export_events(imported)
    assert (event.entity, event.user, event.count) == ("ledger", "sup", 286)
    assert out.suffix[1:] in event.detail and "330212" in event.detail
    assert sorted(p.name for p in out.parent.iterdir()) == [name]  # nothing staged is left behind


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.csv"])
def test_an_export_whose_event_cannot_be_written_leaves_no_file(imported: Store, tmp_path: Path, name: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / name
    _fail_audit(monkeypatch)
    with pytest.raises(sqlalchemy.exc.OperationalError):
        export_ledger(imported, "330212", out, user="sup")
    assert list(out.parent.iterdir()) == []
    monkeypatch.undo()
    assert _export_events(imported) == []


def test_an_export_over_an_older_file_keeps_it_when_the_event_fails(imported: Store, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "台账.csv"
    out.write_text("an older export\n", encoding="utf-8")
    _fail_audit(monkeypatch)
    with pytest.raises(sqlalchemy.exc.OperationalError):
        export_reminders(imported, "330212", out, today=TODAY)
    assert out.read_text(encoding="utf-8") == "an older export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".csv") or p.name.startswith(".")) == [
        "台账.csv"]


def test_the_export_command_and_the_ledger_service_write_one_event_each(imported: Store, tmp_path: Path) -> None:
    LedgerService(imported, "sup").export("330212", tmp_path / "a.xlsx")
    assert [(e.entity, e.user, e.count) for e in _export_events(imported)] == [("ledger", "sup", 286)]


def test_the_export_command_audits_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = tmp_path / "profile"
    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "a long enough test passphrase 7")
    assert run_import_ledger([str(FIXTURE), "--profile", str(profile), "--user", "clerk"]) == 0
    from desktop.services.privacy import open_for_cli
    from desktop.store.db import set_state

    store = open_for_cli(profile, None)
    with store.write() as conn:  # issue 7: a ledger export is for the supervisor of the last sign-in
        set_state(conn, "auth_role", "supervisor")
    store.close()
    for kind in ("ledger", "reminders", "rates"):
        assert run_export_ledger(["--area", "330212", "--out", str(tmp_path / f"{kind}.xlsx"), "--kind", kind,
                                  "--profile", str(profile)]) == 0
    store = open_for_cli(profile, None)
    try:
        assert sorted(e.entity for e in _export_events(store)) == ["ledger", "rates", "reminders"]
    finally:
        store.close()


# ---- sign-in -------------------------------------------------------------------------------------


def test_sign_in_stores_the_token_and_its_event_together(store: Store, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with central_server("sqlite", tmp_path) as (server, _db):
        service = SyncService(store, server.url)
        try:
            _fail_audit(monkeypatch)
            with pytest.raises(sqlalchemy.exc.OperationalError):
                service.login("supervisor1", PASSWORD)
            assert store.state("access_token") is None and store.state("auth_user") is None
            monkeypatch.undo()
            assert _events(store) == []
            assert service.login("supervisor1", PASSWORD) == "supervisor"
        finally:
            service.close()
    assert store.state("access_token")
    [event] = _events(store)
    assert (event.action, event.user, event.role) == ("sign_in", "supervisor1", "supervisor")


# ---- conflict resolution -------------------------------------------------------------------------


def _open_conflict(store: Store) -> str:
    record_id = "h-1"
    with store.write() as conn:
        write_record(conn, "household", record_id, {"address_id": "a-1", "type": "family"}, user="sup",
                     device_id=store.device_id)
        conn.execute(t.outbox.delete())
        conn.execute(t.sync_conflict.insert().values(
            id=7, entity="household", record_id=record_id, op="upsert", device_id=store.device_id, user="sup",
            created_at="2026-11-30T08:00:00.000Z", server_version=2, server_user="officer1",
            fields=json.dumps([{"field": "type", "device_value": "family", "server_value": "collective"}])))
        for key, value in (("access_token", "t"), ("auth_user", "sup"), ("auth_role", "supervisor")):
            set_state(conn, key, value)
    return record_id


def test_a_resolution_and_its_event_commit_together(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = _open_conflict(store)
    service = SyncService(store, "http://127.0.0.1:9")
    try:
        _fail_audit(monkeypatch)
        with pytest.raises(sqlalchemy.exc.OperationalError):
            service.resolve_conflict(record_id, {"type": "collective"})
        assert [c["id"] for c in service.conflicts()] == [7] and _count(store, t.outbox) == 0
        monkeypatch.undo()
        assert _events(store) == []
        service.resolve_conflict(record_id, {"type": "collective"})
        assert service.conflicts() == []
    finally:
        service.close()
    [event] = _events(store)
    assert (event.action, event.user, event.entity, event.record_id, event.detail) == (
        "resolve", "sup", "household", record_id, "fields: type")
