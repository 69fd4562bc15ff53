"""List a whole building at once: name, floors × rooms per floor, units, and an editable preview.

The preview shows one unit at a time (top floor first, as the stair is drawn on a plate board);
every cell is a room name the officer may overwrite or clear (a cleared cell lists no room).
Changing a count regenerates the names; edits are kept per unit until then. Keyboard: Tab through
the fields, arrows/F2 in the preview, Alt+U to pick a unit, Ctrl+Enter creates.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.address import normalize_address_part
from desktop.domain.layout import (
    MAX_BASEMENTS,
    MAX_FLOORS,
    MAX_ROOMS_PER_FLOOR,
    MAX_UNITS,
    BuildingPlan,
    FloorPlan,
    UnitPlan,
    check_counts,
    check_plan,
    plan_building,
)
from desktop.ui.errors import problems_text


class BuildingDialog(QDialog):
    """Ask for a building below ``parent_text``; :meth:`values` returns (name, plan)."""

    def __init__(self, parent_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buildingDialog")
        self.setWindowTitle(self.tr("New building"))
        self._units: list[list[list[str]]] = []  # unit → floor (top first) → room names
        self._floors: list[int] = []
        self._unit_names: list[str] = []
        self._shown_unit = -1

        self.name = QLineEdit()
        self.name.setObjectName("buildingName")
        self.name.setPlaceholderText(self.tr("e.g. 3幢"))
        self.floors = self._spin("floors", 1, MAX_FLOORS, 6)
        self.rooms = self._spin("roomsPerFloor", 1, MAX_ROOMS_PER_FLOOR, 4)
        self.units = self._spin("units", 0, MAX_UNITS, 0)
        self.units.setSpecialValueText(self.tr("no units"))
        self.basements = self._spin("basements", 0, MAX_BASEMENTS, 0)
        self.continuous = QCheckBox(self.tr("Number rooms continuously across units (1单元 101–102, 2单元 103–104)"))
        self.continuous.setObjectName("continuous")
        self.floor_nodes = QCheckBox(self.tr("List floors as their own level (…1单元3层301室)"))
        self.floor_nodes.setObjectName("floorNodes")

        form = QFormLayout()
        form.addRow(QLabel(self.tr("Below: %1").replace("%1", parent_text)))
        form.addRow(self.tr("&Building name"), self.name)
        form.addRow(self.tr("&Floors above ground"), self.floors)
        form.addRow(self.tr("&Rooms per floor"), self.rooms)
        form.addRow(self.tr("U&nits"), self.units)
        form.addRow(self.tr("Base&ment floors with rooms"), self.basements)
        form.addRow("", self.continuous)
        form.addRow("", self.floor_nodes)

        self.unit_picker = QComboBox()
        self.unit_picker.setObjectName("unitPicker")
        unit_label = QLabel(self.tr("Preview of &unit:"))
        unit_label.setBuddy(self.unit_picker)
        self.unit_picker.currentIndexChanged.connect(self._show_unit)
        self.summary = QLabel()
        self.summary.setObjectName("buildingSummary")
        preview_bar = QHBoxLayout()
        preview_bar.addWidget(unit_label)
        preview_bar.addWidget(self.unit_picker)
        preview_bar.addStretch(1)
        preview_bar.addWidget(self.summary)

        self.preview = QTableWidget()
        self.preview.setObjectName("roomPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview.setToolTip(self.tr("Type to rename a room; clear a cell to leave that room out"))
        self.preview.itemChanged.connect(self._cell_edited)
        self.problems = QLabel()
        self.problems.setObjectName("buildingProblems")
        self.problems.setStyleSheet("color: #b3261e")
        self.problems.setWordWrap(True)

        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.create_button = self.buttons.button(ok)
        self.create_button.setText(self.tr("Create (Ctrl+Enter)"))
        self.buttons.button(cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self).activated.connect(self._accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(preview_bar)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        for widget in (self.floors, self.rooms, self.units, self.basements):
            widget.valueChanged.connect(self.regenerate)
        self.continuous.toggled.connect(self.regenerate)
        self.name.textChanged.connect(self._validate)
        self.resize(720, 640)
        self.regenerate()

    def _spin(self, name: str, lo: int, hi: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(lo, hi)
        spin.setValue(value)
        return spin

    # -- the plan --------------------------------------------------------------------------------

    def regenerate(self) -> None:
        """Regenerate every unit's room names from the counts (discards edits)."""
        problems = check_counts(self.floors.value(), self.rooms.value(), self.units.value(),
                                self.basements.value(), continuous=self.continuous.isChecked())
        if problems:
            self._units, self._floors, self._unit_names = [], [], []
        else:
            plan = plan_building(self.floors.value(), self.rooms.value(), units=self.units.value(),
                                 basements=self.basements.value(), continuous=self.continuous.isChecked())
            self._floors = [f.floor for f in plan.units[0].floors]
            self._unit_names = [u.name for u in plan.units]
            self._units = [[list(f.rooms) for f in u.floors] for u in plan.units]
        self.unit_picker.blockSignals(True)
        self.unit_picker.clear()
        for i, name in enumerate(self._unit_names):
            self.unit_picker.addItem(name or self.tr("(no units)"), i)
        self.unit_picker.setEnabled(len(self._unit_names) > 1)
        self.unit_picker.blockSignals(False)
        self._shown_unit = -1
        self._show_unit(0)
        self._validate(extra=problems)

    def _show_unit(self, index: int) -> None:
        self._shown_unit = index
        self.preview.blockSignals(True)
        self.preview.clear()
        rooms = self._units[index] if 0 <= index < len(self._units) else []
        columns = max((len(f) for f in rooms), default=0)
        self.preview.setRowCount(len(rooms))
        self.preview.setColumnCount(columns)
        self.preview.setHorizontalHeaderLabels([str(k + 1) for k in range(columns)])
        self.preview.setVerticalHeaderLabels([self._floor_label(f) for f in self._floors[:len(rooms)]])
        for r, floor in enumerate(rooms):
            for c, name in enumerate(floor):
                self.preview.setItem(r, c, QTableWidgetItem(name))
        self.preview.blockSignals(False)
        if rooms:
            self.preview.setCurrentCell(0, 0)

    def _floor_label(self, floor: int) -> str:
        return self.tr("Floor %1").replace("%1", str(floor) if floor > 0 else f"B{-floor}")

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if 0 <= self._shown_unit < len(self._units):
            self._units[self._shown_unit][item.row()][item.column()] = item.text()
        self._validate()

    def plan(self) -> BuildingPlan:
        """The plan as shown and edited (names normalised; empty cells dropped)."""
        units = []
        for name, floors in zip(self._unit_names, self._units, strict=True):
            units.append(UnitPlan(name, tuple(
                FloorPlan(number, tuple(n for n in (normalize_address_part(r) for r in rooms) if n))
                for number, rooms in zip(self._floors, floors, strict=True))))
        return BuildingPlan(tuple(units), self.floor_nodes.isChecked())

    def values(self) -> tuple[str, BuildingPlan]:
        """Return (building name, plan)."""
        return normalize_address_part(self.name.text()), self.plan()

    def _validate(self, *_args: object, extra: tuple = ()) -> bool:
        plan = self.plan()
        problems = tuple(extra) + check_plan(plan)
        rooms = plan.room_count
        units = max(len([u for u in plan.units if u.name]), 0)
        self.summary.setText(self.tr("%1 rooms, %2 units").replace("%1", str(rooms)).replace("%2", str(units)))
        self.problems.setText(problems_text(problems))
        ok = not problems and bool(normalize_address_part(self.name.text()))
        self.create_button.setEnabled(ok)
        return ok

    def _accept(self) -> None:
        if self._validate():
            self.accept()
