"""Cells merged down over the people of one room (居住地址, 房东姓名/房东电话) fill every row they cover.

A user trial: a 40-person ledger with the address merged per room had 17 rows refused as
"address required".  Real workbooks written by openpyxl (merging clears the covered cells, as Excel
does), read through the streaming reader and through the openpyxl fallback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.domain.idnumber import compute_check_digit
from desktop.services.ledger_import import import_ledger
from desktop.services.ledger_parse import LedgerTable, read_ledger
from desktop.services.xlsx_stream import XlsxStream, XlsxStreamError
from desktop.store import tables as t
from desktop.store.db import Store, open_store

TODAY = date(2024, 6, 1)
HEADER = ("序号", "姓名", "公民身份号码", "居住地址", "联系电话", "房东姓名", "房东电话", "备注")
ADDRESS, PHONE, LANDLORD, LANDLORD_PHONE = 3, 4, 5, 6
#: (room address, landlord, landlord phone, people); rooms of 2, 3, 4 and 1 people
ROOMS = (
    ("钟公庙街道中兴路88号16幢1单元1004室", "王淑兰", "13912345678", 2),
    ("钟公庙街道中兴路88号16幢2单元501室", "李建国", "13812345679", 3),
    ("下应街道湖下路12号3幢1单元501室", "张桂芳", "13712345670", 4),
    ("下应街道湖下路14号2幢1单元301室", None, None, 1),
)
NAMES = ("赵一鸣", "钱二妹", "孙三强", "李四海", "周五洲", "吴六顺", "郑七巧", "王八达", "冯九思", "陈十全")
TITLE_ROWS = 1  # the merged title row; the header is row 2, data from row 3


def _id(i: int) -> str:
    first17 = f"330212{1980 + i:04d}0{1 + i % 9}1{i % 10}{10 + i:03d}"[:17]
    return first17 + compute_check_digit(first17)


def _data_rows() -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for address, landlord, landlord_phone, people in ROOMS:
        for _ in range(people):
            i = len(out)
            out.append((i + 1, NAMES[i], _id(i), address, f"1380000{i:04d}", landlord, landlord_phone, None))
    return out


def _room_blocks() -> list[tuple[int, int]]:
    """(first, last) sheet row of each room."""
    blocks, row = [], TITLE_ROWS + 2
    for *_, people in ROOMS:
        blocks.append((row, row + people - 1))
        row += people
    return blocks


def _write_ledger(path: Path, *, merged: bool) -> Path:
    """The 10-person ledger; ``merged``: address and landlord cells merged down per room, and the one-person
    room's phone merged sideways over the (empty) landlord cell.  Unmerged: every row has its values."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append(["鄞州区流动人口居住登记台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(list(HEADER))
    for row in _data_rows():
        ws.append(list(row))
    if merged:
        for first, last in _room_blocks():
            if last > first:
                for col in (ADDRESS, LANDLORD, LANDLORD_PHONE):
                    ws.merge_cells(start_row=first, start_column=col + 1, end_row=last, end_column=col + 1)
            else:  # horizontal only: the phone must not slide under 房东姓名
                ws.merge_cells(start_row=first, start_column=PHONE + 1, end_row=first, end_column=LANDLORD + 1)
    wb.save(path)
    return path


@pytest.fixture(params=["stream", "openpyxl"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
           caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    """Read workbooks through the streaming reader, or force the openpyxl fallback (the streaming reader
    refusing the sheet, as it does a layout it does not know) and check it was taken."""
    if request.param == "openpyxl":
        def refuse(self: XlsxStream, part: str) -> Iterator[tuple[int, tuple[object, ...]]]:
            raise XlsxStreamError("forced by the test")

        monkeypatch.setattr(XlsxStream, "rows", refuse)
    with caplog.at_level(logging.WARNING, logger="desktop.services.ledger_parse"):
        yield request.param
    fell_back = any("reading with openpyxl" in r.getMessage() for r in caplog.get_records("call"))
    assert fell_back == (request.param == "openpyxl")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "x.sqlite")
    yield s
    s.close()


def _by_number(table: LedgerTable) -> dict[int, tuple[object, ...]]:
    return {r.number: r.cells for r in table.rows}


def test_merged_down_cells_fill_every_covered_row(tmp_path: Path, reader: str) -> None:
    table = read_ledger(_write_ledger(tmp_path / "merged.xlsx", merged=True))
    assert table.header_row == 2  # the merged title row still sits above the header
    assert [c.field for c in table.columns][ADDRESS:LANDLORD_PHONE + 1] == [
        "address", "phone", "landlord_name", "landlord_phone"]
    rows = _by_number(table)
    expected = _data_rows()
    assert sorted(rows) == list(range(3, 3 + len(expected)))
    for number, want in zip(sorted(rows), expected, strict=True):
        got = rows[number]
        assert got[ADDRESS] == want[ADDRESS], number
        assert got[LANDLORD] == want[LANDLORD], number
        assert got[LANDLORD_PHONE] == want[LANDLORD_PHONE], number
        assert got[PHONE] == want[PHONE], number
    # the horizontal merge in the one-person room's row is left as it is: nothing slid under 房东姓名
    single = _room_blocks()[-1][0]
    assert rows[single][PHONE] == "13800000009" and rows[single][LANDLORD] is None
    assert table.skipped == []


def test_merged_ledger_imports_like_the_unmerged_one(tmp_path: Path, store: Store, reader: str) -> None:
    merged = import_ledger(store, _write_ledger(tmp_path / "merged.xlsx", merged=True), user="tester", today=TODAY)
    assert merged.data_rows == len(_data_rows())
    assert all(v.status in ("created", "created_with_warnings") for v in merged.rows), [
        (v.row, v.status, [p.key for p in v.problems]) for v in merged.rows]
    assert not any(p.key == "import.address_required" for v in merged.rows for p in v.problems)
    # a filled row says nothing new: the same verdicts as the ledger with every value written out
    other = open_store(tmp_path / "plain.sqlite")
    try:
        plain = import_ledger(other, _write_ledger(tmp_path / "plain.xlsx", merged=False), user="tester",
                              today=TODAY)
    finally:
        other.close()
    assert [(v.row, v.status, sorted(p.key for p in v.problems)) for v in merged.rows] == [
        (v.row, v.status, sorted(p.key for p in v.problems)) for v in plain.rows]

    reg, res, sa, ru = t.residence_registration, t.resident, t.standard_address, t.rental_unit
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(res)).scalar() == len(_data_rows())
        where = dict(conn.execute(
            select(res.c.name, sa.c.full_text).join(reg, reg.c.resident_id == res.c.id)
            .join(sa, sa.c.id == reg.c.address_id)).all())
        household_of = dict(conn.execute(
            select(res.c.name, reg.c.household_id).join(reg, reg.c.resident_id == res.c.id)).all())
        landlords = sorted(conn.execute(select(ru.c.landlord_name, ru.c.landlord_phone)).all())
        households = conn.execute(select(func.count()).select_from(t.household)).scalar()
    i = 0
    for address, _landlord, _phone, people in ROOMS:
        names = NAMES[i:i + people]
        i += people
        assert all(where[n].endswith(address.removeprefix("钟公庙街道").removeprefix("下应街道")) for n in names)
        assert len({household_of[n] for n in names}) == 1, address  # one room, one household
    assert households == len(ROOMS)
    assert landlords == sorted((landlord, phone) for _a, landlord, phone, _n in ROOMS if landlord)


def _write_cells(path: Path, cells: dict[str, object], merges: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for ref, value in cells.items():
        ws[ref] = value
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def test_merge_from_title_into_header_is_not_filled(tmp_path: Path, reader: str) -> None:
    # G1:G2 (a label over the title and header rows) and H1:H4 (a side note from the title down into
    # the data rows) start above the header: neither takes part, so the table is the one the same
    # values give unmerged.  D3:D4 (an address over one room) still fills.
    cells: dict[str, object] = {"A1": "鄞州区流动人口居住登记台账", "G1": "备注", "H1": "内部资料 注意保密"}
    for col, text in zip("ABCDEF", ("姓名", "公民身份号码", "居住地址", "联系电话", "房东姓名", "房东电话"),
                         strict=True):
        cells[f"{col}2"] = text
    for row, i in ((3, 0), (4, 1), (5, 2)):
        cells.update({f"A{row}": NAMES[i], f"B{row}": _id(i), f"E{row}": "王淑兰"})
    cells.update({"D3": "中兴路88号16幢1单元1004室", "D5": "湖下路12号3幢1单元501室"})
    plain = read_ledger(_write_cells(tmp_path / "plain.xlsx", cells, ["A1:F1"]))
    merged = read_ledger(_write_cells(tmp_path / "merged.xlsx", cells, ["A1:F1", "G1:G2", "H1:H4", "D3:D4"]))
    assert merged.header_row == plain.header_row == 2
    assert merged.columns == plain.columns and merged.field_index == plain.field_index
    assert plain.columns[6].header == "备注"  # the label above the header, as before
    got, before = _by_number(merged), _by_number(plain)
    assert [c[7] if len(c) > 7 else None for c in got.values()] == [None, None, None]  # H1:H4 not filled
    assert got[4][3] == "中兴路88号16幢1单元1004室" and before[4][3] is None
    assert {n: c[:3] + c[4:] for n, c in got.items()} == {n: c[:3] + c[4:] for n, c in before.items()}


def test_merge_into_blank_or_footer_rows_fills_data_rows_only(tmp_path: Path, reader: str) -> None:
    # an address merged D3:D6 over a person, a blank row (C4 a space), a person and a footer line: only the
    # people get it; a range of two columns and two rows (E2:F3) fills its first column only
    cells: dict[str, object] = {
        "A1": "姓名", "B1": "公民身份号码", "C1": "联系电话", "D1": "居住地址", "E1": "房东姓名", "F1": "房东电话",
        "A2": NAMES[0], "B2": _id(0), "D2": "湖下路14号2幢1单元301室", "E2": "陈明 13612345671",
        "A3": NAMES[1], "B3": _id(1), "D3": "中兴路88号16幢1单元1004室",
        "C4": "  ",
        "A5": NAMES[2], "B5": _id(2),
        "A6": "合计：2人",
    }
    table = read_ledger(_write_cells(tmp_path / "f.xlsx", cells, ["D3:D6", "E2:F3"]))
    rows = _by_number(table)
    assert sorted(rows) == [2, 3, 5]
    assert rows[5][3] == "中兴路88号16幢1单元1004室"
    assert rows[3][4] == "陈明 13612345671" and rows[3][5] is None
    assert sorted(table.skipped) == [(4, "blank"), (6, "footer")]
    footer = table.skipped_cells[6]
    assert footer[0] == "合计：2人" and all(c is None for c in footer[1:])
