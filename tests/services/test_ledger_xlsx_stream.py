"""The streaming xlsx reader's two paths (regular-expression scanner, iterparse) give openpyxl's values."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from desktop.services.ledger_parse import _iter_xlsx_openpyxl
from desktop.services.xlsx_stream import XlsxStream


def _odd_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["标题 & <说明>", None, "a\r\nb"])
    ws.append([1, 2.5, True, False, datetime(2023, 5, 1), "=1+1", "  spaced  ", ""])
    ws["B5"] = "sparse"
    ws["D7"] = 330212199001011232
    ws["E7"] = 3.302121990010112e17
    ws["A8"] = CellRichText([TextBlock(InlineFont(b=True), "粗"), "体"])
    ws["C9"] = "#N/A"
    ws["F10"] = datetime(2020, 2, 29, 13, 30)
    ws["F10"].number_format = "yyyy-mm-dd hh:mm"
    wb.create_sheet("第二页").append(["x", 1, None, "y"])
    wb.save(path)
    return path


def test_scanner_and_iterparse_equal_openpyxl(tmp_path: Path) -> None:
    from bench.ledger_bench import write_ledger

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
    for path in (fixture, write_ledger(tmp_path / "gen.xlsx", 200, seed=3), _odd_workbook(tmp_path / "odd.xlsx")):
        expected = {title: list(rows) for title, rows in _iter_xlsx_openpyxl(path)}
        stream = XlsxStream(path)
        try:
            for title, part in stream.sheets():
                scanned = list(stream._rows_scan(part))
                parsed = list(stream._rows_iterparse(part))
                assert scanned == parsed, (path.name, title)
                assert _trim(scanned) == _trim(expected[title]), (path.name, title)
        finally:
            stream.close()


def _trim(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
    out = []
    for n, cells in rows:
        c = list(cells)
        while c and c[-1] is None:
            c.pop()
        if c:
            out.append((n, tuple(c)))
    return out
