"""One pinyin-initials implementation for search, the form and the importer (issue 6, DESIGN §8)."""

from __future__ import annotations

from desktop.domain.pinyin import SURNAME_INITIALS, name_initials, reference_initials
from desktop.services.demo import GIVEN, SURNAMES


def test_fast_path_equals_pypinyin_whole_string_reading() -> None:
    names = [a + b + c for a in SURNAMES for b in GIVEN[:12] for c in ("", "重", "长", "乐", "行")]
    names += ["重庆", "单于", "曾重阳", "买买提·艾力", "解长春", "朴银行", "王", "", "Anna", "李A明"]
    for n in names:
        assert name_initials(n) == reference_initials(n), n


def test_surname_overrides_and_phrases() -> None:
    assert name_initials("单田芳") == "stf"
    assert name_initials("曾国藩") == "zgf"
    assert name_initials("尉迟恭") == "ycg"
    assert name_initials("解长春") == "xcc"  # 长春 is a phrase: read whole (chang, not zhang)
    assert name_initials("张伟") == "zw"
    assert name_initials("买买提·艾力") == "mmtal"
    assert set(SURNAME_INITIALS) >= {"单", "曾", "乐", "解", "仇", "区", "查", "朴"}
