"""The three rates from this device's verification results (DESIGN §6).

Reads ``verification_result`` rows of one area and hands them to the pure
:func:`desktop.domain.survey.survey_rates`, the same function central uses. Runs on the DB thread;
must not touch Qt.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal, select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.rates import RateEstimate
from desktop.domain.survey import survey_rates
from desktop.store import tables as t
from desktop.store.db import Store

_COLUMNS = ("kind", "found", "registered", "exempt", "all_correct", "address_id", "area_path", "stratum")


def local_rates(store: Store, area: str = YINZHOU_DISTRICT_CODE) -> dict[str, RateEstimate]:
    """Return the three rates over the live verification results of ``area``.

    Args:
        store: the local store.
        area: an area id or code that must be one '/'-segment of a result's ``area_path``.

    Returns:
        ``{rate name: RateEstimate}`` as :func:`survey_rates` gives it (``no_data`` without rows).
    """
    vr = t.verification_result
    # '/' + path + '/' LIKE '%/area/%': the area is a whole segment, never a substring of one
    segment = ("%/" + area.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%")
    query = select(*(vr.c[name] for name in _COLUMNS)).where(
        vr.c.deleted == 0,
        (literal("/") + vr.c.area_path + literal("/")).like(segment, escape="\\"),
    )
    with store.read() as conn:
        rows: list[dict[str, Any]] = [dict(r) for r in conn.execute(query).mappings()]
    return survey_rates(rows)
