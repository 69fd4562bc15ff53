"""Plate codes: random, well-formed, checkable; typos and swaps are caught."""

from __future__ import annotations

from desktop.domain.plate import (
    ALPHABET,
    CODE_LENGTH,
    check_plate_code,
    display_code,
    is_plate_code,
    new_plate_code,
    normalize_plate_text,
    qr_payload,
)


def test_codes_are_random_and_valid() -> None:
    codes = {new_plate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) and is_plate_code(code)
    assert not set("01ILO") & set(ALPHABET)


def test_every_single_substitution_and_adjacent_swap_is_caught() -> None:
    code = new_plate_code()
    for i in range(CODE_LENGTH):
        for c in ALPHABET:
            if c != code[i]:
                assert not is_plate_code(code[:i] + c + code[i + 1:])
    for i in range(CODE_LENGTH - 1):
        if code[i] != code[i + 1]:
            assert not is_plate_code(code[:i] + code[i + 1] + code[i] + code[i + 2:])


def test_scanned_and_typed_forms() -> None:
    code = new_plate_code()
    assert normalize_plate_text(qr_payload(code)) == code
    assert is_plate_code(display_code(code).lower())
    assert is_plate_code(" " + qr_payload(code).lower() + " ")
    assert check_plate_code("张伟")[1][0].key == "plate.format"
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    assert check_plate_code(wrong)[1][0].key == "plate.checksum"
    assert check_plate_code(code) == (code, ())
