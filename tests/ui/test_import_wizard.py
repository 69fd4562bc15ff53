"""The import wizard, walked offscreen page by page on the real fixture and a real store."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.services.ledger_service import LedgerService
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.tasks import TaskRunner

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(wizard: ImportWizard, name: str) -> None:
    """Grab the page (it must render); write it to docs/screenshots only with DOORSTEP_SCREENSHOTS=1,
    so that running the tests never dirties a checkout."""
    image = wizard.grab()
    assert not image.isNull()
    if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert image.save(str(SHOTS / f"import_wizard_{name}.png"))


def _residents(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(t.resident)).scalar() or 0)


def _wizard(qtbot: QtBot, store: Store, tmp_path: Path) -> ImportWizard:
    runner = TaskRunner()
    service = LedgerService(store, "officer1", tmp_path, today=lambda: date(2024, 6, 1))
    wizard = ImportWizard(runner, service)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_walk_the_wizard(qtbot: QtBot, store: Store, tmp_path: Path, zh: None) -> None:
    wizard = _wizard(qtbot, store, tmp_path)
    page = wizard.file_page
    assert not page.isComplete()
    page.path_edit.setText(str(FIXTURE))
    assert page.isComplete()
    _shot(wizard, "1_file")

    wizard.next()
    mapping = wizard.mapping_page
    qtbot.waitUntil(mapping.isComplete, timeout=10000)
    assert mapping.table.rowCount() == 19
    assert mapping.table.item(4, 0).text() == "公民身份号码"
    assert mapping.combos[4].currentData() == "id_number"
    assert "第 2 行" in mapping.status.text()
    # unmapping a required column blocks the way on, mapping it back opens it again
    mapping.combos[4].setCurrentIndex(0)
    assert not mapping.isComplete() and "公民身份号码" in mapping.status.text()
    mapping.combos[4].setCurrentIndex(mapping.combos[4].findData("id_number"))
    assert mapping.isComplete() and "第 2 行" in mapping.status.text()
    mapping.save_box.setChecked(True)
    _shot(wizard, "2_columns")

    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    assert preview.table.rowCount() == 20
    cols = [preview.table.horizontalHeaderItem(c).text() for c in range(preview.table.columnCount())]
    row4 = {cols[c]: preview.table.item(2, c).text() for c in range(len(cols))}  # sheet row 5: 王俊, 汉
    assert row4[cols[3]] == "王俊" and "汉族" in row4[cols[7]]
    problems = preview.table.item(1, 2).text()  # sheet row 4: phone 15410965605
    assert "联系电话" in problems and "备注" in problems
    assert _residents(store) == 0
    _shot(wizard, "3_preview")

    wizard.next()
    dry = wizard.dry_page
    qtbot.waitUntil(dry.isComplete, timeout=20000)
    assert dry.report is not None and dry.report.dry_run and dry.report.totals["rejected"] == 8
    assert _residents(store) == 0
    assert dry.problems.rowCount() >= 14
    _shot(wizard, "4_dry_run")

    wizard.next()
    result = wizard.import_page
    qtbot.waitUntil(result.isComplete, timeout=20000)
    assert wizard.report is not None and not wizard.report.dry_run
    assert wizard.report.totals["created"] + wizard.report.totals["created_with_warnings"] == 286
    assert _residents(store) == 286
    out = tmp_path / "结果.xlsx"
    with qtbot.waitSignal(wizard.result_saved, timeout=10000):
        result.save_result(out)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert list(wb.active.iter_rows(min_row=2, max_row=2, values_only=True))[0][-3:] == (
        "导入结果", "问题所在列", "原因")
    wb.close()
    _shot(wizard, "5_result")
    assert (tmp_path / "ledger_mapping.json").exists()  # the mapping was kept for next time
    wizard.runner.shutdown()


def test_cancel_in_the_wizard_leaves_the_store_as_it_was(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, store, tmp_path)
    wizard.file_page.path_edit.setText(str(FIXTURE))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.dry_page.isComplete, timeout=20000)
    service = wizard.service
    original = service.run

    def slow_run(*args: object, **kwargs: object) -> object:
        cancel = kwargs["should_cancel"]
        calls = {"n": 0}

        def should_cancel() -> bool:
            calls["n"] += 1
            if calls["n"] == 100:
                wizard.import_page.state.cancel()  # the user presses Cancel half way
            return bool(cancel())  # type: ignore[operator]

        kwargs["should_cancel"] = should_cancel
        return original(*args, **kwargs)  # type: ignore[arg-type]

    service.run = slow_run  # type: ignore[method-assign]
    wizard.next()
    qtbot.waitUntil(wizard.import_page.isComplete, timeout=20000)
    assert wizard.report is not None and wizard.report.cancelled and wizard.report.rolled_back
    assert _residents(store) == 0
    assert "取消" in wizard.import_page.status.text() or "cancelled" in wizard.import_page.status.text()
    wizard.runner.shutdown()


def test_main_window_actions(qtbot: QtBot, window: object, store: Store, tmp_path: Path) -> None:
    from desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    actions = window.ledger_actions
    assert actions is not None
    assert actions.import_action.text() == "导入台账…" and actions.export_action.text() == "导出台账…"
    wizard = actions.open_wizard()
    assert wizard.isVisible()
    wizard.file_page.path_edit.setText(str(FIXTURE))
    wizard.close()
    out = tmp_path / "导出.csv"
    actions.export(out)
    qtbot.waitUntil(lambda: not window.runner.is_busy() and out.exists(), timeout=10000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # CSV for old Excel: with a BOM
