"""Ledger import: the 社区 and 网格 columns put people under their community and grid (user trial: an
exported ledger re-imported into a fresh profile went under 导入-<file>/导入网格)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.idnumber import compute_check_digit
from desktop.services.ledger_export import export_ledger
from desktop.services.ledger_import import ImportReport, import_ledger
from desktop.services.registry import RegistryService
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from tests.services.test_ledger_import import _counts, import_threaded_and_in_turn

TODAY = date(2024, 6, 1)
TOWN = ("钟公庙街道", "330212002")
#: community → its grids, each grid with its own road (rooms differ between grids)
LAYOUT = {"金家漕社区": ("一网格", "二网格"), "铜盆浦村": ("东网格", "西网格")}
ROADS = {"一网格": "天童南路", "二网格": "日丽中路", "东网格": "鄞县大道", "西网格": "泰康中路"}
Placement = tuple[str, str, str, str]  # town, community, grid, room


def _id(n: int) -> str:
    first17 = f"330212199003{n % 28 + 1:02d}{n:03d}"
    return first17 + compute_check_digit(first17)


def _people(grid: str, start: int, count: int = 12) -> list[tuple[str, str, str]]:
    """(name, ID number, address): two people per room."""
    return [(_name(start + i), _id(start + i), f"{ROADS[grid]}{10 + i // 2}号{i // 2 % 3 + 1}幢{101 + i // 2}室")
            for i in range(count)]


def _name(n: int) -> str:
    digits = "零一二三四五六七八九"
    return "测" + "".join(digits[int(d)] for d in f"{n:03d}")


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _ledger(path: Path, *, with_grid: bool = True) -> Path:
    """A ledger with 镇街, 社区 (and 网格) columns covering LAYOUT."""
    header = ["姓名", "公民身份号码", "镇街", "社区", *(["网格"] if with_grid else []), "居住地址"]
    rows: list[list[str]] = []
    n = 0
    for community, grids in LAYOUT.items():
        for grid in grids:
            for name, idn, address in _people(grid, n):
                rows.append([name, idn, TOWN[0], community, *([grid] if with_grid else []), address])
            n += 100
    return _write_csv(path, header, rows)


def _placements(store: Store) -> dict[str, Placement]:
    """ID number → (town, community, grid, room) of the living registration."""
    reg, res, sa = t.residence_registration, t.resident, t.standard_address
    with store.read() as conn:
        areas = {a.id: a for a in conn.execute(select(t.area))}
        rows = conn.execute(
            select(res.c.id_number, sa.c.grid_id, sa.c.full_text)
            .select_from(reg.join(res, res.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
            .where(reg.c.status == "living", reg.c.deleted == 0)
        ).all()
    out: dict[str, Placement] = {}
    for idn, grid_id, full in rows:
        grid = areas[grid_id]
        community = areas[grid.parent_id]
        town = areas[community.parent_id]
        out[str(idn)] = (town.name, community.name, grid.name, str(full))
    return out


def _area_rows(store: Store) -> list[tuple[str, str, str | None]]:
    with store.read() as conn:
        return sorted((a.level, a.name, a.code) for a in conn.execute(select(t.area)))


@pytest.fixture
def source(tmp_path: Path) -> Iterator[tuple[Store, dict[str, Placement]]]:
    """A store with two communities of two grids each, filled grid by grid through a fixed grid_id (no 社区
    column involved), and the placement each person was given."""
    s = open_store(tmp_path / "source.sqlite")
    reg = RegistryService(s, "builder")
    district = reg.create_area("district", "鄞州区", None, code=YINZHOU_DISTRICT_CODE)
    town = reg.create_area("town", TOWN[0], district, code=TOWN[1])
    expected: dict[str, Placement] = {}
    n = 0
    for community, grids in LAYOUT.items():
        community_id = reg.create_area("community", community, town)
        for grid in grids:
            grid_id = reg.create_area("grid", grid, community_id)
            people = _people(grid, n)
            path = _write_csv(tmp_path / f"{grid}.csv", ["姓名", "公民身份号码", "居住地址"],
                              [list(p) for p in people])
            r = import_ledger(s, path, user="builder", grid_id=grid_id, today=TODAY)
            assert r.totals["created"] == len(people), r.rows
            expected.update({idn: (TOWN[0], community, grid, address) for _name, idn, address in people})
            n += 100
    assert _placements(s) == expected
    yield s, expected
    s.close()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_ledger_reimported_into_a_fresh_store_keeps_communities_and_grids(
        source: tuple[Store, dict[str, Placement]], tmp_path: Path, suffix: str) -> None:
    src, expected = source
    out = tmp_path / f"导出台账{suffix}"
    assert export_ledger(src, TOWN[1], out) == len(expected)
    fresh = open_store(tmp_path / "fresh.sqlite")
    try:
        report = import_ledger(fresh, out, user="tester", today=TODAY)
        assert report.totals["created"] == len(expected), [(v.row, v.status, v.problems) for v in report.rows]
        assert "社区" not in report.ignored_columns and "网格" not in report.ignored_columns
        assert ("社区", "community") in report.columns and ("网格", "grid") in report.columns
        assert _placements(fresh) == expected
        assert not [a for a in _area_rows(fresh) if a[1].startswith("导入")]
        assert _area_rows(fresh) == _area_rows(src)

        # a second import of the same file creates nothing
        before, areas_before = _counts(fresh), _area_rows(fresh)
        again = import_ledger(fresh, out, user="tester", today=TODAY)
        assert {v.status for v in again.rows} == {"unchanged"}
        assert _counts(fresh) == before and _area_rows(fresh) == areas_before
    finally:
        fresh.close()


def test_stored_communities_and_grids_are_found_by_normalised_name(
        source: tuple[Store, dict[str, Placement]], tmp_path: Path) -> None:
    """Spaces and full-width forms in the cells find the stored areas; nothing new is made."""
    src, expected = source
    areas_before = _area_rows(src)
    people = _people("一网格", 900, 40)[-4:]  # rooms the source store does not have
    path = _write_csv(tmp_path / "spelling.csv", ["姓名", "公民身份号码", "所属社区", "网格名称", "居住地址"],
                      [[name, idn, " 金家漕 社区", "一网格 ", "钟公庙街道" + address] for name, idn, address in people])
    report = import_ledger(src, path, user="tester", today=TODAY)
    assert report.totals["created"] == 4, report.rows
    assert _area_rows(src) == areas_before
    placed = _placements(src)
    assert all(placed[idn][:3] == (TOWN[0], "金家漕社区", "一网格") for _n, idn, _a in people)
    assert {k: v for k, v in placed.items() if k in expected} == expected


def test_community_without_grid_column_or_with_an_empty_grid_cell_goes_to_its_import_grid(
        tmp_path: Path) -> None:
    s = open_store(tmp_path / "x.sqlite")
    try:
        no_grid = import_ledger(s, _ledger(tmp_path / "无网格.csv", with_grid=False), user="tester", today=TODAY)
        assert no_grid.totals["created"] == 48
        assert {p[1:3] for p in _placements(s).values()} == {("金家漕社区", "导入网格"), ("铜盆浦村", "导入网格")}

        new_rooms = _people("西网格", 500, 40)[-2:]  # rooms not stored yet
        path = _write_csv(tmp_path / "空网格.csv", ["姓名", "公民身份号码", "镇街", "社区（村）", "网格", "居住地址"],
                          [[name, idn, TOWN[0], "新建社区", "", address]
                           for name, idn, address in new_rooms])
        assert import_ledger(s, path, user="tester", today=TODAY).totals["created"] == 2
        placed = _placements(s)
        assert placed[new_rooms[0][1]][:3] == (TOWN[0], "新建社区", "导入网格")
        assert not [a for a in _area_rows(s) if a[1].startswith("导入-")]
        with s.read() as conn:
            made = conn.execute(select(t.area.c.invented, t.area.c.code)
                                .where(t.area.c.level.in_(("community", "grid")))).all()
        assert made and all(tuple(r) == (0, None) for r in made)
    finally:
        s.close()


def test_rows_without_a_community_keep_the_import_chain(tmp_path: Path) -> None:
    """No 社区 column, or an empty 社区 cell: 导入-<file name>/导入网格 under the town, as before."""
    s = open_store(tmp_path / "x.sqlite")
    try:
        people = _people("一网格", 0, 4)
        plain = _write_csv(tmp_path / "老台账.csv", ["姓名", "公民身份号码", "镇街", "居住地址"],
                           [[name, idn, TOWN[0], address] for name, idn, address in people[:2]])
        assert import_ledger(s, plain, user="tester", today=TODAY).totals["created"] == 2
        mixed = _write_csv(tmp_path / "混合.csv", ["姓名", "公民身份号码", "镇街", "社区", "居住地址"],
                           [[name, idn, TOWN[0], "", address] for name, idn, address in people[2:]])
        assert import_ledger(s, mixed, user="tester", today=TODAY).totals["created"] == 2
        placed = _placements(s)
        assert placed[people[0][1]][:3] == (TOWN[0], "导入-老台账", "导入网格")
        assert placed[people[2][1]][:3] == (TOWN[0], "导入-混合", "导入网格")
    finally:
        s.close()


def test_a_chosen_grid_overrides_the_community_and_grid_columns(
        source: tuple[Store, dict[str, Placement]], tmp_path: Path) -> None:
    src, _expected = source
    with src.read() as conn:
        grid_id = conn.execute(select(t.area.c.id).where(t.area.c.name == "西网格")).scalar_one()
    areas_before = _area_rows(src)
    path = _write_csv(tmp_path / "chosen.csv", ["姓名", "公民身份号码", "镇街", "社区", "网格", "居住地址"],
                      [[name, idn, TOWN[0], "别的社区", "别的网格", address]
                       for name, idn, address in _people("一网格", 700, 2)])
    report: ImportReport = import_ledger(src, path, user="tester", grid_id=grid_id, today=TODAY)
    assert report.totals["created"] == 2
    assert _area_rows(src) == areas_before
    assert _placements(src)[_id(700)][:3] == (TOWN[0], "铜盆浦村", "西网格")


def test_planning_ahead_of_the_writer_places_communities_as_writing_in_turn_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 20: new communities and grids are planned while earlier batches (and their new areas) are
    still unwritten; a second ledger finds them. Threaded and in turn must store the same."""
    ledger = _ledger(tmp_path / "台账.csv")
    without_grid = _ledger(tmp_path / "台账-无网格.csv", with_grid=False)
    outcomes, first, second = import_threaded_and_in_turn(
        tmp_path, monkeypatch, ledger, without_grid, extra=lambda s: sorted(_placements(s).items()))
    assert first.totals["created"] == 48 and second.totals["unchanged"] == 48
    assert outcomes[0] == outcomes[1]
    assert {p[1:3] for _k, p in outcomes[0][3]} == {(c, g) for c, gs in LAYOUT.items() for g in gs}
