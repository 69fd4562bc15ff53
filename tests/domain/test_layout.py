"""Room numbering of a building, range expansion, next names and the visit-outcome rules."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.address import natural_key
from desktop.domain.layout import (
    TASK_STATUSES,
    BuildingPlan,
    FloorPlan,
    RevisitRules,
    UnitPlan,
    check_counts,
    check_outcome,
    check_plan,
    expand_range,
    is_visited,
    next_name,
    plan_building,
    room_name,
    wants_revisit,
)


def test_room_names_follow_floor_and_two_digit_index() -> None:
    assert room_name(1, 1) == "101室"
    assert room_name(6, 4) == "604室"
    assert room_name(10, 1) == "1001室"
    assert room_name(12, 3) == "1203室"
    assert room_name(-1, 2) == "B102室"
    with pytest.raises(ValueError):
        room_name(0, 1)
    with pytest.raises(ValueError):
        room_name(1, 100)


def test_six_by_four_building_lists_101_to_604_top_floor_first() -> None:
    plan = plan_building(6, 4)
    assert len(plan.units) == 1 and plan.units[0].name == ""
    assert plan.room_count == 24
    assert plan.units[0].floors[0] == FloorPlan(6, ("601室", "602室", "603室", "604室"))
    assert plan.units[0].floors[-1].rooms == ("101室", "102室", "103室", "104室")


def test_units_repeat_their_numbers_or_continue_them() -> None:
    per_unit = plan_building(2, 2, units=2)
    assert [u.name for u in per_unit.units] == ["1单元", "2单元"]
    assert per_unit.units[1].room_names == ("201室", "202室", "101室", "102室")
    continuous = plan_building(2, 2, units=2, continuous=True)
    assert continuous.units[1].room_names == ("203室", "204室", "103室", "104室")


def test_basements_and_high_floors() -> None:
    plan = plan_building(11, 1, basements=1)
    assert plan.units[0].room_names[0] == "1101室"
    assert plan.units[0].room_names[-1] == "B101室"
    assert plan.units[0].floors[-1].label == "B1层"
    assert plan.units[0].floors[0].label == "11层"


def test_counts_out_of_range_are_problems() -> None:
    keys = {p.key for p in check_counts(0, 100, units=31, basements=10)}
    assert keys == {"layout.floors_range", "layout.rooms_range", "layout.units_range", "layout.basements_range"}
    assert {p.key for p in check_counts(5, 40, units=3, continuous=True)} == {"layout.rooms_range"}
    assert check_counts(6, 4) == ()
    with pytest.raises(ValueError):
        plan_building(0, 4)


def test_edited_plan_checks_duplicates_and_emptiness() -> None:
    edited = BuildingPlan((UnitPlan("1单元", (FloorPlan(1, ("101室", "101室")),)),
                           UnitPlan("1单元", (FloorPlan(1, ("101室",)),))))
    keys = [p.key for p in check_plan(edited)]
    assert keys == ["layout.duplicate_room", "layout.duplicate_unit"]
    assert [p.key for p in check_plan(BuildingPlan((UnitPlan("", ()),)))] == ["layout.no_rooms"]


def test_next_name_and_ranges() -> None:
    assert next_name("1单元") == "2单元"
    assert next_name("9单元") == "10单元"
    assert next_name("B1") == "B2"
    assert next_name("东单元") == "东单元2"
    assert expand_range("1-3号") == ("1号", "2号", "3号")
    assert expand_range("101~103室") == ("101室", "102室", "103室")
    assert expand_range("天童南路") == ("天童南路",)
    assert expand_range("5-1号") == ("5-1号",)  # reversed: left for the officer to see
    assert len(expand_range("1-500号")) == 500
    assert expand_range("1-501号") == ("1-501号",)


def test_natural_key_orders_numbers_by_value() -> None:
    names = ["10幢", "2幢", "1001室", "101室", "B101室"]
    assert sorted(names, key=natural_key) == ["2幢", "10幢", "101室", "1001室", "B101室"]
    assert natural_key("3幢101室") < natural_key("3幢1001室") < natural_key("10幢101室")


def test_revisit_rules_default_and_configurable() -> None:
    day = date(2026, 12, 1)
    rules = RevisitRules()
    assert rules.revisit_due("nobody_home", day) == date(2026, 12, 4)
    assert rules.revisit_due("revisit", day) == date(2026, 12, 8)
    for outcome in ("registered", "vacant", "refused"):
        assert rules.revisit_due(outcome, day) is None
    assert RevisitRules({"nobody_home": 1}).revisit_due("nobody_home", day) == date(2026, 12, 2)


def test_statuses_and_outcome_checks() -> None:
    assert TASK_STATUSES == ("not_visited", "registered", "nobody_home", "vacant", "refused", "revisit")
    assert not is_visited("not_visited") and is_visited("nobody_home")
    assert wants_revisit("revisit") and not wants_revisit("vacant")
    assert check_outcome("vacant") == ()
    assert [p.key for p in check_outcome("gone")] == ["visit.outcome_unknown"]
