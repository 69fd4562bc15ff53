"""The statistics aggregates (issue 8): per-grid counts kept in step with the data, so the dashboard's
statistics and figures of a whole district read a few thousand rows instead of every living person.

Tables and triggers: :data:`desktop.store.tables.STATS_DDL`. Writes only mark grids dirty;
:func:`refresh` (inside the caller's write transaction, on the DB worker) then

1. rebuilds everything when the aggregates were never computed (a new or migrated store, a bulk load
   without triggers) or were computed for a day a year or more away from ``today`` (or later than it);
2. otherwise moves the ``age`` / ``school_age`` cells from the day they were computed for to ``today``:
   only people whose birthday fell in between change age (found by exact ``birth_date`` lookups in
   ``ix_resident_birth_date``);
3. recomputes the dirty grids from the data (the same reading of a living person as before: registration
   ⋈ resident ⋈ address) and clears ``stats_dirty``.

Every refresh that changes a grid's cells sets its ``stats_grid.version`` to a new number, so a reader that
kept the cells of an earlier version re-reads only what changed (``stats_service``).

The figures equal a recomputation from scratch; ``tests/services/test_stats_sql.py`` checks that after edits,
moves, permits, area changes and days passing, on awkward data.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection

from desktop.store.db import set_state

#: ``sync_state`` key: the day (ISO) the age cells were computed for; absent = never computed.
STATE_KEY = "stats_day"
#: Beyond this many days between two refreshes, a full rebuild (people's ages moved more than once).
MAX_SHIFT_DAYS = 300

# One row per living person of the grids being computed (``{where}`` narrows them); ages as of :year/:md.
_PEOPLE = """
CREATE TEMP TABLE stats_people AS
SELECT coalesce(sa.grid_id, '') AS grid, coalesce(sa.parent_id, '') AS building,
       coalesce(sa.housing_type, '') AS housing, res.hukou_code AS county, res.sex AS sex,
       res.education AS edu, trim(res.employer_name) AS employer,
       coalesce(nullif(trim(res.occupation), ''), trim(res.employer_name)) AS trade,
       CAST(res.social_insurance AS TEXT) IN ('1', 'True') AS insured, res.reason = 'study' AS study,
       res.id IN (SELECT resident_id FROM residence_permit WHERE deleted = 0 AND status = 'valid') AS permit,
       CASE WHEN date(res.birth_date) = res.birth_date
            THEN :year - CAST(substr(res.birth_date, 1, 4) AS INTEGER) - (substr(res.birth_date, 6, 5) > :md)
       END AS age
FROM {source}
WHERE reg.deleted = 0 AND reg.status = 'living' AND res.deleted = 0
"""
_EVERYONE = ("residence_registration reg JOIN resident res ON res.id = reg.resident_id "
             "JOIN standard_address sa ON sa.id = reg.address_id")
# the dirty grids' addresses, their registrations, their people: index lookups in this order (CROSS JOIN)
_DIRTY = ("stats_dirty d CROSS JOIN standard_address sa ON sa.grid_id = d.grid "
          "CROSS JOIN residence_registration reg ON reg.address_id = sa.id "
          "CROSS JOIN resident res ON res.id = reg.resident_id")

_AGE_LABEL = "(sex = '1') || ':' || (CASE WHEN {age} >= 80 THEN 80 ELSE max(0, {age}) / 5 * 5 END)"

_CELLS = f"""
INSERT INTO stats_cell (grid, dim, value, n)
SELECT grid, 'total', '', count(*) FROM stats_people GROUP BY grid
UNION ALL SELECT grid, 'province', substr(county, 1, 2), count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'education', coalesce(edu, ''), count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'housing', housing, count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'employment', employer != '', count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'trade', coalesce(trade, ''), count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'social_insurance', insured, count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'permit', permit, count(*) FROM stats_people GROUP BY 1, 3
UNION ALL SELECT grid, 'age', {_AGE_LABEL.format(age='age')}, count(*) FROM stats_people
          WHERE age IS NOT NULL GROUP BY 1, 3
UNION ALL SELECT grid, 'school_age', study, count(*) FROM stats_people WHERE age BETWEEN 6 AND 15 GROUP BY 1, 3
"""
# only groups of two or more (a cluster needs ``cluster_min`` >= 2 people; most groups hold one person), except
# in a grid that is no live area: those are added up by area path ('') before the threshold applies
_ADDRESS = """
INSERT INTO stats_address (grid, county, trade, building, n)
SELECT grid, county, trade, building, count(*) FROM stats_people
WHERE county != '' AND trade != '' AND building != '' GROUP BY 1, 2, 3, 4
HAVING count(*) >= 2 OR grid NOT IN (SELECT id FROM area WHERE deleted = 0)
"""
# the community an employer group is counted in: the grid's parent when both are live areas
_EMPLOYER = """
INSERT INTO stats_employer_grid (grid, county, trade, employer, community, n)
SELECT p.grid, p.county, p.trade, p.employer, coalesce(pa.id, '#' || p.grid), count(*)
FROM stats_people p
LEFT JOIN area g ON g.id = p.grid AND g.deleted = 0
LEFT JOIN area pa ON pa.id = g.parent_id AND pa.deleted = 0
WHERE p.county != '' AND p.trade != '' AND p.employer != '' GROUP BY 1, 2, 3, 4
"""
_EMPLOYER_TOTALS = """
INSERT INTO stats_employer (county, trade, employer, community, n)
SELECT county, trade, employer, community, {sign} sum(n) FROM stats_employer_grid
WHERE grid IN (SELECT grid FROM stats_dirty) GROUP BY 1, 2, 3, 4
ON CONFLICT (county, trade, employer, community) DO UPDATE SET n = n + excluded.n
"""
# open leaf addresses per grid, those visited (a visit or a living registration: the task list's 已登记), and
# the living registrations at them (issue 5 §4)
_FIGURES = """
INSERT INTO stats_figure (grid, leaves, visited, living)
SELECT sa.grid_id, count(*),
       sum(EXISTS (SELECT 1 FROM visit v WHERE v.address_id = sa.id AND v.deleted = 0)
           OR EXISTS (SELECT 1 FROM residence_registration r WHERE r.address_id = sa.id AND r.status = 'living'
                      AND r.deleted = 0)),
       sum((SELECT count(*) FROM residence_registration r WHERE r.address_id = sa.id AND r.status = 'living'
            AND r.deleted = 0))
FROM standard_address sa
WHERE sa.deleted = 0 AND sa.is_leaf = 1 AND sa.valid_to IS NULL {where}
GROUP BY sa.grid_id
"""


def _day_params(day: date) -> dict[str, object]:
    return {"year": day.year, "md": f"{day.month:02d}-{day.day:02d}"}


def _next_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT coalesce(max(version), 0) + 1 FROM stats_grid").scalar() or 1)


def _compute(conn: Connection, day: date, *, everything: bool) -> None:
    """Recompute the dirty grids (or, with ``everything``, every grid after emptying the tables)."""
    run = conn.exec_driver_sql
    version = _next_version(conn)
    if everything:
        for table in ("stats_cell", "stats_address", "stats_employer_grid", "stats_employer", "stats_figure",
                      "stats_grid"):
            run(f"DELETE FROM {table}")
    else:
        run(_EMPLOYER_TOTALS.format(sign="-"))
        run("DELETE FROM stats_employer WHERE n = 0 AND (county, trade, employer, community) IN "
            "(SELECT county, trade, employer, community FROM stats_employer_grid "
            "WHERE grid IN (SELECT grid FROM stats_dirty))")
        for table in ("stats_cell", "stats_address", "stats_employer_grid", "stats_figure"):
            run(f"DELETE FROM {table} WHERE grid IN (SELECT grid FROM stats_dirty)")
    run("DROP TABLE IF EXISTS temp.stats_people")
    run(_PEOPLE.format(source=_EVERYONE if everything else _DIRTY), _day_params(day))
    run(_CELLS)
    run(_ADDRESS)
    run(_EMPLOYER)
    run("DROP TABLE temp.stats_people")
    if everything:
        run("INSERT INTO stats_employer (county, trade, employer, community, n) "
            "SELECT county, trade, employer, community, sum(n) FROM stats_employer_grid GROUP BY 1, 2, 3, 4")
    else:
        run(_EMPLOYER_TOTALS.format(sign="+"))
    run(_FIGURES.format(where="" if everything else "AND sa.grid_id IN (SELECT grid FROM stats_dirty)"))
    run("INSERT INTO stats_grid (grid, version) SELECT DISTINCT grid, ? FROM "
        + ("stats_cell" if everything else "stats_dirty")
        + " WHERE true ON CONFLICT (grid) DO UPDATE SET version = excluded.version", (version,))
    run("DELETE FROM stats_dirty")


#: Every ``MM-DD`` a birth date can have (a leap year's calendar).
_MONTH_DAYS = tuple(f"{d.month:02d}-{d.day:02d}" for d in (date(2024, 1, 1) + timedelta(days=i) for i in range(366)))


def _birthdays_between(first: date, last: date) -> list[str]:
    """The ``MM-DD`` whose holders are a year older on ``last`` than on ``first`` (later, under a year on).

    Ages compare ``MM-DD`` as text (``population_stats.age_band``): a birthday ``b`` has passed on day ``d``
    when ``b <= MM-DD(d)``, so 29 February counts from 1 March in other years, exactly as the full count does.
    """
    md0, md1 = f"{first.month:02d}-{first.day:02d}", f"{last.month:02d}-{last.day:02d}"
    if first.year == last.year:
        return [m for m in _MONTH_DAYS if md0 < m <= md1]
    return [m for m in _MONTH_DAYS if m > md0 or m <= md1]


def _shift_ages(conn: Connection, old: date, new: date) -> None:
    """Move the age cells from ``old`` to ``new`` (later, less than a year on): the people whose birthday
    (``MM-DD`` as text, the rule of ``population_stats``) fell in between are one year older."""
    run = conn.exec_driver_sql
    # the birth years present (two index seeks); a valid date starts with four digits
    lo, hi = run("SELECT min(birth_date), max(birth_date) FROM resident "
                 "WHERE birth_date >= '0001' AND birth_date < '9999-99'").one()
    if lo is None or not (str(lo)[:4].isdigit() and str(hi)[:4].isdigit()):
        return
    years = range(int(str(lo)[:4]), int(str(hi)[:4]) + 1)
    run("DROP TABLE IF EXISTS temp.stats_days")
    run("CREATE TEMP TABLE stats_days (d TEXT PRIMARY KEY) WITHOUT ROWID")
    days = [(f"{y:04d}-{md}",) for md in _birthdays_between(old, new) for y in years]
    if days:
        run("INSERT OR IGNORE INTO temp.stats_days (d) VALUES (?)", days)
    params = {"y0": old.year, "md0": f"{old.month:02d}-{old.day:02d}",
              "y1": new.year, "md1": f"{new.month:02d}-{new.day:02d}"}
    run("DROP TABLE IF EXISTS temp.stats_shift")
    run("""
CREATE TEMP TABLE stats_shift AS
SELECT grid, sex, study, age - 1 AS was, age FROM (
  SELECT coalesce(sa.grid_id, '') AS grid, res.sex AS sex, res.reason = 'study' AS study,
         :y1 - CAST(substr(res.birth_date, 1, 4) AS INTEGER) - (substr(res.birth_date, 6, 5) > :md1) AS age
  FROM temp.stats_days d
  CROSS JOIN resident res ON res.birth_date = d.d
  CROSS JOIN residence_registration reg ON reg.resident_id = res.id
  CROSS JOIN standard_address sa ON sa.id = reg.address_id
  WHERE reg.deleted = 0 AND reg.status = 'living' AND res.deleted = 0 AND date(res.birth_date) = res.birth_date
)""", params)
    upsert = " ON CONFLICT (grid, dim, value) DO UPDATE SET n = n + excluded.n"
    for column, sign in (("age", "+"), ("was", "-")):
        run(f"INSERT INTO stats_cell (grid, dim, value, n) SELECT grid, 'age', "
            f"{_AGE_LABEL.format(age=column)}, {sign} count(*) FROM stats_shift WHERE true GROUP BY 1, 3" + upsert)
        run(f"INSERT INTO stats_cell (grid, dim, value, n) SELECT grid, 'school_age', study, {sign} count(*) "
            f"FROM stats_shift WHERE {column} BETWEEN 6 AND 15 GROUP BY 1, 3" + upsert)
    run("DELETE FROM stats_cell WHERE grid IN (SELECT grid FROM stats_shift) AND dim IN ('age', 'school_age') "
        "AND n = 0")
    run("INSERT INTO stats_grid (grid, version) SELECT DISTINCT grid, ? FROM stats_shift WHERE true "
        "ON CONFLICT (grid) DO UPDATE SET version = excluded.version", (_next_version(conn),))
    run("DROP TABLE temp.stats_shift")
    run("DROP TABLE temp.stats_days")


def refresh(conn: Connection, today: date) -> None:
    """Bring the aggregates up to date for ``today`` inside the caller's write transaction (see module doc)."""
    stored = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (STATE_KEY,)).scalar()
    day = None
    if stored:
        try:
            day = date.fromisoformat(str(stored))
        except ValueError:
            day = None
    if day is None or day > today or (today - day).days > MAX_SHIFT_DAYS:
        _compute(conn, today, everything=True)
    else:
        if day < today:
            _shift_ages(conn, day, today)
        if conn.exec_driver_sql("SELECT 1 FROM stats_dirty LIMIT 1").first() is not None:
            _compute(conn, today, everything=False)
    if day != today:
        set_state(conn, STATE_KEY, today.isoformat())


def invalidate(conn: Connection) -> None:
    """Forget the aggregates (the next :func:`refresh` rebuilds them): after a bulk load without triggers."""
    conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (STATE_KEY,))
