"""Pinyin initials of Chinese names for search (张伟 → "zw"), with a surname override table.

pypinyin has no surname mode and reads the surnames 单 曾 乐 解 仇 区 查 朴 wrongly
(DESIGN §8; reference/feasibility.md §6), so a leading surname is looked up here first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from pypinyin import Style, lazy_pinyin

#: Surname readings that differ from the common reading of the character.
SURNAME_INITIALS: Final[dict[str, str]] = {
    "尉迟": "yc",
    "单": "s",
    "曾": "z",
    "乐": "y",
    "解": "x",
    "仇": "q",
    "区": "o",
    "查": "z",
    "朴": "p",
    "盖": "g",
    "缪": "m",
    "冼": "x",
    "秘": "b",
    "万俟": "mq",
}


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """Return the lower-case pinyin initials of ``name`` (non-Han characters are dropped)."""
    head = ""
    rest = name
    for surname in sorted(SURNAME_INITIALS, key=len, reverse=True):
        if name.startswith(surname):
            head, rest = SURNAME_INITIALS[surname], name[len(surname):]
            break
    letters = lazy_pinyin(rest, style=Style.FIRST_LETTER, errors="ignore")
    return head + "".join(x for x in letters if x.isascii() and x.isalpha()).lower()
