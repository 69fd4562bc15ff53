"""TaskRunner: results and errors come back on the GUI thread; a slow task gets a dialog with Cancel."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from desktop.errors import Cancelled, NotFound
from desktop.ui.tasks import TaskRunner, TaskState


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


def test_result_arrives_on_the_gui_thread(runner: TaskRunner, qtbot: QtBot) -> None:
    seen: dict[str, object] = {}

    def work(state: TaskState) -> int:
        seen["worker"] = threading.current_thread().name
        state.set_progress(1, 1)
        return 42

    def done(value: object) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    with qtbot.waitSignal(runner.task_finished, timeout=5000):
        runner.run(work, done, progress=False)
    assert seen["value"] == 42
    assert seen["gui"] is True
    assert str(seen["worker"]).startswith("doorstep-db")


def test_db_tasks_run_one_at_a_time(runner: TaskRunner, qtbot: QtBot) -> None:
    active, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()

    def work(_state: TaskState) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        release.wait(2)
        with lock:
            active[0] -= 1

    for _ in range(3):
        runner.run(work, progress=False)
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert peak[0] == 1


def test_error_goes_to_on_error(runner: TaskRunner, qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(_state: TaskState) -> None:
        raise NotFound("x")

    runner.run(work, on_error=errors.append, progress=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], NotFound)


def test_slow_task_shows_dialog_and_cancel_stops_it(runner: TaskRunner, qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(state: TaskState) -> None:
        for i in range(10_000):
            state.set_progress(i, 10_000)
            state.raise_if_cancelled()
            threading.Event().wait(0.01)

    state = runner.run(work, on_error=errors.append, title="Working")
    qtbot.waitUntil(lambda: runner.progress_dialog(state.task_id) is not None, timeout=5000)
    dialog = runner.progress_dialog(state.task_id)
    assert isinstance(dialog, QProgressDialog)
    assert dialog.isVisible()
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)
    assert runner.progress_dialog(state.task_id) is None
