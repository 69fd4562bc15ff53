"""The rental-unit editor (出租房屋): landlord, letting, safety checks, hazard, status, and the 群租 warning.

The unit and its current tenants load through the TaskRunner; validation is the pure
:func:`desktop.domain.rental.validate_rental` on every edit (occupants = the tenants registered
at the unit's rooms), so "over the limit" shows the moment the limit is typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import RentalStatus, RentalUse
from desktop.domain.problems import Problem, error, has_errors
from desktop.domain.rental import HazardLevel, LandlordType, RentalInput, SafetyItem, validate_rental
from desktop.services.rentals import RentalRecord, RentalService, SavedRental
from desktop.ui import labels
from desktop.ui.errors import problem_text, show_error
from desktop.ui.resident_form import ERROR_COLOR, WARNING_COLOR, parse_date
from desktop.ui.tasks import TaskRunner


class RentalDialog(QDialog):
    """Edit the rental unit at one address. Signals: ``loaded()``, ``saved(SavedRental)``."""

    loaded = Signal()
    saved = Signal(object)

    def __init__(self, runner: TaskRunner, rentals: RentalService, address_id: str,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rentalDialog")
        self.setWindowTitle(self.tr("Rental unit"))
        self._runner, self._rentals, self._address_id, self._today = runner, rentals, address_id, today
        self.record: RentalRecord | None = None
        self.problems: tuple[Problem, ...] = ()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setObjectName("rentalHeader")

        self.landlord_type = QComboBox()
        self.landlord_type.addItem(self.tr("Person (ID number)"), LandlordType.PERSON.value)
        self.landlord_type.addItem(self.tr("Organisation (credit code)"), LandlordType.ORG.value)
        self.landlord_name = QLineEdit()
        self.landlord_document = QLineEdit()
        self.landlord_document.setObjectName("landlordDocument")
        self.landlord_phone = QLineEdit()
        self.use = QComboBox()
        for use in RentalUse:
            self.use.addItem(labels.label(labels.RENTAL_USES, use.value), use.value)
        self.area_m2, self.rooms_let, self.occupancy_limit, self.rent = (QLineEdit() for _ in range(4))
        self.occupancy_limit.setObjectName("occupancyLimit")
        self.occupants = QLabel("0")
        self.occupants.setObjectName("occupants")
        self.lease_start, self.lease_end, self.pledge_signed_date = (QLineEdit() for _ in range(3))
        for edit in (self.lease_start, self.lease_end, self.pledge_signed_date):
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.status = QComboBox()
        for status in RentalStatus:
            self.status.addItem(labels.label(labels.RENTAL_STATUSES, status.value), status.value)
        self.hazard = QComboBox()
        self.hazard.addItem(self.tr("Not assessed"), "")
        for level, text in ((HazardLevel.NONE, self.tr("No hazard")), (HazardLevel.GENERAL, self.tr("General hazard")),
                            (HazardLevel.SERIOUS, self.tr("Serious hazard"))):
            self.hazard.addItem(text, level.value)
        self.safety: dict[SafetyItem, QCheckBox] = {
            SafetyItem.FIRE_EXIT: QCheckBox(self.tr("Fire exit / escape route clear")),
            SafetyItem.EXTINGUISHER: QCheckBox(self.tr("Fire extinguishers present")),
            SafetyItem.SMOKE_DETECTOR: QCheckBox(self.tr("Smoke detectors installed")),
            SafetyItem.EBIKE_INDOOR_CHARGING: QCheckBox(self.tr("E-bikes charged indoors")),
            SafetyItem.THREE_IN_ONE: QCheckBox(self.tr("Living, production and storage in one space (三合一)")),
        }
        self.over_limit = QLabel()
        self.over_limit.setObjectName("overLimitWarning")
        self.over_limit.setWordWrap(True)
        self.over_limit.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.over_limit.setVisible(False)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("rentalProblems")
        self.problem_label.setWordWrap(True)
        self.tenants = QListWidget()
        self.tenants.setObjectName("tenantList")
        self.tenants.setMaximumHeight(120)

        landlord = QFormLayout()
        landlord.addRow(self.tr("Landlord type"), self.landlord_type)
        landlord.addRow(self.tr("Landlord name"), self.landlord_name)
        landlord.addRow(self.tr("ID number / credit code"), self.landlord_document)
        landlord.addRow(self.tr("Landlord phone"), self.landlord_phone)
        letting = QFormLayout()
        letting.addRow(self.tr("Use"), self.use)
        letting.addRow(self.tr("Area (m²)"), self.area_m2)
        letting.addRow(self.tr("Rooms let"), self.rooms_let)
        letting.addRow(self.tr("Occupancy limit"), self.occupancy_limit)
        letting.addRow(self.tr("People living here"), self.occupants)
        letting.addRow(self.tr("Lease start"), self.lease_start)
        letting.addRow(self.tr("Lease end"), self.lease_end)
        letting.addRow(self.tr("Monthly rent (yuan)"), self.rent)
        letting.addRow(self.tr("Status"), self.status)
        safety_box = QGroupBox(self.tr("Safety checks"))
        safety = QVBoxLayout(safety_box)
        for box in self.safety.values():
            safety.addWidget(box)
        form = QFormLayout()
        form.addRow(self.tr("Security pledge (治安责任书) signed"), self.pledge_signed_date)
        form.addRow(self.tr("Hazard level"), self.hazard)
        safety.addLayout(form)
        left = QVBoxLayout()
        left.addLayout(landlord)
        left.addWidget(safety_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        right = QVBoxLayout()
        right.addLayout(letting)
        right.addWidget(QLabel(self.tr("Tenants (registered at its rooms)")))
        right.addWidget(self.tenants)
        columns.addLayout(right, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.over_limit)
        layout.addLayout(columns)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        for edit in (self.landlord_name, self.landlord_document, self.landlord_phone, self.area_m2, self.rooms_let,
                     self.occupancy_limit, self.rent, self.lease_start, self.lease_end, self.pledge_signed_date):
            edit.textChanged.connect(lambda _t: self.validate_now())
        for combo in (self.landlord_type, self.use, self.status, self.hazard):
            combo.currentIndexChanged.connect(lambda _i: self.validate_now())
        for box in self.safety.values():
            box.toggled.connect(lambda _c: self.validate_now())
        self.resize(980, 620)
        self.save_button.setEnabled(False)
        runner.run(lambda _s: rentals.load(address_id), self._loaded, title=self.tr("Loading…"))

    # -- loading and reading ---------------------------------------------------------------------

    def _loaded(self, record: RentalRecord) -> None:
        self.record = record
        inp = record.input
        self.header.setText(self.tr("Rental unit at %1").replace("%1", record.address_text))
        self.landlord_type.setCurrentIndex(self.landlord_type.findData(inp.landlord_type.value))
        self.landlord_name.setText(inp.landlord_name)
        self.landlord_document.setText(inp.landlord_uscc if inp.landlord_type is LandlordType.ORG
                                       else inp.landlord_id_number)
        self.landlord_phone.setText(inp.landlord_phone)
        self.use.setCurrentIndex(self.use.findData(inp.use.value))
        for edit, value in ((self.area_m2, inp.area_m2), (self.rooms_let, inp.rooms_let),
                            (self.occupancy_limit, inp.occupancy_limit), (self.rent, inp.rent)):
            edit.setText("" if value is None else f"{value:g}")
        for edit, day in ((self.lease_start, inp.lease_start), (self.lease_end, inp.lease_end),
                          (self.pledge_signed_date, inp.pledge_signed_date)):
            edit.setText(day.isoformat() if day else "")
        self.status.setCurrentIndex(self.status.findData(inp.status.value))
        self.hazard.setCurrentIndex(self.hazard.findData(inp.hazard_level.value if inp.hazard_level else ""))
        for item, box in self.safety.items():
            box.setChecked(bool(inp.safety.get(item, False)))
        self.occupants.setText(str(record.occupants))
        self.tenants.clear()
        for tenant in record.tenants:
            self.tenants.addItem(f"{tenant.name}  {tenant.address_text}")
        self.validate_now()
        self.loaded.emit()

    def _read(self) -> tuple[RentalInput, list[Problem]]:
        ui: list[Problem] = []

        def number(edit: QLineEdit, name: str, kind: type) -> Any:
            text = edit.text().strip()
            if not text:
                return None
            try:
                return kind(text)
            except ValueError:
                ui.append(error(name, "ui.number_invalid", value=text))
                return None

        def day(edit: QLineEdit, name: str) -> date | None:
            try:
                return parse_date(edit.text())
            except ValueError:
                ui.append(error(name, "ui.date_invalid", value=edit.text().strip()))
                return None

        org = self.landlord_type.currentData() == LandlordType.ORG.value
        hazard = self.hazard.currentData()
        inp = RentalInput(
            landlord_type=LandlordType(self.landlord_type.currentData()),
            landlord_name=self.landlord_name.text(),
            landlord_id_number="" if org else self.landlord_document.text(),
            landlord_uscc=self.landlord_document.text() if org else "",
            landlord_phone=self.landlord_phone.text(),
            use=RentalUse(self.use.currentData()),
            area_m2=number(self.area_m2, "area_m2", float),
            rooms_let=number(self.rooms_let, "rooms_let", int),
            occupancy_limit=number(self.occupancy_limit, "occupancy_limit", int),
            lease_start=day(self.lease_start, "lease_start"),
            lease_end=day(self.lease_end, "lease_end"),
            rent=number(self.rent, "rent", float),
            pledge_signed_date=day(self.pledge_signed_date, "pledge_signed_date"),
            safety={item: box.isChecked() for item, box in self.safety.items()},
            hazard_level=HazardLevel(hazard) if hazard else None,
            status=RentalStatus(self.status.currentData()),
        )
        return inp, ui

    def validate_now(self) -> tuple[Problem, ...]:
        """Validate the form (pure, on the GUI thread) and show the problems and the 群租 warning."""
        inp, ui = self._read()
        occupants = self.record.occupants if self.record is not None else 0
        _, problems = validate_rental(inp, occupants=occupants, today=self._today)
        self.problems = tuple(ui) + problems
        over = next((p for p in self.problems if p.key == "rental.over_limit"), None)
        self.over_limit.setText(self.tr("⚠ Group rental (群租): %1").replace("%1", problem_text(over)) if over else "")
        self.over_limit.setVisible(over is not None)
        others = [p for p in self.problems if p is not over]
        color = ERROR_COLOR if has_errors(others) else WARNING_COLOR
        self.problem_label.setStyleSheet(f"color: {color};")
        self.problem_label.setText("\n".join(problem_text(p) for p in others))
        self.save_button.setEnabled(self.record is not None and not has_errors(self.problems))
        return self.problems

    def over_limit_text(self) -> str:
        """The 群租 warning shown ("" when none)."""
        return self.over_limit.text() if self.over_limit.isVisible() else ""

    # -- saving ------------------------------------------------------------------------------------

    def save(self) -> None:
        """Save on the DB thread (warnings do not block)."""
        if self.record is None or has_errors(self.validate_now()):
            return
        inp, _ = self._read()
        rentals, address_id, unit_id, today = self._rentals, self._address_id, self.record.id, self._today
        self.save_button.setEnabled(False)
        self._runner.run(lambda _s: rentals.save(address_id, inp, unit_id, today=today), self._saved,
                         self._failed, title=self.tr("Saving…"))

    def _saved(self, saved: SavedRental) -> None:
        self.saved.emit(saved)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.validate_now()
        show_error(self, exc)

