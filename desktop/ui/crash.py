"""Unexpected errors: logged to the profile's ``logs/`` and shown as a plain Chinese message.

:func:`install_excepthook` replaces ``sys.excepthook`` (errors raised in Qt slots and event handlers
on the GUI thread end there) and ``threading.excepthook``. Every error is logged with its traceback
(ID numbers and phone numbers in the message are masked, :func:`desktop.log.redact`); only on the
GUI thread is a dialog shown (a worker thread must never touch a widget), and never two at once.
Errors a service raises on purpose (``AppError``) are handled by ``desktop.ui.errors.show_error``
long before this hook; ``KeyboardInterrupt`` keeps Python's default.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.log import redact

logger = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def crash_box(log_file: Path, exc_type: type[BaseException], parent: QWidget | None = None) -> QMessageBox:
    """Return (not shown) the message telling the officer what happened and what to do."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("CrashDialog", "Doorstep ran into a problem"))
    box.setText(QCoreApplication.translate(
        "CrashDialog",
        "Something unexpected went wrong. What you saved before is safe: every saved edit is in this "
        "computer's store and in the sync queue."))
    box.setInformativeText(QCoreApplication.translate(
        "CrashDialog",
        "What to do:\n1. Close this message and try again.\n2. If it happens again, close Doorstep and "
        "start it again.\n3. Tell your supervisor and give them the log file:\n%1").replace("%1", str(log_file)))
    box.setDetailedText(f"{exc_type.__module__}.{exc_type.__qualname__}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


class CrashHandler:
    """The installed hook: logs, then shows :func:`crash_box` on the GUI thread (``show`` is replaceable in tests)."""

    def __init__(self, log_file: Path, show: Callable[[QMessageBox], object] | None = None) -> None:
        self.log_file = log_file
        self.show = show or (lambda box: box.exec())
        self.shown = 0
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = redact("".join(traceback.format_exception(exc_type, exc, tb)))
        logger.critical("unhandled %s on thread %s\n%s", exc_type.__name__, threading.current_thread().name, text)
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread() or self._showing:
            return
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            self.shown += 1
            self.show(crash_box(self.log_file, exc_type, parent))
        finally:
            self._showing = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: log (never a dialog: not the GUI thread)."""
        if args.exc_value is None:
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)


def install_excepthook(log_file: Path, show: Callable[[QMessageBox], object] | None = None) -> CrashHandler:
    """Route unhandled exceptions to a :class:`CrashHandler` writing to ``log_file``'s log; return it."""
    handler = CrashHandler(log_file, show)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
