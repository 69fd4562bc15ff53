"""Import a community's floating-population ledger (台账, xlsx or CSV) into the local store.

``import_ledger(store, path, user=…)`` reads the file (:mod:`desktop.services.ledger_parse`),
validates every data row with :mod:`desktop.domain`, and turns each accepted row into
standard addresses, a rental unit, a household, a resident and a residence registration.
Every data row ends with one :class:`RowVerdict`: ``created``, ``created_with_warnings``,
``updated``, ``unchanged``, ``duplicate`` or ``rejected``, each problem naming the column.

Decisions (documented here until docs/ has an import page):

* **Where the records go.** With ``grid_id`` the rows go under that grid.  Without it an area
  chain is reused or created: district 330212 → the town from ``resources/codes/yinzhou_towns.csv``
  named in the row's 镇街 column or at the start of its address (else a town-level bucket
  "未分配" without code) → the community named in the row's 社区 column under that town → the grid
  named in its 网格 column under that community ("导入网格" when the ledger has no 网格 column or the
  cell is empty); names are compared after NFKC with whitespace removed, stored areas are reused.
  A row without a 社区 value goes to community "导入-<file stem>" → grid "导入网格".  All are real
  (``invented = 0``, no code) areas: the supervisor later moves the addresses into the right grids.
* **Addresses** are split road → door → compound → building → unit → floor → room as present
  and reused by (grid, parent, name), so a re-import adds no nodes.  A tail that matches no
  pattern is stored whole as the last node with a warning.  The deepest node is the leaf.
* **Rooms.** Consecutive data rows (blank rows ignored) with the same room address share one
  household and one rental unit; the first person registered into a new household is its head
  (relationship 02) unless a 与户主关系 column says otherwise.  A room that already has exactly
  one household in the store is joined instead of making another.  A rental unit is made per
  room when the row names a landlord; a stored landlord is never overwritten (warning).
* **Optional fields with bad values** (phone, landlord phone/ID, employer USCC, dates, code
  values): the row is accepted with a warning, the field is left empty and the original text
  is kept in the resident's note ("导入未识别: 列=值").  Errors in identity (ID number, name),
  a missing address, or impossible dates (future birth or arrival) reject the row, and so does a
  control character or a lone surrogate in any column whose text is stored (``text.invalid``).
* **People already in the store** (same ID number) are matched, never duplicated: non-empty
  ledger values that differ update the resident (``updated``, the changed fields listed in
  ``RowVerdict.changes``), else ``unchanged``.  A person living at another address is *moved*:
  the old registration becomes ``left`` with today's moved-out date and the reason
  :data:`MOVE_REASON`, a new registration is made at the ledger's address (``updated``, warning
  ``import.moved``; the history is kept).  The ledger's room is matched to a stored address with
  the same full text in the same town first, so a corrected ledger under another file name
  finds the same rooms.  The same ID number twice in one file: the later row is ``duplicate``
  (not stored), naming the first row and the differing columns.
* **Transactions.** Rows are validated completely before anything is written, so a rejected row
  writes nothing.  The whole import is **one** write transaction (docs/decisions.md): rows are
  planned and written in batches of :data:`BATCH_ROWS` (Core executemany, DESIGN §8) inside it,
  and it commits only at the end.  Cancelling (checked between rows) or a store error rolls all
  of it back: the store is exactly as it was, and every row that would have been stored, or was
  never reached, is reported ``not_imported``; no verdict claims a thing that was rolled back.
  A dry run reads through the same code on a read connection.
  The ``import`` audit event (issue 7) is the transaction's last write, before its one commit.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

import phonenumbers
from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from desktop.domain.address import normalize_address_part
from desktop.domain.codes import CodeTables, IdType, ResidenceReason, load_code_tables
from desktop.domain.idnumber import check_id_number
from desktop.domain.phone import check_phone as _domain_check_phone
from desktop.domain.problems import MESSAGE_KEYS, Problem, Severity, error, warning
from desktop.domain.resident import ResidentInput, check_length, check_text, normalize_name, validate_resident
from desktop.domain.uscc import check_uscc
from desktop.services import audit
from desktop.services.ledger_parse import (
    COLUMN_SYNONYMS,
    NOT_IMPORTED_FIELDS,
    DateParseError,
    LedgerColumn,
    LedgerFormatError,
    LedgerRow,
    LedgerTable,
    ParsedAddress,
    cell_text,
    normalize_header,
    numeric_cell_lost_digits,
    numeric_id_intact,
    parse_address,
    parse_ledger_date,
    read_ledger,
)
from desktop.services.messages_zh import message_zh
from desktop.services.registry import resident_row
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import bulk_create, write_record

__all__ = [
    "COLUMN_SYNONYMS",
    "IMPORT_MESSAGE_KEYS",
    "DateParseError",
    "ImportReport",
    "LedgerFormatError",
    "LedgerTable",
    "RowProblem",
    "RowVerdict",
    "import_ledger",
    "parse_ledger_date",
    "read_ledger",
]

Status = Literal[
    "created", "created_with_warnings", "updated", "unchanged", "duplicate", "rejected", "not_imported", "skipped"
]
STATUSES: tuple[Status, ...] = (
    "created",
    "created_with_warnings",
    "updated",
    "unchanged",
    "duplicate",
    "rejected",
    "not_imported",
    "skipped",  # not a data row: blank, repeated header, total/signature line (ImportReport.skipped)
)
ACCEPTED: frozenset[str] = frozenset({"created", "created_with_warnings", "updated", "unchanged"})
BATCH_ROWS = 2000
#: Write each batch on a helper thread while the next ones are read, validated and planned (False: write in
#: turn; the bench compares both).
WRITER_THREAD = True
#: Batches planned ahead of the writer at most (bounds the rows held in memory: 2 × BATCH_ROWS).
WRITES_AHEAD = 2
#: The interpreter's thread switch interval during an import with the writer thread, seconds (CPython's
#: default: 0.005). The writer gives up the GIL in every ``sqlite3_step`` and must get it back to run the
#: next statement while the planning thread computes; at 5 ms it waited ~6 s of a 100,000-row import for
#: the GIL (bench/profiles, docs/decisions.md "Ledger import: planning beside the writer").
IMPORT_SWITCH_INTERVAL_S = 0.001
IMPORT_CACHE_KIB = 65536
UNASSIGNED_TOWN = "未分配"
IMPORT_GRID = "导入网格"
HEAD_RELATIONSHIP = "02"
NOTE_PREFIX = "导入未识别: "
#: ``moved_out_reason`` of a registration ended because a ledger put the person elsewhere.
MOVE_REASON = "导入台账迁入新址"

#: English reference wording of the importer's own message keys (to merge into
#: ``desktop.domain.problems.MESSAGE_KEYS`` and the translations).
IMPORT_MESSAGE_KEYS: dict[str, str] = {
    "import.address_required": "The residence address is required.",
    "import.address_unparsed": "'{rest}' in the address '{value}' is not a road, door number, building, "
    "unit, floor or room; it was stored as one address node.",
    "import.date_unrecognized": "'{value}' is not a date in a known spelling (2023-05-01, 2023/5/1, "
    "2023.5.1, 20230501, 2023年5月1日 or an Excel date); it was not stored.",
    "import.date_invalid": "'{value}' is not a real calendar date; it was not stored.",
    "import.value_to_note": "'{value}' is not a valid value for this column; it was left out of the record "
    "and kept in the resident's note.",
    "import.landlord_value_dropped": "'{value}' is not valid; the landlord's field was left empty.",
    "import.code_unknown": "'{value}' is not a code of the {table} table; it was kept in the note.",
    "import.id_type_unknown": "'{value}' is not a known identity document type.",
    "import.text_too_long_dropped": "This text is {length} characters long (at most {limit}); it was left "
    "out of the record.",
    "import.id_stored_as_number": "The ID number {value} was stored as a number, not as text; all 18 "
    "digits and the check digit are intact, so it was taken. Format the column as text: Excel itself "
    "keeps only 15 digits of a number.",
    "import.duplicate_in_file": "The same ID number was already taken from row {first_row}; this row was "
    "not stored. Columns that differ: {columns}.",
    "import.lives_elsewhere": "This person is already registered as living at {address}; the move to this "
    "address was not applied.",
    "import.moved": "This person was registered at {from_address}; moved to this address: the old "
    "registration was marked left on {date} and kept as history.",
    "import.landlord_differs": "The rental unit is already registered with landlord {stored}; the ledger's "
    "{given} was not applied.",
    "import.town_unknown": "'{value}' is not a town or street of Yinzhou; the row went to the "
    "'未分配' (unassigned) town.",
    "import.room_repeated": "The room {address} already appeared in row {first_row}, not adjacent to this "
    "row; this row was not put in that household.",
    "import.store_error": "The row could not be stored: {error}.",
    "import.cancelled": "The import was cancelled and rolled back as a whole: this row was not imported "
    "(the store is as it was before).",
    "import.rolled_back": "The import stopped on a store error and was rolled back as a whole: this row was "
    "not imported.",
    # after a rollback: what the import would have done with a row, told as not done (nothing was stored)
    "import.duplicate_in_file.rolled_back": "The same ID number is on row {first_row}; this row is a duplicate "
    "and would not have been stored. Columns that differ: {columns}. The import was rolled back: nothing "
    "was stored.",
    "import.value_to_note.rolled_back": "'{value}' is not a valid value for this column; it would have been "
    "kept in the resident's note. The import was rolled back: nothing was stored.",
    "import.code_unknown.rolled_back": "'{value}' is not a code of the {table} table; it would have been kept "
    "in the note. The import was rolled back: nothing was stored.",
    "import.address_unparsed.rolled_back": "'{rest}' in the address '{value}' is not a road, door number, "
    "building, unit, floor or room; it would have been stored as one address node. The import was rolled "
    "back: nothing was stored.",
    "import.id_stored_as_number.rolled_back": "The ID number {value} was stored as a number, not as text; all "
    "18 digits and the check digit are intact. Format the column as text: Excel itself keeps only 15 digits "
    "of a number. The import was rolled back: nothing was stored.",
    "import.moved.rolled_back": "This person is registered at {from_address}; the move to this address was "
    "not applied: the import was rolled back and nothing was stored.",
    "import.town_unknown.rolled_back": "'{value}' is not a town or street of Yinzhou; the row would have gone "
    "to the '未分配' (unassigned) town. The import was rolled back: nothing was stored.",
}
#: Problems that tell what the import did with a row. After a rollback none of it happened: they are told
#: with these keys instead (same params), which say so.
ROLLED_BACK_KEYS: dict[str, str] = {
    k.removesuffix(".rolled_back"): k for k in IMPORT_MESSAGE_KEYS if k.endswith(".rolled_back")
}

_REASONS: dict[str, ResidenceReason] = {
    "务工": ResidenceReason.WORK,
    "打工": ResidenceReason.WORK,
    "务农": ResidenceReason.WORK,
    "工作": ResidenceReason.WORK,
    "就业": ResidenceReason.WORK,
    "经商": ResidenceReason.BUSINESS,
    "做生意": ResidenceReason.BUSINESS,
    "个体": ResidenceReason.BUSINESS,
    "随迁": ResidenceReason.ACCOMPANY,
    "随迁家属": ResidenceReason.ACCOMPANY,
    "家属随迁": ResidenceReason.ACCOMPANY,
    "投亲靠友": ResidenceReason.RELATIVES,
    "投亲": ResidenceReason.RELATIVES,
    "靠友": ResidenceReason.RELATIVES,
    "探亲": ResidenceReason.RELATIVES,
    "就学": ResidenceReason.STUDY,
    "上学": ResidenceReason.STUDY,
    "读书": ResidenceReason.STUDY,
    "求学": ResidenceReason.STUDY,
    "学习": ResidenceReason.STUDY,
    "其他": ResidenceReason.OTHER,
    "其它": ResidenceReason.OTHER,
}
_ID_TYPES: dict[str, IdType] = {
    "居民身份证": IdType.RESIDENT_ID,
    "身份证": IdType.RESIDENT_ID,
    "公民身份证": IdType.RESIDENT_ID,
    "二代身份证": IdType.RESIDENT_ID,
    "身份证号": IdType.RESIDENT_ID,
    "护照": IdType.PASSPORT,
    "外国护照": IdType.PASSPORT,
    "港澳居民来往内地通行证": IdType.HK_MACAU_PERMIT,
    "港澳通行证": IdType.HK_MACAU_PERMIT,
    "回乡证": IdType.HK_MACAU_PERMIT,
    "台湾居民来往大陆通行证": IdType.TAIWAN_PERMIT,
    "台胞证": IdType.TAIWAN_PERMIT,
    "外国人永久居留身份证": IdType.FOREIGN_PERMANENT,
    "永久居留证": IdType.FOREIGN_PERMANENT,
}
_CODE_FIELDS = ("ethnicity", "education", "marital_status", "political_status")
_MISSING = object()
#: Optional text fields: too long → left out with a warning (name, ID, address: the row is rejected).
_OPTIONAL_TEXT = frozenset({"hukou_address", "employer_name", "occupation"})
#: Columns whose text reaches the store, as a field or through the resident's note: a control character or a
#: lone surrogate in one rejects the row (``text.invalid``, domain ``check_text``). Not the ones only looked up
#: in a table (town, relationship, document type: nothing of their text is stored) nor the ones not imported.
_STORED_TEXT = frozenset(COLUMN_SYNONYMS) - NOT_IMPORTED_FIELDS - {"town", "relationship", "id_type"}
_RESIDENT_FIELDS = (
    "sex",
    "birth_date",
    "ethnicity",
    "hukou_code",
    "hukou_address",
    "phone",
    "education",
    "marital_status",
    "political_status",
    "employer_name",
    "employer_uscc",
    "occupation",
    "arrival_date",
    "reason",
)


@dataclass(frozen=True)
class RowProblem:
    """One problem of one ledger row.

    Attributes:
        column: the ledger's header text of the column concerned ("" when no column holds it).
        field: the record field (``id_number``, ``phone``, ``address`` …).
        severity: ``error`` (row rejected) or ``warning``.
        key: message key (domain :data:`MESSAGE_KEYS` or :data:`IMPORT_MESSAGE_KEYS`).
        params: message values; message: English text with the values filled in;
        message_zh: the same in Chinese (:mod:`desktop.services.messages_zh`).
    """

    column: str
    field: str
    severity: Severity
    key: str
    params: Mapping[str, str | int]
    message: str
    message_zh: str = ""


def row_problem(column: str, field_name: str, severity: Severity, key: str,
                params: Mapping[str, str | int]) -> RowProblem:
    """Build a :class:`RowProblem` with its English and Chinese messages."""
    english = message_of(key, params)
    return RowProblem(column, field_name, severity, key, dict(params), english, message_zh(key, params, english))


@dataclass
class RowVerdict:
    """What happened to one data row.

    Attributes:
        row: 1-based sheet row number; status: see :data:`STATUSES`; problems: per column.
        changes: for ``updated`` rows, the record fields that changed (``address`` for a move,
            ``landlord_*`` for a rental unit filled in).
        values: with ``keep_values`` (the wizard's preview), the row as it will be stored:
            resident columns plus ``address`` (full text), ``town`` and ``landlord_*``.
    """

    row: int
    status: Status
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    values: dict[str, Any] | None = None


@dataclass
class ImportReport:
    """Result of :func:`import_ledger`.

    Attributes:
        file: the file imported; sheet/header_row: where the header was found.
        rows: one verdict per data row, in file order. After a rollback too: rows the import never reached
            are ``not_imported`` with the rollback's reason, like the rows that would have been stored.
        skipped: (row, reason) of the lines that are not data rows: blank, repeated header, total or
            signature line (`blank`, `repeated_header`, `footer`); counted as status ``skipped``.
        ignored_columns: headers not imported (unknown, recognised-but-unused, or repeated).
            Never a column that is imported (a repeated header carries its position: 姓名（第6列）).
        data_rows: data rows in the file; seconds: wall time; cancelled: stopped by the caller;
        aborted: the store error that stopped the import ("" if none); dry_run: nothing written.
        rolled_back: the import was cancelled or stopped and nothing of it was kept.
        columns: (header, field or "") of every column: the field it is imported into, "" when it is not
            imported (unknown, repeated, or recognised but not stored, e.g. 居住证到期日).
    """

    file: str
    sheet: str
    header_row: int
    data_rows: int
    rows: list[RowVerdict] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False
    aborted: str = ""
    dry_run: bool = False
    rolled_back: bool = False
    columns: list[tuple[str, str]] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """Return how many rows ended with ``status`` (``skipped``: the lines in :attr:`skipped`)."""
        if status == "skipped":
            return len(self.skipped)
        return sum(1 for v in self.rows if v.status == status)

    @property
    def totals(self) -> dict[str, int]:
        """Status → number of rows, for every status (``skipped``: the lines in :attr:`skipped`)."""
        out: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for v in self.rows:
            out[v.status] += 1
        out["skipped"] = len(self.skipped)
        return out

    @property
    def accepted_share(self) -> float:
        """Share of data rows taken into the store (created, with warnings, updated or unchanged)."""
        if self.data_rows == 0:
            return 0.0
        return sum(1 for v in self.rows if v.status in ACCEPTED) / self.data_rows


_RE_MOBILE = re.compile(r"(?:\+?86)?(1\d{10})")
_RE_PHONE_PUNCT = re.compile(r"[ \-]+")
#: China's mobile numbering as phonenumbers' own metadata states it (a match is a valid mobile).
_CN_MOBILE = re.compile(
    str(phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern)  # type: ignore[union-attr]
)


@functools.lru_cache(maxsize=65536)
def check_phone(raw: str, *, field: str = "phone") -> tuple[str, tuple[Problem, ...]]:
    """:func:`desktop.domain.phone.check_phone`, memoised, with a fast path for plain mobiles.

    ``138 1234 5678``, ``+86-13812345678`` … (ASCII digits, spaces, dashes, +86) that match
    phonenumbers' CN mobile pattern are returned as their 11 digits, which is what the domain
    function returns for them (a test compares the two); everything else goes to it directly.
    """
    if raw.isascii():
        m = _RE_MOBILE.fullmatch(_RE_PHONE_PUNCT.sub("", raw.strip()))
        if m is not None and _CN_MOBILE.fullmatch(m[1]):
            return m[1], ()
    return _domain_check_phone(raw, field=field)


def _uuid7_source() -> Iterator[str]:
    """Time-ordered UUIDs (RFC 9562 version 7) as text: 48-bit Unix milliseconds, a 12-bit counter
    that keeps ids made within one millisecond increasing (RFC 9562 §6.2 method 1), 62 random bits.

    Why not uuid4 (``registry.new_id``): every id, and every reference to it (registrations'
    resident/address/household ids, outbox record ids), goes into a B-tree index; random keys put
    each insert on a random page of an index that grows with the store, which made a 100,000-row
    import several times slower per row than a 20,000-row one.  Ids in creation order are appended
    at the right edge instead (docs/decisions.md).  They are still 128-bit UUIDs that no two devices
    will repeat (62 random bits per id on top of the millisecond and counter); central and the sync
    protocol treat ids as opaque text.  Random bits come 4,096 ids at a time from ``os.urandom``.
    """
    variant = {f"{n:x}": f"{8 + (n & 3):x}" for n in range(16)}
    last_ms = 0
    counter = 0
    while True:
        rand = os.urandom(8 * 4096).hex()
        for i in range(0, len(rand), 16):
            now_ms = time.time_ns() // 1_000_000
            if now_ms > last_ms:
                last_ms, counter = now_ms, 0
            else:
                counter += 1
                if counter > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                    last_ms, counter = last_ms + 1, 0
            t = f"{last_ms:012x}"
            r = rand[i : i + 16]
            yield f"{t[:8]}-{t[8:]}-7{counter:03x}-{variant[r[0]]}{r[1:4]}-{r[4:16]}"


_ids = _uuid7_source()
_ids_lock = threading.Lock()


def new_id() -> str:
    """Return a new record UUID, time-ordered (see :func:`_uuid7_source`)."""
    with _ids_lock:
        return next(_ids)


def message_of(key: str, params: Mapping[str, str | int]) -> str:
    """Return the English message of ``key`` with ``params`` filled in (the key itself if unknown)."""
    template = IMPORT_MESSAGE_KEYS.get(key) or MESSAGE_KEYS.get(key, key)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


# ---- per-row preparation (pure) --------------------------------------------------------------


@dataclass
class _Prepared:
    row: LedgerRow
    problems: list[RowProblem]
    rejected: bool = False
    id_number: str = ""
    resident: dict[str, Any] = field(default_factory=dict)
    address: ParsedAddress | None = None
    room_key: str = ""
    town_code: str | None = None
    community: str = ""  # the 社区 cell (normalised: :func:`normalize_address_part`), "" for none
    grid: str = ""  # the 网格 cell, likewise
    landlord: dict[str, str] = field(default_factory=dict)
    relationship: str = ""


class _Preparer:
    """Turns a ledger row into validated values and problems; never touches the store."""

    def __init__(self, table: LedgerTable, tables: CodeTables, today: date) -> None:
        self.table = table
        self.tables = tables
        self.today = today
        self.idx = table.field_index
        self.idx_items = tuple(table.field_index.items())
        self.address_memo: dict[str, ParsedAddress] = {}
        self.value_memo: dict[tuple[str, str], Any] = {}
        self.town_names = tuple(sorted(tables.town.entries.values(), key=len, reverse=True))
        self.compare_cols = [c.index for c in table.columns if c.field not in (None, "seq")]
        self.code_memo: dict[tuple[str, str], str | None] = {}

    def header(self, field_name: str) -> str:
        return self.table.header_of(field_name)

    def raw(self, row: LedgerRow, field_name: str) -> object:
        i = self.idx.get(field_name)
        return row.cells[i] if i is not None and i < len(row.cells) else None

    def text(self, row: LedgerRow, field_name: str) -> str:
        return cell_text(self.raw(row, field_name))

    def _memo(self, kind: str, text: str, fn: Callable[[str], Any]) -> Any:
        """``fn(text)`` remembered per (kind, text): ledgers repeat towns, landlords and reasons row after row."""
        key = (kind, text)
        hit = self.value_memo.get(key, _MISSING)
        if hit is _MISSING:
            if len(self.value_memo) > 65536:
                self.value_memo.clear()
            hit = self.value_memo[key] = fn(text)
        return hit

    def _texts(self, row: LedgerRow) -> dict[str, str]:
        """Every mapped field's cell of ``row`` as text (one pass instead of a lookup per use)."""
        cells = row.cells
        n = len(cells)
        out: dict[str, str] = {}
        for f, i in self.idx_items:
            if i < n:
                v = cells[i]
                out[f] = v.strip() if v.__class__ is str else cell_text(v)
        return out

    def problem(self, out: list[RowProblem], p: Problem, column_field: str | None = None) -> None:
        col_field = column_field or p.field
        out.append(row_problem(self.header(col_field), p.field, p.severity, p.key, p.params))

    def prepare(self, row: LedgerRow) -> _Prepared:
        problems: list[RowProblem] = []
        prep = _Prepared(row, problems)
        texts = self._texts(row)
        if check_text("", "".join(texts.values())) is not None:  # one search per row; per column only on a hit
            for f, value in texts.items():
                invalid = check_text(f, value) if f in _STORED_TEXT else None
                if invalid is not None:
                    self.problem(problems, invalid)
            if problems:  # nothing else is checked: no other reason quotes the text with the bad character
                prep.rejected = True
                return prep

        def tx(field_name: str) -> str:
            return texts.get(field_name, "")

        notes: list[str] = []
        note_own = tx("note")

        def to_note(field_name: str, value: str) -> None:
            notes.append(f"{self.header(field_name)}={value}")

        # identity document
        id_type = IdType.RESIDENT_ID
        id_type_text = normalize_header(tx("id_type"))
        if id_type_text:
            found = _ID_TYPES.get(id_type_text)
            if found is None:
                self.problem(problems, error("id_type", "import.id_type_unknown", value=id_type_text))
                prep.rejected = True
            else:
                id_type = found
        id_raw = self.raw(row, "id_number")
        id_text = cell_text(id_raw)
        if id_type is IdType.RESIDENT_ID and numeric_cell_lost_digits(id_raw):
            shown = id_text if "E" in id_text else f"{id_text} (number cell)"
            self.problem(problems, error("id_number", "id_number.excel_mangled", value=shown))
            prep.rejected = True
        elif id_type is IdType.RESIDENT_ID and numeric_id_intact(id_raw):
            self.problem(problems, warning("id_number", "import.id_stored_as_number", value=id_text))

        # dates: an unreadable optional date is left empty with a warning and kept in the note
        dates: dict[str, date | None] = {}
        for f in ("birth_date", "arrival_date"):
            try:
                dates[f] = parse_ledger_date(self.raw(row, f))
            except DateParseError as exc:
                dates[f] = None
                self.problem(problems, warning(f, exc.key, value=exc.value))
                to_note(f, exc.value)

        # optional fields checked here so that a bad value does not reject the person
        phone_text = tx("phone")
        phone, phone_problems = check_phone(phone_text, field="phone")
        if any(p.severity is Severity.ERROR for p in phone_problems):
            self.problem(problems, warning("phone", "import.value_to_note", value=phone_text))
            to_note("phone", phone_text)
            phone = ""
        else:
            for p in phone_problems:
                self.problem(problems, p)
        uscc_text = tx("employer_uscc")
        uscc, uscc_problems = check_uscc(uscc_text, field="employer_uscc")
        if any(p.severity is Severity.ERROR for p in uscc_problems):
            self.problem(problems, warning("employer_uscc", "import.value_to_note", value=uscc_text))
            to_note("employer_uscc", uscc_text)
            uscc = ""
        else:
            for p in uscc_problems:
                self.problem(problems, p)
        codes: dict[str, str] = {}
        for f in ("sex", *_CODE_FIELDS):
            value = tx(f)
            code: str = ""
            if value:
                memo_key = (f, value)
                found_code = self.code_memo.get(memo_key, "?")
                if found_code == "?":
                    found_code = self.tables.by_name(f).lookup(value)
                    self.code_memo[memo_key] = found_code
                if found_code is None:
                    self.problem(problems, warning(f, "import.code_unknown", table=f, value=value))
                    to_note(f, value)
                else:
                    code = found_code
            codes[f] = code
        reason: ResidenceReason | None = None
        reason_text = self._memo("reason", tx("reason"), normalize_header)
        if reason_text:
            reason = _REASONS.get(reason_text)
            if reason is None:
                self.problem(
                    problems, warning("reason", "import.code_unknown", table="reason", value=reason_text)
                )
                to_note("reason", reason_text)

        inp = ResidentInput(
            id_type=id_type,
            id_number=id_text,
            name=tx("name"),
            sex=codes["sex"],
            birth_date=dates["birth_date"],
            ethnicity=codes["ethnicity"],
            hukou_code=tx("hukou_code"),
            hukou_address=tx("hukou_address"),
            phone="",  # checked above; set below without a second phonenumbers parse
            education=codes["education"],
            marital_status=codes["marital_status"],
            political_status=codes["political_status"],
            employer_name=tx("employer_name"),
            employer_uscc=uscc,
            occupation=tx("occupation"),
            arrival_date=dates["arrival_date"],
            reason=reason,
        )
        if not prep.rejected:
            checked = validate_resident(inp, today=self.today, tables=self.tables)
            for p in checked.problems:
                column_field = "id_number" if p.field in ("hukou_code",) else None
                if p.field == "birth_date" and "birth_date" not in self.idx:
                    column_field = "id_number"
                if p.key == "text.too_long" and p.field in _OPTIONAL_TEXT:
                    # an over-long optional text is left out (a warning), like other unreadable optional values
                    p = warning(p.field, "import.text_too_long_dropped", **p.params)
                    checked.values[p.field] = ""
                self.problem(problems, p, column_field)
            prep.resident = resident_row({**checked.values, "phone": phone})
            own_too_long = check_length("note", note_own)
            if own_too_long is not None:
                self.problem(problems, warning("note", "import.text_too_long_dropped", **own_too_long.params))
                note_own = ""
            note = "；".join(x for x in (note_own, (NOTE_PREFIX + "；".join(notes)) if notes else "") if x)
            prep.resident["note"] = note
            prep.id_number = str(checked.values.get("id_number", ""))

        # address
        address_text = tx("address")
        address_too_long = check_length("address", address_text)
        if not address_text:
            self.problem(problems, error("address", "import.address_required"))
        elif address_too_long is not None:
            self.problem(problems, address_too_long)
        else:
            parsed = self.address_memo.get(address_text)
            if parsed is None:
                if len(self.address_memo) > 65536:
                    self.address_memo.clear()
                parsed = self.address_memo[address_text] = parse_address(address_text, self.town_names)
            prep.address = parsed
            if parsed.unparsed:
                self.problem(
                    problems,
                    warning("address", "import.address_unparsed", rest=parsed.unparsed, value=address_text),
                )
        town_text = tx("town")
        if town_text:
            prep.town_code = self._memo("town", town_text, self.tables.town.lookup)
            if prep.town_code is None:
                self.problem(problems, warning("town", "import.town_unknown", value=town_text))
        elif prep.address is not None and prep.address.town:
            prep.town_code = self._memo("town", prep.address.town, self.tables.town.lookup)
        if prep.address is not None:
            prep.room_key = f"{prep.town_code or ''}|{prep.address.text}"
        prep.community = self._memo("area", tx("community"), normalize_address_part)
        prep.grid = self._memo("area", tx("grid"), normalize_address_part)

        # landlord
        landlord_name = self._memo("landlord", tx("landlord_name"), normalize_name)
        if check_length("landlord_name", landlord_name) is not None:
            self.problem(problems, warning("landlord_name", "import.landlord_value_dropped",
                                           value=landlord_name[:20] + "…"))
            landlord_name = ""
        landlord_phone_text = tx("landlord_phone")
        landlord_phone, lp_problems = check_phone(landlord_phone_text, field="landlord_phone")
        if any(p.severity is Severity.ERROR for p in lp_problems):
            self.problem(
                problems,
                warning("landlord_phone", "import.landlord_value_dropped", value=landlord_phone_text),
            )
            landlord_phone = ""
        else:
            for p in lp_problems:
                self.problem(problems, p)
        landlord_id_text = tx("landlord_id_number")
        landlord_id = ""
        if landlord_id_text:
            lid = check_id_number(landlord_id_text, today=self.today, field="landlord_id_number")
            if lid.ok and not numeric_cell_lost_digits(self.raw(row, "landlord_id_number")):
                landlord_id = lid.normalized
                for p in lid.problems:
                    self.problem(problems, p)
            else:
                self.problem(
                    problems,
                    warning("landlord_id_number", "import.landlord_value_dropped", value=landlord_id_text),
                )
        if landlord_name or landlord_phone or landlord_id:
            prep.landlord = {
                "landlord_name": landlord_name,
                "landlord_phone": landlord_phone,
                "landlord_id_number": landlord_id,
            }
        rel_text = tx("relationship")
        if rel_text:
            rel_code = self.tables.relationship.lookup(rel_text)
            if rel_code is None:
                self.problem(
                    problems,
                    warning("relationship", "import.code_unknown", table="relationship", value=rel_text),
                )
            else:
                prep.relationship = rel_code

        if any(p.severity is Severity.ERROR for p in problems):
            prep.rejected = True
        return prep

    def fingerprint(self, row: LedgerRow) -> tuple[str, ...]:
        """The row's values in the compared columns (for naming what differs between duplicates)."""
        return tuple(normalize_header(cell_text(row.cells[i])) for i in self.compare_cols)


# ---- writing ---------------------------------------------------------------------------------


def _fill(table_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Give every new row of an entity the same keys (executemany needs them)."""
    defaults = _DEFAULTS[table_name]
    return {**defaults, **values}


_DEFAULTS: dict[str, dict[str, Any]] = {
    "standard_address": {
        "code": None,
        "is_leaf": 0,
        "housing_type": "ordinary",
        "plate_code": None,
        "valid_to": None,
        "invented": 0,
    },
    "rental_unit": {
        "landlord_type": "person",
        "landlord_name": "",
        "landlord_id_number": "",
        "landlord_uscc": "",
        "landlord_phone": "",
        "use": "residential",
        "status": "let",
    },
    "household": {"type": "family", "head_resident_id": None},
    "resident": {},
    "residence_registration": {
        "declared_date": None,
        "moved_out_date": None,
        "moved_out_reason": "",
        "status": "living",
    },
}
_ORDER = ("standard_address", "rental_unit", "household", "resident", "residence_registration")


@dataclass
class _GridCache:
    nodes: dict[tuple[str | None, str], tuple[str, str]]  # (parent, name) -> (id, full_text)
    rental: dict[str, dict[str, Any]]  # address id -> rental unit columns (id, landlord_*)
    households: dict[str, list[str]]  # address id -> household ids stored before this import


@dataclass
class _Group:
    room_key: str = ""
    first_row: int = 0
    household_id: str | None = None


class _Rollback(Exception):
    """Raised inside the import's transaction to roll all of it back (cancel)."""


class _Work(NamedTuple):
    """One batch's writes, planned on the main thread and written by :meth:`_Importer.write`."""

    areas: list[tuple[str, dict[str, Any]]]  # (id, values) of new areas
    inserts: dict[str, list[dict[str, Any]]]  # entity → rows of new records
    updates: list[tuple[str, str, dict[str, Any]]]  # (entity, id, changed fields) of stored records


class _Importer:
    def __init__(
        self,
        store: Store,
        table: LedgerTable,
        *,
        user: str,
        grid_id: str | None,
        dry_run: bool,
        today: date,
        keep_values: bool = False,
    ) -> None:
        self.store = store
        self.table = table
        self.user = user
        self.fixed_grid = grid_id
        self.dry_run = dry_run
        self.today = today
        self.keep_values = keep_values
        self.tables = load_code_tables()
        self.prep = _Preparer(table, self.tables, today)
        #: the import's write transaction (None in a dry run): only :meth:`write` uses it
        self.conn: Connection | None = None
        #: a second connection for every read while planning. Its reads see the store as it was before the
        #: import (WAL: the import's transaction commits at the end), which is all planning needs: whatever
        #: this import creates is in the importer's own caches (``seen``, ``area_cache``, ``grid_cache``,
        #: ``town_index``). So planning never waits for the writer thread.
        self.reader: Connection | None = None
        #: areas (id, values) planned since the last :meth:`take`, written first by :meth:`write`
        self.new_areas: list[tuple[str, dict[str, Any]]] = []
        #: a batch failed to write: later batches write nothing (set and read on the writer thread only)
        self.write_failed = False
        self.grids: dict[tuple[str | None, str, str], str] = {}
        self.town_areas: dict[str | None, str] = {}
        self.town_index: dict[str | None, dict[str, tuple[str, str]]] = {}
        self.grid_cache: dict[str, _GridCache] = {}
        self.seen: dict[str, LedgerRow] = {}
        self.group = _Group()
        self.room_first_row: dict[str, int] = {}
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.pending_rental: dict[str, dict[str, Any]] = {}
        self.updates: list[tuple[str, str, dict[str, Any]]] = []
        self.area_cache: dict[tuple[str | None, str, str], str] = {}

    @property
    def c(self) -> Connection:
        """The connection planning reads from (:attr:`reader`)."""
        assert self.reader is not None, "the importer runs inside import_ledger"
        return self.reader

    # -- areas ---------------------------------------------------------------------------------

    def _area(self, level: str, name: str, parent: str | None, code: str | None) -> tuple[str, bool]:
        """Return (area id, existed before this import): by code, else by name compared after
        :func:`normalize_address_part` (NFKC, no whitespace), among the stored areas of ``level`` under
        ``parent`` (read through :attr:`reader`) and those this import queued; else queued as new."""
        key = (parent, level, code or normalize_address_part(name))
        hit = self.area_cache.get(key)
        if hit is not None:
            return hit, True
        a = t.area
        q = select(a.c.id, a.c.name).where(a.c.level == level, a.c.deleted == 0)
        q = q.where(a.c.code == code) if code else q
        q = q.where(a.c.parent_id == parent) if parent is not None else q
        found = next(
            (aid for aid, stored in self.c.execute(q.order_by(a.c.id)) if code or
             normalize_address_part(str(stored)) == key[2]),
            None,
        )
        if found is not None:
            self.area_cache[key] = str(found)
            return str(found), True
        area_id = new_id()
        self.new_areas.append(
            (area_id, {"level": level, "name": name, "parent_id": parent, "code": code, "invented": 0})
        )
        self.area_cache[key] = area_id
        return area_id, False

    def _town_area(self, town_code: str | None) -> tuple[str, bool]:
        from desktop.domain.entities import YINZHOU_DISTRICT_CODE

        district, _ = self._area("district", "鄞州区", None, YINZHOU_DISTRICT_CODE)
        if town_code is not None:
            return self._area("town", self.tables.town.name_of(town_code) or town_code, district, town_code)
        return self._area("town", UNASSIGNED_TOWN, district, None)

    def grid_for(self, town_code: str | None, community_name: str = "", grid_name: str = "") -> str:
        """The grid a row's new room goes under: the fixed grid; else the town's community named in the row's
        社区 cell and its grid named in the 网格 cell (导入网格 when empty), each found or queued as new; a row
        without a 社区 value goes to 导入-<file name>/导入网格 of the town."""
        if self.fixed_grid is not None:
            return self.fixed_grid
        key = (town_code, community_name, grid_name if community_name else "")
        hit = self.grids.get(key)
        if hit is not None:
            return hit
        town, _ = self._town_area(town_code)
        if community_name:
            community, _ = self._area("community", community_name, town, None)
            grid, _ = self._area("grid", grid_name or IMPORT_GRID, community, None)
        else:
            community, _ = self._area("community", f"导入-{self.table.path.stem}", town, None)
            grid, _ = self._area("grid", IMPORT_GRID, community, None)
        self.grids[key] = grid
        return grid

    def rooms_of_town(self, town_code: str | None) -> dict[str, tuple[str, str]]:
        """Leaf addresses (full text → (id, grid)) in every grid of the town, loaded once per town."""
        hit = self.town_index.get(town_code)
        if hit is not None:
            return hit
        index: dict[str, tuple[str, str]] = {}
        town, existed = self._town_area(town_code)
        if existed:
            sa, grid, community = t.standard_address, t.area.alias("g"), t.area.alias("c")
            for aid, gid, full in self.c.execute(
                select(sa.c.id, sa.c.grid_id, sa.c.full_text)
                .join(grid, grid.c.id == sa.c.grid_id)
                .join(community, community.c.id == grid.c.parent_id)
                .where(community.c.parent_id == town, sa.c.is_leaf == 1, sa.c.deleted == 0)
            ):
                index.setdefault(str(full), (str(aid), str(gid)))
        self.town_index[town_code] = index
        return index

    def cache_for(self, grid: str) -> _GridCache:
        hit = self.grid_cache.get(grid)
        if hit is not None:
            return hit
        sa, ru, hh = t.standard_address, t.rental_unit, t.household
        cache = _GridCache({}, {}, {})
        conn = self.c
        for rid, parent, name, full in conn.execute(
            select(sa.c.id, sa.c.parent_id, sa.c.name, sa.c.full_text).where(
                sa.c.grid_id == grid, sa.c.deleted == 0
            )
        ):
            cache.nodes.setdefault((parent, name), (rid, full))
        for r in conn.execute(
            select(ru.c.id, ru.c.address_id, ru.c.landlord_name, ru.c.landlord_phone, ru.c.landlord_id_number)
            .join(sa, sa.c.id == ru.c.address_id)
            .where(sa.c.grid_id == grid, ru.c.deleted == 0)
        ).mappings():
            cache.rental.setdefault(str(r["address_id"]), dict(r))
        for hid, aid in conn.execute(
            select(hh.c.id, hh.c.address_id)
            .join(sa, sa.c.id == hh.c.address_id)
            .where(sa.c.grid_id == grid, hh.c.deleted == 0)
        ):
            cache.households.setdefault(str(aid), []).append(str(hid))
        self.grid_cache[grid] = cache
        return cache

    # -- planning ------------------------------------------------------------------------------

    def _insert(self, entity: str, values: dict[str, Any]) -> dict[str, Any]:
        row = _fill(entity, values)
        self.inserts.setdefault(entity, []).append(row)
        return row

    def locate(self, p: _Prepared) -> tuple[str, str, str]:
        """Return (grid, leaf address id, full text) of the row's room, creating nodes as needed.

        Without a fixed grid, a stored leaf with the same full text in the same town is reused
        (a corrected ledger under another name finds the same rooms).
        """
        assert p.address is not None
        if self.fixed_grid is not None:
            address_id, full = self.leaf_address(self.fixed_grid, p.address)
            return self.fixed_grid, address_id, full
        full_text = "".join(name for _level, name in p.address.segments)
        index = self.rooms_of_town(p.town_code)
        hit = index.get(full_text)
        if hit is not None:
            return hit[1], hit[0], full_text
        grid = self.grid_for(p.town_code, p.community, p.grid)
        address_id, full = self.leaf_address(grid, p.address)
        index[full] = (address_id, grid)
        return grid, address_id, full

    def leaf_address(self, grid: str, parsed: ParsedAddress) -> tuple[str, str]:
        cache = self.cache_for(grid)
        parent: str | None = None
        full = ""
        node_id = ""
        last = len(parsed.segments) - 1
        for i, (level, name) in enumerate(parsed.segments):
            hit = cache.nodes.get((parent, name))
            if hit is None:
                node_id, full = new_id(), full + name
                self._insert(
                    "standard_address",
                    {
                        "id": node_id,
                        "grid_id": grid,
                        "parent_id": parent,
                        "level": level,
                        "name": name,
                        "full_text": full,
                        "is_leaf": int(i == last),
                        "valid_from": self.today.isoformat(),
                    },
                )
                cache.nodes[(parent, name)] = (node_id, full)
            else:
                node_id, full = hit
            parent = node_id
        return node_id, full

    def _values(self, p: _Prepared, full_text: str) -> dict[str, Any]:
        town = self.tables.town.name_of(p.town_code) if p.town_code else ""
        return {**p.resident, "address": full_text, "town": town or "", "relationship": p.relationship,
                **p.landlord}

    def plan(
        self,
        p: _Prepared,
        existing: Mapping[str, Mapping[str, Any]],
        living: Mapping[str, list[tuple[str, str, str | None, str]]],
    ) -> RowVerdict:
        verdict = RowVerdict(p.row.number, "rejected", p.problems)
        if self.keep_values:
            verdict.values = self._values(p, p.address.text if p.address is not None else "")
        previous_key = self.group.room_key
        same_room = bool(p.room_key) and p.room_key == previous_key
        if not same_room and p.room_key:
            self.group = _Group(p.room_key, p.row.number, None)
        if p.rejected or p.address is None:
            return verdict
        first = self.seen.get(p.id_number)
        if first is not None:
            differs = [
                self.table.columns[i].header
                for i, a, b in zip(
                    self.prep.compare_cols, self.prep.fingerprint(first), self.prep.fingerprint(p.row), strict=True
                )
                if a != b
            ]
            params: dict[str, str | int] = {"first_row": first.number, "columns": "、".join(differs) or "—"}
            key = "import.duplicate_in_file"
            severity = Severity.ERROR if self.table.header_of("name") in differs else Severity.WARNING
            verdict.problems.append(row_problem(self.table.header_of("id_number"), "id_number", severity, key, params))
            verdict.status = "duplicate"
            return verdict
        self.seen[p.id_number] = p.row

        grid, address_id, full_text = self.locate(p)
        if verdict.values is not None:
            verdict.values["address"] = full_text
        cache = self.cache_for(grid)
        if not same_room:
            earlier = self.room_first_row.get(p.room_key)
            if earlier is not None:
                params = {"address": full_text, "first_row": earlier}
                verdict.problems.append(
                    row_problem(self.table.header_of("address"), "address", Severity.WARNING,
                                "import.room_repeated", params)
                )
            else:
                self.room_first_row[p.room_key] = p.row.number
        rental_changes = self._plan_rental(p, cache, address_id, verdict)

        stored = existing.get(p.id_number)
        if stored is None:
            resident_id = new_id()
            self._insert("resident", {"id": resident_id, **p.resident})
            self._register(resident_id, address_id, cache, p)
            has_warnings = any(x.severity is Severity.WARNING for x in verdict.problems)
            verdict.status = "created_with_warnings" if has_warnings else "created"
            return verdict

        resident_id = str(stored["id"])
        changed = {
            k: v
            for k, v in p.resident.items()
            if v not in ("", None) and k != "id_number" and stored.get(k) != v
        }
        if "name" not in changed:
            changed.pop("name_initials", None)
        if "note" in changed and NOTE_PREFIX not in str(changed["note"]) and stored.get("note"):
            pass  # the office's own note replaces the stored one like any other column
        if changed:
            self.updates.append(("resident", resident_id, changed))
            verdict.changes.extend(k for k in changed if k != "name_initials")
        verdict.changes.extend(rental_changes)
        regs = living.get(resident_id, [])
        if not regs:
            self._register(resident_id, address_id, cache, p)
            verdict.changes.append("address")
        elif all(aid != address_id for _rid, aid, _hid, _txt in regs):
            for reg_id, _aid, _hid, _txt in regs:
                self.updates.append((
                    "residence_registration",
                    reg_id,
                    {"status": "left", "moved_out_date": self.today.isoformat(), "moved_out_reason": MOVE_REASON},
                ))
            self._register(resident_id, address_id, cache, p)
            verdict.changes.append("address")
            params = {"from_address": "、".join(txt for *_rest, txt in regs), "date": self.today.isoformat()}
            verdict.problems.append(
                row_problem(self.table.header_of("address"), "address", Severity.WARNING, "import.moved", params)
            )
        else:
            hid = next(h for _rid, aid, h, _ in regs if aid == address_id)
            if self.group.household_id is None and hid is not None:
                self.group.household_id = hid
        verdict.status = "updated" if verdict.changes else "unchanged"
        return verdict

    def _plan_rental(self, p: _Prepared, cache: _GridCache, address_id: str, verdict: RowVerdict) -> list[str]:
        """Plan the room's rental unit; return the landlord fields it adds to a stored unit."""
        if not p.landlord:
            return []
        unit = cache.rental.get(address_id)
        if unit is None:
            unit = {"id": new_id(), "address_id": address_id, **p.landlord}
            cache.rental[address_id] = unit
            self.pending_rental[str(unit["id"])] = self._insert("rental_unit", dict(unit))
            return ["rental_unit"]
        fill: dict[str, str] = {}
        differs: list[str] = []
        for k, v in p.landlord.items():
            old = str(unit.get(k) or "")
            if v and not old:
                fill[k] = v
            elif v and old != v:
                differs.append(k)
        if differs:
            stored = " ".join(
                str(unit.get(k) or "") for k in ("landlord_name", "landlord_phone") if unit.get(k)
            )
            given = " ".join(
                v for k, v in p.landlord.items() if k in ("landlord_name", "landlord_phone") and v
            )
            params: dict[str, str | int] = {"stored": stored, "given": given}
            column = self.table.header_of("landlord_name" if "landlord_name" in differs else differs[0])
            verdict.problems.append(
                row_problem(column, differs[0], Severity.WARNING, "import.landlord_differs", params)
            )
        if not fill:
            return []
        unit.update(fill)
        pending = self.pending_rental.get(str(unit["id"]))
        if pending is not None:
            pending.update(fill)
            return []
        self.updates.append(("rental_unit", str(unit["id"]), fill))
        return list(fill)

    def _register(self, resident_id: str, address_id: str, cache: _GridCache, p: _Prepared) -> None:
        relationship = p.relationship
        if self.group.household_id is None:
            stored_households = cache.households.get(address_id, [])
            if len(stored_households) == 1 and self.group.first_row == self.room_first_row.get(p.room_key):
                self.group.household_id = stored_households[0]
            else:
                hid = new_id()
                self._insert(
                    "household", {"id": hid, "address_id": address_id, "head_resident_id": resident_id}
                )
                self.group.household_id = hid
                relationship = relationship or HEAD_RELATIONSHIP
        self._insert(
            "residence_registration",
            {
                "id": new_id(),
                "resident_id": resident_id,
                "address_id": address_id,
                "household_id": self.group.household_id,
                "relationship": relationship,
                "registered_date": self.today.isoformat(),
                "registered_by": self.user,
            },
        )

    # -- batches -------------------------------------------------------------------------------

    def lookup(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, list[tuple[str, str, str | None, str]]]]:
        """Residents by ID number (indexed) and their living registrations, for one batch.

        Living registrations are (registration id, address id, household id, address full text).
        """
        existing: dict[str, dict[str, Any]] = {}
        living: dict[str, list[tuple[str, str, str | None, str]]] = {}
        r, reg, sa = t.resident, t.residence_registration, t.standard_address
        conn = self.c
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            for row in conn.execute(select(r).where(r.c.id_number.in_(chunk), r.c.deleted == 0)).mappings():
                existing.setdefault(str(row["id_number"]), dict(row))
        rids = [str(v["id"]) for v in existing.values()]
        for start in range(0, len(rids), 500):
            chunk = rids[start : start + 500]
            for reg_id, rid, aid, hid, full in conn.execute(
                select(reg.c.id, reg.c.resident_id, reg.c.address_id, reg.c.household_id, sa.c.full_text)
                .join(sa, sa.c.id == reg.c.address_id, isouter=True)
                .where(reg.c.resident_id.in_(chunk), reg.c.status == "living", reg.c.deleted == 0)
            ):
                living.setdefault(str(rid), []).append((str(reg_id), str(aid), hid, str(full or "")))
        return existing, living

    def take(self) -> _Work:
        """Hand over what was planned so far (new areas, inserts per entity, updates) and start a new batch.

        After this the planner never touches the handed-over row dicts again (a later landlord
        fill for a unit handed over becomes an update), so they can be written on another thread.
        """
        work = _Work(self.new_areas, self.inserts, self.updates)
        self.new_areas, self.inserts, self.updates, self.pending_rental = [], {}, [], {}
        return work

    def write(self, work: _Work) -> None:
        """Write one batch handed over by :meth:`take` in the import's transaction (nothing in a dry run):
        its areas first, then the inserts parents before children (:data:`_ORDER`), then the updates."""
        if self.dry_run or not (work.areas or work.inserts or work.updates):
            return
        conn = self.conn
        assert conn is not None, "a write needs import_ledger's write transaction"
        if self.write_failed:
            # A batch queued behind a failed one writes nothing: the import is being rolled back, and after
            # SQLITE_FULL/IOERR/NOMEM/BUSY SQLite may already have ended the transaction by itself, so these rows
            # would be committed one by one (sqlite.org/lang_transaction.html, "Response To Errors Within A
            # Transaction").
            return
        raw = conn.connection.driver_connection
        if raw is not None and not raw.in_transaction:
            self.write_failed = True
            raise OperationalError("import batch", {}, RuntimeError("the import's transaction ended early"))
        device_id = self.store.device_id
        try:
            for area_id, values in work.areas:
                write_record(conn, "area", area_id, values, user=self.user, device_id=device_id)
            for entity in _ORDER:
                rows = work.inserts.get(entity)
                if rows:
                    bulk_create(conn, entity, rows, user=self.user, device_id=device_id)
            for entity, record_id, fields in work.updates:
                write_record(conn, entity, record_id, fields, user=self.user, device_id=device_id)
        except BaseException:
            self.write_failed = True
            raise

    def flush(self) -> None:
        """Write everything planned so far on this thread."""
        self.write(self.take())


def import_ledger(
    store: Store,
    path: Path,
    *,
    user: str,
    grid_id: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    today: date | None = None,
    mapping: Mapping[str, str] | None = None,
    limit: int | None = None,
    keep_values: bool = False,
    audit_detail: str = "ledger import",
    audit_user: str | None = None,
) -> ImportReport:
    """Import a ledger file into ``store``; see the module doc for every rule.

    Args:
        store: the open local store.  path: ``.xlsx``/``.xlsm``/``.csv``.  user: who imports
            (``updated_by``, ``registered_by``).  grid_id: put every address under this grid
            (else the 导入 area chain).  dry_run: validate and report, write nothing (areas
            included).  progress: called as ``progress(rows done, data rows)`` after each batch.
            should_cancel: polled between rows; True stops and rolls the whole import back
            (every row that would have been stored is reported ``not_imported``).  today: the
            date for validation and registration (default: today).  mapping: the user's column
            mapping (see :func:`read_ledger`).  limit: only the first ``limit`` data rows (the
            wizard's preview).  keep_values: fill ``RowVerdict.values`` (the preview).
            audit_detail: start of the ``import`` audit event's detail (the file's kind is added,
            never its name); the event (count = rows stored) is written in the import's own
            transaction, so a rolled-back import leaves no event and a committed one always has it.
            audit_user: who the event names (None: ``user``; the command line names someone even
            when the records' ``user`` is left '' for the next sign-in).

    Returns:
        The :class:`ImportReport` (one verdict per data row reached).

    Raises:
        LedgerFormatError: the file is not a readable ledger (nothing written).
        ValueError: ``grid_id`` is not a grid of the store.
    """
    started = time.perf_counter()
    today = today or date.today()
    table = read_ledger(path, mapping)
    if grid_id is not None:
        with store.read() as conn:
            level = conn.execute(select(t.area.c.level).where(t.area.c.id == grid_id)).scalar()
        if level != "grid":
            raise ValueError(f"{grid_id} is not a grid of this store")
    rows = table.rows if limit is None else table.rows[:limit]
    report = ImportReport(
        str(path),
        table.sheet,
        table.header_row,
        len(rows),
        skipped=list(table.skipped),
        ignored_columns=_ignored(table),
        dry_run=dry_run,
        columns=_mapped(table),
    )
    imp = _Importer(
        store, table, user=user, grid_id=grid_id, dry_run=dry_run, today=today, keep_values=keep_values
    )
    try:
        writes: AbstractContextManager[Connection | None] = nullcontext() if dry_run else store.write()
        switching = _switch_interval(IMPORT_SWITCH_INTERVAL_S if WRITER_THREAD and not dry_run else None)
        with switching, store.read() as reader, writes as write_conn, ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ledger-writer"
        ) as writer:
            imp.reader, imp.conn = reader, write_conn
            if write_conn is not None:
                # a bigger page cache for this connection while the import's rows go in; the pooled
                # connection gets its own setting back afterwards (desktop.store.db sets it per connection)
                cache_before = write_conn.exec_driver_sql("PRAGMA cache_size").scalar()
                write_conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            # Batches planned and not yet written, oldest first. Planning reads only ``reader`` (the store as
            # it was) and the importer's caches, so batch N+1 is read, validated and planned while the writer
            # thread stores batch N (sqlite3_step runs without the GIL); at most WRITES_AHEAD wait.
            pending: deque[tuple[Future[None], int]] = deque()
            written = 0

            def finish_oldest() -> None:
                nonlocal written
                future, done = pending.popleft()
                future.result()  # re-raises the writer's store error here
                written = done
                if progress is not None:
                    progress(written, len(rows))

            for start in range(0, len(rows), BATCH_ROWS):
                batch = [imp.prep.prepare(r) for r in rows[start : start + BATCH_ROWS]]
                existing, living = imp.lookup(sorted({p.id_number for p in batch if p.id_number and not p.rejected}))
                for p in batch:
                    if should_cancel is not None and should_cancel():
                        report.cancelled = True
                        raise _Rollback  # the executor finishes what it was given; then the transaction rolls back
                    report.rows.append(imp.plan(p, existing, living))
                while pending and (pending[0][0].done() or len(pending) >= WRITES_AHEAD):
                    finish_oldest()
                if WRITER_THREAD:
                    pending.append((writer.submit(imp.write, imp.take()), start + len(batch)))
                else:
                    imp.flush()
                    written = start + len(batch)
                    if progress is not None:
                        progress(written, len(rows))
            while pending:
                finish_oldest()
            if write_conn is not None:  # issue 7: the import's audit event commits (or rolls back) with its rows
                audit.record(write_conn, user=user if audit_user is None else audit_user, device_id=store.device_id,
                             action="import", entity="resident",
                             count=sum(1 for v in report.rows if v.status in ACCEPTED),
                             detail=f"{audit_detail} {path.suffix.lower().lstrip('.')}")
                write_conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_before or -2000)}")
    except _Rollback:
        if not dry_run:
            _roll_back(report, "import.cancelled", rows)
    except SQLAlchemyError as exc:  # any store failure rolls the whole import back
        report.aborted = str(exc.orig if isinstance(exc, DBAPIError) else exc)
        _roll_back(report, "import.rolled_back", rows)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _switch_interval(seconds: float | None) -> Iterator[None]:
    """Run the block with ``sys.setswitchinterval(seconds)`` (None: unchanged); the previous value is put back.

    Process-wide (CPython has one GIL): other threads, the GUI's included, only get the GIL sooner meanwhile.
    """
    if seconds is None:
        yield
        return
    before = sys.getswitchinterval()
    sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _roll_back(report: ImportReport, key: str, rows: Sequence[LedgerRow]) -> None:
    """The transaction was rolled back: give every data row a verdict that says so.

    Rows that would have been stored become ``not_imported`` with the reason ``key``; so do the rows never
    reached (planning stops at a cancel, a store error stops the writer with batches planned ahead). Problems
    that tell what was done with a row (kept in the note, taken from row N …) are reworded as not done
    (:data:`ROLLED_BACK_KEYS`). Rejected, duplicate and unchanged rows keep their status.
    """
    report.rolled_back = True
    reason = row_problem("", "", Severity.ERROR, key, {})
    for v in report.rows:
        v.problems = [
            row_problem(p.column, p.field, p.severity, ROLLED_BACK_KEYS[p.key], p.params)
            if p.key in ROLLED_BACK_KEYS else p
            for p in v.problems
        ]
        if v.status in ("created", "created_with_warnings", "updated"):
            v.status = "not_imported"
            v.changes = []
            v.problems.append(reason)
    reached = {v.row for v in report.rows}
    report.rows.extend(RowVerdict(r.number, "not_imported", [reason]) for r in rows if r.number not in reached)


def _mapped(table: LedgerTable) -> list[tuple[str, str]]:
    """(header, field) of every column; field "" for a column that is not imported (unknown, repeated, or
    recognised but not stored: ``NOT_IMPORTED_FIELDS`` such as 居住证到期日 → ``permit_expiry``)."""
    return [(c.header, _imported_field(table, c)) for c in table.columns]


def _imported_field(table: LedgerTable, column: LedgerColumn) -> str:
    f = column.field
    if f is None or f in NOT_IMPORTED_FIELDS or table.field_index.get(f) != column.index:
        return ""
    return f


def _ignored(table: LedgerTable) -> list[str]:
    """Headers of the columns not imported, in sheet order: exactly those :func:`_mapped` gives no field. A header
    that is also the header of an imported column (a repeated 姓名) is named with its position (姓名（第6列）)."""
    read = {c.header for c in table.columns if _imported_field(table, c)}
    return [
        f"{c.header}（第{c.index + 1}列）" if c.header in read else c.header
        for c in table.columns
        if c.header and not _imported_field(table, c)
    ]


def report_totals(rows: Iterable[RowVerdict]) -> dict[str, int]:
    """Status → count over ``rows`` (every status present)."""
    out: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for v in rows:
        out[v.status] += 1
    return out
