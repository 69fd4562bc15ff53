"""Ask for a new child address node: its level, its name and whether it is a leaf (a room)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.domain.codes import AddressLevel
from desktop.ui import labels

_ORDER = [level.value for level in AddressLevel]


def next_level(parent_level: str | None) -> str:
    """Return the usual level below ``parent_level`` (a grid's top level is a road)."""
    if parent_level not in _ORDER:
        return AddressLevel.ROAD.value
    index = _ORDER.index(str(parent_level))
    return _ORDER[min(index + 1, len(_ORDER) - 1)]


class AddAddressDialog(QDialog):
    """Level, name and leaf flag of a new standard-address node below ``parent_text``."""

    def __init__(self, parent_text: str, parent_level: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add address"))
        self.setObjectName("addAddressDialog")
        self.level = QComboBox()
        self.level.setObjectName("level")
        for level in _ORDER:
            self.level.addItem(labels.label(labels.ADDRESS_LEVELS, level), level)
        self.level.setCurrentIndex(self.level.findData(next_level(parent_level)))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("e.g. Building 3, Unit 2, Room 101"))
        self.is_leaf = QCheckBox(self.tr("Residents live here (no further levels)"))
        self.is_leaf.setObjectName("isLeaf")
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update_ok)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Below: %1").replace("%1", parent_text)))
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.is_leaf)
        form.addRow(self.buttons)
        self._update_ok()

    def _level_changed(self) -> None:
        self.is_leaf.setChecked(self.level.currentData() == AddressLevel.ROOM.value)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))

    def values(self) -> tuple[str, str, bool]:
        """Return (level, name, is_leaf) as entered."""
        return str(self.level.currentData()), self.name.text().strip(), self.is_leaf.isChecked()
