"""Read-only queries behind the main window: the area/address tree, an address page, resident lists.

Every function returns frozen dataclasses (never rows or ORM objects) and reads a bounded,
indexed slice of the store, so a page fetch may run on the GUI thread (style guide §2); anything
larger goes through the UI's TaskRunner. Must not touch Qt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    true,
    tuple_,
)

from desktop.domain.idnumber import normalize_id_number
from desktop.store import tables as t
from desktop.store.db import Store

#: Upper bound on the children listed below one tree node.
MAX_CHILDREN = 5000
_HIGH = "\U0010ffff"  # sorts after every character: ``x <= col < x + _HIGH`` is an indexed prefix
_RE_ID = re.compile(r"\d{17}[\dX]|\d{15}")
_RE_DIGITS = re.compile(r"\d{3,}")
_RE_LETTERS = re.compile(r"[a-z]+")
_RE_NUM = re.compile(r"(\d+)")
# the FTS5 search tables (0007; not in the metadata): rowid = the searched table's rowid
_NAME_FTS = table("resident_name_fts", column("rowid"))
_ADDRESS_FTS = table("address_fts", column("rowid"))
# Keyset tie-breaker: the rowid, which every index of ``resident`` already ends with, so ORDER BY
# (indexed column, rowid) is the index's own order — no sort, whatever LIMIT the planner assumes for a
# bound ``LIMIT ?`` (issue 8: ORDER BY name, id made the planner scan and sort the whole table, 1.2 s at 300k
# encrypted). Cursors are only kept for one scroll of the list.
_RES_ROWID: ColumnElement[int] = literal_column("resident.rowid")


@dataclass(frozen=True)
class AreaNode:
    """An area (town, community, grid) in the tree; ``has_children`` decides the expander."""

    id: str
    name: str
    level: str
    code: str | None
    has_children: bool


@dataclass(frozen=True)
class AddressNode:
    """A standard-address node in the tree."""

    id: str
    grid_id: str
    name: str
    level: str
    full_text: str
    is_leaf: bool
    has_children: bool
    valid_to: str | None = None  # a closed address (issue 4) stays listed, marked


@dataclass(frozen=True)
class RentalUnitSummary:
    """The rental unit at an address, as the address page shows it."""

    id: str
    status: str
    use: str
    landlord_name: str
    landlord_phone: str
    occupancy_limit: int | None
    area_m2: float | None


@dataclass(frozen=True)
class Member:
    """A resident living at an address (one current residence registration)."""

    resident_id: str
    registration_id: str
    name: str
    id_number: str
    sex: str
    birth_date: str | None
    phone: str
    relationship: str
    registered_date: str


@dataclass(frozen=True)
class HouseholdView:
    """A household at an address with its living members (``id`` None: registrations without one)."""

    id: str | None
    type: str
    head_resident_id: str | None
    members: tuple[Member, ...]


@dataclass(frozen=True)
class AddressPage:
    """Everything the address page shows about one standard address."""

    id: str
    grid_id: str
    name: str
    level: str
    full_text: str
    is_leaf: bool
    rental_units: tuple[RentalUnitSummary, ...]
    households: tuple[HouseholdView, ...]

    @property
    def resident_count(self) -> int:
        """Residents living here."""
        return sum(len(h.members) for h in self.households)


@dataclass(frozen=True)
class ResidentListRow:
    """One row of the resident list."""

    id: str
    name: str
    id_number: str
    sex: str
    phone: str
    address: str


@dataclass(frozen=True)
class ResidentPage:
    """A page of the resident list; ``has_more`` says whether a later page exists; ``next_after`` is
    the keyset cursor of the page that follows (pass it back as ``after``)."""

    rows: tuple[ResidentListRow, ...]
    has_more: bool
    next_after: tuple[Any, ...] | None = None


def _natural_key(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _RE_NUM.split(text))


class BrowseService:
    """Read-only queries for the tree, the address page and the resident list."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- tree ----------------------------------------------------------------------------------

    def children_of_area(self, area_id: str | None) -> list[AreaNode]:
        """Return the live areas below ``area_id`` (top-level areas when None), by code then name."""
        a, child = t.area, t.area.alias("child")
        parent_cond = a.c.parent_id.is_(None) if area_id is None else a.c.parent_id == area_id
        has_area = exists().where(and_(child.c.parent_id == a.c.id, child.c.deleted == 0))
        sa = t.standard_address
        has_address = exists().where(
            and_(sa.c.grid_id == a.c.id, sa.c.parent_id.is_(None), sa.c.deleted == 0)
        )
        query = (
            select(a.c.id, a.c.name, a.c.level, a.c.code, has_area.label("ha"), has_address.label("hs"))
            .where(parent_cond, a.c.deleted == 0)
            .order_by(a.c.code, a.c.name)
            .limit(MAX_CHILDREN)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        return [AreaNode(r.id, r.name, r.level, r.code, bool(r.ha or r.hs)) for r in rows]

    def children_of_address(self, grid_id: str, parent_id: str | None) -> list[AddressNode]:
        """Return the live address nodes directly below ``parent_id`` (top of the grid when None).

        Sorted naturally by name ("2室" before "10室").
        """
        sa, child = t.standard_address, t.standard_address.alias("child")
        parent_cond = sa.c.parent_id.is_(None) if parent_id is None else sa.c.parent_id == parent_id
        has_child = exists().where(and_(child.c.parent_id == sa.c.id, child.c.deleted == 0))
        query = (
            select(sa.c.id, sa.c.grid_id, sa.c.name, sa.c.level, sa.c.full_text, sa.c.is_leaf,
                   has_child.label("hc"), sa.c.valid_to)
            .where(sa.c.grid_id == grid_id, parent_cond, sa.c.deleted == 0)
            .limit(MAX_CHILDREN)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        nodes = [AddressNode(r.id, r.grid_id, r.name, r.level, r.full_text, bool(r.is_leaf), bool(r.hc),
                             r.valid_to or None) for r in rows]
        return sorted(nodes, key=lambda n: _natural_key(n.name))

    # -- address page --------------------------------------------------------------------------

    def address_page(self, address_id: str) -> AddressPage | None:
        """Return the page of one address, or None when it does not exist (or was deleted)."""
        sa = t.standard_address
        with self.store.read() as conn:
            row = conn.execute(
                select(sa.c.id, sa.c.grid_id, sa.c.name, sa.c.level, sa.c.full_text, sa.c.is_leaf)
                .where(sa.c.id == address_id, sa.c.deleted == 0)
            ).first()
            if row is None:
                return None
            units = self._rental_units(conn, address_id)
            households = self._households(conn, address_id)
        return AddressPage(row.id, row.grid_id, row.name, row.level, row.full_text, bool(row.is_leaf),
                           units, households)

    @staticmethod
    def _rental_units(conn: Connection, address_id: str) -> tuple[RentalUnitSummary, ...]:
        ru = t.rental_unit
        rows = conn.execute(
            select(ru.c.id, ru.c.status, ru.c.use, ru.c.landlord_name, ru.c.landlord_phone,
                   ru.c.occupancy_limit, ru.c.area_m2)
            .where(ru.c.address_id == address_id, ru.c.deleted == 0)
            .order_by(ru.c.updated_at)
        ).all()
        return tuple(RentalUnitSummary(r.id, r.status, r.use, r.landlord_name, r.landlord_phone,
                                       r.occupancy_limit, r.area_m2) for r in rows)

    @staticmethod
    def _households(conn: Connection, address_id: str) -> tuple[HouseholdView, ...]:
        hh, reg, res = t.household, t.residence_registration, t.resident
        households = conn.execute(
            select(hh.c.id, hh.c.type, hh.c.head_resident_id)
            .where(hh.c.address_id == address_id, hh.c.deleted == 0)
            .order_by(hh.c.updated_at)
        ).all()
        members = conn.execute(
            select(reg.c.id.label("reg_id"), reg.c.household_id, reg.c.relationship, reg.c.registered_date,
                   res.c.id.label("res_id"), res.c.name, res.c.id_number, res.c.sex, res.c.birth_date,
                   res.c.phone)
            .join(res, res.c.id == reg.c.resident_id)
            .where(reg.c.address_id == address_id, reg.c.status == "living", reg.c.deleted == 0,
                   res.c.deleted == 0)
            .order_by(reg.c.registered_date, res.c.name)
        ).all()
        by_household: dict[str | None, list[Member]] = {}
        for m in members:
            by_household.setdefault(m.household_id, []).append(
                Member(m.res_id, m.reg_id, m.name, m.id_number, m.sex, m.birth_date, m.phone,
                       m.relationship, m.registered_date))
        views = []
        for h in households:
            people = by_household.pop(h.id, [])
            people.sort(key=lambda p: (p.resident_id != h.head_resident_id, p.registered_date, p.name))
            views.append(HouseholdView(h.id, h.type, h.head_resident_id, tuple(people)))
        # registrations whose household is missing or elsewhere: still shown, never dropped
        loose = [m for ms in by_household.values() for m in ms]
        if loose:
            views.append(HouseholdView(None, "", None, tuple(loose)))
        return tuple(views)

    # -- resident list -------------------------------------------------------------------------

    def resident_page(self, offset: int, limit: int, query: str = "",
                      after: tuple[Any, ...] | None = None) -> ResidentPage:
        """Return ``limit`` residents matching ``query`` from ``offset``, or after the keyset cursor ``after``
        (a page's :attr:`ResidentPage.next_after`; ``offset`` is then ignored).

        Every path reads an index range in index order, so a page costs the same at row 100 as at row
        900,000 when paged with ``after`` (OFFSET walks ``offset`` entries first; kept for callers that
        jump). What the query matches (issue 8; DESIGN §7 p95 < 50 ms at 1M residents):

        * an ID number (18 or 15 characters) exactly; 3+ digits: ID numbers by prefix (in ID order), then
          phones ending in them (4+ digits, the ``substr(phone, -4)`` index);
        * Latin letters: pinyin initials by prefix ("zw" for 张伟), in initials order;
        * anything else, a name: names starting with it (by name), then names containing it anywhere
          (``resident_name_fts``, spaced-out trigram index: 1- and 2-character queries too).
        """
        res = t.resident
        segments = self._segments(query)
        first = int(after[0]) if after else 0
        skip = 0 if after else max(0, offset)
        want = skip + max(0, limit) + 1
        found: list[tuple[int, Any]] = []
        with self.store.read() as conn:
            for number in range(first, len(segments)):
                cond, keys, source = segments[number]
                stmt = (select(res.c.id, res.c.name, res.c.id_number, res.c.sex, res.c.phone, *keys)
                        .select_from(source).where(res.c.deleted == 0, cond))
                if after and number == first:
                    stmt = stmt.where(tuple_(*keys) > tuple_(*after[1:]))
                for row in conn.execute(stmt.order_by(*keys).limit(want - len(found))):
                    found.append((number, row))
                if len(found) >= want:
                    break
            found = found[skip:]
            has_more = len(found) > limit
            found = found[:limit]
            addresses = self._current_addresses(conn, [r.id for _n, r in found])
        next_after = after
        if found:
            number, last = found[-1]
            next_after = (number, *last[5:])
        return ResidentPage(
            tuple(ResidentListRow(r.id, r.name, r.id_number, r.sex, r.phone, addresses.get(r.id, ""))
                  for _n, r in found),
            has_more,
            next_after,
        )

    @staticmethod
    def _segments(query: str) -> list[tuple[ColumnElement[bool], tuple[Any, ...], Any]]:
        """The ordered parts of a search: ``(condition, keyset columns = ORDER BY, FROM clause)``."""
        res = t.resident
        q = unicodedata.normalize("NFKC", query).strip()
        by_name = (res.c.name, _RES_ROWID)
        if not q:
            return [(true(), by_name, res)]
        number = normalize_id_number(q)
        if _RE_ID.fullmatch(number):
            return [(res.c.id_number == number, by_name, res)]
        if _RE_DIGITS.fullmatch(q):
            parts: list[tuple[ColumnElement[bool], tuple[Any, ...], Any]] = [
                ((res.c.id_number >= q) & (res.c.id_number < q + _HIGH), (res.c.id_number, _RES_ROWID), res)]
            if len(q) >= 4:
                tail = (func.substr(res.c.phone, literal_column("-4")) == q[-4:]) & res.c.phone.endswith(
                    q, autoescape=True) & ~((res.c.id_number >= q) & (res.c.id_number < q + _HIGH))
                parts.append((tail, by_name, res))
            return parts
        if _RE_LETTERS.fullmatch(q.lower()):
            low = q.lower()
            return [((res.c.name_initials >= low) & (res.c.name_initials < low + _HIGH),
                     (res.c.name_initials, res.c.name, _RES_ROWID), res)]  # ix_resident_initials (0009)
        prefix = (res.c.name >= q) & (res.c.name < q + _HIGH)
        # 2+ characters: the spaced form without its outer spaces ("王 芳", not " 王 芳 ") matches the same names
        # (every character of an indexed name has a space on each side) with fewer trigrams — " 王 " alone lists
        # every 王 in the district, the slowest doclist to read from a cold encrypted file (issue 8)
        spaced = t.spaced(q)
        phrase = '"' + (spaced if len(q) == 1 else spaced.strip()).replace('"', '""') + '"'
        fts_rowid = _NAME_FTS.c.rowid
        contains = (literal_column("resident_name_fts").op("MATCH")(phrase)) & ~prefix
        return [(prefix, by_name, res),
                (contains, (fts_rowid,), _NAME_FTS.join(res, literal_column("resident.rowid") == fts_rowid))]

    def find_addresses(self, fragment: str, limit: int = 50) -> list[AddressNode]:
        """Return live standard addresses whose full text contains ``fragment`` (3+ characters; the
        ``address_fts`` trigram index), first ``limit`` in storage order; [] for shorter fragments."""
        q = unicodedata.normalize("NFKC", fragment).strip()
        if len(q) < 3:
            return []
        sa, child = t.standard_address, t.standard_address.alias("child")
        fts_rowid = _ADDRESS_FTS.c.rowid
        has_child = exists().where(and_(child.c.parent_id == sa.c.id, child.c.deleted == 0))
        stmt = (
            select(sa.c.id, sa.c.grid_id, sa.c.name, sa.c.level, sa.c.full_text, sa.c.is_leaf,
                   has_child.label("hc"), sa.c.valid_to)
            .select_from(_ADDRESS_FTS.join(sa, literal_column("standard_address.rowid") == fts_rowid))
            .where(literal_column("address_fts").op("MATCH")('"' + q.replace('"', '""') + '"'), sa.c.deleted == 0)
            .order_by(fts_rowid)
            .limit(max(0, limit))
        )
        with self.store.read() as conn:
            rows = conn.execute(stmt).all()
        return [AddressNode(r.id, r.grid_id, r.name, r.level, r.full_text, bool(r.is_leaf), bool(r.hc),
                            r.valid_to or None) for r in rows]

    @staticmethod
    def _current_addresses(conn: Connection, resident_ids: Sequence[str]) -> dict[str, str]:
        if not resident_ids:
            return {}
        reg, sa = t.residence_registration, t.standard_address
        rows = conn.execute(
            select(reg.c.resident_id, sa.c.full_text)
            .join(sa, sa.c.id == reg.c.address_id)
            .where(reg.c.resident_id.in_(resident_ids), reg.c.status == "living", reg.c.deleted == 0)
            .order_by(reg.c.registered_date)
        ).all()
        return {r.resident_id: r.full_text for r in rows}

    # -- sync queue ------------------------------------------------------------------------------

    def pending_count(self) -> int:
        """Return how many local edits wait to be pushed (outbox entries still pending)."""
        with self.store.read() as conn:
            value = conn.execute(
                select(func.count()).select_from(t.outbox).where(t.outbox.c.status == "pending")
            ).scalar()
        return int(value or 0)
