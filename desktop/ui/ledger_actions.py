"""The main window's ledger actions: 导入台账 (the import wizard) and 导出台账 (export the register)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QToolBar

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.services.ledger_service import LedgerService
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.tasks import TaskRunner


class LedgerActions(QObject):
    """Adds Import ledger… / Export ledger… to a main window's toolbar and runs them."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, service: LedgerService) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.service = service
        self.wizard: ImportWizard | None = None
        self.import_action = QAction(self.tr("Import ledger…"), window)
        self.import_action.setObjectName("importLedgerAction")
        self.import_action.setToolTip(self.tr("Import a community ledger (Excel or CSV): check every row first"))
        self.import_action.triggered.connect(self.open_wizard)
        self.export_action = QAction(self.tr("Export ledger…"), window)
        self.export_action.setObjectName("exportLedgerAction")
        self.export_action.setToolTip(self.tr("Export the register of the selected area as a ledger"))
        self.export_action.triggered.connect(self.ask_export)
        toolbar = window.findChild(QToolBar, "mainToolbar")
        for action in (self.import_action, self.export_action):
            if isinstance(toolbar, QToolBar):
                toolbar.addAction(action)
            else:
                window.addAction(action)

    def open_wizard(self) -> ImportWizard:
        """Open the import wizard (non-blocking) and return it."""
        wizard = ImportWizard(self.runner, self.service, self.window)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._imported)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _imported(self, report: object) -> None:
        # the import's audit event was written in the import's own transaction (issue 7)
        for name in ("refresh_pending", "refresh_rates"):
            refresh = getattr(self.window, name, None)
            if callable(refresh):
                refresh()
        tree = getattr(self.window, "tree", None)
        if tree is not None and hasattr(tree, "load_roots"):
            tree.load_roots()

    def selected_area(self) -> str:
        """The area selected in the window's tree (its id), else the whole district."""
        tree: Any = getattr(self.window, "tree", None)
        try:
            kind, node_id, _grid, _level = tree.current_node()
        except (AttributeError, TypeError, ValueError):
            return YINZHOU_DISTRICT_CODE
        return str(node_id) if kind == "area" and node_id else YINZHOU_DISTRICT_CODE

    def ask_export(self) -> None:
        # the caption says what the file holds (issue 7: exports say what they contain and are logged)
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export ledger: full names, ID numbers, phones "
                                                                   "and addresses (logged)"), "台账导出.xlsx",
                                              self.tr("Excel workbook (*.xlsx);;CSV with BOM (*.csv)"))
        if path:
            self.export(Path(path))

    def export(self, out: Path) -> None:
        """Export the selected area's register to ``out`` (.csv: UTF-8 with BOM) on the DB worker."""
        service, area = self.service, self.selected_area()
        as_csv = out.suffix.lower() == ".csv"

        def done(n: object) -> None:
            self.window.statusBar().showMessage(
                self.tr("Exported %n person(s) to %1 (full ID numbers and phones; logged)", "", int(str(n)))
                .replace("%1", str(out)), 8000)

        def work(_state: object) -> int:
            # the export's audit event is committed before the file is in place (issue 7)
            return int(service.export(area, out, as_csv=as_csv, bom=as_csv))

        self.runner.run(work, done, title=self.tr("Exporting…"))


def install(window: Any) -> LedgerActions | None:
    """Add the ledger actions to ``window`` (a MainWindow); None when it has no store behind it."""
    registry = getattr(getattr(window, "services", None), "registry", None)
    store = getattr(registry, "store", None)
    if store is None:
        return None
    service = LedgerService(store, str(window.services.user))
    return LedgerActions(window, window.runner, service)
