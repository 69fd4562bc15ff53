"""Retention (issue 7 item 7): people who moved out long ago lose their personal fields.

A resident is *due for archiving* when none of their registrations is current (``living``) and the
latest ``moved_out_date`` is more than the retention period ago (default
:data:`DEFAULT_RETENTION_YEARS` years, set by a supervisor; docs/security.md says why). Archiving is
a supervisor's action: each resident gets one synced mutation that empties the personal fields and
sets ``archived_at``; their registrations lose the free-text move-out reason, their permits the
number, verification results the copied name and ID number. What the statistics and the rates need
stays: sex, birth *year* (the date becomes 1 January), ethnicity, hukou division code, education,
marital and political status, occupation, social insurance, dates, reason, address and status
(``desktop/domain/population_stats.py`` and ``desktop/services/stats_service.py`` read no other
personal field, and only living registrations). The archive and its count go to the audit log in
the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select

from desktop.domain.masking import mask_id_number
from desktop.services import audit
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import utc_now, write_record

DEFAULT_RETENTION_YEARS: Final = 2
#: Resident fields emptied by an archive (the rest is what statistics need).
CLEARED_RESIDENT_FIELDS: Final = ("id_number", "name", "name_initials", "hukou_address", "phone",
                                  "employer_name", "employer_uscc", "note")

_DUE = """
SELECT res.id, res.id_number, max(reg.moved_out_date) AS left_on, count(*) AS registrations
FROM resident res JOIN residence_registration reg ON reg.resident_id = res.id AND reg.deleted = 0
WHERE res.deleted = 0 AND res.archived_at = ''
GROUP BY res.id
HAVING sum(reg.status = 'living') = 0 AND max(reg.moved_out_date) IS NOT NULL AND max(reg.moved_out_date) < ?
ORDER BY left_on, res.id
LIMIT ?
"""


@dataclass(frozen=True)
class DueForArchive:
    """One resident due for archiving (the ID number is masked: this is a list)."""

    resident_id: str
    id_number_masked: str
    moved_out_date: str
    registrations: int


def cutoff(today: date, years: int) -> str:
    """The ISO date ``years`` before ``today`` (29 February → 28 February); moved out before it = due."""
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:
        return today.replace(year=today.year - years, day=28).isoformat()


def due_for_archive(store: Store, *, years: int = DEFAULT_RETENTION_YEARS, today: date | None = None,
                    limit: int = 1000) -> list[DueForArchive]:
    """Return up to ``limit`` residents due for archiving, longest gone first."""
    before = cutoff(today or date.today(), years)
    with store.read() as conn:
        rows = conn.exec_driver_sql(_DUE, (before, limit)).all()
    return [DueForArchive(str(r[0]), mask_id_number(r[1]), str(r[2]), int(r[3])) for r in rows]


def archive_residents(store: Store, user: str, resident_ids: Sequence[str], *,
                      years: int = DEFAULT_RETENTION_YEARS, today: date | None = None) -> int:
    """Archive the given residents that are still due (others are skipped); return how many.

    One transaction: the mutations of every archived record and one ``archive`` audit event.
    """
    if not resident_ids:
        return 0
    before = cutoff(today or date.today(), years)
    res, reg = t.resident, t.residence_registration
    permit, result = t.residence_permit, t.verification_result
    now = utc_now()
    done = 0
    with store.write() as conn:
        due = {str(r[0]) for r in conn.exec_driver_sql(_DUE, (before, 1_000_000_000)).all()}
        for rid in resident_ids:
            if rid not in due:
                continue
            birth = conn.execute(select(res.c.birth_date).where(res.c.id == rid)).scalar()
            fields: dict[str, object] = dict.fromkeys(CLEARED_RESIDENT_FIELDS, "")
            fields["archived_at"] = now
            if birth:
                fields["birth_date"] = f"{str(birth)[:4]}-01-01"
            write_record(conn, "resident", rid, fields, user=user, device_id=store.device_id)
            for (reg_id,) in conn.execute(select(reg.c.id).where(reg.c.resident_id == rid,
                                                                 reg.c.moved_out_reason != "")):
                write_record(conn, "residence_registration", str(reg_id), {"moved_out_reason": ""},
                             user=user, device_id=store.device_id)
            for (permit_id,) in conn.execute(select(permit.c.id).where(permit.c.resident_id == rid,
                                                                       permit.c.number != "")):
                write_record(conn, "residence_permit", str(permit_id), {"number": ""},
                             user=user, device_id=store.device_id)
            for (result_id,) in conn.execute(select(result.c.id).where(result.c.resident_id == rid)):
                write_record(conn, "verification_result", str(result_id),
                             {"person_name": "", "person_id_number": ""}, user=user, device_id=store.device_id)
            done += 1
        if done:
            audit.record(conn, user=user, device_id=store.device_id, action="archive", entity="resident",
                         count=done, detail=f"moved out before {before}")
    return done
