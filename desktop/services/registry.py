"""Register the survey's records: areas, standard addresses, rental units, households, residents.

Every method validates with :mod:`desktop.domain`, then writes the data rows and their outbox
entries in one transaction (DESIGN §4). Runs on the DB thread; must not touch Qt.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.address import check_address_part
from desktop.domain.pinyin import name_initials
from desktop.domain.problems import Problem, has_errors
from desktop.domain.resident import ResidentInput, validate_resident
from desktop.errors import Invalid, NotFound
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record


def new_id() -> str:
    """Return a new record UUID (DESIGN §5.1: identity is made on the device)."""
    return str(uuid.uuid4())


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class SavedResident:
    """Result of registering a person: the ids written and the warnings kept."""

    resident_id: str
    registration_id: str | None
    household_id: str | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)


@functools.cache
def _resident_columns() -> frozenset[str]:
    return frozenset(t.resident.c.keys())


def resident_row(values: Mapping[str, Any], initials: Callable[[str], str] = name_initials) -> dict[str, Any]:
    """Turn validated resident values into ``resident`` columns (dates as ISO text, initials added).

    ``initials`` computes ``name_initials`` (default: :func:`desktop.domain.pinyin.name_initials`).
    """
    row: dict[str, Any] = {}
    columns = _resident_columns()
    for key, value in values.items():
        if key not in columns:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif value is None and key not in ("birth_date", "arrival_date"):
            value = ""
        elif hasattr(value, "value"):
            value = value.value
        row[key] = value
    row["name_initials"] = initials(str(row.get("name", "")))
    return row


class RegistryService:
    """Use cases that create and change registered records for one signed-in user."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    # -- areas and addresses ------------------------------------------------------------------

    def create_area(
        self, level: str, name: str, parent_id: str | None, *, code: str | None = None, invented: bool = False
    ) -> str:
        """Create an area node (town, community or grid) and return its id."""
        area_id = new_id()
        with self.store.write() as conn:
            write_record(conn, "area", area_id,
                         {"level": level, "name": name, "parent_id": parent_id, "code": code,
                          "invented": int(invented)},
                         user=self.user, device_id=self.store.device_id)
        return area_id

    def create_address(
        self,
        grid_id: str,
        parent_id: str | None,
        level: str,
        name: str,
        *,
        is_leaf: bool = False,
        housing_type: str = "ordinary",
        valid_from: date | None = None,
    ) -> str:
        """Create a standard-address node below ``parent_id`` (or at the top of a grid).

        The full text is the parent's full text followed by ``name``.

        Raises:
            Invalid: empty name.  NotFound: unknown parent.
        """
        name, problems = check_address_part(name)
        if problems:
            raise Invalid(problems)
        address_id = new_id()
        with self.store.write() as conn:
            parent_text = ""
            if parent_id is not None:
                parent_text_row = conn.execute(
                    select(t.standard_address.c.full_text).where(t.standard_address.c.id == parent_id)
                ).first()
                if parent_text_row is None:
                    raise NotFound(parent_id)
                parent_text = str(parent_text_row[0])
            write_record(conn, "standard_address", address_id,
                         {"grid_id": grid_id, "parent_id": parent_id, "level": level, "name": name,
                          "full_text": parent_text + name, "is_leaf": int(is_leaf),
                          "housing_type": housing_type,
                          "valid_from": (valid_from or date.today()).isoformat()},
                         user=self.user, device_id=self.store.device_id)
        return address_id

    def save_rental_unit(self, address_id: str, fields: Mapping[str, Any], rental_unit_id: str | None = None) -> str:
        """Create or update the rental unit at a room-level address; returns its id."""
        rid = rental_unit_id or new_id()
        data = {k: (_iso(v) if isinstance(v, date) else v) for k, v in fields.items()}
        data["address_id"] = address_id
        with self.store.write() as conn:
            write_record(conn, "rental_unit", rid, data, user=self.user, device_id=self.store.device_id)
        return rid

    def create_household(self, address_id: str, household_type: str = "family") -> str:
        """Create a household at an address; the head is set when its first resident registers."""
        hid = new_id()
        with self.store.write() as conn:
            write_record(conn, "household", hid, {"address_id": address_id, "type": household_type},
                         user=self.user, device_id=self.store.device_id)
        return hid

    # -- residents --------------------------------------------------------------------------

    def register_person(
        self,
        inp: ResidentInput,
        address_id: str,
        *,
        household_id: str | None = None,
        relationship: str = "",
        declared_date: date | None = None,
        today: date | None = None,
    ) -> SavedResident:
        """Validate and register a person as living at a room-level address, in one transaction.

        Creates the resident, a household when none is given (the person becomes its head) and
        the residence registration (status ``living``).

        Raises:
            Invalid: the input has errors (``.problems`` names each field); nothing is written.
        """
        checked = validate_resident(inp, today=today)
        if has_errors(checked.problems):
            raise Invalid(checked.problems)
        today = today or date.today()
        resident_id, registration_id = new_id(), new_id()
        with self.store.write() as conn:
            device = self.store.device_id
            write_record(conn, "resident", resident_id, resident_row(checked.values),
                         user=self.user, device_id=device)
            if household_id is None:
                household_id = new_id()
                write_record(conn, "household", household_id,
                             {"address_id": address_id, "type": "family", "head_resident_id": resident_id},
                             user=self.user, device_id=device)
                relationship = relationship or "02"
            write_record(conn, "residence_registration", registration_id,
                         {"resident_id": resident_id, "address_id": address_id, "household_id": household_id,
                          "relationship": relationship,
                          "declared_date": _iso(declared_date or today),
                          "registered_date": today.isoformat(), "status": "living",
                          "registered_by": self.user},
                         user=self.user, device_id=device)
        return SavedResident(resident_id, registration_id, household_id, checked.problems)

    def update_resident(self, resident_id: str, inp: ResidentInput, *, today: date | None = None) -> SavedResident:
        """Validate and save changed fields of an existing resident (only changed columns are queued).

        Raises:
            Invalid: the input has errors.  NotFound: no such resident.
        """
        checked = validate_resident(inp, today=today)
        if has_errors(checked.problems):
            raise Invalid(checked.problems)
        new = resident_row(checked.values)
        with self.store.write() as conn:
            old = conn.execute(select(t.resident).where(t.resident.c.id == resident_id)).mappings().first()
            if old is None:
                raise NotFound(resident_id)
            changed = {k: v for k, v in new.items() if old.get(k) != v}
            if changed:
                write_record(conn, "resident", resident_id, changed, user=self.user,
                             device_id=self.store.device_id)
        return SavedResident(resident_id, None, None, checked.problems)
