from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.codes import IdType, ResidenceReason, Sex
from desktop.domain.problems import Severity
from desktop.domain.resident import ResidentInput, normalize_name, validate_resident

TODAY = date(2025, 6, 1)
ID_F_1985 = "330212198506152343"  # female, born 1985-06-15


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("买买提•艾力", "买买提·艾力"),  # U+2022
        ("买买提‧艾力", "买买提·艾力"),  # U+2027
        ("阿依古丽・吐尔逊", "阿依古丽·吐尔逊"),  # U+30FB
        ("热合曼．买买提", "热合曼·买买提"),  # U+FF0E
        ("热合曼･买买提", "热合曼·买买提"),  # U+FF65
        ("热合曼\u0387买买提", "热合曼·买买提"),
        ("热合曼⋅买买提", "热合曼·买买提"),  # U+22C5
        ("热合曼∙买买提", "热合曼·买买提"),  # U+2219
        ("买买提 . 艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        (" 张  三 ", "张三"),
        ("张\u3000三", "张三"),
        ("张\u200b三", "张三"),
        ("John   Smith ", "John Smith"),
        ("J.Smith", "J.Smith"),  # ASCII dot only between CJK characters
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_normalize_name_shortcut_changes_no_result() -> None:
    """normalize_name returns a name it would not change as it is; on names built from every kind of
    character the rules touch (dots, spaces of all kinds, zero-width, compatibility ideographs, combining
    marks, Latin) it must answer exactly as the full normalisation does."""
    import random

    from desktop.domain.resident import _DOTS, _normalize_name_fully

    alphabet = ["张", "三", "买", "提", "艾", "力", "\uf900", "\uf9dc", "A", "b", "e\u0301", "\u00e9", ".", " ",
                "\u3000", "\u00a0", "\t", "\u200b", "\ufeff", "\u2060", "1", "-", "'", *_DOTS]
    rng = random.Random(2026)
    names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    names += ["张三", "欧阳娜娜", "买买提·艾力", "\uf900\uf901", "José", "Jose\u0301"]
    assert [normalize_name(n) for n in names] == [_normalize_name_fully(n) for n in names]


def keys(result: object) -> list[str]:
    return [p.key for p in result.problems]  # type: ignore[attr-defined]


def test_derives_from_id_number() -> None:
    result = validate_resident(
        ResidentInput(id_number=" 33021219850615234３ ", name="王 芳", phone="138-1234-5678",
                      ethnicity="汉", education="大专", reason=ResidenceReason.WORK),
        today=TODAY,
    )
    assert result.ok and result.problems == ()
    v = result.values
    assert v["id_number"] == ID_F_1985
    assert v["name"] == "王芳"
    assert v["sex"] == Sex.FEMALE
    assert v["birth_date"] == date(1985, 6, 15)
    assert v["hukou_code"] == "330212"
    assert v["phone"] == "13812345678"
    assert v["ethnicity"] == "01" and v["education"] == "30"
    assert v["reason"] is ResidenceReason.WORK
    assert v["id_type"] is IdType.RESIDENT_ID
    assert set(v) == set(ResidentInput.__dataclass_fields__)


def test_declared_hukou_code_kept() -> None:
    inp = ResidentInput(id_number=ID_F_1985, name="王芳", hukou_code="420102")
    result = validate_resident(inp, today=TODAY)
    assert result.values["hukou_code"] == "420102"


def test_sex_and_birth_mismatch_are_warnings_and_declared_kept() -> None:
    result = validate_resident(
        ResidentInput(id_number=ID_F_1985, name="王芳", sex="1", birth_date=date(1985, 6, 16)), today=TODAY
    )
    assert result.ok
    assert keys(result) == ["resident.sex_mismatch", "resident.birth_date_mismatch"]
    assert all(p.severity is Severity.WARNING for p in result.problems)
    assert dict(result.problems[0].params) == {"declared": "1", "from_id": "2"}
    assert result.values["sex"] == Sex.MALE
    assert result.values["birth_date"] == date(1985, 6, 16)


def test_declared_sex_as_text() -> None:
    result = validate_resident(ResidentInput(id_number=ID_F_1985, name="王芳", sex="女"), today=TODAY)
    assert result.ok and result.problems == () and result.values["sex"] == Sex.FEMALE


def test_arrival_checks() -> None:
    before = validate_resident(
        ResidentInput(id_number=ID_F_1985, name="王芳", arrival_date=date(1980, 1, 1)), today=TODAY
    )
    assert keys(before) == ["resident.arrival_before_birth"] and not before.ok
    future = validate_resident(
        ResidentInput(id_number=ID_F_1985, name="王芳", arrival_date=date(2025, 6, 2)), today=TODAY
    )
    assert keys(future) == ["resident.arrival_future"] and not future.ok
    fine = validate_resident(
        ResidentInput(id_number=ID_F_1985, name="王芳", arrival_date=date(2025, 6, 1)), today=TODAY
    )
    assert fine.ok and fine.values["arrival_date"] == date(2025, 6, 1)


def test_name_rules() -> None:
    assert keys(validate_resident(ResidentInput(id_number=ID_F_1985, name="  "), today=TODAY)) == [
        "resident.name_required"
    ]
    odd = validate_resident(ResidentInput(id_number=ID_F_1985, name="王芳2"), today=TODAY)
    assert keys(odd) == ["resident.name_unusual"] and odd.ok
    latin = validate_resident(ResidentInput(id_number=ID_F_1985, name="Wang Fang"), today=TODAY)
    assert keys(latin) == ["resident.name_unusual"]
    passport = validate_resident(
        ResidentInput(id_type=IdType.PASSPORT, id_number="e 1234 5678", name="John Smith"), today=TODAY
    )
    assert passport.ok and passport.problems == ()
    assert passport.values["id_number"] == "E12345678"
    assert passport.values["sex"] == "" and passport.values["birth_date"] is None


def test_other_document_types_need_a_number_only() -> None:
    missing = validate_resident(ResidentInput(id_type=IdType.HK_MACAU_PERMIT, name="陈大文"), today=TODAY)
    assert keys(missing) == ["resident.id_number_required"] and not missing.ok


def test_id_errors_propagate() -> None:
    result = validate_resident(ResidentInput(id_number="330212198506152344", name="王芳"), today=TODAY)
    assert keys(result) == ["id_number.checksum"] and not result.ok
    assert result.values["sex"] == "" and result.values["hukou_code"] == ""
    empty = validate_resident(ResidentInput(name="王芳"), today=TODAY)
    assert keys(empty) == ["id_number.required"]


def test_unknown_codes_and_bad_phone_uscc() -> None:
    result = validate_resident(
        ResidentInput(id_number=ID_F_1985, name="王芳", ethnicity="火星族", education="21",
                      marital_status="已婚", political_status="99", phone="12345678901",
                      employer_uscc="91110000600037341M", employer_name=" 宁波  某某 有限公司 "),
        today=TODAY,
    )
    assert keys(result) == ["code.unknown", "code.unknown", "phone.invalid", "uscc.checksum"]
    assert dict(result.problems[0].params) == {"table": "ethnicity", "value": "火星族"}
    assert result.problems[0].field == "ethnicity"
    assert dict(result.problems[1].params) == {"table": "political_status", "value": "99"}
    assert result.values["education"] == "21" and result.values["marital_status"] == "20"
    assert result.values["employer_name"] == "宁波 某某 有限公司"
    assert {p.field for p in result.problems[2:]} == {"phone", "employer_uscc"}


def test_declared_birth_in_future_without_id() -> None:
    result = validate_resident(
        ResidentInput(id_type=IdType.PASSPORT, id_number="E1", name="Ann", birth_date=date(2030, 1, 1)),
        today=TODAY,
    )
    assert keys(result) == ["resident.birth_date_future"]
