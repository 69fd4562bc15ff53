"""Where an export writes, and when it is handed over (issue 7 items 1 and 5).

Every export (ledger, reminders, rates report, import result, plate sheets; .xlsx, .csv, .pdf,
.png) is written through :func:`export_to`:

* **Only in the destination's own folder.** A private folder (mode 0700) is made beside the
  target; the file and every temporary file of the writing library go there — XlsxWriter's
  documented ``tmpdir`` option (:func:`xlsx_workbook`), never the system temp folder, where
  openpyxl's writer spools each sheet in plain text (``openpyxl.worksheet._writer`` has no option
  for its folder). The folder is removed with everything in it when the export ends, succeeded or
  failed; a crash leaves it beside the export the user chose, not in a shared temp folder.
* **The audit event first.** With an :class:`ExportAudit`, the ``export`` event is committed
  (its own write transaction: an export writes nothing else to the store) *before* the finished
  file is renamed into place; when the event cannot be written the file is deleted and the error
  raised, so there is never an export without its trace. An older file at the target stays as it
  was until the rename (``os.replace``, atomic within one folder).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services import audit
from desktop.store.db import Store

#: Prefix of the private folder made beside an export while it is written.
STAGING_PREFIX = ".doorstep-export-"


@dataclass(frozen=True)
class ExportAudit:
    """The ``export`` event to commit before the file is handed over.

    ``entity``: what was exported (``ledger``, ``reminders``, ``rates``); ``detail``: kind, format
    and area code — never personal data (:mod:`desktop.services.audit`).
    """

    store: Store
    user: str
    entity: str
    detail: str

    @classmethod
    def of(cls, store: Store, user: str | None, entity: str, detail: str) -> ExportAudit:
        """The event of an export from ``store`` by ``user``; None: whoever acts on this device
        (:func:`desktop.services.audit.acting_user`: the signed-in user, else ``os:<account>``)."""
        return cls(store, audit.acting_user(store) if user is None else user, entity, detail)


@dataclass
class Staged:
    """An export being written: ``path`` is the file to write, ``folder`` the private folder for
    any temporary file of the writer; set ``count`` to the records written (the event's count)."""

    path: Path
    folder: Path
    count: int = 0


@contextmanager
def export_to(out: Path, audit_event: ExportAudit | None = None) -> Iterator[Staged]:
    """Yield a :class:`Staged` file beside ``out``; on a normal exit commit the audit event (when
    given), then rename the file to ``out``. The staging folder is removed in every case.

    Raises:
        OSError: the folder of ``out`` cannot be created or written.
        Whatever writing the event raises (the file is not handed over).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out.parent))
    try:
        staged = Staged(folder / f"export{out.suffix}", folder)
        yield staged
        if audit_event is not None:
            audit.log_event(audit_event.store, user=audit_event.user, action="export", entity=audit_event.entity,
                            count=staged.count, detail=audit_event.detail)
        os.replace(staged.path, out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def xlsx_workbook(path: Path, folder: Path, *, constant_memory: bool = False) -> Any:
    """Return an XlsxWriter workbook writing to ``path`` whose temporary files go to ``folder``.

    ``constant_memory``: stream rows to ``folder`` (rows must be written in order; for large
    ledgers). Strings stay strings: no formula (``=…`` from a ledger cell is text, not a formula
    that Excel would run), URL or number conversion.
    """
    import xlsxwriter  # imported here: the app's start-up does not need it (issue 8)

    return xlsxwriter.Workbook(str(path), {
        "tmpdir": str(folder), "constant_memory": constant_memory, "strings_to_formulas": False,
        "strings_to_urls": False, "strings_to_numbers": False,
    })


def put(ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
    """Write one cell (0-based) by its Python type: numbers as numbers, everything else as text;
    None and '' leave the cell empty."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)
