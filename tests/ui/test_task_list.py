"""The officer's day through the real widgets: list a 6 × 4 building with the dialog, walk its task
list with the keyboard recording each outcome, watch coverage change, undo the last visit."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.survey_tasks import SurveyTaskService
from desktop.store.db import Store
from desktop.ui.building_dialog import BuildingDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.survey_actions import SurveyActions
from tests.ui.conftest import Place

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DOOR_PATH = ["钟公庙街道", "金山社区", "金山第一网格", "天童南路", "188号"]


def _activate(qtbot: QtBot, widget: QWidget) -> None:
    """Offscreen does not move activation between windows by itself; window shortcuts need it."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _actions(window: MainWindow) -> SurveyActions:
    assert window.survey_actions is not None
    return window.survey_actions


def _list_building(window: MainWindow, qtbot: QtBot) -> BuildingDialog:
    """Select 188号 in the tree, Ctrl+B, type 6 × 4, Ctrl+Enter: 24 rooms in one transaction."""
    actions = _actions(window)
    index = window.tree.expand_path(DOOR_PATH)
    assert index.isValid()
    window.tree.setCurrentIndex(index)
    window.tree.setFocus()
    qtbot.waitUntil(lambda: actions.building_action.isEnabled())
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: actions.building_dialog is not None and actions.building_dialog.isVisible())
    dialog = actions.building_dialog
    assert dialog is not None
    _activate(qtbot, dialog)
    dialog.name.setText("5幢")  # Chinese via setText (keyClicks aborts on non-ASCII)
    for spin, value in ((dialog.floors, "6"), (dialog.rooms, "4")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, value)
    assert dialog.summary.text() == "24 间房，0 个单元"
    assert dialog.preview.item(0, 0).text() == "601室"
    assert dialog.preview.item(5, 3).text() == "104室"
    return dialog


def test_list_walk_and_undo_with_the_keyboard(window: MainWindow, qtbot: QtBot, store: Store,
                                              place: Place) -> None:
    actions = _actions(window)
    tasks = actions.task_list
    dialog = _list_building(window, qtbot)
    # rename one room in the preview before saving (an odd plate on the ground floor)
    dialog.preview.item(5, 3).setText("104A室")
    if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
        dialog.grab().save(str(SCREENSHOTS / "building_dialog_test.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.is_busy() and actions.undo_stack.peek() is not None)
    _activate(qtbot, window)
    assert actions.undo_action.text().startswith("撤销 新建楼栋")

    # Ctrl+T: the grid's task list, the new rooms among the fixture's four, in walking order
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is tasks
    qtbot.waitUntil(lambda: tasks.model.rowCount() == 28)
    qtbot.keyClick(tasks, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # unvisited only
    qtbot.waitUntil(lambda: tasks.model.show == "unvisited")
    names = [r.full_text for r in tasks.model.rows()]
    first = names.index("天童南路188号5幢101室")
    assert names[first:first + 4] == ["天童南路188号5幢101室", "天童南路188号5幢102室", "天童南路188号5幢103室",
                                      "天童南路188号5幢104A室"]
    qtbot.waitUntil(lambda: tasks.coverage.bar_text("grid").startswith("0 / 28"))

    # walk: one key per room, the cursor moves on by itself
    tasks.table.setFocus()
    tasks.table.setCurrentIndex(tasks.model.index(first, 0))
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5):
        qtbot.keyClick(tasks.table, key)
    qtbot.waitUntil(lambda: not window.runner.is_busy())
    walked = {r.name: r for r in tasks.model.rows()[first:first + 4]}
    assert [walked[n].status for n in ("101室", "102室", "103室", "104A室")] == [
        "nobody_home", "vacant", "refused", "revisit"]
    assert walked["101室"].revisit_due is not None and walked["103室"].revisit_due is None
    assert tasks.table.currentIndex().row() == first + 4
    assert tasks.model.index(first, 1).data() == "无人在家"
    qtbot.waitUntil(lambda: tasks.coverage.bar_text("grid").startswith("4 / 28"))
    assert "1 户待复访" in tasks.coverage.bar_text("grid") or "2 户待复访" in tasks.coverage.bar_text("grid")

    # 1 = 已登记 on 201室: recorded, and the room's households open for registering
    qtbot.keyClick(tasks.table, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.page)
    assert window.page.page is not None and window.page.page.full_text == "天童南路188号5幢201室"
    qtbot.waitUntil(lambda: tasks.coverage.bar_text("grid").startswith("5 / 28"))

    # back with Ctrl+T; Ctrl+Z undoes the last visit (a tombstone), coverage drops back
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert actions.undo_action.text().startswith("撤销 走访")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tasks.coverage.bar_text("grid").startswith("4 / 28"))
    row_201 = next(r for r in tasks.model.rows() if r.full_text.endswith("5幢201室"))
    assert row_201.status == "not_visited"
    assert actions.undo_action.text().startswith("撤销 走访")  # the 需复访 before it is next

    # Alt+R: revisits due today — none yet (dates are in the future); status filter finds them
    qtbot.keyClick(tasks, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tasks.model.show == "revisit_due")
    assert tasks.model.rowCount() == 0
    tasks.status_filter.setCurrentIndex(tasks.status_filter.findData("nobody_home"))
    qtbot.waitUntil(lambda: [r.name for r in tasks.model.rows()] == ["101室"])

    # Enter on a room opens its address page
    tasks.table.setFocus()
    qtbot.keyClick(tasks.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page.page is not None and window.page.page.full_text.endswith("5幢101室"))

    # the store agrees: four visits remain, each queued for sync
    survey = SurveyTaskService(store, "officer1")
    report = survey.coverage(place.grid)
    assert (report.grid.rooms, report.grid.visited) == (28, 4)


def test_copy_unit_and_undo_from_the_menu(window: MainWindow, qtbot: QtBot, store: Store) -> None:
    actions = _actions(window)
    dialog = _list_building(window, qtbot)
    dialog.units.setFocus()
    dialog.units.selectAll()
    qtbot.keyClicks(dialog.units, "1")
    assert dialog.summary.text() == "24 间房，1 个单元"
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.is_busy() and actions.undo_stack.peek() is not None)
    _activate(qtbot, window)
    unit = window.tree.expand_path([*DOOR_PATH, "5幢", "1单元"])
    assert unit.isValid()
    window.tree.setCurrentIndex(unit)
    qtbot.waitUntil(lambda: actions.copy_unit_action.isEnabled())
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.tree.current_node()[3] == "unit"
                    and window.tree.currentIndex().data() == "2单元")
    assert actions.undo_action.text().startswith("撤销 复制单元")
    qtbot.waitUntil(lambda: actions.task_list.model.rowCount() == 4 + 48)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: actions.task_list.model.rowCount() == 4 + 24)  # the copy is closed, not deleted
    qtbot.waitUntil(lambda: any("已停用" in str(window.tree.tree_model.index(r, 0, unit.parent()).data())
                                for r in range(window.tree.tree_model.rowCount(unit.parent()))))
