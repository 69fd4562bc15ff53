"""Pure parsing for the ledger (台账) importer: reading xlsx/CSV, finding the header, mapping columns,
turning cells into text and dates, splitting a residence address into standard-address segments.

No storage and no Qt; :mod:`desktop.services.ledger_import` builds records from what this returns.

Sources: the community ledgers' layout (a merged title row above the header, sometimes a two-row
header with a merged group label such as "房东信息" above 姓名/电话, and cells merged down over the
people of one room, e.g. 居住地址 and 房东姓名/房东电话; found by a user trial), Excel's date serials
(1900 date system, serial 1 = 1900-01-01, with Lotus' fictitious 1900-02-29 = serial 60) and
Excel's 15-significant-digit limit for numbers (which is what mangles ID numbers).
"""

from __future__ import annotations

import bisect
import csv
import io
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.idnumber import compute_check_digit

if TYPE_CHECKING:
    from desktop.services.xlsx_stream import MergedRange

logger = logging.getLogger(__name__)

#: Ledger field → the header texts that mean it (compared after :func:`normalize_header`).
#: Fields that are recognised but not imported (``seq``, ``permit_expiry``) still count for header
#: detection and are listed as "not imported" in the report. ``community`` and ``grid`` name the area the
#: row's room goes under (:mod:`desktop.services.ledger_import`).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "顺序号", "No", "NO"),
    "name": ("姓名", "名字", "人员姓名", "流动人口姓名", "暂住人员姓名", "居住人姓名", "承租人姓名"),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "id_type": ("证件类型", "证件种类", "身份证件类型", "证件名称"),
    "id_number": (
        "公民身份号码",
        "身份证号",
        "身份证号码",
        "证件号码",
        "身份证",
        "公民身份证号码",
        "身份证件号码",
        "证件号",
        "身份号码",
        "公民身份证号",
        "居民身份证号码",
        "身份证件号",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "hukou_address": (
        "户籍地址",
        "户籍地",
        "户籍地详址",
        "户口所在地",
        "户籍所在地",
        "户籍详址",
        "户籍地址详址",
        "籍贯",
    ),
    "hukou_code": ("户籍地区划代码", "户籍区划代码", "户籍地区划", "户籍行政区划"),
    "town": (
        "镇街",
        "镇(街道)",
        "街道",
        "所属街道",
        "所属镇街",
        "乡镇街道",
        "镇街道",
        "乡镇(街道)",
        "所属镇(街道)",
    ),
    # compared after NFKC: 社区（村） and 村（社区） with full-width brackets match too
    "community": ("社区", "村社区", "所属社区", "社区(村)", "村(社区)", "村居", "所属村社"),
    "grid": ("网格", "所属网格", "网格名称"),
    "address": (
        "居住地址",
        "现住址",
        "居住地详址",
        "现居住地址",
        "暂住地址",
        "住址",
        "居住详址",
        "现住地址",
        "居住地",
        "实际居住地址",
        "居住房屋地址",
        "出租房屋地址",
        "房屋地址",
        "现居住地",
    ),
    "phone": (
        "联系电话",
        "电话",
        "手机",
        "手机号",
        "手机号码",
        "联系方式",
        "本人电话",
        "本人联系电话",
        "电话号码",
    ),
    "employer_name": (
        "工作单位",
        "服务处所",
        "就业单位",
        "单位名称",
        "服务单位",
        "工作单位名称",
        "就业单位名称",
    ),
    "employer_uscc": ("单位统一社会信用代码", "统一社会信用代码", "工作单位信用代码", "单位信用代码"),
    "occupation": ("职业", "从事职业", "工种"),
    "education": ("文化程度", "学历"),
    "marital_status": ("婚姻状况", "婚姻状态", "婚否"),
    "political_status": ("政治面貌",),
    "reason": ("居住事由", "来鄞事由", "暂住事由", "居住原因", "来甬事由", "事由"),
    "arrival_date": (
        "来鄞日期",
        "来鄞时间",
        "到达日期",
        "来本地日期",
        "入住日期",
        "来甬日期",
        "居住日期",
        "来鄞州日期",
        "到达本地日期",
        "来本地时间",
        "入住时间",
    ),
    "relationship": ("与户主关系", "关系", "与户主的关系", "家庭关系"),
    "landlord_name": ("房东姓名", "房东", "出租人", "出租人姓名", "房主姓名", "业主姓名", "房主", "户主姓名"),
    "landlord_phone": (
        "房东电话",
        "房东联系电话",
        "出租人电话",
        "房主电话",
        "出租人联系电话",
        "房东手机",
        "房主联系电话",
    ),
    "landlord_id_number": (
        "房东身份证号",
        "房东身份证号码",
        "出租人身份证号",
        "出租人身份证号码",
        "房东证件号码",
        "房主身份证号",
        "房主身份证号码",
        "出租人证件号码",
    ),
    "permit_expiry": ("居住证到期日", "居住证有效期", "居住证有效期至", "居住证签注到期日"),
    "note": ("备注", "说明"),
}

#: Fields recognised in a header but not stored by this importer (reported as not imported).
NOT_IMPORTED_FIELDS: frozenset[str] = frozenset({"seq", "permit_expiry"})
#: Fields a ledger must have; without them the file is refused.
REQUIRED_FIELDS: tuple[str, ...] = ("name", "id_number", "address")
HEADER_MIN_MATCHES = 3
HEADER_SEARCH_ROWS = 30

_RE_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_RE_REQUIRED_MARK = re.compile(r"\((?:必填|选填|可选|必录|必须)\)|[*＊:：]")
_GROUP_SUFFIX = re.compile(r"(?:信息|情况|资料)$")


class LedgerFormatError(ValueError):
    """The file cannot be read as a ledger (unknown type, no header row, a required column missing).

    Attributes:
        key: message key (``ledger.file_type``, ``ledger.no_header``, ``ledger.missing_columns``,
            ``ledger.unreadable``); params: values for the message.
    """

    def __init__(self, key: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def normalize_header(text: object) -> str:
    """Normalise a header cell for matching: NFKC, no whitespace, no ``*``/``:``/``（必填）`` marks."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _RE_WS.sub("", s)
    return _RE_REQUIRED_MARK.sub("", s)


_SYNONYM_TO_FIELD: dict[str, str] = {}
for _field, _names in COLUMN_SYNONYMS.items():
    for _name in _names:
        _SYNONYM_TO_FIELD.setdefault(normalize_header(_name), _field)


def field_for_header(text: object, mapping: Mapping[str, str] | None = None) -> str | None:
    """Return the ledger field a header cell means, or None (after :func:`normalize_header`).

    ``mapping`` (normalised header → field, ``""`` = not imported) is the user's own mapping; it
    wins over :data:`COLUMN_SYNONYMS`.
    """
    key = normalize_header(text)
    if mapping:
        hit = mapping.get(key)
        if hit is not None:
            return hit or None
    return _SYNONYM_TO_FIELD.get(key)


#: The Chinese label of each field: its first synonym (what the export writes as header).
FIELD_LABELS: dict[str, str] = {f: names[0] for f, names in COLUMN_SYNONYMS.items()}


# ---- cells ----------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """Turn a cell value into text the way a person reads it.

    None → ""; integral floats → digits without ".0" (only below 1e15, where a double is exact);
    other floats → ``repr`` (so a mangled ID keeps its ``E+17``); datetimes → ISO date (time
    dropped when midnight); everything else ``str``.  Whitespace at the ends is stripped.
    """
    if value.__class__ is str:  # most cells: checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper() if math.isfinite(value) else ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def numeric_cell_lost_digits(value: object) -> bool:
    """True when a numeric cell holds an ID-sized number whose digits cannot be trusted.

    Excel keeps 15 significant digits, so an 18-digit ID number typed into a number cell has lost
    its last three digits (they read back as 000) even when it is shown without an exponent; a
    float of that size has lost digits too (a double is exact only below 2**53).  Never
    "repaired".  The one exception is :func:`numeric_id_intact`: an integer written by a program
    with all 18 digits and a right check digit.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) >= 1e15 and not numeric_id_intact(value)


def numeric_id_intact(value: object) -> bool:
    """True for an integer cell (not a float) of exactly 18 digits that does not end in 000 and
    whose last digit is the GB 11643-1999 check digit (ISO 7064 MOD 11-2) of the first 17.

    Such a number was written whole by a program (xlsx keeps integers in full); Excel would have
    cut it to 15 significant digits, leaving 000 at the end.  The importer accepts it with the
    warning ``import.id_stored_as_number``.  (A check character X cannot be stored as a number.)
    """
    if value.__class__ is not int:
        return False
    digits = str(value)
    return (
        len(digits) == 18
        and not digits.endswith("000")
        and compute_check_digit(digits[:17]) == digits[17]
    )


# ---- dates ----------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 and above (after Lotus' fictitious 1900-02-29)
#: Serial numbers taken as Excel dates: 1910-01-01 .. 2100-12-31.  Smaller numbers (a bare year
#: such as 1987, a month) are refused rather than read as early-1900s dates.
EXCEL_SERIAL_MIN = (date(1910, 1, 1) - _EXCEL_EPOCH).days
EXCEL_SERIAL_MAX = (date(2100, 12, 31) - _EXCEL_EPOCH).days
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_RE_YMD_SEP = re.compile(rf"(\d{{4}})\s*[-./年]\s*(\d{{1,2}})\s*[-./月]\s*(\d{{1,2}})\s*[日号]?{_TIME}")
_RE_YMD_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_RE_SERIAL_TEXT = re.compile(r"\d{4,5}(?:\.\d+)?")


class DateParseError(ValueError):
    """A cell is not a date in a known spelling.

    Attributes:
        key: ``import.date_unrecognized`` (no known spelling) or ``import.date_invalid`` (a known
            spelling but not a calendar date, e.g. 2023-02-30); value: the cell as text.
    """

    def __init__(self, key: str, value: str) -> None:
        super().__init__(f"{key}: {value!r}")
        self.key = key
        self.value = value


def _ymd(y: int, m: int, d: int, text: str) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise DateParseError("import.date_invalid", text) from exc


def excel_serial_to_date(serial: float) -> date:
    """Convert an Excel (1900 date system) serial number to a date; the time fraction is dropped.

    Raises:
        DateParseError: ``import.date_unrecognized`` outside :data:`EXCEL_SERIAL_MIN`..``MAX``.
    """
    if not math.isfinite(serial) or not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX + 1:
        raise DateParseError("import.date_unrecognized", cell_text(serial))
    return _EXCEL_EPOCH + timedelta(days=int(math.floor(serial)))


def parse_ledger_date(value: object) -> date | None:
    """Parse a ledger date cell.

    Accepts: ``datetime``/``date`` cells; Excel serial numbers (int/float, or such digits as text
    from a CSV) in the plausible range; 8-digit numbers/text ``YYYYMMDD``; text ``2023-05-01``,
    ``2023/5/1``, ``2023.5.1``, ``2023年5月1日`` (full-width digits and spaces allowed, a trailing
    time ignored).  Day-first or two-digit-year spellings (``01/05/2023``, ``23.5.1``) are
    ambiguous and refused.

    Returns:
        The date, or None for an empty cell.
    Raises:
        DateParseError: see its ``key``.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateParseError("import.date_unrecognized", str(value))
    if isinstance(value, int | float):
        if isinstance(value, int) or value.is_integer():
            n = int(value)
            if 10_000_000 <= n <= 99_999_999:
                s = str(n)
                return _ymd(int(s[:4]), int(s[4:6]), int(s[6:]), s)
        return excel_serial_to_date(float(value))
    text = _RE_WS.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()
    if not text:
        return None
    m = _RE_YMD_SEP.fullmatch(text)
    if m is not None:
        return _ymd(int(m[1]), int(m[2]), int(m[3]), text)
    m = _RE_YMD_COMPACT.fullmatch(text)
    if m is not None:
        return _ymd(int(m[1]), int(m[2]), int(m[3]), text)
    if _RE_SERIAL_TEXT.fullmatch(text):
        try:
            return excel_serial_to_date(float(text))
        except DateParseError as exc:
            raise DateParseError("import.date_unrecognized", text) from exc
    raise DateParseError("import.date_unrecognized", text)


# ---- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the ledger: 0-based index, header text as shown, mapped field (or None)."""

    index: int
    header: str
    field: str | None


@dataclass(frozen=True)
class LedgerRow:
    """One data row: its 1-based row number in the sheet (CSV: record number) and its cells."""

    number: int
    cells: tuple[object, ...]


@dataclass
class LedgerTable:
    """A ledger read from a file.

    Attributes:
        path: the file; sheet: the worksheet used ("" for CSV); encoding: CSV text encoding used
            ("" for xlsx); header_row: 1-based row of the header (the lower one of a two-row header).
        columns: every column; ``field`` None for columns nobody knows (listed as ignored).
        field_index: field → column index (first column wins when two mean the same field).
        rows: the data rows, blank rows and repeated header rows removed.
        skipped: (row number, reason key) for the rows removed (``blank``, ``repeated_header``,
            ``footer``: a total, signature or date line such as 合计 / 共300人 / 制表人：…).
        duplicate_columns: headers ignored because an earlier column already means the same field.
        skipped_cells: the cells of the skipped rows that are not blank (for the result workbook).
    """

    path: Path
    sheet: str
    encoding: str
    header_row: int
    columns: list[LedgerColumn]
    field_index: dict[str, int]
    rows: list[LedgerRow]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    duplicate_columns: list[str] = field(default_factory=list)
    skipped_cells: dict[int, tuple[object, ...]] = field(default_factory=dict)

    def header_of(self, field_name: str) -> str:
        """Return the header text of the column mapped to ``field_name`` ("" if none)."""
        idx = self.field_index.get(field_name)
        return self.columns[idx].header if idx is not None else ""


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls (and other OLE2 files)


def _sniffed_suffix(path: Path) -> str:
    """Return the file type by its content where the extension lies, e.g. an .xlsx renamed to .xls.

    Raises:
        LedgerFormatError: an empty file (``ledger.empty``), or an .xlsx name on something that is not an
            xlsx workbook (``ledger.not_xlsx``); an old binary .xls under any name is ``ledger.file_type``.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise LedgerFormatError("ledger.unreadable", f"cannot read {path.name}: {exc}", error=str(exc)) from exc
    if not head:
        raise LedgerFormatError("ledger.empty", f"{path.name} is empty (0 bytes)")
    if head.startswith(_OLE_MAGIC):
        raise LedgerFormatError(
            "ledger.file_type", "old .xls workbooks are not supported: save the file as .xlsx", suffix=".xls")
    if head.startswith(b"PK") and suffix in (".xls", ".xlsx", ".xlsm"):
        return ".xlsx" if suffix == ".xls" else suffix
    if suffix in (".xlsx", ".xlsm"):
        raise LedgerFormatError("ledger.not_xlsx", f"{path.name} is not an xlsx workbook (damaged or renamed)")
    return suffix


def _iter_xlsx_openpyxl(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, tuple[object, ...]]]]]:
    """(sheet title, rows) of every worksheet read by openpyxl (read-only, cached values), active first."""
    for title, rows, _merged in _openpyxl_sheets(path):
        yield title, rows


def _openpyxl_sheets(
    path: Path,
) -> Iterator[tuple[str, Iterator[tuple[int, tuple[object, ...]]], Callable[[], list[MergedRange]]]]:
    """(sheet title, rows, merged ranges) of every worksheet read by openpyxl, the active one first.

    openpyxl's read-only mode drops the merged ranges, so the third item scans the sheet's own XML
    part, opened through openpyxl (``ReadOnlyWorksheet._get_source``), with the streaming reader's
    :func:`desktop.services.xlsx_stream.scan_merged_ranges`: the fill is the same on both paths.

    Raises:
        LedgerFormatError: ``ledger.unreadable`` when openpyxl cannot open the workbook.
    """
    import openpyxl  # local: keeps CSV-only use (and tests) free of the import cost

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip/xml errors of all kinds
        raise LedgerFormatError(
            "ledger.unreadable", f"cannot read {path.name}: {exc}", error=str(exc)
        ) from exc
    sheets = list(wb.worksheets)
    active = wb.active
    if active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)

    def rows(ws: object) -> Iterator[tuple[int, tuple[object, ...]]]:
        number = 0
        for cells in ws.iter_rows():  # type: ignore[attr-defined]
            number += 1
            for c in cells:
                r = getattr(c, "row", None)
                if isinstance(r, int):
                    number = r
                    break
            yield number, tuple(c.value for c in cells)

    def merged(ws: object) -> list[MergedRange]:
        from desktop.services.xlsx_stream import scan_merged_ranges

        with ws._get_source() as f:  # type: ignore[attr-defined]
            return scan_merged_ranges(f)

    for ws in sheets:
        yield str(ws.title), rows(ws), partial(merged, ws)


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise LedgerFormatError("ledger.encoding", "the CSV file is neither UTF-8 nor GBK/GB18030") from exc


_CSV_DELIMITERS = (",", "\t", ";")


def _csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect: the delimiter under which one of the first rows is a header row (3 known
    column names), else what ``csv.Sniffer`` guesses, else comma.

    The header decides first because the sniffer guesses from an 8 KB sample and gives up when
    that sample ends inside a long cell (a 10,000-character name found by the new-user trial).
    """
    for delimiter in _CSV_DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for _number, rec in zip(range(HEADER_SEARCH_ROWS), reader, strict=False):
            if len(rec) >= HEADER_MIN_MATCHES and _match_count(rec) >= HEADER_MIN_MATCHES:
                class Found(csv.excel):
                    pass

                Found.delimiter = delimiter
                return Found
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters="".join(_CSV_DELIMITERS))
    except csv.Error:
        return csv.excel


#: Starts of a CSV cell a spreadsheet would run as a formula (OWASP "CSV Injection").
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_needs_quote(text: str) -> bool:
    """True for a text the CSV exports write behind one more single quote ``'``
    (:func:`desktop.services.ledger_export.csv_cell`): one that starts, after any quotes it already has, with a
    formula start (:data:`CSV_FORMULA_STARTS`). Quoting every such text, quotes included, is what lets the import
    drop exactly one quote and give every text back (``=1`` → ``'=1``, ``'=1`` → ``''=1``, ``'abc`` unchanged)."""
    return text.lstrip("'").startswith(CSV_FORMULA_STARTS)


def _unguard(text: str) -> str:
    """A CSV cell as it was before :func:`csv_needs_quote` added its quote."""
    return text[1:] if text.startswith("'") and csv_needs_quote(text) else text


def _iter_csv(path: Path) -> tuple[str, Iterator[tuple[int, tuple[object, ...]]]]:
    """(encoding, rows) of a CSV file; a cell that starts with ``'`` and then (after any further quotes) a formula
    start loses one quote (what our exports add), so an exported ledger imports back as it was."""
    text, encoding = _decode(path.read_bytes())
    dialect = _csv_dialect(text)

    def rows() -> Iterator[tuple[int, tuple[object, ...]]]:
        for number, rec in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            yield number, tuple((_unguard(v) if v[:1] == "'" else v) if v.strip() else None for v in rec)

    return encoding, rows()


def _match_count(cells: Sequence[object], mapping: Mapping[str, str] | None = None) -> int:
    return len({f for f in (field_for_header(c, mapping) for c in cells) if f is not None})


def _carry(cells: Sequence[object], width: int) -> list[str]:
    """Carry each non-empty cell rightwards over empty ones (read-only sheets lose merge ranges)."""
    out: list[str] = []
    last = ""
    for i in range(width):
        v = normalize_header(cells[i]) if i < len(cells) else ""
        if v:
            last = v
        out.append(last)
    return out


def _column_headers(
    upper: Sequence[object] | None, header: Sequence[object], lower: Sequence[object] | None, width: int
) -> list[tuple[str, str | None]]:
    """Return (shown header, field) per column, combining a group label row when present."""
    out: list[tuple[str, str | None]] = []
    if lower is not None:
        group = _carry(header, width)
        for i in range(width):
            sub = lower[i] if i < len(lower) else None
            own = header[i] if i < len(header) else None
            if normalize_header(sub):
                g = _GROUP_SUFFIX.sub("", group[i])
                composite = g + normalize_header(sub)
                f = field_for_header(composite) or field_for_header(group[i] + normalize_header(sub))
                if f is not None and normalize_header(own) == "":
                    out.append((f"{group[i]}/{cell_text(sub)}", f))
                elif f is not None and field_for_header(own) is None:
                    out.append((f"{cell_text(own)}/{cell_text(sub)}", f))
                else:
                    out.append((cell_text(sub), field_for_header(sub)))
            else:
                out.append((cell_text(own), field_for_header(own)))
        return out
    above = _carry(upper, width) if upper is not None else [""] * width
    for i in range(width):
        own = header[i] if i < len(header) else None
        if (
            normalize_header(own) == ""
            and upper is not None
            and i < len(upper)
            and normalize_header(upper[i])
        ):
            out.append((cell_text(upper[i]), field_for_header(upper[i])))
            continue
        f = field_for_header(own)
        if above[i] and normalize_header(own):
            g = _GROUP_SUFFIX.sub("", above[i])
            comp = field_for_header(g + normalize_header(own))
            if comp is not None and comp != f and (f is None or f == "name" or f == "phone"):
                out.append((f"{above[i]}/{cell_text(own)}", comp))
                continue
        out.append((cell_text(own), f))
    return out


def read_ledger(path: Path, mapping: Mapping[str, str] | None = None, *, strict: bool = True) -> LedgerTable:
    """Read a ledger file: ``.xlsx``/``.xlsm`` (openpyxl, read-only, cached values) or CSV.

    CSV means ``.csv``/``.txt``/``.tsv``.

    CSV text is decoded as UTF-8 (with or without BOM), else GB18030 (a superset of GBK); the
    delimiter (comma, tab or semicolon) is sniffed.  In a workbook the active sheet is tried first,
    then the others; the first sheet with a header row is used.  The header row is the first of
    the first :data:`HEADER_SEARCH_ROWS` rows where at least :data:`HEADER_MIN_MATCHES` cells are
    known column names (:data:`COLUMN_SYNONYMS`); title rows above it are ignored.  A row right
    below with at least two known names is a second header row (group label above, e.g.
    房东信息 over 姓名/电话 → landlord_name/landlord_phone).  Blank rows and rows repeating the
    header are removed and listed in ``skipped``.  In a workbook, a cell merged down over data rows
    (居住地址 or 房东姓名 merged over the people of one room) gives its value to every data row it
    covers (:func:`fill_merged_down`); merges do not take part in finding the header.

    ``mapping`` (normalised header text → field, ``""`` = do not import) is the user's fix of the
    column mapping (the import wizard; saved per profile by :mod:`desktop.services.ledger_mapping`).
    It counts for finding the header row and overrides the synonyms for the columns it names.
    ``strict=False`` returns the table even when a required column is missing (the wizard's
    mapping page, where the user maps it).

    Raises:
        LedgerFormatError: unsupported file type (``.xls``: save as .xlsx), unreadable file,
            undecodable CSV, no header row, or a required column (name, ID number, residence
            address) missing.
    """
    suffix = _sniffed_suffix(path)
    sources: list[tuple[str, str, Iterator[tuple[int, tuple[object, ...]]]]]
    if suffix in (".xlsx", ".xlsm"):
        found = _read_xlsx(path, mapping, strict)
        if found is not None:
            return found
        sources = []
    elif suffix in (".csv", ".txt", ".tsv"):
        encoding, it = _iter_csv(path)
        sources = [("", encoding, it)]
    elif suffix == ".xls":
        raise LedgerFormatError(
            "ledger.file_type", "old .xls workbooks are not supported: save the file as .xlsx", suffix=suffix
        )
    else:
        raise LedgerFormatError("ledger.file_type", f"unsupported file type {suffix!r}", suffix=suffix)

    for sheet, encoding, it in sources:
        table = _read_rows(path, sheet, encoding, it, mapping, strict)
        if table is not None:
            return table
    raise LedgerFormatError(
        "ledger.no_header",
        f"no header row found in {path.name}: no row among the first {HEADER_SEARCH_ROWS} has "
        f"{HEADER_MIN_MATCHES} known column names (姓名, 公民身份号码, 居住地址 …)",
        rows=str(HEADER_SEARCH_ROWS),
    )


#: The start of a ledger's footer lines: totals (合计, 共 300 人), signatures and dates (制表人：…,
#: 填表日期), notes under the table (注：…).  Matched on NFKC text without whitespace (colons kept).
_RE_FOOTER = re.compile(
    r"(?:合计|总计|小计|共计|累计|总人数|人数合计|本页合计|共\d+(?:人|户|条|名|行)"
    r"|制表人|制表单位|制表日期|制表时间|填表人|填表单位|填表日期|填表时间|填报人|填报单位|填报日期"
    r"|审核人|审核日期|审批人|负责人|单位负责人|统计人|统计日期|经办人|登记人"
    r"|注[:：]|备注[:：]|说明[:：])"
)
_RE_ID_LIKE = re.compile(r"\d{6,}")
_RE_ANY_DIGIT = re.compile(r"\d")


def _is_footer(cells: Sequence[object], id_col: int | None) -> bool:
    """True for a summary or signature line under the data (合计 …, 共 300 人, 制表人：…, 填表日期 …).

    Only a row without anything like an ID number (six digits in a row, or a number cell) in the
    ID column can be one, so a person whose note says "合计" is never skipped.
    """
    if id_col is not None and id_col < len(cells):
        v = cells[id_col]
        if isinstance(v, int | float) and not isinstance(v, bool):
            return False
        if isinstance(v, str) and (_RE_ID_LIKE.search(v) or _RE_ID_LIKE.search(normalize_header(v))):
            return False  # checked on the raw text first: the common case costs one search
    return any(
        isinstance(c, str) and c.strip() and _RE_FOOTER.match(_RE_WS.sub("", unicodedata.normalize("NFKC", c)))
        for c in cells
    )


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_xlsx(path: Path, mapping: Mapping[str, str] | None, strict: bool = True) -> LedgerTable | None:
    """Read a workbook with the streaming reader, else (a layout it does not know) with openpyxl."""
    from xml.etree.ElementTree import ParseError

    from desktop.services.xlsx_stream import XlsxStream, XlsxStreamError

    try:
        stream: XlsxStream | None = XlsxStream(path)
    except XlsxStreamError:
        stream = None
    if stream is not None:
        try:
            for title, part in stream.sheets():
                table = _read_rows(path, title, "", stream.rows(part), mapping, strict,
                                   merged=partial(stream.merged_ranges, part))
                if table is not None:
                    return table
            return None
        except LedgerFormatError:
            raise
        except (XlsxStreamError, ParseError, KeyError, IndexError, ValueError, OSError) as exc:
            logger.warning("streaming reader failed on %s (%s); reading with openpyxl", path.name, exc)
        finally:
            stream.close()
    for sheet, it, merged in _openpyxl_sheets(path):
        table = _read_rows(path, sheet, "", it, mapping, strict, merged=merged)
        if table is not None:
            return table
    return None


def _read_rows(
    path: Path,
    sheet: str,
    encoding: str,
    it: Iterator[tuple[int, tuple[object, ...]]],
    mapping: Mapping[str, str] | None = None,
    strict: bool = True,
    merged: Callable[[], Iterable[MergedRange]] | None = None,
) -> LedgerTable | None:
    """The ledger table of one sheet's rows, or None when no header row is found in its first rows.

    ``merged`` gives the sheet's merged ranges; it is called once ``it`` is used up (the streaming
    reader learns them after the rows), and only when a header was found.
    """
    before: list[tuple[int, tuple[object, ...]]] = []
    header: tuple[int, tuple[object, ...]] | None = None
    for number, cells in it:
        if _match_count(cells, mapping) >= HEADER_MIN_MATCHES:
            header = (number, cells)
            break
        before.append((number, cells))
        if len(before) >= HEADER_SEARCH_ROWS:
            return None
    if header is None:
        return None
    upper = before[-1][1] if before and before[-1][0] == header[0] - 1 else None
    first = next(it, None)
    lower: tuple[object, ...] | None = None
    pending: list[tuple[int, tuple[object, ...]]] = []
    header_row = header[0]
    if first is not None:
        if (
            _match_count(first[1]) >= 2
            and _match_count(first[1]) >= sum(1 for c in first[1] if c is not None) // 2
        ):
            lower = first[1]
            header_row = first[0]
        else:
            pending.append(first)
    width = max(len(header[1]), len(lower or ()), len(upper or ()))
    heads = _column_headers(upper if lower is None else None, header[1], lower, width)
    if mapping:
        heads = [(text, field_for_header(text, mapping) if normalize_header(text) in mapping else f)
                 for text, f in heads]
    columns: list[LedgerColumn] = []
    field_index: dict[str, int] = {}
    duplicates: list[str] = []
    for i, (text, f) in enumerate(heads):
        if f is not None and f in field_index:
            duplicates.append(text)
            f = None
        if f is not None:
            field_index[f] = i
        columns.append(LedgerColumn(i, text, f))
    missing = [f for f in REQUIRED_FIELDS if f not in field_index]
    if missing and strict:
        raise LedgerFormatError(
            "ledger.missing_columns",
            f"{path.name}: required column(s) missing: {', '.join(missing)} (found: "
            f"{', '.join(c.header for c in columns if c.header)})",
            missing="、".join(FIELD_LABELS.get(f, f) for f in missing),
        )
    header_norm = [normalize_header(c) for c in header[1]]
    lower_norm = [normalize_header(c) for c in lower] if lower is not None else None
    rows: list[LedgerRow] = []
    skipped: list[tuple[int, str]] = []
    skipped_cells: dict[int, tuple[object, ...]] = {}

    # A repeated header row has a header text where the data have a name or an ID number; only
    # such rows are compared cell by cell (normalising every cell of every row was 10 % of an import).
    probes = [i for i in (field_index.get("name"), field_index.get("id_number")) if i is not None]

    id_col = field_index.get("id_number")
    # no built-in header text has a digit, so a cell with one (every ID number) is no header text
    digits_never_header = not any(ch.isdigit() for key in (mapping or {}) for ch in key)
    header_memo: dict[str, bool] = {}

    def header_text(v: str) -> bool:
        if digits_never_header and _RE_ANY_DIGIT.search(v):
            return False
        hit = header_memo.get(v)
        if hit is None:
            if len(header_memo) > 65536:
                header_memo.clear()
            hit = header_memo[v] = field_for_header(v, mapping) is not None
        return hit

    def take(number: int, cells: tuple[object, ...]) -> None:
        if _blank(cells):
            skipped.append((number, "blank"))
            return
        if _is_footer(cells, id_col):
            skipped.append((number, "footer"))
            skipped_cells[number] = cells
            return
        if probes and not any(
            i < len(cells) and isinstance(cells[i], str) and header_text(cells[i])  # type: ignore[arg-type]
            for i in probes
        ):
            if len(cells) < width:
                cells = cells + (None,) * (width - len(cells))
            rows.append(LedgerRow(number, cells))
            return
        norm = [normalize_header(c) if isinstance(c, str) else "" for c in cells]
        same = sum(1 for a, b in zip(norm, header_norm, strict=False) if a and a == b)
        if lower_norm is not None:
            same = max(same, sum(1 for a, b in zip(norm, lower_norm, strict=False) if a and a == b))
        if same >= HEADER_MIN_MATCHES:
            skipped.append((number, "repeated_header"))
            skipped_cells[number] = cells
            return
        if len(cells) < width:
            cells = cells + (None,) * (width - len(cells))
        rows.append(LedgerRow(number, cells))

    for number, cells in pending:
        take(number, cells)
    for number, cells in it:
        take(number, cells)
    if merged is not None:
        fill_merged_down(rows, header_row, width, merged())
    # trailing blank rows (formatting left below the data) are not worth listing
    last_data = rows[-1].number if rows else header_row
    skipped = [(n, r) for n, r in skipped if not (r == "blank" and n > last_data)]
    return LedgerTable(path, sheet, encoding, header_row, columns, field_index, rows, skipped, duplicates,
                       skipped_cells)


def fill_merged_down(
    rows: list[LedgerRow], header_row: int, width: int, ranges: Iterable[MergedRange]
) -> int:
    """Copy the value of a cell merged down over data rows into every data row it covers (``rows`` in place).

    ``rows``: the data rows in sheet order (``LedgerRow.number`` ascending), each at least ``width``
    cells; ``header_row``: the (lower) header row; ``ranges``: (first row, first column, last row,
    last column), rows 1-based, columns 0-based (:data:`desktop.services.xlsx_stream.MergedRange`).

    Excel shows a merged range's top-left value over the whole range but stores it in that cell
    alone; offices merge 居住地址 and 房东姓名/房东电话 down over the people of one room (a user
    trial: 17 of 40 rows refused as address missing).  Rules: only ranges of two rows or more whose
    first row is below ``header_row`` (a title or header merge never takes part), only the range's
    first column (a value copied sideways could land under another field), only when the first row
    is a data row with a non-blank value there, and only data rows get it (blank, footer and
    repeated-header rows stay skipped).  A covered cell takes the shown value, as Excel shows it.
    Returns the number of rows changed; never raises.
    """
    numbers: list[int] = []
    count = 0
    filled: dict[int, list[object]] = {}  # row index → its cells, being filled
    bisect_left = bisect.bisect_left
    # in sheet order: writers list merges in any order (openpyxl: a set), and jumping about the rows
    # was a third slower on 92,000 ranges over 100,000 rows
    for first_row, first_col, last_row, _last_col in sorted(ranges):
        if last_row <= first_row or first_row <= header_row or not 0 <= first_col < width:
            continue
        if not numbers:
            numbers = [r.number for r in rows]
            count = len(numbers)
        i = bisect_left(numbers, first_row)
        if i == count or numbers[i] != first_row:
            continue
        value = rows[i].cells[first_col]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        j = i + 1
        while j < count and numbers[j] <= last_row:
            cells = filled.get(j)
            if cells is None:
                cells = filled[j] = list(rows[j].cells)
            cells[first_col] = value
            j += 1
    for j, cells in filled.items():
        rows[j] = LedgerRow(numbers[j], tuple(cells))
    return len(filled)


# ---- addresses ------------------------------------------------------------------------------

_ROAD_SUFFIX = "大道|大街|路|街|巷|道|弄|村|里|坊|桥|埭|湾|岙|墩"
_SEGMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("road", re.compile(rf"[^\d]+?(?:{_ROAD_SUFFIX})(?=\d)")),
    ("door", re.compile(r"\d+弄\d+(?:-\d+)?号(?!楼)|\d+(?:-\d+)?号(?!楼)")),
    ("compound", re.compile(r"[^\d]+(?=\d|[A-Z](?:幢|栋|座))")),
    ("building", re.compile(r"(?:\d+|[A-Z])(?:幢|栋|号楼|座|#楼|#)")),
    ("unit", re.compile(r"\d+单元")),
    ("floor", re.compile(r"-?\d+(?:层|楼)(?=\d|$)")),
    ("room", re.compile(r"[A-Z]?\d+(?:室|房|号房|房间)?$")),
)
_PREFIXES = ("浙江省", "宁波市", "鄞州区", "鄞州")


@dataclass(frozen=True)
class ParsedAddress:
    """A residence address split into standard-address segments.

    Attributes:
        text: the normalised address (NFKC, no whitespace, province/city/district/town prefix removed).
        segments: (level, name) from the top down, e.g. (("road", "中兴路"), ("door", "88号"),
            ("building", "16幢"), ("unit", "1单元"), ("room", "1004室")).
        unparsed: the tail that matched no segment pattern ("" when all of it parsed); it is kept
            as the last segment (level "room", or "road" when nothing before it parsed).
        town: the town/street name found at the start of the address ("" if none).
    """

    text: str
    segments: tuple[tuple[str, str], ...]
    unparsed: str
    town: str


def parse_address(raw: str, town_names: Sequence[str] = ()) -> ParsedAddress:
    """Split a residence address into road → door → compound → building → unit → floor → room.

    ``town_names`` are the full town/street names (e.g. 钟公庙街道) stripped, with a leading
    浙江省/宁波市/鄞州区 and a "…社区"/"…村委会" label, from the start.  Segments are kept as
    written (18幢 and 18栋 stay different); nothing is invented: a tail no pattern recognises is
    kept whole in ``unparsed``.  Never raises; an empty input gives no segments.
    """
    text = _RE_WS.sub("", unicodedata.normalize("NFKC", raw))
    changed = True
    town = ""
    while changed:
        changed = False
        for p in _PREFIXES:
            if text.startswith(p):
                text, changed = text[len(p) :], True
        for t in town_names:
            if t and text.startswith(t):
                text, changed, town = text[len(t) :], True, t
    m = re.match(r"[^\d]+?(?:社区居委会|社区|村委会|居委会)", text)
    if m is not None and m.end() < len(text):
        text = text[m.end() :]
    segments: list[tuple[str, str]] = []
    pos = 0
    for level, pattern in _SEGMENT_PATTERNS:
        mm = pattern.match(text, pos)
        if mm is not None and mm.end() > pos:
            segments.append((level, mm.group(0)))
            pos = mm.end()
    rest = text[pos:]
    if rest:
        segments.append(("room" if segments else "road", rest))
    return ParsedAddress(text, tuple(segments), rest, town)
