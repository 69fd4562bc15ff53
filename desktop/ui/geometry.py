"""Window geometry and dock/toolbar state in QSettings, keyed per widget (Anki's saveGeom/restoreGeom).

The file is ``ui_state.ini`` in the user config folder (:func:`desktop.paths.config_dir`), beside
``settings.json``; it holds layout only, nothing personal.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.paths import config_dir

STATE_FILE = "ui_state.ini"


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
