"""Who may read and write which records on central (issue 7 §3, DESIGN §1, §5.9).

Roles (``app_user.role``, JWT claim ``role``) and what they reach:

* ``grid_officer``: the grids whose ``area`` record has ``officer`` = the user name (a supervisor's
  synced mutation assigns and reassigns them), everything at addresses of those grids, the residents
  registered there (at any time) with all their registrations and permits, and residents found by an
  exact ID number in central search (a *grant*: readable, and registrable in the officer's grid; their
  fields and their registration elsewhere (closing fields only) become writable once they have a living
  registration in one of the officer's grids, stored or in the same batch).
* ``police_assistant``: the addresses of its ``verification_assignment`` rows (``verifier`` = user)
  and their rooms, what is registered there, its own assignments and results.
* ``supervisor``: everything under its ``area`` (an area code such as a town's 9-digit code, or an
  area id); the district code 330212 (or the district area's id) is the whole district.

Areas and verification samples are not personal: everyone reads them.

Each record carries its scope in three derived columns kept by :mod:`central.crud` on apply
(``record.scope_grid``, ``scope_address``, ``scope_resident``; :func:`record_scope`), and
``resident_grid`` lists every grid a resident was ever registered in. So a pull is one indexed
query and nothing lives in process memory (DESIGN §9).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, false, or_, select, true

from central import models as m
from desktop.domain.entities import YINZHOU_DISTRICT_CODE

#: ``scope_grid`` of records everyone reads (areas, verification samples).
PUBLIC = "*"
#: Entities everyone reads.
PUBLIC_ENTITIES = frozenset({"area", "verification_sample"})
#: Entities bound to an address through ``address_id`` (their grid is the address's grid).
ADDRESS_BOUND = frozenset({"rental_unit", "household", "visit", "residence_registration",
                           "verification_assignment", "verification_result", "rental_check"})
#: Entities bound to a resident (``resident_id``) and no address.
RESIDENT_BOUND = frozenset({"resident", "residence_permit"})
#: Entities whose rows go only to their ``verifier`` (and supervisors): issue 5 §1.
VERIFIER_SCOPED = ("verification_assignment", "verification_result")
#: What a police assistant may write (at its sampled addresses).
VERIFIER_WRITES = frozenset({"verification_assignment", "verification_result", "rental_check"})
#: Fields an officer may set on a registration in another grid: closing it when the person moves in.
CLOSURE_FIELDS = frozenset({"status", "moved_out_date", "moved_out_reason"})
#: Reason key of a mutation refused for scope (shown in 需处理).
FORBIDDEN = "scope.forbidden"


@dataclass(frozen=True)
class Scope:
    """What one signed-in user reaches. ``everything``: a supervisor of the whole district.

    ``grids``: grid area ids (officer: assigned; supervisor: below its area). ``areas``: area ids a
    supervisor may edit (its area's subtree). ``addresses``: a verifier's sampled addresses and
    their child rooms. ``known``: False when the role is unknown or a supervisor has no area.
    """

    username: str
    role: str
    everything: bool = False
    grids: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()

    def key(self) -> str:
        """A digest of what this user reaches (sent in the handshake: a change makes the device re-pull)."""
        text = "|".join([self.role, "all" if self.everything else "",
                         ",".join(sorted(self.grids)), ",".join(sorted(self.addresses))])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _areas(conn: Connection) -> list[tuple[str, str | None, str, str, str]]:
    r = m.record
    rows = conn.execute(select(r.c.id, r.c.data).where(r.c.entity == literal_entity("area"),
                                                       r.c.deleted == false())).all()
    out = []
    for rid, data in rows:
        d = as_dict(data)
        out.append((str(rid), d.get("parent_id"), str(d.get("level") or ""), str(d.get("code") or ""),
                    str(d.get("officer") or "")))
    return out


def literal_entity(name: str) -> Any:
    """The entity name as a literal (so the partial indexes' predicates match)."""
    from sqlalchemy import literal_column

    return literal_column(f"'{name}'")


def as_dict(data: Any) -> dict[str, Any]:
    """A JSON column value as a dict (some drivers return text)."""
    if isinstance(data, str):
        import json

        loaded = json.loads(data)
        return loaded if isinstance(loaded, dict) else {}
    return dict(data) if isinstance(data, dict) else {}


def load_scope(conn: Connection, username: str, role: str, area: str) -> Scope:
    """Return the scope of ``username`` as the database says now (one or two indexed queries).

    A supervisor whose ``area`` is the district code (or the district area's id) reaches
    everything; an empty or unknown area reaches only the public records.
    """
    r = m.record
    if role == "supervisor":
        if not area:
            return Scope(username, role)
        if area == YINZHOU_DISTRICT_CODE:
            return Scope(username, role, everything=True)
        areas = _areas(conn)
        roots = {aid for aid, _p, _lvl, code, _o in areas if area in (aid, code)}
        if any(lvl == "district" for aid, _p, lvl, _c, _o in areas if aid in roots):
            return Scope(username, role, everything=True)
        children: dict[str, list[str]] = {}
        for aid, parent, _lvl, _c, _o in areas:
            if parent:
                children.setdefault(str(parent), []).append(aid)
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            aid = todo.pop()
            if aid in seen:
                continue
            seen.add(aid)
            todo.extend(children.get(aid, ()))
        grids = {aid for aid, _p, lvl, _c, _o in areas if aid in seen and lvl == "grid"}
        return Scope(username, role, grids=frozenset(grids), areas=frozenset(seen))
    if role == "grid_officer":
        grids = {str(rid) for (rid,) in conn.execute(
            select(r.c.id).where(r.c.entity == literal_entity("area"), m.DataText("officer") == username,
                                 r.c.deleted == false()))}
        return Scope(username, role, grids=frozenset(grids))
    if role == "police_assistant":
        assigned = {str(a) for (a,) in conn.execute(
            select(m.DataText("address_id")).where(r.c.entity == literal_entity("verification_assignment"),
                                                   m.DataText("verifier") == username, r.c.deleted == false()))}
        rooms: set[str] = set()
        if assigned:
            rooms = {str(rid) for (rid,) in conn.execute(
                select(r.c.id).where(r.c.entity == literal_entity("standard_address"),
                                     m.DataText("parent_id").in_(sorted(assigned)), r.c.deleted == false()))}
        return Scope(username, role, addresses=frozenset(assigned | rooms))
    return Scope(username, role)


def record_scope(entity: str, record_id: str, data: Mapping[str, Any],
                 grid_of: Mapping[str, str | None]) -> tuple[str | None, str | None, str | None]:
    """Return (scope_grid, scope_address, scope_resident) of a record.

    ``grid_of``: address id → its grid id, for the addresses the record may name (an address not
    in it has no known grid: None). Entities outside the mapping (none today) get no scope at all:
    only a whole-district supervisor reads them.
    """
    if entity in PUBLIC_ENTITIES:
        return PUBLIC, None, None
    if entity == "standard_address":
        grid = data.get("grid_id")
        return (str(grid) if grid else None), record_id, None
    if entity == "resident":
        return None, None, record_id
    if entity == "residence_permit":
        rid = data.get("resident_id")
        return None, None, (str(rid) if rid else None)
    if entity in ADDRESS_BOUND:
        address = str(data.get("address_id") or "")
        resident = data.get("resident_id") if entity == "residence_registration" else None
        return grid_of.get(address), (address or None), (str(resident) if resident else None)
    return None, None, None


def read_filter(scope: Scope) -> ColumnElement[bool]:
    """The WHERE condition on ``record`` selecting what ``scope`` may read."""
    r = m.record
    if scope.everything:
        return true()
    mine = or_(r.c.entity.notin_(VERIFIER_SCOPED), m.DataText("verifier") == scope.username)
    public = r.c.scope_grid == PUBLIC
    if scope.role == "police_assistant":
        if not scope.addresses:
            return public
        addresses = sorted(scope.addresses)
        reg = m.record.alias("reg")
        registered = select(reg.c.scope_resident).where(
            reg.c.entity == literal_entity("residence_registration"), reg.c.scope_address.in_(addresses),
            reg.c.scope_resident.is_not(None))
        return or_(public, and_(or_(r.c.scope_address.in_(addresses), r.c.scope_resident.in_(registered)),
                                r.c.entity.in_(("standard_address", "rental_unit", "household", "resident",
                                                "residence_registration", "residence_permit",
                                                "verification_assignment", "verification_result",
                                                "rental_check")),
                                mine))
    grids = sorted(scope.grids)
    rg = m.resident_grid
    granted = select(m.scope_grant.c.resident_id).where(m.scope_grant.c.username == scope.username)
    terms: list[ColumnElement[bool]] = [r.c.scope_grid.in_([PUBLIC, *grids])]
    if grids:
        terms.append(r.c.scope_resident.in_(select(rg.c.resident_id).where(rg.c.grid_id.in_(grids))))
    terms.append(r.c.scope_resident.in_(granted))
    return and_(or_(*terms), mine)


def scoped_entity(entity: str) -> bool:
    """True for the entities this module maps to a scope (others, such as audit events, have their own rules)."""
    return entity in _SCOPED


_SCOPED = PUBLIC_ENTITIES | ADDRESS_BOUND | RESIDENT_BOUND | {"standard_address"}


@dataclass
class WriteCheck:
    """The scope side of applying one batch (used by :class:`central.merge.Merger`).

    ``grids``/``areas``/``residents``: what the user may write, grown while the batch is applied (an
    area or grid the user adds; a person created or registered in the user's grids at any time).
    ``living``: residents with a *living* registration in the user's grids (stored, or applied earlier
    in the batch). ``expected``: residents a living registration later in the batch names; ``used``: those
    of them a write was let through for. A grant (``scope_grant``) only makes a person readable: editing a
    granted person or closing their registration elsewhere needs ``living`` (issue 7 trial; the caller
    re-runs the batch without a resident of ``used`` that did not end up in ``living``).
    """

    scope: Scope
    grids: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    residents: set[str] = field(default_factory=set)
    living: set[str] = field(default_factory=set)
    expected: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, scope: Scope, resident_grids: Mapping[str, Iterable[str]], living: Iterable[str] = (),
              expected: Iterable[str] = ()) -> WriteCheck:
        """The check for one batch: ``resident_grids`` (resident → grids it was ever registered in),
        ``living`` (residents living in the user's grids now) and ``expected`` cover the batch's residents."""
        grids = set(scope.grids)
        residents = {rid for rid, gs in resident_grids.items() if grids.intersection(gs)}
        return cls(scope, grids, set(scope.areas), residents, set(living), set(expected))

    def lives_here(self, resident: str | None) -> bool:
        """True when ``resident`` lives (or, later in this batch, will live) in one of the user's grids."""
        if resident is None:
            return False
        if resident in self.living:
            return True
        if resident in self.expected:
            self.used.add(resident)
            return True
        return False

    def unmet(self) -> set[str]:
        """Residents a write was let through for whose living registration never applied in the batch."""
        return self.used - self.living
