"""Listing standard addresses without re-typing (issue 4, item 1).

Create a whole building (units × floors × rooms) in one transaction, copy a unit's layout to the
next unit, add many siblings at once (``1-20号``), rename a node (its subtree's full text follows)
and close an address with a valid-to date. Addresses are never deleted (DESIGN §3). Every edit goes
through :class:`~desktop.services.undo.ChangeLog`, so the officer can undo it. Runs on the DB
thread; must not touch Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, literal, select

from desktop.domain.address import check_address_part, normalize_address_part
from desktop.domain.codes import AddressLevel
from desktop.domain.layout import (
    BuildingPlan,
    FloorPlan,
    UnitPlan,
    check_parent,
    check_plan,
    check_unit_name_free,
    next_name,
)
from desktop.errors import AddressClosed, Invalid, NotFound
from desktop.services.undo import ChangeLog, UndoStack
from desktop.store import tables as t
from desktop.store.db import Store

sa = t.standard_address


def _new_id() -> str:
    return str(uuid.uuid4())


def is_closed(valid_to: str | None, today: date) -> bool:
    """Return True when an address with this valid-to date is closed on ``today``."""
    return bool(valid_to) and str(valid_to) <= today.isoformat()


@dataclass(frozen=True)
class NewBuilding:
    """What :meth:`AddressService.create_building` wrote."""

    building_id: str
    unit_ids: tuple[str, ...]
    room_ids: tuple[str, ...]


@dataclass(frozen=True)
class NewUnit:
    """What :meth:`AddressService.copy_unit` wrote."""

    unit_id: str
    name: str
    room_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Node:
    id: str
    parent_id: str | None
    grid_id: str
    level: str
    name: str
    full_text: str
    is_leaf: bool
    housing_type: str
    valid_to: str | None


class AddressService:
    """Address listing use cases for one signed-in user."""

    def __init__(self, store: Store, user: str, undo: UndoStack | None = None) -> None:
        self.store = store
        self.user = user
        self.undo = undo

    # -- reading helpers --------------------------------------------------------------------------

    @staticmethod
    def _node(conn: Connection, address_id: str) -> _Node:
        row = conn.execute(
            select(sa.c.id, sa.c.parent_id, sa.c.grid_id, sa.c.level, sa.c.name, sa.c.full_text, sa.c.is_leaf,
                   sa.c.housing_type, sa.c.valid_to)
            .where(sa.c.id == address_id, sa.c.deleted == 0)
        ).first()
        if row is None:
            raise NotFound(address_id)
        return _Node(row.id, row.parent_id, row.grid_id, row.level, row.name, row.full_text, bool(row.is_leaf),
                     row.housing_type, row.valid_to)

    @staticmethod
    def _subtree(conn: Connection, root_id: str) -> list[_Node]:
        """The node and every live descendant, parents before children (recursive CTE on parent_id)."""
        sub = select(sa.c.id, literal(0).label("depth")).where(sa.c.id == root_id).cte("sub", recursive=True)
        sub = sub.union_all(
            select(sa.c.id, (sub.c.depth + 1).label("depth")).join(sub, sa.c.parent_id == sub.c.id)
            .where(sa.c.deleted == 0))
        rows = conn.execute(
            select(sa.c.id, sa.c.parent_id, sa.c.grid_id, sa.c.level, sa.c.name, sa.c.full_text, sa.c.is_leaf,
                   sa.c.housing_type, sa.c.valid_to)
            .join(sub, sub.c.id == sa.c.id).where(sa.c.deleted == 0).order_by(sub.c.depth)
        ).all()
        return [_Node(r.id, r.parent_id, r.grid_id, r.level, r.name, r.full_text, bool(r.is_leaf),
                      r.housing_type, r.valid_to) for r in rows]

    def _parent_for_children(self, conn: Connection, grid_id: str, parent_id: str | None,
                             today: date) -> tuple[str, str]:
        """Return (grid id, parent full text) for new children; checks the parent is open and not a room."""
        if parent_id is None:
            return grid_id, ""
        parent = self._node(conn, parent_id)
        if is_closed(parent.valid_to, today):
            raise AddressClosed(parent.full_text)
        if parent.is_leaf:
            raise Invalid(check_parent(is_leaf=True), "a room has no children")
        return parent.grid_id, parent.full_text

    def _open_sibling_names(self, conn: Connection, grid_id: str, parent_id: str | None, today: date) -> set[str]:
        cond = sa.c.parent_id.is_(None) if parent_id is None else sa.c.parent_id == parent_id
        rows = conn.execute(select(sa.c.name, sa.c.valid_to).where(cond, sa.c.grid_id == grid_id,
                                                                     sa.c.deleted == 0)).all()
        return {r.name for r in rows if not is_closed(r.valid_to, today)}

    def _push(self, log: ChangeLog, kind: str, subject: str) -> None:
        if self.undo is not None:
            self.undo.push(log.operation(kind, subject))

    # -- listing ----------------------------------------------------------------------------------

    def add_addresses(
        self,
        grid_id: str,
        parent_id: str | None,
        level: str,
        names: Sequence[str],
        *,
        is_leaf: bool = False,
        housing_type: str = "ordinary",
        today: date | None = None,
    ) -> list[str]:
        """Create sibling nodes ``names`` below ``parent_id`` in one transaction; return their ids.

        Names already listed (open) below the parent are skipped, so typing ``1-20号`` twice lists
        each door once.

        Raises:
            Invalid: an empty name.  NotFound: unknown parent.  AddressClosed: the parent is closed.
        """
        today = today or date.today()
        clean = []
        for raw in names:
            name, problems = check_address_part(raw)
            if problems:
                raise Invalid(problems)
            clean.append(name)
        with self.store.write() as conn:
            grid_id, parent_text = self._parent_for_children(conn, grid_id, parent_id, today)
            existing = self._open_sibling_names(conn, grid_id, parent_id, today)
            rows: list[dict[str, Any]] = []
            for name in dict.fromkeys(clean):
                if name in existing:
                    continue
                rows.append(self._row(grid_id, parent_id, level, name, parent_text + name, is_leaf,
                                      housing_type, today))
            log = ChangeLog(conn, self.user, self.store.device_id)
            log.create_many("standard_address", rows)
            subject = parent_text + (rows[0]["name"] if len(rows) == 1 else
                                     f"{rows[0]['name']}…{rows[-1]['name']}" if rows else "")
            self._push(log, "address", subject)
        return [str(r["id"]) for r in rows]

    @staticmethod
    def _row(grid_id: str, parent_id: str | None, level: str, name: str, full_text: str, is_leaf: bool,
             housing_type: str, today: date) -> dict[str, Any]:
        return {"id": _new_id(), "grid_id": grid_id, "parent_id": parent_id, "level": level, "name": name,
                "full_text": full_text, "is_leaf": int(is_leaf), "housing_type": housing_type,
                "valid_from": today.isoformat(), "invented": 0}

    def create_building(
        self,
        grid_id: str,
        parent_id: str | None,
        name: str,
        plan: BuildingPlan,
        *,
        housing_type: str = "ordinary",
        today: date | None = None,
    ) -> NewBuilding:
        """Create a building with its units, (floors) and rooms in ONE transaction.

        Room names come from the (possibly edited) plan; empty names are skipped, names are
        normalised (full-width digits, spaces).

        Raises:
            Invalid: empty building name, no rooms, a room twice in a unit.
            NotFound / AddressClosed: the parent.
        """
        today = today or date.today()
        building_name, problems = check_address_part(name)
        plan = normalize_plan(plan)
        problems += check_plan(plan)
        if problems:
            raise Invalid(problems)
        with self.store.write() as conn:
            grid_id, parent_text = self._parent_for_children(conn, grid_id, parent_id, today)
            building = self._row(grid_id, parent_id, AddressLevel.BUILDING.value, building_name,
                                 parent_text + building_name, False, housing_type, today)
            rows = [building]
            unit_ids: list[str] = []
            room_ids: list[str] = []
            for unit in plan.units:
                top = building
                if unit.name:
                    top = self._row(grid_id, building["id"], AddressLevel.UNIT.value, unit.name,
                                    building["full_text"] + unit.name, False, housing_type, today)
                    rows.append(top)
                    unit_ids.append(str(top["id"]))
                rooms = self._floor_rows(grid_id, top, unit.floors, plan.floor_nodes, housing_type, today)
                rows.extend(rooms)
                room_ids.extend(str(r["id"]) for r in rooms if r["is_leaf"])
            log = ChangeLog(conn, self.user, self.store.device_id)
            log.create_many("standard_address", rows)
            self._push(log, "building", building["full_text"])
        return NewBuilding(str(building["id"]), tuple(unit_ids), tuple(room_ids))

    def _floor_rows(self, grid_id: str, top: dict[str, Any], floors: Sequence[FloorPlan], floor_nodes: bool,
                    housing_type: str, today: date) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for floor in reversed(floors):  # bottom floor first: the order officers walk up the stair
            parent = top
            if floor_nodes and floor.rooms:
                parent = self._row(grid_id, top["id"], AddressLevel.FLOOR.value, floor.label,
                                   top["full_text"] + floor.label, False, housing_type, today)
                rows.append(parent)
            rows.extend(self._row(grid_id, parent["id"], AddressLevel.ROOM.value, room,
                                  parent["full_text"] + room, True, housing_type, today)
                        for room in floor.rooms)
        return rows

    def copy_unit(self, unit_id: str, new_name: str | None = None, *, today: date | None = None) -> NewUnit:
        """Copy a unit's layout (its open floors and rooms) to a new sibling unit.

        The new unit is named ``new_name`` or the next free name in the sequence (1单元 → 2单元).

        Raises:
            NotFound: unknown unit.  AddressClosed: the unit or its building is closed.
            Invalid: the name is empty or already used by an open sibling.
        """
        today = today or date.today()
        with self.store.write() as conn:
            source = self._node(conn, unit_id)
            if is_closed(source.valid_to, today):
                raise AddressClosed(source.full_text)
            grid_id, parent_text = self._parent_for_children(conn, source.grid_id, source.parent_id, today)
            taken = self._open_sibling_names(conn, grid_id, source.parent_id, today)
            if new_name is not None:
                name, problems = check_address_part(new_name)
                if problems:
                    raise Invalid(problems)
                if name in taken:
                    raise Invalid(check_unit_name_free(name, taken))
            else:
                name = next_name(source.name)
                while name in taken:
                    name = next_name(name)
            nodes = [n for n in self._subtree(conn, unit_id) if not is_closed(n.valid_to, today)]
            new_ids = {source.id: _new_id()}
            texts = {source.id: parent_text + name}
            rows: list[dict[str, Any]] = [{
                **self._row(grid_id, source.parent_id, source.level, name, texts[source.id], source.is_leaf,
                            source.housing_type, today), "id": new_ids[source.id]}]
            for node in nodes[1:]:
                if node.parent_id not in new_ids:
                    continue  # below a closed node
                new_ids[node.id] = _new_id()
                texts[node.id] = texts[node.parent_id] + node.name
                rows.append({**self._row(grid_id, new_ids[node.parent_id], node.level, node.name, texts[node.id],
                                         node.is_leaf, node.housing_type, today), "id": new_ids[node.id]})
            log = ChangeLog(conn, self.user, self.store.device_id)
            log.create_many("standard_address", rows)
            self._push(log, "copy_unit", texts[source.id])
        return NewUnit(new_ids[source.id], name, tuple(str(r["id"]) for r in rows if r["is_leaf"]))

    # -- changing ---------------------------------------------------------------------------------

    def rename(self, address_id: str, new_name: str) -> int:
        """Rename one node; the full text of the node and every descendant follows. Returns nodes changed.

        Raises:
            Invalid: empty name.  NotFound: unknown address.
        """
        name, problems = check_address_part(new_name)
        if problems:
            raise Invalid(problems)
        with self.store.write() as conn:
            nodes = self._subtree(conn, address_id)
            if not nodes:
                raise NotFound(address_id)
            root = nodes[0]
            parent_text = root.full_text[: len(root.full_text) - len(root.name)] \
                if root.full_text.endswith(root.name) else ""
            if root.parent_id is not None:
                parent_text = self._node(conn, root.parent_id).full_text
            texts = {root.id: parent_text + name}
            log = ChangeLog(conn, self.user, self.store.device_id)
            if name != root.name or texts[root.id] != root.full_text:
                log.write("standard_address", root.id, {"name": name, "full_text": texts[root.id]})
            for node in nodes[1:]:
                texts[node.id] = texts.get(str(node.parent_id), "") + node.name
                if texts[node.id] != node.full_text:
                    log.write("standard_address", node.id, {"full_text": texts[node.id]})
            self._push(log, "rename", texts[root.id])
            return len(log.changes)

    def close(self, address_id: str, on: date | None = None) -> int:
        """Close an address and its open descendants (``valid_to`` = ``on``); never deletes.

        Closed addresses keep their residents' history; they leave the task lists and coverage.
        Returns the number of nodes closed (0 when already closed).
        """
        on = on or date.today()
        with self.store.write() as conn:
            nodes = self._subtree(conn, address_id)
            if not nodes:
                raise NotFound(address_id)
            log = ChangeLog(conn, self.user, self.store.device_id)
            for node in nodes:
                if not is_closed(node.valid_to, on):
                    log.write("standard_address", node.id, {"valid_to": on.isoformat()})
            self._push(log, "close", nodes[0].full_text)
            return len(log.changes)

    def units_of(self, building_id: str) -> list[tuple[str, str]]:
        """Return (id, name) of the open units directly below a building (for the copy action)."""
        today = date.today()
        with self.store.read() as conn:
            rows = conn.execute(select(sa.c.id, sa.c.name, sa.c.valid_to)
                                .where(sa.c.parent_id == building_id, sa.c.level == AddressLevel.UNIT.value,
                                       sa.c.deleted == 0)).all()
        return [(r.id, r.name) for r in rows if not is_closed(r.valid_to, today)]


def normalize_plan(plan: BuildingPlan) -> BuildingPlan:
    """Return the plan with every name normalised and empty room names dropped."""
    units = []
    for unit in plan.units:
        floors = tuple(FloorPlan(f.floor, tuple(n for n in (normalize_address_part(r) for r in f.rooms) if n))
                       for f in unit.floors)
        units.append(UnitPlan(normalize_address_part(unit.name), floors))
    return BuildingPlan(tuple(units), plan.floor_nodes)
