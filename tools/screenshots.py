"""Write docs/screenshots/main_window_demo.png, task_list.png, building_dialog.png, sync_panel.png,
sign_in.png and conflict_dialog.png over a demo district (1366×768, the app's style).

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py`` (needs a CJK font, e.g.
``fonts-noto-cjk``). The test suite writes main_window.png and resident_form.png when run with
``DOORSTEP_SCREENSHOTS=1``; ``tests/ui/test_officer_day.py`` then also writes search_before_create.png,
rental_dialog.png, reminders.png and plate.png (the officer's day, issue 4 items 4–8), and
``tests/ui/test_privacy_ui.py`` writes passphrase_setup.png, unlock_dialog.png, lock_overlay.png and
audit_view.png (issue 7).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.services.demo import build_demo
from desktop.services.survey_tasks import SurveyTaskService
from desktop.store.db import Store, open_store
from desktop.ui.building_dialog import BuildingDialog
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow, build_main_window
from desktop.ui.style import apply_style

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    """Build a demo store, show the window at 1366×768 on a room with residents, save the grab."""
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    apply_style(app, "light")
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
        survey_screens(app, store, window)
        sync_screens(app, store, window, Path(tmp))
        window.close()
        store.close()
    return 0


def survey_screens(app: QApplication, store: Store, window: MainWindow) -> None:
    """Write task_list.png (a grid half walked) and building_dialog.png (6 × 4 with two units)."""
    actions = window.survey_actions
    if actions is None:
        return
    tasks = actions.task_list
    survey = SurveyTaskService(store, "demo-officer")
    grid = tasks.current_grid()
    rows = survey.task_page(grid, 0, 400).rows
    outcomes = ("nobody_home", "vacant", "registered", "refused", "revisit", "nobody_home")
    for i, row in enumerate(rows[: len(rows) * 2 // 3]):
        if row.status == "not_visited" or i % 3 == 0:
            survey.record_visit(row.address_id, outcomes[i % len(outcomes)], "晚上再来" if i % 7 == 0 else "",
                                today=date.today() - timedelta(days=i % 9))
    actions.show_tasks()
    tasks.reload()
    _settle(app, window)
    tasks.table.setCurrentIndex(tasks.model.index(min(5, tasks.model.rowCount() - 1), 0))
    window.grab().save(str(OUT / "task_list.png"))

    dialog = BuildingDialog("天童南路188号", window)
    dialog.name.setText("5幢")
    dialog.units.setValue(2)
    dialog.resize(760, 640)
    dialog.show()
    _settle(app, window)
    dialog.grab().save(str(OUT / "building_dialog.png"))
    dialog.close()


def sync_screens(app: QApplication, store: Store, window: MainWindow, tmp: Path) -> None:
    """Write sync_panel.png (after a real sync with the embedded central), sign_in.png and conflict_dialog.png."""
    from central.embedded import start_embedded
    from desktop.services.sync_service import SyncService
    from desktop.ui.sync_panel import ConflictDialog, SignInDialog

    with start_embedded(f"sqlite:///{tmp / 'central.sqlite'}",
                        users=[("demo-officer", "demo-password", "supervisor", "330212")]) as server:
        SyncService(store, server.url).login("demo-officer", "demo-password")
        window.services.make_sync = lambda: SyncService(store, server.url)
        window.start_sync()
        _settle(app, window)
        window.sync_panel.refresh()
        window.tabs.setCurrentWidget(window.sync_panel)
        _settle(app, window)
        window.grab().save(str(OUT / "sync_panel.png"))

    dialog = SignInDialog("wang", window)
    dialog.resize(420, 160)
    dialog.show()
    _settle(app, window)
    dialog.grab().save(str(OUT / "sign_in.png"))
    dialog.close()

    conflict = {"id": 1, "entity": "resident", "record_id": "5d1c2a7e-0b1f-4b7e-9a51-2f0c6f3e8a10",
                "op": "upsert", "device_id": "dev-a1b2c3d4", "user": "wang", "client_time": "2026-11-30 09:12",
                "created_at": "2026-11-30 10:02", "server_version": 3, "server_device_id": "dev-e5f6a7b8",
                "server_user": "li", "server_time": "2026-11-30 09:40",
                "fields": [{"field": "phone", "device_value": "13805741234", "server_value": "13805749876"},
                           {"field": "employer_name", "device_value": "宁波某某电器有限公司",
                            "server_value": "宁波某某电子有限公司"}]}
    conflict_dialog = ConflictDialog([conflict], "dev-a1b2c3d4", window)
    conflict_dialog.show()
    _settle(app, window)
    conflict_dialog.grab().save(str(OUT / "conflict_dialog.png"))
    conflict_dialog.close()


def _settle(app: QApplication, window: MainWindow) -> None:
    app.processEvents()
    while window.runner.is_busy():
        app.processEvents()
    app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main())
