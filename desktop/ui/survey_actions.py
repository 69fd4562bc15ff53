"""The grid officer's day in the main window: the 走访任务 tab, address listing actions and undo.

Kept apart from ``main_window.py`` so the window only builds a :class:`SurveyActions`. Every
action has a visible shortcut (menus, toolbar tooltips); every edit runs on the DB thread through
the window's TaskRunner and can be undone (Ctrl+Z, labelled "Undo <what>").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QToolBar

from desktop.domain.codes import AddressLevel
from desktop.services.addresses import AddressService, NewBuilding, NewUnit
from desktop.services.survey_tasks import SurveyTaskService
from desktop.services.undo import Operation, UndoStack
from desktop.ui import labels
from desktop.ui.address_tree import ID_ROLE
from desktop.ui.building_dialog import BuildingDialog
from desktop.ui.task_list import TaskListWidget
from desktop.ui.tasks import TaskState

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

#: Levels below which a whole building may be listed.
_BUILDING_PARENTS = {AddressLevel.ROAD.value, AddressLevel.DOOR.value, AddressLevel.COMPOUND.value}


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else "…" + text[-limit:]


class SurveyActions(QObject):
    """Adds the task-list tab, the Edit/Addresses/Survey menus and undo to a main window."""

    def __init__(self, window: MainWindow, addresses: AddressService, survey: SurveyTaskService,
                 undo: UndoStack) -> None:
        super().__init__(window)
        self.window = window
        self.addresses = addresses
        self.survey = survey
        self.undo_stack = undo
        self.building_dialog: BuildingDialog | None = None
        self.input_dialog: QInputDialog | None = None

        self.task_list = TaskListWidget(survey, window.runner)
        self.task_tab = window.tabs.addTab(self.task_list, self.tr("Survey tasks"))
        self.task_list.open_address.connect(self.open_address)
        self.task_list.visit_recorded.connect(lambda _v: self._edited())

        self.undo_action = self._action(self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo,
                                        self.tr("Undo your last edit"), "undoAction")
        self.tasks_action = self._action(self.tr("Survey tasks"), "Ctrl+T", self.show_tasks,
                                         self.tr("Show the grid's rooms and their visit status"), "tasksAction")
        self.building_action = self._action(self.tr("New building…"), "Ctrl+B", self.open_building_dialog,
                                            self.tr("List a whole building: units, floors and rooms at once"),
                                            "buildingAction")
        self.copy_unit_action = self._action(self.tr("Copy unit to the next"), "Ctrl+Shift+U", self.copy_unit,
                                             self.tr("Copy the selected unit's floors and rooms to a new unit"),
                                             "copyUnitAction")
        self.rename_action = self._action(self.tr("Rename address…"), "F2", self.open_rename,
                                          self.tr("Rename the selected address; the addresses below follow"),
                                          "renameAction")
        self.close_action = self._action(self.tr("Close address…"), "Ctrl+Shift+Del", self.open_close,
                                         self.tr("Close the selected address and everything below it "
                                                 "(kept, never deleted)"), "closeAddressAction")
        bar = window.menuBar()
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(self.undo_action)
        menu = bar.addMenu(self.tr("A&ddresses"))
        for action in (self.building_action, self.copy_unit_action, self.rename_action, self.close_action):
            menu.addAction(action)
        survey_menu = bar.addMenu(self.tr("Sur&vey"))
        survey_menu.addAction(self.tasks_action)
        toolbar = window.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            for action in (self.undo_action, self.building_action, self.tasks_action):
                toolbar.addAction(action)
        window.tree.node_selected.connect(self._node_selected)
        self.task_list.load_grids()
        self.update_actions()

    def _action(self, text: str, shortcut: Any, slot: Any, tip: str, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    # -- state -----------------------------------------------------------------------------------

    def _node(self) -> tuple[str, str, str, str]:
        return self.window.tree.current_node()

    def update_actions(self) -> None:
        """Enable the actions that apply to the tree's current node; label the undo action."""
        kind, _id, _grid, level = self._node()
        page = self.window.page.page
        self.building_action.setEnabled((kind == "area" and level == "grid")
                                        or (kind == "address" and level in _BUILDING_PARENTS))
        self.copy_unit_action.setEnabled(kind == "address" and level == AddressLevel.UNIT.value)
        self.rename_action.setEnabled(kind == "address" and page is not None)
        self.close_action.setEnabled(kind == "address" and page is not None)
        op = self.undo_stack.peek()
        self.undo_action.setEnabled(op is not None)
        self.undo_action.setText(self.undo_text(op))
        self.undo_action.setToolTip(self.undo_text(op) + (f": {op.subject}" if op else "") + " (Ctrl+Z)")

    def undo_text(self, op: Operation | None) -> str:
        """"Undo" or "Undo <kind> <subject>" for the menu."""
        if op is None:
            return self.tr("Undo")
        return (self.tr("Undo %1 %2").replace("%1", labels.label(labels.UNDO_KINDS, op.kind))
                .replace("%2", _short(op.subject)))

    def _node_selected(self, kind: str, _node_id: str) -> None:
        _kind, _id, grid, _level = self._node()
        if kind in ("area", "address") and grid:
            self.task_list.set_grid(grid)
        self.update_actions()

    def _edited(self) -> None:
        self.window.refresh_pending()
        self.update_actions()

    # -- task list -------------------------------------------------------------------------------

    def show_tasks(self) -> None:
        """Switch to the task list with the keyboard in the table."""
        self.window.tabs.setCurrentWidget(self.task_list)
        self.task_list.table.setFocus()

    def open_address(self, address_id: str) -> None:
        """Show a room's address page (its households) with the keyboard on 'Register resident'."""
        self.window.show_address(address_id)
        self.window.tabs.setCurrentWidget(self.window.page)
        if self.window.page.register_button.isEnabled():
            self.window.page.register_button.setFocus()
        self.update_actions()

    # -- undo ------------------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last edit on the DB thread, then reload what shows it."""
        if self.undo_stack.peek() is None:
            return
        stack = self.undo_stack
        self.undo_action.setEnabled(False)

        def work(_state: TaskState) -> Operation:
            return stack.undo()

        self.window.runner.run(work, self._undone, self._undo_failed, progress=False)

    def _undone(self, op: object) -> None:
        if isinstance(op, Operation):
            self.window.statusBar().showMessage(self.tr("Undone: %1").replace("%1", self.undo_text(op)), 5000)
            if op.kind != "visit":
                self._reload_tree_around_current()
        self._after_change()

    def _undo_failed(self, exc: BaseException) -> None:
        from desktop.ui.errors import show_error

        show_error(self.window, exc)
        self._after_change()

    def _after_change(self) -> None:
        self.task_list.reload()
        page = self.window.page.page
        if page is not None:
            self.window.show_address(page.id)
        self._edited()

    def _reload_tree_around_current(self) -> None:
        tree = self.window.tree
        index = tree.currentIndex()
        parent_id = index.parent().data(ID_ROLE) if index.isValid() else None
        if parent_id:
            tree.reload_children(str(parent_id))
        elif index.isValid():
            tree.reload_children(str(index.data(ID_ROLE)))

    # -- listing ---------------------------------------------------------------------------------

    def open_building_dialog(self) -> BuildingDialog | None:
        """Ask for a building below the current grid/road/door/compound (non-blocking); return the dialog."""
        if not self.building_action.isEnabled():
            return None
        kind, node_id, grid_id, _level = self._node()
        parent_id = None if kind == "area" else node_id
        parent_text = str(self.window.tree.currentIndex().data())
        if kind == "address" and self.window.page.page is not None:
            parent_text = self.window.page.page.full_text
        dialog = BuildingDialog(parent_text, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        addresses = self.addresses

        def accepted() -> None:
            name, plan = dialog.values()

            def work(_state: TaskState) -> NewBuilding:
                return addresses.create_building(grid_id, parent_id, name, plan)

            self.window.runner.run(work, lambda new: self._building_created(node_id, grid_id, new),
                                   title=self.tr("Saving…"))

        dialog.accepted.connect(accepted)
        self.building_dialog = dialog
        dialog.open()
        return dialog

    def _building_created(self, tree_node: str, grid_id: str, new: object) -> None:
        if not isinstance(new, NewBuilding):
            return
        self.window.tree.reload_children(tree_node)
        self.window.tree.select_node(new.building_id)
        self.window.statusBar().showMessage(
            self.tr("Building listed: %n room(s)", "", len(new.room_ids)), 5000)
        if self.task_list.current_grid() == grid_id:
            self.task_list.reload()
        else:
            self.task_list.set_grid(grid_id)
        self._edited()

    def copy_unit(self) -> None:
        """Copy the selected unit's layout to the next unit name."""
        if not self.copy_unit_action.isEnabled():
            return
        _kind, unit_id, _grid, _level = self._node()
        building = self.window.tree.currentIndex().parent().data(ID_ROLE)
        addresses = self.addresses

        def work(_state: TaskState) -> NewUnit:
            return addresses.copy_unit(unit_id)

        def done(new: object) -> None:
            if isinstance(new, NewUnit):
                self.window.tree.reload_children(str(building))
                self.window.tree.select_node(new.unit_id)
                self.window.statusBar().showMessage(
                    self.tr("Copied to %1: %2 rooms").replace("%1", new.name).replace("%2", str(len(new.room_ids))),
                    5000)
                self.task_list.reload()
            self._edited()

        self.window.runner.run(work, done, title=self.tr("Saving…"))

    def _ask(self, title: str, label: str, text: str, on_ok: Any) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText(self.tr("OK"))
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(on_ok)
        self.input_dialog = dialog
        dialog.open()
        return dialog

    def open_rename(self) -> QInputDialog | None:
        """Ask for a new name of the selected address (non-blocking)."""
        page = self.window.page.page
        if page is None or not self.rename_action.isEnabled():
            return None
        addresses, address_id = self.addresses, page.id

        def ok(name: str) -> None:
            self.window.runner.run(lambda _s: addresses.rename(address_id, name),
                                   lambda _n: self._changed_node(address_id), title=self.tr("Saving…"))

        return self._ask(self.tr("Rename address"), self.tr("New name of %1:").replace("%1", page.full_text),
                         page.name, ok)

    def open_close(self) -> QInputDialog | None:
        """Ask for the valid-to date of the selected address (non-blocking); closing keeps every record."""
        page = self.window.page.page
        if page is None or not self.close_action.isEnabled():
            return None
        addresses, address_id = self.addresses, page.id

        def ok(text: str) -> None:
            try:
                on = date.fromisoformat(text.strip())
            except ValueError:
                self.window.statusBar().showMessage(self.tr("'%1' is not a date (YYYY-MM-DD)").replace("%1", text),
                                                    8000)
                return
            self.window.runner.run(lambda _s: addresses.close(address_id, on),
                                   lambda _n: self._changed_node(address_id), title=self.tr("Saving…"))

        return self._ask(self.tr("Close address"),
                         self.tr("Close %1 and everything below it from (YYYY-MM-DD):").replace("%1", page.full_text),
                         date.today().isoformat(), ok)

    def _changed_node(self, address_id: str) -> None:
        self._reload_tree_around_current()
        self.window.tree.select_node(address_id)
        self.window.show_address(address_id)
        self.task_list.reload()
        self._edited()
