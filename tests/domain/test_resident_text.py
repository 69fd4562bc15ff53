"""Text no database can store (NUL, lone UTF-16 surrogates) and C0 control characters are refused
(ledger import trial: a CSV name "张\\x00三" was stored, and central later refused it)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.problems import Severity
from desktop.domain.resident import ResidentInput, check_text, validate_resident

GOOD_ID = "110101199003078515"


@pytest.mark.parametrize(("value", "position", "character"), [
    ("张\x00三", 2, "U+0000"),
    ("\x01张三", 1, "U+0001"),
    ("张三\x1f", 3, "U+001F"),
    ("a\x0bb", 2, "U+000B"),
    ("a\x0cb", 2, "U+000C"),
    ("湖下路\x1b12号", 4, "U+001B"),
    ("张\ud800三", 2, "U+D800"),  # a lone surrogate (PostgreSQL and UTF-8 cannot hold it)
    ("张三\udfff", 3, "U+DFFF"),
])
def test_control_characters_and_lone_surrogates_are_errors(value: str, position: int, character: str) -> None:
    problem = check_text("name", value)
    assert problem is not None
    assert (problem.field, problem.severity, problem.key) == ("name", Severity.ERROR, "text.invalid")
    assert problem.params == {"position": position, "character": character}


@pytest.mark.parametrize("value", ["", "张三", "第一行\n第二行", "a\tb", "a\r\nb", "买买提·艾力", "\x7f", "😀",
                                   "\u3000"])
def test_tabs_newlines_and_ordinary_text_pass(value: str) -> None:
    assert check_text("note", value) is None


def test_validate_resident_checks_every_text_it_is_given() -> None:
    inp = ResidentInput(id_number=GOOD_ID, name="张\x00三", hukou_address="浙江\x07", employer_name="某\ud83d公司",
                        occupation="工\x1e人", phone="138\x001234", employer_uscc="\x01", ethnicity="汉\x02",
                        hukou_code="3302\x03")
    checked = validate_resident(inp, today=date(2024, 6, 1))
    invalid = {p.field for p in checked.problems if p.key == "text.invalid"}
    assert invalid == {"name", "hukou_address", "employer_name", "occupation", "phone", "employer_uscc",
                       "ethnicity", "hukou_code"}
    assert not checked.ok


def test_a_document_number_with_a_control_character_is_refused() -> None:
    from desktop.domain.codes import IdType

    checked = validate_resident(ResidentInput(id_type=IdType.PASSPORT, id_number="E123\x004567", name="Li Lei"),
                                today=date(2024, 6, 1))
    assert [p.field for p in checked.problems if p.key == "text.invalid"] == ["id_number"]


def test_clean_input_has_no_text_problem() -> None:
    checked = validate_resident(ResidentInput(id_number=GOOD_ID, name="张三", hukou_address="北京市东城区\n某街"),
                                today=date(2024, 6, 1))
    assert checked.ok and not [p for p in checked.problems if p.key == "text.invalid"]
