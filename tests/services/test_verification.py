"""Supervisor draws, police assistant verifies blind then matches, figures follow; rental round loop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.rates_engine import figures_from_rows
from desktop.services.rates_service import engine_rows, local_figures
from desktop.services.rental_round import RentalRoundService
from desktop.services.stats_service import local_stats, set_local_population
from desktop.services.survey_tasks import SurveyTaskService
from desktop.services.verification import Captured, NotCaptured, VerificationService
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from tests.services.verification_place import PEOPLE, build_village


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "v.db")
    yield s
    s.close()


def test_blind_capture_then_matching_gives_the_figures(store: Store) -> None:
    village = build_village(store)
    sup = VerificationService(store, "supervisor1")
    frame = sup.frame()
    sample_id, drawn = sup.draw_sample(frame, sup.propose(frame), 20261129, ["officer1", "pa1"])
    assert len(drawn.assignments) == 3 and {v for _a, _s, v in drawn.assignments} == {"pa1"}  # officer1 registered
    sample = sup.samples()[0]
    assert sample["seed"] == 20261129 and json.loads(sample["design"])["strata"]

    pa = VerificationService(store, "pa1")
    mine = {a.address_id: a for a in pa.my_assignments()}
    a = mine[village.buildings["A"]]
    with pytest.raises(NotCaptured):
        pa.reveal(a.id)  # blind: nothing is shown before the capture is saved
    rooms = {r.name: r for r in pa.rooms(a.address_id)}
    zhang = PEOPLE["zhang"]
    pa.record_capture(a.id, [
        Captured(rooms["101室"].id, "张伟", zhang[2]),  # ID card read
        Captured(rooms["101室"].id, "李娜", "", "1992-02-02"),  # no card: name + birth date
        Captured(rooms["102室"].id, "周杰", "", "1999-09-09"),  # living here, not registered: omission
        Captured(rooms["102室"].id, "钱客", "", "", exempt=True),  # a 3-day visitor: exempt
    ], {rooms["101室"].id: True, rooms["102室"].id: True})
    revealed = pa.reveal(a.id)
    assert sorted(how for _f, _r, how in revealed.match.pairs) == ["id_number", "name_birth"]
    assert revealed.match.stale == [village.registrations["wang"]]
    checks = {village.registrations["zhang"]: {f: {"ok": True} for f in
                                                ("name", "id_number", "address", "phone", "employer", "living_here")},
              village.registrations["li"]: {**{f: {"ok": True} for f in
                                                ("name", "id_number", "address", "employer", "living_here")},
                                             "phone": {"ok": False, "true": "13900001111"}}}
    pa.complete(a.id, checks)
    # the other two addresses: everyone found is registered
    for key, who in (("B", "zhao"), ("C", "sun")):
        b = mine[village.buildings[key]]
        room = pa.rooms(b.address_id)[0]
        pa.record_capture(b.id, [Captured(room.id, PEOPLE[who][1], PEOPLE[who][2])], {})
        pa.complete(b.id, {village.registrations[who]: {f: {"ok": True} for f in
                                                      ("name", "id_number", "address", "phone", "employer",
                                                       "living_here")}})
    assert {x.status for x in pa.my_assignments()} == {"done"}
    figures = local_figures(store).figures
    reg, acc, rent = (figures.rates[n] for n in ("registration_rate", "accuracy_rate", "rental_registration_rate"))
    assert (reg.successes, reg.n) == (4, 5)  # 4 registered of 5 found (the exempt visitor left out)
    assert (acc.successes, acc.n) == (3, 5)  # 李娜's phone wrong; 王强 has left (stale)
    assert (rent.successes, rent.n) == (1, 2)  # 102 let but unregistered
    assert (figures.stale.successes, figures.stale.n) == (1, 5)
    assert figures.field_accuracy["phone"].successes == 3
    assert figures.chapman.register == 5 and figures.chapman.n2 == 5 and figures.chapman.m == 4
    assert [o["person_name"] for o in pa.omissions(sample_id)] == ["周杰"]
    # coverage counts visited rooms; the SQL-aggregated figures equal the pure engine on plain rows (central's way)
    SurveyTaskService(store, "officer1").record_visit(village.rooms["B102"], "vacant")
    figures = local_figures(store)
    # one definition with the officer's task list: a visit record or someone registered as living there
    task_list = SurveyTaskService(store, "officer1").coverage_by_area("grid")
    assert (figures.figures.coverage.visited, figures.figures.coverage.addresses) == (
        sum(c.visited for c in task_list), sum(c.rooms for c in task_list))
    assert figures.figures.coverage.addresses == 6 and 1 < figures.figures.coverage.visited < 6
    assert figures.to_dict() == figures_from_rows(engine_rows(store), "330212").to_dict()
    assert figures.by_officer["officer1"].n == 5
    with store.read() as conn:  # results are synced mutations like any other
        queued = {e for (e,) in conn.execute(select(t.outbox.c.entity).where(t.outbox.c.status == "pending"))}
    assert {"verification_sample", "verification_assignment", "verification_result"} <= queued


def test_rental_round_reject_loop_reaches_the_grid_officer_and_comes_back(store: Store) -> None:
    village = build_village(store)
    pa = RentalRoundService(store, "pa1")
    row = pa.round()[0]
    assert row.state == "todo"
    check = pa.record_check(row.rental_unit_id, "needs_fix", landlord_ok=True, tenants_ok=True, lease_ok=False,
                            pledge_ok=False, safety={"extinguisher": False}, items=["补签治安责任书", "配灭火器"],
                            reason="责任书未签")
    assert pa.round()[0].state == "needs_fix"
    officer = RentalRoundService(store, "officer1")
    fixes = officer.open_fixes([village.grid])
    assert [f["id"] for f in fixes] == [check] and fixes[0]["items"] == ["补签治安责任书", "配灭火器"]
    # it is on the grid officer's task list too: a 需复访 visit due now at the room
    task = SurveyTaskService(store, "officer1").task_row(village.rooms["A101"])
    assert task is not None and task.status == "revisit" and "需整改" in task.note
    officer.mark_fixed(check, "已补签")
    assert pa.round()[0].state == "recheck" and officer.open_fixes() == []
    pa.record_check(row.rental_unit_id, "verified", landlord_ok=True, tenants_ok=True, lease_ok=True,
                    pledge_ok=True, safety={"extinguisher": True})
    assert pa.round()[0].state == "verified"
    progress = pa.progress("community")
    assert progress[0].units == 1 and progress[0].checked == 1 and progress[0].open == 0


def test_statistics_and_population_inversion(store: Store) -> None:
    village = build_village(store)
    stats = local_stats(store, cluster_min=2)
    assert stats.areas[village.community].total == 5
    assert stats.areas["330212"].dims["province"]["四川"] == 2
    assert stats.inverted == []
    set_local_population(store, village.community, 3, "supervisor1")
    assert local_stats(store).inverted == [village.community]
    assert any(c.place_kind == "employer" and c.count == 2 for c in stats.clusters)
