"""Window geometry and dock/toolbar state in QSettings, keyed per widget (Anki's saveGeom/restoreGeom).

The file is ``ui_state.ini`` in the user config folder (:func:`desktop.paths.config_dir`), beside
``settings.json``; it holds layout only, nothing personal.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.paths import config_dir

STATE_FILE = "ui_state.ini"

#: The largest size a secondary window opens at: a 1366×768 laptop less its task bar (issue 9).
MAX_WINDOW = (1366, 720)


def fit_to_screen(widget: QWidget, near: QWidget | None = None, size: tuple[int, int] = MAX_WINDOW) -> None:
    """Resize ``widget`` to ``size`` but never beyond the available geometry of ``near``'s screen
    (or the primary screen), and centre it there."""
    screen = (near.screen() if near is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(*size)
        return
    avail = screen.availableGeometry()
    width, height = min(size[0], avail.width()), min(size[1], avail.height())
    widget.resize(width, height)
    widget.move(avail.x() + (avail.width() - width) // 2, avail.y() + (avail.height() - height) // 2)


def ui_state() -> QSettings:
    """Return the QSettings holding window layouts."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / STATE_FILE), QSettings.Format.IniFormat)


def save_geometry(widget: QWidget, key: str) -> None:
    """Remember ``widget``'s size and position (and a main window's docks and toolbars) under ``key``."""
    settings = ui_state()
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
    if isinstance(widget, QMainWindow):
        settings.setValue(f"{key}/state", widget.saveState())
    settings.sync()


def restore_geometry(widget: QWidget, key: str) -> bool:
    """Apply what :func:`save_geometry` stored under ``key``; return False when nothing was stored."""
    settings = ui_state()
    geometry = settings.value(f"{key}/geometry")
    if not isinstance(geometry, QByteArray) or geometry.isEmpty():
        return False
    widget.restoreGeometry(geometry)
    state = settings.value(f"{key}/state")
    if isinstance(widget, QMainWindow) and isinstance(state, QByteArray):
        widget.restoreState(state)
    return True
