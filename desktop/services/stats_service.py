"""Population statistics of this device's data (work points 十九, 十): feeds the pure
:func:`desktop.domain.population_stats.population_stats`. DB thread; no Qt."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.population_stats import StatsReport, population_stats
from desktop.domain.rates_engine import area_paths
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record


def local_stats(store: Store, *, today: date | None = None, cluster_min: int = 10) -> StatsReport:
    """Statistics of every person with a living registration, by every area of the store."""
    reg, res, sa, ar, rp = (t.residence_registration, t.resident, t.standard_address, t.area,
                            t.residence_permit)
    with store.read() as conn:
        areas = [dict(r) for r in conn.execute(
            select(ar.c.id, ar.c.parent_id, ar.c.level, ar.c.code, ar.c.local_population)
            .where(ar.c.deleted == 0)).mappings()]
        permits = {r for (r,) in conn.execute(select(rp.c.resident_id).where(rp.c.deleted == 0,
                                                                              rp.c.status == "valid"))}
        rows = conn.execute(
            select(res.c.id, res.c.hukou_code, res.c.sex, res.c.birth_date, res.c.education, res.c.employer_name,
                   res.c.occupation, res.c.social_insurance, res.c.reason, sa.c.grid_id, sa.c.parent_id,
                   sa.c.housing_type)
            .select_from(reg.join(res, res.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
            .where(reg.c.deleted == 0, reg.c.status == "living", res.c.deleted == 0)).all()
    paths = area_paths(areas)
    people: list[dict[str, Any]] = [
        {"area_path": paths.get(r.grid_id, ""), "cluster": r.parent_id or "", "hukou_code": r.hukou_code,
         "sex": r.sex, "birth_date": r.birth_date, "education": r.education, "housing_type": r.housing_type,
         "employer_name": r.employer_name, "occupation": r.occupation, "social_insurance": r.social_insurance,
         "reason": r.reason, "has_permit": r.id in permits}
        for r in rows
    ]
    local = {}
    for a in areas:
        if a["local_population"] is not None:
            local[paths.get(a["id"], a["id"]).rsplit("/", 1)[-1]] = int(a["local_population"])
    return population_stats(people, local_population=local, today=today, cluster_min=cluster_min)


def set_local_population(store: Store, area_id: str, count: int | None, user: str) -> None:
    """The supervisor enters an area's registered local (户籍) population (for 人口倒挂); None clears it."""
    if count is not None and count < 0:
        raise ValueError("count must be >= 0")
    with store.write() as conn:
        write_record(conn, "area", area_id, {"local_population": count}, user=user, device_id=store.device_id)
