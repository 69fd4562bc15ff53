"""Pinyin initials of Chinese names for search (张伟 → "zw"), with a surname override table.

pypinyin has no surname mode and reads the surnames 单 曾 乐 解 仇 区 查 朴 wrongly
(DESIGN §8; reference/feasibility.md §6), so a leading surname is looked up here first.

Speed (issue 6, DESIGN §7): pypinyin reads a string phrase by phrase (longest match in its
phrase dictionary ``PHRASES_DICT``), else character by character.  When no two or more
consecutive characters of the name (after the surname) form a phrase, reading character by
character gives the same answer at a fraction of the cost, so that is what
:func:`name_initials` does; a name containing a phrase (重庆, 长春 …) is read by pypinyin
whole, as before.  ``tests/domain/test_pinyin.py`` checks both paths against
:func:`reference_initials` (the plain pypinyin reading).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

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

_SURNAMES_LONGEST_FIRST: Final = tuple(sorted(SURNAME_INITIALS, key=len, reverse=True))


@lru_cache(maxsize=1)
def _pypinyin() -> tuple[Any, Any, dict[str, Any], int]:
    """``(lazy_pinyin, Style, PHRASES_DICT, longest phrase)``, imported at first use: loading pypinyin's
    dictionaries takes 0.3–1 s, which the app's start-up must not pay (issue 8, DESIGN §7 cold start)."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    return lazy_pinyin, Style, PHRASES_DICT, max(len(k) for k in PHRASES_DICT)


def _letters(text: str) -> str:
    lazy_pinyin, style, _phrases, _longest = _pypinyin()
    letters = lazy_pinyin(text, style=style.FIRST_LETTER, errors="ignore")
    return "".join(x for x in letters if x.isascii() and x.isalpha()).lower()


@lru_cache(maxsize=8192)
def _char_initial(ch: str) -> str:
    return _letters(ch)


def _split_surname(name: str) -> tuple[str, str]:
    for surname in _SURNAMES_LONGEST_FIRST:
        if name.startswith(surname):
            return SURNAME_INITIALS[surname], name[len(surname):]
    return "", name


def reference_initials(name: str) -> str:
    """The initials by pypinyin's whole-string reading (after the surname table); the slow reference."""
    head, rest = _split_surname(name)
    return head + _letters(rest)


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """Return the lower-case pinyin initials of ``name`` (non-Han characters are dropped).

    A leading surname of :data:`SURNAME_INITIALS` is read by the table; the rest as pypinyin
    reads it (character by character when no phrase of its dictionary occurs: same result).
    """
    head, rest = _split_surname(name)
    n = len(rest)
    _lazy, _style, phrases, longest = _pypinyin()
    for i in range(n - 1):
        for j in range(i + 2, min(n, i + longest) + 1):
            if rest[i:j] in phrases:
                return head + _letters(rest)
    return head + "".join([_char_initial(ch) for ch in rest])
