"""No device pulls audit events (issue 7 §5): each device pushes its own, a supervisor reads
everyone's through ``GET /audit`` on central. Real central over HTTP, real stores, real SyncService."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from desktop.services import audit
from desktop.services.sync_service import SyncService
from desktop.store.db import Store, open_store
from tests.sync.support import PASSWORD, central_server, client_for, seed_district


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_devices_push_their_audit_events_and_nobody_pulls_them(store: Store, tmp_path: Path, kind: str) -> None:
    with central_server(kind, tmp_path) as (server, _db):
        seed_district(store)
        officer = SyncService(store, server.url)
        officer.login("officer1", PASSWORD)  # audits its own sign-in
        supervisor_store = open_store(tmp_path / "supervisor.sqlite")
        try:
            audit.log_event(store, user="officer1", action="reveal", entity="resident", record_id="r-1")
            report = officer.sync()
            assert report.rejected == report.conflict == 0 and report.applied >= 2
            mine = audit.list_events(store)
            assert sorted(e.action for e in mine) == ["reveal", "sign_in"] and all(e.synced for e in mine)

            district = SyncService(supervisor_store, server.url)
            district.login("supervisor1", PASSWORD)  # the whole district
            try:
                first = district.sync()
                assert first.applied == 1 and first.pulled >= 10  # the district's records, its own sign-in
                assert district.sync().pulled == 0
            finally:
                district.close()
            # the supervisor's device has the district's records but only its own audit event
            assert [(e.user, e.action) for e in audit.list_events(supervisor_store)] == [
                ("supervisor1", "sign_in")]
            with supervisor_store.read() as conn:
                residents = conn.exec_driver_sql("SELECT count(*) FROM resident").scalar()
            assert residents == 1

            sup = client_for(server.url, "dev-sup-2", "supervisor1")
            assert sup.counts()["audit_event"] == 0
            page = sup.pull(0, 500)
            assert "audit_event" not in {row.entity for row in page.rows} and page.rows
            token = sup.session.headers["Authorization"]
            events = requests.get(f"{server.url}/api/v1/audit", params={"user": "officer1"},
                                  headers={"Authorization": token}, timeout=30).json()["events"]
            assert {(e["action"], e["source"]) for e in events} >= {("reveal", "device"), ("sign_in", "device")}
            officer.close()
        finally:
            supervisor_store.close()
