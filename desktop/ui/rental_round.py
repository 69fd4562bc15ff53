"""出租房屋核验 (issue 5 §3): the police assistant's round over every rental unit of the area.

Confirm landlord, tenants and lease against what is there, the 治安责任书 and the safety items, then
已核验 / 需整改 / 有隐患 with the items to fix. 需整改 and 有隐患 go to the grid officer's task list and come
back here as "re-check" once the officer reports them fixed. Progress by grid and community at the top.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.verification import RENTAL_OUTCOMES
from desktop.services.rental_round import Progress, RentalRoundService, RoundRow
from desktop.ui.tasks import TaskRunner, TaskState

SAFETY_KEYS = ("fire_exit", "extinguisher", "smoke_detector", "ebike_indoor_charging", "three_in_one")


class RentalRoundView(QWidget):
    """The round's table, the check form and the progress. Signals: ``check_saved(str)``."""

    check_saved = Signal(str)

    def __init__(self, runner: TaskRunner, service: RentalRoundService, area_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rentalRound")
        self.runner, self.service, self.area_id = runner, service, area_id
        self.rows: list[RoundRow] = []
        # progress as a small table (one row per community, then per grid), not a wall of text (issue 9)
        self.progress_table = QTableWidget(0, 6)
        self.progress_table.setObjectName("roundProgress")
        self.progress_table.setHorizontalHeaderLabels([
            self.tr("Level"), self.tr("Community / grid"), self.tr("Checked"), self.tr("Units"), self.tr("Open"),
            self.tr("To re-check")])
        progress_header = self.progress_table.horizontalHeader()
        progress_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        progress_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress_table.verticalHeader().setVisible(False)
        self.progress_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress_table.setMaximumHeight(self.progress_table.fontMetrics().height() * 12)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("roundTable")
        self.table.setHorizontalHeaderLabels([self.tr("Address"), self.tr("Landlord"), self.tr("State"),
                                              self.tr("Reason / items")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.checks = {key: QCheckBox(text) for key, text in (
            ("landlord_ok", self.tr("Landlord as registered")),
            ("tenants_ok", self.tr("Tenants as registered")),
            ("lease_ok", self.tr("Lease as registered")),
            ("pledge_ok", self.tr("Public-security pledge signed and on file")))}
        safety_text = {"fire_exit": self.tr("Fire exit clear"), "extinguisher": self.tr("Extinguisher present"),
                       "smoke_detector": self.tr("Smoke detector fitted"),
                       "ebike_indoor_charging": self.tr("E-bikes charged indoors (hazard)"),
                       "three_in_one": self.tr("Living, production and storage in one space (hazard)")}
        self.safety = {key: QCheckBox(safety_text[key]) for key in SAFETY_KEYS}
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        names = {"verified": self.tr("Verified"), "needs_fix": self.tr("Needs fixing"),
                 "hazard": self.tr("Hazard found")}
        for key in RENTAL_OUTCOMES:
            self.outcome.addItem(names[key], key)
        self.items = QLineEdit()
        self.items.setPlaceholderText(self.tr("items to fix, separated by commas"))
        self.reason = QLineEdit()
        self.save_button = QPushButton(self.tr("Save check"))
        self.save_button.setObjectName("saveCheck")
        self.save_button.clicked.connect(self.save_check)
        form = QFormLayout()
        boxes = QVBoxLayout()
        for box in [*self.checks.values(), *self.safety.values()]:
            boxes.addWidget(box)
        form.addRow(self.tr("Confirmed"), boxes)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Items to fix"), self.items)
        form.addRow(self.tr("Reason"), self.reason)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.save_button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 2)
        body.addLayout(side, 1)
        body_widget = QWidget()
        body_widget.setLayout(body)
        body.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.progress_table)
        splitter.addWidget(body_widget)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Progress by community and grid")))
        layout.addWidget(splitter, 1)

    def _state_text(self, state: str) -> str:
        return {"todo": self.tr("to check"), "verified": self.tr("Verified"), "needs_fix": self.tr("Needs fixing"),
                "hazard": self.tr("Hazard found"), "recheck": self.tr("fixed — re-check")}.get(state, state)

    def load(self) -> None:
        """Load the round and its progress (DB thread)."""
        service, area = self.service, self.area_id

        def work(_s: TaskState) -> tuple[list[RoundRow], list[Progress], list[Progress]]:
            return service.round(area), service.progress("grid", area), service.progress("community", area)

        self.runner.run(work, self._show, progress=False)

    def _show(self, result: tuple[list[RoundRow], list[Progress], list[Progress]]) -> None:
        self.rows, grids, communities = result
        self.table.setRowCount(0)
        for row in self.rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, text in enumerate((row.full_text, row.landlord_name, self._state_text(row.state),
                                      " ".join([row.reason, "、".join(row.items)]).strip())):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(r, c, item)

        self.progress_table.setRowCount(0)
        for level, rows in ((self.tr("Community"), communities), (self.tr("Grid"), grids)):
            for p in rows:
                r = self.progress_table.rowCount()
                self.progress_table.insertRow(r)
                for c, value in enumerate((level, p.name, p.checked, p.units, p.open, p.recheck)):
                    item = QTableWidgetItem(str(value))
                    if c >= 2:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    else:
                        item.setToolTip(str(value))
                    self.progress_table.setItem(r, c, item)

    def save_check(self) -> None:
        """Save a check of the selected unit."""
        r = self.table.currentRow()
        if r < 0 or r >= len(self.rows):
            return
        unit = self.rows[r]
        values = {k: box.isChecked() for k, box in self.checks.items()}
        safety = {k: box.isChecked() for k, box in self.safety.items()}
        outcome = str(self.outcome.currentData())
        items = [i.strip() for i in self.items.text().replace("，", ",").split(",") if i.strip()]
        reason = self.reason.text()
        service = self.service

        def work(_s: TaskState) -> str:
            return service.record_check(unit.rental_unit_id, outcome, safety=safety, items=items, reason=reason,
                                        **values)

        self.runner.run(work, self._saved, title=self.tr("Saving…"))

    def _saved(self, check_id: str) -> None:
        self.items.clear()
        self.reason.clear()
        self.load()
        self.check_saved.emit(check_id)
