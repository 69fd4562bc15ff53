"""Issue 7 items 1-2 in the GUI: first-run passphrase, unlock at start, auto-lock after idle.

* :class:`PassphraseSetupDialog`: the passphrase twice with a zxcvbn strength bar; a profile with a
  plain store from before encryption is encrypted here.
* :class:`UnlockDialog`: the passphrase at start; a wrong one is said plainly and may be retried;
  after :data:`desktop.services.privacy.FREE_ATTEMPTS` failures the button waits out the delay
  (persisted by the service, so a restart does not skip it).
* :class:`AutoLock`: an application event filter notes the last keyboard or mouse input; after the
  supervisor's idle minutes the window is covered by :class:`LockOverlay` (personal data hidden,
  input to everything else swallowed) and every other open window (a half-typed resident form) is
  hidden, not closed: unlocking shows them again exactly as they were.

These dialogs run before the main window and its task runner exist; the key derivation (~0.3 s)
runs on the GUI thread under a busy cursor, the one place where that is allowed (docs/decisions.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, WrongPassphrase
from desktop.services import privacy
from desktop.ui.errors import error_text

logger = logging.getLogger(__name__)

#: How often the idle time is checked (the lock comes at most this late).
IDLE_CHECK_MS = 15_000
_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                 QEvent.Type.TouchBegin, QEvent.Type.TabletPress}
_BLOCKED_WHEN_LOCKED = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
                        QEvent.Type.Shortcut, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.ContextMenu}


def _delay_text(seconds: int) -> str:
    return QCoreApplication.translate("Lock", "Too many wrong passphrases. Try again in %1 s.").replace(
        "%1", str(seconds))


def wrong_passphrase_text(exc: AppError) -> str:
    """The message for a failed unlock: wrong passphrase (with the wait, if any) or a delay."""
    if isinstance(exc, privacy.UnlockDelayed):
        return _delay_text(int(str(exc.params.get("seconds", 0))))
    if isinstance(exc, WrongPassphrase):
        wait = int(str(exc.params.get("wait", 0)))
        text = QCoreApplication.translate(
            "Lock", "The passphrase is wrong. Check Caps Lock and the input method (half-width, English), "
                    "then try again.")
        if wait > 0:
            text += "\n" + _delay_text(wait)
        return text
    return error_text(exc)


def _password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(280)
    return edit


class _Busy:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class PassphraseSetupDialog(QDialog):
    """Choose the passphrase of a new profile (or of one whose store is not encrypted yet).

    After ``accept`` :attr:`store` holds the open encrypted store."""

    def __init__(self, profile: Path, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile, self.user = profile, user
        self.store: Any = None
        self.setObjectName("passphraseSetupDialog")
        self.setWindowTitle(self.tr("Protect this profile with a passphrase"))
        encrypting = (profile / privacy.STORE_FILE).exists()
        intro = QLabel(self.tr(
            "Doorstep keeps ID numbers, phones and addresses on this computer. Everything is encrypted with "
            "the passphrase you choose now, and Doorstep asks for it at every start and after %1 idle minutes.")
            .replace("%1", str(privacy.DEFAULT_LOCK_MINUTES)))
        intro.setWordWrap(True)
        warning = QLabel(self.tr(
            "Nobody can recover a forgotten passphrase, not even the supervisor: data not yet synced would be "
            "lost. Use a sentence of several words that you will remember."))
        warning.setWordWrap(True)
        warning.setObjectName("setupWarning")
        self.first = _password_field("newPassphrase")
        self.second = _password_field("repeatPassphrase")
        self.meter = QProgressBar()
        self.meter.setObjectName("strengthMeter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.strength_label = QLabel()
        self.strength_label.setObjectName("strengthLabel")
        self.message = QLabel()
        self.message.setObjectName("setupMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.first)
        form.addRow(self.tr("Strength"), self.meter)
        form.addRow("", self.strength_label)
        form.addRow(self.tr("Repeat it"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Encrypt and continue") if encrypting else self.tr("Create profile"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if encrypting:
            note = QLabel(self.tr("The records already in this profile are encrypted now; the unencrypted file "
                                  "is overwritten and removed."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.first.textChanged.connect(self._update_strength)
        self._update_strength("")
        self.resize(520, self.sizeHint().height())

    def _update_strength(self, text: str) -> None:
        strength = privacy.strength(text)
        names = (self.tr("Very weak"), self.tr("Weak"), self.tr("Fair"), self.tr("Strong"), self.tr("Very strong"))
        self.meter.setValue(strength.score if text else 0)
        colour = ("#b3261e", "#b3261e", "#b26a00", "#2e7d32", "#2e7d32")[strength.score]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        if not text:
            self.strength_label.setText(self.tr("At least %1 characters; several words are easiest to remember.")
                                        .replace("%1", str(privacy.MIN_LENGTH)))
        else:
            self.strength_label.setText(names[strength.score])

    def submit(self) -> None:
        """Check the entries, then set the profile up (creating or encrypting its store)."""
        try:
            privacy.check_new_passphrase(self.first.text(), self.second.text())
        except privacy.PassphraseRejected as exc:
            reason = exc.params.get("reason")
            self.message.setText({
                "mismatch": self.tr("The two entries differ."),
                "too_short": self.tr("Use at least %1 characters.").replace("%1", str(privacy.MIN_LENGTH)),
            }.get(str(reason), self.tr("This passphrase is too easy to guess: add more words.")))
            return
        try:
            with _Busy():
                self.store = privacy.setup_profile(self.profile, self.first.text(), user=self.user)
        except AppError as exc:
            self.message.setText(error_text(exc))
            return
        self.first.clear()
        self.second.clear()
        self.accept()


class UnlockDialog(QDialog):
    """Ask for the passphrase at start. After ``accept`` :attr:`store` holds the open store."""

    def __init__(self, profile: Path, user: str = "", parent: QWidget | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.profile, self.user, self.clock = profile, user, clock
        self.store: Any = None
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Unlock Doorstep"))
        title = QLabel(self.tr("Enter the passphrase of this profile"))
        title.setObjectName("unlockTitle")
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        where = QLabel(self.tr("Profile: %1").replace("%1", profile.name))
        where.setObjectName("unlockProfile")
        self.field = _password_field("unlockPassphrase")
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._tick)
        self._tick()

    def _tick(self) -> None:
        wait = privacy.UnlockThrottle(self.profile, self.clock).wait_seconds()
        self.unlock_button.setEnabled(wait <= 0)
        if wait > 0:
            self.message.setText(wrong_passphrase_text(privacy.UnlockDelayed("", {"seconds": int(wait + 0.999)})))
            self._countdown.start()
        else:
            self._countdown.stop()
            if self.message.property("delayed"):
                self.message.setText("")
            self.message.setProperty("delayed", False)

    def submit(self) -> None:
        """Try the passphrase; on success accept, else say why and clear the field."""
        try:
            with _Busy():
                self.store = privacy.unlock_profile(self.profile, self.field.text(), user=self.user,
                                                    clock=self.clock)
        except (WrongPassphrase, privacy.UnlockDelayed) as exc:
            self.field.clear()
            self.field.setFocus()
            self.message.setText(wrong_passphrase_text(exc))
            self.message.setProperty("delayed", True)
            if privacy.UnlockThrottle(self.profile, self.clock).wait_seconds() > 0:
                self.unlock_button.setEnabled(False)
                self._countdown.start()
            return
        except AppError as exc:
            self.message.setText(error_text(exc))
            return
        self.field.clear()
        self.accept()


def open_profile_interactively(profile: Path, user: str) -> Any:
    """Before the main window: set the profile up (first run) or unlock it. Returns the open store, or
    None when the user quits."""
    dialog: PassphraseSetupDialog | UnlockDialog
    if privacy.profile_needs_setup(profile):
        dialog = PassphraseSetupDialog(profile, user)
    else:
        dialog = UnlockDialog(profile, user)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.store


class LockOverlay(QFrame):
    """Covers the whole main window while locked: the passphrase field and nothing personal."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lockOverlay { background: palette(window); }"
                           "QFrame#lockPanel { border: 1px solid palette(mid); border-radius: 8px; "
                           "background: palette(base); }")
        panel = QFrame(self)
        panel.setObjectName("lockPanel")
        # at most 460 px wide, narrower in a small window (the labels wrap instead of being cut)
        panel.setMaximumWidth(460)
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        title = QLabel(self.tr("Doorstep is locked"))
        title.setObjectName("lockTitle")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        title.setWordWrap(True)
        explain = QLabel(self.tr("Personal data is hidden. Enter the passphrase to continue; what you were "
                                 "typing is kept."))
        explain.setWordWrap(True)
        self.field = _password_field("lockPassphrase")
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setObjectName("lockUnlockButton")
        self.button.setDefault(True)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        for widget in (title, explain, self.field, self.message, self.button):
            inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 100)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.button.clicked.connect(lambda: self.unlock_requested.emit(self.field.text()))
        self.field.returnPressed.connect(lambda: self.unlock_requested.emit(self.field.text()))
        self.hide()


class AutoLock(QObject):
    """Lock ``window`` after ``minutes`` without keyboard or mouse input (0 = never); see the module doc.

    Signals: ``locked()``, ``unlocked()``. ``clock`` (monotonic seconds) is injectable for tests."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, store: Any, profile: Path, user: str, minutes: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window, self.store, self.profile, self.user = window, store, profile, user
        self.minutes = minutes
        self.clock = clock
        self.last_input = clock()
        self.is_locked = False
        self.overlay = LockOverlay(window)
        self.overlay.unlock_requested.connect(self.try_unlock)
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None
        self._timer = QTimer(self, interval=IDLE_CHECK_MS)
        self._timer.timeout.connect(self.check_idle)
        self._timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.destroyed.connect(self._detach)

    def _detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time (0 = never lock by itself)."""
        self.minutes = minutes
        self.last_input = self.clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window and self.is_locked:
            self.overlay.setGeometry(self.window.rect())
        if self.is_locked and kind in _BLOCKED_WHEN_LOCKED and not self._in_overlay(watched):
            return True
        if kind in _INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def _in_overlay(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and (watched is self.overlay or self.overlay.isAncestorOf(watched))

    def check_idle(self) -> None:
        """Lock when the idle time has passed (called by a timer every :data:`IDLE_CHECK_MS`)."""
        if self.minutes > 0 and not self.is_locked and self.clock() - self.last_input >= self.minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Cover the window, hide every other top-level window (kept, not closed); audit the lock."""
        if self.is_locked:
            return
        self.is_locked = True
        self._focus = QApplication.focusWidget()
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w is not self.window]
        for widget in self._hidden:
            widget.hide()
        self.overlay.setGeometry(self.window.rect())
        self.overlay.message.clear()
        self.overlay.field.clear()
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.field.setFocus()
        self._audit("lock", "idle" if self.clock() - self.last_input >= self.minutes * 60 > 0 else "by hand")
        self.locked.emit()

    def try_unlock(self, passphrase: str) -> bool:
        """Check ``passphrase``; on success restore the windows and the focus; return whether unlocked."""
        if not self.is_locked:
            return True
        try:
            with _Busy():
                privacy.verify_passphrase(self.store, self.profile, passphrase, user=self.user)
        except (WrongPassphrase, privacy.UnlockDelayed) as exc:
            self.overlay.field.clear()
            self.overlay.message.setText(wrong_passphrase_text(exc))
            return False
        except AppError as exc:
            self.overlay.message.setText(error_text(exc))
            return False
        self.overlay.field.clear()
        self.overlay.hide()
        self.is_locked = False
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._focus is not None:
            try:
                self._focus.activateWindow()
                self._focus.setFocus()
            except RuntimeError:  # the widget was deleted meanwhile
                pass
        self.last_input = self.clock()
        self.unlocked.emit()
        return True

    def _audit(self, action: str, detail: str) -> None:
        from desktop.services.audit import log_event

        store, user = self.store, self.user
        runner = getattr(self.window, "runner", None)
        if runner is None:
            return
        runner.run(lambda _s: log_event(store, user=user, action=action, detail=detail), progress=False)


def install_auto_lock(window: QMainWindow, store: Any, profile: Path, user: str, minutes: int) -> AutoLock:
    """Attach an :class:`AutoLock` to ``window``, and a Lock-now action if it has a privacy menu."""
    auto = AutoLock(window, store, profile, user, minutes)
    residents = getattr(window, "residents", None)
    if residents is not None:  # a reveal lasts until the next lock
        auto.locked.connect(residents.model.hide_revealed)
    menu = getattr(window, "privacy_menu", None)
    if menu is not None:
        menu.attach_auto_lock(auto)
    return auto
