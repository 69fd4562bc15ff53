"""Masks of ID numbers and phones (issue 7 item 4)."""

from __future__ import annotations

import pytest

from desktop.domain.masking import is_masked, mask_id_number, mask_phone


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
