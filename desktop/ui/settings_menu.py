"""The Settings menu: language (applies at the next start) and theme (applies at once).

Both are stored in ``desktop.settings.Settings`` (``settings.json`` in the user config folder).
Language names are shown in their own language, so they are not translated.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from desktop.settings import Settings, load_settings, save_settings
from desktop.ui.style import apply_style

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


class SettingsMenu(QObject):
    """Adds 设置 (Settings) to ``window``'s menu bar; ``path`` is the settings file (None: the user's)."""

    def __init__(self, window: QMainWindow, path: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        settings = load_settings(path)
        self.menu: QMenu = window.menuBar().addMenu(self.tr("&Settings"))
        self.menu.setObjectName("settingsMenu")
        language_menu = self.menu.addMenu(self.tr("Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == settings.language)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        theme_menu = self.menu.addMenu(self.tr("Theme"))
        self.theme_actions: dict[str, QAction] = {}
        themes = QActionGroup(self)
        for code, label in (("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == settings.theme)
            action.triggered.connect(lambda _checked=False, c=code: self.set_theme(c))
            themes.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[code] = action
        self.restart_box: QMessageBox | None = None

    def _save(self, **changes: str) -> Settings:
        current = load_settings(self.path)
        updated = Settings(**{**current.__dict__, **changes}).validated()
        try:
            save_settings(updated, self.path)
        except OSError as exc:
            logger.warning("settings not saved: %s", type(exc).__name__)
        return updated

    def set_language(self, code: str) -> None:
        """Store the language and say that it applies at the next start (non-blocking message)."""
        if load_settings(self.path).language == code:
            return
        self._save(language=code)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"),
                          self.tr("The language changes the next time Doorstep starts."),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText("The language changes the next time Doorstep starts." if code == "en"
                               else "下次启动 Doorstep 时切换语言。")
        self.restart_box = box
        box.open()

    def set_theme(self, code: str) -> None:
        """Store the theme and apply it now."""
        self._save(theme=code)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app, code)
