"""The supervisor's archiving list (issue 7 item 7): residents gone longer than the retention period,
ID numbers masked; archiving removes their personal fields (``desktop.services.retention``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import retention
from desktop.ui.tasks import TaskRunner


class RetentionDialog(QDialog):
    """List the residents due for archiving; archive the selected ones or all listed."""

    def __init__(self, runner: TaskRunner, store: Any, user: str, years: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store, self.user, self.years = runner, store, user, years
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Residents due for archiving"))
        explain = QLabel(self.tr(
            "People who moved out more than %1 year(s) ago and live nowhere in this district. Archiving "
            "removes their name, ID number, phone, hukou address and employer on every device; sex, birth "
            "year, ethnicity, hukou region, dates and addresses stay for the statistics. It cannot be undone.")
            .replace("%1", str(years)))
        explain.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("retentionTable")
        self.table.setHorizontalHeaderLabels([self.tr("ID number"), self.tr("Moved out"),
                                              self.tr("Registrations")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("retentionSummary")
        self.archive_selected = QPushButton(self.tr("Archive selected"))
        self.archive_selected.setObjectName("archiveSelected")
        self.archive_all = QPushButton(self.tr("Archive all listed"))
        self.archive_all.setObjectName("archiveAll")
        self.archive_selected.clicked.connect(lambda: self.confirm(self.selected_ids()))
        self.archive_all.clicked.connect(lambda: self.confirm([d.resident_id for d in self.due]))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.archive_selected)
        buttons.addWidget(self.archive_all)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(640, 480)
        self.due: list[retention.DueForArchive] = []
        self.box: QMessageBox | None = None

    def load(self) -> None:
        """Read the list on the DB thread."""
        store, years = self.store, self.years
        self.runner.run(lambda _s: retention.due_for_archive(store, years=years), self._show, progress=False)

    def _show(self, due: object) -> None:
        self.due = list(due)  # type: ignore[call-overload]
        self.table.setRowCount(len(self.due))
        for row, item in enumerate(self.due):
            for column, value in enumerate((item.id_number_masked, item.moved_out_date, str(item.registrations))):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.resident_id)
                self.table.setItem(row, column, cell)
        self.summary.setText(self.tr("%n resident(s) due", "", len(self.due)))
        self.archive_all.setEnabled(bool(self.due))
        self.archive_selected.setEnabled(bool(self.due))

    def selected_ids(self) -> list[str]:
        """Resident ids of the selected rows."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.due[r].resident_id for r in rows if r < len(self.due)]

    def confirm(self, ids: list[str]) -> None:
        """Ask once, then archive ``ids`` on the DB thread (non-blocking box)."""
        if not ids:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Archive"),
                          self.tr("Remove the personal fields of %n resident(s)? This cannot be undone.", "",
                                  len(ids)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("archiveConfirm")
        box.buttonClicked.connect(
            lambda button: self.archive(ids) if box.standardButton(button) == QMessageBox.StandardButton.Yes
            else None)
        self.box = box
        box.open()

    def archive(self, ids: list[str]) -> None:
        """Archive ``ids`` (audited in the same transaction) and reload the list."""
        store, user, years = self.store, self.user, self.years
        self.runner.run(lambda _s: retention.archive_residents(store, user, ids, years=years),
                        lambda _n: self.load(), title=self.tr("Archiving…"))
