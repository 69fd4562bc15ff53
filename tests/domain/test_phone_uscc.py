from __future__ import annotations

import pytest
from stdnum.cn import uscc as stdnum_uscc

from desktop.domain.phone import check_phone, normalize_phone
from desktop.domain.problems import Severity
from desktop.domain.uscc import ALPHABET, check_uscc, compute_uscc_check, normalize_uscc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        (" 199 1234 5678 ", "19912345678"),
        ("0574-87654321", "0574-87654321"),
        ("057487654321", "0574-87654321"),
        ("(0574)87654321", "0574-87654321"),
        ("（０５７４）８７６５ ４３２１", "0574-87654321"),
        ("010-12345678", "010-12345678"),
        ("+852 9123 4567", "+85291234567"),
    ],
)
def test_valid_phones(raw: str, expected: str) -> None:
    assert check_phone(raw) == (expected, ())
    assert normalize_phone(raw) == expected


def test_local_number_assumed_ningbo() -> None:
    normalized, problems = check_phone("87654321", field="landlord_phone")
    assert normalized == "0574-87654321"
    (problem,) = problems
    assert problem.key == "phone.assumed_0574" and problem.severity is Severity.WARNING
    assert problem.field == "landlord_phone"
    assert dict(problem.params) == {"value": "87654321", "normalized": "0574-87654321"}


@pytest.mark.parametrize("raw", ["", "  ", "\u3000"])
def test_empty_phone_is_fine(raw: str) -> None:
    assert check_phone(raw) == ("", ())


@pytest.mark.parametrize("raw", ["12345678901", "1381234567", "abc", "0574-8765432", "110"])
def test_invalid_phones(raw: str) -> None:
    _normalized, problems = check_phone(raw)
    assert [p.key for p in problems] == ["phone.invalid"]
    assert problems[0].severity is Severity.ERROR


def hand_uscc_check(first17: str) -> str:
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, weights, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def test_uscc_alphabet() -> None:
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)


def test_uscc_valid() -> None:
    assert compute_uscc_check("91110000600037341") == "L" == hand_uscc_check("91110000600037341")
    assert check_uscc("91110000600037341L") == ("91110000600037341L", ())
    assert check_uscc(" 9111 0000-6000 3734 1l ") == ("91110000600037341L", ())
    assert normalize_uscc("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


@pytest.mark.parametrize("first17", ["N2330212MA2AB1234", "Y1330212MA2AB1234", "51330200MJ9876543"])
def test_uscc_letter_led_accepted(first17: str) -> None:
    code = first17 + hand_uscc_check(first17)
    assert compute_uscc_check(first17) == stdnum_uscc.calc_check_digit(code)
    assert check_uscc(code) == (code, ())


def test_uscc_wrong_check() -> None:
    code, problems = check_uscc("91110000600037341M")
    assert code == "91110000600037341M"
    (problem,) = problems
    assert problem.key == "uscc.checksum" and problem.severity is Severity.ERROR
    assert dict(problem.params) == {"expected": "L", "got": "M"}


@pytest.mark.parametrize(
    "raw", ["9111000060003734IL", "91110000600037341", "91110000600037341LL", "9111000060003734OL"]
)
def test_uscc_format(raw: str) -> None:
    _code, problems = check_uscc(raw)
    assert [p.key for p in problems] == ["uscc.format"]


def test_uscc_empty_and_legacy() -> None:
    assert check_uscc("") == ("", ())
    code, problems = check_uscc("330212000123456")
    assert code == "330212000123456"
    assert [(p.key, p.severity) for p in problems] == [("uscc.legacy_registration_number", Severity.WARNING)]
    with pytest.raises(ValueError):
        compute_uscc_check("9111000060003734I")


def test_mobile_fast_path_agrees_with_the_library() -> None:
    import random

    import phonenumbers

    rng = random.Random(7)
    for _ in range(3000):
        text = "1" + "".join(str(rng.randrange(10)) for _ in range(10))
        try:
            library_ok = phonenumbers.is_valid_number(phonenumbers.parse(text, "CN"))
        except phonenumbers.NumberParseException:
            library_ok = False
        normalized, problems = check_phone(text)
        assert (not problems) == library_ok, text
        if library_ok:
            assert normalized == text
