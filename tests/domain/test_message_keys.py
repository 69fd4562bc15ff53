"""Every problem key the domain can emit is documented in MESSAGE_KEYS, with matching params."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from desktop.domain.problems import MESSAGE_KEYS, Problem, Severity, has_errors

DOMAIN = Path(__file__).resolve().parents[2] / "desktop" / "domain"


def emitted() -> list[tuple[str, str, set[str]]]:
    """(file, key, param names) for every error()/warning()/Problem() call in the domain."""
    found: list[tuple[str, str, set[str]]] = []
    for path in sorted(DOMAIN.glob("*.py")):
        if path.name == "problems.py":  # the helpers error()/warning() themselves
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = {"error": 1, "warning": 1, "Problem": 2}.get(node.func.id)
            if position is None or len(node.args) <= position:
                continue
            key_node = node.args[position]
            assert isinstance(key_node, ast.Constant) and isinstance(key_node.value, str), (
                f"{path.name}:{node.lineno}: problem keys must be string literals"
            )
            params = {kw.arg for kw in node.keywords if kw.arg is not None}
            found.append((path.name, key_node.value, params))
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_emitted_key_is_documented_with_its_params() -> None:
    calls = emitted()
    assert len(calls) >= 20
    for filename, key, params in calls:
        assert key in MESSAGE_KEYS, f"{filename}: {key} missing from MESSAGE_KEYS"
        assert params == placeholders(MESSAGE_KEYS[key]), f"{filename}: {key} params {params}"


def test_no_dead_keys() -> None:
    assert {key for _, key, _ in emitted()} == set(MESSAGE_KEYS)


def test_keys_are_english_identifiers() -> None:
    for key, text in MESSAGE_KEYS.items():
        assert key.isascii() and "." in key
        assert text.isascii(), key


def test_problem_helpers() -> None:
    warn = Problem("phone", Severity.WARNING, "phone.assumed_0574", {"value": "1", "normalized": "2"})
    err = Problem("id_number", Severity.ERROR, "id_number.checksum", {"expected": "X", "got": "1"})
    assert not has_errors([warn]) and has_errors([warn, err]) and not has_errors([])
    assert err.describe() == "The ID number's check character is wrong: expected X, got 1."
    assert Problem("f", Severity.ERROR, "id_number.required").params == {}
