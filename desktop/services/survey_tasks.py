"""The survey task list and coverage (issue 4, items 2–3): every open room, its visit status, visits.

A room's status (逐户清理、逐人登记、不留死角) is derived, never stored:

* its latest visit's outcome (已登记 / 无人在家 / 空置 / 拒访 / 需复访);
* 已登记 when a living residence registration was written after that visit (or there is no visit);
* 未走访 when neither exists.

Coverage = visited rooms ÷ open rooms (status ≠ 未走访), per grid, per community and per officer.
An officer's rooms are those of the grids they are assigned (``area.officer``) or have visited in;
their visited rooms are those whose status comes from their visit (or their registration).
Closed addresses (``valid_to`` on or before today) are in neither. Runs on the DB thread (a page
read is bounded and indexed, so a table model may call :meth:`SurveyTaskService.task_page`
directly); must not touch Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, null, or_, select

from desktop.domain.layout import DEFAULT_REVISIT_RULES, NOT_VISITED, RevisitRules, check_outcome
from desktop.errors import AddressClosed, Invalid, NotFound
from desktop.services.undo import ChangeLog, UndoStack
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import utc_now

sa, v, reg, area = t.standard_address, t.visit, t.residence_registration, t.area


class TaskFilter(StrEnum):
    """Which rooms the task list shows."""

    ALL = "all"
    UNVISITED = "unvisited"
    REVISIT_DUE = "revisit_due"  # latest visit's revisit date is today or earlier (无人在家, 需复访)
    STATUS = "status"  # exactly one status (``status=`` argument)


@dataclass(frozen=True)
class TaskRow:
    """One room of the task list."""

    address_id: str
    full_text: str
    name: str
    status: str
    last_visit: str | None  # UTC ISO time of the latest visit
    officer: str  # who made the latest visit (or the registration behind 已登记)
    revisit_due: str | None  # ISO date set by the latest visit's outcome (None once registered since)
    note: str


@dataclass(frozen=True)
class TaskPage:
    """A page of the task list; ``has_more`` says whether a later page exists."""

    rows: tuple[TaskRow, ...]
    has_more: bool


@dataclass(frozen=True)
class Coverage:
    """Visited rooms of some set of open rooms (a grid, a community, an officer's grids)."""

    key: str
    name: str
    rooms: int
    visited: int
    revisit_pending: int = 0  # rooms waiting for a revisit (无人在家, 需复访: their latest visit set a date)

    @property
    def ratio(self) -> float | None:
        """visited ÷ rooms, or None when there are no rooms (never 0 % or 100 % by default)."""
        return self.visited / self.rooms if self.rooms else None


@dataclass(frozen=True)
class CoverageReport:
    """Coverage for the task list's grid: the grid, its community, the community's grids and officers."""

    grid: Coverage
    community: Coverage | None
    grids: tuple[Coverage, ...]  # the community's grids, lowest coverage first (the corners)
    officers: tuple[Coverage, ...]  # officers working in the community, lowest first


@dataclass(frozen=True)
class GridChoice:
    """A grid the officer can pick: its names up the area tree and its assigned officer."""

    id: str
    name: str
    community: str
    town: str
    officer: str


@dataclass(frozen=True)
class RecordedVisit:
    """The visit written and the room's new row."""

    visit_id: str
    row: TaskRow


class SurveyTaskService:
    """Task list, coverage and visits for one signed-in user."""

    def __init__(self, store: Store, user: str, undo: UndoStack | None = None,
                 rules: RevisitRules = DEFAULT_REVISIT_RULES) -> None:
        self.store = store
        self.user = user
        self.undo = undo
        self.rules = rules

    # -- the status of each room (one SELECT, bounded by the rooms' condition) --------------------

    @staticmethod
    def _rooms_query(room_cond: ColumnElement[bool], today: date) -> Select[Any]:
        """Per open room: id, grid, texts, status, latest visit time/officer/revisit date/note."""
        today_iso = today.isoformat()
        open_room = and_(room_cond, sa.c.is_leaf == 1, sa.c.deleted == 0,
                         or_(sa.c.valid_to.is_(None), sa.c.valid_to == "", sa.c.valid_to > today_iso))
        room_ids = select(sa.c.id).where(open_room)
        # SQLite: bare columns of a max() aggregate come from the row holding the max (documented)
        latest = (select(v.c.address_id, func.max(v.c.visited_at).label("at"), v.c.outcome, v.c.officer,
                         v.c.revisit_due, v.c.note)
                  .where(v.c.deleted == 0, v.c.address_id.in_(room_ids))
                  .group_by(v.c.address_id).subquery("lv"))
        living = (select(reg.c.address_id, func.max(reg.c.updated_at).label("at"), reg.c.registered_by)
                  .where(reg.c.deleted == 0, reg.c.status == "living", reg.c.address_id.in_(room_ids))
                  .group_by(reg.c.address_id).subquery("lr"))
        by_registration = and_(living.c.at.is_not(None),
                               or_(latest.c.at.is_(None), living.c.at > latest.c.at))
        status = case(
            (by_registration, literal("registered")),
            (latest.c.at.is_not(None), latest.c.outcome),
            else_=literal(NOT_VISITED),
        ).label("status")
        officer = case((by_registration, living.c.registered_by), else_=func.coalesce(latest.c.officer, ""))
        due = case((by_registration, null()), else_=latest.c.revisit_due)
        return (select(sa.c.id, sa.c.grid_id, sa.c.full_text, sa.c.name, status, latest.c.at.label("last_visit"),
                       officer.label("officer"), due.label("revisit_due"),
                       func.coalesce(latest.c.note, "").label("note"))
                .select_from(sa.outerjoin(latest, latest.c.address_id == sa.c.id)
                             .outerjoin(living, living.c.address_id == sa.c.id))
                .where(open_room))

    @staticmethod
    def _to_row(r: Any) -> TaskRow:
        return TaskRow(r.id, r.full_text, r.name, r.status, r.last_visit, r.officer or "", r.revisit_due or None,
                       r.note or "")

    # -- the task list ----------------------------------------------------------------------------

    def task_page(
        self,
        grid_id: str,
        offset: int,
        limit: int,
        *,
        show: TaskFilter | str = TaskFilter.ALL,
        status: str | None = None,
        today: date | None = None,
    ) -> TaskPage:
        """Return rooms ``offset``..``offset+limit`` of a grid's task list, in walking order.

        Walking order is the natural order of the full text (2幢 before 10幢, 101室 before 1001室).
        """
        today = today or date.today()
        rooms = self._rooms_query(sa.c.grid_id == grid_id, today).subquery("rooms")
        stmt = select(rooms)
        show = TaskFilter(show)
        if show is TaskFilter.UNVISITED:
            stmt = stmt.where(rooms.c.status == NOT_VISITED)
        elif show is TaskFilter.REVISIT_DUE:
            stmt = stmt.where(rooms.c.revisit_due.is_not(None), rooms.c.revisit_due != "",
                              rooms.c.revisit_due <= today.isoformat())
        elif show is TaskFilter.STATUS and status:
            stmt = stmt.where(rooms.c.status == status)
        stmt = (stmt.order_by(func.natural_key(rooms.c.full_text), rooms.c.id)
                .offset(max(0, offset)).limit(max(0, limit) + 1))
        with self.store.read() as conn:
            rows = conn.execute(stmt).all()
        return TaskPage(tuple(self._to_row(r) for r in rows[:limit]), len(rows) > limit)

    def task_row(self, address_id: str, today: date | None = None) -> TaskRow | None:
        """Return one room's current row (None when it is not an open room)."""
        today = today or date.today()
        with self.store.read() as conn:
            row = conn.execute(self._rooms_query(sa.c.id == address_id, today)).first()
        return None if row is None else self._to_row(row)

    def grids(self) -> list[GridChoice]:
        """Return every live grid with its community and town names, by town, community, grid."""
        community, town = area.alias("community"), area.alias("town")
        stmt = (select(area.c.id, area.c.name, area.c.officer, func.coalesce(community.c.name, "").label("c"),
                       func.coalesce(town.c.name, "").label("tn"), town.c.code)
                .select_from(area.outerjoin(community, community.c.id == area.c.parent_id)
                             .outerjoin(town, town.c.id == community.c.parent_id))
                .where(area.c.level == "grid", area.c.deleted == 0))
        with self.store.read() as conn:
            rows = conn.execute(stmt).all()
        rows = sorted(rows, key=lambda r: (r.code or "", r.tn, r.c, r.name))
        return [GridChoice(r.id, r.name, r.c, r.tn, r.officer or "") for r in rows]

    # -- coverage ---------------------------------------------------------------------------------

    def coverage(self, grid_id: str, today: date | None = None) -> CoverageReport:
        """Return coverage for a grid, its community, the community's grids and officers."""
        today = today or date.today()
        with self.store.read() as conn:
            grid = conn.execute(select(area.c.id, area.c.name, area.c.parent_id, area.c.officer)
                                .where(area.c.id == grid_id)).first()
            if grid is None:
                raise NotFound(grid_id)
            community = None
            grids = [(grid.id, grid.name, grid.officer or "")]
            if grid.parent_id is not None:
                community = conn.execute(select(area.c.id, area.c.name).where(area.c.id == grid.parent_id)).first()
                grids = [(r.id, r.name, r.officer or "") for r in conn.execute(
                    select(area.c.id, area.c.name, area.c.officer)
                    .where(area.c.parent_id == grid.parent_id, area.c.level == "grid", area.c.deleted == 0))]
            counts = self._counts(conn, [g[0] for g in grids], today)
        per_grid = {gid: Coverage(gid, name, *counts.grid_totals(gid)) for gid, name, _ in grids}
        this = per_grid[grid.id]
        whole = None
        if community is not None:
            whole = Coverage(community.id, community.name, sum(c.rooms for c in per_grid.values()),
                             sum(c.visited for c in per_grid.values()),
                             sum(c.revisit_pending for c in per_grid.values()))
        officers = counts.officers({gid: officer for gid, _, officer in grids})
        return CoverageReport(
            this, whole,
            tuple(sorted(per_grid.values(), key=lambda c: (c.ratio if c.ratio is not None else 2.0, c.name))),
            tuple(sorted(officers, key=lambda c: (c.ratio if c.ratio is not None else 2.0, c.name))),
        )

    def coverage_by_area(self, level: str, within: str | None = None, today: date | None = None) -> list[Coverage]:
        """Coverage of every area at ``level`` ("grid" or "community") below ``within`` (None: all).

        For the supervisor's overview; reads every open room below ``within``, so run it on the
        DB thread (TaskRunner), not from a table model.
        """
        today = today or date.today()
        with self.store.read() as conn:
            all_areas = conn.execute(select(area.c.id, area.c.parent_id, area.c.level, area.c.name)
                                     .where(area.c.deleted == 0)).all()
            parent = {a.id: a.parent_id for a in all_areas}
            names = {a.id: a.name for a in all_areas}

            def ancestor(area_id: str, wanted: str) -> str | None:
                node: str | None = area_id
                while node is not None:
                    if node == wanted:
                        return node
                    node = parent.get(node)
                return None

            grid_ids = [a.id for a in all_areas if a.level == "grid"
                        and (within is None or ancestor(a.id, within) is not None)]
            counts = self._counts(conn, grid_ids, today)
        groups: dict[str, list[str]] = {}
        for gid in grid_ids:
            key = gid if level == "grid" else (parent.get(gid) or gid)
            groups.setdefault(key, []).append(gid)
        out = []
        for key, members in groups.items():
            totals = [counts.grid_totals(g) for g in members]
            out.append(Coverage(key, names.get(key, ""), sum(x[0] for x in totals), sum(x[1] for x in totals),
                                sum(x[2] for x in totals)))
        return sorted(out, key=lambda c: (c.ratio if c.ratio is not None else 2.0, c.name))

    def _counts(self, conn: Any, grid_ids: list[str], today: date) -> _Counts:
        counts = _Counts()
        for i in range(0, len(grid_ids), 500):
            chunk = grid_ids[i:i + 500]
            rooms = self._rooms_query(sa.c.grid_id.in_(chunk), today).subquery("rooms")
            pending = and_(rooms.c.revisit_due.is_not(None), rooms.c.revisit_due != "")
            stmt = (select(rooms.c.grid_id, rooms.c.officer, rooms.c.status == NOT_VISITED, pending,
                           func.count())
                    .group_by(rooms.c.grid_id, rooms.c.officer, rooms.c.status == NOT_VISITED, pending))
            for gid, officer, unvisited, is_pending, n in conn.execute(stmt):
                counts.add(gid, officer or "", bool(unvisited), bool(is_pending), int(n))
        return counts

    # -- visits -----------------------------------------------------------------------------------

    def record_visit(self, address_id: str, outcome: str, note: str = "", *,
                     today: date | None = None) -> RecordedVisit:
        """Record a visit at a room now: a ``visit`` row (and its outbox entry); 无人在家/需复访 get a revisit date.

        Raises:
            Invalid: unknown outcome.  NotFound: unknown address.  AddressClosed: the address is closed.
        """
        problems = check_outcome(outcome)
        if problems:
            raise Invalid(problems)
        today = today or date.today()
        due = self.rules.revisit_due(outcome, today)
        visit_id = str(uuid.uuid4())
        with self.store.write() as conn:
            row = conn.execute(select(sa.c.full_text, sa.c.valid_to)
                               .where(sa.c.id == address_id, sa.c.deleted == 0)).first()
            if row is None:
                raise NotFound(address_id)
            if row.valid_to and row.valid_to <= today.isoformat():
                raise AddressClosed(row.full_text)
            log = ChangeLog(conn, self.user, self.store.device_id)
            log.write("visit", visit_id, {
                "address_id": address_id, "officer": self.user, "visited_at": utc_now(), "outcome": outcome,
                "revisit_due": due.isoformat() if due else None, "note": note.strip(),
            })
            if self.undo is not None:
                self.undo.push(log.operation("visit", row.full_text))
        new_row = self.task_row(address_id, today)
        if new_row is None:  # a visit at a node that is not a room: not on any task list
            new_row = TaskRow(address_id, row.full_text, "", outcome, None, self.user, None, note)
        return RecordedVisit(visit_id, new_row)


class _Counts:
    """Room counts per (grid, officer, visited, pending) from one grouped query."""

    def __init__(self) -> None:
        self.by_grid: dict[str, list[int]] = {}
        self.by_officer: dict[str, list[int]] = {}
        self.officer_grids: dict[str, set[str]] = {}

    def add(self, grid_id: str, officer: str, unvisited: bool, pending: bool, n: int) -> None:
        g = self.by_grid.setdefault(grid_id, [0, 0, 0])
        g[0] += n
        if not unvisited:
            g[1] += n
            if officer:
                o = self.by_officer.setdefault(officer, [0, 0])
                o[0] += n
                o[1] += n if pending else 0
                self.officer_grids.setdefault(officer, set()).add(grid_id)
        if pending:
            g[2] += n

    def grid_totals(self, grid_id: str) -> tuple[int, int, int]:
        g = self.by_grid.get(grid_id, [0, 0, 0])
        return g[0], g[1], g[2]

    def officers(self, assigned: dict[str, str]) -> list[Coverage]:
        grids_of: dict[str, set[str]] = {o: set(gs) for o, gs in self.officer_grids.items()}
        for gid, officer in assigned.items():
            if officer:
                grids_of.setdefault(officer, set()).add(gid)
        out = []
        for officer, gids in grids_of.items():
            visited, pending = self.by_officer.get(officer, [0, 0])
            rooms = sum(self.grid_totals(g)[0] for g in gids)
            out.append(Coverage(officer, officer, rooms, visited, pending))
        return out


def statuses(rows: Iterable[TaskRow]) -> list[str]:
    """Return the status of each row (for tests and summaries)."""
    return [r.status for r in rows]
