"""Export: an area's register as a ledger (台账), an import's result workbook, reminders, rates.

* :func:`export_ledger` writes the people living in an area (district, town, community or grid)
  in the layout offices keep — a title row, the header on row 2, one person a row, people of one
  room on consecutive rows, code values by their Chinese names — as .xlsx (ID numbers, phones and
  codes as *text* cells, so Excel cannot turn them into numbers) or CSV (UTF-8, optionally with a
  BOM for old Excel versions that otherwise read UTF-8 as GBK).  Importing the file again
  (:func:`desktop.services.ledger_import.import_ledger`) gives the same register.
* :func:`write_result_workbook` repeats an imported ledger's rows with 导入结果 / 问题所在列 /
  原因 columns (Chinese), so the office can fix the rejected rows and import the file again.
* :func:`export_reminders` writes an area's reminders list (issue 4's reminder service:
  permit endorsements due or overdue, leases ending, revisits, overdue registrations).
* :func:`export_rates_report` writes issue 5's rates and statistics report (the three rates with
  n, interval and status, the samples' seeds and designs …) as .xlsx or CSV.

Every export is written in a private folder beside the target, its ``export`` audit event committed,
then renamed into place (:mod:`desktop.services.export_files`; nothing goes to the system temp folder).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text
from xlsxwriter.utility import cell_autofit_width

from desktop.domain.codes import IdType, ResidenceReason, load_code_tables
from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.services.export_files import ExportAudit, export_to, put, xlsx_workbook
from desktop.services.ledger_import import ImportReport
from desktop.services.ledger_parse import (
    LedgerFormatError,
    cell_text,
    csv_needs_quote,
    read_ledger,
)
from desktop.services.messages_zh import SKIP_REASON_ZH, STATUS_ZH
from desktop.store import tables as t
from desktop.store.db import Store

#: The exported ledger's columns: (header, key in the row dict).  Every header is a synonym the
#: importer knows, so an export imports as it is.
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("序号", "seq"),
    ("姓名", "name"),
    ("性别", "sex"),
    ("民族", "ethnicity"),
    ("证件类型", "id_type"),
    ("公民身份号码", "id_number"),
    ("出生日期", "birth_date"),
    ("户籍地区划代码", "hukou_code"),
    ("户籍地址", "hukou_address"),
    ("镇街", "town"),
    ("社区", "community"),
    ("网格", "grid"),
    ("居住地址", "address"),
    ("联系电话", "phone"),
    ("工作单位", "employer_name"),
    ("单位统一社会信用代码", "employer_uscc"),
    ("职业", "occupation"),
    ("文化程度", "education"),
    ("婚姻状况", "marital_status"),
    ("政治面貌", "political_status"),
    ("居住事由", "reason"),
    ("来鄞日期", "arrival_date"),
    ("与户主关系", "relationship"),
    ("房东姓名", "landlord_name"),
    ("房东电话", "landlord_phone"),
    ("房东身份证号", "landlord_id_number"),
    ("备注", "note"),
)
#: Columns written as text cells (Excel would otherwise store them as numbers and lose digits).
TEXT_COLUMNS = frozenset({"id_number", "hukou_code", "phone", "employer_uscc", "landlord_phone",
                          "landlord_id_number"})

REASON_ZH: dict[str, str] = {
    ResidenceReason.WORK: "务工",
    ResidenceReason.BUSINESS: "经商",
    ResidenceReason.ACCOMPANY: "随迁",
    ResidenceReason.RELATIVES: "投亲靠友",
    ResidenceReason.STUDY: "就学",
    ResidenceReason.OTHER: "其他",
}
ID_TYPE_ZH: dict[str, str] = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.PASSPORT: "护照",
    IdType.HK_MACAU_PERMIT: "港澳居民来往内地通行证",
    IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
}


class ExportError(ValueError):
    """The area is unknown (``key`` ``export.area_unknown``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class AreaRef:
    """An area: id, level, name, code (None for communities and grids without one)."""

    id: str
    level: str
    name: str
    code: str | None


def resolve_area(store: Store, code_or_id: str) -> AreaRef:
    """Find an area by id or official code (330212 = the district, 9-digit town codes).

    Raises:
        ExportError: no such area.
    """
    a = t.area
    with store.read() as conn:
        row = conn.execute(
            select(a.c.id, a.c.level, a.c.name, a.c.code)
            .where(a.c.deleted == 0, (a.c.id == code_or_id) | (a.c.code == code_or_id))
            .order_by((a.c.id == code_or_id).desc())
            .limit(1)
        ).first()
    if row is None:
        raise ExportError("export.area_unknown", f"no area with id or code {code_or_id!r}")
    return AreaRef(str(row.id), str(row.level), str(row.name), row.code)


_SUBTREE = text(
    "WITH RECURSIVE sub(id) AS (SELECT :root UNION SELECT a.id FROM area a JOIN sub ON a.parent_id = sub.id "
    "WHERE a.deleted = 0) SELECT id FROM sub"
)


def _area_ids(conn: Connection, root: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(_SUBTREE, {"root": root})]


def _grid_ids(conn: Connection, root: str) -> list[str]:
    ids = _area_ids(conn, root)
    a = t.area
    out: list[str] = []
    for i in range(0, len(ids), 500):
        out += [str(x) for x in conn.execute(
            select(a.c.id).where(a.c.id.in_(ids[i:i + 500]), a.c.level == "grid")).scalars()]
    return out


def _area_names(conn: Connection) -> dict[str, tuple[str | None, str, str]]:
    """area id → (parent id, level, name)."""
    a = t.area
    return {str(r.id): (r.parent_id, str(r.level), str(r.name))
            for r in conn.execute(select(a.c.id, a.c.parent_id, a.c.level, a.c.name).where(a.c.deleted == 0))}


def register_rows(store: Store, area: AreaRef) -> list[dict[str, Any]]:
    """The people living in ``area`` as ledger rows (keys of :data:`LEDGER_COLUMNS`), room by room.

    Ordered by town, address, household (head first) so that a room's people are consecutive
    rows — what the importer reads as one household and one rental unit.
    """
    tables = load_code_tables()
    sa, reg, r, ru = t.standard_address, t.residence_registration, t.resident, t.rental_unit
    rows: list[dict[str, Any]] = []
    with store.read() as conn:
        grids = _grid_ids(conn, area.id)
        areas = _area_names(conn)
        landlords: dict[str, Any] = {}
        records: list[Any] = []
        for i in range(0, len(grids), 500):
            chunk = grids[i:i + 500]
            records += conn.execute(
                select(r, sa.c.full_text, sa.c.grid_id, reg.c.household_id, reg.c.relationship,
                       reg.c.address_id)
                .select_from(reg.join(r, r.c.id == reg.c.resident_id).join(sa, sa.c.id == reg.c.address_id))
                .where(sa.c.grid_id.in_(chunk), reg.c.status == "living", reg.c.deleted == 0, r.c.deleted == 0)
            ).mappings().all()
            for u in conn.execute(
                select(ru.c.address_id, ru.c.landlord_name, ru.c.landlord_phone, ru.c.landlord_id_number)
                .join(sa, sa.c.id == ru.c.address_id)
                .where(sa.c.grid_id.in_(chunk), ru.c.deleted == 0)
                .order_by(ru.c.updated_at)
            ).mappings():
                landlords[str(u["address_id"])] = u

    def chain(grid_id: str) -> tuple[str, str, str]:
        grid = areas.get(grid_id, (None, "grid", ""))
        community = areas.get(str(grid[0]), (None, "community", "")) if grid[0] else (None, "", "")
        town = areas.get(str(community[0]), (None, "town", "")) if community[0] else (None, "", "")
        town_name = town[2] if town[1] == "town" and tables.town.lookup(town[2]) else ""
        return town_name, community[2], grid[2]

    def head_first(rec: Mapping[str, Any]) -> tuple[Any, ...]:
        town, _c, _g = chain(str(rec["grid_id"]))
        return (town, str(rec["full_text"]), str(rec["address_id"]), str(rec["household_id"] or ""),
                rec["relationship"] != "02", str(rec["id_number"]))

    def name_of(table: str, code: str) -> str:
        return (tables.by_name(table).name_of(code) or code) if code else ""

    for seq, rec in enumerate(sorted(records, key=head_first), start=1):
        town, community, grid = chain(str(rec["grid_id"]))
        lord = landlords.get(str(rec["address_id"]))
        rows.append({
            "seq": seq,
            "name": rec["name"],
            "sex": name_of("sex", str(rec["sex"] or "")) if rec["sex"] not in ("0", "9", "") else "",
            "ethnicity": name_of("ethnicity", str(rec["ethnicity"] or "")),
            "id_type": ID_TYPE_ZH.get(str(rec["id_type"]), str(rec["id_type"])),
            "id_number": rec["id_number"],
            "birth_date": rec["birth_date"] or "",
            "hukou_code": rec["hukou_code"] or "",
            "hukou_address": rec["hukou_address"] or "",
            "town": town,
            "community": community,
            "grid": grid,
            "address": rec["full_text"],
            "phone": rec["phone"] or "",
            "employer_name": rec["employer_name"] or "",
            "employer_uscc": rec["employer_uscc"] or "",
            "occupation": rec["occupation"] or "",
            "education": name_of("education", str(rec["education"] or "")),
            "marital_status": name_of("marital_status", str(rec["marital_status"] or "")),
            "political_status": name_of("political_status", str(rec["political_status"] or "")),
            "reason": REASON_ZH.get(str(rec["reason"]), "") if rec["reason"] else "",
            "arrival_date": rec["arrival_date"] or "",
            "relationship": name_of("relationship", str(rec["relationship"] or "")),
            "landlord_name": lord["landlord_name"] if lord is not None else "",
            "landlord_phone": lord["landlord_phone"] if lord is not None else "",
            "landlord_id_number": lord["landlord_id_number"] if lord is not None else "",
            "note": rec["note"] or "",
        })
    return rows


def csv_cell(value: object) -> object:
    """A cell as every CSV export writes it: None → ""; a text starting with one of
    :data:`~desktop.services.ledger_parse.CSV_FORMULA_STARTS` (``=``, ``+``, ``-``, ``@``, tab, CR) behind one
    single quote, as OWASP's "CSV Injection" guidance says, so a spreadsheet shows it instead of running it
    (``=HYPERLINK(…)``); so is a text starting with quotes and then one of those
    (:func:`desktop.services.ledger_parse.csv_needs_quote`), so that the import, which drops that one quote
    (:func:`desktop.services.ledger_parse.read_ledger`), gives every text back as it was.
    Numbers and everything else as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and csv_needs_quote(value):
        return "'" + value
    return value


def _write_csv(out: Path, header: Sequence[str], rows: Iterable[Sequence[object]], bom: bool,
               audit_event: ExportAudit | None = None, count: int = 0) -> None:
    """Write CSV (UTF-8, BOM optional) through :func:`export_to`: staged beside ``out``, audited, renamed."""
    with export_to(out, audit_event) as staged:
        with staged.path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([csv_cell(h) for h in header])
            for row in rows:
                w.writerow([csv_cell(v) for v in row])
        staged.count = count


#: Data rows measured for the column widths of an .xlsx export (a longer text further down is cut, as in Excel).
WIDTH_SAMPLE_ROWS = 2000
#: Column width bounds in pixels (Excel's default column is 64 px; 480 px ≈ 30 Chinese characters).
MIN_COLUMN_PIXELS, MAX_COLUMN_PIXELS = 48, 480
#: Pixels a wide (CJK) character needs beyond XlsxWriter's 8 px for characters it has no width for:
#: at 11 pt it is about twice as wide as a digit (7 px).
_WIDE_EXTRA_PIXELS = 8


def text_pixels(value: object) -> int:
    """The pixels a cell needs to show ``value`` in full: XlsxWriter's autofit width
    (:func:`xlsxwriter.utility.cell_autofit_width`, Calibri 11 and Excel's padding) plus
    :data:`_WIDE_EXTRA_PIXELS` for each East Asian wide character."""
    text = "" if value is None else str(value)
    if not text:
        return 0
    wide = 0 if text.isascii() else sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return int(cell_autofit_width(text)) + wide * _WIDE_EXTRA_PIXELS


def column_pixels(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[int]:
    """Column widths in pixels fitting the header and the first :data:`WIDTH_SAMPLE_ROWS` rows of
    ``rows`` (a sequence: an iterator is not consumed), within the bounds above."""
    px = [text_pixels(h) for h in header]
    sample = rows[:WIDTH_SAMPLE_ROWS] if isinstance(rows, Sequence) else ()
    for row in sample:
        for c, v in enumerate(row[:len(px)]):
            n = text_pixels(v)
            if n > px[c]:
                px[c] = n
    return [min(max(n, MIN_COLUMN_PIXELS), MAX_COLUMN_PIXELS) for n in px]


def _write_xlsx(out: Path, sheets: Sequence[tuple[str, str, Sequence[str], Iterable[Sequence[object]],
                                                  frozenset[int]]],
                audit_event: ExportAudit | None = None, count: int = 0) -> None:
    """Write sheets (name, title, header, rows, text column indexes) with XlsxWriter, streaming rows
    (constant memory) with its temporary files beside ``out`` (:mod:`desktop.services.export_files`).

    Columns are as wide as their header and values (:func:`column_pixels`). Text columns have the
    text format ``@`` on every data row, empty cells included, and as the column's format below the
    data: a number typed in later (a landlord's phone) stays text and keeps its digits."""
    with export_to(out, audit_event) as staged:
        wb = xlsx_workbook(staged.path, staged.folder, constant_memory=True)
        title_fmt = wb.add_format({"bold": True, "font_size": 14})
        head_fmt = wb.add_format({"bold": True})
        text_fmt = wb.add_format({"num_format": "@"})
        for name, title, header, rows, text_cols in sheets:
            ws = wb.add_worksheet(name)
            width = max(len(header), 1)
            for c, px in enumerate(column_pixels(header, rows)):
                ws.set_column_pixels(c, c, px, text_fmt if c in text_cols else None)
            r = 0
            if title:
                if width > 1:
                    ws.merge_range(0, 0, 0, width - 1, title, title_fmt)
                else:
                    ws.write_string(0, 0, title, title_fmt)
                r = 1
            for c, h in enumerate(header):
                put(ws, r, c, h, head_fmt)
            for row in rows:
                r += 1
                for c, v in enumerate(row):
                    if c not in text_cols:
                        put(ws, r, c, v)
                    elif v is None or v == "":
                        ws.write_blank(r, c, None, text_fmt)
                    else:
                        ws.write_string(r, c, str(v), text_fmt)
                for c in text_cols:
                    if c >= len(row):
                        ws.write_blank(r, c, None, text_fmt)
        wb.close()
        staged.count = count


def export_ledger(store: Store, area: str, out: Path, *, as_csv: bool = False, bom: bool = False,
                  user: str | None = None, source: str = "ledger") -> int:
    """Write the register of ``area`` (id or code) as a ledger to ``out``; return the number of people.

    ``as_csv`` (or a ``.csv`` name) writes CSV in UTF-8, with a BOM when ``bom``. The ``export``
    audit event (entity ``ledger``, count = people, detail = ``source``, format and area code; user
    None = the signed-in user) is committed before the file is renamed into place (issue 7).

    Raises:
        ExportError: unknown area.
        sqlalchemy.exc.SQLAlchemyError: the audit event could not be written (no file is left).
    """
    ref = resolve_area(store, area)
    rows = register_rows(store, ref)
    header = [h for h, _k in LEDGER_COLUMNS]
    values = [[r[k] for _h, k in LEDGER_COLUMNS] for r in rows]
    csv_out = as_csv or out.suffix.lower() == ".csv"
    event = ExportAudit.of(store, user, "ledger", f"{source} {'csv' if csv_out else 'xlsx'} area {area}: "
                                          "full ID numbers and phones")
    if csv_out:
        _write_csv(out, header, values, bom, event, len(rows))
    else:
        text_cols = frozenset(i for i, (_h, k) in enumerate(LEDGER_COLUMNS) if k in TEXT_COLUMNS)
        title = f"{ref.name}流动人口居住登记台账（导出日期 {date.today().isoformat()}）"
        _write_xlsx(out, [("台账", title, header, values, text_cols)], event, len(rows))
    return len(rows)


# ---- the result workbook of an import ----------------------------------------------------------

RESULT_HEADERS = ("导入结果", "问题所在列", "原因")


def write_result_workbook(source: Path, report: ImportReport, out: Path,
                          mapping: Mapping[str, str] | None = None) -> int:
    """Repeat the ledger's data rows with the import's verdict, column and Chinese reason per row.

    The header row is the ledger's own (plus :data:`RESULT_HEADERS`), so the office can fix the
    rejected rows in this file and import it again (the added columns are not imported).  Rows
    the import did not reach (a cancel) say so; total, signature and repeated header lines the
    import skipped are listed in place as 跳过 with the reason.  Returns the number of data rows
    written (skipped lines not counted).

    Raises:
        LedgerFormatError: ``source`` is no longer a readable ledger.
    """
    table = read_ledger(source, mapping)
    verdicts = {v.row: v for v in report.rows}
    header = [c.header for c in table.columns] + list(RESULT_HEADERS)
    id_col = table.field_index.get("id_number")
    text_cols = frozenset(i for i in (id_col, table.field_index.get("phone"), table.field_index.get("landlord_phone"),
                                      table.field_index.get("landlord_id_number")) if i is not None)
    out_rows: list[list[object]] = []
    skipped = {n: r for n, r in report.skipped if n in table.skipped_cells}
    listed = sorted([(r.number, r.cells) for r in table.rows] + list(table.skipped_cells.items()))
    for number, row_cells in listed:
        cells: list[object] = [_cell_out(v, i in text_cols) for i, v in enumerate(row_cells)]
        cells += [""] * (len(table.columns) - len(cells))
        if number in skipped:  # a total, signature or repeated header line: not a person
            cells += [STATUS_ZH["skipped"], "", SKIP_REASON_ZH.get(skipped[number], skipped[number])]
            out_rows.append(cells)
            continue
        v = verdicts.get(number)
        if v is None:
            cells += ["未处理", "", "导入在此行之前已取消或中止。"]
        else:
            problems = [p for p in v.problems if p.severity == "error"] or list(v.problems)
            cells += [STATUS_ZH.get(v.status, v.status),
                      "、".join(dict.fromkeys(p.column for p in problems if p.column)),
                      "；".join(p.message_zh or p.message for p in problems)]
        out_rows.append(cells)
    title = f"导入结果：{source.name}（第{table.header_row}行为表头，共{len(table.rows)}行数据）"
    if out.suffix.lower() == ".csv":
        _write_csv(out, header, out_rows, bom=True)
    else:
        _write_xlsx(out, [("导入结果", title, header, out_rows, text_cols)])
    return len(out_rows) - len(skipped)


def _cell_out(value: object, as_text: bool) -> object:
    if value is None:
        return ""
    if as_text and isinstance(value, float):
        return cell_text(value)  # a mangled number stays visibly mangled (4.1142219941025E+17)
    return value


# ---- reminders ----------------------------------------------------------------------------------

REMINDER_HEADER = ("类别", "到期日", "剩余天数", "网格", "居住地址", "姓名/房东", "说明")
REMINDER_KIND_ZH = {
    "permit_due": "居住证签注将到期",
    "permit_suspended": "居住证签注已逾期",
    "lease_ending": "租约到期",
    "revisit_due": "需复访",
    "registration_overdue": "居住登记逾期未办结",
}


def reminder_rows(store: Store, area: AreaRef, today: date, days: int = 30) -> list[list[object]]:
    """The reminders of the area's grids (issue 4's :class:`desktop.services.reminders.ReminderService`:
    permit endorsements, leases, revisits, overdue registrations) as sheet rows, most urgent first."""
    from desktop.services.reminders import ReminderService

    with store.read() as conn:
        grids = set(_grid_ids(conn, area.id))
    return [[REMINDER_KIND_ZH.get(r.kind.value, r.kind.value), r.due.isoformat(), r.days, r.grid_name,
             r.address_text, r.subject, r.detail]
            for r in ReminderService(store).reminders(today, horizon_days=days) if r.grid_id in grids]


def export_reminders(store: Store, area: str, out: Path, *, today: date | None = None, days: int = 30,
                     as_csv: bool = False, bom: bool = False, user: str | None = None) -> int:
    """Write the reminders list of ``area`` to ``out`` (.xlsx, or CSV); return the number of reminders.

    Audited like :func:`export_ledger` (entity ``reminders``: names and addresses).
    """
    ref = resolve_area(store, area)
    today = today or date.today()
    rows = reminder_rows(store, ref, today, days)
    csv_out = as_csv or out.suffix.lower() == ".csv"
    event = ExportAudit.of(store, user, "reminders", f"reminders {'csv' if csv_out else 'xlsx'} area {area}")
    if csv_out:
        _write_csv(out, REMINDER_HEADER, rows, bom, event, len(rows))
    else:
        title = f"{ref.name}提醒清单（{today.isoformat()}起{days}天内到期及已逾期）"
        _write_xlsx(out, [("提醒", title, REMINDER_HEADER, rows, frozenset())], event, len(rows))
    return len(rows)


# ---- rates and statistics -------------------------------------------------------------------------


def export_rates_report(store: Store, area: str, out: Path, *, as_csv: bool = False, bom: bool = False,
                        user: str | None = None) -> int:
    """Write the rates and statistics report of ``area``: issue 5's report (the three rates with n,
    interval and status, per-field accuracy, Chapman, coverage, the samples' seeds and designs …)
    as its workbook, or as one CSV of titled tables (UTF-8, BOM optional).  Returns the number of
    tables written. Audited like :func:`export_ledger` (entity ``rates``, count = tables)."""
    from desktop.services.rates_report import build_report, export_excel

    ref = resolve_area(store, area)
    content = build_report(store, YINZHOU_DISTRICT_CODE if ref.code == YINZHOU_DISTRICT_CODE else ref.id)
    csv_out = as_csv or out.suffix.lower() == ".csv"
    event = ExportAudit.of(store, user, "rates", f"rates report {'csv' if csv_out else 'xlsx'} area {area}")
    if csv_out:
        rows: list[list[object]] = [["生成时间", content.generated_at, "区域", ref.name]]
        for title, header, table_rows in content.tables:
            rows += [[], [title], list(header), *[list(r) for r in table_rows]]
        _write_csv(out, [content.title], rows, bom, event, len(content.tables))
    else:
        export_excel(content, out, event)
    return len(content.tables)


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    """Render rows as CSV text (tests and previews), cells as :func:`csv_cell` writes them."""
    buf = io.StringIO()
    csv.writer(buf).writerows([csv_cell(v) for v in row] for row in rows)
    return buf.getvalue()


__all__ = [
    "LEDGER_COLUMNS",
    "AreaRef",
    "ExportError",
    "LedgerFormatError",
    "export_ledger",
    "export_rates_report",
    "export_reminders",
    "register_rows",
    "resolve_area",
    "write_result_workbook",
]
