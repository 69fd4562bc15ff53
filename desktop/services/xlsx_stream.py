"""A streaming reader for the cell values of an .xlsx/.xlsm worksheet (zipfile + ``iterparse``).

openpyxl's read-only mode builds a cell object per cell and runs its descriptor machinery on
every one; on a 20,000-row ledger that alone took ~5 s (about 4,000 rows/s before any validation),
below DESIGN §7's 5,000 rows/s for the whole import.  This reader yields exactly the values
openpyxl returns for a read-only, ``data_only`` workbook (a test compares them) and nothing else:

* shared strings (``t="s"``, rich-text runs joined, phonetic runs dropped), inline strings,
  formula strings (``t="str"``), booleans, errors as their text (``#N/A``), ISO dates (``t="d"``);
* numbers as ``int`` when written without a decimal point or exponent, else ``float``;
* numbers in a date-formatted cell (built-in or custom format, through openpyxl's own
  ``is_date_format``) as ``datetime``, honouring the 1904 date system.

Shared and inline strings have their OOXML escapes decoded (ECMA-376 Part 1 §22.9.2.19 ST_Xstring:
``_x0007_`` → BEL, ``_x000D_`` → CR, ``_x005F_`` → ``_``), with openpyxl's own
:func:`openpyxl.utils.escape.unescape`: Excel and XlsxWriter write control characters and CR that way.
Here the reader differs from openpyxl, whose cell reader leaves them as written (it only drops
``x005F_`` from shared strings); the openpyxl fallback of :mod:`desktop.services.ledger_parse` does too.

It also gives the sheet's merged ranges (:meth:`XlsxStream.merged_ranges`, from ``<mergeCells>``,
which the schema puts after ``<sheetData>``): as values, a merged range holds only its top-left
cell, like openpyxl.

Source: ECMA-376 Part 1 §18.3 (sheet data; §18.3.1.55 mergeCell), §18.4 (shared strings), §18.8 (styles).  Anything
this reader cannot make sense of raises :class:`XlsxStreamError`; the caller then falls back
to openpyxl.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.escape import unescape

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_NS_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"

#: A merged range: (first row, first column, last row, last column); rows 1-based like the row
#: numbers :meth:`XlsxStream.rows` yields, columns 0-based like the indexes of its cell tuples.
MergedRange = tuple[int, int, int, int]


class XlsxStreamError(ValueError):
    """The workbook is not laid out the way this reader expects."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(stream: IO[bytes]) -> Element:
    root: Element | None = None
    for _event, elem in iterparse(stream, events=("end",)):
        root = elem
    if root is None:
        raise XlsxStreamError("empty XML part")
    return root


def _col_index(ref: str) -> int:
    """``"AB12"`` → 27 (0-based column)."""
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n - 1


class XlsxStream:
    """An open workbook: ``sheets()`` lists (title, part path) with the active sheet first."""

    def __init__(self, path: Path) -> None:
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise XlsxStreamError(str(exc)) from exc
        names = set(self.zf.namelist())
        if "xl/workbook.xml" not in names:
            raise XlsxStreamError("no xl/workbook.xml")
        self._names = names
        self.epoch = CALENDAR_WINDOWS_1900
        self._sheets = self._read_workbook()
        self._strings: list[str] | None = None
        self._date_styles: list[bool] | None = None
        self._merged: dict[str, list[MergedRange]] = {}

    def close(self) -> None:
        """Close the zip file."""
        self.zf.close()

    def _read_workbook(self) -> list[tuple[str, str]]:
        rels: dict[str, str] = {}
        rels_part = "xl/_rels/workbook.xml.rels"
        if rels_part in self._names:
            with self.zf.open(rels_part) as f:
                for el in _parse(f).iter():
                    if _local(el.tag) == "Relationship":
                        target = el.get("Target", "")
                        target = target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
                        rels[el.get("Id", "")] = target
        with self.zf.open("xl/workbook.xml") as f:
            root = _parse(f)
        sheets: list[tuple[str, str]] = []
        active = 0
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "workbookPr" and el.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif tag == "workbookView":
                active = int(el.get("activeTab", "0") or 0)
            elif tag == "sheet":
                rid = el.get(f"{{{_REL_NS}}}id") or el.get(f"{{{_REL_NS_STRICT}}}id") or ""
                part = rels.get(rid)
                if part is None or part not in self._names:
                    raise XlsxStreamError(f"sheet {el.get('name')!r} has no part")
                sheets.append((el.get("name", ""), part))
        if not sheets:
            raise XlsxStreamError("no worksheets")
        if 0 < active < len(sheets):
            sheets.insert(0, sheets.pop(active))
        return sheets

    def sheets(self) -> list[tuple[str, str]]:
        """(title, part) of every worksheet, the active one first."""
        return list(self._sheets)

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            out: list[str] = []
            part = next((n for n in self._names if n.lower() == "xl/sharedstrings.xml"), None)
            if part is not None:
                with self.zf.open(part) as f:
                    for _event, el in iterparse(f, events=("end",)):
                        if _local(el.tag) == "si":
                            out.append(_string_item(el))
                            el.clear()
            self._strings = out
        return self._strings

    def _styles(self) -> list[bool]:
        if self._date_styles is None:
            flags: list[bool] = []
            if "xl/styles.xml" in self._names:
                with self.zf.open("xl/styles.xml") as f:
                    root = _parse(f)
                custom: dict[int, str] = {}
                for el in root.iter():
                    if _local(el.tag) == "numFmt":
                        custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
                for el in root.iter():
                    if _local(el.tag) == "cellXfs":
                        for xf in el:
                            if _local(xf.tag) != "xf":
                                continue
                            fid = int(xf.get("numFmtId", "0") or 0)
                            fmt = custom.get(fid, BUILTIN_FORMATS.get(fid, ""))
                            flags.append(bool(fmt) and is_date_format(fmt))
                        break
            self._date_styles = flags
        return self._date_styles

    def merged_ranges(self, part: str) -> list[MergedRange]:
        """The merged ranges of the sheet part (see :data:`MergedRange`), in the file's order.

        Taken from the last complete pass of :meth:`rows` over ``part`` (both of its paths note the
        ``<mergeCell>`` elements after the rows at no extra read); without one, the part is scanned
        (:func:`scan_merged_ranges`).  A one-cell or unreadable ``ref`` is left out.
        Raises ``OSError``/``zipfile`` errors only when the part has to be read again.
        """
        found = self._merged.get(part)
        if found is None:
            with self.zf.open(part) as f:
                found = self._merged[part] = scan_merged_ranges(f)
        return list(found)

    def rows(self, part: str) -> Iterator[tuple[int, tuple[object, ...]]]:
        """Yield (1-based row number, cell values) for every ``<row>`` of the sheet part.

        Rows absent from the file (never touched) are not yielded; cells absent inside a row are None.
        A sheet written the usual way (no namespace prefixes, double-quoted attributes) is scanned
        with regular expressions (:meth:`_rows_scan`, ~2.5× faster); anything else is read with
        ``iterparse`` (:meth:`_rows_iterparse`).  Both yield the same values (tests compare them).
        """
        with self.zf.open(part) as f:
            head = f.read(_SNIFF_BYTES)
        if _scannable(head):
            return self._rows_scan(part)
        return self._rows_iterparse(part)

    def _rows_iterparse(self, part: str) -> Iterator[tuple[int, tuple[object, ...]]]:
        strings = self._shared_strings()
        dates = self._styles()
        epoch = self.epoch
        last_row = 0
        merged: list[MergedRange] = []
        with self.zf.open(part) as f:
            ns = ""
            for _event, el in iterparse(f, events=("end",)):
                tag = el.tag
                if not tag.endswith("row"):
                    if tag.endswith("mergeCell") and _local(tag) == "mergeCell":
                        rng = _merged_range(el.get("ref", ""))
                        if rng is not None:
                            merged.append(rng)
                    continue
                if _local(tag) != "row":
                    continue
                ns = tag[: -len("row")]
                r = el.get("r")
                number = int(r) if r else last_row + 1
                last_row = number
                yield number, _row_values(el, ns, strings, dates, epoch)
                el.clear()
        self._merged[part] = merged

    def _rows_scan(self, part: str) -> Iterator[tuple[int, tuple[object, ...]]]:
        """The regular-expression scanner over the raw bytes of the sheet part (see :meth:`rows`).

        Each ``<row>`` element is cut out by its tags; a row whose cells are all of the plain form
        ``<c r="B7" s="3" t="s"><v>12</v></c>`` (or an empty ``<c …/>``) is decoded by one regular
        expression, any other row (formulas, rich text, unusual attributes) by ElementTree on
        that row alone.  Raises :class:`XlsxStreamError` on a single-quoted attribute or a
        namespace prefix met later in the part (the caller then falls back to openpyxl).
        What is left after the last row (``<mergeCells>`` among it) is kept for :meth:`merged_ranges`.
        """
        strings = self._shared_strings()
        dates = self._styles()
        epoch = self.epoch
        ndates = len(dates)
        last_row = 0
        buf = b""
        fast_cell = _FAST_CELL
        row_open = _ROW_OPEN
        row_number = _ROW_NUMBER
        columns = _COLUMNS
        date_memo: dict[object, object] = {}
        with self.zf.open(part) as f:
            eof = False
            while not eof:
                data = f.read(_CHUNK_BYTES)
                eof = not data
                if data and not _scannable(data):
                    raise XlsxStreamError("sheet XML needs a full parser")
                buf = buf[:0].join((buf, data)) if buf else data
                escaped = b"_x" in buf  # once a chunk: a test per inline string costs ~10 % of the read
                pos = 0
                while True:
                    m = row_open.search(buf, pos)
                    if m is None:
                        break
                    attrs = m[1]
                    if attrs.endswith(b"/"):
                        content = b""
                        end = m.end()
                    else:
                        close = buf.find(b"</row>", m.end())
                        if close < 0:
                            break
                        content = buf[m.end():close]
                        end = close + 6
                    pos = end
                    rn = row_number.search(attrs)
                    number = int(rn[1]) if rn else last_row + 1
                    last_row = number
                    if not content:
                        yield number, ()
                        continue
                    cells_found = fast_cell.findall(content)
                    if len(cells_found) != content.count(b"<c"):
                        yield number, _row_values(
                            _xml_fragment(b"<row>" + content + b"</row>"), "", strings, dates, epoch
                        )
                        continue
                    cells: dict[int, object] = {}
                    col = -1
                    for letters, style, kind, v, inline in cells_found:
                        if letters:
                            c = columns.get(letters)
                            if c is None:
                                c = columns[letters] = _col_index(letters.decode("ascii"))
                            col = c
                        else:
                            col += 1
                        value: object = None
                        if kind == b"inlineStr":
                            if inline:  # an empty <t></t> is not "plain"
                                value = _xml_text(inline)
                                if escaped and b"_x" in inline:  # an OOXML escape (_x0007_)
                                    value = unescape(value)
                        elif not v:  # no <v>: an empty cell (an empty <v></v> is not "plain")
                            pass
                        elif kind == b"s":
                            value = strings[int(v)]
                        elif not kind or kind == b"n":
                            value = _number(v.decode("ascii"))
                            if style:
                                st = int(style)
                                if st < ndates and dates[st]:
                                    when = date_memo.get(value)
                                    if when is None:
                                        when = date_memo[value] = from_excel(value, epoch)
                                    value = when
                        elif kind == b"str":
                            value = _xml_text(v)
                        elif kind == b"b":
                            value = v in (b"1", b"true")
                        elif kind == b"d":
                            value = datetime.fromisoformat(v.decode("ascii").rstrip("Z"))
                        elif kind == b"e":  # an error value reads as its text (#N/A …), like openpyxl
                            value = v.decode("utf-8")
                        cells[col] = value
                    if not cells:
                        yield number, ()
                    elif len(cells) == col + 1 and min(cells) == 0:
                        yield number, tuple(cells.values())
                    else:
                        yield number, tuple(cells.get(i) for i in range(max(cells) + 1))
                buf = buf[pos:]
        self._merged[part] = _merged_in(_MERGE_CELL.findall(buf))


#: Bytes read at a time from the sheet part by the scanner, and sniffed before choosing it.
_CHUNK_BYTES = 1 << 20
_SNIFF_BYTES = 1 << 16
_ROW_OPEN = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
#: A plain cell: optional r (column letters + row digits), s and t in the order every common writer
#: uses, then either nothing (``/>``), one ``<v>`` with text only, or an inline string of one
#: ``<t>`` (openpyxl's write-only mode writes those).  Anything else: the row is
#: read by ElementTree.
_FAST_CELL = re.compile(
    rb'<c(?: r="([A-Z]{1,3})\d+")?(?: s="(\d+)")?(?: t="(\w+)")?\s*'
    rb'(?:/>|>\s*(?:<v>([^<]+)</v>|<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)?\s*</c>)'
)
_PREFIXED_TAG = re.compile(rb"</?[A-Za-z_][\w.-]*:(?:row|c|v|sheetData|is|t|r|f)\b")
#: A ``<mergeCell ref="B3:C6"/>`` (any namespace prefix, either quote, ``$`` allowed): groups are the
#: first column's letters, first row, last column's letters, last row.  A one-cell ref does not match.
_MERGE_CELL = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']\s*"""
    rb"""\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)\s*["']"""
)
_MERGE_COLUMNS: dict[bytes, int] = {}
_MERGE_REF = re.compile(r"\s*\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)\s*")


def _merged_range(ref: str) -> MergedRange | None:
    """``"B3:C6"`` → (3, 1, 6, 2); None for a single cell or anything else."""
    m = _MERGE_REF.fullmatch(ref)
    if m is None:
        return None
    return _range_of(_column_of(m[1]), int(m[2]), _column_of(m[3]), int(m[4]))


def _range_of(c1: int, r1: int, c2: int, r2: int) -> MergedRange | None:
    if r1 == r2 and c1 == c2:
        return None
    return (r1, c1, r2, c2) if r1 <= r2 and c1 <= c2 else (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _merged_in(found: Iterable[tuple[bytes, ...]]) -> list[MergedRange]:
    """The ranges of :data:`_MERGE_CELL` matches' groups (one-cell ranges left out)."""
    out: list[MergedRange] = []
    columns = _MERGE_COLUMNS
    for l1, r1, l2, r2 in found:
        c1 = columns.get(l1)
        if c1 is None:
            c1 = columns[l1] = _col_index(l1.decode("ascii"))
        c2 = columns.get(l2)
        if c2 is None:
            c2 = columns[l2] = _col_index(l2.decode("ascii"))
        rng = _range_of(c1, int(r1), c2, int(r2))
        if rng is not None:
            out.append(rng)
    return out


def scan_merged_ranges(f: IO[bytes]) -> list[MergedRange]:
    """The merged ranges of a worksheet part read from ``f`` (see :data:`MergedRange`), file order.

    A scan of the raw bytes for ``<mergeCell ref="…">`` (ECMA-376 Part 1 §18.3.1.55), any namespace
    prefix or quote, so it also serves sheets :meth:`XlsxStream.rows` cannot read (the openpyxl
    fallback of :mod:`desktop.services.ledger_parse`).  Never parses the XML; raises only what
    reading ``f`` raises.
    """
    out: list[MergedRange] = []
    buf = b""
    while True:
        data = f.read(_CHUNK_BYTES)
        if not data:
            break
        buf = buf + data if buf else data
        matches = list(_MERGE_CELL.finditer(buf))
        out += _merged_in(m.groups() for m in matches)
        end = matches[-1].end() if matches else 0
        buf = buf[max(end, len(buf) - _MERGE_TAIL_BYTES):]  # a tag cut by the chunk's end is read whole next time
    return out


#: Bytes kept between chunks by :func:`scan_merged_ranges` (longer than any ``<mergeCell>`` tag).
_MERGE_TAIL_BYTES = 1024


def _scannable(data: bytes) -> bool:
    """True when ``data`` has no namespace-prefixed sheet tags, no single-quoted attribute and no CDATA."""
    return b"='" not in data and b"<![CDATA[" not in data and _PREFIXED_TAG.search(data) is None


def _xml_fragment(data: bytes) -> Element:
    try:
        return fromstring(data)
    except ParseError as exc:
        raise XlsxStreamError(f"row XML: {exc}") from exc


def _xml_text(v: bytes) -> str:
    """Character data of a ``<v>`` as an XML parser gives it (entities resolved, line ends normalised)."""
    text = v.decode("utf-8")
    if "&" in text:
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_COLUMNS: dict[str, int] = {}


def _column_of(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS[letters] = _col_index(letters)
    return col


def _row_values(row: Element, ns: str, strings: list[str], dates: list[bool], epoch: datetime) -> tuple[object, ...]:
    v_tag, is_tag, t_tag = ns + "v", ns + "is", ns + "t"
    cells: dict[int, object] = {}
    col = -1
    for c in row:
        ref = c.get("r")
        col = _column_of(ref) if ref else col + 1
        kind = c.get("t", "n")
        value: object = None
        if kind == "inlineStr":
            is_el = c.find(is_tag)
            if is_el is not None:
                t_el = is_el.find(t_tag) if len(is_el) == 1 else None  # a plain string, no runs
                if t_el is None:
                    value = _string_item(is_el)
                else:
                    value = _unescaped(t_el.text)
        else:
            v = c.findtext(v_tag)
            if v is not None:
                if kind == "n":
                    if not v:  # a formula never calculated (<f>1+1</f><v></v>): no value, as openpyxl
                        cells[col] = None
                        continue
                    value = _number(v)
                    style = c.get("s")
                    if style is not None:
                        s = int(style)
                        if s < len(dates) and dates[s]:
                            value = from_excel(value, epoch)
                elif kind == "s":
                    value = strings[int(v)]
                elif kind == "str":
                    value = v
                elif kind == "b":
                    value = v in ("1", "true")
                elif kind == "d":
                    value = datetime.fromisoformat(v.rstrip("Z"))
                elif kind == "e":  # an error value reads as its text (#N/A …), like openpyxl
                    value = v
        cells[col] = value
    if not cells:
        return ()
    if len(cells) == col + 1 and min(cells) == 0:
        return tuple(cells.values())
    return tuple(cells.get(i) for i in range(max(cells) + 1))


def _number(v: str) -> int | float:
    if "." in v or "E" in v or "e" in v:
        return float(v)
    try:
        return int(v)
    except ValueError:
        return float(v)


def _string_item(el: Element) -> str:
    """Text of an ``<si>``/``<is>``: its ``<t>`` or its runs' ``<t>``, phonetic ``<rPh>`` left out, the
    OOXML escapes of each ``<t>`` decoded."""
    parts: list[str] = []
    for child in el:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(_unescaped(child.text))
        elif tag == "r":
            for t in child:
                if _local(t.tag) == "t":
                    parts.append(_unescaped(t.text))
    return "".join(parts)


def _unescaped(text: str | None) -> str:
    """``text`` ("" for None) with its OOXML escapes decoded by openpyxl's ``unescape``."""
    if not text:
        return ""
    return unescape(text) if "_x" in text else text
