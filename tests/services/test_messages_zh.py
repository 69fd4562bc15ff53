"""Every problem key has a Chinese text for output made without Qt, with the same placeholders."""

from __future__ import annotations

import re

from desktop.domain.problems import MESSAGE_KEYS
from desktop.services.ledger_import import IMPORT_MESSAGE_KEYS, STATUSES
from desktop.services.messages_zh import IMPORT_MESSAGES_ZH, STATUS_ZH, message_zh, template_zh

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_key_has_chinese_with_the_same_placeholders() -> None:
    for key, english in {**MESSAGE_KEYS, **IMPORT_MESSAGE_KEYS}.items():
        zh = template_zh(key)
        assert zh, f"no Chinese text for {key}"
        assert sorted(set(_PLACEHOLDER.findall(zh))) == sorted(set(_PLACEHOLDER.findall(english))), key
        assert re.search(r"[\u4e00-\u9fff]", zh), key


def test_import_keys_are_exactly_the_import_table() -> None:
    import_keys = {k for k in IMPORT_MESSAGES_ZH if k.startswith("import.")}
    assert import_keys == set(IMPORT_MESSAGE_KEYS)
    assert set(STATUS_ZH) == set(STATUSES)


def test_params_are_shown_in_chinese() -> None:
    assert "男" in message_zh("resident.sex_mismatch", {"declared": "1", "from_id": "2"})
    assert "民族" in message_zh("import.code_unknown", {"table": "ethnicity", "value": "火星族"})
    assert message_zh("no.such.key", {}, "fallback") == "fallback"
