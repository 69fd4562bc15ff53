"""Verification sample and blind verification visits (issue 5 §1–2). Runs on the DB thread; no Qt.

Supervisor: :meth:`VerificationService.frame` (the sampling frame: every address that holds rooms,
stratified by community × housing type), :meth:`propose`, :meth:`draw_sample` (seeded draw, each address
assigned to a police assistant who registered nobody there, all written with outbox entries).

Police assistant: :meth:`my_assignments`, :meth:`rooms` → :meth:`record_capture` (what is really there,
before any registration is shown) → :meth:`reveal` (the registrations and the automatic matching; refused
before the capture) → :meth:`complete` (per-field marks). Results are ordinary synced records.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.rates_engine import area_paths
from desktop.domain.verification import (
    CHECK_FIELDS,
    FoundPerson,
    FrameUnit,
    Match,
    SampleDraw,
    all_correct,
    allocate,
    draw,
    match_found,
    propose_size,
)
from desktop.errors import AppError, NotFound
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import utc_now, write_record

sa, reg, res, ar = t.standard_address, t.residence_registration, t.resident, t.area
va, vr, vs, ru = t.verification_assignment, t.verification_result, t.verification_sample, t.rental_unit


class NotCaptured(AppError):
    """The registrations of a sampled address are shown only after the blind capture is saved."""

    code = "verification.not_captured"


class AlreadyCaptured(AppError):
    """What was found at a sampled address is recorded once, before the registrations are seen."""

    code = "verification.already_captured"


@dataclass(frozen=True)
class Frame:
    """The sampling frame of an area: its units and the totals the size proposal needs."""

    units: list[FrameUnit]
    strata_names: dict[str, str]  # stratum key → "community name · housing type"
    persons: int

    @property
    def population(self) -> dict[str, int]:
        """{stratum: addresses}."""
        out: dict[str, int] = {}
        for u in self.units:
            out[u.stratum] = out.get(u.stratum, 0) + 1
        return out


@dataclass(frozen=True)
class Assignment:
    """One sampled address on a verifier's list."""

    id: str
    sample_id: str
    address_id: str
    full_text: str
    stratum: str
    status: str  # assigned / captured / done


@dataclass(frozen=True)
class Room:
    """A room of a sampled address, with its rental unit id when one is registered there."""

    id: str
    name: str
    full_text: str
    rental_unit_id: str | None


@dataclass(frozen=True)
class Captured:
    """A found person as the verifier typed it, at a room."""

    room_id: str
    name: str = ""
    id_number: str = ""
    birth_date: str = ""
    exempt: bool = False


@dataclass
class Revealed:
    """The registrations at a captured address and how they match what was found."""

    registrations: list[dict[str, Any]]
    found: list[dict[str, Any]]  # the person result rows (id, person_name, person_id_number, …)
    match: Match
    registered_by: dict[str, str] = field(default_factory=dict)


def _housing(value: str | None) -> str:
    return value if value in ("rental", "group_rental", "ordinary", "dormitory") else "ordinary"


class VerificationService:
    """Samples and verification visits for the signed-in ``user``."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    # -- supervisor ----------------------------------------------------------------------------------

    def frame(self, area_id: str | None = None) -> Frame:
        """Every open address that holds rooms (the parent of leaf rooms), below ``area_id`` (None: all).

        Stratum = community id | housing type (the address's, else the most common of its rooms).
        """
        with self.store.read() as conn:
            areas = {r.id: r for r in conn.execute(
                select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code, ar.c.name, ar.c.officer)
                .where(ar.c.deleted == 0))}
            leaves = conn.execute(select(sa.c.id, sa.c.parent_id, sa.c.grid_id, sa.c.housing_type).where(
                sa.c.deleted == 0, sa.c.is_leaf == 1, sa.c.valid_to.is_(None), sa.c.parent_id.is_not(None))).all()
            parents = {r.id: r for r in conn.execute(select(sa.c.id, sa.c.grid_id, sa.c.housing_type)
                                                     .where(sa.c.is_leaf == 0, sa.c.deleted == 0))}
            regs = conn.execute(select(reg.c.address_id, reg.c.registered_by)
                                .where(reg.c.deleted == 0, reg.c.status == "living")).all()
        paths = area_paths([{"id": a.id, "parent_id": a.parent_id, "level": a.level, "code": a.code}
                            for a in areas.values()])
        by_room: dict[str, list[str]] = {}
        for r in regs:
            by_room.setdefault(r.address_id, []).append(r.registered_by or "")
        clusters: dict[str, dict[str, Any]] = {}
        for leaf in leaves:
            parent = parents.get(leaf.parent_id)
            if parent is None:
                continue
            c = clusters.setdefault(parent.id, {"grid": parent.grid_id, "housing": parent.housing_type,
                                                "registrars": set(), "persons": 0, "room_housing": {}})
            c["registrars"].update(by_room.get(leaf.id, []))
            c["persons"] += len(by_room.get(leaf.id, []))
            c["room_housing"][leaf.housing_type] = c["room_housing"].get(leaf.housing_type, 0) + 1
        units: list[FrameUnit] = []
        names: dict[str, str] = {}
        persons = 0
        for address_id, c in sorted(clusters.items()):
            grid = areas.get(c["grid"])
            if grid is None:
                continue
            if area_id is not None and area_id not in paths.get(grid.id, "").split("/") and area_id != grid.id:
                continue
            community = areas.get(grid.parent_id) if grid.parent_id else None
            housing = c["housing"]
            if housing in (None, "", "ordinary") and c["room_housing"]:
                housing = max(c["room_housing"].items(), key=lambda kv: kv[1])[0]
            housing = _housing(housing)
            community_id = community.id if community is not None else grid.id
            stratum = f"{community_id}|{housing}"
            names[stratum] = f"{community.name if community is not None else grid.name}|{housing}"
            registrars = set(c["registrars"]) | ({grid.officer} if grid.officer else set())
            units.append(FrameUnit(address_id, stratum, frozenset(registrars - {""}), int(c["persons"])))
            persons += int(c["persons"])
        return Frame(units=units, strata_names=names, persons=persons)

    @staticmethod
    def propose(frame: Frame, *, p: float = 0.95, margin: float = 0.02, design_effect: float = 1.5) -> dict[str, int]:
        """Proposed addresses per stratum (editable by the supervisor before drawing)."""
        total = propose_size(len(frame.units), frame.persons, p=p, margin=margin, design_effect=design_effect)
        return allocate(frame.population, total)

    def draw_sample(
        self, frame: Frame, sizes: Mapping[str, int], seed: int, verifiers: Sequence[str], *,
        name: str = "", area_id: str | None = None, design_extra: Mapping[str, Any] | None = None,
    ) -> tuple[str, SampleDraw]:
        """Draw and store the sample and its assignments (one transaction); return (sample id, draw)."""
        result = draw(frame.units, sizes, seed, [v.strip() for v in verifiers if v.strip()])
        sample_id = str(uuid.uuid4())
        design = result.design(**dict(design_extra or {}), verifiers=list(verifiers),
                               strata_names={k: frame.strata_names.get(k, k) for k in result.population})
        with self.store.write() as conn:
            write_record(conn, "verification_sample", sample_id, {
                "area_id": area_id, "name": name or f"核查样本 {utc_now()[:10]}", "seed": seed,
                "design": json.dumps(design, ensure_ascii=False), "created_by": self.user, "created_at": utc_now(),
            }, user=self.user, device_id=self.store.device_id)
            for address_id, stratum, verifier in result.assignments:
                write_record(conn, "verification_assignment", str(uuid.uuid4()), {
                    "sample_id": sample_id, "address_id": address_id, "stratum": stratum, "verifier": verifier,
                    "status": "assigned" if verifier else "unassigned",
                }, user=self.user, device_id=self.store.device_id)
        return sample_id, result

    def samples(self) -> list[dict[str, Any]]:
        """Every sample on this device, newest first (id, name, seed, design, created_by, created_at)."""
        with self.store.read() as conn:
            return [dict(r) for r in conn.execute(
                select(vs.c.id, vs.c.name, vs.c.seed, vs.c.design, vs.c.created_by, vs.c.created_at)
                .where(vs.c.deleted == 0).order_by(vs.c.created_at.desc())).mappings()]

    def assignments(self, sample_id: str) -> list[Assignment]:
        """The sample's assignments (every verifier's)."""
        return self._assignments(va.c.sample_id == sample_id)

    # -- police assistant ----------------------------------------------------------------------------

    def my_assignments(self) -> list[Assignment]:
        """The sampled addresses assigned to the signed-in user."""
        return self._assignments(va.c.verifier == self.user)

    def _assignments(self, cond: Any) -> list[Assignment]:
        with self.store.read() as conn:
            rows = conn.execute(
                select(va.c.id, va.c.sample_id, va.c.address_id, va.c.stratum, va.c.status, sa.c.full_text)
                .select_from(va.outerjoin(sa, sa.c.id == va.c.address_id))
                .where(cond, va.c.deleted == 0).order_by(sa.c.full_text)).all()
        return [Assignment(r.id, r.sample_id, r.address_id, r.full_text or r.address_id, r.stratum, r.status)
                for r in rows]

    def _assignment(self, conn: Connection, assignment_id: str) -> Any:
        row = conn.execute(select(va).where(va.c.id == assignment_id, va.c.deleted == 0)).first()
        if row is None:
            raise NotFound(assignment_id)
        return row

    def rooms(self, address_id: str) -> list[Room]:
        """The open rooms of a sampled address (what the verifier walks through)."""
        with self.store.read() as conn:
            rows = conn.execute(select(sa.c.id, sa.c.name, sa.c.full_text).where(
                sa.c.parent_id == address_id, sa.c.deleted == 0, sa.c.valid_to.is_(None)).order_by(sa.c.name)).all()
            units = {r.address_id: r.id for r in conn.execute(select(ru.c.id, ru.c.address_id).where(
                ru.c.address_id.in_([r.id for r in rows]), ru.c.deleted == 0))}
        return [Room(r.id, r.name, r.full_text, units.get(r.id)) for r in rows]

    def _path(self, conn: Connection, address_id: str) -> str:
        grid_id = conn.execute(select(sa.c.grid_id).where(sa.c.id == address_id)).scalar()
        areas = [dict(r) for r in conn.execute(select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code)
                                               .where(ar.c.deleted == 0)).mappings()]
        return area_paths(areas).get(str(grid_id), YINZHOU_DISTRICT_CODE)

    def record_capture(self, assignment_id: str, found: Sequence[Captured], let_rooms: Mapping[str, bool]) -> None:
        """Save what is really there, before any registration is seen: one ``person`` result per person
        found and one ``rental_unit`` result per room found let. The assignment becomes ``captured``."""
        now = utc_now()
        with self.store.write() as conn:
            a = self._assignment(conn, assignment_id)
            if a.status not in ("assigned", "unassigned"):
                raise AlreadyCaptured(assignment_id)
            common = {"sample_id": a.sample_id, "address_id": a.address_id, "area_path": self._path(conn, a.address_id),
                      "stratum": a.stratum, "verifier": self.user, "verified_at": now}
            units = {r.address_id: r.id for r in conn.execute(select(ru.c.id, ru.c.address_id).where(
                ru.c.address_id.in_(list(let_rooms)), ru.c.deleted == 0))}
            for p in found:
                write_record(conn, "verification_result", str(uuid.uuid4()), {
                    **common, "kind": "person", "found": 1, "registered": 0, "exempt": int(p.exempt),
                    "person_name": p.name.strip(), "person_id_number": p.id_number.strip().upper(),
                    "person_birth_date": p.birth_date or None, "field_checks": json.dumps({"room_id": p.room_id}),
                }, user=self.user, device_id=self.store.device_id)
            for room_id, is_let in let_rooms.items():
                if is_let:
                    write_record(conn, "verification_result", str(uuid.uuid4()), {
                        **common, "kind": "rental_unit", "found": 1, "registered": int(room_id in units),
                        "rental_unit_id": units.get(room_id), "field_checks": json.dumps({"room_id": room_id}),
                    }, user=self.user, device_id=self.store.device_id)
            write_record(conn, "verification_assignment", assignment_id, {"status": "captured"},
                         user=self.user, device_id=self.store.device_id)

    def reveal(self, assignment_id: str) -> Revealed:
        """The registrations at the address and the automatic matching (ID number, then name + birth date).

        Raises:
            NotCaptured: the blind capture has not been saved yet.
        """
        with self.store.read() as conn:
            a = self._assignment(conn, assignment_id)
            if a.status not in ("captured", "done"):
                raise NotCaptured(assignment_id)
            rooms = [r.id for r in conn.execute(select(sa.c.id).where(sa.c.parent_id == a.address_id))]
            regs = [dict(r) for r in conn.execute(
                select(reg.c.id, reg.c.resident_id, reg.c.address_id, reg.c.registered_by, res.c.name,
                       res.c.id_number, res.c.birth_date, res.c.phone, res.c.employer_name, sa.c.full_text)
                .select_from(reg.join(res, res.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
                .where(reg.c.address_id.in_([*rooms, a.address_id]), reg.c.deleted == 0,
                       reg.c.status == "living").order_by(sa.c.full_text, res.c.name)).mappings()]
            found = [dict(r) for r in conn.execute(select(vr).where(
                vr.c.sample_id == a.sample_id, vr.c.address_id == a.address_id, vr.c.kind == "person",
                vr.c.deleted == 0)).mappings()]
        people = [FoundPerson(str(f["id"]), f["person_name"], f["person_id_number"], f["person_birth_date"] or "",
                              bool(f["exempt"])) for f in found]
        match = match_found(people, regs)
        return Revealed(regs, found, match, {str(r["id"]): str(r["registered_by"]) for r in regs})

    def complete(self, assignment_id: str, checks: Mapping[str, Mapping[str, Mapping[str, Any]]],
                 pairs: Sequence[tuple[str, str, str]] | None = None) -> None:
        """Save the per-field marks and close the address.

        Args:
            checks: {registration id: {field: {"ok": bool, "true": corrected value}}} for every
                registration of a person found there (fields of :data:`CHECK_FIELDS`).
            pairs: (found result id, registration id, method) as confirmed by the verifier; None = the
                automatic matching.
        """
        revealed = self.reveal(assignment_id)
        pairs = list(revealed.match.pairs if pairs is None else pairs)
        matched_regs = {rid: (fid, how) for fid, rid, how in pairs}
        now = utc_now()
        with self.store.write() as conn:
            a = self._assignment(conn, assignment_id)
            common = {"sample_id": a.sample_id, "address_id": a.address_id, "area_path": self._path(conn, a.address_id),
                      "stratum": a.stratum, "verifier": self.user, "verified_at": now}
            existing = {r.registration_id: r.id for r in conn.execute(select(vr.c.id, vr.c.registration_id).where(
                vr.c.sample_id == a.sample_id, vr.c.address_id == a.address_id, vr.c.kind == "registration",
                vr.c.deleted == 0))}
            for f in revealed.found:
                hit = next(((rid, how) for fid, rid, how in pairs if fid == f["id"]), None)
                write_record(conn, "verification_result", str(f["id"]), {
                    "registered": int(hit is not None), "registration_id": hit[0] if hit else None,
                    "match_method": hit[1] if hit else "",
                }, user=self.user, device_id=self.store.device_id)
            for r in revealed.registrations:
                rid = str(r["id"])
                present = rid in matched_regs
                marks = dict(checks.get(rid, {}))
                if not present:
                    marks = {"living_here": {"ok": False, "true": "left"}}
                fields = {
                    **common, "kind": "registration", "registration_id": rid, "resident_id": r["resident_id"],
                    "found": int(present), "registered": 1,
                    "all_correct": int(present and all_correct(marks)),
                    "field_checks": json.dumps(marks, ensure_ascii=False),
                    "match_method": matched_regs[rid][1] if present else "",
                    "person_name": r["name"], "person_id_number": r["id_number"],
                }
                write_record(conn, "verification_result", existing.get(rid) or str(uuid.uuid4()), fields,
                             user=self.user, device_id=self.store.device_id)
            write_record(conn, "verification_assignment", assignment_id, {"status": "done"},
                         user=self.user, device_id=self.store.device_id)

    def omissions(self, sample_id: str | None = None) -> list[dict[str, Any]]:
        """People found living at sampled addresses without a registration there (漏登), for the officer."""
        cond = [vr.c.kind == "person", vr.c.registered == 0, vr.c.exempt == 0, vr.c.deleted == 0]
        if sample_id:
            cond.append(vr.c.sample_id == sample_id)
        with self.store.read() as conn:
            return [dict(r) for r in conn.execute(
                select(vr.c.id, vr.c.address_id, vr.c.person_name, vr.c.person_id_number, vr.c.person_birth_date,
                       vr.c.verifier, vr.c.verified_at, sa.c.full_text)
                .select_from(vr.outerjoin(sa, sa.c.id == vr.c.address_id)).where(*cond)).mappings()]


__all__ = ["CHECK_FIELDS", "Assignment", "Captured", "Frame", "NotCaptured", "Revealed", "Room",
           "VerificationService"]
