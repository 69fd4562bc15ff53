"""Masks of ID numbers and phones (issue 7 item 4)."""

from __future__ import annotations

import pytest

from desktop.domain.masking import is_masked, mask_any, mask_id_number, mask_phone


@pytest.mark.parametrize(("value", "masked"), [
    ("330212199001011234", "3302**********1234"),
    ("33021219900101123X", "3302**********123X"),
    ("330212900101123", "3302*******1123"),  # the old 15-digit card
    ("E12345678", "E1*****78"),  # passport
    ("H1234567", "H1****67"),
    ("12345", "****5"),
    ("12", "**"),
    ("", ""),
    (None, ""),
])
def test_id_numbers_keep_at_most_their_ends(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked
    assert len(mask_id_number(value)) == len((value or "").strip())


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("0574-87654321", "0574-****4321"),
    ("010-1234567", "010-***4567"),
    ("+85291234567", "+852****4567"),
    ("4001234567", "40****4567"),
    ("12345", "***45"),
    ("110", "***"),
    ("", ""),
    (None, ""),
])
def test_phones_keep_the_prefix_and_the_last_four(value: str | None, masked: str) -> None:
    assert mask_phone(value) == masked


def test_a_masked_value_is_recognisable() -> None:
    assert is_masked(mask_phone("13812345678")) and not is_masked("13812345678")


@pytest.mark.parametrize(("value", "masked"), [
    ("330212199001011234", "3302**********1234"),  # well-formed: as mask_id_number
    ("3302 1219 9001 0112 34", "3302**********1234"),  # spaces are left out, not masked in place
    ("4.114221994102527E+17", "4.114***********7E+17"),  # Excel's number: only letters and digits masked
    ("33021219900101123", "3302*********1123"),  # 17 characters
    ("19900230", "19****30"),  # the birth date part of an ID
    ("3302\x001219", "33**\x00**19"),
    ("12", "**"),
    ("", ""),
    (None, ""),
])
def test_any_id_number_value_keeps_at_most_its_ends(value: str | None, masked: str) -> None:
    assert mask_any(value, "id_number") == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("179 6344 3509", "179****3509"),
    ("13812345678", "138****5678"),
    ("0574-87654321", "0574-****4321"),
    ("+85291234567", "+852****4567"),
    ("87654321", "****4321"),  # a local number: no more than half shown
    ("+86 179-6344-3509", "+861**-****-3509"),
    ("138-1234-567", "***-***4-567"),  # 10 digits: the last 4
    ("12345", "***45"),
    ("无", "*"),
    ("", ""),
])
def test_any_phone_value_keeps_at_most_its_ends(value: str, masked: str) -> None:
    assert mask_any(value, "phone") == masked


def test_an_id_number_of_any_shape_shows_at_most_half_of_its_letters_and_digits() -> None:
    for value in ("4.114221994102527E+17", "179 6344 3509", "87654321", "1.2E+5", "abc", "0574-8888 1234"):
        masked = mask_any(value, "id_number")
        assert sum(ch.isalnum() for ch in masked) * 2 <= sum(ch.isalnum() for ch in value), (value, masked)
