"""Command line of the ledger importer.

``doorstep import-ledger FILE [--profile DIR] [--grid ID] [--dry-run] [--json]``.

Opens (creating if needed) the store ``DIR/doorstep.sqlite`` (default profile:
``default_profiles_dir()/"default"``), runs :func:`desktop.services.ledger_import.import_ledger`
and writes the report to stdout: JSON (``--json``, UTF-8, Chinese unescaped) or a short summary.

Exit codes: 0 the import ran (rejected rows are listed, not failures); 1 cancelled or stopped by a
store error; 2 bad arguments, unreadable file or not a ledger.
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
from desktop.store.db import open_store

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
            "problems": [
                {
                    "column": p.column,
                    "field": p.field,
                    "severity": p.severity.value,
                    "key": p.key,
                    "message": p.message,
                }
                for p in v.problems
            ],
        }
        for v in report.rows
    ]
    out["seconds"] = round(report.seconds, 3)
    out["sheet"] = report.sheet
    out["header_row"] = report.header_row
    out["skipped_rows"] = [{"row": n, "reason": r} for n, r in report.skipped]
    out["ignored_columns"] = report.ignored_columns
    out["dry_run"] = report.dry_run
    out["cancelled"] = report.cancelled
    out["aborted"] = report.aborted
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
    if report.ignored_columns:
        lines.append("  columns not imported: " + ", ".join(report.ignored_columns))
    for v in report.rows:
        if v.status in ("created", "unchanged") and not v.problems:
            continue
        for p in v.problems or ():
            lines.append(f"  row {v.row} [{v.status}] {p.column or '-'}: {p.severity.value} {p.message}")
    if report.cancelled:
        lines.append("  cancelled: rows after the last listed one were not imported")
    if report.aborted:
        lines.append(f"  stopped by a store error: {report.aborted}")
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
    parser.add_argument("--user", default="import", help="user name recorded on the records")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if not args.file.is_file():
        sys.stderr.write(f"import-ledger: no such file: {args.file}\n")
        return 2
    profile = args.profile if args.profile is not None else default_profiles_dir() / "default"
    try:
        store = open_store(profile / STORE_FILE)
    except AppError as exc:
        sys.stderr.write(f"import-ledger: cannot open the store in {profile}: {exc}\n")
        return 2
    try:
        report = import_ledger(store, args.file, user=args.user, grid_id=args.grid, dry_run=args.dry_run)
    except LedgerFormatError as exc:
        sys.stderr.write(f"import-ledger: {exc}\n")
        return 2
    except ValueError as exc:
        sys.stderr.write(f"import-ledger: {exc}\n")
        return 2
    finally:
        store.close()
    if args.json:
        _write(json.dumps(report_to_json(report), ensure_ascii=False, indent=1) + "\n")
    else:
        _write(report_to_text(report))
    return 1 if report.cancelled or report.aborted else 0
