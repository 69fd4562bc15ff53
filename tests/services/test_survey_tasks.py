"""Task list per grid: derived statuses, filters, revisit dates, coverage; visits and their undo."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.domain.idnumber import compute_check_digit
from desktop.domain.layout import RevisitRules, plan_building
from desktop.domain.resident import ResidentInput
from desktop.errors import AddressClosed, Invalid, UndoConflict
from desktop.services.addresses import AddressService
from desktop.services.registry import RegistryService
from desktop.services.survey_tasks import SurveyTaskService, TaskFilter, statuses
from desktop.services.undo import UndoStack
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record

TODAY = date(2026, 12, 1)


class World:
    def __init__(self, store: Store) -> None:
        reg = RegistryService(store, "officer1")
        town = reg.create_area("town", "钟公庙街道", None, code="330212002")
        self.community = reg.create_area("community", "金山社区", town, invented=True)
        self.grid = reg.create_area("grid", "金山第一网格", self.community, invented=True)
        self.grid2 = reg.create_area("grid", "金山第二网格", self.community, invented=True)
        with store.write() as conn:
            write_record(conn, "area", self.grid, {"officer": "officer1"}, user="x", device_id="d")
            write_record(conn, "area", self.grid2, {"officer": "officer2"}, user="x", device_id="d")
        road = reg.create_address(self.grid, None, "road", "天童南路")
        door = reg.create_address(self.grid, road, "door", "188号")
        self.undo = UndoStack(store, "officer1")
        self.addresses = AddressService(store, "officer1", self.undo)
        self.building = self.addresses.create_building(self.grid, door, "3幢", plan_building(6, 4), today=TODAY)
        road2 = reg.create_address(self.grid2, None, "road", "四明中路")
        self.other = AddressService(store, "officer2").create_building(self.grid2, road2, "1幢",
                                                                       plan_building(1, 4), today=TODAY)
        self.tasks = SurveyTaskService(store, "officer1", self.undo)
        self.reg = reg


@pytest.fixture
def world(store: Store) -> World:
    return World(store)


def _all(world: World, show: TaskFilter = TaskFilter.ALL, **kw: object) -> list:  # type: ignore[type-arg]
    page = world.tasks.task_page(world.grid, 0, 1000, show=show, today=TODAY, **kw)  # type: ignore[arg-type]
    assert not page.has_more
    return list(page.rows)


def test_task_list_is_every_open_room_in_walking_order(world: World) -> None:
    rows = _all(world)
    assert len(rows) == 24
    assert [r.name for r in rows[:5]] == ["101室", "102室", "103室", "104室", "201室"]
    assert set(statuses(rows)) == {"not_visited"}
    page = world.tasks.task_page(world.grid, 20, 3, today=TODAY)
    assert [r.name for r in page.rows] == ["601室", "602室", "603室"] and page.has_more
    assert not world.tasks.task_page(world.grid, 21, 3, today=TODAY).has_more


def test_visits_set_status_revisit_dates_and_filters(world: World) -> None:
    rooms = {r.name: r.address_id for r in _all(world)}
    world.tasks.record_visit(rooms["101室"], "registered", today=TODAY)
    nobody = world.tasks.record_visit(rooms["102室"], "nobody_home", "晚上再来", today=TODAY)
    assert nobody.row.status == "nobody_home" and nobody.row.revisit_due == "2026-12-04"
    assert nobody.row.note == "晚上再来" and nobody.row.officer == "officer1"
    world.tasks.record_visit(rooms["103室"], "revisit", today=date(2026, 11, 20))
    world.tasks.record_visit(rooms["104室"], "vacant", today=TODAY)
    world.tasks.record_visit(rooms["201室"], "refused", today=TODAY)

    by_name = {r.name: r for r in _all(world)}
    assert by_name["103室"].revisit_due == "2026-11-27"
    assert by_name["104室"].status == "vacant" and by_name["104室"].revisit_due is None
    assert len(_all(world, TaskFilter.UNVISITED)) == 19
    assert [r.name for r in _all(world, TaskFilter.REVISIT_DUE)] == ["103室"]  # 102室 not due until 12-04
    due_later = world.tasks.task_page(world.grid, 0, 50, show=TaskFilter.REVISIT_DUE, today=date(2026, 12, 4))
    assert [r.name for r in due_later.rows] == ["102室", "103室"]
    assert [r.name for r in _all(world, TaskFilter.STATUS, status="refused")] == ["201室"]

    # the latest visit wins: 102室 revisited and found vacant
    world.tasks.record_visit(rooms["102室"], "vacant", today=date(2026, 12, 4))
    assert world.tasks.task_row(rooms["102室"], TODAY).status == "vacant"  # type: ignore[union-attr]


def test_living_registration_after_the_visit_counts_as_registered(world: World) -> None:
    rooms = {r.name: r.address_id for r in _all(world)}
    world.tasks.record_visit(rooms["301室"], "revisit", today=TODAY)
    first17 = "41052319900307123"
    inp = ResidentInput(name="张伟", id_number=first17 + compute_check_digit(first17), phone="13812345678")
    world.reg.register_person(inp, rooms["301室"])
    row = world.tasks.task_row(rooms["301室"], TODAY)
    assert row is not None and row.status == "registered" and row.revisit_due is None


def test_closed_rooms_leave_the_list_and_cannot_be_visited(world: World) -> None:
    rooms = {r.name: r.address_id for r in _all(world)}
    world.addresses.close(rooms["604室"], TODAY)
    assert len(_all(world)) == 23
    with pytest.raises(AddressClosed):
        world.tasks.record_visit(rooms["604室"], "vacant", today=TODAY)
    with pytest.raises(Invalid):
        world.tasks.record_visit(rooms["601室"], "gone", today=TODAY)


def test_coverage_per_grid_community_and_officer(world: World) -> None:
    report = world.tasks.coverage(world.grid, TODAY)
    assert (report.grid.rooms, report.grid.visited, report.grid.ratio) == (24, 0, 0.0)
    assert report.community is not None and report.community.rooms == 28
    rooms = {r.name: r.address_id for r in _all(world)}
    for name, outcome in (("101室", "registered"), ("102室", "nobody_home"), ("103室", "vacant")):
        world.tasks.record_visit(rooms[name], outcome, today=TODAY)
    other_room = world.tasks.task_page(world.grid2, 0, 1, today=TODAY).rows[0].address_id
    SurveyTaskService(world.tasks.store, "officer2").record_visit(other_room, "refused", today=TODAY)

    report = world.tasks.coverage(world.grid, TODAY)
    assert (report.grid.visited, report.grid.revisit_pending) == (3, 1)
    assert report.grid.ratio == pytest.approx(3 / 24)
    assert report.community is not None and report.community.visited == 4
    assert [(c.name, c.rooms, c.visited) for c in report.grids] == [("金山第一网格", 24, 3), ("金山第二网格", 4, 1)]
    officers = {c.name: (c.rooms, c.visited) for c in report.officers}
    assert officers == {"officer1": (24, 3), "officer2": (4, 1)}
    by_community = world.tasks.coverage_by_area("community", today=TODAY)
    assert [(c.name, c.rooms, c.visited) for c in by_community] == [("金山社区", 28, 4)]


def test_undo_a_visit_tombstones_it(world: World) -> None:
    room = _all(world)[0].address_id
    visit = world.tasks.record_visit(room, "nobody_home", today=TODAY)
    op = world.undo.peek()
    assert op is not None and op.kind == "visit" and op.subject.endswith("3幢101室")
    world.undo.undo()
    assert world.tasks.task_row(room, TODAY).status == "not_visited"  # type: ignore[union-attr]
    with world.tasks.store.read() as conn:
        deleted = conn.execute(select(t.visit.c.deleted).where(t.visit.c.id == visit.visit_id)).scalar()
        ops = [r.op for r in conn.execute(select(t.outbox.c.op).where(t.outbox.c.record_id == visit.visit_id))]
    assert deleted == 1 and ops == ["upsert", "delete"]  # the create stays queued; the tombstone follows


def test_undo_refuses_when_the_record_changed_since(world: World, store: Store) -> None:
    room = _all(world)[0].address_id
    visit = world.tasks.record_visit(room, "nobody_home", today=TODAY)
    with store.write() as conn:  # e.g. a pull or another screen edits the visit afterwards
        write_record(conn, "visit", visit.visit_id, {"note": "改"}, user="officer2", device_id="d2")
    with pytest.raises(UndoConflict):
        world.undo.undo()
    assert world.tasks.task_row(room, TODAY).status == "nobody_home"  # type: ignore[union-attr]


def test_revisit_rules_are_configurable(world: World, store: Store) -> None:
    tasks = SurveyTaskService(store, "officer1", rules=RevisitRules({"refused": 14}))
    room = _all(world)[0].address_id
    assert tasks.record_visit(room, "refused", today=TODAY).row.revisit_due == "2026-12-15"
    assert tasks.record_visit(room, "nobody_home", today=TODAY).row.revisit_due is None  # no rule: no date
