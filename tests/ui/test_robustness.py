"""Robustness at the edge (issue 9): crash hook, profile lock, remembered layout, style and icon, settings menu.

All offscreen with real widgets; the zh_CN catalogue is the one built from the committed .ts.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.log import setup_logging
from desktop.settings import Settings, load_settings, save_settings
from desktop.store.db import Store
from desktop.ui.crash import crash_box, install_excepthook
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow, build_main_window
from desktop.ui.settings_menu import SettingsMenu
from desktop.ui.startup import acquire_profile_lock, already_running_box
from desktop.ui.style import PALETTES, app_icon, apply_style, stylesheet
from tests.ui.conftest import Place


def _unstyle(qapp: QApplication) -> None:
    """Other tests run with Qt's own look."""
    qapp.setStyleSheet("")
    qapp.setPalette(qapp.style().standardPalette())


@pytest.fixture
def hooks_restored() -> object:
    saved = (sys.excepthook, threading.excepthook)
    yield None
    sys.excepthook, threading.excepthook = saved


def _raise(exc: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - building exc_info for the hook
        return type(caught), caught, caught.__traceback__


def test_unhandled_error_is_logged_and_explained_once_on_the_gui_thread(
        qapp: QApplication, zh: None, tmp_path: Path, hooks_restored: object) -> None:
    setup_logging(tmp_path / "logs", to_stderr=False)
    log_file = tmp_path / "logs" / "doorstep.log"
    shown: list[QMessageBox] = []
    handler = install_excepthook(log_file, show=shown.append)
    assert sys.excepthook is handler

    sys.excepthook(*_raise(ValueError("bad id 33020419900101123X, phone 13812345678")))  # type: ignore[arg-type]
    assert len(shown) == 1
    box = shown[0]
    assert box.windowTitle() == "Doorstep 遇到了问题"
    assert "已保存的内容不会丢失" in box.text()
    assert str(log_file) in box.informativeText() and "重新启动" in box.informativeText()

    worker = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError("in a worker")))
    worker.start()
    worker.join()
    assert len(shown) == 1  # a worker thread's error is logged, never shown from that thread

    for handler_ in logging.getLogger().handlers:
        if isinstance(handler_, logging.FileHandler):  # ours; a stream handler left by another test may be closed
            handler_.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "unhandled ValueError" in text and "Traceback" in text
    assert "unhandled RuntimeError on thread" in text
    assert "33020419900101123X" not in text and "13812345678" not in text  # masked


def test_crash_box_in_english_names_the_log(qapp: QApplication) -> None:
    box = crash_box(Path("/p/logs/doorstep.log"), KeyError)
    assert box.windowTitle() == "Doorstep ran into a problem"
    assert "/p/logs/doorstep.log" in box.informativeText()
    assert box.detailedText() == "builtins.KeyError"


def test_a_profile_opens_once(qapp: QApplication, zh: None, tmp_path: Path) -> None:
    first = acquire_profile_lock(tmp_path)
    assert first is not None
    assert acquire_profile_lock(tmp_path) is None  # same profile: refused
    assert acquire_profile_lock(tmp_path / "other") is not None  # another profile: fine
    box = already_running_box(tmp_path)
    assert box.text() == "Doorstep 已在此配置上打开。"
    assert str(tmp_path) in box.informativeText()
    first.unlock()
    assert acquire_profile_lock(tmp_path) is not None


def test_a_lock_left_by_a_killed_app_is_taken_over(qapp: QApplication, tmp_path: Path) -> None:
    code = ("import sys, time\nfrom pathlib import Path\nfrom desktop.ui.startup import acquire_profile_lock\n"
            "lock = acquire_profile_lock(Path(sys.argv[1]))\nprint('locked' if lock else 'refused', flush=True)\n"
            "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        assert acquire_profile_lock(tmp_path) is None  # its owner is alive
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert acquire_profile_lock(tmp_path) is not None  # the owner is gone: no "already open" forever
    finally:
        proc.kill()
        proc.wait(10)


def test_second_start_on_the_same_profile_exits_with_a_message(
        qapp: QApplication, tmp_path: Path, hooks_restored: object) -> None:
    profile = tmp_path / "wang"
    held = acquire_profile_lock(profile)
    assert held is not None
    seen: list[str] = []

    def close_message() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(50, close_message)

    QTimer.singleShot(50, close_message)
    assert desktop_app.run(["--profile", str(profile)]) == 3
    assert seen  # the message was shown (its Chinese text is checked above)
    assert not (profile / desktop_app.STORE_FILE).exists()  # nothing opened the store
    held.unlock()
    _unstyle(qapp)
    install_translators(qapp, "en")


def test_the_window_comes_back_where_it_was(qtbot: QtBot, store: Store, place: Place, zh: None) -> None:
    first = build_main_window(store, "officer1", "http://127.0.0.1:9")
    qtbot.addWidget(first)
    first.resize(1000, 520)
    first.show()
    qtbot.waitUntil(lambda: not first.runner.is_busy())
    rates_dock = first.findChild(QDockWidget, "ratesDock")
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, rates_dock)  # the officer moved it
    first.close()
    second: MainWindow = build_main_window(store, "officer1", "http://127.0.0.1:9")
    qtbot.addWidget(second)
    # the offscreen screen is 800×600: the width is clamped to it, the height and the docks are not
    assert second.height() == 520
    assert second.dockWidgetArea(second.findChild(QDockWidget, "ratesDock")) == Qt.DockWidgetArea.LeftDockWidgetArea
    second.runner.shutdown(wait=True)


def test_one_style_sheet_two_palettes_and_the_icon(qapp: QApplication) -> None:
    for theme, palette in PALETTES.items():
        sheet = stylesheet(theme)
        assert "{{" not in sheet and palette["border"] in sheet
    assert stylesheet("nonsense") == stylesheet("light")
    apply_style(qapp, "dark")
    try:
        assert PALETTES["dark"]["border"] in qapp.styleSheet()
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == PALETTES["dark"]["window"]
        assert not qapp.windowIcon().isNull()
        assert app_icon().availableSizes()
    finally:
        _unstyle(qapp)


def test_settings_menu_stores_language_for_the_next_start_and_theme_now(
        qtbot: QtBot, qapp: QApplication, zh: None, tmp_path: Path, store: Store, place: Place) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(last_profile="/p/wang"), path)
    window = build_main_window(store, "officer1", "http://127.0.0.1:9")
    qtbot.addWidget(window)
    menu = SettingsMenu(window, path)
    assert menu.menu.title() == "设置(&S)"
    assert menu.language_actions["zh_CN"].isChecked()
    menu.language_actions["en"].trigger()
    assert load_settings(path) == Settings(language="en", last_profile="/p/wang")
    assert menu.restart_box is not None and menu.restart_box.text() == "下次启动 Doorstep 时切换语言。"
    menu.restart_box.done(0)
    menu.theme_actions["dark"].trigger()
    try:
        assert load_settings(path).theme == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == PALETTES["dark"]["window"]
    finally:
        _unstyle(qapp)
        window.runner.shutdown(wait=True)
