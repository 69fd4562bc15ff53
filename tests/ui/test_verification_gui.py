"""Offscreen GUI, end to end through a real central (issue 5): a supervisor draws and assigns a sample; a police
assistant on another profile records a sampled address blind, then matches and marks fields; the supervisor's
dashboard shows the new rates (中心数据 online, 本机数据 offline); the report exports to Excel and PDF with the
engine's numbers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.audit import list_events
from desktop.services.rates_service import local_figures
from desktop.store.db import Store, open_store
from desktop.ui.main_window import MainWindow, build_main_window
from tests.services.verification_place import PEOPLE, build_village
from tests.sync.support import central_server, signed_in
from tests.sync.test_verification_sync import add_police_assistants

SHOTS = os.environ.get("DOORSTEP_SCREENSHOTS")  # a folder: save the screenshots there


def shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[object]:
    with central_server("sqlite", tmp_path) as (server, url):
        add_police_assistants(url)
        yield server


def open_window(qtbot: QtBot, store: Store, user: str, url: str) -> MainWindow:
    win = build_main_window(store, user, url)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.is_busy())
    return win


def sync(qtbot: QtBot, win: MainWindow) -> None:
    with qtbot.waitSignal(win.sync_finished, timeout=30000) as blocker:
        win.start_sync()
    assert not isinstance(blocker.args[0], BaseException), blocker.args[0]


def test_sample_verify_dashboard_report(qtbot: QtBot, qapp: QApplication, tmp_path: Path, central: object,
                                        zh: None) -> None:
    url = central.url  # type: ignore[attr-defined]
    officer = open_store(tmp_path / "officer.db")
    village = build_village(officer)
    signed_in(officer, url, "officer1").sync()

    # -- the supervisor draws and assigns --------------------------------------------------------
    office = open_store(tmp_path / "office.db")
    signed_in(office, url, "supervisor1")
    sup = open_window(qtbot, office, "supervisor1", url)
    sync(qtbot, sup)
    dialog = sup.verification.open_sampling()
    dialog.seed.setValue(20261129)
    dialog.verifiers.setText("officer1, pa1")
    dialog.propose_button.click()
    qtbot.waitUntil(lambda: dialog.draw_button.isEnabled(), timeout=10000)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "3"
    dialog.table.item(0, 2).setText("2")  # the supervisor edits the proposed size
    assert "2" in dialog.total_label.text()
    with qtbot.waitSignal(dialog.sample_drawn, timeout=10000):
        dialog.draw_button.click()
    assert "20261129" in dialog.result_label.text() and "pa1: 2" in dialog.result_label.text()
    shot(dialog, "sampling_dialog.png")
    dialog.close()
    sync(qtbot, sup)

    # -- the police assistant verifies on another device ----------------------------------------
    device = open_store(tmp_path / "pa1.db")
    signed_in(device, url, "pa1")
    pa = open_window(qtbot, device, "pa1", url)
    sync(qtbot, pa)
    view = pa.verification.open_verify()
    view.resize(1366, 720)  # issue 9: the screenshots show what a 1366×768 laptop shows
    qtbot.waitUntil(lambda: view.assignments.count() == 2, timeout=10000)
    for i in range(view.assignments.count()):
        view.assignments.setCurrentRow(i)
        qtbot.waitUntil(lambda: view.steps.currentIndex() == 0 and view.rooms_table.rowCount() == 2, timeout=10000)
        a = view.assignment
        assert a is not None
        # blind: the capture page shows rooms and an empty people table, never the registrations
        assert view.people_table.rowCount() == 0 and view.match_table.rowCount() == 0
        here = [k for k, p in PEOPLE.items() if village.rooms[p[0]] in {r.id for r in view.room_list}]
        for k in here:
            if k == "wang":
                continue  # has left
            room_index = next(j for j, r in enumerate(view.room_list) if r.id == village.rooms[PEOPLE[k][0]])
            if k == "li":  # no ID card at hand: name + birth date
                view.add_person(room_index, PEOPLE[k][1], "", PEOPLE[k][3].isoformat())
            else:
                view.add_person(room_index, PEOPLE[k][1], PEOPLE[k][2])
        view.set_let(0, True)
        if SHOTS and "zhang" in here:
            shot(view, "verify_view_capture.png")
        view.save_capture_button.click()
        qtbot.waitUntil(lambda: view.steps.currentIndex() == 1, timeout=10000)
        assert view.match_table.rowCount() == len([k for k in here if k != "wang"])
        if "zhang" in here:
            methods = {view.match_table.item(r, 1).text() for r in range(view.match_table.rowCount())}
            assert len(methods) == 2  # by ID number and by name + birth date
            assert "王强" in view.stale_label.text()
            row = next(r for r in range(view.match_table.rowCount())
                       if "李娜" in view.match_table.item(r, 0).text())
            view.mark(row, "phone", False, "13900001111")
            shot(view, "verify_view.png")
        with qtbot.waitSignal(view.completed, timeout=10000):
            view.finish_button.click()
    qtbot.waitUntil(lambda: not pa.runner.is_busy())
    sync(qtbot, pa)

    # -- the supervisor's dashboard and report -----------------------------------------------------
    sync(qtbot, sup)
    engine = local_figures(office)
    reg = engine.figures.rates["registration_rate"]
    assert reg.n > 0
    dash = sup.verification.open_dashboard()
    dash.resize(1366, 720)
    qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
    assert dash.data is not None and dash.data.source == "central"
    assert "中心数据" in dash.source_label.text()
    assert dash.data.report.to_dict() == engine.to_dict()  # central's figures = the app's engine on the same data
    assert {"ratesChart", "trendChart", "officerChart", "provinceChart", "pyramidChart"} <= set(dash.views)
    points = [s for s in dash.views["ratesChart"].chart().series() if s.name() == "估计值" or s.name() == "Estimate"]
    assert points and points[0].count() >= 2
    shot(dash, "dashboard_central.png")

    xlsx, pdf = tmp_path / "report.xlsx", tmp_path / "report.pdf"
    sup.verification.export("xlsx", xlsx)
    qtbot.waitUntil(lambda: getattr(sup.verification, "last_export", None) == xlsx, timeout=15000)
    sup.verification.export("pdf", pdf)
    qtbot.waitUntil(lambda: getattr(sup.verification, "last_export", None) == pdf, timeout=15000)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000
    logged = [e.detail.split(",")[0] for e in list_events(office, action="export") if e.entity == "rates"]
    assert sorted(logged) == ["pdf", "xlsx"]  # both exports are in the audit log (issue 7 item 4)
    ws = load_workbook(xlsx)["三率"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    for title, name in (("流动人口居住登记率", "registration_rate"), ("登记信息准确率", "accuracy_rate"),
                        ("居住出租房屋登记率", "rental_registration_rate")):
        est = engine.figures.rates[name]
        row = rows[title]
        assert (row[2], row[3], row[4]) == (est.successes, est.n, est.clusters)
        # Excel keeps 15 significant digits
        assert (row[9], row[10], row[11]) == pytest.approx((est.estimate, est.ci_low, est.ci_high), rel=1e-13)
    design = next(r for r in ws.iter_rows(values_only=True) if r and r[2] == 20261129)  # the seed is in the report
    assert design[3] == "supervisor1"
    assert any(r and r[0] == "pa1" for r in ws.iter_rows(values_only=True))  # who verified

    # offline: the app shows its own figures and says so
    central.stop()  # type: ignore[attr-defined]
    dash.refresh_requested.emit()
    qtbot.waitUntil(lambda: dash.data is not None and dash.data.source == "local", timeout=30000)
    assert "本机数据" in dash.source_label.text()
    assert dash.data.report.to_dict() == engine.to_dict()
    for win in (sup, pa):
        win.close()
    for store in (officer, office, device):
        store.close()
