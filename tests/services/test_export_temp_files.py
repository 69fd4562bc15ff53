"""Exports write only in the destination's own folder (issue 7 item 1: nothing personal in temp files).

Every file the Python process opens for writing is recorded with an audit hook (``sys.addaudithook``,
event ``open``), so a temporary file that a library creates and deletes again is caught too. The
system temp folder is pointed at an empty folder (as ``TMPDIR`` would) and must stay empty.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from desktop.domain.plate import new_plate_code
from desktop.services import audit
from desktop.services.export_files import STAGING_PREFIX
from desktop.services.ledger_export import (
    export_ledger,
    export_rates_report,
    export_reminders,
    write_result_workbook,
)
from desktop.services.ledger_import import import_ledger
from desktop.services.plates import PlateInfo, write_sheet_pdf
from desktop.services.reminders import write_xlsx
from desktop.store import tables as t
from desktop.store.db import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
TODAY = date(2024, 6, 1)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_written: list[Path] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _written is None or event != "open":
        return
    path, mode, flags = args
    if not isinstance(path, str | bytes | os.PathLike):
        return
    writes = any(c in str(mode) for c in "wax+") if mode else bool(int(flags or 0) & _WRITE_FLAGS)
    if writes:
        _written.append(Path(os.fsdecode(path)).resolve())


sys.addaudithook(_hook)


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is the process's temp folder for the test (``TMPDIR`` and ``tempfile``)."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def recorder() -> Iterator[Callable[[Callable[[], object]], list[Path]]]:
    def run(action: Callable[[], object]) -> list[Path]:
        global _written
        _written = []
        try:
            action()
            return list(_written)
        finally:
            _written = None

    yield run


@pytest.fixture
def imported(store: Store) -> Store:
    import_ledger(store, FIXTURE, user="tester", today=TODAY)
    return store


def _id_numbers(store: Store) -> list[str]:
    with store.read() as conn:
        return [str(x) for x in conn.execute(select(t.resident.c.id_number)).scalars()]


def test_the_hook_catches_openpyxl_spooling_to_the_system_temp_folder(system_temp: Path, tmp_path: Path,
                                                                      recorder: Any) -> None:
    """Why the exports do not use openpyxl's writer: it spools every sheet to the temp folder."""

    def save() -> None:
        wb = openpyxl.Workbook(write_only=True)
        wb.create_sheet("x").append(["330212199001011234"])
        wb.save(tmp_path / "plain.xlsx")

    written = recorder(save)
    assert any(p.parent == system_temp.resolve() for p in written)


def _exports(store: Store, out: Path) -> list[tuple[str, Callable[[], object]]]:
    from desktop.services.ledger_import import ImportReport

    report = import_ledger(store, FIXTURE, user="tester", today=TODAY, dry_run=True)
    assert isinstance(report, ImportReport)
    plates = [PlateInfo(new_plate_code(), f"a{i}", f"鄞州区某路{i}号", "一网格") for i in range(12)]
    return [
        ("ledger.xlsx", lambda: export_ledger(store, "330212", out / "ledger.xlsx", user="sup")),
        ("ledger.csv", lambda: export_ledger(store, "330212", out / "ledger.csv", user="sup")),
        ("reminders.xlsx", lambda: export_reminders(store, "330212", out / "reminders.xlsx", today=TODAY)),
        ("reminders.csv", lambda: export_reminders(store, "330212", out / "reminders.csv", today=TODAY)),
        ("rates.xlsx", lambda: export_rates_report(store, "330212", out / "rates.xlsx")),
        ("rates.csv", lambda: export_rates_report(store, "330212", out / "rates.csv")),
        ("result.xlsx", lambda: write_result_workbook(FIXTURE, report, out / "result.xlsx")),
        ("view.xlsx", lambda: write_xlsx(out / "view.xlsx", ["姓名", "身份证号"],
                                         [["王芳", "330212199001011234"], ["李四", 7]])),
        ("plates.pdf", lambda: write_sheet_pdf(plates, out / "plates.pdf")),
    ]


def test_every_export_writes_only_in_its_own_folder(imported: Store, tmp_path: Path, system_temp: Path,
                                                    recorder: Any) -> None:
    ids = _id_numbers(imported)
    assert ids
    for name, action in _exports(imported, tmp_path / "exports"):
        out = tmp_path / "exports" / name
        written = recorder(action)
        assert written, name
        assert all(p.parent.parent == out.parent.resolve() and p.parent.name.startswith(STAGING_PREFIX)
                   for p in written), (name, written)
        assert out.is_file()
        assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == [], name
    assert list(system_temp.iterdir()) == []
    ledger = (tmp_path / "exports" / "ledger.csv").read_text(encoding="utf-8")
    assert all(i in ledger for i in ids)  # the export itself holds them (it is the point of an export)
    book = openpyxl.load_workbook(tmp_path / "exports" / "ledger.xlsx", read_only=True)
    cells = {str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None}
    book.close()
    assert set(ids) <= cells
    assert [e.entity for e in audit.list_events(imported) if e.action == "export"].count("ledger") == 2


def test_a_failed_export_leaves_nothing_behind(imported: Store, tmp_path: Path, system_temp: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "exports"

    class Broken:
        """A cell value whose writing fails half-way through the file (as a full disk would)."""

        def __str__(self) -> str:
            raise OSError("disk full")

    import desktop.services.ledger_export as ledger_export

    rows = [["王芳", "330212199001011234", 1, "", "", "", ""]] * 50 + [[Broken()] * 7]
    monkeypatch.setattr(ledger_export, "reminder_rows", lambda *_a, **_k: rows)
    for name in ("reminders.xlsx", "reminders.csv"):
        with pytest.raises(OSError, match="disk full"):
            export_reminders(imported, "330212", out / name, today=TODAY)
    assert list(out.iterdir()) == [] and list(system_temp.iterdir()) == []
    assert audit.list_events(imported, action="export") == []
