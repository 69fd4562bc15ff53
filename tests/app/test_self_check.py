"""`doorstep --self-check` (what a release build runs) passes on the source tree."""

from __future__ import annotations

import subprocess
import sys


def test_self_check_exits_zero() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "--self-check"], capture_output=True, text=True,
                          timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert "self-check: ok" in done.stdout
