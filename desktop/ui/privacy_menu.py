"""The 安全 (Security) menu and the role-dependent menus (issue 7 items 1-7, DESIGN §1).

Every role: lock now, change passphrase. Supervisor only: audit log, archiving list, auto-lock time.
:func:`apply_role` shows each role the actions of :data:`ROLE_ACTIONS` it may use (docs/security.md);
the role is the one of the last sign-in (``sync_state.auth_role``), and a profile nobody signed in
on yet is treated as a grid officer's. Central enforces the same rules on every request: the menus
only keep the app honest about what a user can do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, WrongPassphrase
from desktop.services import privacy
from desktop.settings import load_settings, save_settings
from desktop.ui.audit_view import AuditDialog
from desktop.ui.errors import error_text
from desktop.ui.retention_dialog import RetentionDialog

logger = logging.getLogger(__name__)

OFFICER, ASSISTANT, SUPERVISOR = "grid_officer", "police_assistant", "supervisor"
EVERYONE = frozenset((OFFICER, ASSISTANT, SUPERVISOR))
#: Action object name → the roles that see it (DESIGN §1; the rest is the same for every role).
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "sampleAction": frozenset((SUPERVISOR,)),
    "verifyAction": frozenset((ASSISTANT, SUPERVISOR)),
    "rentalAction": frozenset((ASSISTANT, SUPERVISOR)),
    "dashboardAction": frozenset((SUPERVISOR,)),
    "importLedgerAction": frozenset((OFFICER, SUPERVISOR)),
    "exportLedgerAction": frozenset((SUPERVISOR,)),
    "auditAction": frozenset((SUPERVISOR,)),
    "retentionAction": frozenset((SUPERVISOR,)),
    "lockMinutesAction": frozenset((SUPERVISOR,)),
    "lockNowAction": EVERYONE,
    "changePassphraseAction": EVERYONE,
}


def effective_role(role: str) -> str:
    """The role the menus follow: the signed-in role, a grid officer's when unknown."""
    return role if role in EVERYONE else OFFICER


def apply_role(window: QWidget, role: str) -> dict[str, bool]:
    """Show or hide ``window``'s actions named in :data:`ROLE_ACTIONS` for ``role``; return name → visible."""
    role = effective_role(role)
    shown: dict[str, bool] = {}
    for action in window.findChildren(QAction):
        allowed = ROLE_ACTIONS.get(action.objectName())
        if allowed is not None:
            action.setVisible(role in allowed)
            shown[action.objectName()] = role in allowed
    return shown


class ChangePassphraseDialog(QDialog):
    """Old passphrase, new one twice; the store is rekeyed on the DB thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(self.tr("Change passphrase"))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for name, edit in (("oldPassphrase", self.old), ("newPassphrase", self.new),
                           ("repeatPassphrase", self.repeat)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMinimumWidth(260)
        self.message = QLabel()
        self.message.setObjectName("changeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(self.tr("Current passphrase"), self.old)
        form.addRow(self.tr("New passphrase"), self.new)
        form.addRow(self.tr("Repeat it"), self.repeat)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)


class PrivacyMenu(QObject):
    """Adds the Security menu to ``window`` (a MainWindow) over ``store`` for ``user``."""

    def __init__(self, window: QMainWindow, store: Any, user: str, profile: Path | None = None) -> None:
        super().__init__(window)
        self.window, self.store, self.user = window, store, user
        self.profile = profile if profile is not None else Path(store.path).parent
        self.auto_lock: Any = None
        self.menu: QMenu = window.menuBar().addMenu(self.tr("Se&curity"))
        self.menu.setObjectName("securityMenu")
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("lockNowAction", self.tr("Lock now"), self.lock_now),
            ("changePassphraseAction", self.tr("Change passphrase…"), self.change_passphrase),
            ("auditAction", self.tr("Audit log…"), self.open_audit),
            ("retentionAction", self.tr("Residents due for archiving…"), self.open_retention),
            ("lockMinutesAction", self.tr("Auto-lock after idle…"), self.set_lock_minutes),
        ):
            action = QAction(text, window)
            action.setObjectName(key)
            action.triggered.connect(slot)
            if key == "auditAction":
                self.menu.addSeparator()
            self.menu.addAction(action)
            self.actions[key] = action
        self.actions["lockNowAction"].setShortcut("Ctrl+L")
        self.menu.aboutToShow.connect(self.refresh_role)
        self.audit_dialog: AuditDialog | None = None
        self.retention_dialog: RetentionDialog | None = None
        self.change_dialog: ChangePassphraseDialog | None = None
        self.refresh_role()

    @property
    def role(self) -> str:
        """The signed-in role stored on this device ('' = nobody signed in yet)."""
        return str(self.store.state("auth_role") or "")

    def refresh_role(self) -> None:
        """Re-apply the role to every menu of the window (after a sign-in)."""
        apply_role(self.window, self.role)
        self.actions["lockNowAction"].setEnabled(self.auto_lock is not None)

    def attach_auto_lock(self, auto_lock: Any) -> None:
        """Connect Lock now to the window's :class:`desktop.ui.lock.AutoLock`."""
        self.auto_lock = auto_lock
        self.actions["lockNowAction"].setEnabled(True)

    def lock_now(self) -> None:
        """Lock the window at once."""
        if self.auto_lock is not None:
            self.auto_lock.lock()

    def open_audit(self) -> AuditDialog:
        """Open the audit log (non-blocking) and load it."""
        dialog = AuditDialog(self.window.runner, self.store, self.window)  # type: ignore[attr-defined]
        self.audit_dialog = dialog
        dialog.open()
        dialog.load()
        return dialog

    def open_retention(self) -> RetentionDialog:
        """Open the archiving list (non-blocking) and load it."""
        years = load_settings().retention_years
        dialog = RetentionDialog(self.window.runner, self.store, self.user, years,  # type: ignore[attr-defined]
                                 self.window)
        self.retention_dialog = dialog
        dialog.open()
        dialog.load()
        return dialog

    def set_lock_minutes(self) -> None:
        """Ask the supervisor for the idle minutes (0 = never) and keep them in the settings."""
        current = load_settings()
        minutes, ok = QInputDialog.getInt(self.window, self.tr("Auto-lock"),
                                          self.tr("Lock Doorstep after this many idle minutes (0 = never):"),
                                          current.lock_minutes, 0, 240)
        if ok:
            self.save_lock_minutes(minutes)

    def save_lock_minutes(self, minutes: int) -> None:
        """Store ``minutes`` and apply them to the running auto-lock."""
        from dataclasses import replace

        try:
            save_settings(replace(load_settings(), lock_minutes=minutes))
        except OSError as exc:
            logger.warning("settings not saved: %s", type(exc).__name__)
        if self.auto_lock is not None:
            self.auto_lock.set_minutes(minutes)

    def change_passphrase(self) -> ChangePassphraseDialog:
        """Open the change-passphrase dialog (non-blocking); OK rekeys on the DB thread."""
        dialog = ChangePassphraseDialog(self.window)
        dialog.buttons.accepted.connect(lambda: self._submit_change(dialog))
        self.change_dialog = dialog
        dialog.open()
        return dialog

    def _submit_change(self, dialog: ChangePassphraseDialog) -> None:
        old, new, repeat = dialog.old.text(), dialog.new.text(), dialog.repeat.text()
        try:
            privacy.check_new_passphrase(new, repeat)
        except privacy.PassphraseRejected as exc:
            reason = str(exc.params.get("reason"))
            dialog.message.setText({
                "mismatch": self.tr("The two entries differ."),
                "too_short": self.tr("Use at least %1 characters.").replace("%1", str(privacy.MIN_LENGTH)),
            }.get(reason, self.tr("This passphrase is too easy to guess: add more words.")))
            return
        store, profile, user = self.store, self.profile, self.user
        dialog.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            dialog.buttons.setEnabled(True)
            if isinstance(exc, WrongPassphrase):
                dialog.message.setText(self.tr("The current passphrase is wrong."))
            else:
                dialog.message.setText(error_text(exc) if isinstance(exc, AppError) else str(type(exc).__name__))

        def done(_result: object) -> None:
            dialog.accept()
            self.window.statusBar().showMessage(self.tr("Passphrase changed"), 8000)

        self.window.runner.run(  # type: ignore[attr-defined]
            lambda _s: privacy.change_passphrase(store, profile, old, new, user=user), done, failed,
            title=self.tr("Re-encrypting…"))


def install(window: QMainWindow, store: Any, user: str) -> PrivacyMenu:
    """Add the Security menu to ``window`` and apply the signed-in role to its menus."""
    menu = PrivacyMenu(window, store, user)
    window.privacy_menu = menu  # type: ignore[attr-defined]
    finished = getattr(window, "sync_finished", None)
    if finished is not None:
        finished.connect(lambda _r: menu.refresh_role())
    return menu
