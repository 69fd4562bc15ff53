"""Roles and scope (issue 7 §3) through real HTTP: an embedded central on SQLite and PostgreSQL, real stores.

The world: a supervisor's device lays out two towns; town 1 has grid A (officer1) and grid B (officer2),
town 2 has grid C (nobody). One person lives in each of A and B. Every refusal is checked where the
user would meet it: pull, push receipts, search, counts, rates.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from central.auth import create_user
from central.db import make_engine
from central.embedded import EmbeddedServer
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from desktop.store.records import write_record
from tests.sync.support import PASSWORD, assign_grid, central_server, client_for, id_number, outbox_statuses, signed_in

P = "/api/v1"
ZHANG = id_number(birth="19900307", seq="123")
LI = id_number(birth="19851111", seq="456")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[EmbeddedServer, str]]:
    """A running central with the test users plus a town supervisor and a police assistant."""
    with central_server(str(request.param), tmp_path) as (server, url):
        engine = make_engine(url)
        try:
            create_user(engine, "town_sup", PASSWORD, "supervisor", "330212001")
            create_user(engine, "pa1", PASSWORD, "police_assistant")
        finally:
            engine.dispose()
        yield server, url


def _world(url: str, folder: Path) -> dict[str, str]:
    """The supervisor's device writes the areas, rooms, a sample for pa1 at A's building; returns ids."""
    ids = {k: str(uuid.uuid4()) for k in ("district", "town1", "town2", "comm1", "comm2", "A", "B", "C",
                                          "bldA", "roomA", "roomB", "roomC", "sample", "assignment")}
    store = open_store(folder / "supervisor.db")
    try:
        with store.write() as conn:
            def w(entity: str, key: str, fields: dict[str, Any]) -> None:
                write_record(conn, entity, ids[key], fields, user="supervisor1", device_id=store.device_id)

            w("area", "district", {"level": "district", "code": "330212", "name": "鄞州区"})
            for town, code, name in (("town1", "330212001", "钟公庙街道"), ("town2", "330212002", "首南街道")):
                w("area", town, {"level": "town", "code": code, "name": name, "parent_id": ids["district"]})
            w("area", "comm1", {"level": "community", "name": "一社区", "parent_id": ids["town1"]})
            w("area", "comm2", {"level": "community", "name": "二社区", "parent_id": ids["town2"]})
            w("area", "A", {"level": "grid", "name": "A网格", "parent_id": ids["comm1"], "officer": "officer1"})
            w("area", "B", {"level": "grid", "name": "B网格", "parent_id": ids["comm1"], "officer": "officer2"})
            w("area", "C", {"level": "grid", "name": "C网格", "parent_id": ids["comm2"]})
            w("standard_address", "bldA", {"grid_id": ids["A"], "level": "building", "name": "1幢"})
            for key, grid in (("roomA", "A"), ("roomB", "B"), ("roomC", "C")):
                w("standard_address", key, {"grid_id": ids[grid], "level": "room", "name": f"{key}室", "is_leaf": 1,
                                            "full_text": f"{key}室", "parent_id": ids["bldA"] if grid == "A" else None})
            w("verification_sample", "sample", {"seed": 7, "name": "抽样"})
            w("verification_assignment", "assignment", {"sample_id": ids["sample"], "address_id": ids["bldA"],
                                                        "verifier": "pa1", "status": "assigned"})
        report = signed_in(store, url, "supervisor1").sync()
        assert report.rejected == 0, report
    finally:
        store.close()
    return ids


def _register(store: Store, user: str, room: str, name: str, number: str, phone: str) -> tuple[str, str]:
    person, reg = str(uuid.uuid4()), str(uuid.uuid4())
    with store.write() as conn:
        write_record(conn, "resident", person, {"id_type": "resident_id", "id_number": number, "name": name,
                                                "sex": "1", "phone": phone, "reason": "work"},
                     user=user, device_id=store.device_id)
        write_record(conn, "residence_registration", reg, {"resident_id": person, "address_id": room,
                                                           "registered_date": "2024-05-01", "status": "living"},
                     user=user, device_id=store.device_id)
    return person, reg


def _ids(store: Store, table: str) -> set[str]:
    tbl = t.SYNCED_TABLES[table]
    with store.read() as conn:
        return {str(i) for (i,) in conn.execute(select(tbl.c.id).where(tbl.c.deleted == 0))}


def _get(url: str, path: str, token_client: Any, **params: Any) -> requests.Response:
    return requests.get(f"{url}{P}{path}", params=params, timeout=10,
                        headers={"Authorization": token_client.session.headers["Authorization"]})


def _people(url: str, folder: Path, ids: dict[str, str]) -> dict[str, str]:
    """officer1 registers 张三 in A, officer2 李四 in B, each from their own device."""
    out: dict[str, str] = {}
    for user, room, name, number, phone in (("officer1", "roomA", "张三", ZHANG, "13812345678"),
                                            ("officer2", "roomB", "李四", LI, "13900001111")):
        store = open_store(folder / f"{user}-seed.db")
        try:
            service = signed_in(store, url, user)
            service.sync()
            out[user], out[f"{user}_reg"] = _register(store, user, ids[room], name, number, phone)
            report = service.sync()
            assert (report.applied, report.rejected) == (2, 0), report
        finally:
            store.close()
    return out


def test_an_officer_reads_and_writes_only_its_grids(central: tuple[EmbeddedServer, str], tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "officer1.db")
    try:
        service = signed_in(store, server.url, "officer1")
        service.sync()
        assert _ids(store, "resident") == {people["officer1"]}  # pull: not B's person
        assert _ids(store, "standard_address") == {ids["bldA"], ids["roomA"]}
        assert len(_ids(store, "area")) == 8  # areas are not personal: everyone has the tree
        assert _ids(store, "verification_assignment") == set()  # the sample is not the officer's business

        with store.write() as conn:  # a write into B, then one into A: refused, and the queue flows on
            write_record(conn, "household", str(uuid.uuid4()), {"address_id": ids["roomB"], "type": "family"},
                         user="officer1", device_id=store.device_id)
            write_record(conn, "visit", str(uuid.uuid4()), {"address_id": ids["roomA"], "outcome": "registered",
                                                           "visited_at": "2024-05-02T10:00"},
                         user="officer1", device_id=store.device_id)
            write_record(conn, "area", ids["B"], {"officer": "officer1"},  # taking a grid: a supervisor's job
                         user="officer1", device_id=store.device_id)
        report = service.sync()
        assert (report.applied, report.rejected) == (1, 2)
        assert [r["reasons"] for r in service.needs_attention()] == [["scope.forbidden"]] * 2
        assert outbox_statuses(store)["rejected"] == 2

        client = client_for(server.url, "officer1-raw", "officer1")
        assert client.counts()["resident"] == 1
        assert _get(server.url, "/rates", client, area=ids["B"]).status_code == 403
        assert _get(server.url, "/rates", client, area="330212").status_code == 403
        assert _get(server.url, "/rates", client, area=ids["A"]).status_code == 200
        assert client.search_residents(name="李四").matches == []  # B's person: not by name or phone
        assert client.search_residents(phone="13900001111").matches == []
        [mine] = client.search_residents(name="张三").matches
        assert mine.phone == "13812345678" and not mine.masked
    finally:
        store.close()


def test_an_id_number_search_lets_an_officer_move_a_person_in(central: tuple[EmbeddedServer, str],
                                                             tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "officer1.db")
    try:
        service = signed_in(store, server.url, "officer1")
        service.sync()
        [match] = service.client.search_residents(id_number=LI).matches  # holding 李四's ID card
        assert match.resident_id == people["officer2"] and match.masked and match.phone == "139****1111"
        assert [r.address_id for r in match.living_at] == [ids["roomB"]]
        service.sync()  # granted: the person and their registration come to this device
        assert people["officer2"] in _ids(store, "resident")
        assert people["officer2_reg"] in _ids(store, "residence_registration")
        with store.write() as conn:  # the move: close the old registration (grid B), open one in A
            write_record(conn, "residence_registration", people["officer2_reg"],
                         {"status": "left", "moved_out_date": "2025-07-01", "moved_out_reason": "搬家"},
                         user="officer1", device_id=store.device_id)
            write_record(conn, "residence_registration", str(uuid.uuid4()),
                         {"resident_id": people["officer2"], "address_id": ids["roomA"], "status": "living",
                          "registered_date": "2025-07-01"}, user="officer1", device_id=store.device_id)
            write_record(conn, "residence_registration", people["officer2_reg"], {"address_id": ids["roomA"]},
                         user="officer1", device_id=store.device_id)  # but not moving B's row itself
        report = service.sync()
        assert (report.applied, report.rejected) == (2, 1)
    finally:
        store.close()


def test_a_grant_alone_does_not_let_an_officer_edit_or_close_another_grids_person(
        central: tuple[EmbeddedServer, str], tmp_path: Path) -> None:
    """Trial (issue 7): after an ID-number search, officer1 could change 李四's phone and close the grid-B
    registration without registering them in A, silently dropping them from B. Now both need a living
    registration in one of officer1's grids, stored or in the same batch."""
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "officer1.db")
    try:
        service = signed_in(store, server.url, "officer1")
        service.sync()
        [match] = service.client.search_residents(id_number=LI).matches  # the grant
        assert match.resident_id == people["officer2"]
        service.sync()
        with store.write() as conn:
            write_record(conn, "resident", people["officer2"], {"phone": "13700000000"},
                         user="officer1", device_id=store.device_id)
            write_record(conn, "residence_registration", people["officer2_reg"],
                         {"status": "moved_out", "moved_out_date": "2025-07-01", "moved_out_reason": "搬家"},
                         user="officer1", device_id=store.device_id)
        report = service.sync()
        assert (report.applied, report.rejected) == (0, 2)
        assert [r["reasons"] for r in service.needs_attention()] == [["scope.forbidden"]] * 2

        with store.write() as conn:  # registered in A first, then the old registration closed: same batch
            write_record(conn, "residence_registration", str(uuid.uuid4()),
                         {"resident_id": people["officer2"], "address_id": ids["roomA"], "status": "living",
                          "registered_date": "2025-07-02"}, user="officer1", device_id=store.device_id)
            write_record(conn, "residence_registration", people["officer2_reg"],
                         {"status": "left", "moved_out_date": "2025-07-02", "moved_out_reason": "搬至A"},
                         user="officer1", device_id=store.device_id)
        report = service.sync()
        assert (report.applied, report.rejected) == (2, 0), report
        with store.write() as conn:  # a later batch: the stored registration in A lets the edit through
            write_record(conn, "resident", people["officer2"], {"phone": "13700000001"},
                         user="officer1", device_id=store.device_id)
        report = service.sync()
        assert (report.applied, report.rejected) == (1, 0), report
        other = client_for(server.url, "officer2-raw", "officer2")
        [seen] = other.search_residents(id_number=LI).matches
        assert seen.phone == "13700000001" and [r.address_id for r in seen.living_at] == [ids["roomA"]]
    finally:
        store.close()


def test_a_closure_needs_the_new_registration_to_apply_too(central: tuple[EmbeddedServer, str],
                                                          tmp_path: Path) -> None:
    """The app's move writes the closure before the new registration; a closure counts on a registration
    later in the batch only if that registration applies (here: an address in grid C is refused)."""
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "officer1.db")
    try:
        service = signed_in(store, server.url, "officer1")
        service.sync()
        service.client.search_residents(id_number=LI)
        service.sync()
        with store.write() as conn:
            write_record(conn, "residence_registration", people["officer2_reg"],
                         {"status": "left", "moved_out_date": "2025-07-01", "moved_out_reason": "搬家"},
                         user="officer1", device_id=store.device_id)
            write_record(conn, "residence_registration", str(uuid.uuid4()),
                         {"resident_id": people["officer2"], "address_id": ids["roomC"], "status": "living",
                          "registered_date": "2025-07-01"}, user="officer1", device_id=store.device_id)
        report = service.sync()
        assert (report.applied, report.rejected) == (0, 2), report
    finally:
        store.close()


def test_a_verifier_reaches_only_its_sample(central: tuple[EmbeddedServer, str], tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "pa1.db")
    try:
        service = signed_in(store, server.url, "pa1")
        service.sync()
        assert _ids(store, "standard_address") == {ids["bldA"], ids["roomA"]}  # the sampled building, its rooms
        assert _ids(store, "resident") == {people["officer1"]}
        assert _ids(store, "verification_assignment") == {ids["assignment"]}
        with store.write() as conn:
            for room in ("roomA", "roomB"):  # a result at the sample, one outside it
                write_record(conn, "verification_result", str(uuid.uuid4()),
                             {"sample_id": ids["sample"], "address_id": ids[room], "kind": "person",
                              "verifier": "pa1"}, user="pa1", device_id=store.device_id)
            write_record(conn, "visit", str(uuid.uuid4()), {"address_id": ids["roomA"], "outcome": "registered",
                                                           "visited_at": "2024-05-02T10:00"},
                         user="pa1", device_id=store.device_id)  # registering is not a verifier's job
        report = service.sync()
        assert (report.applied, report.rejected) == (1, 2)
        client = client_for(server.url, "pa1-raw", "pa1")
        assert client.search_residents(id_number=LI).matches == []  # no grant for a verifier
        assert _get(server.url, "/rates", client, area=ids["A"]).status_code == 403
    finally:
        store.close()


def test_a_supervisor_sees_its_whole_area(central: tuple[EmbeddedServer, str], tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    store = open_store(tmp_path / "town.db")
    try:
        signed_in(store, server.url, "town_sup").sync()
        assert _ids(store, "resident") == {people["officer1"], people["officer2"]}  # grids A and B of town 1
        assert ids["roomC"] not in _ids(store, "standard_address")  # grid C is in town 2
        client = client_for(server.url, "town-raw", "town_sup")
        assert _get(server.url, "/rates", client, area="330212001").status_code == 200
        assert _get(server.url, "/rates", client, area="330212002").status_code == 403
        assert _get(server.url, "/rates", client, area="330212").status_code == 403
        district = client_for(server.url, "district-raw", "supervisor1")
        assert district.counts()["resident"] == 2 and client.counts()["resident"] == 2
        assert _get(server.url, "/rates", district, area="330212").status_code == 200
    finally:
        store.close()


def test_reassigning_a_grid_moves_its_data_and_loses_nothing_unsent(central: tuple[EmbeddedServer, str],
                                                                    tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    people = _people(server.url, tmp_path, ids)
    old, new = open_store(tmp_path / "old.db"), open_store(tmp_path / "new.db")
    try:
        old_sync, new_sync = signed_in(old, server.url, "officer1"), signed_in(new, server.url, "officer2")
        old_sync.sync()
        new_sync.sync()
        assert people["officer1"] in _ids(old, "resident") and people["officer1"] not in _ids(new, "resident")
        with old.write() as conn:  # officer1's work, still unsent when the grid is reassigned
            write_record(conn, "visit", "visit-before", {"address_id": ids["roomA"], "outcome": "registered",
                                                         "visited_at": "2024-05-02T10:00"},
                         user="officer1", device_id=old.device_id)
        assign_grid(server.url, tmp_path, ids["A"], "officer2")

        new_sync.sync()  # the new officer's device receives grid A although its cursor is past it
        assert people["officer1"] in _ids(new, "resident") and ids["roomA"] in _ids(new, "standard_address")

        report = old_sync.sync()  # the old device pushes, then drops what it may no longer hold
        assert report.rejected == 1  # the edit came after the reassignment: refused, kept, shown
        assert people["officer1"] not in _ids(old, "resident") and ids["roomA"] not in _ids(old, "standard_address")
        assert "visit-before" in _ids(old, "visit")  # nothing unsent is ever deleted
        assert [r["record_id"] for r in old_sync.needs_attention()] == ["visit-before"]
        assert len(_ids(old, "area")) == 8
    finally:
        old.close()
        new.close()


def test_a_person_registered_in_a_grid_later_reaches_its_officer(central: tuple[EmbeddedServer, str],
                                                                 tmp_path: Path) -> None:
    server, _db = central
    ids = _world(server.url, tmp_path)
    officer = open_store(tmp_path / "officer1.db")
    office = open_store(tmp_path / "office.db")
    try:
        officer_sync, office_sync = signed_in(officer, server.url, "officer1"), signed_in(office, server.url,
                                                                                         "supervisor1")
        office_sync.sync()
        person = str(uuid.uuid4())
        with office.write() as conn:  # known to the district, registered nowhere yet
            write_record(conn, "resident", person, {"id_type": "resident_id", "id_number": ZHANG, "name": "张三",
                                                    "sex": "1", "reason": "work"},
                         user="supervisor1", device_id=office.device_id)
        office_sync.sync()
        officer_sync.sync()  # the officer's cursor is now past the person's row
        assert person not in _ids(officer, "resident")
        with office.write() as conn:
            write_record(conn, "residence_registration", str(uuid.uuid4()),
                         {"resident_id": person, "address_id": ids["roomA"], "status": "living"},
                         user="supervisor1", device_id=office.device_id)
        office_sync.sync()
        officer_sync.sync()
        assert person in _ids(officer, "resident")
    finally:
        officer.close()
        office.close()
