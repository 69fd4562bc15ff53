"""Test-only crash points: ``DOORSTEP_KILL_AT=name[:n]`` makes the process SIGKILL itself there.

Inert unless the variable is set (one dictionary lookup). The sync tests run a client in a
subprocess with it set to prove that a crash at a named point loses and duplicates nothing.
Named points (see ``tests/sync/test_kill.py``):

* ``after_push_response_before_record:N`` — central answered push batch N; the receipts are not
  yet stored (desktop.sync.engine).
* ``pull_mid_page:N`` — N rows of a pulled page are written inside the page's transaction, the
  cursor is not (desktop.store.records.SyncRepo.apply_pulled).
"""

from __future__ import annotations

import os
import signal

ENV = "DOORSTEP_KILL_AT"


def kill_point(name: str, count: int = 1) -> None:
    """SIGKILL this process if ``DOORSTEP_KILL_AT`` names ``name`` and ``count`` reached its ``:n``."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, threshold = spec.partition(":")
    if wanted == name and count >= int(threshold or 1):
        os.kill(os.getpid(), signal.SIGKILL)
