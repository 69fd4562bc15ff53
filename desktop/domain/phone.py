"""Phone numbers: mainland mobiles, landlines (Ningbo 0574 by default) and foreign numbers.

Validation uses the ``phonenumbers`` metadata (Google libphonenumber port, offline) with default
region "CN" (domain.md §2.13).  Normalised forms:

* mainland mobile: 11 digits, e.g. ``13812345678``;
* mainland landline: area code with trunk 0, a hyphen, the local number, e.g. ``0574-87654321``;
* other mainland numbers (400/800 service numbers): national digits, e.g. ``4001234567``;
* non-mainland numbers (must be written with ``+``): E.164, e.g. ``+85291234567``.

A bare 7–8 digit local number is assumed to be a Ningbo number (area code 0574).
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from desktop.domain.problems import Problem, error, warning

NINGBO_AREA_CODE = "0574"
_RE_LOCAL = re.compile(r"[2-9]\d{6,7}")
_RE_JUNK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-./()（）]+")
_FIXED_TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Fast path for the common case, an 11-digit mainland mobile: the library's own CN mobile pattern
# (phonenumbers metadata), matched directly instead of a full parse (≈40× faster; same verdict).
def _cn_mobile_pattern() -> re.Pattern[str]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    pattern = metadata.mobile.national_number_pattern if metadata and metadata.mobile else None
    if not pattern:
        raise RuntimeError("phonenumbers has no CN mobile pattern")
    return re.compile(f"(?:{pattern})")


_CN_MOBILE = _cn_mobile_pattern()


def _clean(raw: str) -> str:
    return _RE_JUNK.sub("", unicodedata.normalize("NFKC", raw)).lstrip("'")


def _format(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != 86:
        return str(phonenumbers.format_number(number, PhoneNumberFormat.E164))
    nsn = str(phonenumbers.national_significant_number(number))
    ntype = phonenumbers.number_type(number)
    if ntype in _FIXED_TYPES:
        area_len = int(phonenumbers.length_of_geographical_area_code(number))
        if area_len > 0:
            return f"0{nsn[:area_len]}-{nsn[area_len:]}"
    return nsn


def _parse_valid(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return number


def normalize_phone(raw: str) -> str:
    """Return the normalised form of ``raw`` (see module doc), or the cleaned text if invalid.

    Cleaning: NFKC (full-width → half-width), drop spaces, hyphens, dots, slashes and brackets.
    Never raises.
    """
    return check_phone(raw)[0]


def check_phone(raw: str, *, field: str = "phone") -> tuple[str, tuple[Problem, ...]]:
    """Validate a phone number; return (normalised text, problems).

    Empty input is allowed (the phone is optional): returns ``("", ())``.  A bare 7–8 digit local
    number gets the Ningbo area code with WARNING ``phone.assumed_0574`` (params value/normalized).
    Anything ``phonenumbers.is_valid_number`` rejects → ERROR ``phone.invalid`` (param value), and
    the returned text is the cleaned input.  Never raises.
    """
    text = _clean(raw)
    if not text:
        return "", ()
    if len(text) == 11 and _CN_MOBILE.fullmatch(text):
        return text, ()
    if _RE_LOCAL.fullmatch(text):
        number = _parse_valid(NINGBO_AREA_CODE + text)
        if number is not None:
            normalized = _format(number)
            return normalized, (warning(field, "phone.assumed_0574", value=text, normalized=normalized),)
    number = _parse_valid(text)
    if number is None:
        return text, (error(field, "phone.invalid", value=text),)
    return _format(number), ()
