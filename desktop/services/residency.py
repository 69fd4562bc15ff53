"""Move in, move out, households, tenants (issue 4, item 5; DESIGN §3 occupancy is a dated history).

A move never overwrites: the person's living registration(s) get ``moved_out_date``, the reason
and status ``left``, and a new ``living`` registration is created at the new address, in the same
transaction (every row with its outbox entry). The Excel importer's bulk move calls
:meth:`ResidencyService.move_resident` per person (or its ``_move_in_conn`` inside its own
transaction).

A rental unit's tenant list is not stored: it is the living registrations at the unit's address
and at every address below it (its rooms), read through ``ix_address_parent`` and
``ix_registration_address``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, select

from desktop.errors import AlreadyLivingHere, NotAMember, NotFound
from desktop.services.registry import new_id
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record

HEAD_RELATIONSHIP = "02"  # GB/T 4761 户主
#: Largest address subtree walked for a rental unit's rooms.
MAX_SUBTREE = 2000


@dataclass(frozen=True)
class MoveResult:
    """What a move wrote: the closed registrations and the new one."""

    resident_id: str
    closed_registration_ids: tuple[str, ...]
    registration_id: str
    household_id: str


@dataclass(frozen=True)
class HouseholdMove:
    """What a household move wrote."""

    old_household_id: str
    household_id: str
    moves: tuple[MoveResult, ...]


@dataclass(frozen=True)
class Tenant:
    """A person living in a rental unit's rooms."""

    resident_id: str
    registration_id: str
    name: str
    id_number: str
    address_id: str
    address_text: str
    registered_date: str


class ResidencyService:
    """Occupancy use cases for one signed-in user. Runs on the DB thread; must not touch Qt."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    def _write(self, conn: Connection, entity: str, record_id: str, fields: dict[str, object]) -> None:
        write_record(conn, entity, record_id, fields, user=self.user, device_id=self.store.device_id)

    # -- moves -----------------------------------------------------------------------------------

    def move_resident(
        self,
        resident_id: str,
        to_address_id: str,
        *,
        household_id: str | None = None,
        relationship: str = "",
        moved_date: date | None = None,
        reason: str = "",
        declared_date: date | None = None,
    ) -> MoveResult:
        """Move a person: close every living registration (搬离), register at ``to_address_id`` (入住).

        Args:
            household_id: join this household at the new address; None creates a new household
                with the person as its head (relationship 02).
            moved_date: the day of the move (default today): the old registrations' moved-out date
                and the new one's registered date.
            reason: the moved-out reason written on the old registrations.
            declared_date: the new registration's declaration date (default: ``moved_date``).

        Raises:
            NotFound: no such resident or address.  AlreadyLivingHere: already living there.
        """
        day = moved_date or date.today()
        with self.store.write() as conn:
            return self._move_in_conn(conn, resident_id, to_address_id, household_id=household_id,
                                      relationship=relationship, day=day, reason=reason,
                                      declared=declared_date or day)

    def _move_in_conn(self, conn: Connection, resident_id: str, to_address_id: str, *,
                      household_id: str | None, relationship: str, day: date, reason: str,
                      declared: date) -> MoveResult:
        reg = t.residence_registration
        if conn.execute(select(t.resident.c.id).where(t.resident.c.id == resident_id,
                                                      t.resident.c.deleted == 0)).first() is None:
            raise NotFound(resident_id)
        if conn.execute(select(t.standard_address.c.id).where(
                t.standard_address.c.id == to_address_id, t.standard_address.c.deleted == 0)).first() is None:
            raise NotFound(to_address_id)
        living = conn.execute(
            select(reg.c.id, reg.c.address_id, reg.c.household_id)
            .where(reg.c.resident_id == resident_id, reg.c.status == "living", reg.c.deleted == 0)
        ).all()
        if any(r.address_id == to_address_id for r in living):
            raise AlreadyLivingHere(to_address_id)
        closed = []
        for r in living:
            self._write(conn, "residence_registration", r.id,
                        {"status": "left", "moved_out_date": day.isoformat(), "moved_out_reason": reason})
            closed.append(r.id)
            if r.household_id:
                self._release_head(conn, r.household_id, resident_id)
        if household_id is None:
            household_id = new_id()
            self._write(conn, "household", household_id,
                        {"address_id": to_address_id, "type": "family", "head_resident_id": resident_id})
            relationship = relationship or HEAD_RELATIONSHIP
        registration_id = new_id()
        self._write(conn, "residence_registration", registration_id,
                    {"resident_id": resident_id, "address_id": to_address_id, "household_id": household_id,
                     "relationship": relationship, "declared_date": declared.isoformat(),
                     "registered_date": day.isoformat(), "status": "living", "registered_by": self.user})
        return MoveResult(resident_id, tuple(closed), registration_id, household_id)

    def _release_head(self, conn: Connection, household_id: str, resident_id: str) -> None:
        """A head who moves out leaves the household headless (the family names the new head)."""
        head = conn.execute(select(t.household.c.head_resident_id).where(t.household.c.id == household_id)).scalar()
        if head == resident_id:
            self._write(conn, "household", household_id, {"head_resident_id": None})

    def move_out(self, resident_id: str, *, moved_date: date | None = None, reason: str = "") -> tuple[str, ...]:
        """Close the person's living registrations (left, no new address known); return their ids."""
        day = moved_date or date.today()
        reg = t.residence_registration
        with self.store.write() as conn:
            living = conn.execute(
                select(reg.c.id, reg.c.household_id)
                .where(reg.c.resident_id == resident_id, reg.c.status == "living", reg.c.deleted == 0)
            ).all()
            for r in living:
                self._write(conn, "residence_registration", r.id,
                            {"status": "left", "moved_out_date": day.isoformat(), "moved_out_reason": reason})
                if r.household_id:
                    self._release_head(conn, r.household_id, resident_id)
        return tuple(r.id for r in living)

    def move_household(self, household_id: str, to_address_id: str, *, moved_date: date | None = None,
                       reason: str = "") -> HouseholdMove:
        """Move every living member of a household to a new household at ``to_address_id``.

        The new household keeps the type, the head and each member's relationship; the old one
        stays as history with no living members. One transaction.
        """
        day = moved_date or date.today()
        hh, reg = t.household, t.residence_registration
        with self.store.write() as conn:
            old = conn.execute(select(hh.c.type, hh.c.head_resident_id, hh.c.address_id)
                               .where(hh.c.id == household_id, hh.c.deleted == 0)).first()
            if old is None:
                raise NotFound(household_id)
            if old.address_id == to_address_id:
                raise AlreadyLivingHere(to_address_id)
            members = conn.execute(
                select(reg.c.resident_id, reg.c.relationship)
                .where(reg.c.household_id == household_id, reg.c.status == "living", reg.c.deleted == 0)
                .order_by(reg.c.registered_date)
            ).all()
            new_household = new_id()
            self._write(conn, "household", new_household,
                        {"address_id": to_address_id, "type": old.type, "head_resident_id": old.head_resident_id})
            moves = tuple(
                self._move_in_conn(conn, m.resident_id, to_address_id, household_id=new_household,
                                   relationship=m.relationship, day=day, reason=reason, declared=day)
                for m in members)
            # _release_head cleared the old household's head: history keeps who it was via the new one
        return HouseholdMove(household_id, new_household, moves)

    def change_head(self, household_id: str, new_head_resident_id: str, *,
                    old_head_relationship: str = "") -> None:
        """Make a living member the head (relationship 02); the old head gets ``old_head_relationship``.

        Raises:
            NotFound: no such household.  NotAMember: the person does not live in it.
        """
        hh, reg = t.household, t.residence_registration
        with self.store.write() as conn:
            old_head = conn.execute(select(hh.c.head_resident_id)
                                    .where(hh.c.id == household_id, hh.c.deleted == 0)).first()
            if old_head is None:
                raise NotFound(household_id)
            members = {r.resident_id: r.id for r in conn.execute(
                select(reg.c.resident_id, reg.c.id)
                .where(reg.c.household_id == household_id, reg.c.status == "living", reg.c.deleted == 0))}
            if new_head_resident_id not in members:
                raise NotAMember(new_head_resident_id)
            self._write(conn, "household", household_id, {"head_resident_id": new_head_resident_id})
            self._write(conn, "residence_registration", members[new_head_resident_id],
                        {"relationship": HEAD_RELATIONSHIP})
            previous = old_head[0]
            if previous and previous != new_head_resident_id and previous in members:
                self._write(conn, "residence_registration", members[previous],
                            {"relationship": old_head_relationship})

    # -- history and tenants ------------------------------------------------------------------------

    def history(self, resident_id: str) -> list[dict[str, object]]:
        """Return the person's registrations, oldest first (address text, dates, status, reason)."""
        reg, sa = t.residence_registration, t.standard_address
        with self.store.read() as conn:
            rows = conn.execute(
                select(reg.c.id, reg.c.address_id, sa.c.full_text, reg.c.household_id, reg.c.registered_date,
                       reg.c.moved_out_date, reg.c.moved_out_reason, reg.c.status)
                .join(sa, sa.c.id == reg.c.address_id)
                .where(reg.c.resident_id == resident_id, reg.c.deleted == 0)
                .order_by(reg.c.registered_date, reg.c.updated_at)
            ).mappings().all()
        return [dict(r) for r in rows]

    @staticmethod
    def subtree(conn: Connection, address_id: str) -> list[str]:
        """Return ``address_id`` and every live address below it (breadth first, bounded)."""
        sa = t.standard_address
        found, frontier = [address_id], [address_id]
        while frontier and len(found) < MAX_SUBTREE:
            children = [r[0] for r in conn.execute(
                select(sa.c.id).where(sa.c.parent_id.in_(frontier), sa.c.deleted == 0))]
            found.extend(children)
            frontier = children
        return found[:MAX_SUBTREE]

    def tenants_at(self, address_id: str) -> list[Tenant]:
        """Return the people living at ``address_id`` or any room below it."""
        with self.store.read() as conn:
            return self._tenants(conn, self.subtree(conn, address_id))

    def tenants_of_rental_unit(self, rental_unit_id: str) -> list[Tenant]:
        """Return the people living in a rental unit's rooms (its address and the addresses below)."""
        with self.store.read() as conn:
            address_id = conn.execute(select(t.rental_unit.c.address_id)
                                      .where(t.rental_unit.c.id == rental_unit_id)).scalar()
            if address_id is None:
                raise NotFound(rental_unit_id)
            return self._tenants(conn, self.subtree(conn, str(address_id)))

    @staticmethod
    def _tenants(conn: Connection, address_ids: Sequence[str]) -> list[Tenant]:
        reg, res, sa = t.residence_registration, t.resident, t.standard_address
        out: list[Tenant] = []
        for i in range(0, len(address_ids), 500):
            chunk = list(address_ids[i:i + 500])
            rows = conn.execute(
                select(res.c.id, reg.c.id.label("reg_id"), res.c.name, res.c.id_number, reg.c.address_id,
                       sa.c.full_text, reg.c.registered_date)
                .join(res, res.c.id == reg.c.resident_id)
                .join(sa, sa.c.id == reg.c.address_id)
                .where(and_(reg.c.address_id.in_(chunk), reg.c.status == "living", reg.c.deleted == 0,
                            res.c.deleted == 0))
            ).all()
            out += [Tenant(r.id, r.reg_id, r.name, r.id_number, r.address_id, r.full_text, r.registered_date)
                    for r in rows]
        out.sort(key=lambda x: (x.address_text, x.registered_date, x.name))
        return out
