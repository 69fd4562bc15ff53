"""From verification results to the three rates (DESIGN §6): one pure function for both sides.

The desktop computes the rates on its local ``verification_result`` rows and central on the
records it holds; both call :func:`survey_rates`, so the same rows give identical figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from desktop.domain.rates import RateEstimate, estimate_rate

#: The rate names, in display order: 居住登记率, 登记信息准确率, 居住出租房屋登记率.
RATE_NAMES: tuple[str, str, str] = ("registration_rate", "accuracy_rate", "rental_registration_rate")


def _flag(row: Mapping[str, Any], key: str) -> bool:
    """Return a 0/1 (or bool, or numeric text) column as a bool; missing/None/'' is False."""
    value = row.get(key)
    if value is None or value == "":
        return False
    if isinstance(value, str):
        try:
            return int(value) == 1
        except ValueError:
            return False
    return bool(value) and int(value) == 1


def in_area(area_path: str, area: str) -> bool:
    """Return True when ``area`` is one '/'-separated segment of ``area_path`` (district → grid)."""
    return bool(area) and area in area_path.split("/")


def survey_rates(results: Iterable[Mapping[str, Any]], target: float = 0.95) -> dict[str, RateEstimate]:
    """Compute the three rates from ``verification_result`` rows (deleted rows must be left out).

    Each row is a mapping of the ``verification_result`` columns (``kind``, ``found``,
    ``registered``, ``exempt``, ``all_correct``, ``address_id``). The cluster is the sampled
    address (``address_id``).

    * ``registration_rate``: rows with kind "person" and exempt ≠ 1; success = registered == 1.
    * ``accuracy_rate``: rows with kind "registration" (every verified registration record, exempt ≠ 1);
      success = all_correct == 1 and found == 1. A registration of someone who has left (found = 0,
      未注销) has its key field "status: living here" wrong, so it counts as an incorrect record.
    * ``rental_registration_rate``: rows with kind "rental_unit" and found == 1; success = registered == 1.

    Args:
        results: the rows, any iterable (consumed once).
        target: the target proportion for the status (default 0.95).

    Returns:
        ``{name: RateEstimate}`` for the names in :data:`RATE_NAMES`; a rate without rows has
        status ``no_data`` (never 0% or 100%). Never raises on odd values: a flag that is not
        1 counts as 0.
    """
    obs: dict[str, list[tuple[str, bool]]] = {name: [] for name in RATE_NAMES}
    for row in results:
        kind = row.get("kind")
        cluster = str(row.get("address_id") or "")
        if kind == "person":
            if not _flag(row, "exempt"):
                obs["registration_rate"].append((cluster, _flag(row, "registered")))
        elif kind == "registration":
            if not _flag(row, "exempt"):
                correct = _flag(row, "all_correct") and _flag(row, "found")
                obs["accuracy_rate"].append((cluster, correct))
        elif kind == "rental_unit" and _flag(row, "found"):
            obs["rental_registration_rate"].append((cluster, _flag(row, "registered")))
    return {name: estimate_rate(name, obs[name], target=target) for name in RATE_NAMES}
