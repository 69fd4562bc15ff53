"""Listing addresses without re-typing: a building in one transaction, copy a unit, rename, close."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.layout import BuildingPlan, FloorPlan, UnitPlan, plan_building
from desktop.errors import AddressClosed, Invalid
from desktop.services.addresses import AddressService
from desktop.services.browse import BrowseService
from desktop.services.registry import RegistryService
from desktop.services.undo import UndoStack
from desktop.store import tables as t
from desktop.store.db import Store

TODAY = date(2026, 12, 1)


@pytest.fixture
def grid(store: Store) -> tuple[str, str]:
    reg = RegistryService(store, "officer1")
    town = reg.create_area("town", "钟公庙街道", None, code="330212002")
    community = reg.create_area("community", "金山社区", town, invented=True)
    grid_id = reg.create_area("grid", "金山第一网格", community, invented=True)
    road = reg.create_address(grid_id, None, "road", "天童南路")
    door = reg.create_address(grid_id, road, "door", "188号")
    return grid_id, door


def _outbox(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(t.outbox)).scalar() or 0)


def _rows(store: Store, **where: object) -> list[dict[str, object]]:
    sa = t.standard_address
    stmt = select(sa)
    for key, value in where.items():
        stmt = stmt.where(sa.c[key] == value)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def test_six_by_four_building_is_one_transaction_with_an_outbox_entry_per_node(
        store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    before = _outbox(store)
    svc = AddressService(store, "officer1")
    new = svc.create_building(grid_id, door, "3 幢", plan_building(6, 4), today=TODAY)
    assert len(new.room_ids) == 24 and new.unit_ids == ()
    assert _outbox(store) == before + 25  # the building and 24 rooms, each a queued create
    rooms = _rows(store, parent_id=new.building_id)
    assert {r["full_text"] for r in rooms} >= {"天童南路188号3幢101室", "天童南路188号3幢604室"}
    assert all(r["is_leaf"] == 1 and r["level"] == "room" and r["valid_from"] == "2026-12-01" for r in rooms)
    names = [n.name for n in BrowseService(store).children_of_address(grid_id, new.building_id)]
    assert names[:5] == ["101室", "102室", "103室", "104室", "201室"]


def test_units_floor_nodes_and_edited_names(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    plan = plan_building(2, 2, units=2, floor_nodes=True)
    edited = BuildingPlan((plan.units[0], UnitPlan("2单元", (FloorPlan(2, ("201室", "")),
                                                             FloorPlan(1, ("１０１室", "商铺"))))), True)
    new = AddressService(store, "officer1").create_building(grid_id, door, "5幢", edited, today=TODAY)
    assert len(new.unit_ids) == 2 and len(new.room_ids) == 4 + 3
    texts = {r["full_text"] for r in _rows(store, grid_id=grid_id, is_leaf=1)}
    assert "天童南路188号5幢1单元2层202室" in texts
    assert "天童南路188号5幢2单元1层101室" in texts  # full-width digits normalised
    assert "天童南路188号5幢2单元1层商铺" in texts


def test_invalid_plans_write_nothing(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    svc = AddressService(store, "officer1")
    before = _outbox(store)
    dup = BuildingPlan((UnitPlan("", (FloorPlan(1, ("101室", "101室")),)),))
    with pytest.raises(Invalid) as err:
        svc.create_building(grid_id, door, "7幢", dup)
    assert [p.key for p in err.value.problems] == ["layout.duplicate_room"]
    with pytest.raises(Invalid):
        svc.create_building(grid_id, door, "  ", plan_building(1, 1))
    assert _outbox(store) == before


def test_copy_unit_to_the_next_free_name(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    svc = AddressService(store, "officer1")
    new = svc.create_building(grid_id, door, "3幢", plan_building(3, 2, units=2), today=TODAY)
    copied = svc.copy_unit(new.unit_ids[0], today=TODAY)
    assert copied.name == "3单元" and len(copied.room_ids) == 6
    texts = {r["full_text"] for r in _rows(store, parent_id=copied.unit_id)}
    assert texts == {f"天童南路188号3幢3单元{f}0{k}室" for f in (1, 2, 3) for k in (1, 2)}
    assert [name for _, name in svc.units_of(new.building_id)] == ["1单元", "2单元", "3单元"]
    with pytest.raises(Invalid):
        svc.copy_unit(new.unit_ids[0], "2单元")


def test_rename_updates_the_subtree_full_text(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    svc = AddressService(store, "officer1")
    new = svc.create_building(grid_id, door, "3幢", plan_building(2, 2, units=1), today=TODAY)
    before = _outbox(store)
    changed = svc.rename(new.building_id, "13幢")
    assert changed == 1 + 1 + 4
    assert _outbox(store) == before + 6
    texts = {r["full_text"] for r in _rows(store, grid_id=grid_id, is_leaf=1)}
    assert texts == {f"天童南路188号13幢1单元{n}室" for n in ("101", "102", "201", "202")}
    with store.read() as conn:
        fields = [json.loads(f) for f in conn.execute(select(t.outbox.c.fields)
                                                      .where(t.outbox.c.mutation_no > before)).scalars()]
    assert fields[0] == {"name": "13幢", "full_text": "天童南路188号13幢"}
    assert all(set(f) == {"full_text"} for f in fields[1:])  # only the changed column travels


def test_close_keeps_rows_and_blocks_children(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    svc = AddressService(store, "officer1")
    new = svc.create_building(grid_id, door, "3幢", plan_building(1, 2), today=TODAY)
    assert svc.close(new.building_id, TODAY) == 3
    rows = _rows(store, grid_id=grid_id)
    closed = [r for r in rows if r["valid_to"] == "2026-12-01"]
    assert len(closed) == 3 and all(r["deleted"] == 0 for r in rows)
    assert svc.close(new.building_id, TODAY) == 0  # already closed: nothing written
    with pytest.raises(AddressClosed):
        svc.create_building(grid_id, new.building_id, "x", plan_building(1, 1), today=TODAY)


def test_add_many_siblings_skips_existing_and_rooms_take_no_children(
        store: Store, grid: tuple[str, str]) -> None:
    grid_id, _door = grid
    road = str(_rows(store, level="road")[0]["id"])
    svc = AddressService(store, "officer1")
    ids = svc.add_addresses(grid_id, road, "door", ["188号", "189号", "190号"])
    assert len(ids) == 2  # 188号 already listed
    room = svc.add_addresses(grid_id, ids[0], "room", ["101室"], is_leaf=True)[0]
    with pytest.raises(Invalid) as err:
        svc.add_addresses(grid_id, room, "room", ["x"])
    assert [p.key for p in err.value.problems] == ["address.parent_is_room"]


def test_every_edit_can_be_undone(store: Store, grid: tuple[str, str]) -> None:
    grid_id, door = grid
    undo = UndoStack(store, "officer1")
    svc = AddressService(store, "officer1", undo)
    new = svc.create_building(grid_id, door, "3幢", plan_building(2, 2), today=TODAY)
    svc.rename(new.building_id, "4幢")
    assert undo.peek() is not None and undo.peek().kind == "rename"  # type: ignore[union-attr]
    outbox = _outbox(store)
    undo.undo()
    assert _outbox(store) == outbox + 5  # compensating edits are new mutations
    assert {r["full_text"] for r in _rows(store, parent_id=new.building_id)} >= {"天童南路188号3幢101室"}
    op = undo.undo(today=TODAY)
    assert op.kind == "building"
    rows = _rows(store, grid_id=grid_id, level="room")
    assert rows and all(r["valid_to"] == "2026-12-01" and r["deleted"] == 0 for r in rows)  # closed, kept
    assert len(undo) == 0
