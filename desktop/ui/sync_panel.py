"""The sync panel (issue 3 §9): pending count, last successful sync, the current step with
progress and Cancel, the journal of batches with their receipts, the needs-attention list and the
conflicts list with a side-by-side resolution for supervisors. Sign-in lives here too.

Every database or network call runs through the window's :class:`~desktop.ui.tasks.TaskRunner`.
After a NETWORK or SERVER failure a timer syncs again by itself (backoff with jitter from
:func:`desktop.sync.retry.retry_delay`), so the queue drains when the network returns without a
new local edit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SyncError
from desktop.sync.retry import retry_delay
from desktop.ui.errors import entity_text, error_text, show_error, sync_reason_text
from desktop.ui.tasks import TaskRunner, TaskState

if TYPE_CHECKING:  # the sync service (and requests) load on the DB thread, not at start-up
    from desktop.services.sync_service import SyncService

logger = logging.getLogger(__name__)


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return (QCoreApplication.translate("SyncPanel", "deleted") if value
                else QCoreApplication.translate("SyncPanel", "kept"))
    return str(value)


class SignInDialog(QDialog):
    """User name and password for central."""

    def __init__(self, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the central server"))
        self.username = QLineEdit(user)
        self.username.setObjectName("signInUser")
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ConflictDialog(QDialog):
    """Side by side: each conflicting field, this device's value and the other one, with who,
    when and which device; the supervisor picks one per field."""

    def __init__(self, conflicts: list[dict[str, Any]], device_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.setObjectName("conflictDialog")
        first = conflicts[0]
        self.record_id = str(first["record_id"])
        self.entity = str(first["entity"])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Record %1 (%2)").replace("%1", self.record_id).replace("%2", self.entity)))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Field")), 0, 0)
        grid.addWidget(QLabel(self.tr("Sent by the other officer")), 0, 1)
        grid.addWidget(QLabel(self.tr("Kept on the server")), 0, 2)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton, Any, Any]] = {}
        row = 1
        for conflict in conflicts:
            mine = conflict["device_id"] == device_id
            when = str(conflict["client_time"] or conflict["created_at"])
            who_dev = self.tr("%1 on %2 at %3%4").replace("%1", str(conflict["user"])).replace(
                "%2", str(conflict["device_id"])[:8]).replace("%3", when
            ).replace("%4", self.tr(" (this device)") if mine else "")
            who_srv = self.tr("%1 on %2 at %3%4").replace("%1", str(conflict["server_user"])).replace(
                "%2", str(conflict["server_device_id"])[:8]).replace("%3", str(conflict["server_time"])).replace(
                "%4", self.tr(" (this device)") if conflict["server_device_id"] == device_id else "")
            for item in conflict["fields"]:
                name = str(item["field"])
                if name in self.choices:
                    continue
                group = QButtonGroup(self)
                left = QRadioButton(f"{_value_text(item['device_value'])}\n{who_dev}")
                right = QRadioButton(f"{_value_text(item['server_value'])}\n{who_srv}")
                left.setObjectName(f"choose_device_{name}")
                right.setObjectName(f"choose_server_{name}")
                right.setChecked(True)
                group.addButton(left)
                group.addButton(right)
                grid.addWidget(QLabel(name), row, 0)
                grid.addWidget(left, row, 1)
                grid.addWidget(right, row, 2)
                self.choices[name] = (left, right, item["device_value"], item["server_value"])
                row += 1
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Resolve"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[dict[str, Any], bool]:
        """Return (chosen field values, keep the delete?)."""
        values: dict[str, Any] = {}
        delete = False
        for name, (left, _right, device_value, server_value) in self.choices.items():
            value = device_value if left.isChecked() else server_value
            if name == "deleted":
                delete = bool(value)
            elif value is not None or left.isChecked():
                values[name] = value
        return values, delete


class SyncPanel(QWidget):
    """The sync dock's content. Signals: ``refreshed()`` after its lists were reloaded."""

    refreshed = Signal()

    def __init__(self, runner: TaskRunner, make_service: Callable[[], SyncService],
                 start_sync: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.runner = runner
        self.make_service = make_service
        self.start_sync = start_sync
        self.task: TaskState | None = None
        self.failures = 0
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._auto_retry)
        self.device_id = ""
        self.role = ""

        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.last_ok = QLabel(self.tr("Never synced"))
        self.last_ok.setObjectName("syncLastOk")
        self.user = QLabel()
        self.user.setObjectName("syncUser")
        self.step = QLabel(self.tr("Idle"))
        self.step.setObjectName("syncStep")
        self.advice = QLabel()
        self.advice.setObjectName("syncAdvice")
        self.advice.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncNow")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("syncCancel")
        self.cancel_button.setEnabled(False)
        self.sign_in_button = QPushButton(self.tr("Sign in…"))
        self.sign_in_button.setObjectName("syncSignIn")
        self.sync_button.clicked.connect(self._sync_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.sign_in_button.clicked.connect(self.open_sign_in)

        self.journal = QTableWidget(0, 8)
        self.journal.setObjectName("syncJournal")
        self.journal.setHorizontalHeaderLabels([
            self.tr("Started"), self.tr("Sent"), self.tr("Applied"), self.tr("Duplicate"), self.tr("Conflict"),
            self.tr("Rejected"), self.tr("Received"), self.tr("Result")])
        self.attention = QTableWidget(0, 4)
        self.attention.setObjectName("syncAttention")
        self.attention.setHorizontalHeaderLabels([self.tr("No."), self.tr("Record"), self.tr("Reason"),
                                                  self.tr("Saved at")])
        self.resend_button = QPushButton(self.tr("Send again"))
        self.resend_button.setObjectName("syncResend")
        self.resend_button.clicked.connect(self.resend_selected)
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("syncConflicts")
        self.resolve_button = QPushButton(self.tr("Resolve…"))
        self.resolve_button.setObjectName("syncResolve")
        self.resolve_button.clicked.connect(self.open_resolve)
        for table in (self.journal, self.attention):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        # the reason is sentences (what went wrong, what to do): it takes the width left and wraps
        self.attention.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.attention.setWordWrap(True)
        self.attention.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.attention.verticalHeader().setVisible(False)  # the No. column numbers the rows
        self.tabs = QTabWidget()
        self.tabs.addTab(self.journal, self.tr("Journal"))
        attention_page = QWidget()
        box = QVBoxLayout(attention_page)
        box.addWidget(self.attention)
        box.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(attention_page, self.tr("Needs attention"))
        conflicts_page = QWidget()
        box = QVBoxLayout(conflicts_page)
        box.addWidget(self.conflicts)
        box.addWidget(self.resolve_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(conflicts_page, self.tr("Conflicts"))

        top = QHBoxLayout()
        for widget in (self.pending, self.last_ok, self.user):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.sign_in_button)
        top.addWidget(self.sync_button)
        step = QHBoxLayout()
        step.addWidget(self.step)
        step.addWidget(self.bar, 1)
        step.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(step)
        layout.addWidget(self.advice)
        layout.addWidget(self.tabs, 1)
        self._conflict_rows: list[dict[str, Any]] = []

    # -- loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload counts, journal, needs attention and conflicts on the DB thread."""
        make = self.make_service

        def work(_state: TaskState) -> dict[str, Any]:
            service = make()
            try:
                return {"pending": service.pending_count(), "unsent": service.unsent_count(),
                        "last_ok": service.last_success(), "journal": service.journal(30),
                        "attention": service.needs_attention(), "conflicts": service.conflicts(),
                        "user": service.signed_in_user(), "role": service.role(),
                        "device": service.store.device_id}
            finally:
                service.close()

        self.runner.run(work, self._show, progress=False)

    def _show(self, data: dict[str, Any]) -> None:
        self.device_id, self.role = str(data["device"]), str(data["role"])
        self.pending.setText(self.tr("Waiting to send: %n record(s)", "", int(data["pending"])))
        last = data["last_ok"]
        self.last_ok.setText(self.tr("Last successful sync: %1").replace("%1", last.finished_at[:19].replace("T", " "))
                             if last is not None else self.tr("Never synced"))
        user = data["user"]
        self.user.setText(self.tr("Signed in: %1").replace("%1", user) if user else self.tr("Not signed in"))
        self.journal.setRowCount(len(data["journal"]))
        for i, entry in enumerate(data["journal"]):
            result = self._result_text(entry)
            for col, value in enumerate((entry.started_at[:19].replace("T", " "), entry.pushed, entry.applied,
                                         entry.duplicate, entry.conflict, entry.rejected, entry.pulled, result)):
                self.journal.setItem(i, col, QTableWidgetItem(str(value)))
        self.attention.setRowCount(len(data["attention"]))
        for i, item in enumerate(data["attention"]):
            for col, value in enumerate((item["mutation_no"], self._record_text(item),
                                         "\n".join(sync_reason_text(str(r)) for r in item["reasons"]),
                                         item["created_at"][:19].replace("T", " "))):
                cell = QTableWidgetItem(str(value))
                cell.setData(Qt.ItemDataRole.UserRole, item["record_id"])
                if col == 2:
                    cell.setToolTip("; ".join(str(r) for r in item["reasons"]))  # the keys, for support
                self.attention.setItem(i, col, cell)
        self.tabs.setTabText(1, self.tr("Needs attention (%1)").replace("%1", str(len(data["attention"]))))
        self._conflict_rows = list(data["conflicts"])
        self.conflicts.clear()
        seen: set[str] = set()
        for conflict in self._conflict_rows:
            if conflict["record_id"] in seen:
                continue
            seen.add(conflict["record_id"])
            names = ", ".join(str(f["field"]) for f in conflict["fields"])
            item = QListWidgetItem(f"{conflict['entity']} {conflict['record_id'][:8]}: {names}")
            item.setData(Qt.ItemDataRole.UserRole, conflict["record_id"])
            self.conflicts.addItem(item)
        self.tabs.setTabText(2, self.tr("Conflicts (%1)").replace("%1", str(len(seen))))
        self.resolve_button.setEnabled(bool(seen) and self.role == "supervisor")
        only = self.tr("Only a supervisor resolves conflicts")
        self.resolve_button.setToolTip("" if self.role == "supervisor" else only)
        self.refreshed.emit()

    def _result_text(self, entry: Any) -> str:
        """成功 only for a run without refusals; a run with refused mutations says how many."""
        if entry.finished_at is None:
            return self.tr("Running")
        if not entry.ok:
            return str(entry.error or "")
        if entry.rejected:
            return self.tr("Done (%1 rejected)").replace("%1", str(entry.rejected))
        return self.tr("OK")

    @staticmethod
    def _record_text(item: dict[str, Any]) -> str:
        """What the refused record is: its kind and the service's label (else a short id)."""
        label = str(item.get("label") or "") or str(item["record_id"])[:8]
        return QCoreApplication.translate("SyncPanel", "%1: %2").replace(
            "%1", entity_text(str(item["entity"]))).replace("%2", label)

    # -- sync ----------------------------------------------------------------------------------------

    def _sync_clicked(self) -> None:
        self.failures = 0
        self.retry_timer.stop()
        self.start_sync()

    def sync_started(self, task: TaskState) -> None:
        """The window started a sync task: show its steps and offer Cancel."""
        self.task = task
        self.cancel_button.setEnabled(True)
        self.sync_button.setEnabled(False)
        self.step.setText(self.tr("Connecting to the central server…"))
        self.bar.setRange(0, 0)

    def on_status(self, task_id: int, text: str) -> None:
        if self.task is not None and task_id == self.task.task_id:
            self.step.setText(text)

    def on_progress(self, task_id: int, done: int, total: int) -> None:
        if self.task is not None and task_id == self.task.task_id:
            self.bar.setRange(0, max(total, 0))
            self.bar.setValue(min(done, total) if total > 0 else 0)

    def cancel(self) -> None:
        """Ask the running sync to stop after its current batch (nothing queued is lost)."""
        if self.task is not None:
            self.task.cancel()

    def sync_finished(self, result: object) -> None:
        """Show the outcome; after a NETWORK or SERVER failure, schedule an automatic retry."""
        self.task = None
        self.cancel_button.setEnabled(False)
        self.sync_button.setEnabled(True)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if not isinstance(result, BaseException) else 0)
        if isinstance(result, SyncError):
            self.failures += 1
            delay = retry_delay(result.kind, self.failures)
            self.step.setText(self.tr("Sync failed"))
            self.advice.setText(error_text(result))
            if delay is not None:
                self.retry_timer.start(int(delay * 1000))
                self.advice.setText(error_text(result) + " " + self.tr("Trying again in %1 s.").replace(
                    "%1", str(round(delay))))
        elif isinstance(result, BaseException):
            self.step.setText(self.tr("Sync stopped"))
            self.advice.setText(error_text(result))
        else:
            self.failures = 0
            self.step.setText(self.tr("Done"))
            self.advice.setText("")
        self.refresh()

    def _auto_retry(self) -> None:
        if self.task is None:
            self.start_sync(automatic=True)

    # -- sign-in, needs attention, conflicts ----------------------------------------------------------

    def open_sign_in(self) -> SignInDialog:
        dialog = SignInDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.sign_in(dialog.username.text(), dialog.password.text()))
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def sign_in(self, username: str, password: str) -> None:
        """Sign in on the network pool; then sync the queue that paused."""
        make = self.make_service

        def work(_state: TaskState) -> str:
            service = make()
            try:
                return service.login(username, password)  # audited in the sign-in's transaction (issue 7)
            finally:
                service.close()

        def done(_role: object) -> None:
            self.refresh()
            self.failures = 0
            self.start_sync()

        self.runner.run(work, done, lambda exc: show_error(self, exc), title=self.tr("Signing in…"))

    def resend_selected(self) -> None:
        row = self.attention.currentRow()
        item = self.attention.item(row, 0) if row >= 0 else None
        if item is None:
            return
        record_id = str(item.data(Qt.ItemDataRole.UserRole))
        make = self.make_service
        self.runner.run(lambda _s: make().resend(record_id), lambda _r: self.refresh(), progress=False)

    def open_resolve(self) -> ConflictDialog | None:
        item = self.conflicts.currentItem() or self.conflicts.item(0)
        if item is None:
            return None
        record_id = str(item.data(Qt.ItemDataRole.UserRole))
        rows = [c for c in self._conflict_rows if c["record_id"] == record_id]
        dialog = ConflictDialog(rows, self.device_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.resolve(record_id, *dialog.chosen()))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def resolve(self, record_id: str, values: dict[str, Any], delete: bool) -> None:
        """Queue the supervisor's choice as a synced mutation, then sync."""
        make = self.make_service

        def work(_state: TaskState) -> int:
            service = make()
            # the resolution and its audit event are one transaction (issue 7)
            return service.resolve_conflict(record_id, values, delete_record=delete)

        def done(_no: object) -> None:
            self.refresh()
            self.start_sync()

        logger.info("resolving conflict on %s: %s", record_id, json.dumps(sorted(values)))
        self.runner.run(work, done, lambda exc: show_error(self, exc), progress=False)


def attach_sync_panel(window: QMainWindow, make_service: Callable[[], SyncService]) -> SyncPanel:
    """Add the sync panel as a tab of ``window`` (a ``MainWindow``) and wire it to its sync.

    A tab, not a side dock: docked beside the address page it forced the window wider than a
    1366-pixel laptop screen and squeezed the address tree to nothing (issue 9 screenshots).
    """
    runner: TaskRunner = window.runner  # type: ignore[attr-defined]
    panel = SyncPanel(runner, make_service, window.start_sync, window)  # type: ignore[attr-defined]
    window.tabs.addTab(panel, QCoreApplication.translate("SyncPanel", "Sync"))  # type: ignore[attr-defined]
    runner.status_changed.connect(panel.on_status)
    runner.progressed.connect(panel.on_progress)
    window.sync_finished.connect(panel.sync_finished)  # type: ignore[attr-defined]
    window.sync_panel = panel  # type: ignore[attr-defined]
    panel.refresh()
    return panel
