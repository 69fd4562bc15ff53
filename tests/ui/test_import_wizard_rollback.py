"""User trial of the ledger import: after a cancel the wizard says so, offers to run again and saves no
misleading workbook; the count line, the reasons, the punctuation and the preview's masking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from desktop.store.db import Store
from desktop.ui.import_wizard import ImportWizard
from tests.ui.test_import_wizard import FIXTURE, _residents, _wizard


def _to_dry_run(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.file_page.path_edit.setText(str(FIXTURE))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.dry_page.isComplete, timeout=20000)


def test_mapping_status_and_preview_in_chinese_and_masked(qtbot: QtBot, store: Store, tmp_path: Path,
                                                          zh: None) -> None:
    wizard = _wizard(qtbot, store, tmp_path)
    wizard.file_page.path_edit.setText(str(FIXTURE))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10000)
    status = wizard.mapping_page.status.text()
    assert status == "表头在第 2 行（工作表 流动人口台账）；共 300 行数据。", status
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10000)
    table = preview.table
    cols = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    ids = [table.item(r, cols.index("身份证号码")).text() for r in range(table.rowCount())]
    phones = [table.item(r, cols.index("联系电话")).text() for r in range(table.rowCount())]
    assert all("*" in v for v in ids if v) and all(len(v) == 18 for v in ids if v)
    assert all("*" in v for v in phones if v)
    problems = table.item(1, 2).text()  # sheet row 4: the invalid phone is quoted masked too
    assert "联系电话" in problems and "154****5605" in problems and "15410965605" not in problems
    # the whole text of a problem is readable: wrapped in a row as high as its text, and in the tooltip
    assert table.wordWrap() and table.item(1, 2).toolTip() == problems
    assert table.rowHeight(1) >= table.fontMetrics().height() * 2
    preview.grab().save(str(tmp_path / "preview.png"))
    wizard.runner.shutdown()


def test_cancelled_import_says_so_and_offers_to_run_again(qtbot: QtBot, store: Store, tmp_path: Path,
                                                          zh: None) -> None:
    wizard = _wizard(qtbot, store, tmp_path)
    _to_dry_run(qtbot, wizard)
    dry = wizard.dry_page
    summary = dry.summary.text()
    assert "重复（未保存） 6" in summary and "重复，" not in summary
    # long reasons wrap in the verdict table (the reason column takes the rest of the width)
    assert dry.problems.wordWrap()
    assert dry.problems.horizontalHeader().sectionResizeMode(3) == QHeaderView.ResizeMode.Stretch
    service = wizard.service
    original = service.run
    runs = {"n": 0}

    def cancelling_run(*args: object, **kwargs: object) -> object:
        runs["n"] += 1
        cancel = kwargs["should_cancel"]
        calls = {"n": 0}

        def should_cancel() -> bool:
            calls["n"] += 1
            if calls["n"] == 100 and runs["n"] == 1:
                wizard.import_page.state.cancel()  # the user presses Cancel half way, the first time only
            return bool(cancel())  # type: ignore[operator]

        kwargs["should_cancel"] = should_cancel
        return original(*args, **kwargs)  # type: ignore[arg-type]

    service.run = cancelling_run  # type: ignore[method-assign]
    wizard.next()
    page = wizard.import_page
    qtbot.waitUntil(page.isComplete, timeout=20000)
    report = wizard.report
    assert report is not None and report.cancelled and report.rolled_back
    assert len(report.rows) == report.data_rows and _residents(store) == 0
    assert "未导入任何数据" in page.summary.text()
    # the progress bar shows the cancelled state, not a percentage
    assert page.progress.value() == 0 and "已取消" in page.progress.text()
    # no result workbook that would look like an import; a way to run it again
    assert not page.save_button.isEnabled()
    assert page.again_button.isVisible() and page.again_button.isEnabled()
    page.grab().save(str(tmp_path / "cancelled.png"))
    wizard.grab().save(str(tmp_path / "cancelled_wizard.png"))

    page.again_button.click()
    qtbot.waitUntil(lambda: wizard.report is not report and page.isComplete(), timeout=20000)
    assert wizard.report is not None and not wizard.report.rolled_back and _residents(store) == 286
    assert page.save_button.isEnabled() and not page.again_button.isVisible()
    assert page.progress.value() == page.progress.maximum() and "%" in page.progress.text()
    wizard.runner.shutdown()
