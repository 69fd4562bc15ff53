"""Issue 5 in the main window: a "Verification" menu with the sampling dialog, the verify view, the rental
round and the dashboard (opened as windows). :func:`install` is the one call ``MainWindow`` makes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from desktop.services import audit
from desktop.services.dashboard_data import DashboardData, load_dashboard, records_behind
from desktop.services.export_files import ExportAudit
from desktop.services.rates_report import build_report, export_excel, report_html
from desktop.services.rental_round import RentalRoundService
from desktop.services.verification import VerificationService
from desktop.ui.dashboard import Dashboard, RecordsDialog, ask_path, export_pdf
from desktop.ui.errors import show_error
from desktop.ui.geometry import fit_to_screen
from desktop.ui.rental_round import RentalRoundView
from desktop.ui.sampling_dialog import SamplingDialog
from desktop.ui.tasks import TaskRunner, TaskState
from desktop.ui.verify_view import VerifyView


class VerificationActions(QObject):
    """Owns the issue-5 windows of one main window."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, store: Any, user: str,
                 central: Any = None) -> None:
        super().__init__(window)
        self.window, self.runner, self.store, self.user, self.central = window, runner, store, user, central
        self.verification = VerificationService(store, user)
        self.rental = RentalRoundService(store, user)
        self.sampling_dialog: SamplingDialog | None = None
        self.verify_view: VerifyView | None = None
        self.round_view: RentalRoundView | None = None
        self.dashboard: Dashboard | None = None
        menu = window.menuBar().addMenu(self.tr("Verification"))
        menu.setObjectName("verificationMenu")
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("sample", self.tr("Draw a verification sample…"), self.open_sampling),
            ("verify", self.tr("Verify sampled addresses"), self.open_verify),
            ("rental", self.tr("Rental verification round"), self.open_rental_round),
            ("dashboard", self.tr("Dashboard and report"), self.open_dashboard),
        ):
            action = QAction(text, window)
            action.setObjectName(f"{key}Action")
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[key] = action

    def _window(self, widget: QWidget, title: str) -> QWidget:
        widget.setParent(self.window, Qt.WindowType.Window)
        widget.setWindowTitle(title)
        fit_to_screen(widget, self.window)
        widget.show()
        return widget

    def open_sampling(self) -> SamplingDialog:
        """Open the supervisor's sampling dialog."""
        dialog = SamplingDialog(self.runner, self.verification, parent=self.window)
        self.sampling_dialog = dialog
        dialog.open()
        return dialog

    def open_verify(self) -> VerifyView:
        """Open the verifier's view and load its assignments."""
        if self.verify_view is None:
            self.verify_view = VerifyView(self.runner, self.verification)
            self.verify_view.completed.connect(lambda _a: self.refresh_dashboard())
        self._window(self.verify_view, self.tr("Verification"))
        self.verify_view.load_assignments()
        return self.verify_view

    def open_rental_round(self) -> RentalRoundView:
        """Open the rental verification round."""
        if self.round_view is None:
            self.round_view = RentalRoundView(self.runner, self.rental)
        self._window(self.round_view, self.tr("Rental verification round"))
        self.round_view.load()
        return self.round_view

    def open_dashboard(self) -> Dashboard:
        """Open the dashboard and load central's figures (or this device's)."""
        if self.dashboard is None:
            self.dashboard = Dashboard()
            self.dashboard.refresh_requested.connect(self.refresh_dashboard)
            self.dashboard.drill_requested.connect(self.drill)
            self.dashboard.export_requested.connect(lambda kind: self.export(kind))
        self._window(self.dashboard, self.tr("Dashboard"))
        self.refresh_dashboard()
        return self.dashboard

    def refresh_dashboard(self) -> None:
        """Reload the dashboard's data (central first, on the DB thread)."""
        if self.dashboard is None:
            return
        store, central = self.store, self.central
        self.runner.run(lambda _s: load_dashboard(store, central=central), self._loaded, progress=False)

    def _loaded(self, data: DashboardData) -> None:
        if self.dashboard is not None:
            self.dashboard.show_data(data)

    def drill(self, kind: str, key: str) -> None:
        """Open the records behind a figure (supervisors only)."""
        store = self.store
        role = store.state("auth_role") or ""

        def done(rows: list[dict[str, Any]]) -> None:
            dialog = RecordsDialog(f"{kind}: {key}", rows, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.records_dialog = dialog
            dialog.open()

        self.runner.run(lambda _s: records_behind(store, kind, key, role), done,
                        lambda exc: show_error(self.window, exc), progress=False)

    def export(self, kind: str, path: Path | None = None) -> None:
        """Export the defending report as Excel (``xlsx``) or PDF (``pdf``) of the dashboard's figures."""
        data = self.dashboard.data if self.dashboard is not None else None
        if path is None:
            path = ask_path(self.window, kind, f"核查指标报告-{date.today():%Y%m%d}.{kind}")
            if path is None:
                return
        store = self.store
        source = "中心数据" if data is not None and data.source == "central" else "本机数据"
        figures = data.report if data is not None else None
        target = path

        user = self.user

        def work(_s: TaskState) -> Any:
            content = build_report(store, figures=figures, source=source)
            if kind == "xlsx":
                export_excel(content, target, ExportAudit(store, user, "rates", f"xlsx, {content.area}"))
                return None
            # the PDF is drawn by Qt on the GUI thread: its export event is committed first (issue 7)
            audit.log_event(store, user=user, action="export", entity="rates", detail=f"pdf, {content.area}")
            return report_html(content)

        def done(result: Any) -> None:
            if kind == "pdf":
                export_pdf(str(result), target)
            self.window.statusBar().showMessage(self.tr("Report saved: %1").replace("%1", str(target)), 8000)
            self.last_export = target

        self.runner.run(work, done, title=self.tr("Exporting…"))

    def notify(self, text: str) -> None:
        """Show an information box."""
        QMessageBox.information(self.window, self.tr("Verification"), text)


def install(window: QMainWindow, runner: TaskRunner, store: Any, user: str, central: Any = None) -> VerificationActions:
    """Add the Verification menu to ``window`` and return its controller."""
    return VerificationActions(window, runner, store, user, central)
