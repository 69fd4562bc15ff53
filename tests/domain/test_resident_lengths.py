"""Length limits on resident texts (issue 6 new-user trial: a 10,000-character name was accepted)."""

from __future__ import annotations

from datetime import date

from desktop.domain.resident import TEXT_LIMITS, ResidentInput, check_length, validate_resident


def test_over_long_texts_are_errors_with_length_and_limit() -> None:
    inp = ResidentInput(id_number="110101199003078515", name="王" * 10_000, employer_name="某" * 101,
                        hukou_address="浙" * 200, occupation="工" * 51)
    checked = validate_resident(inp, today=date(2024, 6, 1))
    too_long = {p.field: p for p in checked.problems if p.key == "text.too_long"}
    assert set(too_long) == {"name", "employer_name", "occupation"}
    assert too_long["name"].params == {"length": 10_000, "limit": 50}
    assert not checked.ok


def test_limits_fit_real_values() -> None:
    assert check_length("name", "买买提·艾力") is None
    assert check_length("name", "王" * 50) is None and check_length("name", "王" * 51) is not None
    assert check_length("unknown_field", "x" * 10_000) is None
    assert TEXT_LIMITS["address"] >= 100
