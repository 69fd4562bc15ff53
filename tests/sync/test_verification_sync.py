"""The sample and its results survive a sync round trip through a real central; each assignment reaches its
verifier's device and only there; central's /api/v1/rates gives the same figures as the app (issue 5 §1, §8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from central.auth import create_user
from central.db import make_engine
from desktop.services.rates_service import local_figures
from desktop.services.verification import Captured, VerificationService
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from tests.services.verification_place import PEOPLE, build_village
from tests.sync.support import PASSWORD, central_server, signed_in

ALL_OK = {f: {"ok": True} for f in ("name", "id_number", "address", "phone", "employer", "living_here")}


def add_police_assistants(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        for name in ("pa1", "pa2"):
            create_user(engine, name, PASSWORD, "police_assistant", replace=True)
    finally:
        engine.dispose()


def count(store: Store, table: str) -> int:
    tbl = t.SYNCED_TABLES[table]
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(tbl).where(tbl.c.deleted == 0)).scalar_one())


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sample_round_trip_scoped_to_the_verifier_and_central_figures_equal(tmp_path: Path, kind: str) -> None:
    with central_server(kind, tmp_path) as (server, url):
        add_police_assistants(url)
        officer = open_store(tmp_path / "officer.db")  # officer1 registers on their own laptop
        village = build_village(officer)
        signed_in(officer, server.url, "officer1").sync()
        office = open_store(tmp_path / "office.db")  # the supervisor's device pulls the register and samples
        office_sync = signed_in(office, server.url, "supervisor1")
        office_sync.sync()
        sup = VerificationService(office, "supervisor1")
        frame = sup.frame()
        sizes = sup.propose(frame)
        sample_id, drawn = sup.draw_sample(frame, sizes, 7, ["pa1"])
        # one address for pa2 as well, so scoping has something to hide
        pa2_id = sup.draw_sample(frame, {k: 1 for k in sizes}, 8, ["pa2"])[0]
        office_sync.sync()

        device1 = open_store(tmp_path / "pa1.db")
        signed_in(device1, server.url, "pa1").sync()
        device2 = open_store(tmp_path / "pa2.db")
        signed_in(device2, server.url, "pa2").sync()
        assert count(device1, "verification_assignment") == 3  # pa1's three, not pa2's
        assert count(device2, "verification_assignment") == 1
        assert count(device1, "verification_sample") == 2 and count(device1, "residence_registration") == 5

        pa = VerificationService(device1, "pa1")
        for a in pa.my_assignments():
            assert a.sample_id == sample_id
            room = pa.rooms(a.address_id)[0]
            who = [k for k, p in PEOPLE.items() if village.rooms[p[0]] == room.id and k != "wang"]
            pa.record_capture(a.id, [Captured(room.id, PEOPLE[k][1], PEOPLE[k][2]) for k in who], {room.id: True})
            pa.complete(a.id, {village.registrations[k]: ALL_OK for k in who})
        device1_sync = signed_in(device1, server.url, "pa1")
        report = device1_sync.sync()
        assert report.rejected == 0 and report.conflict == 0
        assert count(device2, "verification_result") == 0
        signed_in(device2, server.url, "pa2").sync()
        assert count(device2, "verification_result") == 0  # pa1's results stay off pa2's device

        office_sync.sync()
        assert count(office, "verification_result") == count(device1, "verification_result") > 0
        local = local_figures(office)
        assert local.figures.rates["registration_rate"].n == 4
        central = office_sync.client.rates("330212")
        assert central.figures == local.to_dict()
        assert central.registration_rate.estimate == local.figures.rates["registration_rate"].estimate
        assert pa2_id not in local.samples  # pa2 has not verified yet: no results of that sample
        for store in (officer, office, device1, device2):
            store.close()
        assert drawn.seed == 7
