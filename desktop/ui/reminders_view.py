"""The Reminders tab: permits due or suspended, leases ending, revisits, overdue registrations.

Filter by grid and horizon (days); loads on the DB thread; exports what is shown to .xlsx.
Double-clicking a row asks the window to open its address (``address_requested(str)``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.reminders import DEFAULT_HORIZON_DAYS, Grid, Reminder, ReminderKind, ReminderService
from desktop.ui.tasks import TaskRunner

KINDS: dict[str, str] = {
    ReminderKind.PERMIT_DUE.value: QT_TRANSLATE_NOOP("Reminders", "Permit endorsement due"),
    ReminderKind.PERMIT_SUSPENDED.value: QT_TRANSLATE_NOOP("Reminders", "Permit suspended (not endorsed)"),
    ReminderKind.LEASE_ENDING.value: QT_TRANSLATE_NOOP("Reminders", "Lease ending"),
    ReminderKind.REVISIT_DUE.value: QT_TRANSLATE_NOOP("Reminders", "Revisit due"),
    ReminderKind.REGISTRATION_OVERDUE.value: QT_TRANSLATE_NOOP("Reminders", "Registration overdue"),
}


def kind_label(kind: ReminderKind) -> str:
    """The translated name of a reminder kind."""
    return QCoreApplication.translate("Reminders", KINDS[kind.value])


class RemindersWidget(QWidget):
    """Reminder list with grid and horizon filters and an Excel export.

    Signals: ``loaded(list)`` after each load; ``address_requested(str)`` on double-click.
    """

    loaded = Signal(object)
    address_requested = Signal(str)

    def __init__(self, runner: TaskRunner, service: ReminderService, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setObjectName("remindersTab")
        self._runner, self._service, self._today = runner, service, today
        self.reminders: list[Reminder] = []
        self.grid = QComboBox()
        self.grid.setObjectName("reminderGrid")
        self.grid.addItem(self.tr("All grids"), "")
        self.grid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.days = QSpinBox()
        self.days.setObjectName("reminderDays")
        self.days.setRange(1, 365)
        self.days.setValue(DEFAULT_HORIZON_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("exportButton")
        self.summary = QLabel()
        self.summary.setObjectName("reminderSummary")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("remindersTable")
        self.table.setHorizontalHeaderLabels(self.headers()[:6])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Grid")))
        bar.addWidget(self.grid)
        bar.addWidget(QLabel(self.tr("Due within")))
        bar.addWidget(self.days)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.grid.currentIndexChanged.connect(lambda _i: self.refresh())
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._export_clicked)
        self._grids_loaded = False

    def headers(self) -> list[str]:
        """Column titles (also the export's header row)."""
        return [self.tr("Reminder"), self.tr("Due"), self.tr("Days left"), self.tr("Grid"), self.tr("Address"),
                self.tr("Person / landlord"), self.tr("Detail")]

    def ensure_loaded(self) -> None:
        """Load the grids and the list the first time the tab is shown."""
        if not self._grids_loaded:
            self._grids_loaded = True
            service = self._service
            self._runner.run(lambda _s: service.grids(), self._grids, progress=False)
        else:
            self.refresh()

    def _grids(self, grids: list[Grid]) -> None:
        self.grid.blockSignals(True)
        for grid in grids:
            self.grid.addItem(grid.name, grid.id)
        self.grid.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Reload with the current filters (on the DB thread)."""
        service, grid_id, days, today = self._service, self.grid.currentData() or None, self.days.value(), self._today()
        self._runner.run(lambda _s: service.reminders(today, horizon_days=days, grid_id=grid_id), self._show,
                         progress=True, title=self.tr("Loading reminders…"))

    def _show(self, reminders: list[Reminder]) -> None:
        self.reminders = reminders
        self.table.setRowCount(len(reminders))
        for row, values in enumerate(self.rows()):
            for column, value in enumerate(values[:6]):
                item = QTableWidgetItem(str(value))
                if column == 2 and isinstance(value, int) and value < 0:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, item)
            self.table.item(row, 0).setToolTip(str(values[6]))
        counts: dict[ReminderKind, int] = {}
        for r in reminders:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        self.summary.setText("  ·  ".join(f"{kind_label(k)} {n}" for k, n in counts.items())
                             or self.tr("Nothing due"))
        self.loaded.emit(reminders)

    def rows(self) -> list[list[object]]:
        """The shown reminders as rows of :meth:`headers` (translated kind labels)."""
        return [[kind_label(r.kind), r.due.isoformat(), r.days, r.grid_name, r.address_text, r.subject, r.detail]
                for r in self.reminders]

    def subjects(self, kind: ReminderKind | None = None) -> list[str]:
        """Names shown (optionally of one kind), for tests."""
        return [r.subject for r in self.reminders if kind is None or r.kind is kind]

    def export_to(self, path: Path) -> Path:
        """Write the shown reminders to ``path`` (.xlsx) and return it."""
        return self._service.export_xlsx(path, self.headers(), self.rows(), sheet_title=self.tr("Reminders"))

    def _export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export reminders"), "reminders.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if name:
            path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
            headers, rows, title, service = self.headers(), self.rows(), self.tr("Reminders"), self._service
            self._runner.run(lambda _s: service.export_xlsx(path, headers, rows, sheet_title=title), progress=True,
                             title=self.tr("Exporting…"))

    def _double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.reminders) and self.reminders[row].address_id:
            self.address_requested.emit(self.reminders[row].address_id)
