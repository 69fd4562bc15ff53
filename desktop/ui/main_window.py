"""The main window: address tree, address page, residents list, rates dock, sync action."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from desktop.domain.rates import RateEstimate
from desktop.errors import Cancelled
from desktop.services.addresses import AddressService
from desktop.services.browse import BrowseService
from desktop.services.rates_service import local_rates
from desktop.services.registry import RegistryService
from desktop.services.survey_tasks import SurveyTaskService
from desktop.services.undo import UndoStack
from desktop.ui.address_dialog import AddAddressDialog
from desktop.ui.address_page import AddressPageWidget
from desktop.ui.address_tree import ID_ROLE, AddressTree
from desktop.ui.errors import error_text, show_error
from desktop.ui.geometry import restore_geometry, save_geometry
from desktop.ui.officer_day import OfficerDayActions, OfficerDayServices
from desktop.ui.rates_panel import RatesPanel
from desktop.ui.resident_form import ResidentDialog
from desktop.ui.residents_view import ResidentsWidget
from desktop.ui.survey_actions import SurveyActions
from desktop.ui.tasks import TaskRunner, TaskState
from desktop.ui.verification_actions import VerificationActions
from desktop.ui.verification_actions import install as install_verification

logger = logging.getLogger(__name__)


class SyncLike(Protocol):
    """What the window needs of ``desktop.services.sync_service.SyncService``."""

    def sync(self, progress: Callable[[str, int, int], None] | None = ...,
             should_cancel: Callable[[], bool] | None = ...) -> Any: ...


@dataclass
class UiServices:
    """The services the window uses; built by :func:`desktop.ui.app_window.build_main_window`.

    Attributes:
        user: the signed-in user.
        registry, browse: record use cases and read-only queries.
        rates: computes the three rates (runs on the DB thread).
        make_sync: builds the sync service (None: this build cannot sync).
        central_url: the central endpoint, shown in the status bar tooltip.
    """

    user: str
    registry: RegistryService
    browse: BrowseService
    rates: Callable[[], Mapping[str, RateEstimate]]
    make_sync: Callable[[], SyncLike] | None
    central_url: str
    addresses: AddressService | None = None  # issue 4: listing, task list, visits, undo
    survey: SurveyTaskService | None = None
    undo: UndoStack | None = None
    officer: OfficerDayServices | None = None  # issue 4 items 4-8: search, moves, rentals, permits, plates


class MainWindow(QMainWindow):
    """Doorstep's main window. Signals: ``sync_finished(object)`` with the sync report."""

    sync_finished = Signal(object)
    rates_loaded = Signal(object)

    def __init__(self, services: UiServices, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner or TaskRunner()
        self.runner.set_parent_widget(self)
        self.resident_dialog: ResidentDialog | None = None
        self.last_sync_report: Any = None
        self.setWindowTitle(self.tr("Doorstep — floating population registration"))
        self.setObjectName("mainWindow")

        self.tree = AddressTree(services.browse)
        self.page = AddressPageWidget()
        self.residents = ResidentsWidget(services.browse.resident_page)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, self.tr("Address"))
        self.tabs.addTab(self.residents, self.tr("Residents"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.residents.reveal_requested.connect(self.reveal_resident)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 1000])
        self.setCentralWidget(splitter)

        self.rates_panel = RatesPanel()
        dock = QDockWidget(self.tr("Rates"), self)
        dock.setObjectName("ratesDock")
        dock.setWidget(self.rates_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)

        self._build_actions()
        from desktop.ui.ledger_actions import install as install_ledger_actions  # issue 6: 导入/导出台账

        self.ledger_actions = install_ledger_actions(self)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.last_sync_label = QLabel(self.tr("Not synced yet"))
        self.last_sync_label.setObjectName("lastSyncLabel")
        self.last_sync_label.setToolTip(services.central_url)
        self.statusBar().addWidget(self.pending_label)
        self.statusBar().addPermanentWidget(self.last_sync_label)

        self.tree.node_selected.connect(self._node_selected)
        self.page.register_button.clicked.connect(self.open_resident_dialog)
        self.page.add_address_button.clicked.connect(self.open_add_address)
        self.tree.load_roots()
        self.survey_actions: SurveyActions | None = None
        if services.addresses is not None and services.survey is not None and services.undo is not None:
            self.survey_actions = SurveyActions(self, services.addresses, services.survey, services.undo)
        self.officer_day: OfficerDayActions | None = None
        if services.officer is not None:
            self.officer_day = OfficerDayActions(self, services.officer)
        # issue 5: the Verification menu (sample, verify, rental round, dashboard and report)
        make_sync = services.make_sync
        self.verification: VerificationActions = install_verification(
            self, self.runner, services.registry.store, services.user,
            (lambda: make_sync().client) if make_sync is not None else None)  # type: ignore[attr-defined]
        self.refresh_pending()
        self.refresh_rates()

    def _build_actions(self) -> None:
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        self.sync_action = QAction(self.tr("Sync"), self)
        self.sync_action.setObjectName("syncAction")
        self.sync_action.setToolTip(self.tr("Send local edits to the central server and fetch updates"))
        self.sync_action.triggered.connect(self.start_sync)
        self.rates_action = QAction(self.tr("Refresh rates"), self)
        self.rates_action.triggered.connect(self.refresh_rates)
        self.register_action = QAction(self.tr("Register resident"), self)
        self.register_action.triggered.connect(self.open_resident_dialog)
        self.add_address_action = QAction(self.tr("Add address"), self)
        self.add_address_action.triggered.connect(self.open_add_address)
        for action in (self.sync_action, self.rates_action, self.register_action, self.add_address_action):
            toolbar.addAction(action)
        self._update_actions()

    def _update_actions(self) -> None:
        self.register_action.setEnabled(self.page.register_button.isEnabled())
        self.add_address_action.setEnabled(self.page.add_address_button.isEnabled())

    # -- tree and page ---------------------------------------------------------------------------

    def _node_selected(self, kind: str, node_id: str) -> None:
        if kind == "address":
            self.show_address(node_id)
        elif kind == "area":
            index = self.tree.currentIndex()
            _, _, _, level = self.tree.current_node()
            self.page.show_area(str(index.data()), level)
        else:
            self.page.show_nothing()
        self.tabs.setCurrentWidget(self.page)
        self._update_actions()

    def show_address(self, address_id: str) -> None:
        """Load and show an address page (one bounded read on the GUI thread)."""
        page = self.services.browse.address_page(address_id)
        if page is None:
            self.page.show_nothing()
        else:
            self.page.show_page(page)
        self._update_actions()

    def reveal_resident(self, record_id: str) -> None:
        """Show one resident's full ID number and phone in the list: read and audited in one
        transaction on the DB thread (issue 7), then unmasked in the model."""
        from desktop.services.privacy import reveal_resident

        store, user = self.services.registry.store, self.services.user

        def shown(_revealed: object) -> None:
            self.residents.model.reveal(record_id)
            self.statusBar().showMessage(self.tr("Full numbers shown; the reveal is in the audit log"), 5000)

        self.runner.run(lambda _s: reveal_resident(store, user, record_id), shown, progress=False)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.residents:
            self.residents.ensure_loaded()

    # -- registering -----------------------------------------------------------------------------

    def open_resident_dialog(self) -> ResidentDialog | None:
        """Open the resident dialog for the shown address (non-blocking); return it."""
        page = self.page.page
        if page is None or not self.page.register_button.isEnabled():
            return None
        officer = self.services.officer
        dialog = ResidentDialog(self.runner, self.services.registry, page.id, page.full_text,
                                self.page.household_choices(), parent=self,
                                search=officer.search if officer else None,
                                residency=officer.residency if officer else None)
        dialog.resident_saved.connect(self._resident_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resident_dialog = dialog
        dialog.open()
        return dialog

    def _resident_saved(self, _saved: object) -> None:
        page = self.page.page
        if page is not None:
            self.show_address(page.id)
        self.residents.refresh()
        self.refresh_pending()
        self.statusBar().showMessage(self.tr("Resident saved"), 5000)

    def open_add_address(self) -> AddAddressDialog | None:
        """Ask for a child address below the current grid or address (non-blocking); return the dialog."""
        kind, node_id, grid_id, level = self.tree.current_node()
        if kind == "area" and level == "grid":
            parent_id, parent_text, parent_level = None, str(self.tree.currentIndex().data()), None
        elif kind == "address" and self.page.page is not None and not self.page.page.is_leaf:
            parent_id, parent_text, parent_level = node_id, self.page.page.full_text, level
        else:
            return None
        dialog = AddAddressDialog(parent_text, parent_level, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        registry, tree_node = self.services.registry, node_id

        def accepted() -> None:
            new_level, name, is_leaf = dialog.values()

            def work(_state: TaskState) -> str:
                return registry.create_address(grid_id, parent_id, new_level, name, is_leaf=is_leaf)

            self.runner.run(work, lambda new_id: self._address_added(tree_node, str(new_id)),
                            title=self.tr("Saving…"))

        dialog.accepted.connect(accepted)
        self.add_address_dialog = dialog
        dialog.open()
        return dialog

    def _address_added(self, parent_node: str, new_id: str) -> None:
        self.tree.reload_children(parent_node)
        self.tree.select_node(new_id)
        self.refresh_pending()

    # -- status, rates, sync ---------------------------------------------------------------------

    def refresh_pending(self) -> None:
        """Count the unsent edits on the DB thread and show them in the status bar."""
        browse = self.services.browse
        self.runner.run(lambda _s: browse.pending_count(), self._show_pending, progress=False)

    def _show_pending(self, count: object) -> None:
        self.pending_label.setText(self.tr("Waiting to sync: %n record(s)", "", int(str(count))))

    def refresh_rates(self) -> None:
        """Compute the three rates on the DB thread and show them."""
        rates = self.services.rates
        self.runner.run(lambda _s: rates(), self._show_rates, progress=False)

    def _show_rates(self, rates: object) -> None:
        self.rates_panel.show_rates(rates if isinstance(rates, Mapping) else {})
        self.rates_loaded.emit(rates)

    def _stage_text(self, stage: str) -> str:
        known = {"handshake": self.tr("Connecting to the central server…"),
                 "push": self.tr("Sending local edits…"),
                 "pull": self.tr("Fetching updates…")}
        return known.get(stage, stage)

    def start_sync(self, automatic: bool = False) -> None:
        """Run a sync on the DB thread with a progress dialog and Cancel; show its result.

        ``automatic`` marks a retry scheduled by the sync panel: its failure is shown in the panel and
        the status bar only, never as a modal box (offline is the normal case; boxes would pile up).
        """
        self._sync_automatic = automatic
        make_sync = self.services.make_sync
        if make_sync is None:
            self.statusBar().showMessage(self.tr("Sync is not available in this build"), 8000)
            return
        stage_texts = {s: self._stage_text(s) for s in ("handshake", "push", "pull")}

        def work(state: TaskState) -> Any:
            def progress(stage: str, done: int, total: int) -> None:
                state.set_status(stage_texts.get(stage, stage))
                state.set_progress(done, total)

            return make_sync().sync(progress=progress, should_cancel=state.is_cancelled)

        self.sync_action.setEnabled(False)
        task = self.runner.run(work, self._sync_done, self._sync_failed, title=self.tr("Syncing…"))
        if getattr(self, "sync_panel", None) is not None:  # issue 3: the sync dock shows the steps
            self.sync_panel.sync_started(task)

    def _sync_done(self, report: Any) -> None:
        self.sync_action.setEnabled(True)
        self.last_sync_report = report
        counts = {name: getattr(report, name, 0) for name in
                  ("pushed", "applied", "duplicate", "conflict", "rejected", "pulled")}
        text = (self.tr("Last sync %1: sent %2 (applied %3, duplicate %4, conflict %5, rejected %6), "
                        "received %7")
                .replace("%1", datetime.now().strftime("%H:%M"))
                .replace("%2", str(counts["pushed"])).replace("%3", str(counts["applied"]))
                .replace("%4", str(counts["duplicate"])).replace("%5", str(counts["conflict"]))
                .replace("%6", str(counts["rejected"])).replace("%7", str(counts["pulled"])))
        self.last_sync_label.setText(text)
        self.refresh_pending()
        self.refresh_rates()
        shown = self.page.page.id if self.page.page is not None else None  # before the tree reload changes it
        if getattr(report, "pulled", 0):  # received rows: the tree was built before they existed
            self.reload_tree()
        if shown is not None:  # the page the user had open (maybe from the task list, not the tree) stays
            self.show_address(shown)
        self.residents.refresh()
        self.sync_finished.emit(report)

    def reload_tree(self) -> None:
        """Reload the address tree from the store (after a sync received rows), keeping the expanded
        nodes and the selection that still exist."""
        _kind, node_id, _grid, _level = self.tree.current_node()
        model = self.tree.tree_model
        expanded: list[str] = []
        todo = [QModelIndex()]
        while todo:  # parents before children, so re-expanding loads each level in turn
            parent = todo.pop(0)
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    expanded.append(str(index.data(ID_ROLE)))
                    todo.append(index)
        self.tree.load_roots()
        for expanded_id in expanded:
            index = self.tree.index_of(expanded_id)
            if index.isValid():
                self.tree.expand(index)
        if node_id:
            self.tree.select_node(node_id)

    def _sync_failed(self, exc: BaseException) -> None:
        self.sync_action.setEnabled(True)
        self.refresh_pending()
        if isinstance(exc, Cancelled):
            self.last_sync_label.setText(self.tr("Sync cancelled; nothing queued was lost"))
        else:
            self.last_sync_label.setText(self.tr("Sync failed: %1").replace("%1", error_text(exc)))
            if not getattr(self, "_sync_automatic", False):
                show_error(self, exc)
        self.sync_finished.emit(exc)

    def restore_layout(self) -> bool:
        """Restore the size, position, docks and toolbars saved when the window last closed."""
        return restore_geometry(self, self.objectName())

    def closeEvent(self, event: QCloseEvent) -> None:
        save_geometry(self, self.objectName())
        self.runner.shutdown(wait=True)
        super().closeEvent(event)


def build_main_window(
    store: Any, user: str, central_url: str, runner: TaskRunner | None = None
) -> MainWindow:
    """Build the main window over ``store`` (a ``desktop.store.db.Store``) for ``user``.

    ``central_url`` is the central endpoint the Sync action talks to.

    Call after :func:`desktop.ui.i18n.install_translators` (widgets take their texts when built).
    The caller shows the window; closing it shuts its task runner down.
    """


    def make_sync() -> SyncLike:
        # imported per sync: the sync layer loads only when the officer syncs
        from desktop.services.sync_service import SyncService

        return SyncService(store, central_url)

    undo = UndoStack(store, user)
    services = UiServices(
        user=user,
        registry=RegistryService(store, user),
        browse=BrowseService(store),
        rates=lambda: local_rates(store),
        make_sync=make_sync,
        central_url=central_url,
        addresses=AddressService(store, user, undo),
        survey=SurveyTaskService(store, user, undo),
        undo=undo,
        officer=OfficerDayServices.build(store, user),
    )
    window = MainWindow(services, runner)
    from desktop.ui.settings_menu import SettingsMenu
    from desktop.ui.sync_panel import attach_sync_panel

    attach_sync_panel(window, make_sync)  # type: ignore[arg-type]
    window.settings_menu = SettingsMenu(window)  # type: ignore[attr-defined]
    from desktop.ui.privacy_menu import install as install_privacy_menu

    install_privacy_menu(window, store, user)  # issue 7: Security menu, menus by role
    window.restore_layout()
    return window
