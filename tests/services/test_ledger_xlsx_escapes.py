"""A ledger written by Excel or XlsxWriter carries control characters and CR as OOXML ``_xHHHH_``
escapes: the import reads the characters themselves, like a CSV import of the same texts."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import select

from desktop.domain.idnumber import compute_check_digit
from desktop.services.ledger_import import ImportReport, import_ledger
from desktop.store import tables as t
from desktop.store.db import Store, open_store

TODAY = date(2024, 6, 1)
HEADER = ["姓名", "公民身份号码", "居住地址", "联系电话", "工作单位", "备注"]


def _id(first17: str) -> str:
    return first17 + compute_check_digit(first17)


ROWS = [
    ["张\x07三", _id("33021219900101123"), "中兴路88号16幢1单元1001室", "", "", ""],
    ["李娜", _id("41142219850315002"), "中兴路88号16幢1单元1002室", "", "宁波\r\n电子厂", ""],
    ["王强", _id("51370119920707551"), "中兴路88号16幢1单元1003室", "", "", "备\x1b注"],
    ["赵磊", _id("33021219900102123"), "中兴路88号16幢1单元1004室", "", "", "_x0041_"],
]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a, b = open_store(tmp_path / "a.sqlite"), open_store(tmp_path / "b.sqlite")
    yield a, b
    a.close()
    b.close()


def _xlsx(path: Path, inline: bool) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    ws = wb.add_worksheet("台账")
    for r, row in enumerate([HEADER, *ROWS]):
        for c, v in enumerate(row):
            if v:
                ws.write_string(r, c, v)
    wb.close()
    return path


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return path


def _stored(store: Store) -> dict[str, tuple[str, str]]:
    r = t.resident
    with store.read() as conn:
        return {x.name: (x.employer_name, x.note) for x in conn.execute(select(r.c.name, r.c.employer_name, r.c.note))}


def _verdicts(report: ImportReport) -> dict[int, tuple[str, list[tuple[str, str]]]]:
    return {v.row: (v.status, sorted((p.key, p.column) for p in v.problems)) for v in report.rows}


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
def test_escaped_control_characters_and_cr_read_like_csv(stores: tuple[Store, Store], tmp_path: Path,
                                                        inline: bool) -> None:
    from_xlsx, from_csv = stores
    rx = import_ledger(from_xlsx, _xlsx(tmp_path / "台账.xlsx", inline), user="tester", today=TODAY)
    rc = import_ledger(from_csv, _csv(tmp_path / "台账.csv"), user="tester", today=TODAY)
    verdicts = _verdicts(rx)
    assert verdicts[2][0] == "rejected" and ("text.invalid", "姓名") in verdicts[2][1]
    assert verdicts[4][0] == "rejected" and ("text.invalid", "备注") in verdicts[4][1]
    assert verdicts == _verdicts(rc)
    assert _stored(from_xlsx) == _stored(from_csv)
    assert "_x" not in _stored(from_xlsx)["李娜"][0]  # the CR read as CR, then treated like the CSV's
    assert _stored(from_xlsx)["赵磊"][1] == "_x0041_"
