"""Door-plate codes (门牌码): random, unguessable, checkable, and free of personal data.

A code is 9 characters drawn with :mod:`secrets` from a 31-character alphabet without look-alikes
(no 0/O, 1/I/L), plus one check character: 9 × log2(31) ≈ 44.6 bits, so a district's 400,000
plates leave a random guess about a 1 in 60 million chance of hitting one. The check character is
Σ (i + 1)·value(cᵢ) mod 31 over the first nine characters: the modulus is prime and the weights
are distinct and non-zero, so every single wrong character and every swap of two neighbouring
characters is caught before any lookup.

The code says nothing about the address or the people there: the address is found only through
the local store (``standard_address.plate_code``). The QR code on a plate holds
``PLATE_PREFIX + code`` so a scanner's text is recognisable in a search box; the bare code (as
printed, with or without the hyphen) is accepted too.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from desktop.domain.problems import Problem, error

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 9
CODE_LENGTH = BODY_LENGTH + 1
PLATE_PREFIX = "DS:"
_RE_SEPARATORS = re.compile(r"[\s\-_.·]+")


def check_character(body: str) -> str:
    """Return the check character of a 9-character code body (raises ValueError on bad input)."""
    if len(body) != BODY_LENGTH or any(c not in ALPHABET for c in body):
        raise ValueError(f"expected {BODY_LENGTH} characters from {ALPHABET}, got {body!r}")
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_plate_code() -> str:
    """Return a fresh random plate code (cryptographically random body + check character)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def normalize_plate_text(raw: str) -> str:
    """NFKC, upper-case, drop the ``DS:`` prefix, spaces and hyphens (``ds:abcde-fghjk`` → ``ABCDEFGHJK``)."""
    text = unicodedata.normalize("NFKC", raw).strip().upper()
    if text.startswith(PLATE_PREFIX):
        text = text[len(PLATE_PREFIX):]
    return _RE_SEPARATORS.sub("", text)


def is_plate_code(raw: str) -> bool:
    """True when ``raw`` (a scan or typed text) is a well-formed plate code with a correct check."""
    code = normalize_plate_text(raw)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return False
    return check_character(code[:BODY_LENGTH]) == code[-1]


def check_plate_code(raw: str, *, field: str = "plate_code") -> tuple[str, tuple[Problem, ...]]:
    """Normalise a plate code; ERROR ``plate.format`` or ``plate.checksum`` when it is not one."""
    code = normalize_plate_text(raw)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return code, (error(field, "plate.format", value=code),)
    if check_character(code[:BODY_LENGTH]) != code[-1]:
        return code, (error(field, "plate.checksum", value=code),)
    return code, ()


def display_code(code: str) -> str:
    """Return the code as printed: two groups of five (``ABCDE-FGHJK``)."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def qr_payload(code: str) -> str:
    """Return the text a plate's QR code holds."""
    return PLATE_PREFIX + code
