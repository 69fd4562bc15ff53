"""Building layouts and visit-outcome rules for the officer's survey (issue 4, items 1–3).

Room numbering (户室号). 《宁波市地名管理条例》 Art. 23 asks that 门号、楼栋号、楼单元号、户室号 follow
one sequence (domain.md §2.14); the usual pattern on Ningbo residential plates, and the one the
demo and the ledgers use, is *floor number followed by a two-digit room index*:

* floor 1, room 1 → ``101室``; floor 6, room 4 → ``604室``; floor 12, room 3 → ``1203室``;
* the ground floor is floor 1 (Chinese usage: 一楼 is the street level; there is no floor 0);
* basement floors are numbered from ``B1`` down: floor −1, room 2 → ``B102室`` [U: plates vary,
  e.g. ``地下101室``; the preview grid is editable for buildings that differ];
* room indexes 1–99 per floor (a floor with more rooms is not a residential stair: list it by hand);
* units (单元) each have their own stair, so each unit repeats 101…604 by default
  (``1单元101室``, ``2单元101室``); some older buildings number continuously across units
  (1单元 101–102, 2单元 103–104): ``continuous=True``.

Visit outcomes (走访结果, DESIGN §3): 已登记 / 无人在家 / 空置 / 拒访 / 需复访. 无人在家 and 需复访 schedule a
revisit (defaults: 3 and 7 days) [U: no published interval was found; these are the grid offices'
working practice as described in the issue and are configurable through :class:`RevisitRules`].
拒访 does not schedule a revisit: a refusal is reported to the community police, who decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.domain.codes import VisitOutcome
from desktop.domain.problems import Problem, error

#: The derived status of a room that has no visit and no living registration (未走访).
NOT_VISITED = "not_visited"

#: Every task-list status, in display order: 未走访 then the five outcomes.
TASK_STATUSES: tuple[str, ...] = (NOT_VISITED, *(o.value for o in VisitOutcome))

MAX_FLOORS = 99
MAX_BASEMENTS = 9
MAX_ROOMS_PER_FLOOR = 99
MAX_UNITS = 30
ROOM_SUFFIX = "室"
UNIT_SUFFIX = "单元"


def room_name(floor: int, index: int, suffix: str = ROOM_SUFFIX) -> str:
    """Return the usual name of room ``index`` (1-based) on ``floor``: 101室, 1203室, B102室.

    Raises:
        ValueError: floor 0, or an index outside 1–99.
    """
    if floor == 0:
        raise ValueError("there is no floor 0: the ground floor is floor 1")
    if not 1 <= index <= MAX_ROOMS_PER_FLOOR:
        raise ValueError(f"room index {index} outside 1–{MAX_ROOMS_PER_FLOOR}")
    number = f"{floor}{index:02d}" if floor > 0 else f"B{-floor}{index:02d}"
    return number + suffix


def unit_name(number: int) -> str:
    """Return the name of unit ``number``: ``1单元``."""
    return f"{number}{UNIT_SUFFIX}"


@dataclass(frozen=True)
class FloorPlan:
    """One floor of a unit: its number (negative below ground) and its room names (in order)."""

    floor: int
    rooms: tuple[str, ...]

    @property
    def label(self) -> str:
        """The floor's own name when floor nodes are listed: ``3层``, ``B1层``."""
        return f"{self.floor}层" if self.floor > 0 else f"B{-self.floor}层"


@dataclass(frozen=True)
class UnitPlan:
    """One unit (单元) with its floors, top floor first; ``name`` is "" for a building without units."""

    name: str
    floors: tuple[FloorPlan, ...]

    @property
    def room_names(self) -> tuple[str, ...]:
        """Every room name in the unit, top floor first."""
        return tuple(r for f in self.floors for r in f.rooms)


@dataclass(frozen=True)
class BuildingPlan:
    """The rooms of a building to be listed, unit by unit."""

    units: tuple[UnitPlan, ...]
    floor_nodes: bool = False

    @property
    def room_count(self) -> int:
        """How many rooms the plan lists."""
        return sum(len(u.room_names) for u in self.units)


def plan_building(
    floors: int,
    rooms_per_floor: int,
    *,
    units: int = 0,
    basements: int = 0,
    continuous: bool = False,
    floor_nodes: bool = False,
) -> BuildingPlan:
    """Generate the usual room names of a building: ``floors`` × ``rooms_per_floor`` per unit.

    Args:
        floors: floors above ground (1–99).
        rooms_per_floor: rooms on each floor of each unit (1–99).
        units: 0 for a building without units; otherwise the number of units (1单元 … N单元).
        basements: floors below ground with rooms (B1 … Bn), usually 0.
        continuous: number rooms continuously across units instead of repeating 101… per unit.
        floor_nodes: list a floor node (``3层``) between unit and rooms (off: rooms hang off the unit).

    Raises:
        ValueError: a count outside its range (the dialog's spin boxes keep to the ranges).
    """
    problems = check_counts(floors, rooms_per_floor, units, basements, continuous=continuous)
    if problems:
        raise ValueError(problems[0].key)
    floor_numbers = [f for f in range(floors, 0, -1)] + [-b for b in range(1, basements + 1)]
    plans = []
    for u in range(max(units, 1)):
        offset = u * rooms_per_floor if continuous else 0
        plans.append(UnitPlan(
            unit_name(u + 1) if units else "",
            tuple(FloorPlan(f, tuple(room_name(f, offset + k) for k in range(1, rooms_per_floor + 1)))
                  for f in floor_numbers),
        ))
    return BuildingPlan(tuple(plans), floor_nodes)


def check_counts(
    floors: int, rooms_per_floor: int, units: int = 0, basements: int = 0, *, continuous: bool = False
) -> tuple[Problem, ...]:
    """Check the counts of a building plan; every problem is an ERROR ``layout.*``."""
    out: list[Problem] = []
    if not 1 <= floors <= MAX_FLOORS:
        out.append(error("floors", "layout.floors_range", max=MAX_FLOORS))
    per_unit = rooms_per_floor * (max(units, 1) if continuous else 1)
    if not 1 <= rooms_per_floor <= MAX_ROOMS_PER_FLOOR or per_unit > MAX_ROOMS_PER_FLOOR:
        out.append(error("rooms_per_floor", "layout.rooms_range", max=MAX_ROOMS_PER_FLOOR))
    if not 0 <= units <= MAX_UNITS:
        out.append(error("units", "layout.units_range", max=MAX_UNITS))
    if not 0 <= basements <= MAX_BASEMENTS:
        out.append(error("basements", "layout.basements_range", max=MAX_BASEMENTS))
    return tuple(out)


def check_plan(plan: BuildingPlan) -> tuple[Problem, ...]:
    """Check an (edited) plan: at least one room, no room name twice in one unit.

    Names are compared after the caller's normalisation (:func:`desktop.domain.address.normalize_address_part`).
    """
    out: list[Problem] = []
    if plan.room_count == 0:
        out.append(error("rooms", "layout.no_rooms"))
    units_seen: set[str] = set()
    for unit in plan.units:
        if unit.name in units_seen:
            out.append(error("units", "layout.duplicate_unit", name=unit.name))
        units_seen.add(unit.name)
        seen: set[str] = set()
        for name in unit.room_names:
            if name in seen:
                out.append(error("rooms", "layout.duplicate_room", name=name, unit=unit.name))
            seen.add(name)
    return tuple(out)


def check_parent(*, is_leaf: bool) -> tuple[Problem, ...]:
    """A room-level (leaf) address takes no children: ERROR ``address.parent_is_room``."""
    return (error("parent", "address.parent_is_room"),) if is_leaf else ()


def check_unit_name_free(name: str, taken: set[str]) -> tuple[Problem, ...]:
    """A new unit's name must not be an open sibling's: ERROR ``layout.duplicate_unit``."""
    return (error("name", "layout.duplicate_unit", name=name),) if name in taken else ()


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")


def next_name(name: str) -> str:
    """Return the name after ``name`` in its sequence: ``2单元`` → ``3单元``, ``B1`` → ``B2``.

    A name without a number gets ``2`` appended before its suffix-less end (``东单元`` → ``东单元2``).
    """
    match = _TRAILING_NUMBER.match(name)
    if match is None:
        return name + "2"
    head, number, tail = match.groups()
    return f"{head}{int(number) + 1:0{len(number)}d}{tail}"


_RANGE = re.compile(r"^(\D*?)(\d+)\s*[-~～—至]\s*(\d+)(\D*)$")
MAX_RANGE = 500


def expand_range(text: str) -> tuple[str, ...]:
    """Expand a numbered range typed in one go: ``1-20号`` → 1号 … 20号; anything else → itself.

    Used to list many door numbers or rooms at once. At most 500 names; a reversed or larger range
    is returned unexpanded (the caller's validation then shows the odd name to the officer).
    """
    match = _RANGE.match(text)
    if match is None:
        return (text,)
    head, first, last, tail = match.groups()
    lo, hi = int(first), int(last)
    if hi < lo or hi - lo >= MAX_RANGE:
        return (text,)
    width = len(first) if first.startswith("0") else 0
    return tuple(f"{head}{n:0{width}d}{tail}" for n in range(lo, hi + 1))


# -- visit outcomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisitRules:
    """After how many days each outcome wants a revisit; outcomes not listed schedule none.

    Defaults: 无人在家 3 days, 需复访 7 days (module docstring: working practice, configurable).
    """

    days: dict[str, int] = field(default_factory=lambda: {
        VisitOutcome.NOBODY_HOME.value: 3,
        VisitOutcome.REVISIT.value: 7,
    })

    def revisit_due(self, outcome: str, visited_on: date) -> date | None:
        """Return the date a revisit is due after ``outcome`` on ``visited_on``, or None."""
        days = self.days.get(outcome)
        return None if days is None else visited_on + timedelta(days=days)


DEFAULT_REVISIT_RULES = RevisitRules()


def check_outcome(outcome: str) -> tuple[Problem, ...]:
    """An outcome must be one of :class:`VisitOutcome` (ERROR ``visit.outcome_unknown``)."""
    if outcome in {o.value for o in VisitOutcome}:
        return ()
    return (error("outcome", "visit.outcome_unknown", value=outcome),)


def is_visited(status: str) -> bool:
    """Return True for every status but 未走访 (the coverage numerator counts these rooms)."""
    return status != NOT_VISITED


def wants_revisit(status: str) -> bool:
    """Return True for the statuses that leave a room open until someone comes back."""
    return status in (VisitOutcome.NOBODY_HOME.value, VisitOutcome.REVISIT.value)
