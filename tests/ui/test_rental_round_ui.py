"""The rental round on the demo district at 1366×720 (issue 9): progress by community and grid is a small
table, not a wall of text, and the window never opens larger than the screen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from desktop.services.demo import build_demo
from desktop.store.db import open_store, set_state
from desktop.ui.main_window import build_main_window


def test_round_progress_is_a_table_and_the_window_fits_the_screen(qtbot: QtBot, tmp_path: Path, zh: None) -> None:
    store = open_store(tmp_path / "demo.db")
    build_demo(store, residents=3000, seed=1)
    with store.write() as conn:
        set_state(conn, "auth_role", "police_assistant")
    win = build_main_window(store, "pa1", "http://127.0.0.1:9")
    qtbot.addWidget(win)
    win.show()
    view = win.verification.open_rental_round()
    available = view.screen().availableGeometry()
    assert view.width() <= min(1366, available.width()) and view.height() <= min(720, available.height())
    table = view.findChild(QTableWidget, "roundProgress")
    assert table is not None
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=30000)
    levels = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert levels == {"社区", "网格"}
    if os.environ.get("DOORSTEP_SCREENSHOTS", "") not in ("", "1"):
        view.resize(1366, 720)
        qtbot.wait(100)
        view.grab().save(str(Path(os.environ["DOORSTEP_SCREENSHOTS"]) / "rental_round.png"))
    win.close()
    store.close()
