"""When to try a failed sync again (issue 3 §7): exponential backoff with jitter, by failure kind.

Pure: the UI's timer and :meth:`desktop.services.sync_service.SyncService.sync_until_done` ask
:func:`retry_delay` and sleep; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

import random

from desktop.errors import SyncErrorKind

#: Failures that go away by themselves (the network comes back, the server recovers).
TRANSIENT = frozenset({SyncErrorKind.NETWORK, SyncErrorKind.SERVER})
BASE_S = 2.0
CAP_S = 300.0
_RNG = random.Random()


def retry_delay(kind: SyncErrorKind, attempt: int, rng: random.Random | None = None, *,
                base: float = BASE_S, cap: float = CAP_S) -> float | None:
    """Seconds to wait before retry number ``attempt`` (1 = the first retry), or None: do not retry.

    NETWORK and SERVER failures back off as ``min(cap, base · 2^(attempt−1))`` with "equal
    jitter" (half fixed, half uniform random), so a district's laptops that lost the network
    together do not come back together. Sign-in, validation, wrong-server and upgrade failures
    need a person and are never retried automatically (None).

    Raises:
        ValueError: ``attempt`` < 1.
    """
    if attempt < 1:
        raise ValueError("attempt starts at 1")
    if kind not in TRANSIENT:
        return None
    ceiling: float = min(cap, base * float(2 ** min(attempt - 1, 30)))
    jitter: float = (rng or _RNG).uniform(0, ceiling / 2)
    return ceiling / 2 + jitter
