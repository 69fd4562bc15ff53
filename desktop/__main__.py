"""Command line of the desktop app: ``doorstep [--profile DIR]``, ``doorstep demo …``, ``doorstep import-ledger …``,
``doorstep export-ledger …``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the GUI, the demo or the ledger importer; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "import-ledger":
        from desktop.services.ledger_cli import run_import_ledger

        return run_import_ledger(args[1:])
    if args and args[0] == "export-ledger":
        from desktop.services.ledger_cli import run_export_ledger

        return run_export_ledger(args[1:])
    from desktop.app import run

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
