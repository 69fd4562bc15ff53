"""The dashboard on the demo district (offline: 本机数据): charts carry the engine's figures, a click opens the
records behind a figure for a supervisor and not for a police assistant."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.dashboard_data import NotAllowed, records_behind
from desktop.services.demo import build_demo
from desktop.services.rates_service import local_figures
from desktop.store.db import open_store, set_state
from desktop.ui.main_window import build_main_window


def test_dashboard_shows_engine_figures_and_drills_down(qtbot: QtBot, tmp_path: Path, zh: None) -> None:
    store = open_store(tmp_path / "demo.db")
    build_demo(store, residents=3000, seed=1)
    with store.write() as conn:
        set_state(conn, "auth_role", "supervisor")
    win = build_main_window(store, "supervisor1", "http://127.0.0.1:9")  # nothing listens there: offline
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    dash = win.verification.open_dashboard()
    dash.resize(1366, 720)  # issue 9: the size it opens at on a 1366×768 laptop
    qtbot.waitUntil(lambda: dash.data is not None, timeout=30000)
    assert dash.data is not None and dash.data.source == "local"
    assert "本机数据" in dash.source_label.text()
    engine = local_figures(store)
    assert dash.data.report.to_dict() == engine.to_dict()
    chart = dash.views["ratesChart"].chart()
    points = next(s for s in chart.series() if s.name() in ("估计值", "Estimate"))
    estimates = [engine.figures.rates[n].estimate for n in ("registration_rate", "accuracy_rate",
                                                            "rental_registration_rate")]
    assert [round(points.at(i).y(), 9) for i in range(points.count())] == [round((e or 0) * 100, 9) for e in estimates]
    assert "实有流动人口" in dash.summary.text() or "floating population" in dash.summary.text()

    dash.drill_requested.emit("officer", "demo-officer")  # what a click on the officer's bar emits
    qtbot.waitUntil(lambda: getattr(win.verification, "records_dialog", None) is not None, timeout=15000)
    assert win.verification.records_dialog.table.rowCount() > 0
    win.verification.records_dialog.close()
    qtbot.wait(300)
    if os.environ.get("DOORSTEP_SCREENSHOTS"):
        dash.grab().save(str(Path(os.environ["DOORSTEP_SCREENSHOTS"]) / "dashboard.png"))

    with store.write() as conn:
        set_state(conn, "auth_role", "police_assistant")
    with pytest.raises(NotAllowed):
        records_behind(store, "province", "四川", "police_assistant")
    dash.drill_requested.emit("province", "四川")
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in win.findChildren(QMessageBox)),
                    timeout=15000)
    win.close()
    store.close()
