"""Mask ID numbers and phone numbers for lists and reports (issue 7 item 4; PIPL art. 28/51).

The shapes follow the issue: a resident ID number keeps its first 4 and last 4 characters
(``3302**********123X``, 18 characters as typed), a mainland mobile its first 3 and last 4
(``138****5678``). Other documents and numbers keep less, so that no mask ever shows more than
half of a value: see :func:`mask_id_number` and :func:`mask_phone` (and :func:`mask_any` for a value of
any shape, e.g. an invalid one quoted in a report). Which roles see what is decided
in ``docs/security.md`` (Desktop, masking).
"""

from __future__ import annotations

import re
from typing import Literal

STAR = "*"
_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"(0\d{2,3})-(\d{5,8})")
_E164 = re.compile(r"\+(\d{1,3})(\d{4,})")
_WHITESPACE = re.compile(r"\s+")


def _keep(value: str, head: int, tail: int) -> str:
    middle = len(value) - head - tail
    return value[:head] + STAR * middle + (value[-tail:] if tail else "")


def mask_id_number(value: str | None) -> str:
    """Return ``value`` (any identity document number) with its middle replaced by ``*``.

    Same length as the input. 15 characters and more (resident ID cards, GB 11643-1999, and the old
    15-digit form): first 4 (the region, as far as the county) and last 4 kept. 7–14 characters
    (passports, HK/Macau/Taiwan permits): first 2 and last 2. 3–6: the last character only.
    Shorter: all stars. ``None`` or empty: ``""``.

    >>> mask_id_number("330212199001011234")
    '3302**********1234'
    """
    text = (value or "").strip()
    n = len(text)
    if n == 0:
        return ""
    if n >= 15:
        return _keep(text, 4, 4)
    if n >= 7:
        return _keep(text, 2, 2)
    if n >= 3:
        return _keep(text, 0, 1)
    return STAR * n


def mask_phone(value: str | None) -> str:
    """Return a phone number with its middle replaced by ``*``, in its stored form.

    Mainland mobile (11 digits): ``138****5678``. Landline ``0574-87654321``: area code and the last 4
    digits kept, ``0574-****4321``. E.164 ``+85291234567``: country code and last 4, ``+852****4567``.
    Anything else of 8 characters and more keeps the first 2 and last 4; 5–7 the last 2; shorter is
    all stars. ``None`` or empty: ``""``.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if _MOBILE.fullmatch(text):
        return _keep(text, 3, 4)
    landline = _LANDLINE.fullmatch(text)
    if landline:
        area, local = landline.groups()
        return f"{area}-{_keep(local, 0, 4)}"
    e164 = _E164.fullmatch(text)
    if e164:
        country, rest = e164.groups()
        return f"+{country}{_keep(rest, 0, 4)}"
    n = len(text)
    if n >= 8:
        return _keep(text, 2, 4)
    if n >= 5:
        return _keep(text, 0, 2)
    return STAR * n


def mask_any(value: str | None, kind: Literal["id_number", "phone"]) -> str:
    """Mask a value as found in an ID-number or phone field, whatever its shape (an invalid value
    quoted in a report: ``179 6344 3509``, Excel's ``4.114221994102527E+17``, a 17-digit typo).

    Whitespace is left out. A phone in a shape :func:`mask_phone` knows (mobile, landline, E.164) is
    masked by it. Otherwise only letters and digits are masked, other characters stay in place, and
    of ``n`` letters and digits these are kept: an ID number as :func:`mask_id_number` keeps characters
    (n ≥ 15: first 4 and last 4; 7–14: 2 and 2; 3–6: the last one); a phone, n ≥ 11: first 3 and last 4;
    8–10: the last 4; 5–7: the last 2. Fewer: all stars. ``None`` or empty: ``""``.

    >>> mask_any("4.114221994102527E+17", "id_number")
    '4.114***********7E+17'
    >>> mask_any("179 6344 3509", "phone")
    '179****3509'
    """
    text = _WHITESPACE.sub("", value or "")
    if not text:
        return ""
    n = sum(1 for ch in text if ch.isalnum())
    if kind == "phone":
        if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text) or _E164.fullmatch(text):
            return mask_phone(text)
        head, tail = (3, 4) if n >= 11 else (0, 4) if n >= 8 else (0, 2) if n >= 5 else (0, 0)
    else:
        head, tail = (4, 4) if n >= 15 else (2, 2) if n >= 7 else (0, 1) if n >= 3 else (0, 0)
    out: list[str] = []
    seen = 0
    for ch in text:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen <= head or seen > n - tail else STAR)
        else:
            out.append(ch)
    return "".join(out)


def is_masked(value: str | None) -> bool:
    """True when ``value`` holds a mask character (it came from :func:`mask_id_number` or
    :func:`mask_phone`), so it must never be saved back as the real value."""
    return STAR in (value or "")
