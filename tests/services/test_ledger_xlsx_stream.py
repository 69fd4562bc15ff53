"""The streaming xlsx reader's two paths (regular-expression scanner, iterparse) give openpyxl's values
and merged ranges."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import fromstring

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from desktop.services.ledger_parse import _iter_xlsx_openpyxl
from desktop.services.xlsx_stream import (
    _CHUNK_BYTES,
    MergedRange,
    XlsxStream,
    _string_item,
    scan_merged_ranges,
)


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
    ws["A11"] = "合并"
    ws.merge_cells("A11:A13")  # down
    ws["B12"] = "横向"
    ws.merge_cells("B12:D12")  # sideways
    ws["AA14"] = "块"
    ws.merge_cells("AA14:AB15")  # both
    wb.create_sheet("第二页").append(["x", 1, None, "y"])
    wb.save(path)
    return path


def test_scanner_and_iterparse_equal_openpyxl(tmp_path: Path) -> None:
    from bench.ledger_bench import write_ledger

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
    for path in (fixture, write_ledger(tmp_path / "gen.xlsx", 200, seed=3), _odd_workbook(tmp_path / "odd.xlsx")):
        expected = {title: list(rows) for title, rows in _iter_xlsx_openpyxl(path)}
        merges = _openpyxl_merges(path)
        stream = XlsxStream(path)
        try:
            for title, part in stream.sheets():
                assert sorted(stream.merged_ranges(part)) == merges[title], (path.name, title)  # no pass yet: a scan
                stream._merged.clear()
                scanned = list(stream._rows_scan(part))
                assert sorted(stream.merged_ranges(part)) == merges[title], (path.name, title)
                stream._merged.clear()
                parsed = list(stream._rows_iterparse(part))
                assert sorted(stream.merged_ranges(part)) == merges[title], (path.name, title)
                assert scanned == parsed, (path.name, title)
                assert _trim(scanned) == _trim(expected[title]), (path.name, title)
        finally:
            stream.close()
    # rich text (runs): XlsxWriter escapes the escapes of its runs again, so a hand-written <si>
    runs = fromstring('<si><r><t>粗_x0007_</t></r><r><t>体_x005F_x0041_</t></r><rPh><t>_x0007_</t></rPh></si>')
    assert _string_item(runs) == "粗\x07体_x0041_"
    assert _openpyxl_merges(_odd_workbook(tmp_path / "odd2.xlsx"))["Sheet"] == [
        (11, 0, 13, 0), (12, 1, 12, 3), (14, 26, 15, 27)]


def _openpyxl_merges(path: Path) -> dict[str, list[MergedRange]]:
    """openpyxl's merged ranges per sheet (a full load), as (first row, first column, last row, last column)."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: sorted((r.min_row, r.min_col - 1, r.max_row, r.max_col - 1) for r in ws.merged_cells.ranges)
            for ws in wb.worksheets}


def test_merged_range_scan_across_chunks_prefixes_and_quotes() -> None:
    cut = _CHUNK_BYTES - 12  # the first tag straddles the first chunk's end
    data = (b" " * cut + b'<mergeCell ref="B3:B6"/>' + b"<mergeCells count='3'>"
            b"<x:mergeCell ref='$a$1:$c$1'/><mergeCell ref=\"D9\"/><mergeCell ref=\"F8:E2\"/></mergeCells>")
    assert scan_merged_ranges(io.BytesIO(data)) == [(3, 1, 6, 1), (1, 0, 1, 2), (2, 4, 8, 5)]


def _trim(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
    out = []
    for n, cells in rows:
        c = list(cells)
        while c and c[-1] is None:
            c.pop()
        if c:
            out.append((n, tuple(c)))
    return out


#: Texts Excel and XlsxWriter write with OOXML ``_xHHHH_`` escapes (ECMA-376 Part 1 §22.9.2.19 ST_Xstring),
#: and what reading them must give back.
_ESCAPED = ["张\x07三", "宁波\r\n电子厂", "_x0041_", "a_x0041_b", "plain", "tab\there"]


def _escaped_workbook(path: Path, *, inline: bool) -> Path:
    """XlsxWriter workbook of :data:`_ESCAPED`: shared strings, or (``constant_memory``) inline strings.

    Row 1 holds plain cells only (the scanner's one-expression path); row 2 the same texts beside a
    formula (the row goes to ElementTree)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    ws = wb.add_worksheet()
    for r in (0, 1):  # row by row: constant_memory writes a row out when the next one begins
        for c, s in enumerate(_ESCAPED):
            ws.write_string(r, c, s)
    ws.write_formula(1, len(_ESCAPED), "=1+1", None, 2)
    wb.close()
    return path


def test_ooxml_escapes_decoded_on_every_path(tmp_path: Path) -> None:
    for inline in (False, True):
        path = _escaped_workbook(tmp_path / f"esc-{inline}.xlsx", inline=inline)
        stream = XlsxStream(path)
        try:
            [(_title, part)] = stream.sheets()
            for rows in (list(stream._rows_scan(part)), list(stream._rows_iterparse(part))):
                assert rows[0] == (1, tuple(_ESCAPED)), inline
                assert rows[1] == (2, (*_ESCAPED, 2)), inline
        finally:
            stream.close()
    # rich text (runs): XlsxWriter escapes the escapes of its runs again, so a hand-written <si>
    runs = fromstring('<si><r><t>粗_x0007_</t></r><r><t>体_x005F_x0041_</t></r><rPh><t>_x0007_</t></rPh></si>')
    assert _string_item(runs) == "粗\x07体_x0041_"
