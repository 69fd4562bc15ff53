"""Endorsement windows, the permit's state, the 29 February / month-end rule, and eligibility."""

from __future__ import annotations

from datetime import date

from desktop.domain.permit import (
    PermitInput,
    PermitState,
    add_months,
    add_years,
    eligibility,
    endorsement_window,
    permit_standing,
    validate_permit,
)


def test_window_is_the_month_before_each_anniversary() -> None:
    assert endorsement_window(date(2024, 5, 10), 1) == (date(2025, 4, 10), date(2025, 5, 10))
    assert endorsement_window(date(2024, 5, 10), 2) == (date(2026, 4, 10), date(2026, 5, 10))


def test_29_february_and_month_end_rule() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert endorsement_window(date(2024, 2, 29), 1) == (date(2025, 1, 28), date(2025, 2, 28))
    # anniversary 31 March: the window opens on the last day of February
    assert endorsement_window(date(2023, 3, 31), 1) == (date(2024, 2, 29), date(2024, 3, 31))
    assert endorsement_window(date(2024, 3, 31), 1) == (date(2025, 2, 28), date(2025, 3, 31))
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_states_through_the_year() -> None:
    issue = date(2024, 5, 10)
    assert permit_standing(issue, [], date(2025, 4, 9)).state is PermitState.UPCOMING
    assert permit_standing(issue, [], date(2025, 4, 10)).state is PermitState.IN_WINDOW
    assert permit_standing(issue, [], date(2025, 5, 9)).state is PermitState.IN_WINDOW
    suspended = permit_standing(issue, [], date(2025, 5, 10))
    assert suspended.state is PermitState.SUSPENDED and suspended.due == date(2025, 5, 10)


def test_on_time_endorsement_moves_to_the_next_year() -> None:
    standing = permit_standing(date(2024, 5, 10), [date(2025, 4, 20)], date(2025, 6, 1))
    assert standing.state is PermitState.UPCOMING
    assert standing.cycle == 2 and standing.due == date(2026, 5, 10)
    assert standing.endorsed_on_time == (date(2025, 4, 20),)


def test_late_endorsement_restarts_the_residence_years() -> None:
    standing = permit_standing(date(2024, 5, 10), [date(2025, 7, 1)], date(2025, 8, 1))
    assert standing.state is PermitState.UPCOMING
    assert standing.residence_since == date(2025, 7, 1)
    assert standing.due == date(2026, 7, 1)
    assert standing.endorsed_late == (date(2025, 7, 1),)


def test_early_endorsement_does_not_count() -> None:
    standing = permit_standing(date(2024, 5, 10), [date(2025, 1, 5)], date(2025, 5, 11))
    assert standing.state is PermitState.SUSPENDED
    assert standing.ignored == (date(2025, 1, 5),)
    _, problems = validate_permit(PermitInput("330212A1", date(2024, 5, 10), [date(2025, 1, 5)]),
                                  today=date(2025, 5, 11))
    assert [p.key for p in problems] == ["permit.endorsement_early"]


def test_permit_validation_errors() -> None:
    _, problems = validate_permit(PermitInput("", None), today=date(2025, 1, 1))
    assert {p.key for p in problems} == {"permit.number_required", "permit.issue_date_required"}
    _, problems = validate_permit(PermitInput("X1", date(2026, 1, 1)), today=date(2025, 1, 1))
    assert [p.key for p in problems] == ["permit.issue_date_future"]
    _, problems = validate_permit(PermitInput("X1", date(2024, 1, 1), [date(2023, 1, 1)]), today=date(2025, 1, 1))
    assert [p.key for p in problems] == ["permit.endorsement_before_issue"]


def test_eligibility_needs_six_months_and_a_condition() -> None:
    declared = date(2025, 8, 31)
    assert eligibility(declared, date(2026, 2, 27), work=True, housing=False, study=False).eligible is False
    ok = eligibility(declared, date(2026, 2, 28), work=True, housing=False, study=False)
    assert ok.eligible and ok.eligible_from == date(2026, 2, 28) and ok.conditions == ("work",)
    assert not eligibility(declared, date(2027, 1, 1), work=False, housing=False, study=False).eligible
    assert not eligibility(None, date(2027, 1, 1), work=True, housing=True, study=True).eligible
