"""The supervisor's sampling dialog (issue 5 §1): propose a size, edit it per stratum, draw with a shown seed,
assign each address to a police assistant who registered nobody there."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.verification import Frame, VerificationService
from desktop.ui.tasks import TaskRunner, TaskState


class SamplingDialog(QDialog):
    """Propose → edit → draw. Signals: ``sample_drawn(str)`` with the new sample's id."""

    sample_drawn = Signal(str)

    def __init__(self, runner: TaskRunner, service: VerificationService, area_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samplingDialog")
        self.setWindowTitle(self.tr("Draw a verification sample"))
        self.runner, self.service, self.area_id = runner, service, area_id
        self.frame: Frame | None = None
        self.sample_id: str | None = None
        self.result: Any = None

        self.margin = QDoubleSpinBox()
        self.margin.setObjectName("margin")
        self.margin.setRange(0.5, 10.0)
        self.margin.setSingleStep(0.5)
        self.margin.setValue(2.0)
        self.margin.setSuffix(" %")
        self.expected = QDoubleSpinBox()
        self.expected.setRange(50.0, 99.5)
        self.expected.setValue(95.0)
        self.expected.setSuffix(" %")
        self.deff = QDoubleSpinBox()
        self.deff.setRange(1.0, 5.0)
        self.deff.setSingleStep(0.1)
        self.deff.setValue(1.5)
        self.seed = QSpinBox()
        self.seed.setObjectName("seed")
        self.seed.setRange(1, 2_000_000_000)
        self.seed.setValue(random.SystemRandom().randrange(1, 1_000_000))
        self.verifiers = QLineEdit()
        self.verifiers.setObjectName("verifiers")
        self.verifiers.setPlaceholderText(self.tr("police assistants' user names, separated by commas"))
        self.name = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Target margin (±)"), self.margin)
        form.addRow(self.tr("Expected rate"), self.expected)
        form.addRow(self.tr("Design effect"), self.deff)
        form.addRow(self.tr("Random seed (kept with the sample)"), self.seed)
        form.addRow(self.tr("Verifiers"), self.verifiers)
        form.addRow(self.tr("Sample name"), self.name)

        self.propose_button = QPushButton(self.tr("Propose sample size"))
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.clicked.connect(self.propose)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("strataTable")
        self.table.setHorizontalHeaderLabels([self.tr("Stratum (community · housing)"), self.tr("Addresses"),
                                              self.tr("To sample")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._update_total)
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.draw_button = QPushButton(self.tr("Draw and assign"))
        self.draw_button.setObjectName("drawButton")
        self.draw_button.setEnabled(False)
        self.draw_button.clicked.connect(self.draw)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.propose_button)
        row.addStretch(1)
        row.addWidget(self.total_label)
        row.addWidget(self.draw_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _housing_label(self, housing: str) -> str:
        labels = {"rental": self.tr("Rental"), "group_rental": self.tr("Group rental"),
                  "ordinary": self.tr("Ordinary"), "dormitory": self.tr("Dormitory")}
        return labels.get(housing, housing)

    def propose(self) -> None:
        """Read the frame on the DB thread and fill the strata table with the proposed sizes."""
        service, area = self.service, self.area_id
        p, e, d = self.expected.value() / 100, self.margin.value() / 100, self.deff.value()

        def work(_s: TaskState) -> tuple[Frame, dict[str, int]]:
            frame = service.frame(area)
            return frame, service.propose(frame, p=p, margin=e, design_effect=d)

        self.runner.run(work, self._proposed, title=self.tr("Reading the sampling frame…"))

    def _proposed(self, result: tuple[Frame, dict[str, int]]) -> None:
        frame, sizes = result
        self.frame = frame
        population = frame.population
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for key in sorted(population):
            r = self.table.rowCount()
            self.table.insertRow(r)
            community, _, housing = frame.strata_names.get(key, key).partition("|")
            name = QTableWidgetItem(f"{community} · {self._housing_label(housing)}")
            name.setData(Qt.ItemDataRole.UserRole, key)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            size = QTableWidgetItem(str(population[key]))
            size.setFlags(size.flags() & ~Qt.ItemFlag.ItemIsEditable)
            take = QTableWidgetItem(str(sizes.get(key, 0)))
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, size)
            self.table.setItem(r, 2, take)
        self.table.blockSignals(False)
        self._update_total()
        self.draw_button.setEnabled(bool(population))

    def sizes(self) -> dict[str, int]:
        """The per-stratum sizes as edited (invalid cells count 0; never above the stratum)."""
        out: dict[str, int] = {}
        for r in range(self.table.rowCount()):
            key = str(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole))
            try:
                n = int(self.table.item(r, 2).text())
            except ValueError:
                n = 0
            out[key] = max(0, min(n, int(self.table.item(r, 1).text())))
        return out

    def _update_total(self, *_args: object) -> None:
        total = sum(self.sizes().values()) if self.table.rowCount() else 0
        self.total_label.setText(self.tr("Addresses to sample: %1").replace("%1", str(total)))

    def draw(self) -> None:
        """Draw the sample with the shown seed and store it with its assignments."""
        if self.frame is None:
            return
        verifiers = [v.strip() for v in self.verifiers.text().replace("，", ",").split(",") if v.strip()]
        if not verifiers:
            self.result_label.setText(self.tr("Name at least one police assistant to verify."))
            return
        service, frame, sizes, seed = self.service, self.frame, self.sizes(), self.seed.value()
        name = self.name.text().strip()
        extra = {"margin": self.margin.value() / 100, "expected_rate": self.expected.value() / 100,
                 "design_effect": self.deff.value()}

        def work(_s: TaskState) -> Any:
            return service.draw_sample(frame, sizes, seed, verifiers, name=name, area_id=self.area_id,
                                       design_extra=extra)

        self.draw_button.setEnabled(False)
        self.runner.run(work, self._drawn, title=self.tr("Drawing the sample…"))

    def _drawn(self, result: Any) -> None:
        sample_id, drawn = result
        self.sample_id, self.result = sample_id, drawn
        per: dict[str, int] = {}
        for _a, _s, verifier in drawn.assignments:
            if verifier:
                per[verifier] = per.get(verifier, 0) + 1
        text = (self.tr("Drew %1 addresses with seed %2.").replace("%1", str(len(drawn.assignments)))
                .replace("%2", str(drawn.seed)))
        text += " " + "、".join(f"{v}: {n}" for v, n in sorted(per.items()))
        if drawn.unassigned:
            text += " " + self.tr("%1 addresses have no eligible verifier (each verifier registered someone "
                                  "there).").replace("%1", str(len(drawn.unassigned)))
        self.result_label.setText(text)
        self.sample_drawn.emit(sample_id)
