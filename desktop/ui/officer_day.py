"""The grid officer's day in the main window (issue 4, items 4–8): menu, toolbar, Reminders tab, plates.

Attached to the window by :class:`OfficerDayActions` so the window itself changes by a few lines.
Every action names its shortcut in the "Officer" menu:

- Rental unit…  Ctrl+Shift+R: the rental-unit editor for the shown address (群租 warning);
- Residence permit…  Ctrl+Shift+J: the permit of the resident selected on the address page;
- Print door plates…  Ctrl+Shift+P: an A4 PDF sheet of plates for the shown building (or address);
- Open plate photo…  Ctrl+Shift+O: decode a photo of a plate and open its address;
- Reminders  Ctrl+Shift+M: the Reminders tab;
- Move out… / Move household… / Change head… (also buttons on the address page): 搬离 with a date and
  a reason, 整户迁移 to a room found by an address search, 变更户主 — ResidencyService on the DB worker.

Search before create also asks central when the window has a central endpoint (issue 4): the
search service gets a :class:`~desktop.services.search.CentralSearch` for it.

A plate code typed (or scanned by a USB scanner, which types it) into the Residents search box
opens the address it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.domain.plate import is_plate_code
from desktop.errors import PlateUnknown
from desktop.services.permits import PermitService
from desktop.services.plates import PlateInfo, PlateService, PlateTexts
from desktop.services.reminders import ReminderService
from desktop.services.rental_round import RentalRoundService
from desktop.services.rentals import RentalService
from desktop.services.residency import ResidencyService
from desktop.services.search import SearchService
from desktop.ui.errors import show_error
from desktop.ui.fixes_dialog import FixesDialog
from desktop.ui.move_dialogs import ChangeHeadDialog, MoveHouseholdDialog, MoveOutDialog
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
    rental_round: RentalRoundService

    @classmethod
    def build(cls, store: Any, user: str) -> OfficerDayServices:
        """Build them over a ``desktop.store.db.Store`` for ``user``."""
        return cls(SearchService(store), ResidencyService(store, user), RentalService(store, user),
                   PermitService(store, user), ReminderService(store), PlateService(store, user),
                   RentalRoundService(store, user))


class OfficerDayActions(QObject):
    """Adds the officer's-day menu, toolbar, Reminders tab and plate scanning to the main window.

    Signals: ``plate_opened(PlateInfo)`` after a scanned/typed/photographed plate opened its
    address; ``plates_printed(object)`` with (plates, pages, path) after a sheet was written;
    ``moved(object)`` with the service's result after a move out, household move or head change.
    """

    plate_opened = Signal(object)
    plates_printed = Signal(object)
    moved = Signal(object)  # after a move out, household move or head change was written

    def __init__(self, window: MainWindow, services: OfficerDayServices) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.rental_dialog: RentalDialog | None = None
        self.permit_dialog: PermitDialog | None = None
        self.move_dialog: MoveOutDialog | MoveHouseholdDialog | ChangeHeadDialog | None = None
        self.today: date | None = None  # tests fix the day; None = today
        if window.services.make_sync is not None and window.services.central_url \
                and services.search.central is None:
            services.search.attach_central(window.services.central_url)
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
        menu.addSeparator()
        self.move_out_action = self._action(self.tr("Move out…"), "Ctrl+Shift+L", self.open_move_out)
        self.move_household_action = self._action(self.tr("Move household…"), "Ctrl+Shift+H",
                                                  self.open_move_household)
        self.change_head_action = self._action(self.tr("Change head…"), "Ctrl+Shift+K", self.open_change_head)
        for action in (self.move_out_action, self.move_household_action, self.change_head_action):
            menu.addAction(action)
        menu.addSeparator()
        # the rental round's reject loop: 需整改/有隐患 come here and go back to the verifier when fixed
        self.fixes_action = self._action(self.tr("Rectification items…"), "Ctrl+Shift+F", self.open_fixes)
        menu.addAction(self.fixes_action)
        self.fixes_dialog: FixesDialog | None = None
        window.page.move_out_button.clicked.connect(self.open_move_out)
        window.page.move_household_button.clicked.connect(self.open_move_household)
        window.page.change_head_button.clicked.connect(self.open_change_head)
        window.residents.search.textChanged.connect(self._search_text)
        window.residents.search.returnPressed.connect(lambda: self._search_text(window.residents.search.text()))

    def open_fixes(self) -> FixesDialog:
        """Open the list of 需整改/有隐患 items waiting for this officer."""
        self.fixes_dialog = FixesDialog(self.window.runner, self.services.rental_round, self.window)
        self.fixes_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.fixes_dialog.show()
        return self.fixes_dialog

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

    # -- moves (issue 4 item 5) -------------------------------------------------------------------

    def _selected(self) -> Any:
        chosen = self.window.page.selected_member()
        if chosen is None:
            self.window.statusBar().showMessage(self.tr("Select a resident on the address page first"), 5000)
        return chosen

    def _run_move(self, work: Any, done_text: str) -> None:
        page = self.window.page.page

        def done(_result: object) -> None:
            if page is not None:  # the page shown reloads; any other address reads afresh when opened
                self.window.show_address(page.id)
            self.window.residents.refresh()
            self.window.refresh_pending()
            self.window.statusBar().showMessage(done_text, 8000)
            self.moved.emit(_result)

        self.window.runner.run(work, done, lambda exc: show_error(self.window, exc), title=self.tr("Saving…"))

    def open_move_out(self) -> MoveOutDialog | None:
        """搬离: confirm the selected resident's move out (date and reason); return the dialog."""
        chosen, page = self._selected(), self.window.page.page
        if chosen is None or page is None:
            return None
        _household, member = chosen
        dialog = MoveOutDialog(member.name, page.full_text, self.today, parent=self.window)
        residency = self.services.residency

        def accepted() -> None:
            day, reason = dialog.moved_date(), dialog.reason_text()
            self._run_move(lambda _s: residency.move_out(member.resident_id, moved_date=day, reason=reason),
                           self.tr("%1 moved out").replace("%1", member.name))

        dialog.accepted.connect(accepted)
        self.move_dialog = dialog
        dialog.open()
        return dialog

    def open_move_household(self) -> MoveHouseholdDialog | None:
        """整户迁移: choose the new room by an address search; move every living member; return the dialog."""
        chosen, page = self._selected(), self.window.page.page
        if chosen is None or page is None:
            return None
        household, _member = chosen
        if household.id is None:
            self.window.statusBar().showMessage(self.tr("This resident belongs to no household"), 5000)
            return None
        browse, residency, household_id = self.window.services.browse, self.services.residency, household.id
        label = self.window.page.household_label(household)
        dialog = MoveHouseholdDialog(self.window.runner, browse.find_addresses, label, page.id, self.today,
                                     parent=self.window)

        def accepted() -> None:
            target, day, reason = dialog.target_address_id(), dialog.moved_date(), dialog.reason_text()
            if target is None:
                return
            self._run_move(lambda _s: residency.move_household(household_id, target, moved_date=day, reason=reason),
                           self.tr("Household moved to %1").replace("%1", dialog.target_text()))

        dialog.accepted.connect(accepted)
        self.move_dialog = dialog
        dialog.open()
        return dialog

    def open_change_head(self) -> ChangeHeadDialog | None:
        """变更户主: choose the new head among the household's living members; return the dialog."""
        chosen = self._selected()
        if chosen is None:
            return None
        household, member = chosen
        if household.id is None:
            self.window.statusBar().showMessage(self.tr("This resident belongs to no household"), 5000)
            return None
        members = [(m.resident_id, m.name) for m in household.members]
        dialog = ChangeHeadDialog(members, household.head_resident_id, parent=self.window)
        if member.resident_id != household.head_resident_id:
            dialog.new_head.setCurrentIndex(max(0, dialog.new_head.findData(member.resident_id)))
        residency, household_id = self.services.residency, household.id

        def accepted() -> None:
            new_head, old_rel = dialog.new_head_id(), dialog.old_head_relationship()
            if new_head is None:
                return
            name = dialog.new_head.currentText()
            self._run_move(lambda _s: residency.change_head(household_id, new_head, old_head_relationship=old_rel),
                           self.tr("%1 is now the head of the household").replace("%1", name))

        dialog.accepted.connect(accepted)
        self.move_dialog = dialog
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
