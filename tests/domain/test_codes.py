from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.codes import (
    AddressLevel,
    CodeTable,
    HousingType,
    IdType,
    RentalUse,
    ResidenceReason,
    Sex,
    load_code_tables,
)
from desktop.paths import resource_dir


@pytest.fixture(scope="module")
def tables():  # type: ignore[no-untyped-def]
    return load_code_tables()


def test_tables_loaded_from_resources(tables) -> None:  # type: ignore[no-untyped-def]
    assert resource_dir() == Path(__file__).resolve().parents[2] / "resources"
    assert len(tables.ethnicity.entries) == 58  # 56 groups + 97 + 98
    assert tables.ethnicity.name_of("01") == "汉族"
    assert tables.ethnicity.name_of("05") == "维吾尔族"
    assert tables.sex.name_of("2") == "女性"
    assert len(tables.town.entries) == 25
    assert tables.town.name_of("330212001") == "下应街道"
    assert tables.relationship.name_of("99") == "非亲属"
    assert tables.political_status.name_of("13") == "群众"
    assert tables.marital_status.name_of("20") == "已婚"
    assert tables.education.name_of("99") is None


def test_cached(tables) -> None:  # type: ignore[no-untyped-def]
    assert load_code_tables() is tables
    assert load_code_tables(resource_dir() / "codes") is tables


@pytest.mark.parametrize(
    ("table", "text", "code"),
    [
        ("ethnicity", "汉", "01"),
        ("ethnicity", "汉族", "01"),
        ("ethnicity", "蒙古", "02"),
        ("ethnicity", "01", "01"),
        ("ethnicity", "1", "01"),  # Excel dropped the leading zero
        ("ethnicity", "UG", "05"),
        ("ethnicity", " 维吾尔 ", "05"),
        ("education", "大专", "30"),
        ("education", "本科", "20"),
        ("education", "大学本科毕业", "21"),
        ("education", "初中", "70"),
        ("education", "高中", "60"),
        ("education", "小学", "80"),
        ("education", "中专", "40"),
        ("education", "研究生", "10"),
        ("education", "硕士", "14"),
        ("education", "博士", "11"),
        ("education", "文盲", "90"),
        ("education", "50", "50"),  # GB/T 4658-1984 技工学校
        ("education", "技校", "50"),
        ("marital_status", "已婚", "20"),
        ("marital_status", "未婚", "10"),
        ("marital_status", "离婚", "40"),
        ("marital_status", "丧偶", "30"),
        ("sex", "男", "1"),
        ("sex", "女", "2"),
        ("sex", "男性", "1"),
        ("sex", "女性", "2"),
        ("sex", "１", "1"),
        ("relationship", "户主", "02"),
        ("relationship", "本人", "01"),
        ("relationship", "配偶", "10"),
        ("relationship", "妻", "12"),
        ("relationship", "夫", "11"),
        ("relationship", "子", "20"),
        ("relationship", "女", "30"),
        ("relationship", "儿子", "20"),
        ("relationship", "女儿", "30"),
        ("relationship", "父亲", "51"),
        ("relationship", "母亲", "52"),
        ("relationship", "兄弟", "70"),
        ("relationship", "姐妹", "70"),
        ("relationship", "其他", "80"),
        ("political_status", "群众", "13"),
        ("political_status", "党员", "01"),
        ("political_status", "团员", "03"),
        ("town", "下应街道", "330212001"),
        ("town", "姜山", "330212110"),
    ],
)
def test_lookup(tables, table: str, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert tables.by_name(table).lookup(text) == code


@pytest.mark.parametrize(
    ("table", "text"), [("ethnicity", "火星族"), ("education", "幼儿园"), ("sex", ""), ("sex", "3")]
)
def test_lookup_unknown(tables, table: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert tables.by_name(table).lookup(text) is None


def test_custom_table() -> None:
    table = CodeTable("demo", {"A": "甲"}, {"甲甲": "A"})
    assert table.lookup("甲") == "A" and table.lookup("甲甲") == "A" and "A" in table


def test_enum_values_are_stable() -> None:
    assert [s.value for s in Sex] == ["0", "1", "2", "9"]
    assert Sex.MALE.value == "1" and isinstance(Sex.MALE, str)
    reasons = ["work", "business", "accompany", "relatives", "study", "other"]
    assert [r.value for r in ResidenceReason] == reasons
    assert [r.value for r in RentalUse] == ["residential", "business", "storage", "mixed", "group"]
    assert IdType.RESIDENT_ID.value == "resident_id"
    assert [h.value for h in HousingType] == ["rental", "group_rental", "ordinary", "dormitory"]
    levels = ["road", "door", "compound", "building", "unit", "floor", "room"]
    assert [a.value for a in AddressLevel] == levels
