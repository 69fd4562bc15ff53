"""Residence permits (居住证): record, endorse, and show standing and eligibility (issue 4, item 7).

Endorsement dates are stored as ``residence_permit.endorsements`` JSON (a sorted list of ISO
dates); the permit's state (upcoming / in window / suspended) is computed from them by
:func:`desktop.domain.permit.permit_standing` and never stored, so it cannot go stale.

Eligibility conditions are read from the records (ZJ-REG Art. 16; HZ-REG Art. 16 for what they
mean): *work* = an employer name, social insurance, or reason 务工/经商; *housing* = a living
residence registration (the officer has seen the lawful dwelling); *study* = reason 就学. The
six months count from the declaration date of the person's current registration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.permit import (
    Eligibility,
    PermitInput,
    PermitStanding,
    PermitStatus,
    eligibility,
    permit_standing,
    validate_permit,
)
from desktop.domain.problems import Problem, has_errors
from desktop.errors import Invalid, NotFound
from desktop.services.registry import new_id
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record


def parse_endorsements(text: str) -> list[date]:
    """Read the endorsements JSON (ISO dates; ``{"date": …}`` objects tolerated); bad entries are dropped."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return []
    out: list[date] = []
    for item in raw if isinstance(raw, list) else []:
        value = item.get("date") if isinstance(item, dict) else item
        try:
            out.append(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return sorted(out)


@dataclass(frozen=True)
class PermitView:
    """A stored permit with its standing on the day asked."""

    id: str
    resident_id: str
    number: str
    issue_date: date
    endorsements: tuple[date, ...]
    status: PermitStatus
    standing: PermitStanding


@dataclass(frozen=True)
class PermitOverview:
    """Everything the permit dialog shows for one person."""

    resident_id: str
    name: str
    permits: tuple[PermitView, ...]
    eligibility: Eligibility


class PermitService:
    """Permit use cases for one signed-in user (DB thread; no Qt)."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    def overview(self, resident_id: str, today: date | None = None) -> PermitOverview:
        """Return the person's permits (newest first) and their eligibility today.

        Raises:
            NotFound: no such resident.
        """
        today = today or date.today()
        res, reg, rp = t.resident, t.residence_registration, t.residence_permit
        with self.store.read() as conn:
            person = conn.execute(select(res).where(res.c.id == resident_id, res.c.deleted == 0)).first()
            if person is None:
                raise NotFound(resident_id)
            declared = conn.execute(
                select(reg.c.declared_date, reg.c.registered_date)
                .where(reg.c.resident_id == resident_id, reg.c.status == "living", reg.c.deleted == 0)
                .order_by(reg.c.registered_date.desc()).limit(1)
            ).first()
            rows = conn.execute(select(rp).where(rp.c.resident_id == resident_id, rp.c.deleted == 0)
                                .order_by(rp.c.issue_date.desc())).all()
        permits = tuple(self._view(r, today) for r in rows)
        declared_on = None
        if declared is not None:
            text = declared.declared_date or declared.registered_date
            declared_on = date.fromisoformat(text) if text else None
        elig = eligibility(
            declared_on, today,
            work=bool(person.employer_name) or bool(person.social_insurance) or person.reason in ("work", "business"),
            housing=declared is not None,
            study=person.reason == "study",
        )
        return PermitOverview(resident_id, person.name, permits, elig)

    @staticmethod
    def _view(row: Any, today: date) -> PermitView:
        endorsements = parse_endorsements(row.endorsements)
        issue = date.fromisoformat(row.issue_date)
        known = {s.value for s in PermitStatus}
        status = PermitStatus(row.status) if row.status in known else PermitStatus.VALID
        standing = permit_standing(issue, endorsements, today, terminated=status is PermitStatus.TERMINATED)
        return PermitView(row.id, row.resident_id, row.number, issue, tuple(endorsements), status, standing)

    def save(self, resident_id: str, inp: PermitInput, permit_id: str | None = None,
             *, today: date | None = None) -> tuple[str, tuple[Problem, ...]]:
        """Validate and save a permit; return (permit id, warnings).

        Raises:
            Invalid: errors (nothing written).  NotFound: no such resident.
        """
        values, problems = validate_permit(inp, today=today or date.today())
        if has_errors(problems):
            raise Invalid(problems)
        fields = {**values, "resident_id": resident_id,
                  "endorsements": json.dumps(values["endorsements"])}
        pid = permit_id or new_id()
        with self.store.write() as conn:
            if conn.execute(select(t.resident.c.id).where(t.resident.c.id == resident_id)).first() is None:
                raise NotFound(resident_id)
            old = conn.execute(select(t.residence_permit).where(t.residence_permit.c.id == pid)).mappings().first()
            if old is not None:
                fields = {k: v for k, v in fields.items() if old.get(k) != v}
            if fields or old is None:
                write_record(conn, "residence_permit", pid, fields, user=self.user, device_id=self.store.device_id)
        return pid, problems

    def endorse(self, permit_id: str, day: date, *, today: date | None = None) -> tuple[Problem, ...]:
        """Add an endorsement dated ``day`` to a permit; return the warnings.

        Raises:
            Invalid: the date is not after the issue date.  NotFound: no such permit.
        """
        rp = t.residence_permit
        with self.store.read() as conn:
            row = conn.execute(select(rp).where(rp.c.id == permit_id, rp.c.deleted == 0)).first()
        if row is None:
            raise NotFound(permit_id)
        inp = PermitInput(row.number, date.fromisoformat(row.issue_date),
                          [*parse_endorsements(row.endorsements), day], PermitStatus(row.status or "valid"))
        _, problems = self.save(row.resident_id, inp, permit_id, today=today)
        return problems
