"""Offline is the normal case: automatic sync retries report in the panel, never as piling modal boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow


def _visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_automatic_retries_open_no_message_box(qtbot: QtBot, window: MainWindow) -> None:
    # the window fixture points at 127.0.0.1:9, where nothing listens: every sync fails with NETWORK
    for _ in range(3):
        with qtbot.waitSignal(window.sync_finished, timeout=20000):
            window.start_sync(automatic=True)
    assert _visible_boxes() == []
    assert "失败" in window.last_sync_label.text() or "failed" in window.last_sync_label.text().lower()

    # a sync the officer asked for still explains the failure once, in a box
    with qtbot.waitSignal(window.sync_finished, timeout=20000):
        window.start_sync()
    boxes = _visible_boxes()
    assert len(boxes) == 1
    boxes[0].close()
