"""Standard-address rules (DESIGN §3): node names and the full text shown and searched.

Source: 《地名管理条例》(2022) and 《宁波市地名管理条例》(2020) name the parts of a standard address
(road/alley or natural village → door number → building → unit → floor → room); see domain.md §2.14.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.domain.problems import Problem, error


def normalize_address_part(raw: str) -> str:
    """Return an address node name NFKC-normalised with all whitespace removed ("３ 幢" → "3幢")."""
    return "".join(unicodedata.normalize("NFKC", raw).split())


def check_address_part(raw: str, *, field: str = "name") -> tuple[str, tuple[Problem, ...]]:
    """Normalise an address node name; an empty name is an ERROR ``address.name_required``."""
    name = normalize_address_part(raw)
    if not name:
        return name, (error(field, "address.name_required"),)
    return name, ()


_DIGITS = re.compile(r"\d+")


def natural_key(text: str | None) -> str:
    """Return a sort key that orders embedded numbers by value: 2幢 < 10幢, 101室 < 1001室.

    Every run of digits is left-padded to 10 places, so plain text comparison (an SQL ``ORDER BY``
    through the store's ``natural_key`` function) gives the order officers walk in.
    """
    if not text:
        return ""
    return _DIGITS.sub(lambda m: m.group(0).lstrip("0").rjust(10, "0"), text)
