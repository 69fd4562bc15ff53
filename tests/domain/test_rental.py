"""Rental units: landlord documents, numbers, lease dates, safety vs hazard, the 群租 check."""

from __future__ import annotations

import json
from datetime import date

from desktop.domain.idnumber import compute_check_digit
from desktop.domain.rental import (
    HazardLevel,
    LandlordType,
    RentalInput,
    SafetyItem,
    failed_items,
    is_over_limit,
    parse_safety,
    validate_rental,
)
from desktop.domain.uscc import compute_uscc_check

TODAY = date(2025, 6, 1)


def valid_id(first17: str) -> str:
    return first17 + compute_check_digit(first17)


def keys(inp: RentalInput, occupants: int = 0) -> set[str]:
    return {p.key for p in validate_rental(inp, occupants=occupants, today=TODAY)[1]}


def test_person_landlord_id_checked() -> None:
    good = RentalInput(landlord_name="王建国", landlord_id_number=valid_id("33021219700101001"))
    values, problems = validate_rental(good, today=TODAY)
    assert problems == () and values["landlord_id_number"] == valid_id("33021219700101001")
    bad = RentalInput(landlord_name="王建国", landlord_id_number="330212197001010010")
    assert "id_number.checksum" in keys(bad) or "id_number.format" in keys(bad)
    assert keys(RentalInput(landlord_name="王建国")) == {"rental.landlord_document_missing"}


def test_org_landlord_uscc_checked() -> None:
    first = "91330212MA2AB3C4D"
    org = RentalInput(landlord_type=LandlordType.ORG, landlord_name="宁波某物业公司",
                      landlord_uscc=first + compute_uscc_check(first))
    assert keys(org) == set()
    org.landlord_uscc = first + ("0" if compute_uscc_check(first) != "0" else "1")
    assert keys(org) == {"uscc.checksum"}


def test_over_limit_is_a_warning_with_counts() -> None:
    inp = RentalInput(landlord_name="王", landlord_id_number=valid_id("33021219700101001"), occupancy_limit=4)
    assert keys(inp, occupants=4) == set()
    problems = validate_rental(inp, occupants=5, today=TODAY)[1]
    assert [(p.key, p.severity.value, dict(p.params)) for p in problems] == [
        ("rental.over_limit", "warning", {"occupants": 5, "limit": 4})]
    assert is_over_limit(5, 4) and not is_over_limit(5, None) and not is_over_limit(5, 0)


def test_numbers_dates_and_hazard() -> None:
    inp = RentalInput(landlord_name="王", landlord_id_number=valid_id("33021219700101001"), area_m2=-1,
                      lease_start=date(2025, 5, 1), lease_end=date(2025, 4, 1),
                      safety={SafetyItem.EBIKE_INDOOR_CHARGING: True, SafetyItem.FIRE_EXIT: True},
                      hazard_level=HazardLevel.NONE)
    assert keys(inp) == {"rental.negative", "rental.lease_end_before_start", "rental.hazard_understated"}
    assert failed_items(inp.safety) == (SafetyItem.EBIKE_INDOOR_CHARGING,)


def test_safety_json_round_trip() -> None:
    inp = RentalInput(landlord_name="王", landlord_id_number=valid_id("33021219700101001"),
                      safety={SafetyItem.THREE_IN_ONE: False, SafetyItem.EXTINGUISHER: True})
    values, _ = validate_rental(inp, today=TODAY)
    assert json.loads(str(values["safety"])) == {"extinguisher": True, "three_in_one": False}
    assert parse_safety(str(values["safety"])) == inp.safety
    assert parse_safety("not json") == {} and parse_safety('{"x": true}') == {}
