"""Standard-address rules (DESIGN §3): node names and the full text shown and searched.

Source: 《地名管理条例》(2022) and 《宁波市地名管理条例》(2020) name the parts of a standard address
(road/alley or natural village → door number → building → unit → floor → room); see domain.md §2.14.
"""

from __future__ import annotations

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
