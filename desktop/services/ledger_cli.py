"""Command line of the ledger importer and exporter.

``doorstep import-ledger FILE [--profile DIR] [--grid ID] [--dry-run] [--json] [--result OUT.xlsx]
[--map 表头=field …] [--save-mapping]``.

Opens (creating if needed) the store ``DIR/doorstep.sqlite`` (default profile:
``default_profiles_dir()/"default"``), runs :func:`desktop.services.ledger_import.import_ledger`
with the profile's saved column mapping (:mod:`desktop.services.ledger_mapping`) and writes the
report to stdout: JSON (``--json``, UTF-8, Chinese unescaped; ``message`` is Chinese,
``message_en`` English) or a short summary with the reasons in Chinese.  ``--result`` writes the
result workbook (the rows with 导入结果/问题所在列/原因).

``doorstep export-ledger --area CODE_OR_ID --out FILE [--csv] [--bom] [--kind ledger|reminders|rates]``
writes an area's register as a ledger (or its reminders list, or its rates report).

Exit codes: 0 the import/export ran (rejected rows are listed, not failures); 1 cancelled or
stopped by a store error (nothing was imported); 2 bad arguments, unreadable file or not a ledger.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.errors import AppError
from desktop.paths import default_profiles_dir
from desktop.services.ledger_import import STATUSES, ImportReport, LedgerFormatError, import_ledger
from desktop.services.ledger_mapping import load_mapping, save_mapping
from desktop.services.ledger_parse import COLUMN_SYNONYMS
from desktop.services.messages_zh import SKIP_REASON_ZH, STATUS_ZH, message_zh
from desktop.services.privacy import open_for_cli

STORE_FILE = "doorstep.sqlite"


def report_to_json(report: ImportReport) -> dict[str, Any]:
    """Return the report as the JSON object the CLI prints (keys as in the import issue, plus extras)."""
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
                for p in v.problems
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


def report_to_text(report: ImportReport) -> str:
    """Return a human summary: totals, then one line per row that is not plainly created/unchanged."""
    totals = report.totals
    lines = [
        f"{report.file}: {report.data_rows} data rows (header on row {report.header_row}"
        + (f", sheet {report.sheet}" if report.sheet else "")
        + ")",
        "  " + ", ".join(f"{s} {totals[s]}" for s in STATUSES),
        f"  accepted {report.accepted_share:.1%} in {report.seconds:.2f} s"
        + (" (dry run)" if report.dry_run else ""),
    ]
    if report.skipped:
        lines.append(f"  skipped (not data rows) {len(report.skipped)}: " + ", ".join(
            f"第{n}行 {SKIP_REASON_ZH.get(r, r)}" for n, r in report.skipped[:20])
            + (" …" if len(report.skipped) > 20 else ""))
    if report.ignored_columns:
        lines.append("  columns not imported: " + ", ".join(report.ignored_columns))
    for v in report.rows:
        if v.status in ("created", "unchanged") and not v.problems:
            continue
        for p in v.problems or ():
            level = "错误" if p.severity.value == "error" else "提示"
            lines.append(f"  第{v.row}行 [{STATUS_ZH.get(v.status, v.status)}] {p.column or '-'}: {level} "
                         f"{p.message_zh or p.message}")
    if report.cancelled:
        lines.append("  cancelled: the whole import was rolled back; the store is as it was (已取消，全部回滚)")
    if report.aborted:
        lines.append(f"  stopped by a store error, the whole import was rolled back: {report.aborted}")
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
    try:
        store = open_for_cli(profile, args.passphrase_file)  # issue 7: encrypted profiles
    except (AppError, OSError) as exc:
        sys.stderr.write(f"import-ledger: cannot open the store in {profile}: {exc}\n")
        return 2
    # records are bound to a user at sync: default to whoever signs in on this profile ("" = the
    # signed-in user at the next sync, see docs/decisions.md)
    user = args.user if args.user is not None else (store.state("auth_user") or "")
    try:
        # issue 7: the import's audit event is written in the import's own transaction
        report = import_ledger(store, args.file, user=user, grid_id=args.grid, dry_run=args.dry_run,
                               mapping=_normalized(mapping), audit_detail="import-ledger")
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
        _write(json.dumps({**report_to_json(report), "profile": str(profile)}, ensure_ascii=False, indent=1)
               + "\n")
    else:
        _write(report_to_text(report) + f"  profile: {profile}\n")
    return 1 if report.cancelled or report.aborted else 0


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
        sys.stderr.write(f"import-ledger: --profile {profile} is a file; give a folder\n")
        return 2
    if not (profile / STORE_FILE).is_file():
        sys.stderr.write(f"export-ledger: no store in {profile}\n")
        return 2
    try:
        store = open_for_cli(profile, args.passphrase_file)  # issue 7: encrypted profiles
    except AppError as exc:
        sys.stderr.write(f"export-ledger: cannot open the store in {profile}: {exc}\n")
        return 2
    try:
        # issue 7: each export commits its audit event (the signed-in user) before the file is in place
        as_csv = bool(args.csv or args.bom)
        if args.kind == "ledger":
            n = export_ledger(store, args.area, args.out, as_csv=as_csv, bom=args.bom, source="export-ledger")
        elif args.kind == "reminders":
            n = export_reminders(store, args.area, args.out, as_csv=as_csv, bom=args.bom)
        else:
            n = export_rates_report(store, args.area, args.out, as_csv=as_csv, bom=args.bom)
    except ExportError as exc:
        sys.stderr.write(f"export-ledger: {exc}\n")
        return 2
    finally:
        store.close()
    _write(f"{args.out}: {n} rows ({args.kind})\n")
    return 0
