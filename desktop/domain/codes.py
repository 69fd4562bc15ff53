"""Standard code tables (GB/T 2261, GB 3304, GB/T 4658, GB/T 4761, GB/T 4762, NBS towns) and enums.

The code tables are read from the CSV files in ``resources/codes/`` (their sources are listed in
``resources/codes/SOURCES.md``).  The enums at the end are the data model's own closed value sets:
their values are stable English codes stored in the database; the UI translates the labels.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.paths import resource_dir


class Sex(StrEnum):
    """Sex codes of GB/T 2261.1-2003. An ID number's 17th digit maps odd → MALE, even → FEMALE."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSPECIFIED = "9"


_SPACE_RE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class CodeTable:
    """One code table.

    Attributes:
        name: table name (``"sex"``, ``"ethnicity"``, ``"education"``, ...).
        entries: code → official Chinese name, in file order.
        aliases: extra text → code (short and colloquial forms, e.g. ``"大专"`` → ``"30"``).
    """

    name: str
    entries: Mapping[str, str]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def name_of(self, code: str) -> str | None:
        """Return the official name of ``code``, or None when the code is not in the table."""
        return self.entries.get(code)

    def lookup(self, text: str) -> str | None:
        """Map free text to a code: a code itself, the official name, or a known short form.

        Input is NFKC-normalised and stripped of whitespace.  A purely numeric input shorter than
        the table's codes is zero-padded (Excel drops leading zeros: ``"1"`` → ``"01"``).  For
        ethnicity, the name without the trailing 族 also matches (``"汉"`` → ``"01"``); letter codes
        (``"HA"``) match too.  Returns None when nothing matches; never raises.
        """
        t = _clean(text)
        if not t:
            return None
        if t in self.entries:
            return t
        if t.isdigit():
            padded = t.zfill(self._code_width)
            if padded in self.entries:
                return padded
        by_name = self._by_name
        for candidate in (t, t.upper(), t + "族"):
            if candidate in by_name:
                return by_name[candidate]
            if candidate in self.aliases:
                return self.aliases[candidate]
        return None

    # Derived once per table (the tables are immutable): rebuilding the name index on every
    # lookup cost a tuple of all entries and its hash per call, i.e. per imported cell.
    @functools.cached_property
    def _by_name(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, name in self.entries.items():
            out.setdefault(_clean(name), code)
        return out

    @functools.cached_property
    def _code_width(self) -> int:
        return max((len(c) for c in self.entries), default=0)


@dataclass(frozen=True)
class CodeTables:
    """All code tables the app uses; see :func:`load_code_tables`."""

    sex: CodeTable
    ethnicity: CodeTable
    education: CodeTable
    marital_status: CodeTable
    political_status: CodeTable
    relationship: CodeTable
    town: CodeTable

    def by_name(self, table: str) -> CodeTable:
        """Return the table called ``table`` (an attribute name). Raises KeyError if unknown."""
        if table not in _TABLE_NAMES:
            raise KeyError(table)
        found: CodeTable = getattr(self, table)
        return found


_TABLE_NAMES = frozenset(("sex", "ethnicity", "education", "marital_status", "political_status", "relationship",
                          "town"))


# Colloquial forms seen on paper forms and spreadsheets.  Mapping choices:
# education maps a bare level to its top-level class (10/20/30/40/60/70/80/90), which is valid in
# both GB/T 4658-2006 and the 1984 classes still used on police forms; 博士/硕士 map to the 2006
# "graduated" codes 11/14; 文盲 maps to 90 (1984: 文盲或半文盲, 2006: 其他).
_SEX_ALIASES = {"男": "1", "女": "2", "M": "1", "F": "2", "未知": "0", "未说明": "9"}
_EDUCATION_ALIASES = {
    "研究生": "10", "博士": "11", "博士研究生": "11", "硕士": "14", "硕士研究生": "14",
    "本科": "20", "大学本科": "20", "大学": "20", "学士": "20",
    "大专": "30", "专科": "30", "大学专科": "30",
    "中专": "40", "中技": "40", "中等专科": "40", "中等专业学校": "40", "职高": "44", "职业高中": "44",
    "技校": "50",
    "高中": "60", "普高": "60", "普通高中": "60",
    "初中": "70", "初级中学": "70", "小学": "80",
    "文盲": "90", "半文盲": "90", "文盲或半文盲": "90", "未上学": "90", "未上过学": "90", "其它": "90",
}
# GB/T 4658-1984 top-level class missing from the 2006 list (README in resources/codes).
_EDUCATION_1984_EXTRA = {"50": "技工学校"}
_MARITAL_ALIASES = {"离异": "40", "单身": "10", "未说明": "90"}
_POLITICAL_ALIASES = {
    "党员": "01", "中共党员": "01", "共产党员": "01", "预备党员": "02", "中共预备党员": "02",
    "团员": "03", "共青团员": "03", "民革": "04", "民盟": "05", "民建": "06", "民进": "07",
    "农工党": "08", "致公党": "09", "台盟": "11", "无党派": "12", "无党派人士": "12",
}
_RELATIONSHIP_ALIASES = {
    "妻子": "12", "丈夫": "11", "老婆": "12", "老公": "11", "儿子": "20", "女儿": "30",
    "父": "51", "母": "52", "爸爸": "51", "妈妈": "52", "父子": "20", "母女": "30",
    "兄弟": "70", "姐妹": "70", "哥哥": "71", "弟弟": "73", "姐": "75", "妹": "77", "妹妹": "77",
    "孙子女": "40", "亲属": "97", "租户": "99", "合租": "99", "室友": "99", "同事": "99", "其它": "80",
}


def _read_csv(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(fh)}


def _ethnicity_letters(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            row["letters"].strip(): row["code"].strip()
            for row in csv.DictReader(fh)
            if row.get("letters", "").strip()
        }


@functools.cache
def _load(directory: Path) -> CodeTables:
    towns = _read_csv(directory / "yinzhou_towns.csv")
    town_aliases = {re.sub(r"(街道|镇|乡)$", "", n): c for c, n in towns.items()}
    education = _read_csv(directory / "education_gbt4658_2006.csv")
    for code, name in _EDUCATION_1984_EXTRA.items():
        education.setdefault(code, name)
    education = dict(sorted(education.items()))
    return CodeTables(
        sex=CodeTable("sex", _read_csv(directory / "sex_gbt2261_1.csv"), _SEX_ALIASES),
        ethnicity=CodeTable(
            "ethnicity",
            _read_csv(directory / "ethnic_groups_gb3304.csv"),
            _ethnicity_letters(directory / "ethnic_groups_gb3304.csv"),
        ),
        education=CodeTable("education", education, _EDUCATION_ALIASES),
        marital_status=CodeTable(
            "marital_status", _read_csv(directory / "marital_status_gbt2261_2.csv"), _MARITAL_ALIASES
        ),
        political_status=CodeTable(
            "political_status", _read_csv(directory / "political_status_gbt4762.csv"), _POLITICAL_ALIASES
        ),
        relationship=CodeTable(
            "relationship", _read_csv(directory / "family_relationship_gbt4761.csv"), _RELATIONSHIP_ALIASES
        ),
        town=CodeTable("town", towns, town_aliases),
    )


def load_code_tables(directory: Path | None = None) -> CodeTables:
    """Load (once, cached per directory) the code tables from ``directory``.

    Args:
        directory: folder holding the CSVs; default ``resource_dir() / "codes"``.
    Raises:
        OSError if a CSV is missing; KeyError if a CSV lacks the ``code``/``name`` columns.
    """
    return _load((directory or resource_dir() / "codes").resolve())


# --- Data-model enums (stable English values stored in the DB; DESIGN §3) -------------------


class ResidenceReason(StrEnum):
    """Reason for residence: 务工 / 经商 / 随迁 / 投亲靠友 / 就学 / 其他."""

    WORK = "work"
    BUSINESS = "business"
    ACCOMPANY = "accompany"
    RELATIVES = "relatives"
    STUDY = "study"
    OTHER = "other"


class RentalUse(StrEnum):
    """Use of a rental unit: 居住 / 生产经营 / 仓储 / 混合 / 群租."""

    RESIDENTIAL = "residential"
    BUSINESS = "business"
    STORAGE = "storage"
    MIXED = "mixed"
    GROUP = "group"


class RentalStatus(StrEnum):
    """Rental unit status: 在租 / 空置 / 停租 / 注销."""

    LET = "let"
    VACANT = "vacant"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


class HouseholdType(StrEnum):
    """Household type: 家庭户 / 集体户 / 宿舍."""

    FAMILY = "family"
    COLLECTIVE = "collective"
    DORMITORY = "dormitory"


class RegistrationStatus(StrEnum):
    """Residence registration status: 在住 / 已离开 / 注销."""

    LIVING = "living"
    LEFT = "left"
    CANCELLED = "cancelled"


class VisitOutcome(StrEnum):
    """Visit outcome: 已登记 / 无人在家 / 空置 / 拒访 / 需复访."""

    REGISTERED = "registered"
    NOBODY_HOME = "nobody_home"
    VACANT = "vacant"
    REFUSED = "refused"
    REVISIT = "revisit"


class IdType(StrEnum):
    """Identity document type (GA/T 517 codes unconfirmed, domain.md §2.15).

    居民身份证 / 护照 / 港澳居民来往内地通行证 / 台湾居民来往大陆通行证 / 外国人永久居留身份证.
    """

    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAU_PERMIT = "hk_macau_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PERMANENT = "foreign_permanent"


class HousingType(StrEnum):
    """Address housing type, a sampling stratum (domain.md §4.3): 出租房 / 群租 / 普通住宅 / 宿舍."""

    RENTAL = "rental"
    GROUP_RENTAL = "group_rental"
    ORDINARY = "ordinary"
    DORMITORY = "dormitory"


class AddressLevel(StrEnum):
    """Standard-address tree level (DESIGN §3): road/door/compound/building/unit/floor/room."""

    ROAD = "road"
    DOOR = "door"
    COMPOUND = "compound"
    BUILDING = "building"
    UNIT = "unit"
    FLOOR = "floor"
    ROOM = "room"
