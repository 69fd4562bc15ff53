"""Reminders: what falls due in the officer's grid (issue 4, item 7).

Kinds, each with the day it is due and the days left (negative: overdue):

- ``permit_due``: a permit's next anniversary falls within the horizon (default 30 days,
  configurable) and it has not been endorsed for it (window upcoming or open);
- ``permit_suspended``: the anniversary passed without an endorsement (use suspended);
- ``lease_ending``: a let rental unit's lease ends within the horizon, or has ended while the
  unit is still recorded as let;
- ``revisit_due``: the latest visit of an address asked for a revisit by a day within the horizon
  (a later visit clears it);
- ``registration_overdue``: a living registration was declared (申报) more than ``overdue_days``
  (default 10, ZJ-REG Art. 13's window for registering a change) ago and has no registered date
  yet. Zhejiang sets no day count for a first declaration (domain.md §1.1), so the rule is ours
  (docs/decisions.md) and the number is a setting.

Every reminder carries its address and grid, so the list filters by grid. The rows of
:func:`export_rows` are what the Excel export writes; :func:`write_xlsx` writes them with openpyxl.
Runs on the DB thread; the permit reminders compute each permit's standing in Python (one pass
over the permits, or only a grid's when filtered).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, select, true

from desktop.domain.permit import PermitState, permit_standing
from desktop.services.permits import parse_endorsements
from desktop.store import tables as t
from desktop.store.db import Store

if TYPE_CHECKING:
    from desktop.services.export_files import ExportAudit

DEFAULT_HORIZON_DAYS = 30
DEFAULT_OVERDUE_DAYS = 10


class ReminderKind(StrEnum):
    """What a reminder is about."""

    PERMIT_DUE = "permit_due"
    PERMIT_SUSPENDED = "permit_suspended"
    LEASE_ENDING = "lease_ending"
    REVISIT_DUE = "revisit_due"
    REGISTRATION_OVERDUE = "registration_overdue"


@dataclass(frozen=True)
class Reminder:
    """One thing to do, where, and by when."""

    kind: ReminderKind
    due: date
    days: int  # due − today; negative once overdue
    grid_id: str
    grid_name: str
    address_id: str
    address_text: str
    subject: str  # a person's name, or the landlord's
    subject_id: str  # resident, rental unit, visit or registration id
    detail: str = ""  # permit number, lease end, visit note …


@dataclass(frozen=True)
class Grid:
    """A grid for the filter."""

    id: str
    name: str


class ReminderService:
    """Read-only reminder lists (DB thread; no Qt)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def export_xlsx(self, path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
                    sheet_title: str = "Reminders", user: str | None = None) -> Path:
        """Write the reminders shown (``rows`` under ``headers``) to ``path`` as :func:`write_xlsx` does,
        with an ``export`` audit event (entity ``reminders``; ``user`` None: whoever acts on this device)
        committed before the file is handed over (issue 7 item 4: exports are logged)."""
        from desktop.services.export_files import ExportAudit

        event = ExportAudit.of(self.store, user, "reminders", f"xlsx, {len(rows)} rows")
        return write_xlsx(path, headers, rows, sheet_title=sheet_title, audit_event=event)

    def grids(self) -> list[Grid]:
        """Return the live grids, by name."""
        a = t.area
        with self.store.read() as conn:
            rows = conn.execute(select(a.c.id, a.c.name).where(a.c.level == "grid", a.c.deleted == 0)
                                .order_by(a.c.name)).all()
        return [Grid(r.id, r.name) for r in rows]

    def reminders(self, today: date | None = None, *, horizon_days: int = DEFAULT_HORIZON_DAYS,
                  overdue_days: int = DEFAULT_OVERDUE_DAYS, grid_id: str | None = None,
                  kinds: Iterable[ReminderKind] | None = None) -> list[Reminder]:
        """Return the reminders due by ``today + horizon_days`` (overdue ones too), most urgent first."""
        today = today or date.today()
        horizon = today + timedelta(days=max(0, horizon_days))
        wanted = set(kinds) if kinds is not None else set(ReminderKind)
        out: list[Reminder] = []
        with self.store.read() as conn:
            grid_names = {r.id: r.name for r in conn.execute(
                select(t.area.c.id, t.area.c.name).where(t.area.c.level == "grid"))}
            if wanted & {ReminderKind.PERMIT_DUE, ReminderKind.PERMIT_SUSPENDED}:
                out += self._permits(conn, today, horizon, grid_id, wanted)
            if ReminderKind.LEASE_ENDING in wanted:
                out += self._leases(conn, today, horizon, grid_id)
            if ReminderKind.REVISIT_DUE in wanted:
                out += self._revisits(conn, today, horizon, grid_id)
            if ReminderKind.REGISTRATION_OVERDUE in wanted:
                out += self._overdue(conn, today, overdue_days, grid_id)
        out = [r if r.grid_name else _with_grid(r, grid_names.get(r.grid_id, "")) for r in out]
        out.sort(key=lambda r: (r.days, r.kind.value, r.address_text, r.subject))
        return out

    @staticmethod
    def _grid_cond(grid_id: str | None) -> Any:
        return t.standard_address.c.grid_id == grid_id if grid_id else true()

    def _permits(self, conn: Any, today: date, horizon: date, grid_id: str | None,
                 wanted: set[ReminderKind]) -> list[Reminder]:
        rp, res, reg, sa = t.residence_permit, t.resident, t.residence_registration, t.standard_address
        stmt = (
            select(rp.c.id, rp.c.number, rp.c.issue_date, rp.c.endorsements, res.c.id.label("rid"), res.c.name,
                   sa.c.id.label("aid"), sa.c.full_text, sa.c.grid_id)
            .join(res, res.c.id == rp.c.resident_id)
            .join(reg, and_(reg.c.resident_id == res.c.id, reg.c.status == "living", reg.c.deleted == 0),
                  isouter=grid_id is None)
            .join(sa, sa.c.id == reg.c.address_id, isouter=grid_id is None)
            .where(rp.c.deleted == 0, rp.c.status != "terminated", res.c.deleted == 0, self._grid_cond(grid_id))
        )
        seen: set[str] = set()
        out: list[Reminder] = []
        for r in conn.execute(stmt):
            if r.id in seen:
                continue
            seen.add(r.id)
            try:
                issue = date.fromisoformat(r.issue_date)
            except (TypeError, ValueError):
                continue
            standing = permit_standing(issue, parse_endorsements(r.endorsements), today)
            if standing.state is PermitState.SUSPENDED:
                kind = ReminderKind.PERMIT_SUSPENDED
            elif standing.due <= horizon:
                kind = ReminderKind.PERMIT_DUE
            else:
                continue
            if kind not in wanted:
                continue
            out.append(Reminder(kind, standing.due, (standing.due - today).days, r.grid_id or "", "",
                                r.aid or "", r.full_text or "", r.name, r.rid, r.number))
        return out

    def _leases(self, conn: Any, today: date, horizon: date, grid_id: str | None) -> list[Reminder]:
        ru, sa = t.rental_unit, t.standard_address
        rows = conn.execute(
            select(ru.c.id, ru.c.lease_end, ru.c.landlord_name, sa.c.id.label("aid"), sa.c.full_text, sa.c.grid_id)
            .join(sa, sa.c.id == ru.c.address_id)
            .where(ru.c.deleted == 0, ru.c.status == "let", ru.c.lease_end.is_not(None), ru.c.lease_end != "",
                   ru.c.lease_end <= horizon.isoformat(), self._grid_cond(grid_id))
        ).all()
        out = []
        for r in rows:
            end = date.fromisoformat(r.lease_end)
            out.append(Reminder(ReminderKind.LEASE_ENDING, end, (end - today).days, r.grid_id, "", r.aid,
                                r.full_text, r.landlord_name, r.id, r.lease_end))
        return out

    def _revisits(self, conn: Any, today: date, horizon: date, grid_id: str | None) -> list[Reminder]:
        v, sa = t.visit, t.standard_address
        later = t.visit.alias("later")
        rows = conn.execute(
            select(v.c.id, v.c.revisit_due, v.c.note, v.c.officer, sa.c.id.label("aid"), sa.c.full_text,
                   sa.c.grid_id)
            .join(sa, sa.c.id == v.c.address_id)
            .where(v.c.deleted == 0, v.c.revisit_due.is_not(None), v.c.revisit_due != "",
                   v.c.revisit_due <= horizon.isoformat(), self._grid_cond(grid_id),
                   ~exists().where(later.c.address_id == v.c.address_id, later.c.deleted == 0,
                                   later.c.visited_at > v.c.visited_at))
        ).all()
        out = []
        for r in rows:
            due = date.fromisoformat(r.revisit_due)
            out.append(Reminder(ReminderKind.REVISIT_DUE, due, (due - today).days, r.grid_id, "", r.aid,
                                r.full_text, r.officer, r.id, r.note))
        return out

    def _overdue(self, conn: Any, today: date, overdue_days: int, grid_id: str | None) -> list[Reminder]:
        reg, res, sa = t.residence_registration, t.resident, t.standard_address
        limit = today - timedelta(days=max(0, overdue_days))
        rows = conn.execute(
            select(reg.c.id, reg.c.declared_date, res.c.name, sa.c.id.label("aid"), sa.c.full_text, sa.c.grid_id)
            .join(res, res.c.id == reg.c.resident_id)
            .join(sa, sa.c.id == reg.c.address_id)
            .where(reg.c.deleted == 0, reg.c.status == "living", reg.c.registered_date == "",
                   reg.c.declared_date.is_not(None), reg.c.declared_date <= limit.isoformat(),
                   self._grid_cond(grid_id))
        ).all()
        out = []
        for r in rows:
            due = date.fromisoformat(r.declared_date) + timedelta(days=overdue_days)
            out.append(Reminder(ReminderKind.REGISTRATION_OVERDUE, due, (due - today).days, r.grid_id, "",
                                r.aid, r.full_text, r.name, r.id, r.declared_date))
        return out


def _with_grid(r: Reminder, name: str) -> Reminder:
    return Reminder(r.kind, r.due, r.days, r.grid_id, name, r.address_id, r.address_text, r.subject,
                    r.subject_id, r.detail)


#: Column keys of :func:`export_rows`, in order.
EXPORT_COLUMNS: tuple[str, ...] = ("kind", "due", "days", "grid", "address", "subject", "detail")


def export_rows(reminders: Sequence[Reminder]) -> list[dict[str, object]]:
    """Return one plain dict per reminder (keys :data:`EXPORT_COLUMNS`) for spreadsheet writers."""
    return [{"kind": r.kind.value, "due": r.due.isoformat(), "days": r.days, "grid": r.grid_name,
             "address": r.address_text, "subject": r.subject, "detail": r.detail} for r in reminders]


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
               sheet_title: str = "Reminders", audit_event: ExportAudit | None = None) -> Path:
    """Write a one-sheet workbook (header row, then ``rows``) to ``path``; return the path.

    Text cells are written as text (ID numbers and dates never become numbers); the header row is
    frozen and bold. Written beside ``path`` and renamed into place: no temporary file in the system
    temp folder; ``audit_event`` (when given) is committed before the file is handed over
    (:mod:`desktop.services.export_files`).
    """
    from desktop.services.export_files import export_to, put, xlsx_workbook

    with export_to(path, audit_event) as staged:
        staged.count = len(rows)
        wb = xlsx_workbook(staged.path, staged.folder)
        bold, text_fmt = wb.add_format({"bold": True}), wb.add_format({"num_format": "@"})
        ws = wb.add_worksheet(sheet_title[:31])
        widths = [len(str(h)) for h in headers]
        for c, h in enumerate(headers):
            put(ws, 0, c, h, bold)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if isinstance(v, int | float) and not isinstance(v, bool):
                    ws.write_number(r, c, v)
                elif v is not None and str(v) != "":
                    ws.write_string(r, c, str(v), text_fmt)
                if c < len(widths):
                    widths[c] = max(widths[c], len(str(v if v is not None else "")))
                else:
                    widths.append(len(str(v if v is not None else "")))
        ws.freeze_panes(1, 0)
        for c, width in enumerate(widths):
            ws.set_column(c, c, min(60, max(8, width * 2)))
        wb.close()
    return path
