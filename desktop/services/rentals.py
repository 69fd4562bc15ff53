"""Rental units: load, validate (landlord, safety, hazard, status, 群租) and save (issue 4, item 6).

Actual occupants are never typed: they are the living registrations at the unit's address and the
rooms below it (:meth:`ResidencyService.tenants_at`), so the 群租 check always compares the limit
with who is registered there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.codes import RentalStatus, RentalUse
from desktop.domain.problems import Problem, has_errors
from desktop.domain.rental import (
    HazardLevel,
    LandlordType,
    RentalInput,
    is_over_limit,
    parse_safety,
    validate_rental,
)
from desktop.errors import Invalid, NotFound
from desktop.services.registry import new_id
from desktop.services.residency import ResidencyService, Tenant
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record


@dataclass(frozen=True)
class RentalRecord:
    """A stored rental unit as the editor shows it, with its address and current tenants."""

    id: str | None
    address_id: str
    address_text: str
    input: RentalInput
    tenants: tuple[Tenant, ...] = ()

    @property
    def occupants(self) -> int:
        """People living in the unit now."""
        return len(self.tenants)

    @property
    def over_limit(self) -> bool:
        """True when more people live here than the occupancy limit (群租)."""
        return is_over_limit(self.occupants, self.input.occupancy_limit)


@dataclass(frozen=True)
class SavedRental:
    """The saved unit's id and the warnings kept (e.g. ``rental.over_limit``)."""

    rental_unit_id: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _input_from_row(row: Any) -> RentalInput:
    hazard = str(row.hazard_level or "")
    return RentalInput(
        landlord_type=LandlordType(row.landlord_type or "person"),
        landlord_name=row.landlord_name or "",
        landlord_id_number=row.landlord_id_number or "",
        landlord_uscc=row.landlord_uscc or "",
        landlord_phone=row.landlord_phone or "",
        use=RentalUse(row.use or "residential"),
        area_m2=row.area_m2,
        rooms_let=row.rooms_let,
        occupancy_limit=row.occupancy_limit,
        lease_start=_date(row.lease_start),
        lease_end=_date(row.lease_end),
        rent=row.rent,
        pledge_signed_date=_date(row.pledge_signed_date),
        safety=parse_safety(row.safety),
        hazard_level=HazardLevel(hazard) if hazard in {h.value for h in HazardLevel} else None,
        status=RentalStatus(row.status or "let"),
    )


class RentalService:
    """Rental-unit use cases for one signed-in user (DB thread; no Qt)."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user
        self.residency = ResidencyService(store, user)

    def load(self, address_id: str, rental_unit_id: str | None = None) -> RentalRecord:
        """Return the unit ``rental_unit_id`` (or the first live unit at ``address_id``, or a blank one).

        Raises:
            NotFound: no such address.
        """
        ru, sa = t.rental_unit, t.standard_address
        with self.store.read() as conn:
            address_text = conn.execute(select(sa.c.full_text).where(sa.c.id == address_id)).scalar()
            if address_text is None:
                raise NotFound(address_id)
            cond = ru.c.id == rental_unit_id if rental_unit_id else ru.c.address_id == address_id
            row = conn.execute(select(ru).where(cond, ru.c.deleted == 0).order_by(ru.c.updated_at).limit(1)).first()
            tenants = self.residency._tenants(conn, self.residency.subtree(conn, address_id))
        if row is None:
            return RentalRecord(None, address_id, str(address_text), RentalInput(), tuple(tenants))
        return RentalRecord(row.id, address_id, str(address_text), _input_from_row(row), tuple(tenants))

    def occupants(self, address_id: str) -> int:
        """People living at the address and the rooms below it."""
        return len(self.residency.tenants_at(address_id))

    def check(self, address_id: str, inp: RentalInput, *, today: date | None = None) -> tuple[Problem, ...]:
        """Validate without saving (counts the occupants)."""
        return validate_rental(inp, occupants=self.occupants(address_id), today=today)[1]

    def save(self, address_id: str, inp: RentalInput, rental_unit_id: str | None = None,
             *, today: date | None = None) -> SavedRental:
        """Validate and save a rental unit (data row + outbox entry in one transaction).

        Warnings (群租, missing landlord document, understated hazard) do not block the save and
        come back in :attr:`SavedRental.problems`.

        Raises:
            Invalid: errors (nothing written).  NotFound: no such address.
        """
        with self.store.write() as conn:
            if conn.execute(select(t.standard_address.c.id)
                            .where(t.standard_address.c.id == address_id)).first() is None:
                raise NotFound(address_id)
            occupants = len(ResidencyService._tenants(conn, ResidencyService.subtree(conn, address_id)))
            values, problems = validate_rental(inp, occupants=occupants, today=today)
            if has_errors(problems):
                raise Invalid(problems)
            rid = rental_unit_id or new_id()
            old = conn.execute(select(t.rental_unit).where(t.rental_unit.c.id == rid)).mappings().first()
            fields = {**values, "address_id": address_id}
            if old is not None:
                fields = {k: v for k, v in fields.items() if old.get(k) != v}
            if fields or old is None:
                write_record(conn, "rental_unit", rid, fields, user=self.user, device_id=self.store.device_id)
        return SavedRental(rid, problems)
