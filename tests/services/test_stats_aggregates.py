"""The per-grid statistics aggregates (issue 8, desktop.store.aggregates): after any change through any
write path, and as days pass, what is kept incrementally equals a rebuild from scratch and the row-by-row
definition of every figure (``population_stats``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from desktop.services import stats_service
from desktop.services.demo import build_demo
from desktop.services.stats_service import _compute_stats
from desktop.store import aggregates
from desktop.store.db import Store, open_store
from desktop.store.records import write_record
from tests.services.test_stats_sql import _reference, _same

_TABLES = ("stats_cell", "stats_address", "stats_employer_grid", "stats_employer", "stats_figure")  # not versions


def _tables(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {name: sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {name}")) for name in _TABLES}


def _check(store: Store, today: date) -> None:
    """Incremental refresh == full rebuild == the row-by-row statistics (thresholds 2 and 10); the statistics
    service's roll-up is patched from the grids changed since its previous call (the last one in this test)."""
    for cluster_min in (2, 10):
        _same(_compute_stats(store, today, cluster_min), _reference(store, today, cluster_min))
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM stats_dirty").scalar() == 0
        kept = _tables(conn)
    with store.engine.connect() as conn:
        transaction = conn.begin()  # a rebuild from scratch, rolled back: the next check stays incremental
        aggregates.invalidate(conn)
        aggregates.refresh(conn, today)
        rebuilt = _tables(conn)
        transaction.rollback()
    for name in _TABLES:
        assert kept[name] == rebuilt[name], name


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(stats_service, "_FULL_SHARE", 2.0)  # the demo has few grids: patch, never rebuild
    store = open_store(tmp_path / "s.sqlite")
    build_demo(store, residents=300, seed=7)
    return store


def _living(store: Store, n: int) -> list[tuple[str, str, str]]:
    """(registration id, resident id, address id) of ``n`` living registrations."""
    with store.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, resident_id, address_id FROM residence_registration WHERE status = 'living' AND deleted = 0 "
            "ORDER BY id LIMIT ?", (n,))]


def test_every_kind_of_change_keeps_the_aggregates_exact(demo: Store) -> None:
    store, today = demo, date(2026, 11, 29)
    _check(store, today)
    regs = _living(store, 60)
    run = []  # raw SQL (triggers see every write path) and write_record, one change after the other

    def sql(statement: str, *params: Any) -> None:
        run.append((statement, params))
        with store.write() as conn:
            conn.exec_driver_sql(statement, tuple(params))
        _check(store, today)

    # resident fields, a birth date that is no date, a study-reason child, clusters forming
    sql("UPDATE resident SET hukou_code = '990000', education = '', birth_date = '1990-02-30' WHERE id = ?",
        regs[0][1])
    sql("UPDATE resident SET birth_date = '2016-12-01', reason = 'study' WHERE id = ?", regs[1][1])
    sql("UPDATE resident SET hukou_code = '341221', occupation = ' 厨师 ', employer_name = '甬江厨房' "
        "WHERE id IN (SELECT resident_id FROM residence_registration WHERE status = 'living' ORDER BY id LIMIT 12)")
    # a move to another address (another grid), a move-out, a tombstone, a hard delete
    with store.read() as conn:
        far = conn.exec_driver_sql("SELECT id FROM standard_address WHERE is_leaf = 1 AND grid_id != "
                                   "(SELECT grid_id FROM standard_address WHERE id = ?) LIMIT 1",
                                   (regs[2][2],)).scalar()
    sql("UPDATE residence_registration SET address_id = ? WHERE id = ?", far, regs[2][0])
    sql("UPDATE residence_registration SET status = 'moved_out' WHERE id = ?", regs[3][0])
    sql("UPDATE resident SET deleted = 1 WHERE id = ?", regs[4][1])
    sql("DELETE FROM residence_registration WHERE id = ?", regs[5][0])
    # permits come and go
    sql("INSERT INTO residence_permit (id, resident_id, number, issue_date) VALUES ('p1', ?, 'X1', '2025-01-01')",
        regs[6][1])
    sql("UPDATE residence_permit SET status = 'expired' WHERE id = 'p1'")
    sql("UPDATE residence_permit SET status = 'valid', resident_id = ? WHERE id = 'p1'", regs[7][1])
    sql("DELETE FROM residence_permit WHERE id = 'p1'")
    # addresses: housing type, a grid that is no area, a building change, a closed and a new leaf
    sql("UPDATE standard_address SET housing_type = 'dormitory' WHERE id = ?", regs[8][2])
    sql("UPDATE standard_address SET grid_id = 'nowhere' WHERE id = ?", regs[9][2])
    sql("UPDATE standard_address SET parent_id = NULL WHERE id = ?", regs[10][2])
    sql("UPDATE standard_address SET valid_to = '2026-01-01' WHERE id = ?", regs[11][2])
    sql("INSERT INTO standard_address (id, grid_id, level, name, is_leaf) "
        "SELECT 'new-room', grid_id, 'room', '999室', 1 FROM standard_address WHERE id = ?", regs[12][2])
    # visits
    sql("INSERT INTO visit (id, address_id, visited_at, outcome) VALUES ('v1', 'new-room', '2026-11-01', 'nobody')")
    sql("UPDATE visit SET deleted = 1 WHERE id = 'v1'")
    # areas: a grid moved to another community, a community removed, a grid removed
    with store.read() as conn:
        grid, other = conn.exec_driver_sql(
            "SELECT g.id, (SELECT c.id FROM area c WHERE c.level = 'community' AND c.id != g.parent_id LIMIT 1) "
            "FROM area g WHERE g.level = 'grid' AND EXISTS (SELECT 1 FROM standard_address sa WHERE sa.grid_id = g.id) "
            "LIMIT 1").one()
    sql("UPDATE area SET parent_id = ? WHERE id = ?", other, grid)
    sql("UPDATE area SET deleted = 1 WHERE id = ?", other)
    sql("UPDATE area SET deleted = 1 WHERE id = ?", grid)
    # a pulled registration whose resident arrives later, then the resident
    sql("INSERT INTO residence_registration (id, resident_id, address_id, status) VALUES ('late-reg', 'late', ?, "
        "'living')", regs[13][2])
    sql("INSERT INTO resident (id, name, sex, birth_date, hukou_code) VALUES ('late', '迟到', '2', '2000-02-29', "
        "'341221')")
    # the app's own write path
    with store.write() as conn:
        write_record(conn, "resident", regs[14][1], {"sex": "2", "birth_date": "1980-11-30"}, user="u",
                     device_id=store.device_id)
    _check(store, today)
    store.close()


def test_ages_move_with_the_calendar(demo: Store) -> None:
    store = demo
    regs = _living(store, 8)
    # birthdays on the edges: 29 February, the first and last day of the year, a band boundary tomorrow
    births = ("2000-02-29", "1991-01-01", "1996-12-31", "2001-11-30", "2020-03-01", "2010-11-30", "1946-12-01")
    with store.write() as conn:
        for (_reg, resident, _addr), born in zip(regs, births, strict=False):
            conn.exec_driver_sql("UPDATE resident SET birth_date = ? WHERE id = ?", (born, resident))
    days = [date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 2),
            date(2027, 2, 28), date(2027, 3, 1), date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1),
            date(2028, 3, 1) + timedelta(days=290), date(2030, 1, 1), date(2029, 6, 1)]  # a jump, then back
    for day in days:
        _check(store, day)
    store.close()
