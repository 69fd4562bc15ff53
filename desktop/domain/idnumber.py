"""Resident ID numbers (公民身份号码): GB 11643-1999 (18 characters) and GB 11643-1989 (15 digits).

Structure (GB 11643-1999 §4): 6-digit region code (GB/T 2260 county code at the time the number
was assigned) + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male) + check character.

Validation policy (DESIGN §8, domain.md §2.1): the pattern, the check character and the birth date
are hard errors; the region code is only looked up for display and statistics.  An unknown
region is a warning; a historical code (330227 鄞县, 330204 江东区, or 330212 鄞州 on someone born
before 2002) is *not* a problem, because the number is assigned once and never changes.
python-stdnum's ``cn.ric.validate`` is deliberately not used: it rejects such real numbers.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb

from desktop.domain.codes import Sex
from desktop.domain.problems import Problem, Severity, error, warning

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK_MAP = "10X98765432"  # S mod 11 → check character
_DIGIT_ZERO_SUM = ord("0") * sum(_WEIGHTS)  # what the ASCII codes of 17 zeros add up to
_RE_18 = re.compile(r"\d{17}[\dX]")
_RE_15 = re.compile(r"\d{15}")
_RE_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_RE_EXCEL = re.compile(r"E\+|\.|^\d+E\d+$")

# HK / Macau / Taiwan residents' residence-permit numbers (港澳台居民居住证, domain.md §2.3).
_SPECIAL_PROVINCES: dict[str, tuple[str, str]] = {
    "81": ("香港特别行政区", "香港"),
    "82": ("澳门特别行政区", "澳门"),
    "83": ("台湾省", "台湾"),
}
_SKIP_PREFECTURE = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MIN_BIRTH_YEAR = 1900


def normalize_id_number(raw: str) -> str:
    """Normalise an ID number as typed or pasted; does not validate.

    NFKC (full-width digits/letters → half-width), removes every whitespace character (including
    U+3000, NBSP and zero-width characters), drops a leading apostrophe (Excel's "store as text"
    prefix) and upper-cases (``x`` → ``X``).  DESIGN §3: ID numbers are stored upper-case,
    half-width, without spaces.
    """
    text = _RE_SPACES.sub("", unicodedata.normalize("NFKC", raw))
    return text.lstrip("'`").upper()


def compute_check_digit(first17: str) -> str:
    """Return the check character for the first 17 digits of an 18-digit ID number.

    GB 11643-1999 §6 (ISO 7064:1983 MOD 11-2): S = Σ aᵢ·(2^(17−i) mod 11) for i = 0..16,
    check = "10X98765432"[S mod 11].
    Raises ValueError unless ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    # The ASCII codes of the digits, weighted, less 48 × Σ weights: Σ aᵢ·Wᵢ without an int() per digit.
    return _CHECK_MAP[(sum(map(operator.mul, first17.encode("ascii"), _WEIGHTS)) - _DIGIT_ZERO_SUM) % 11]


def upgrade_15_to_18(id15: str) -> str:
    """Convert a legacy 15-digit number (GB 11643-1989: region + YYMMDD + sequence, no check).

    Inserts "19" before YYMMDD (15-digit numbers were issued only to 20th-century births,
    domain.md §2.2) and appends the MOD 11-2 check character.
    Raises ValueError unless ``id15`` is exactly 15 ASCII digits.
    """
    if len(id15) != 15 or not id15.isascii() or not id15.isdigit():
        raise ValueError(f"expected 15 digits, got {id15!r}")
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + compute_check_digit(first17)


@dataclass(frozen=True)
class IdNumberCheck:
    """Result of :func:`check_id_number`.

    Attributes:
        raw: the input as given.
        normalized: normalised text; the 18-digit form when a 15-digit number was upgraded.
        birth_date, sex: derived from the number (None when the number is unreadable).
        region_code: the first 6 digits; region_name: e.g. "浙江省宁波市鄞州区" (None if unknown).
        problems: the problems found (field name as passed in).
    """

    raw: str
    normalized: str
    birth_date: date | None
    sex: Sex | None
    region_code: str | None
    region_name: str | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no problem is an ERROR (warnings allowed)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)


def check_id_number(raw: str, *, today: date | None = None, field: str = "id_number") -> IdNumberCheck:
    """Check a resident ID number (GB 11643-1999; legacy GB 11643-1989 numbers are upgraded).

    Errors: ``id_number.required`` (empty), ``id_number.excel_mangled`` (scientific notation, a
    decimal point, or 18 digits ending in 000 with a wrong check character — Excel keeps only 15
    significant digits; never repaired), ``id_number.format`` (wrong length or characters;
    params value/length), ``id_number.checksum`` (params expected/got), ``id_number.birth_date_invalid``,
    ``id_number.birth_date_future`` (after ``today``), ``id_number.birth_date_too_early``
    (before 1900).  Warnings: ``id_number.upgraded_15`` (params old/new),
    ``id_number.region_unknown``.  Never raises.
    """
    today = today or date.today()
    number = normalize_id_number(raw)
    problems: list[Problem] = []

    def result(birth: date | None = None, sex: Sex | None = None, region: str | None = None,
               region_name: str | None = None) -> IdNumberCheck:
        return IdNumberCheck(raw, number, birth, sex, region, region_name, tuple(problems))

    if not number:
        problems.append(error(field, "id_number.required"))
        return result()
    if _RE_EXCEL.search(number):
        problems.append(error(field, "id_number.excel_mangled", value=number))
        return result()
    if _RE_15.fullmatch(number):
        upgraded = upgrade_15_to_18(number)
        problems.append(warning(field, "id_number.upgraded_15", old=number, new=upgraded))
        number = upgraded
    if not _RE_18.fullmatch(number):
        problems.append(error(field, "id_number.format", value=number, length=len(number)))
        return result()

    expected = compute_check_digit(number[:17])
    if number[17] != expected:
        if number.endswith("000"):
            problems.append(error(field, "id_number.excel_mangled", value=number))
            return result()
        problems.append(error(field, "id_number.checksum", expected=expected, got=number[17]))

    ymd = number[6:14]
    try:
        birth: date | None = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        birth = None
        problems.append(error(field, "id_number.birth_date_invalid", value=ymd))
    if birth is not None:
        if birth.year < _MIN_BIRTH_YEAR:
            problems.append(error(field, "id_number.birth_date_too_early", value=birth.isoformat()))
        elif birth > today:
            problems.append(error(field, "id_number.birth_date_future", value=birth.isoformat()))

    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    region = number[:6]
    name, known = _region_name(region, birth.year if birth else None)
    if not known:
        problems.append(warning(field, "id_number.region_unknown", region_code=region))
    return result(birth, sex, region, name)


def province_of_region(region_code: str) -> str | None:
    """Return the province-level name for a 6-digit GB/T 2260 code (historical codes included).

    Uses python-stdnum's division table (``stdnum/cn/loc.dat``, from zh.wikipedia); HK/Macau/Taiwan
    permit codes 81/82/83 map to 香港特别行政区/澳门特别行政区/台湾省.  None when unknown.
    """
    if len(region_code) < 2 or not region_code[:2].isdigit():
        return None
    if region_code[:2] in _SPECIAL_PROVINCES:
        return _SPECIAL_PROVINCES[region_code[:2]][0]
    return _lookup(region_code[:2] + "0000").get("province")


def _lookup(code: str) -> dict[str, str]:
    """Merged properties of ``code`` in stdnum's 'cn/loc' table ({} when absent).

    Wrapped because the table has holes (620201 has no county; stdnum's own
    ``get_birth_place`` raises KeyError on it, feasibility.md §6).
    """
    try:
        parts = numdb.get("cn/loc").info(code)
        return {k: v for _part, props in parts for k, v in props.items()}
    except (KeyError, ValueError, IndexError, OSError):
        return {}


def _pick(value: str, year: int | None) -> str:
    """Choose a name from a loc.dat value like "[1983-2019]桥西区,[2020-]信都区".

    Prefers the name in force in ``year``, then the first one introduced after it (the number was
    assigned later than birth), then the latest.
    """
    spans: list[tuple[int, int, str]] = []
    for item in value.split(","):
        m = re.fullmatch(r"\[(\d*)-(\d*)\](.*)", item)
        if m is None:
            return item
        spans.append((int(m[1] or 0), int(m[2] or 9999), m[3]))
    if year is not None:
        for start, end, name in spans:
            if start <= year <= end:
                return name
        for start, _end, name in spans:
            if start > year:
                return name
    return spans[-1][2]


@lru_cache(maxsize=65536)
def _region_name(code: str, year: int | None) -> tuple[str | None, bool]:
    """Return (display name, known) for a 6-digit region code."""
    special = _SPECIAL_PROVINCES.get(code[:2])
    if special is not None:
        return special[1], code[2:] == "0000"
    province = _lookup(code[:2] + "0000").get("province")
    if province is None:
        return None, False
    if code[2:] == "0000":
        return province, True
    parts = [province]
    if code[4:] != "00":
        prefecture = _lookup(code[:4] + "00").get("county")
        if prefecture is not None:
            pname = _pick(prefecture, year)
            if pname not in _SKIP_PREFECTURE:
                parts.append(pname)
    county = _lookup(code).get("county")
    if county is None:
        return "".join(parts), False
    cname = _pick(county, year)
    if cname != province:
        parts.append(cname)
    return "".join(parts), True
