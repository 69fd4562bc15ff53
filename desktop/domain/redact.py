"""Mask personal data and credentials in text bound for logs and crash reports (PIPL; issue 7).

One rule set for the desktop (log file, crash dialog) and central (text and JSON logs): bearer
tokens and JWTs, 18-character resident ID numbers (GB 11643-1999) and mainland mobile numbers.
"""

from __future__ import annotations

import re
from typing import Final

_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [redacted]"),
    (re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "[jwt]"),
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), "[id-number]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[phone]"),
)


def redact(text: str) -> str:
    """Return ``text`` with bearer tokens, JWTs, ID numbers and mobile numbers masked."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
