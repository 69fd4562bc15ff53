"""The grid officer's side of the rental reject loop (issue 5 item 3): open 需整改/有隐患 checks.

A police assistant's 需整改 or 有隐患 check lands here with its reason and items; the officer has it
fixed and reports it, which sends it back to the verifier as a re-check. Reads and writes go through
the TaskRunner (DB thread); nothing here touches the database.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.rental_round import RentalRoundService
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskRunner


def _outcome_label(outcome: str) -> str:
    if outcome == "hazard":
        return QCoreApplication.translate("FixesDialog", "Hazard")
    return QCoreApplication.translate("FixesDialog", "Needs rectification")


class FixesDialog(QDialog):
    """Lists the open fixes; "Fixed, back to the verifier" reports the selected one fixed.

    Signals: ``fixed(str)`` with the check id after it was written.
    """

    fixed = Signal(str)

    def __init__(self, runner: TaskRunner, service: RentalRoundService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Rectification items"))
        self.resize(1000, 480)
        self.summary = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Address"), self.tr("Finding"), self.tr("Reason"),
                                              self.tr("Items to fix"), self.tr("Checked by")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What was done (optional)"))
        self.fixed_button = QPushButton(self.tr("&Fixed, back to the verifier"))
        self.fixed_button.clicked.connect(self.mark_selected_fixed)
        self.fixed_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(
            lambda: self.fixed_button.setEnabled(bool(self.table.selectedItems())))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.fixed_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Reload the open fixes on the DB thread."""
        self.runner.run(lambda _state: self.service.open_fixes(), self._show, lambda exc: show_error(self, exc),
                        progress=False)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = [row.get("full_text") or "", _outcome_label(str(row.get("outcome"))), row.get("reason") or "",
                      "、".join(str(x) for x in row.get("items") or []), row.get("checker") or ""]
            for j, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))
                if j == 1 and row.get("outcome") == "hazard":
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(i, j, item)
        self.summary.setText(self.tr("%n open item(s) from the rental round", "", len(rows)))
        self.fixed_button.setEnabled(bool(self.table.selectedItems()))

    def mark_selected_fixed(self) -> None:
        """Report the selected check fixed (with the note) and reload."""
        index = self.table.currentRow()
        if index < 0 or index >= len(self.rows):
            return
        check_id = str(self.rows[index]["id"])
        note = self.note.text()

        def done(_result: object) -> None:
            self.note.clear()
            self.fixed.emit(check_id)
            self.refresh()

        self.runner.run(lambda _state: self.service.mark_fixed(check_id, note), done,
                        lambda exc: show_error(self, exc), progress=False)
