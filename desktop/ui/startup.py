"""What the GUI does before the main window exists: the profile lock and its message.

One profile is one SQLite store; two app processes on it would each run their own outbox numbering
and sync. :func:`acquire_profile_lock` takes ``<profile>/doorstep.lock`` with :class:`QLockFile`:
the file names the owning process, so a lock left by a crashed or killed app (its process is gone)
is taken over at once, while a live owner keeps it however long it runs (stale time 0).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

logger = logging.getLogger(__name__)

LOCK_FILE = "doorstep.lock"


def acquire_profile_lock(profile: Path) -> QLockFile | None:
    """Lock ``profile`` for this process; return the held lock (keep it referenced), or None when taken.

    The lock is released when the returned object is unlocked or collected, or the process ends.
    """
    profile.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(profile / LOCK_FILE))
    lock.setStaleLockTime(0)  # only a dead owner makes the lock stale, never its age
    if lock.tryLock(100):
        return lock
    logger.warning("profile %s is locked by another process (%s)", profile, lock.error().name)
    return None


def already_running_box(profile: Path, parent: QWidget | None = None) -> QMessageBox:
    """Return (not shown) the message for a profile another Doorstep window already uses."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Startup", "Doorstep is already open"))
    box.setText(QCoreApplication.translate("Startup", "Doorstep is already open on this profile."))
    box.setInformativeText(
        QCoreApplication.translate(
            "Startup",
            "Switch to the open Doorstep window (look in the taskbar). If no Doorstep window is open, wait a "
            "minute and start Doorstep again; if this message still appears, restart the computer.\n\n"
            "Profile: %1").replace("%1", str(profile)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
