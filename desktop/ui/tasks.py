"""Run slow work off the GUI thread: one DB worker, a network pool, progress and cancel.

Anchors: Anki ``aqt/taskman.py`` and ``progress.py``; Orange ``concurrent.py``. A task function
runs on a worker thread and receives a :class:`TaskState`; it must never touch a widget. Its
result, its exception and its progress reach the GUI thread only through queued signals.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import Cancelled
from desktop.ui.errors import show_error

logger = logging.getLogger(__name__)

#: A progress dialog appears only for tasks still running after this many milliseconds (Anki).
DIALOG_DELAY_MS = 600
_THROTTLE_S = 0.05


class TaskState:
    """What a running task sees: progress reporting and the cancel flag. Thread-safe."""

    def __init__(self, task_id: int, runner: TaskRunner) -> None:
        self.task_id = task_id
        self._runner = runner
        self._cancelled = threading.Event()
        self._last_emit = 0.0

    def set_progress(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` units (throttled; the last step is always reported)."""
        now = time.monotonic()
        if done < total and now - self._last_emit < _THROTTLE_S:
            return
        self._last_emit = now
        self._runner.progressed.emit(self.task_id, int(done), int(total))

    def set_status(self, text: str) -> None:
        """Show ``text`` (already translated by the caller's UI code) in the progress dialog."""
        self._runner.status_changed.emit(self.task_id, text)

    def cancel(self) -> None:
        """Ask the task to stop at its next check (cooperative; never kills the thread)."""
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        """Return True once cancel was requested."""
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`Cancelled` if cancel was requested; call between chunks of work."""
        if self._cancelled.is_set():
            raise Cancelled("cancelled by the user")


@dataclass
class _Task:
    state: TaskState
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    title: str
    started: float = field(default_factory=time.monotonic)
    dialog: QProgressDialog | None = None
    future: Future[Any] | None = None


class TaskRunner(QObject):
    """Run functions on the DB worker (one thread) or the network pool and call back on the GUI.

    Signals:
        task_started(int), task_finished(int): a task's id when it starts and after its callback.
        progressed(int, int, int), status_changed(int, str): from workers; queued to the GUI.
    """

    task_started = Signal(int)
    task_finished = Signal(int)
    progressed = Signal(int, int, int)
    status_changed = Signal(int, str)
    _completed = Signal(int, object, object)

    def __init__(self, parent_widget: QWidget | None = None, network_workers: int = 4) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="doorstep-db")
        self._net = ThreadPoolExecutor(max_workers=network_workers, thread_name_prefix="doorstep-net")
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._completed.connect(self._on_completed, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.status_changed.connect(self._on_status, Qt.ConnectionType.QueuedConnection)

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """Set the widget progress dialogs and error messages are shown over."""
        self._parent_widget = widget

    def run(
        self,
        fn: Callable[[TaskState], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        progress: bool = True,
        title: str = "",
        network: bool = False,
    ) -> TaskState:
        """Start ``fn(state)`` on a worker and return its state (for cancel).

        Args:
            fn: the work; runs on the DB thread (or the network pool) and must not touch Qt.
            on_done: called on the GUI thread with ``fn``'s result.
            on_error: called on the GUI thread with the exception; default shows it
                (:func:`desktop.ui.errors.show_error`); :class:`Cancelled` is silent by default.
            progress: show a progress dialog with Cancel if the task runs longer than 600 ms.
            title: the dialog's label text (translated by the caller).
            network: run on the network pool instead of the single DB worker.
        """
        if self._closed:
            raise RuntimeError("task runner is shut down")
        task_id = next(self._ids)
        state = TaskState(task_id, self)
        task = _Task(state, on_done, on_error, title)
        self._tasks[task_id] = task
        if progress:
            QTimer.singleShot(DIALOG_DELAY_MS, self, lambda: self._show_dialog(task_id))
        pool = self._net if network else self._db
        logger.debug("task %d started: %s", task_id, getattr(fn, "__name__", fn))
        self.task_started.emit(task_id)
        task.future = pool.submit(self._work, fn, state)
        return state

    def _work(self, fn: Callable[[TaskState], Any], state: TaskState) -> None:
        # Runs on a worker thread: only emits (queued) signals.
        try:
            state.raise_if_cancelled()
            result = fn(state)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self._completed.emit(state.task_id, None, exc)
        else:
            self._completed.emit(state.task_id, result, None)

    def progress_dialog(self, task_id: int) -> QProgressDialog | None:
        """Return the progress dialog of a running task, if it is showing one."""
        task = self._tasks.get(task_id)
        return task.dialog if task is not None else None

    def is_busy(self) -> bool:
        """Return True while any task has not called back yet."""
        return bool(self._tasks)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._tasks.values():
            task.state.cancel()

    def shutdown(self, wait: bool = True) -> None:
        """Cancel every task and stop the workers (call on quit)."""
        self._closed = True
        self.cancel_all()
        self._db.shutdown(wait=wait, cancel_futures=True)
        self._net.shutdown(wait=wait, cancel_futures=True)
        for task in self._tasks.values():
            self._close_dialog(task)

    # -- GUI-thread slots ------------------------------------------------------------------------

    def _show_dialog(self, task_id: int) -> None:
        task = self._tasks.get(task_id)
        if task is None or task.dialog is not None:
            return
        dialog = QProgressDialog(task.title or self.tr("Working…"), self.tr("Cancel"), 0, 0,
                                 self._parent_widget)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.state.cancel)
        task.dialog = dialog
        dialog.show()

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.dialog is not None:
            task.dialog.setMaximum(max(total, 0))
            task.dialog.setValue(min(done, total) if total > 0 else 0)

    @Slot(int, str)
    def _on_status(self, task_id: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.dialog is not None:
            task.dialog.setLabelText(text)

    @staticmethod
    def _close_dialog(task: _Task) -> None:
        if task.dialog is not None:
            task.dialog.canceled.disconnect()
            task.dialog.close()
            task.dialog.deleteLater()
            task.dialog = None

    @Slot(int, object, object)
    def _on_completed(self, task_id: int, result: object, exc: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        self._close_dialog(task)
        logger.debug("task %d finished in %.3f s", task_id, time.monotonic() - task.started)
        try:
            if isinstance(exc, BaseException):
                if task.on_error is not None:
                    task.on_error(exc)
                elif not isinstance(exc, Cancelled):
                    show_error(self._parent_widget, exc)
            elif task.on_done is not None:
                task.on_done(result)
        finally:
            self.task_finished.emit(task_id)
