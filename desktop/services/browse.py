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

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, select

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
    """A page of the resident list; ``has_more`` says whether a later page exists."""

    rows: tuple[ResidentListRow, ...]
    has_more: bool


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
                   has_child.label("hc"))
            .where(sa.c.grid_id == grid_id, parent_cond, sa.c.deleted == 0)
            .limit(MAX_CHILDREN)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        nodes = [AddressNode(r.id, r.grid_id, r.name, r.level, r.full_text, bool(r.is_leaf), bool(r.hc))
                 for r in rows]
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

    def resident_page(self, offset: int, limit: int, query: str = "") -> ResidentPage:
        """Return residents ``offset``..``offset+limit`` matching ``query``, ordered by name.

        The query matches an ID number exactly (18 or 15 characters), an ID number prefix or a
        phone tail (3+ digits), pinyin initials by prefix (Latin letters, e.g. "zw" for 张伟), or a
        name by prefix or substring (prefix matches first).
        """
        res = t.resident
        cond, rank = self._search(query)
        stmt = select(res.c.id, res.c.name, res.c.id_number, res.c.sex, res.c.phone).where(res.c.deleted == 0)
        if cond is not None:
            stmt = stmt.where(cond)
        order: list[Any] = [res.c.name, res.c.id]
        if rank is not None:
            order.insert(0, rank)
        stmt = stmt.order_by(*order).offset(max(0, offset)).limit(max(0, limit) + 1)
        with self.store.read() as conn:
            rows = conn.execute(stmt).all()
            has_more = len(rows) > limit
            rows = rows[:limit]
            addresses = self._current_addresses(conn, [r.id for r in rows])
        return ResidentPage(
            tuple(ResidentListRow(r.id, r.name, r.id_number, r.sex, r.phone, addresses.get(r.id, ""))
                  for r in rows),
            has_more,
        )

    @staticmethod
    def _search(query: str) -> tuple[ColumnElement[bool] | None, ColumnElement[int] | None]:
        res = t.resident
        q = unicodedata.normalize("NFKC", query).strip()
        if not q:
            return None, None
        number = normalize_id_number(q)
        if _RE_ID.fullmatch(number):
            return res.c.id_number == number, None
        if _RE_DIGITS.fullmatch(q):
            return (res.c.id_number >= q) & (res.c.id_number < q + _HIGH) | res.c.phone.endswith(
                q, autoescape=True), None
        if _RE_LETTERS.fullmatch(q.lower()):
            low = q.lower()
            return (res.c.name_initials >= low) & (res.c.name_initials < low + _HIGH), None
        prefix = (res.c.name >= q) & (res.c.name < q + _HIGH)
        rank = case((prefix, 0), else_=1)
        return res.c.name.contains(q, autoescape=True), rank

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
