"""Dirt found by the new-user trial of the ledger importer (issue 6): ID numbers written into number
cells by a program, total/signature lines under the table, absurdly long texts, odd files."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.domain.idnumber import compute_check_digit
from desktop.services.ledger_export import write_result_workbook
from desktop.services.ledger_import import ImportReport, RowVerdict, import_ledger
from desktop.store import tables as t
from desktop.store.db import Store, open_store

TODAY = date(2024, 6, 1)
HEADER = ["序号", "姓名", "性别", "公民身份号码", "居住地址", "联系电话", "工作单位", "备注"]


def valid_id(first17: str) -> str:
    return first17 + compute_check_digit(first17)


ID_A = valid_id("33021219900101123")  # check digit is a digit: storable as a number
ID_B = valid_id("41142219850315002")
ID_C = valid_id("51370119920707551")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "doorstep.sqlite")
    yield s
    s.close()


def _xlsx(path: Path, rows: list[list[object]], title: str | None = "鄞州区流动人口台账") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _digits_as_number_cells(path: Path, numbers: list[str]) -> Path:
    """Rewrite the given text cells as integer number cells, the way a program that writes integers
    verbatim stores them (openpyxl and xlsxwriter write a double: 3.302121990010112e+17)."""
    import zipfile

    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    xml = files[part].decode()
    for digits in numbers:
        old = f'<is><t>{digits}</t></is>'
        assert old in xml
        start = xml.rindex("<c ", 0, xml.index(old))
        head = xml[start:xml.index(old)].replace(' t="inlineStr"', ' t="n"')
        xml = xml[:start] + head + f"<v>{digits}</v>" + xml[xml.index(old) + len(old):]
    files[part] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    return path


def _by_row(report: ImportReport) -> dict[int, RowVerdict]:
    return {v.row: v for v in report.rows}


def _keys(v: RowVerdict) -> set[str]:
    return {p.key for p in v.problems}


def test_id_number_in_a_number_cell_is_taken_only_when_all_18_digits_survived(store: Store, tmp_path: Path) -> None:
    assert ID_A[-1].isdigit() and ID_B[-1].isdigit() and ID_C[-1].isdigit()
    wrong_check = int(ID_B[:17] + str((int(ID_B[17]) + 1) % 10))
    cut_by_excel = int(ID_C[:15] + "000")
    path = _xlsx(tmp_path / "numbers.xlsx", [
        [1, "张伟", "男", ID_A, "中兴路88号16幢1单元1004室", "13812345678", "", ""],  # a program wrote it whole
        [2, "李娜", "女", str(wrong_check), "中兴路88号16幢1单元1005室", "", "", ""],
        [3, "王芳", "女", str(cut_by_excel), "中兴路88号16幢1单元1006室", "", "", ""],
        [4, "赵磊", "男", float(ID_C), "中兴路88号16幢1单元1007室", "", "", ""],  # a double: digits lost
    ])
    _digits_as_number_cells(path, [ID_A, str(wrong_check), str(cut_by_excel)])
    from desktop.services.ledger_parse import read_ledger

    cells = [r.cells[3] for r in read_ledger(path).rows]
    assert cells[:3] == [int(ID_A), wrong_check, cut_by_excel] and isinstance(cells[3], float)
    r = _by_row(import_ledger(store, path, user="tester", today=TODAY))
    assert r[3].status == "created_with_warnings"
    assert "import.id_stored_as_number" in _keys(r[3])
    stored = next(p for p in r[3].problems if p.key == "import.id_stored_as_number")
    assert stored.column == "公民身份号码" and "18位" in stored.message_zh
    for row in (4, 5, 6):
        assert r[row].status == "rejected", row
        assert "id_number.excel_mangled" in _keys(r[row]), row


def test_total_signature_and_header_lines_are_skipped_not_rejected(store: Store, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [1, "张伟", "男", ID_A, "中兴路88号16幢1单元1004室", "13812345678", "", "合计以外的备注"],
        [None] * len(HEADER),
        HEADER,  # the header repeated on a second printed page
        [2, "李娜", "女", ID_B, "中兴路88号16幢1单元1005室", "", "", ""],
        ["小计", None, None, None, None, None, None, "2人"],
        [3, "王强", "男", ID_C, "中兴路88号16幢1单元1006室", "", "", ""],
        ["合计", "3人", None, None, None, None, None, None],
        ["共 3 人", None, None, None, None, None, None, None],
        ["制表人：张三", None, None, "填表日期：2024年6月1日", None, None, None, None],
        ["总计", None, None, None, None, None, None, None],
        ["注：本表由社区填报", None, None, None, None, None, None, None],
    ]
    path = _xlsx(tmp_path / "footer.xlsx", rows)
    report = import_ledger(store, path, user="tester", today=TODAY)
    assert report.totals["rejected"] == 0
    assert report.totals["created"] == 3 and report.data_rows == 3
    reasons = dict(report.skipped)
    assert reasons == {4: "blank", 5: "repeated_header", 7: "footer", 9: "footer", 10: "footer",
                       11: "footer", 12: "footer", 13: "footer"}

    out = tmp_path / "result.xlsx"
    assert write_result_workbook(path, report, out) == 3
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    statuses = [row[-3] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert statuses.count("跳过") == 7 and statuses.count("新建") == 3


def test_over_long_texts_are_refused_or_left_out(store: Store, tmp_path: Path) -> None:
    huge = "王" * 10_000
    path = _xlsx(tmp_path / "long.xlsx", [
        [1, huge, "男", ID_A, "中兴路88号16幢1单元1004室", "", "", ""],
        [2, "李娜", "女", ID_B, "中兴路88号16幢1单元1005室", "", "某" * 5000, "备" * 800],
        [3, "王强", "男", ID_C, "中兴路" + "8" * 300 + "号", "", "", ""],
    ])
    r = _by_row(import_ledger(store, path, user="tester", today=TODAY))
    assert r[3].status == "rejected"
    too_long = next(p for p in r[3].problems if p.key == "text.too_long")
    assert too_long.column == "姓名" and too_long.params == {"length": 10_000, "limit": 50}
    assert "超过上限 50" in too_long.message_zh
    assert r[4].status == "created_with_warnings"  # optional texts: left out with a warning
    assert {(p.field, p.severity.value) for p in r[4].problems if p.key == "import.text_too_long_dropped"} == {
        ("employer_name", "warning"), ("note", "warning")}
    assert r[5].status == "rejected" and "text.too_long" in _keys(r[5])


def test_odd_files_get_sensible_verdicts(store: Store, tmp_path: Path) -> None:
    # CSV in GBK, columns in another order, a title line and a footer
    gbk = tmp_path / "gbk.csv"
    with gbk.open("w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["下应街道流动人口登记表"])
        w.writerow(["居住地址", "公民身份号码", "姓名", "联系电话"])
        w.writerow(["中兴路88号16幢1单元1004室", ID_A, "欧阳娜娜", "0574-8888 1234"])
        w.writerow(["中兴路88号16幢1单元1004室", ID_B.lower(), "张 三", "+86 138 1234 5678"])
        w.writerow(["合计：2人", "", "", ""])
    report = import_ledger(store, gbk, user="tester", today=TODAY, keep_values=True)
    assert report.totals["created"] + report.totals["created_with_warnings"] == 2
    assert [(v.values or {}).get("name") for v in report.rows] == ["欧阳娜娜", "张三"]
    assert [(v.values or {}).get("phone") for v in report.rows] == ["0574-88881234", "13812345678"]
    assert report.skipped == [(5, "footer")]

    # a second sheet holds the ledger (the first is a cover sheet); merged title rows; dates as text
    wb = openpyxl.Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "说明"
    cover.append(["本工作簿第二页为台账"])
    ws = wb.create_sheet("台账")
    ws.append(["鄞州区流动人口台账"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：钟公庙街道"])
    ws.merge_cells("A2:F2")
    ws.append(["姓名", "公民身份号码", "出生日期", "居住地址", "来鄞日期", "备注"])
    ws.append(["王芳", ID_C, "1992.7.7", "中兴路88号16幢1单元1006室", datetime(2020, 5, 1), ""])
    ws.append(["赵磊", "", "", "中兴路88号16幢1单元1007室", "2023年5月1日", ""])
    second = tmp_path / "second.xlsx"
    wb.save(second)
    report = import_ledger(store, second, user="tester", today=TODAY)
    assert report.sheet == "台账" and report.header_row == 3
    r = _by_row(report)
    assert r[4].status in ("created", "created_with_warnings")
    assert r[5].status == "rejected" and "id_number.required" in _keys(r[5])


def test_tab_separated_csv_with_a_long_first_row_finds_its_header(store: Store, tmp_path: Path) -> None:
    """csv.Sniffer gave up on an 8 KB sample cut inside a 10,000-character cell: no header was found."""
    path = tmp_path / "tabs.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["姓名", "公民身份号码", "居住地址", "工作单位"])
        w.writerow(["王" * 10_000, ID_A, "中兴路88号16幢1单元1004室", ""])
        w.writerow(["姓名", "公民身份号码", "居住地址", "工作单位"])
        w.writerow(["李娜", ID_B, "中兴路88号16幢1单元1005室", "某" * 300])
        w.writerow(["共 2 人", "", "", ""])
    report = import_ledger(store, path, user="tester", today=TODAY)
    r = _by_row(report)
    assert report.header_row == 1 and report.data_rows == 2
    assert r[2].status == "rejected" and "text.too_long" in _keys(r[2])
    assert r[4].status == "created_with_warnings" and "import.text_too_long_dropped" in _keys(r[4])
    assert report.skipped == [(3, "repeated_header"), (5, "footer")]


def test_control_characters_reject_the_row_naming_the_column(store: Store, tmp_path: Path) -> None:
    """A CSV name "张\\x00三" was stored ``created`` and central later refused it (``text.invalid:name``)."""
    ID_D, ID_E, ID_F, ID_G = (valid_id(f"3302121990010{n}123") for n in (2, 3, 4, 5))
    ID_H, ID_I = valid_id("33021219900106123"), valid_id("33021219900107123")
    header = ["姓名", "公民身份号码", "居住地址", "联系电话", "工作单位", "民族", "房东姓名", "备注"]
    rows = [
        ["张\x00三", ID_A, "中兴路88号16幢1单元1001室", "", "", "", "", ""],
        ["李娜", ID_B, "中兴路88号16幢1单元1002室\x07", "", "", "", "", ""],
        ["王强", ID_C, "中兴路88号16幢1单元1003室", "138\x0012345678", "", "", "", ""],
        ["赵磊", ID_D, "中兴路88号16幢1单元1004室", "", "某\x1b公司", "", "", ""],
        ["钱敏", ID_E, "中兴路88号16幢1单元1005室", "", "", "汉\x01", "", ""],  # an unknown code goes to the note
        ["孙丽", ID_F, "中兴路88号16幢1单元1006室", "", "", "", "周\x1f八", ""],
        ["周杰", ID_G, "中兴路88号16幢1单元1007室", "", "", "", "", "备\x0b注"],
        ["吴芳", ID_H, "中兴路88号16幢1单元1008室", "", "", "", "", "第一行\n第二行\t完"],  # tab, newline: fine
        ["郑伟", ID_I, "中兴路88号16幢1单元1009室", "13812345678", "某公司", "汉", "周八", ""],
    ]
    path = tmp_path / "控制字符.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    report = import_ledger(store, path, user="tester", today=TODAY)
    r = _by_row(report)
    expected = {2: "姓名", 3: "居住地址", 4: "联系电话", 5: "工作单位", 6: "民族", 7: "房东姓名", 8: "备注"}
    for row, column in expected.items():
        assert r[row].status == "rejected", (row, r[row].problems)
        [problem] = [p for p in r[row].problems if p.key == "text.invalid"]
        assert problem.column == column and problem.severity.value == "error", row
        assert "控制字符" in problem.message_zh and "第" in problem.message_zh, problem.message_zh
        assert not any("\x00" in p.message_zh or "\x00" in p.message for p in r[row].problems)
    assert r[2].problems[0].params == {"position": 2, "character": "U+0000"}
    assert r[9].status == "created" and r[10].status == "created"
    with store.read() as conn:
        stored = {x.name: x.note for x in conn.execute(select(t.resident.c.name, t.resident.c.note))}
        landlords = [x.landlord_name for x in conn.execute(select(t.rental_unit.c.landlord_name))]
    assert stored == {"吴芳": "第一行\n第二行\t完", "郑伟": ""}
    assert landlords == ["周八"]
