"""Confirmation dialogs for moves on the address page (issue 4, item 5): 搬离, 整户迁移, 变更户主.

Each dialog only collects and checks what the officer chose; :class:`desktop.ui.officer_day.OfficerDayActions`
runs :class:`desktop.services.residency.ResidencyService` through the TaskRunner when it is accepted.
The household move's room search runs ``BrowseService.find_addresses`` on the DB worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import load_code_tables
from desktop.ui.resident_form import parse_date
from desktop.ui.tasks import TaskRunner

SEARCH_DEBOUNCE_MS = 250


class _DateReasonDialog(QDialog):
    """A dialog with a date (default today) and a reason; OK only with a valid date.

    Its own texts use the "MoveDialogs" context: ``self.tr`` here would look them up under the
    subclass's name at run time."""

    def __init__(self, today: date | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.date_edit = QLineEdit((today or date.today()).isoformat())
        self.date_edit.setObjectName("moveDate")
        self.date_edit.setPlaceholderText(QCoreApplication.translate("MoveDialogs", "YYYY-MM-DD"))
        self.reason = QComboBox()
        self.reason.setObjectName("moveReason")
        self.reason.setEditable(True)
        self.date_problem = QLabel()
        self.date_problem.setStyleSheet("color: #c62828;")
        self.date_problem.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("MoveDialogs", "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.date_edit.textChanged.connect(lambda _t: self._check())

    def moved_date(self) -> date | None:
        """The date typed (None when it is not a valid date)."""
        try:
            return parse_date(self.date_edit.text())
        except ValueError:
            return None

    def reason_text(self) -> str:
        """The reason chosen or typed."""
        return self.reason.currentText().strip()

    def _ready(self) -> bool:
        return self.moved_date() is not None

    def _check(self) -> None:
        bad = self.moved_date() is None
        self.date_problem.setText(QCoreApplication.translate("MoveDialogs", "Type a date as YYYY-MM-DD")
                                  if bad else "")
        self.date_problem.setVisible(bad)
        self.ok_button.setEnabled(self._ready())


class MoveOutDialog(_DateReasonDialog):
    """搬离: the person leaves this address (no new address known); the registration is kept as history."""

    def __init__(self, name: str, address_text: str, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.setObjectName("moveOutDialog")
        self.setWindowTitle(self.tr("Move out"))
        for text in (self.tr("Moved away"), self.tr("Returned to hometown"), self.tr("Changed job"),
                     self.tr("Lease ended")):
            self.reason.addItem(text)
        self.ok_button.setText(self.tr("Move out"))
        question = QLabel(self.tr("%1 moves out of %2. The registration is kept as history.")
                          .replace("%1", name).replace("%2", address_text))
        question.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Moved-out date"), self.date_edit)
        form.addRow("", self.date_problem)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._check()


class MoveHouseholdDialog(_DateReasonDialog):
    """整户迁移: every living member moves to a room found by a search over addresses."""

    def __init__(self, runner: TaskRunner, find: Callable[[str], Sequence[Any]], household_text: str,
                 from_address_id: str, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self.setObjectName("moveHouseholdDialog")
        self.setWindowTitle(self.tr("Move household"))
        self._runner = runner
        self._find = find
        self._from = from_address_id
        self._seq = 0
        self.reason.addItem(self.tr("Moved to another room"))
        self.ok_button.setText(self.tr("Move household"))
        self.search = QLineEdit()
        self.search.setObjectName("addressSearch")
        self.search.setPlaceholderText(self.tr("Type part of the new address (3+ characters)"))
        self.results = QListWidget()
        self.results.setObjectName("addressResults")
        self.results.setMinimumHeight(140)
        self.results.currentItemChanged.connect(lambda *_a: self._check())
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        question = QLabel(self.tr("Move every member of %1 to the room chosen below.").replace("%1", household_text))
        question.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New address"), self.search)
        form.addRow("", self.results)
        form.addRow(self.tr("Moved date"), self.date_edit)
        form.addRow("", self.date_problem)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._check()

    def search_now(self) -> None:
        """Search the addresses for the typed text (DB worker); the list shows room-level results."""
        self._timer.stop()
        self._seq += 1
        seq, find, text = self._seq, self._find, self.search.text()
        self._runner.run(lambda _s: list(find(text)), lambda rows: self._show(seq, rows), progress=False)

    def _show(self, seq: int, rows: list[Any]) -> None:
        if seq != self._seq:
            return
        self.results.clear()
        for node in rows:
            if node.id == self._from or not (node.is_leaf or node.level == "room"):
                continue
            item = QListWidgetItem(node.full_text)
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            self.results.addItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)
        self._check()

    def target_address_id(self) -> str | None:
        """The chosen room's id (None until one is chosen)."""
        item = self.results.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def target_text(self) -> str:
        """The chosen room's full text ("" until one is chosen)."""
        item = self.results.currentItem()
        return "" if item is None else item.text()

    def _ready(self) -> bool:
        return super()._ready() and self.target_address_id() is not None


class ChangeHeadDialog(QDialog):
    """变更户主: choose the new head among the living members; the old head gets a new relationship."""

    def __init__(self, members: Sequence[tuple[str, str]], current_head: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeHeadDialog")
        self.setWindowTitle(self.tr("Change head of household"))
        self.new_head = QComboBox()
        self.new_head.setObjectName("newHead")
        for resident_id, name in members:
            if resident_id != current_head:
                self.new_head.addItem(name, resident_id)
        self.old_relationship = QComboBox()
        self.old_relationship.setObjectName("oldHeadRelationship")
        self.old_relationship.addItem("", "")
        for code, name in load_code_tables().relationship.entries.items():
            if code != "02":
                self.old_relationship.addItem(f"{code} {name}", code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Change head"))
        self.ok_button.setEnabled(self.new_head.count() > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New head"), self.new_head)
        form.addRow(self.tr("Old head's relationship to the new head"), self.old_relationship)
        layout = QVBoxLayout(self)
        if current_head is None:
            note = QLabel(self.tr("This household has no head at present."))
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def new_head_id(self) -> str | None:
        """The chosen member's resident id."""
        value = self.new_head.currentData()
        return str(value) if value else None

    def old_head_relationship(self) -> str:
        """The relationship code chosen for the old head ("" when none)."""
        return str(self.old_relationship.currentData() or "")
