"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call and aborts the app
after a few thousand calls ("Fatal Python error: none_dealloc"). We pin 6.11.3; this guards the pin."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QPushButton
class Emitter(QObject):
    fired = Signal(int)
app = QApplication([])
button = QPushButton()
emitter = Emitter()
before = (sys.getrefcount(None), sys.getrefcount(True))
for _ in range(50_000):
    button.setText("x")
    button.property("missing")
    emitter.fired.emit(1)
after = (sys.getrefcount(None), sys.getrefcount(True))
print(after[0] - before[0], after[1] - before[1])
"""


def test_void_calls_keep_the_singletons_reference_counts() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr[-500:]
    none_delta, true_delta = (int(x) for x in done.stdout.split())
    assert abs(none_delta) < 100 and abs(true_delta) < 100
