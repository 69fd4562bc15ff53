"""The grid officer's day in the main window (issue 4, items 4–8): menu, toolbar, Reminders tab, plates.

Attached to the window by :class:`OfficerDayActions` so the window itself changes by a few lines.
Every action names its shortcut in the "Officer" menu:

- Rental unit…  Ctrl+Shift+R: the rental-unit editor for the shown address (群租 warning);
- Residence permit…  Ctrl+Shift+J: the permit of the resident selected on the address page;
- Print door plates…  Ctrl+Shift+P: an A4 PDF sheet of plates for the shown building (or address);
- Open plate photo…  Ctrl+Shift+O: decode a photo of a plate and open its address;
- Reminders  Ctrl+Shift+M: the Reminders tab.

A plate code typed (or scanned by a USB scanner, which types it) into the Residents search box
opens the address it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.domain.plate import is_plate_code
from desktop.errors import PlateUnknown
from desktop.services.permits import PermitService
from desktop.services.plates import PlateInfo, PlateService, PlateTexts
from desktop.services.reminders import ReminderService
from desktop.services.rentals import RentalService
from desktop.services.residency import ResidencyService
from desktop.services.search import SearchService
from desktop.ui.errors import show_error
from desktop.ui.permit_dialog import PermitDialog
from desktop.ui.reminders_view import RemindersWidget
from desktop.ui.rental_dialog import RentalDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


@dataclass(frozen=True)
class OfficerDayServices:
    """The services behind items 4–8 (all run on the DB thread through the TaskRunner)."""

    search: SearchService
    residency: ResidencyService
    rentals: RentalService
    permits: PermitService
    reminders: ReminderService
    plates: PlateService

    @classmethod
    def build(cls, store: Any, user: str) -> OfficerDayServices:
        """Build them over a ``desktop.store.db.Store`` for ``user``."""
        return cls(SearchService(store), ResidencyService(store, user), RentalService(store, user),
                   PermitService(store, user), ReminderService(store), PlateService(store, user))


class OfficerDayActions(QObject):
    """Adds the officer's-day menu, toolbar, Reminders tab and plate scanning to the main window.

    Signals: ``plate_opened(PlateInfo)`` after a scanned/typed/photographed plate opened its
    address; ``plates_printed(object)`` with (plates, pages, path) after a sheet was written.
    """

    plate_opened = Signal(object)
    plates_printed = Signal(object)

    def __init__(self, window: MainWindow, services: OfficerDayServices) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.rental_dialog: RentalDialog | None = None
        self.permit_dialog: PermitDialog | None = None
        self.reminders = RemindersWidget(window.runner, services.reminders)
        window.tabs.addTab(self.reminders, self.tr("Reminders"))
        window.tabs.currentChanged.connect(self._tab_changed)
        self.reminders.address_requested.connect(self.open_address)

        menu = window.menuBar().addMenu(self.tr("&Officer"))
        toolbar = window.addToolBar(self.tr("Officer"))
        toolbar.setObjectName("officerToolbar")
        self.rental_action = self._action(self.tr("Rental unit…"), "Ctrl+Shift+R", self.open_rental_dialog)
        self.permit_action = self._action(self.tr("Residence permit…"), "Ctrl+Shift+J", self.open_permit_dialog)
        self.print_action = self._action(self.tr("Print door plates…"), "Ctrl+Shift+P", self.print_plates)
        self.photo_action = self._action(self.tr("Open plate photo…"), "Ctrl+Shift+O", self.open_plate_photo)
        self.reminders_action = self._action(self.tr("Reminders"), "Ctrl+Shift+M",
                                             lambda: window.tabs.setCurrentWidget(self.reminders))
        for action in (self.rental_action, self.permit_action, self.print_action, self.photo_action,
                       self.reminders_action):
            menu.addAction(action)
            toolbar.addAction(action)
        window.residents.search.textChanged.connect(self._search_text)
        window.residents.search.returnPressed.connect(lambda: self._search_text(window.residents.search.text()))

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.rstrip('…')} ({native})")
        action.triggered.connect(slot)
        return action

    def _tab_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.reminders:
            self.reminders.ensure_loaded()

    # -- dialogs ---------------------------------------------------------------------------------

    def open_rental_dialog(self) -> RentalDialog | None:
        """Open the rental-unit editor for the shown address (non-blocking); return it."""
        page = self.window.page.page
        if page is None:
            return None
        dialog = RentalDialog(self.window.runner, self.services.rentals, page.id, parent=self.window)
        dialog.saved.connect(lambda _s: self.window.show_address(page.id))
        self.rental_dialog = dialog
        dialog.open()
        return dialog

    def selected_resident(self) -> str | None:
        """The resident selected in the address page's table (the first member when none is)."""
        page = self.window.page.page
        if page is None:
            return None
        members = [m for h in page.households for m in h.members]
        row = self.window.page.table.currentRow()
        if not members:
            return None
        return members[row if 0 <= row < len(members) else 0].resident_id

    def open_permit_dialog(self) -> PermitDialog | None:
        """Open the residence-permit dialog for the selected resident (non-blocking); return it."""
        resident_id = self.selected_resident()
        if resident_id is None:
            self.window.statusBar().showMessage(self.tr("Select a resident on the address page first"), 5000)
            return None
        dialog = PermitDialog(self.window.runner, self.services.permits, resident_id, parent=self.window)
        self.permit_dialog = dialog
        dialog.open()
        return dialog

    # -- plates ----------------------------------------------------------------------------------

    def plate_texts(self) -> PlateTexts:
        """The words printed on plates, translated."""
        return PlateTexts(title=self.tr("Yinzhou District door plate"), grid=self.tr("Grid"),
                          rental=self.tr("Rental unit"), code=self.tr("Plate code"))

    def print_plates(self, path: Path | None = None) -> None:
        """Write an A4 PDF of plates for the shown building (every room below it) or address."""
        page = self.window.page.page
        if page is None:
            self.window.statusBar().showMessage(self.tr("Select a building or an address first"), 5000)
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save door plates"), "door_plates.pdf",
                                                  self.tr("PDF (*.pdf)"))
            if not name:
                return
            path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        plates, texts, address_id, target = self.services.plates, self.plate_texts(), page.id, path

        def work(_s: Any) -> tuple[int, int, Path]:
            count, pages = plates.write_building_sheet(address_id, target, texts)
            return count, pages, target

        self.window.runner.run(work, self._printed, title=self.tr("Preparing door plates…"))

    def _printed(self, result: tuple[int, int, Path]) -> None:
        count, pages, path = result
        self.window.statusBar().showMessage(
            self.tr("%1 door plates on %2 pages: %3").replace("%1", str(count)).replace("%2", str(pages))
            .replace("%3", str(path)), 10000)
        self.window.refresh_pending()
        self.plates_printed.emit(result)

    def open_plate_photo(self, path: Path | None = None) -> None:
        """Decode a photo of a plate (zxing-cpp) and open its address."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open plate photo"), "",
                                                  self.tr("Images (*.png *.jpg *.jpeg *.bmp)"))
            if not name:
                return
            path = Path(name)
        plates, target = self.services.plates, path
        self.window.runner.run(lambda _s: plates.open_photo(target), self._plate_found,
                               title=self.tr("Reading the plate…"))

    def _search_text(self, text: str) -> None:
        if not is_plate_code(text):
            return
        plates = self.services.plates

        def work(_s: Any) -> PlateInfo:
            found = plates.find(text)
            if found is None:
                raise PlateUnknown(text, {"code": text.strip()})
            return found

        self.window.runner.run(work, self._plate_found, lambda exc: show_error(self.window, exc), progress=False)

    def _plate_found(self, info: PlateInfo) -> None:
        self.open_address(info.address_id)
        self.window.statusBar().showMessage(self.tr("Door plate %1: %2").replace("%1", info.code)
                                            .replace("%2", info.address_text), 8000)
        self.plate_opened.emit(info)

    def open_address(self, address_id: str) -> None:
        """Show an address page (selecting it in the tree when it is loaded there)."""
        if not self.window.tree.select_node(address_id):
            self.window.show_address(address_id)
        self.window.tabs.setCurrentWidget(self.window.page)
