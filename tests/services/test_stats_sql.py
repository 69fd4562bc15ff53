"""local_stats (issue 8): grouped in SQL and rolled up the area tree, equal to the pure
``population_stats`` over the same people read row by row (the definition of every figure)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.domain.population_stats import population_stats
from desktop.domain.rates_engine import area_paths
from desktop.services.demo import build_demo
from desktop.services.rates_service import local_figures
from desktop.services.stats_service import local_stats, set_local_population
from desktop.store import tables as t
from desktop.store.db import Store, open_store, set_state


def _reference(store: Store, today: date, cluster_min: int) -> Any:
    """The statistics as issue 5 computed them: one Python row per living person."""
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
    people = [{"area_path": paths.get(r.grid_id, ""), "cluster": r.parent_id or "", "hukou_code": r.hukou_code,
               "sex": r.sex, "birth_date": r.birth_date, "education": r.education, "housing_type": r.housing_type,
               "employer_name": r.employer_name, "occupation": r.occupation,
               "social_insurance": r.social_insurance, "reason": r.reason, "has_permit": r.id in permits}
              for r in rows]
    local = {paths[a["id"]].rsplit("/", 1)[-1]: int(a["local_population"]) for a in areas
             if a["local_population"] is not None}
    return population_stats(people, local_population=local, today=today, cluster_min=cluster_min)


def _same(ours: Any, ref: Any) -> None:
    assert sorted(ours.areas) == sorted(ref.areas)
    for key, st in ref.areas.items():
        mine = ours.areas[key]
        assert (mine.total, mine.local_population) == (st.total, st.local_population), key
        assert {d: dict(c) for d, c in mine.dims.items() if c} == {d: dict(c) for d, c in st.dims.items() if c}, key
    assert ours.inverted == ref.inverted

    def key(c: Any) -> tuple[Any, ...]:
        return (c.county, c.trade, c.place_kind, c.place, c.area_path, c.count)

    assert sorted(map(key, ours.clusters)) == sorted(map(key, ref.clusters))


def test_sql_statistics_equal_the_row_by_row_definition(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    build_demo(store, residents=600, seed=5)
    with store.write() as conn:
        # the dirt the SQL must read as the Python rules do: a study-reason child, a permit, an occupation,
        # an unreadable birth date, an unknown province, blank education, an address whose grid is no area
        ids = [r for (r,) in conn.exec_driver_sql(
            "SELECT resident_id FROM residence_registration WHERE status = 'living' ORDER BY id LIMIT 40")]
        conn.exec_driver_sql("UPDATE resident SET birth_date = '2016-03-01', reason = 'study' WHERE id = ?",
                             (ids[0],))
        conn.exec_driver_sql("UPDATE resident SET birth_date = 'unknown', hukou_code = '990000', education = '' "
                             "WHERE id = ?", (ids[1],))
        conn.exec_driver_sql("UPDATE resident SET occupation = ' 厨师 ', social_insurance = 1 WHERE id IN "
                             f"({','.join('?' * 30)})", tuple(ids[2:32]))
        conn.exec_driver_sql("INSERT INTO residence_permit (id, resident_id, number, issue_date) "
                             "VALUES ('p1', ?, 'X1', '2025-01-01')", (ids[3],))
        conn.exec_driver_sql("UPDATE standard_address SET grid_id = 'nowhere' WHERE id = (SELECT address_id "
                             "FROM residence_registration WHERE resident_id = ?)", (ids[4],))
        conn.exec_driver_sql("UPDATE area SET local_population = 5 WHERE level = 'community'")
    today = date(2026, 11, 29)
    for cluster_min in (2, 10):
        ours = local_stats(store, today=today, cluster_min=cluster_min)
        _same(ours, _reference(store, today, cluster_min))
        if cluster_min == 2:
            assert {c.place_kind for c in ours.clusters} == {"address", "employer"}
    assert ours.areas and ours.inverted
    assert any(st.dims["school_age"] for st in ours.areas.values())
    assert any(st.dims["permit"]["holds"] for st in ours.areas.values())
    store.close()


def test_statistics_are_memoised_until_the_data_change(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    build_demo(store, residents=60, seed=2)
    first = local_stats(store)
    assert local_stats(store) is first  # nothing changed: the same report
    community = next(a for a in first.areas.values() if a.total and a.local_population is None)
    set_local_population(store, community.area, 1, "supervisor1")  # an edit (outbox) changes the data
    again = local_stats(store)
    assert again is not first and again.areas[community.area].inverted
    figures = local_figures(store)
    assert local_figures(store) is figures
    with store.write() as conn:  # a pulled page moves the cursor: computed again
        set_state(conn, "cursor", "99")
    assert local_figures(store) is not figures
    store.close()
