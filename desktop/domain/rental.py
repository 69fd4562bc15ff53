"""Rental units (出租房屋): landlord, letting, safety checks, hazard level and the 群租 check.

Field set: DESIGN §3 and domain.md §1.5 (public grid/police systems; no official Zhejiang list
exists). The landlord is a person (resident ID number, GB 11643) or an organisation (unified
social credit code, GB 32100). Safety checks are stored as ``rental_unit.safety`` JSON
``{item: true | false}`` (an item not checked is absent); ``true`` always means *the condition
holds* as worded by :class:`SafetyItem` (e.g. ``ebike_indoor_charging: true`` is a finding).

Group rental (群租): more people actually living in the unit than its occupancy limit is a WARNING
``rental.over_limit`` (the officer reports it; saving is not blocked, the record must say what is
really there).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from desktop.domain.codes import RentalStatus, RentalUse
from desktop.domain.idnumber import check_id_number
from desktop.domain.phone import check_phone
from desktop.domain.problems import Problem, error, warning
from desktop.domain.uscc import check_uscc


class LandlordType(StrEnum):
    """出租人类型: a person (ID number) or an organisation (USCC)."""

    PERSON = "person"
    ORG = "org"


class SafetyItem(StrEnum):
    """Safety-check items (domain.md §1.5). True = the worded condition holds."""

    FIRE_EXIT = "fire_exit"  # 有安全/消防通道 (good)
    EXTINGUISHER = "extinguisher"  # 配备灭火器 (good)
    SMOKE_DETECTOR = "smoke_detector"  # 安装烟感 (good)
    EBIKE_INDOOR_CHARGING = "ebike_indoor_charging"  # 电动自行车室内充电 (a hazard)
    THREE_IN_ONE = "three_in_one"  # 三合一: living, production and storage in one space (a hazard)


#: Items whose ``True`` is good; for the others ``True`` is a hazard.
GOOD_WHEN_TRUE: frozenset[SafetyItem] = frozenset(
    {SafetyItem.FIRE_EXIT, SafetyItem.EXTINGUISHER, SafetyItem.SMOKE_DETECTOR})


class HazardLevel(StrEnum):
    """隐患程度 as the officer assesses it ("" in the store = not assessed)."""

    NONE = "none"  # 无隐患
    GENERAL = "general"  # 一般隐患
    SERIOUS = "serious"  # 重大隐患


def failed_items(safety: Mapping[SafetyItem, bool]) -> tuple[SafetyItem, ...]:
    """Return the checked items that are findings (a good item missing, or a hazard present)."""
    return tuple(item for item in SafetyItem if item in safety
                 and safety[item] != (item in GOOD_WHEN_TRUE))


def parse_safety(text: str) -> dict[SafetyItem, bool]:
    """Read ``rental_unit.safety`` JSON; unknown keys and non-boolean values are dropped."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    known = {item.value: item for item in SafetyItem}
    return {known[k]: bool(v) for k, v in raw.items() if k in known and isinstance(v, bool | int)}


def is_over_limit(occupants: int, limit: int | None) -> bool:
    """True when more people live in the unit than its occupancy limit (group rental, 群租)."""
    return limit is not None and limit > 0 and occupants > limit


def check_occupancy(occupants: int, limit: int | None) -> tuple[Problem, ...]:
    """WARNING ``rental.over_limit`` (params occupants, limit) when occupants exceed the limit."""
    if limit is not None and is_over_limit(occupants, limit):
        return (warning("occupancy_limit", "rental.over_limit", occupants=occupants, limit=limit),)
    return ()


@dataclass
class RentalInput:
    """A rental unit as typed (strings and numbers as the form gives them; None = not given)."""

    landlord_type: LandlordType = LandlordType.PERSON
    landlord_name: str = ""
    landlord_id_number: str = ""
    landlord_uscc: str = ""
    landlord_phone: str = ""
    use: RentalUse = RentalUse.RESIDENTIAL
    area_m2: float | None = None
    rooms_let: int | None = None
    occupancy_limit: int | None = None
    lease_start: date | None = None
    lease_end: date | None = None
    rent: float | None = None
    pledge_signed_date: date | None = None
    safety: dict[SafetyItem, bool] = field(default_factory=dict)
    hazard_level: HazardLevel | None = None
    status: RentalStatus = RentalStatus.LET


def validate_rental(inp: RentalInput, *, occupants: int = 0,
                    today: date | None = None) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """Normalise and check a rental unit; return (``rental_unit`` column values, problems).

    Args:
        inp: the typed values.
        occupants: people with a living registration at the unit's rooms (for the 群租 check).
        today: for date checks (default: today).
    """
    today = today or date.today()
    problems: list[Problem] = []
    name = " ".join(inp.landlord_name.split())
    if not name:
        problems.append(error("landlord_name", "rental.landlord_name_required"))
    id_number, uscc = "", ""
    if inp.landlord_type is LandlordType.PERSON:
        if inp.landlord_id_number.strip():
            check = check_id_number(inp.landlord_id_number, today=today, field="landlord_id_number")
            id_number = check.normalized
            problems.extend(check.problems)
        else:
            problems.append(warning("landlord_id_number", "rental.landlord_document_missing"))
    else:
        if inp.landlord_uscc.strip():
            uscc, uscc_problems = check_uscc(inp.landlord_uscc, field="landlord_uscc")
            problems.extend(uscc_problems)
        else:
            problems.append(warning("landlord_uscc", "rental.landlord_document_missing"))
    phone, phone_problems = check_phone(inp.landlord_phone, field="landlord_phone")
    problems.extend(phone_problems)

    for field_name, value in (("area_m2", inp.area_m2), ("rooms_let", inp.rooms_let),
                              ("occupancy_limit", inp.occupancy_limit), ("rent", inp.rent)):
        if value is not None and value < 0:
            problems.append(error(field_name, "rental.negative", value=str(value)))
    if inp.lease_start and inp.lease_end and inp.lease_end < inp.lease_start:
        problems.append(error("lease_end", "rental.lease_end_before_start",
                              start=inp.lease_start.isoformat(), end=inp.lease_end.isoformat()))
    if inp.pledge_signed_date and inp.pledge_signed_date > today:
        problems.append(error("pledge_signed_date", "rental.date_future", value=inp.pledge_signed_date.isoformat()))
    problems.extend(check_occupancy(occupants, inp.occupancy_limit))
    failed = failed_items(inp.safety)
    if failed and inp.hazard_level is HazardLevel.NONE:
        problems.append(warning("hazard_level", "rental.hazard_understated", items=len(failed)))

    values: dict[str, object] = {
        "landlord_type": inp.landlord_type.value,
        "landlord_name": name,
        "landlord_id_number": id_number,
        "landlord_uscc": uscc,
        "landlord_phone": phone,
        "use": inp.use.value,
        "area_m2": inp.area_m2,
        "rooms_let": inp.rooms_let,
        "occupancy_limit": inp.occupancy_limit,
        "lease_start": inp.lease_start.isoformat() if inp.lease_start else None,
        "lease_end": inp.lease_end.isoformat() if inp.lease_end else None,
        "rent": inp.rent,
        "pledge_signed_date": inp.pledge_signed_date.isoformat() if inp.pledge_signed_date else None,
        "safety": json.dumps({k.value: v for k, v in sorted(inp.safety.items())}, ensure_ascii=False),
        "hazard_level": inp.hazard_level.value if inp.hazard_level else "",
        "status": inp.status.value,
    }
    return values, tuple(problems)
