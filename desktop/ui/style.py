"""The app's look: one style sheet (``resources/styles/app.qss``) with palette variables, and the app icon.

``{{name}}`` placeholders in the qss are filled from :data:`PALETTES` (napari's templated stylesheet,
style guide §8). Light is the default; dark is chosen under Settings → Theme and stored in
``desktop.settings.Settings.theme``.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_dir

logger = logging.getLogger(__name__)

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "text": "#1f2328", "muted": "#8c959f", "window": "#f6f7f9", "panel": "#eef1f4", "base": "#ffffff",
        "alt_base": "#f6f8fa", "button": "#ffffff", "hover": "#e3e8ee", "border": "#c9d1d9",
        "accent": "#1f5fa8", "accent_text": "#ffffff",
    },
    "dark": {
        "text": "#e6edf3", "muted": "#7d8590", "window": "#1c2128", "panel": "#22272e", "base": "#2d333b",
        "alt_base": "#282e36", "button": "#373e47", "hover": "#444c56", "border": "#444c56",
        "accent": "#4184e4", "accent_text": "#ffffff",
    },
}

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def stylesheet(theme: str = "light") -> str:
    """Return the app style sheet for ``theme`` (unknown themes fall back to light).

    Raises:
        KeyError: the qss names a palette variable the palette lacks (a bug, caught by the tests).
    """
    palette = PALETTES.get(theme, PALETTES["light"])
    template = (resource_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    return _PLACEHOLDER.sub(lambda m: palette[m.group(1)], template)


def palette(theme: str = "light") -> QPalette:
    """Return the QPalette of ``theme``: window, text, base, button and selection colours."""
    colours = PALETTES.get(theme, PALETTES["light"])
    pal = QPalette()
    role = QPalette.ColorRole
    for target, name in ((role.Window, "window"), (role.WindowText, "text"), (role.Base, "base"),
                         (role.AlternateBase, "alt_base"), (role.Text, "text"), (role.Button, "button"),
                         (role.ButtonText, "text"), (role.Highlight, "accent"), (role.HighlightedText, "accent_text"),
                         (role.ToolTipBase, "base"), (role.ToolTipText, "text"), (role.PlaceholderText, "muted")):
        pal.setColor(target, QColor(colours[name]))
    for target in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, target, QColor(colours["muted"]))
    return pal


#: The declared UI fonts, first found wins: Windows' Microsoft YaHei, then Noto Sans CJK SC / WenQuanYi
#: Micro Hei (Debian: fonts-noto-cjk / fonts-wqy-microhei), then macOS PingFang SC; Qt falls back per glyph.
CJK_FONT_FAMILIES = ("Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC")


def apply_style(app: QApplication, theme: str = "light") -> None:
    """Set the palette, the style sheet, the declared CJK font list and the window icon on ``app``.

    A missing qss is logged, never fatal.
    """
    font = QFont(app.font())
    font.setFamilies([*CJK_FONT_FAMILIES, *app.font().families()])
    app.setFont(font)
    app.setPalette(palette(theme))
    try:
        app.setStyleSheet(stylesheet(theme))
    except OSError as exc:
        logger.warning("style sheet not loaded: %s", type(exc).__name__)
    app.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    """Return Doorstep's icon (PNG renderings of ``resources/icons/doorstep.svg``)."""
    icon = QIcon()
    for name in ("doorstep.png", "doorstep-32.png"):
        path = resource_dir() / "icons" / name
        if path.exists():
            icon.addFile(str(path))
    return icon
