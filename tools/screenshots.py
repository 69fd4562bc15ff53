"""Write docs/screenshots/main_window_demo.png: the main window over a small demo district.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py`` (needs a CJK font, e.g.
``fonts-noto-cjk``). The test suite writes main_window.png and resident_form.png when run with
``DOORSTEP_SCREENSHOTS=1``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.services.demo import build_demo
from desktop.store.db import open_store
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import build_main_window

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    """Build a demo store, show the window at 1366×768 on a room with residents, save the grab."""
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "demo.sqlite")
        build_demo(store, residents=400, seed=3)
        window = build_main_window(store, "demo-officer", "http://127.0.0.1:8765")
        window.resize(1366, 768)
        window.show()
        tree = window.tree
        index = tree.tree_model.index(0, 0)
        while index.isValid() and tree.tree_model.hasChildren(index):  # first branch down to a room
            tree.expand(index)
            index = tree.tree_model.index(0, 0, index)
        tree.setCurrentIndex(index)
        while window.runner.is_busy():
            app.processEvents()
        app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main_window_demo.png"))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
