"""Every problem key and error code has a UI text; params fill in; zh_CN comes out Chinese."""

from __future__ import annotations

import re

from desktop.domain.problems import MESSAGE_KEYS, Problem, Severity, error
from desktop.errors import Invalid, NotFound, SyncError, SyncErrorKind
from desktop.ui.errors import ERROR_TEXTS, PROBLEM_TEXTS, error_text, problem_text

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_problem_key_has_a_text_with_the_same_placeholders() -> None:
    for key, english in MESSAGE_KEYS.items():
        assert key in PROBLEM_TEXTS, key
        assert set(_PLACEHOLDER.findall(PROBLEM_TEXTS[key])) == set(_PLACEHOLDER.findall(english)), key


def test_every_sync_kind_has_a_text() -> None:
    for kind in SyncErrorKind:
        assert f"sync.{kind.value}" in ERROR_TEXTS


def test_params_fill_in_chinese(zh: None) -> None:
    text = problem_text(error("id_number", "id_number.checksum", expected="4", got="1"))
    assert text == "身份证号码校验码错误：应为 4，实际为 1。"
    mismatch = Problem("sex", Severity.WARNING, "resident.sex_mismatch", {"declared": "2", "from_id": "1"})
    assert problem_text(mismatch) == "填写的性别（女）与身份证号码（男）不一致。"
    params = {"value": "博士后", "table": "education"}
    unknown = Problem("education", Severity.WARNING, "code.unknown", params)
    assert "学历" in problem_text(unknown)


def test_every_problem_text_translates(zh: None) -> None:
    for key in PROBLEM_TEXTS:
        text = problem_text(Problem("f", Severity.ERROR, key, {}))
        assert re.search(r"[\u4e00-\u9fff]", text), key


def test_error_texts(zh: None) -> None:
    assert error_text(NotFound("x")) == "该记录已不存在。"
    assert "中心服务器" in error_text(SyncError(SyncErrorKind.NETWORK))
    invalid = error_text(Invalid((error("name", "resident.name_required"),)))
    assert "姓名为必填项" in invalid
    assert error_text(RuntimeError("boom")) == "意外错误：boom"
