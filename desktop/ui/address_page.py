"""The address page: the address's full text, its rental unit(s) and its households with residents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services.browse import AddressPage, HouseholdView, Member, RentalUnitSummary
from desktop.ui import labels


class AddressPageWidget(QWidget):
    """Shows one :class:`AddressPage` (or an area, or nothing); owns the page's action buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addressPage")
        self.page: AddressPage | None = None
        self.title = QLabel()
        self.title.setObjectName("addressTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.rental = QLabel()
        self.rental.setObjectName("rentalSummary")
        self.rental.setWordWrap(True)
        self.register_button = QPushButton(self.tr("Register resident"))
        self.register_button.setObjectName("registerButton")
        self.add_address_button = QPushButton(self.tr("Add address"))
        self.add_address_button.setObjectName("addAddressButton")
        # issue 4 item 5: 搬离, 整户迁移, 变更户主 of the selected member (wired by officer_day)
        self.move_out_button = QPushButton(self.tr("Move out…"))
        self.move_out_button.setObjectName("moveOutButton")
        self.move_household_button = QPushButton(self.tr("Move household…"))
        self.move_household_button.setObjectName("moveHouseholdButton")
        self.change_head_button = QPushButton(self.tr("Change head…"))
        self.change_head_button.setObjectName("changeHeadButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.add_address_button)
        for button in (self.move_out_button, self.move_household_button, self.change_head_button):
            buttons.addWidget(button)
            button.setEnabled(False)
        buttons.addStretch(1)

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("membersTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Household"), self.tr("Name"), self.tr("Relationship"), self.tr("Sex"),
            self.tr("Birth date"), self.tr("ID number"), self.tr("Phone"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.rental)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.show_nothing()

    def show_nothing(self) -> None:
        """Show the hint to pick something in the tree."""
        self.page = None
        self.title.setText(self.tr("Select an address in the tree"))
        self.subtitle.clear()
        self.rental.clear()
        self.table.setRowCount(0)
        self.register_button.setEnabled(False)
        self.add_address_button.setEnabled(False)
        self._update_move_buttons()

    def show_area(self, name: str, level: str) -> None:
        """Show an area node: addresses can be added below a grid only."""
        self.show_nothing()
        self.title.setText(name)
        self.subtitle.setText(labels.label(labels.AREA_LEVELS, level))
        self.add_address_button.setEnabled(level == "grid")

    def show_page(self, page: AddressPage) -> None:
        """Show an address page."""
        self.page = page
        self.title.setText(page.full_text)
        self.subtitle.setText(self.tr("%1 · %2 residents living here")
                              .replace("%1", labels.label(labels.ADDRESS_LEVELS, page.level))
                              .replace("%2", str(page.resident_count)))
        self.rental.setText(self._rental_text(page.rental_units))
        self.register_button.setEnabled(page.is_leaf or page.level == "room")
        self.register_button.setToolTip("" if self.register_button.isEnabled()
                                        else self.tr("Residents are registered at a room-level address."))
        self.add_address_button.setEnabled(not page.is_leaf)
        self._fill_table(page.households)
        self._update_move_buttons()

    def _rental_text(self, units: tuple[RentalUnitSummary, ...]) -> str:
        if not units:
            return self.tr("Rental unit: none registered")
        parts = []
        for unit in units:
            status = labels.label(labels.RENTAL_STATUSES, unit.status)
            use = labels.label(labels.RENTAL_USES, unit.use)
            text = self.tr("Rental unit: %1, %2").replace("%1", status).replace("%2", use)
            if unit.landlord_name:
                text += self.tr("; landlord %1").replace("%1", unit.landlord_name)
            if unit.landlord_phone:
                text += f" {mask_phone(unit.landlord_phone)}"  # lists are masked (issue 7)
            if unit.occupancy_limit:
                text += self.tr("; limit %1 people").replace("%1", str(unit.occupancy_limit))
            parts.append(text)
        return "\n".join(parts)

    def _fill_table(self, households: tuple[HouseholdView, ...]) -> None:
        rows = [(h, m) for h in households for m in h.members]
        self.table.setRowCount(len(rows))
        numbers = {h.id: i + 1 for i, h in enumerate(households)}
        for row, (household, member) in enumerate(rows):
            label = (self.tr("Household %1").replace("%1", str(numbers[household.id]))
                     if household.id is not None else self.tr("No household"))
            values = [label, member.name, labels.relationship_label(member.relationship),
                      labels.sex_label(member.sex), member.birth_date or "", mask_id_number(member.id_number),
                      mask_phone(member.phone)]  # lists are masked (issue 7; docs/security.md)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _update_move_buttons(self) -> None:
        has_members = self.page is not None and any(h.members for h in self.page.households)
        self.move_out_button.setEnabled(has_members)
        self.move_household_button.setEnabled(has_members)
        self.change_head_button.setEnabled(has_members)

    def selected_member(self) -> tuple[HouseholdView, Member] | None:
        """The (household, member) of the selected table row (the first row when none is selected)."""
        if self.page is None:
            return None
        rows = [(h, m) for h in self.page.households for m in h.members]
        if not rows:
            return None
        row = self.table.currentRow()
        return rows[row if 0 <= row < len(rows) else 0]

    def household_label(self, household: HouseholdView) -> str:
        """"Household N (head: name)" as the table and the resident dialog show it."""
        return dict(self.household_choices()).get(household.id or "", self.tr("No household"))

    def member_names(self) -> list[str]:
        """Return the names listed in the table (for tests and accessibility checks)."""
        return [self.table.item(r, 1).text() for r in range(self.table.rowCount())]

    def household_choices(self) -> list[tuple[str, str]]:
        """Return (household id, label) of the page's households, for the resident dialog."""
        if self.page is None:
            return []
        out = []
        for i, household in enumerate(self.page.households):
            if household.id is None:
                continue
            head = next((m.name for m in household.members
                         if m.resident_id == household.head_resident_id), "")
            out.append((household.id, self.tr("Household %1 (head: %2)").replace("%1", str(i + 1))
                        .replace("%2", head or "—")))
        return out
