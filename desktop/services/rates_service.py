"""The three rates from this device's verification results (DESIGN §6).

Reads ``verification_result`` rows of one area and hands them to the pure
:func:`desktop.domain.survey.survey_rates`, the same function central uses. Runs on the DB thread;
must not touch Qt.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import literal, select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.rates import RateEstimate
from desktop.domain.rates_engine import AreaCounts, RatesReport, area_paths, compute_figures
from desktop.domain.survey import survey_rates
from desktop.services.stats_service import memo_by_data
from desktop.store import tables as t
from desktop.store.aggregates import refresh
from desktop.store.db import Store

_COLUMNS = ("kind", "found", "registered", "exempt", "all_correct", "address_id", "area_path", "stratum")


def local_rates(store: Store, area: str = YINZHOU_DISTRICT_CODE) -> dict[str, RateEstimate]:
    """Return the three rates over the live verification results of ``area``.

    Args:
        store: the local store.
        area: an area id or code that must be one '/'-segment of a result's ``area_path``.

    Returns:
        ``{rate name: RateEstimate}`` as :func:`survey_rates` gives it (``no_data`` without rows).
    """
    vr = t.verification_result
    # '/' + path + '/' LIKE '%/area/%': the area is a whole segment, never a substring of one
    segment = ("%/" + area.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%")
    query = select(*(vr.c[name] for name in _COLUMNS)).where(
        vr.c.deleted == 0,
        (literal("/") + vr.c.area_path + literal("/")).like(segment, escape="\\"),
    )
    with store.read() as conn:
        rows: list[dict[str, Any]] = [dict(r) for r in conn.execute(query).mappings()]
    return survey_rates(rows)


def engine_rows(store: Store) -> dict[str, Any]:
    """Read what the rates engine needs from the store (issue 5 §4): plain rows, as central reads them."""
    vr, vs, sa, reg, ar, vi = (t.verification_result, t.verification_sample, t.standard_address,
                               t.residence_registration, t.area, t.visit)
    with store.read() as conn:
        results = [dict(r) for r in conn.execute(select(vr).where(vr.c.deleted == 0)).mappings()]
        designs = {str(r.id): r.design for r in conn.execute(select(vs.c.id, vs.c.design).where(vs.c.deleted == 0))}
        areas = [dict(r) for r in conn.execute(
            select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code, ar.c.name).where(ar.c.deleted == 0)).mappings()]
        addresses = [dict(r) for r in conn.execute(
            select(sa.c.id, sa.c.grid_id).where(sa.c.deleted == 0, sa.c.is_leaf == 1, sa.c.valid_to.is_(None)))
            .mappings()]
        # visited = a visit record or someone registered as living there (the task list's 已登记; one definition)
        visited = [str(v) for (v,) in conn.execute(
            select(vi.c.address_id).where(vi.c.deleted == 0)
            .union(select(reg.c.address_id).where(reg.c.deleted == 0, reg.c.status == "living")))]
        regs = [dict(r) for r in conn.execute(
            select(reg.c.id, reg.c.address_id, reg.c.status, reg.c.registered_by).where(reg.c.deleted == 0))
            .mappings()]
    return {"results": results, "designs": designs, "areas": areas, "addresses": addresses,
            "visited": visited, "registrations": regs}


def local_figures(store: Store, area: str = YINZHOU_DISTRICT_CODE) -> RatesReport:
    """Every figure of issue 5 §4 for ``area`` and the areas below it, from this device's data.

    The register side is aggregated in SQL (per grid: open leaf addresses, those visited, live registrations at
    them); the result is what :func:`desktop.domain.rates_engine.figures_from_rows` makes of the same rows, which
    is how central computes it (a test compares the two). Memoised while the data do not change
    (:func:`desktop.services.stats_service.memo_by_data`, issue 8).
    """
    return memo_by_data(store, "local_figures", area, lambda: _compute_figures(store, area))


def _compute_figures(store: Store, area: str) -> RatesReport:
    vr, vs, reg, ar = t.verification_result, t.verification_sample, t.residence_registration, t.area
    with store.write() as conn:  # the per-grid counts are kept in step first (issue 8; DB thread)
        refresh(conn, date.today())
        cursor = conn.connection.cursor()  # plain rows: tens of thousands of results at district scale
        try:
            cursor.execute(str(select(vr).where(vr.c.deleted == 0).order_by(vr.c.id).compile(
                compile_kwargs={"literal_binds": True})))
            names = [d[0] for d in cursor.description]
            results = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()
        designs = {str(r.id): r.design for r in conn.execute(select(vs.c.id, vs.c.design).where(vs.c.deleted == 0))}
        areas = [dict(r) for r in conn.execute(
            select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code).where(ar.c.deleted == 0)).mappings()]
        # per grid: open leaf addresses, those visited (a visit record or someone registered as living there:
        # the task list's 已登记, one definition), live registrations at them (desktop.store.aggregates)
        per_grid: dict[str, list[int]] = {
            str(grid): [int(n), int(seen), int(living)] for grid, n, seen, living in conn.exec_driver_sql(
                "SELECT grid, leaves, visited, living FROM stats_figure")}
        wanted = sorted({str(r["registration_id"]) for r in results if r.get("registration_id")})
        officer_of: dict[str, str] = {}
        for start in range(0, len(wanted), 900):
            officer_of.update({str(i): str(o or "") for i, o in conn.execute(
                select(reg.c.id, reg.c.registered_by).where(reg.c.id.in_(wanted[start:start + 900])))})
    paths = area_paths(areas)
    counts = [AreaCounts(paths.get(g, g), *c) for g, c in sorted(per_grid.items())]
    return compute_figures(results, area=area, designs=designs, counts=counts, officer_of=officer_of)
