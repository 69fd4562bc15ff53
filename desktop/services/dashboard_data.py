"""What the dashboard shows (issue 5 §6, §8): central's district figures when online, this device's when
offline (and which), the statistics, and the records behind a figure for roles that may see them.
DB/network thread; no Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.population_stats import province_of
from desktop.domain.rates_engine import RatesReport
from desktop.errors import AppError
from desktop.services.rates_service import local_figures
from desktop.services.stats_service import local_stats
from desktop.store import tables as t
from desktop.store.db import Store

logger = logging.getLogger(__name__)

CENTRAL = "central"
LOCAL = "local"
#: Roles that may open the records behind a figure (names and ID numbers of residents).
RECORD_ROLES = frozenset({"supervisor"})


class RatesSource(Protocol):
    """Anything with central's ``rates(area)`` (``desktop.sync.client.SyncClient``)."""

    def rates(self, area: str) -> Any: ...


class NotAllowed(AppError):
    """This role may not see the records behind the figures."""

    code = "dashboard.not_allowed"


@dataclass(frozen=True)
class DashboardData:
    """Figures (with their source: ``central`` / ``local``), statistics and area names."""

    source: str
    report: RatesReport
    stats: dict[str, Any]
    names: dict[str, str]
    area: str
    error: str = ""


def area_names(store: Store) -> dict[str, str]:
    """{area id and code: name} for labels."""
    ar = t.area
    with store.read() as conn:
        rows = conn.execute(select(ar.c.id, ar.c.code, ar.c.name).where(ar.c.deleted == 0)).all()
    out: dict[str, str] = {}
    for r in rows:
        out[r.id] = r.name
        if r.code:
            out[r.code] = r.name
    return out


def load_dashboard(store: Store, area: str = YINZHOU_DISTRICT_CODE,
                   central: Callable[[], RatesSource] | None = None) -> DashboardData:
    """Central's figures for ``area`` when it answers, else this device's (``source`` says which)."""
    report: RatesReport | None = None
    source, error = LOCAL, ""
    if central is not None:
        try:
            answer = central().rates(area)
            if getattr(answer, "figures", None):
                report = RatesReport.from_dict(answer.figures)
                source = CENTRAL
        except AppError as exc:  # offline, signed out, server error: show our own figures
            error = exc.code
            logger.info("central figures unavailable (%s): showing local figures", exc.code)
    if report is None:
        report = local_figures(store, area)
    stats = local_stats(store)
    return DashboardData(source=source, report=report,
                         stats={k: v.to_dict() for k, v in stats.areas.items()} | {
                             "_inverted": stats.inverted,
                             "_clusters": [c.__dict__ for c in stats.clusters]},
                         names=area_names(store), area=area, error=error)


def records_behind(store: Store, kind: str, key: str, role: str, limit: int = 500) -> list[dict[str, Any]]:
    """The records behind a figure: ``kind`` "rate" (key: rate name), "officer" (key: registering
    officer) or "province" (key: province name). Raises NotAllowed for roles outside :data:`RECORD_ROLES`."""
    if role not in RECORD_ROLES:
        raise NotAllowed(role)
    vr, sa, reg, res = t.verification_result, t.standard_address, t.residence_registration, t.resident
    with store.read() as conn:
        if kind == "rate":
            wanted = {"registration_rate": "person", "accuracy_rate": "registration",
                      "rental_registration_rate": "rental_unit"}.get(key, key)
            rows = conn.execute(
                select(sa.c.full_text, vr.c.kind, vr.c.person_name, vr.c.found, vr.c.registered, vr.c.all_correct,
                       vr.c.verifier, vr.c.verified_at)
                .select_from(vr.outerjoin(sa, sa.c.id == vr.c.address_id))
                .where(vr.c.deleted == 0, vr.c.kind == wanted).limit(limit)).mappings().all()
        elif kind == "officer":
            rows = conn.execute(
                select(sa.c.full_text, vr.c.person_name, vr.c.found, vr.c.all_correct, vr.c.field_checks,
                       reg.c.registered_by, vr.c.verifier)
                .select_from(vr.join(reg, reg.c.id == vr.c.registration_id)
                             .outerjoin(sa, sa.c.id == vr.c.address_id))
                .where(vr.c.deleted == 0, vr.c.kind == "registration", reg.c.registered_by == key)
                .limit(limit)).mappings().all()
        elif kind == "province":
            candidates = conn.execute(
                select(res.c.name, res.c.id_number, res.c.hukou_code, res.c.hukou_address, sa.c.full_text)
                .select_from(reg.join(res, res.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
                .where(reg.c.deleted == 0, reg.c.status == "living")).mappings().all()
            rows = [r for r in candidates if (province_of(r["hukou_code"]) or "未知") == key][:limit]
        else:
            rows = []
    return [dict(r) for r in rows]
