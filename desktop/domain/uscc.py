"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters from the 31-character alphabet ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, S, V,
Z): registration authority (1), organisation type (1), GB/T 2260 region (6), organisation code
(9), check character (1).  Positions 1–2 may be letters (e.g. N…, Y…); python-stdnum's
``cn.uscc.validate`` wrongly requires 8 leading digits, so only the checksum rule is reused here.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.domain.problems import Problem, error, warning

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
_RE_USCC = re.compile(f"[{ALPHABET}]{{18}}")
_RE_LEGACY = re.compile(r"\d{15}")
_RE_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-]+")


def normalize_uscc(raw: str) -> str:
    """NFKC (full-width → half-width), drop whitespace and hyphens, upper-case. Does not validate."""
    return _RE_SPACES.sub("", unicodedata.normalize("NFKC", raw)).lstrip("'").upper()


def compute_uscc_check(first17: str) -> str:
    """Return the check character for the first 17 characters of a USCC.

    GB 32100-2015 §4.3 (ISO 7064 MOD 31-3 style): S = Σ value(cᵢ)·(3^i mod 31) for i = 0..16,
    check = ALPHABET[(31 − S mod 31) mod 31] (same as ``stdnum.cn.uscc.calc_check_digit``).
    Raises ValueError unless ``first17`` is 17 characters from :data:`ALPHABET`.
    """
    if len(first17) != 17 or any(c not in ALPHABET for c in first17):
        raise ValueError(f"expected 17 characters from {ALPHABET}, got {first17!r}")
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check_uscc(raw: str, *, field: str = "employer_uscc") -> tuple[str, tuple[Problem, ...]]:
    """Validate a USCC; return (normalised code, problems).

    Empty → ``("", ())`` (the employer code is optional).  A 15-digit pre-2015 business
    registration number (注册号, domain.md §2.12) is accepted with WARNING
    ``uscc.legacy_registration_number``.  ERROR ``uscc.format`` (param value) for any other length or a
    character outside the alphabet; ERROR ``uscc.checksum`` (params expected/got).  Never raises.
    """
    code = normalize_uscc(raw)
    if not code:
        return "", ()
    if _RE_LEGACY.fullmatch(code):
        return code, (warning(field, "uscc.legacy_registration_number", value=code),)
    if not _RE_USCC.fullmatch(code):
        return code, (error(field, "uscc.format", value=code),)
    expected = compute_uscc_check(code[:17])
    if code[17] != expected:
        return code, (error(field, "uscc.checksum", expected=expected, got=code[17]),)
    return code, ()
