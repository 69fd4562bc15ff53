"""出租房屋核验: the police assistant's round over every rental unit of an area (issue 5 §3). DB thread; no Qt.

A check (``rental_check``) confirms landlord, tenants and lease against what is there, the 治安责任书 and the
safety items, and ends 已核验 (``verified``), 需整改 (``needs_fix``) or 有隐患 (``hazard``). The last two
are ``open``: they show on the grid officer's list (:meth:`RentalRoundService.open_fixes`, and as a
需复访 ``visit`` at the room, which the survey task list already shows as revisit due) with the reason and
items; the officer marks them ``fixed`` (:meth:`mark_fixed`) and they come back to the verifier's round
(:meth:`round`, state ``recheck``) until a new check closes them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.rates_engine import area_paths
from desktop.domain.verification import RENTAL_OUTCOMES, rental_reopens
from desktop.errors import Invalid, NotFound
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import utc_now, write_record

rc, ru, sa, ar = t.rental_check, t.rental_unit, t.standard_address, t.area


@dataclass(frozen=True)
class RoundRow:
    """One rental unit of the round and where it stands.

    ``state``: ``todo`` (never checked), ``verified``, ``needs_fix`` / ``hazard`` (open, with the grid
    officer), ``recheck`` (fixed by the officer, waiting for the verifier).
    """

    rental_unit_id: str
    address_id: str
    full_text: str
    grid_id: str
    landlord_name: str
    state: str
    last_check_id: str | None
    reason: str
    items: list[str]


@dataclass(frozen=True)
class Progress:
    """Round progress of one grid or community: units, checked (any outcome), verified, open, recheck."""

    area_id: str
    name: str
    units: int
    checked: int
    verified: int
    open: int
    recheck: int

    @property
    def share(self) -> float | None:
        """checked / units, None without units."""
        return self.checked / self.units if self.units else None


class RentalRoundService:
    """The rental verification round for the signed-in ``user``."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    def round(self, area_id: str | None = None) -> list[RoundRow]:
        """Every live rental unit (below ``area_id``: a town code, community or grid id) with its state."""
        with self.store.read() as conn:
            areas = [dict(r) for r in conn.execute(select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code)
                                                   .where(ar.c.deleted == 0)).mappings()]
            units = conn.execute(
                select(ru.c.id, ru.c.address_id, ru.c.landlord_name, sa.c.full_text, sa.c.grid_id)
                .select_from(ru.join(sa, sa.c.id == ru.c.address_id))
                .where(ru.c.deleted == 0, ru.c.status != "cancelled").order_by(sa.c.full_text)).all()
            checks = conn.execute(select(rc).where(rc.c.deleted == 0).order_by(rc.c.checked_at)).all()
        paths = area_paths(areas)
        latest: dict[str, Any] = {}
        for check in checks:
            latest[check.rental_unit_id or check.address_id] = check._mapping
        out = []
        for u in units:
            if area_id is not None and area_id not in paths.get(u.grid_id, "").split("/"):
                continue
            c = latest.get(u.id)
            if c is None:
                state = "todo"
            elif c["status"] == "fixed":
                state = "recheck"
            elif c["status"] == "open":
                state = c["outcome"]
            else:
                state = "verified"
            out.append(RoundRow(u.id, u.address_id, u.full_text, u.grid_id, u.landlord_name, state,
                                c["id"] if c is not None else None, c["reason"] if c is not None else "",
                                json.loads(c["items"] or "[]") if c is not None else []))
        return out

    def record_check(
        self, rental_unit_id: str, outcome: str, *, landlord_ok: bool, tenants_ok: bool, lease_ok: bool,
        pledge_ok: bool, safety: Mapping[str, bool], items: Sequence[str] = (), reason: str = "",
        today: date | None = None,
    ) -> str:
        """Record one check; 需整改/有隐患 open a fix for the grid officer (and a 需复访 visit at the room).

        Raises:
            Invalid: unknown outcome, or 需整改/有隐患 without a reason or an item.  NotFound: unknown unit.
        """
        if outcome not in RENTAL_OUTCOMES:
            raise Invalid((), f"unknown outcome {outcome!r}")
        if rental_reopens(outcome) and not (reason.strip() or items):
            raise Invalid((), "needs_fix/hazard need a reason or items to fix")
        check_id = str(uuid.uuid4())
        now = utc_now()
        with self.store.write() as conn:
            unit = conn.execute(select(ru.c.address_id, sa.c.grid_id, sa.c.full_text)
                                .select_from(ru.join(sa, sa.c.id == ru.c.address_id))
                                .where(ru.c.id == rental_unit_id)).first()
            if unit is None:
                raise NotFound(rental_unit_id)
            areas = [dict(r) for r in conn.execute(select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code)
                                                   .where(ar.c.deleted == 0)).mappings()]
            # a new check closes every earlier open or fixed one of the same unit
            for (old,) in conn.execute(select(rc.c.id).where(rc.c.rental_unit_id == rental_unit_id,
                                                             rc.c.status != "closed", rc.c.deleted == 0)):
                write_record(conn, "rental_check", old, {"status": "closed"}, user=self.user,
                             device_id=self.store.device_id)
            write_record(conn, "rental_check", check_id, {
                "rental_unit_id": rental_unit_id, "address_id": unit.address_id, "grid_id": unit.grid_id,
                "area_path": area_paths(areas).get(unit.grid_id, ""), "checker": self.user, "checked_at": now,
                "landlord_ok": int(landlord_ok), "tenants_ok": int(tenants_ok), "lease_ok": int(lease_ok),
                "pledge_ok": int(pledge_ok), "safety": json.dumps(dict(safety)), "outcome": outcome,
                "items": json.dumps(list(items), ensure_ascii=False), "reason": reason.strip(),
                "status": "open" if rental_reopens(outcome) else "closed",
            }, user=self.user, device_id=self.store.device_id)
            if rental_reopens(outcome):
                # the hook into the grid officer's task list: a 需复访 visit, due today, with the reason
                label = "有隐患" if outcome == "hazard" else "需整改"
                write_record(conn, "visit", str(uuid.uuid4()), {
                    "address_id": unit.address_id, "officer": self.user, "visited_at": now, "outcome": "revisit",
                    "revisit_due": (today or date.today()).isoformat(),
                    "note": f"出租房屋核验{label}: {reason.strip()} {'、'.join(items)}".strip(),
                }, user=self.user, device_id=self.store.device_id)
        return check_id

    def open_fixes(self, grid_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """需整改/有隐患 checks waiting for the grid officer (optionally of some grids), oldest first.

        Each row: id, rental_unit_id, address_id, full_text, grid_id, outcome, reason, items (list), checker,
        checked_at. This is the query the grid officer's task list calls.
        """
        cond = [rc.c.status == "open", rc.c.deleted == 0]
        if grid_ids is not None:
            cond.append(rc.c.grid_id.in_(list(grid_ids)))
        with self.store.read() as conn:
            rows = conn.execute(
                select(rc.c.id, rc.c.rental_unit_id, rc.c.address_id, sa.c.full_text, rc.c.grid_id, rc.c.outcome,
                       rc.c.reason, rc.c["items"], rc.c.checker, rc.c.checked_at)
                .select_from(rc.outerjoin(sa, sa.c.id == rc.c.address_id)).where(*cond)
                .order_by(rc.c.checked_at)).mappings().all()
        return [{**dict(r), "items": json.loads(r["items"] or "[]")} for r in rows]

    def mark_fixed(self, check_id: str, note: str = "") -> None:
        """The grid officer reports a 需整改/有隐患 check fixed: it goes back to the verifier (``recheck``)."""
        with self.store.write() as conn:
            row = conn.execute(select(rc.c.status).where(rc.c.id == check_id, rc.c.deleted == 0)).first()
            if row is None:
                raise NotFound(check_id)
            if row.status != "open":
                raise Invalid((), "only an open check can be marked fixed")
            write_record(conn, "rental_check", check_id, {"status": "fixed", "fixed_by": self.user,
                                                          "fixed_at": utc_now(), "fix_note": note.strip()},
                         user=self.user, device_id=self.store.device_id)

    def progress(self, level: str = "grid", area_id: str | None = None) -> list[Progress]:
        """Round progress by grid (``level="grid"``) or community, below ``area_id``."""
        rows = self.round(area_id)
        with self.store.read() as conn:
            areas = {r.id: r for r in conn.execute(select(ar.c.id, ar.c.parent_id, ar.c.name)
                                                   .where(ar.c.deleted == 0))}
        acc: dict[str, list[int]] = {}
        for r in rows:
            key = r.grid_id
            if level == "community":
                grid = areas.get(r.grid_id)
                key = grid.parent_id if grid is not None and grid.parent_id else r.grid_id
            c = acc.setdefault(key, [0, 0, 0, 0, 0])
            c[0] += 1
            c[1] += r.state != "todo"
            c[2] += r.state == "verified"
            c[3] += r.state in ("needs_fix", "hazard")
            c[4] += r.state == "recheck"
        return [Progress(k, areas[k].name if k in areas else k, *v) for k, v in sorted(
            acc.items(), key=lambda kv: areas[kv[0]].name if kv[0] in areas else kv[0])]
