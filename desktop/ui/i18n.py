"""Install the translators before any widget exists (style guide §4): ours and Qt's own."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.paths import resource_dir

logger = logging.getLogger(__name__)

#: Translators stay referenced here; a collected QTranslator silently stops translating.
_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str = "zh_CN") -> list[QTranslator]:
    """Load ``app_<language>.qm`` and Qt's ``qtbase_<language>.qm`` into ``app``; set the locale.

    English (``"en"``) installs only ``app_en.qm``: the source strings are English, the catalogue holds
    the singular/plural forms of the ``%n`` messages ("1 record" / "2 records"). A missing catalogue is
    logged, never fatal. Returns the installed translators (also kept in a module list).
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language.startswith("en"):
        catalogues = [("app_en", str(resource_dir() / "i18n"))]
    else:
        catalogues = [
            (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            (f"app_{language}", str(resource_dir() / "i18n")),
        ]
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            logger.warning("translation %s not found in %s", name, folder)
    return list(_installed)
