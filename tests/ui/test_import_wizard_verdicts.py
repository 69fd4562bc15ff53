"""The dry run lists every row's verdict, with a filter (issue 6 new-user trial: it listed only rejected rows)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.store.db import Store
from desktop.ui.import_wizard import VERDICT_FILTERS
from tests.ui.test_import_wizard import FIXTURE, _wizard


def test_dry_run_lists_every_verdict_with_a_filter(qtbot: QtBot, store: Store, tmp_path: Path, zh: None) -> None:
    wizard = _wizard(qtbot, store, tmp_path)
    wizard.file_page.path_edit.setText(str(FIXTURE))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10000)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10000)
    wizard.next()
    dry = wizard.dry_page
    qtbot.waitUntil(dry.isComplete, timeout=20000)
    report = dry.report
    assert report is not None
    combo = dry.filter
    assert [combo.itemData(i) for i in range(combo.count())] == [k for k, _ in VERDICT_FILTERS]

    counts: dict[str, int] = {}
    for i in range(combo.count()):
        combo.setCurrentIndex(i)
        counts[str(combo.itemData(i))] = dry.problems.rowCount()
        statuses = {dry.problems.item(r, 1).text() for r in range(dry.problems.rowCount())}
        if combo.itemData(i) == "rejected":
            assert statuses == {"拒绝"}
    totals = report.totals
    assert counts["all"] == report.data_rows + len(report.skipped)
    assert counts["created"] == totals["created"] + totals["created_with_warnings"]
    assert counts["rejected"] == totals["rejected"] == 8
    assert counts["duplicate"] == totals["duplicate"]
    assert counts["skipped"] == len(report.skipped)
    assert counts["warnings"] >= totals["created_with_warnings"]
    combo.setCurrentIndex(0)
    image = wizard.grab()
    assert not image.isNull()
    assert image.save(str(tmp_path / "dry_all.png"))
