"""Command line of the ledger importer and exporter.

``doorstep import-ledger FILE [--profile DIR] [--grid ID] [--dry-run] [--json] [--result OUT.xlsx]
[--map 表头=field …] [--save-mapping]``.

Opens (creating if needed; never for ``--dry-run``, which refuses a profile without a store, exit 2) the
store ``DIR/doorstep.sqlite`` (default profile: ``default_profiles_dir()/"default"``), runs
:func:`desktop.services.ledger_import.import_ledger` with the profile's saved column mapping
(:mod:`desktop.services.ledger_mapping`) and writes the report to stdout: JSON (``--json``, UTF-8, Chinese
unescaped; ``message`` is Chinese, ``message_en`` English) or a short summary with the reasons in Chinese.
``--result`` writes the result workbook (the rows with 导入结果/问题所在列/原因).

``doorstep export-ledger --area CODE_OR_ID --out FILE [--csv] [--bom] [--kind ledger|reminders|rates]``
writes an area's register as a ledger (or its reminders list, or its rates report).

Privacy (issue 7, docs/security.md): a new profile is created encrypted only with a passphrase the
app's setup would accept; events name the profile's signed-in user, else ``os:<account>``;
``--kind ledger`` (full ID numbers and phones) needs the supervisor role of the profile's last
sign-in; the printed report masks ID numbers and phones, invalid ones quoted by a reason included (the
``--result`` workbook keeps them: it is an export for the office). Importing into a demo profile prints a
warning.

Exit codes: 0 the import/export ran (rejected rows are listed, not failures); 1 cancelled or
stopped by a store error (nothing was imported); 2 bad arguments, unreadable file or not a ledger.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Literal

from desktop.domain.masking import mask_any, mask_id_number, mask_phone
from desktop.errors import AppError
from desktop.paths import default_profiles_dir
from desktop.services import audit
from desktop.services.ledger_import import (
    STATUSES,
    ImportReport,
    LedgerFormatError,
    RowProblem,
    import_ledger,
    row_problem,
)
from desktop.services.ledger_mapping import load_mapping, save_mapping
from desktop.services.ledger_parse import COLUMN_SYNONYMS
from desktop.services.messages_zh import SKIP_REASON_ZH, STATUS_ZH, message_zh
from desktop.services.privacy import MIN_LENGTH, PASSPHRASE_ENV, PassphraseRejected, open_for_cli
from desktop.store.db import Store

STORE_FILE = "doorstep.sqlite"
#: An ID number (18 or 15 characters) or a mainland mobile standing alone in the report's text.
_FULL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:(\d{17}[\dXx]|\d{15})|(1\d{10}))(?![0-9A-Za-z])")
#: Fields whose values the report masks whatever their shape, and how (:func:`mask_any`).
_MASKED_FIELDS: dict[str, Literal["id_number", "phone"]] = {
    "id_number": "id_number",
    "landlord_id_number": "id_number",
    "phone": "phone",
    "landlord_phone": "phone",
}
#: The params of a problem of those fields that quote the value (or a part of it: a birth date in an ID number).
_VALUE_PARAMS = ("value", "old", "new", "normalized")
#: Params of ``import.landlord_differs`` that join a landlord's name and phone ("王五 0574-87654321").
_LANDLORD_PARAMS = ("stored", "given")
WEAK_PASSPHRASE_MESSAGE = (
    f"新配置的口令太短或太容易猜（至少 {MIN_LENGTH} 个字符，不能是常见词、数字序列或公开的演示口令），"
    f"请在 --passphrase-file 文件或 {PASSPHRASE_ENV} 中换一个更长的口令。 "
    f"A new profile needs a passphrase of at least {MIN_LENGTH} characters that is not easy to guess "
    f"(nor the public demo passphrase): put a longer one in --passphrase-file FILE or ${PASSPHRASE_ENV}."
)
DEMO_WARNING = (
    "警告：演示配置不加密保护真实数据（口令 doorstep-demo 是公开的，内置中心库 central.sqlite 未加密），"
    "只导入演示或培训数据；真实台账请导入您自己的配置（--profile 文件夹 + 自己的口令）。 "
    "Warning: a demo profile does not protect real data (its passphrase is public and its embedded "
    "central.sqlite is not encrypted): use your own profile for a real ledger.\n"
)


def mask_numbers(text: str) -> str:
    """Return ``text`` with every ID number and mobile masked (:mod:`desktop.domain.masking`)."""
    return _FULL_NUMBER.sub(
        lambda m: mask_id_number(m.group(1)) if m.group(1) else mask_phone(m.group(2)), text)


def masked_problem(p: RowProblem) -> RowProblem:
    """Return ``p`` as the printed report shows it: every value it quotes from an ID-number or phone field
    (the person's or the landlord's) masked whatever its shape (:func:`mask_any`), the messages rebuilt."""
    kind = _MASKED_FIELDS.get(p.field)
    params = dict(p.params)
    if kind is not None:
        for name in _VALUE_PARAMS:
            if name in params:
                params[name] = mask_any(str(params[name]), kind)
    if p.key == "import.landlord_differs":  # the landlords' names and phones: a word with a digit is a phone
        for name in _LANDLORD_PARAMS:
            if name in params:
                params[name] = " ".join(mask_any(w, "phone") if any(c.isdigit() for c in w) else w
                                        for w in str(params[name]).split(" "))
    if params == dict(p.params):
        return p
    return row_problem(p.column, p.field, p.severity, p.key, params)


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_numbers(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _open(command: str, profile: Path, passphrase_file: Path | None) -> Store | None:
    """Open the profile's store for ``command``; print why not (stderr) and return None on failure."""
    try:
        return open_for_cli(profile, passphrase_file)  # issue 7: encrypted profiles
    except PassphraseRejected:
        sys.stderr.write(f"{command}: {WEAK_PASSPHRASE_MESSAGE}\n")
    except (AppError, OSError) as exc:
        sys.stderr.write(f"{command}: cannot open the store in {profile}: {exc}\n")
    return None


def report_to_json(report: ImportReport) -> dict[str, Any]:
    """Return the report as the JSON object the CLI prints (keys as in the import issue, plus extras).

    ID numbers and phones quoted by the problems are masked (:func:`masked_problem`)."""
    totals = report.totals
    out: dict[str, Any] = {"file": report.file, "data_rows": report.data_rows}
    for status in STATUSES:
        out[status] = totals[status]
    out["accepted_share"] = round(report.accepted_share, 4)
    out["rows"] = [
        {
            "row": v.row,
            "status": v.status,
            "status_zh": STATUS_ZH.get(v.status, v.status),
            "changes": v.changes,
            "problems": [
                {
                    "column": p.column,
                    "field": p.field,
                    "severity": p.severity.value,
                    "key": p.key,
                    "params": dict(p.params),
                    "message": p.message_zh or p.message,
                    "message_en": p.message,
                }
                for p in map(masked_problem, v.problems)
            ],
        }
        for v in report.rows
    ]
    out["seconds"] = round(report.seconds, 3)
    out["sheet"] = report.sheet
    out["header_row"] = report.header_row
    out["skipped_rows"] = [{"row": n, "reason": r, "reason_zh": SKIP_REASON_ZH.get(r, r)} for n, r in report.skipped]
    out["ignored_columns"] = report.ignored_columns
    out["dry_run"] = report.dry_run
    out["cancelled"] = report.cancelled
    out["aborted"] = report.aborted
    out["rolled_back"] = report.rolled_back
    out["columns"] = [{"header": h, "field": f} for h, f in report.columns]
    return out


#: The reason a rollback gives every row it did not import (one summary line in the text report).
_ROLLBACK_KEYS = frozenset({"import.cancelled", "import.rolled_back"})


def outcome_text(report: ImportReport) -> str:
    """One line: how a cancelled or failed import ended and why, Chinese first ("" when it committed)."""
    if report.aborted:
        return ("导入因保存错误中止，整个导入已回滚，没有保存任何数据（数据与导入前相同）。原因："
                f"{report.aborted}。 Stopped by a store error: the whole import was rolled back, nothing was "
                f"stored ({report.aborted}).")
    if report.rolled_back:
        return ("导入已取消，整个导入已回滚，没有保存任何数据（数据与导入前相同）。 Cancelled: the whole import "
                "was rolled back, nothing was stored.")
    if report.cancelled:
        return "检查已取消：以下只是已检查的行。 Cancelled: only the rows checked so far are listed."
    return ""


def row_ranges(numbers: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``3-5、9`` (rows in file order)."""
    parts: list[str] = []
    last = -2
    for n in numbers:
        if n == last + 1:
            parts[-1] = parts[-1].split("-")[0] + f"-{n}"
        else:
            parts.append(str(n))
        last = n
    return "、".join(parts)


def report_to_text(report: ImportReport) -> str:
    """Return a human summary: a cancelled or failed import's outcome and cause first, the totals, then one
    line per problem of the rows that are not plainly created/unchanged. After a rollback the rows rolled back
    with no problem of their own are one summary line (``--json`` keeps every row).

    ID numbers and phones quoted by the problems are masked (:func:`masked_problem`)."""
    totals = report.totals
    outcome = outcome_text(report)
    lines = [outcome] if outcome else []
    lines += [
        f"{report.file}: {report.data_rows} data rows (header on row {report.header_row}"
        + (f", sheet {report.sheet}" if report.sheet else "")
        + ")",
        "  " + ", ".join(f"{s} {totals[s]}" for s in STATUSES),
        (f"  已保存 0 行 stored 0 rows (rolled back) in {report.seconds:.2f} s" if report.rolled_back
         else f"  accepted {report.accepted_share:.1%} in {report.seconds:.2f} s"
         + (" (dry run)" if report.dry_run else "")),
    ]
    if report.skipped:
        lines.append(f"  skipped (not data rows) {len(report.skipped)}: " + ", ".join(
            f"第{n}行 {SKIP_REASON_ZH.get(r, r)}" for n, r in report.skipped[:20])
            + (" …" if len(report.skipped) > 20 else ""))
    if report.ignored_columns:
        lines.append("  columns not imported: " + ", ".join(report.ignored_columns))
    rolled = [v.row for v in report.rows if v.status == "not_imported"]
    if rolled:
        lines.append(f"  [{STATUS_ZH['not_imported']}] {len(rolled)} 行（第{row_ranges(rolled)}行）：整个导入已回滚，"
                     f"这些行都未导入。 {len(rolled)} rows not imported: the import was rolled back.")
    for v in report.rows:
        if v.status in ("created", "unchanged") and not v.problems:
            continue
        for p in map(masked_problem, v.problems or ()):
            if p.key in _ROLLBACK_KEYS:
                continue  # in the summary line above
            level = "错误" if p.severity.value == "error" else "提示"
            lines.append(f"  第{v.row}行 [{STATUS_ZH.get(v.status, v.status)}] {p.column or '-'}: {level} "
                         f"{p.message_zh or p.message}")
    return "\n".join(lines) + "\n"


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def run_import_ledger(argv: list[str]) -> int:
    """Run ``doorstep import-ledger`` with ``argv`` (the arguments after the sub-command).

    Returns the exit code (see the module doc).
    """
    parser = argparse.ArgumentParser(
        prog="doorstep import-ledger", description="Import a community ledger (台账, .xlsx or .csv)."
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--profile", type=Path, default=None, help="profile folder (holds doorstep.sqlite)")
    parser.add_argument("--grid", default=None, help="id of the grid to put every address under")
    parser.add_argument("--user", default=None,
                        help="user recorded on the records (default: the profile's signed-in user, so that "
                             "the records sync under that user)")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--result", type=Path, default=None,
                        help="write the result workbook (rows with status, column and reason) here")
    parser.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                        help="map a column header to a field (FIELD empty: do not import); repeatable")
    parser.add_argument("--save-mapping", action="store_true", help="keep the --map entries in the profile")
    parser.add_argument("--passphrase-file", type=Path, default=None,
                        help="file whose first line is the profile's passphrase (else $DOORSTEP_PASSPHRASE)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if not args.file.is_file():
        sys.stderr.write(f"import-ledger: no such file: {args.file}\n")
        return 2
    profile = args.profile if args.profile is not None else default_profiles_dir() / "default"
    if profile.exists() and not profile.is_dir():
        sys.stderr.write(f"import-ledger: --profile {profile} is a file; give a folder\n")
        return 2
    if args.dry_run and not _has_store(profile):  # a dry run creates nothing, a profile least of all
        sys.stderr.write(f"import-ledger: 配置 {profile} 不存在（其中没有 {STORE_FILE}）；试运行不会新建配置：请指定"
                         f"已有的配置文件夹，或先不带 --dry-run 导入以新建。 The profile {profile} does not exist "
                         f"(no {STORE_FILE} in it), and a dry run creates nothing: give an existing profile "
                         "folder, or import without --dry-run to create one.\n")
        return 2
    given: dict[str, str] = {}
    for item in args.map:
        header, sep, field_name = str(item).partition("=")
        if not sep or (field_name and field_name not in COLUMN_SYNONYMS):
            sys.stderr.write(f"import-ledger: bad --map {item!r}; fields: {', '.join(COLUMN_SYNONYMS)}\n")
            return 2
        given[header] = field_name
    if args.save_mapping and given:
        save_mapping(profile, given)
    mapping = load_mapping(profile)
    mapping.update({k: v for k, v in given.items()})
    store = _open("import-ledger", profile, args.passphrase_file)
    if store is None:
        return 2
    if store.state("demo_seed") is not None:
        sys.stderr.write(DEMO_WARNING)
    # records are bound to a user at sync: default to whoever signs in on this profile ("" = the
    # signed-in user at the next sync, see docs/decisions.md)
    user = args.user if args.user is not None else (store.state("auth_user") or "")
    try:
        # issue 7: the import's audit event is written in the import's own transaction and always
        # names someone (the signed-in user, else os:<account>)
        report = import_ledger(store, args.file, user=user, grid_id=args.grid, dry_run=args.dry_run,
                               mapping=_normalized(mapping), audit_detail="import-ledger",
                               audit_user=user or audit.acting_user(store))
    except LedgerFormatError as exc:
        sys.stderr.write(f"import-ledger: {message_zh(exc.key, exc.params, str(exc))} ({exc})\n")
        return 2
    except ValueError as exc:
        sys.stderr.write(f"import-ledger: {exc}\n")
        return 2
    finally:
        store.close()
    if args.result is not None:
        from desktop.services.ledger_export import write_result_workbook

        write_result_workbook(args.file, report, args.result, _normalized(mapping))
    if args.json:
        _write(json.dumps(_masked({**report_to_json(report), "profile": str(profile)}), ensure_ascii=False,
                          indent=1) + "\n")
    else:
        _write(mask_numbers(report_to_text(report)) + f"  profile: {profile}\n")
    return 1 if report.cancelled or report.aborted else 0


def _has_store(profile: Path) -> bool:
    """True when ``profile`` holds a store (an empty file left by a failed setup is none)."""
    store = profile / STORE_FILE
    return store.is_file() and store.stat().st_size > 0


def _normalized(mapping: dict[str, str]) -> dict[str, str]:
    from desktop.services.ledger_parse import normalize_header

    return {normalize_header(k): v for k, v in mapping.items()}


def run_export_ledger(argv: list[str]) -> int:
    """Run ``doorstep export-ledger`` with ``argv``; return the exit code (0 written, 2 bad input)."""
    from desktop.services.ledger_export import (
        ExportError,
        export_ledger,
        export_rates_report,
        export_reminders,
    )

    parser = argparse.ArgumentParser(
        prog="doorstep export-ledger",
        description="Export an area's register as a ledger (台账), its reminders list or its rates report.",
    )
    parser.add_argument("--area", required=True, help="area id or code (330212 = the whole district)")
    parser.add_argument("--out", required=True, type=Path, help="file to write (.xlsx or .csv)")
    parser.add_argument("--csv", action="store_true", help="write CSV (UTF-8)")
    parser.add_argument("--bom", action="store_true", help="CSV with a UTF-8 BOM (for old Excel versions)")
    parser.add_argument("--kind", choices=("ledger", "reminders", "rates"), default="ledger")
    parser.add_argument("--profile", type=Path, default=None, help="profile folder (holds doorstep.sqlite)")
    parser.add_argument("--passphrase-file", type=Path, default=None,
                        help="file whose first line is the profile's passphrase (else $DOORSTEP_PASSPHRASE)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    profile = args.profile if args.profile is not None else default_profiles_dir() / "default"
    if profile.exists() and not profile.is_dir():
        sys.stderr.write(f"export-ledger: --profile {profile} is a file; give a folder\n")
        return 2
    if not (profile / STORE_FILE).is_file():
        sys.stderr.write(f"export-ledger: no store in {profile}\n")
        return 2
    store = _open("export-ledger", profile, args.passphrase_file)
    if store is None:
        return 2
    role = store.state("auth_role") or ""
    if args.kind == "ledger" and role != "supervisor":  # issue 7: as the app's menus (docs/security.md)
        store.close()
        sys.stderr.write("export-ledger: 导出台账（完整身份证号和电话）仅限主管；此配置最近登录的角色是"
                         f"{role or '（从未登录）'}。请以主管身份在本配置登录同步后再导出。 Exporting a ledger "
                         f"(full ID numbers and phones) is for supervisors; this profile's last sign-in role is "
                         f"{role or '(never signed in)'}: sign in as a supervisor on this profile first.\n")
        return 2
    user = audit.acting_user(store)
    try:
        # issue 7: each export commits its audit event (the signed-in user, else os:<account>) before
        # the file is in place
        as_csv = bool(args.csv or args.bom)
        if args.kind == "ledger":
            n = export_ledger(store, args.area, args.out, as_csv=as_csv, bom=args.bom, source="export-ledger",
                              user=user)
        elif args.kind == "reminders":
            n = export_reminders(store, args.area, args.out, as_csv=as_csv, bom=args.bom, user=user)
        else:
            n = export_rates_report(store, args.area, args.out, as_csv=as_csv, bom=args.bom, user=user)
    except ExportError as exc:
        sys.stderr.write(f"export-ledger: {exc}\n")
        return 2
    finally:
        store.close()
    _write(f"{args.out}: {n} rows ({args.kind})\n")
    return 0
