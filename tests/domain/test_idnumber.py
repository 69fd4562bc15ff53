from __future__ import annotations

import random
from datetime import date

import pytest

from desktop.domain.codes import Sex
from desktop.domain.idnumber import (
    check_id_number,
    compute_check_digit,
    normalize_id_number,
    province_of_region,
    upgrade_15_to_18,
)
from desktop.domain.problems import Severity

TODAY = date(2025, 6, 1)
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # 2^(17-i) mod 11, GB 11643-1999


def hand_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def build(first17: str) -> str:
    return first17 + hand_check(first17)


def keys(check: object) -> list[str]:
    return [p.key for p in check.problems]  # type: ignore[attr-defined]


def test_weights_are_powers_of_two_mod_11() -> None:
    assert [pow(2, 17 - i, 11) for i in range(17)] == WEIGHTS


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("11010519491231002X", date(1949, 12, 31), Sex.FEMALE),
        ("110101199003071233", date(1990, 3, 7), Sex.MALE),
        ("440524188001010014", date(1880, 1, 1), None),  # pre-1900: error, see below
        ("360426199101010071", date(1991, 1, 1), Sex.MALE),
        ("33021220030101123X", date(2003, 1, 1), Sex.MALE),
    ],
)
def test_known_good_check_digits(number: str, birth: date, sex: Sex | None) -> None:
    assert compute_check_digit(number[:17]) == number[17] == hand_check(number[:17])
    check = check_id_number(number, today=TODAY)
    assert "id_number.checksum" not in keys(check)
    if sex is not None:
        assert check.ok and check.problems == ()
        assert check.birth_date == birth
        assert check.sex is sex


def test_valid_number_details() -> None:
    check = check_id_number("330212198506152343", today=TODAY)
    assert check.ok and check.problems == ()
    assert check.normalized == "330212198506152343"
    assert check.birth_date == date(1985, 6, 15)
    assert check.sex is Sex.FEMALE  # 17th digit 4 is even
    assert check.region_code == "330212"
    assert check.region_name == "浙江省宁波市鄞州区"


def test_lower_case_x_full_width_and_spaces() -> None:
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    messy = " 110105\u300019491231 002\u00a0x\u200b\t"
    assert normalize_id_number(messy) == "11010519491231002X"
    assert normalize_id_number("'110101199003071233") == "110101199003071233"
    assert normalize_id_number("abc") == "ABC"  # does not validate
    for raw in ("11010519491231002x", "１１０１０５１９４９１２３１００２ｘ", messy):
        check = check_id_number(raw, today=TODAY)
        assert check.ok and check.normalized == "11010519491231002X"


def test_15_digit_upgraded_with_warning() -> None:
    expected = build("13050319670401001")
    assert expected == "130503196704010016"
    assert upgrade_15_to_18("130503670401001") == expected
    assert upgrade_15_to_18("330212800101001") == "330212198001010016"  # id-validator vector
    check = check_id_number("130503670401001", today=TODAY)
    assert check.ok
    assert check.normalized == expected
    assert check.birth_date == date(1967, 4, 1)
    assert check.sex is Sex.MALE
    (problem,) = check.problems
    assert problem.key == "id_number.upgraded_15" and problem.severity is Severity.WARNING
    assert dict(problem.params) == {"old": "130503670401001", "new": expected}


def test_wrong_check_digit() -> None:
    check = check_id_number("110101199003071234", today=TODAY, field="id_no")
    assert not check.ok
    (problem,) = check.problems
    assert problem.key == "id_number.checksum" and problem.field == "id_no"
    assert problem.severity is Severity.ERROR
    assert dict(problem.params) == {"expected": "3", "got": "4"}


def test_impossible_date() -> None:
    number = build("11010519900230123")
    check = check_id_number(number, today=TODAY)
    assert keys(check) == ["id_number.birth_date_invalid"]
    assert check.problems[0].params["value"] == "19900230"
    assert check.birth_date is None and not check.ok


def test_future_and_pre_1900_dates() -> None:
    future = check_id_number(build("11010520990101123"), today=TODAY)
    assert keys(future) == ["id_number.birth_date_future"] and not future.ok
    tomorrow = check_id_number(build("11010520250602123"), today=TODAY)
    assert keys(tomorrow) == ["id_number.birth_date_future"]
    today_born = check_id_number(build("11010520250601123"), today=TODAY)
    assert today_born.ok
    early = check_id_number(build("11010518991231001"), today=TODAY)
    assert keys(early) == ["id_number.birth_date_too_early"] and not early.ok


@pytest.mark.parametrize(
    "raw",
    [
        "3.30212198506152E+17",
        "3.30212198506152e+17",
        "330212198506152343.0",
        "3.3021E+17",
        "330212198506152000",
    ],
)
def test_excel_mangled(raw: str) -> None:
    check = check_id_number(raw, today=TODAY)
    assert keys(check) == ["id_number.excel_mangled"]
    assert not check.ok and check.birth_date is None


def test_trailing_zeros_with_valid_checksum_is_not_mangled() -> None:
    # A real number may end in 000 (sequence x00, check 0): only a failing checksum means Excel.
    candidates = [f"1101011990{mm:02d}{dd:02d}100" for mm in range(1, 13) for dd in range(1, 29)]
    number = next(c + "0" for c in candidates if hand_check(c) == "0")
    check = check_id_number(number, today=TODAY)
    assert check.ok and check.problems == ()
    assert compute_check_digit("33021219850615200") != "0"


@pytest.mark.parametrize(
    "raw", ["33021219850615234", "3302121985061523431", "11010519491231002A", "1101051949X231002X", "abc"]
)
def test_format_errors(raw: str) -> None:
    check = check_id_number(raw, today=TODAY)
    assert keys(check) == ["id_number.format"]
    normalized = normalize_id_number(raw)
    assert dict(check.problems[0].params) == {"value": normalized, "length": len(normalized)}


@pytest.mark.parametrize("raw", ["", "   ", "\u3000\u200b"])
def test_required(raw: str) -> None:
    assert keys(check_id_number(raw, today=TODAY)) == ["id_number.required"]


@pytest.mark.parametrize(
    ("first17", "county"),
    [
        ("33022719500315001", "鄞县"),  # 330227 鄞县 [1983-2002], born before the code existed
        ("33021219800101001", "鄞州区"),  # 330212 [2002-], born 1980
        ("33020420200101001", "江东区"),  # 330204 江东区 [1983-2016], born 2020
        ("13050319800101001", "桥西区"),  # 130503 [1983-2019]桥西区,[2020-]信都区
    ],
)
def test_historical_region_codes_accepted(first17: str, county: str) -> None:
    check = check_id_number(build(first17), today=TODAY)
    assert check.ok
    assert all(p.severity is Severity.WARNING for p in check.problems)
    assert set(keys(check)) <= {"id_number.region_historical"}
    assert check.region_name is not None and check.region_name.endswith(county)


def test_region_name_follows_birth_year() -> None:
    assert check_id_number(build("13050320210101001"), today=TODAY).region_name == "河北省邢台市信都区"


@pytest.mark.parametrize(("prefix", "name"), [("810000", "香港"), ("820000", "澳门"), ("830000", "台湾")])
def test_hk_macau_taiwan(prefix: str, name: str) -> None:
    check = check_id_number(build(prefix + "19900101123"), today=TODAY)
    assert check.ok and check.problems == ()
    assert check.region_name == name


def test_stdnum_keyerror_code_does_not_raise() -> None:
    check = check_id_number("620201198506273727", today=TODAY)
    assert check.ok
    assert check.birth_date == date(1985, 6, 27)
    assert keys(check) == ["id_number.region_unknown"]
    assert check.region_name == "甘肃省嘉峪关市"


def test_unknown_region_is_a_warning() -> None:
    check = check_id_number(build("99999919900101123"), today=TODAY)
    assert check.ok
    assert keys(check) == ["id_number.region_unknown"]
    assert check.problems[0].params == {"region_code": "999999"}
    assert check.region_name is None and check.region_code == "999999"


def test_province_of_region() -> None:
    assert province_of_region("330212") == "浙江省"
    assert province_of_region("330227") == "浙江省"
    assert province_of_region("110105") == "北京市"
    assert province_of_region("650102") == "新疆维吾尔自治区"
    assert province_of_region("810000") == "香港特别行政区"
    assert province_of_region("830000") == "台湾省"
    assert province_of_region("999999") is None
    assert province_of_region("") is None


def test_check_digit_matches_the_standard_formula_for_every_digit_in_every_position() -> None:
    # compute_check_digit sums ASCII codes (less 48 × Σ weights); each digit in each position, and
    # a seeded spread of whole numbers, must give GB 11643-1999's S mod 11 as written in the standard.
    rng = random.Random(11643)
    numbers = [("0" * pos + digit).ljust(17, "0") for pos in range(17) for digit in "0123456789"]
    numbers += ["".join(rng.choice("0123456789") for _ in range(17)) for _ in range(2000)]
    assert [compute_check_digit(n) for n in numbers] == [hand_check(n) for n in numbers]
    with pytest.raises(ValueError):
        compute_check_digit("".join(chr(0xFF10 + int(d)) for d in "11010519491231002"))  # full-width: normalise first


def test_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError):
        compute_check_digit("1234")
    with pytest.raises(ValueError):
        compute_check_digit("1101051949123100X")
    with pytest.raises(ValueError):
        upgrade_15_to_18("13050367040100")
