"""Ledger (台账) import: the dirty fixture, re-import, rooms, CSV encodings, date spellings, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from desktop.services.ledger_cli import run_import_ledger
from desktop.services.ledger_import import ImportReport, RowVerdict, import_ledger
from desktop.services.ledger_parse import (
    DateParseError,
    LedgerFormatError,
    normalize_header,
    parse_address,
    parse_ledger_date,
    read_ledger,
)
from desktop.store import tables as t
from desktop.store.db import Store, open_store

# a copy of ../shared/fixtures/ledger_sample.xlsx (see tests/fixtures/README.md), so a clone alone runs the tests
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
TODAY = date(2024, 6, 1)

@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "doorstep.sqlite")
    yield s
    s.close()


@pytest.fixture
def report(store: Store) -> ImportReport:
    return import_ledger(store, FIXTURE, user="tester", today=TODAY)


def _row(report: ImportReport, number: int) -> RowVerdict:
    return next(v for v in report.rows if v.row == number)


def _keys(v: RowVerdict) -> set[str]:
    return {p.key for p in v.problems}


def _counts(store: Store) -> dict[str, int]:
    """Rows per synced table and outbox entries, the audit log left out (every import is audited)."""
    with store.read() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            for name, table in t.SYNCED_TABLES.items() if name != "audit_event"
        } | {"outbox": int(conn.execute(select(func.count()).select_from(t.outbox)
                                        .where(t.outbox.c.entity != "audit_event")).scalar() or 0)}


# ---- the fixture ------------------------------------------------------------------------------


def test_fixture_totals_and_share(report: ImportReport) -> None:
    assert report.header_row == 2  # merged title row above
    assert report.data_rows == 300
    assert len(report.rows) == 300
    assert sorted(n for n, _ in report.skipped) == [26, 59, 128, 189]  # blank rows, not data rows
    assert report.accepted_share >= 0.90
    totals = report.totals
    assert totals["rejected"] == 8
    assert totals["duplicate"] == 6
    assert totals["created"] + totals["created_with_warnings"] == 286
    # every row not taken names a column and a reason
    for v in report.rows:
        if v.status in ("rejected", "duplicate"):
            assert v.problems and all(p.column and p.key and p.message for p in v.problems)


def test_excel_mangled_ids_rejected(report: ImportReport) -> None:
    for number in (51, 223):  # 4.114221994102527e+17 and 3.607811988100134e+17
        v = _row(report, number)
        assert v.status == "rejected"
        p = next(p for p in v.problems if p.key == "id_number.excel_mangled")
        assert p.column == "公民身份号码" and p.severity == "error"


def test_wrong_check_digit_rejected(report: ImportReport) -> None:
    for number in (46, 115, 155, 163, 238, 264):
        v = _row(report, number)
        assert v.status == "rejected"
        assert "id_number.checksum" in _keys(v)


def test_legacy_15_digit_upgraded_with_warning(report: ImportReport, store: Store) -> None:
    v = _row(report, 24)  # 411422870301802
    assert v.status == "created_with_warnings"
    assert "id_number.upgraded_15" in _keys(v)
    with store.read() as conn:
        n = conn.execute(select(func.count()).where(t.resident.c.id_number == "411422198703018025")).scalar()
    assert n == 1


def test_lower_case_x_full_width_and_spaces_accepted(report: ImportReport, store: Store) -> None:
    assert _row(report, 12).status == "created"  # 52212519740724628x
    assert _row(report, 74).status == "created"  # ' 360781 19620427 8772 '
    with store.read() as conn:
        ids = set(conn.execute(select(t.resident.c.id_number)).scalars())
    assert "52212519740724628X" in ids
    assert "360781196204278772" in ids
    assert "34082419851012488X" in ids  # ' 340824 19851012 488X '
    assert _row(report, 10).status == "created"  # full-width digits
    assert "450981199402179800" in ids


def test_sex_contradiction_is_a_warning_and_declared_value_kept(report: ImportReport, store: Store) -> None:
    v = _row(report, 103)
    assert v.status == "created_with_warnings"
    p = next(p for p in v.problems if p.key == "resident.sex_mismatch")
    assert p.column == "性别" and p.severity == "warning"
    assert sum(1 for v in report.rows if "resident.sex_mismatch" in _keys(v)) == 6


def test_same_person_twice_is_a_duplicate_not_a_record(report: ImportReport, store: Store) -> None:
    v = _row(report, 137)  # same ID number as row 18
    assert v.status == "duplicate"
    p = next(p for p in v.problems if p.key == "import.duplicate_in_file")
    assert p.params["first_row"] == 18 and p.column == "公民身份号码"
    with store.read() as conn:
        n = conn.execute(select(func.count()).where(t.resident.c.id_number == "340824197404021743")).scalar()
    assert n == 1


def test_invalid_phone_kept_in_note_with_warning(report: ImportReport, store: Store) -> None:
    v = _row(report, 4)  # 15410965605: no such mobile prefix
    assert v.status == "created_with_warnings"
    assert any(p.key == "import.value_to_note" and p.column == "联系电话" for p in v.problems)
    with store.read() as conn:
        phone, note = conn.execute(
            select(t.resident.c.phone, t.resident.c.note).where(t.resident.c.name == "谢璐")
        ).one()
    assert phone == "" and "15410965605" in note


def test_phones_dates_codes_and_names_normalised(report: ImportReport, store: Store) -> None:
    with store.read() as conn:
        rows = {
            r.name: r
            for r in conn.execute(
                select(t.resident.c.name, t.resident.c.phone, t.resident.c.birth_date, t.resident.c.ethnicity,
                       t.resident.c.education)
            )
        }
    assert rows["谢淑英"].phone == "17684494331"  # '+86 17684494331'
    assert rows["云丹丹"].phone == "0574-83668672"
    assert rows["张敏"].birth_date == "1987-12-28"  # '1987.12.28'
    assert rows["王俊"].ethnicity == "01"  # 汉
    assert rows["王佳"].education == "30"  # 大专
    assert "刘倩" in rows  # '刘倩  '


def test_consecutive_room_rows_share_household_and_rental_unit(report: ImportReport, store: Store) -> None:
    # rows 4-6: 宁南南路591号19幢2单元202室, landlord 王淑兰
    sa, reg, ru = t.standard_address, t.residence_registration, t.rental_unit
    with store.read() as conn:
        room = "宁南南路591号19幢2单元202室"
        leaf = conn.execute(select(sa.c.id).where(sa.c.full_text == room)).scalars().all()
        assert len(leaf) == 1
        hh_query = select(reg.c.household_id).where(reg.c.address_id == leaf[0])
        households = conn.execute(hh_query).scalars().all()
        units = conn.execute(select(ru).where(ru.c.address_id == leaf[0])).mappings().all()
        levels = conn.execute(text(
            "WITH RECURSIVE up(id, parent_id, level) AS (SELECT id, parent_id, level FROM standard_address "
            "WHERE id = :id UNION ALL SELECT a.id, a.parent_id, a.level FROM standard_address a "
            "JOIN up ON a.id = up.parent_id) SELECT level FROM up"), {"id": leaf[0]}).scalars().all()
    assert len(households) == 3 and len(set(households)) == 1
    assert len(units) == 1 and units[0]["landlord_name"] == "王淑兰"
    assert levels == ["room", "unit", "building", "door", "road"]
    # a blank row inside a room's block does not split it (rows 25 and 27 around blank row 26)
    assert _row(report, 25).status.startswith("created") and _row(report, 27).status.startswith("created")


def test_area_chain_made_from_town_column(report: ImportReport, store: Store) -> None:
    with store.read() as conn:
        areas = {(r.level, r.name, r.code) for r in conn.execute(select(t.area))}
    assert ("town", "钟公庙街道", "330212002") in areas
    # the fixture has a 社区 column (金家漕社区 on every row) and no 网格 column: its grid is 导入网格
    assert ("community", "金家漕社区", None) in areas
    assert ("grid", "导入网格", None) in areas
    assert not [a for a in areas if a[1].startswith("导入-")]


def test_reimport_changes_nothing(report: ImportReport, store: Store) -> None:
    before = _counts(store)
    again = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert _counts(store) == before
    for first, second in zip(report.rows, again.rows, strict=True):
        if first.status == "rejected":
            assert second.status == "rejected"
        else:
            assert second.status in ("unchanged", "duplicate"), (second.row, second.status, second.problems)


def test_dry_run_writes_nothing(store: Store) -> None:
    before = _counts(store)
    r = import_ledger(store, FIXTURE, user="tester", dry_run=True, today=TODAY)
    assert r.accepted_share >= 0.9
    assert _counts(store) == before


def test_cancel_leaves_whole_rows(store: Store) -> None:
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 10

    r = import_ledger(store, FIXTURE, user="tester", should_cancel=cancel, today=TODAY)
    assert r.cancelled and len(r.rows) == r.data_rows  # rows never reached too: not_imported
    taken = sum(1 for v in r.rows if v.status in ("created", "created_with_warnings"))
    with store.read() as conn:
        residents = conn.execute(select(func.count()).select_from(t.resident)).scalar()
        regs = conn.execute(select(func.count()).select_from(t.residence_registration)).scalar()
    assert residents == taken == regs


# ---- CSV and other layouts ----------------------------------------------------------------------

CSV_TEXT = (
    "鄞州区下应街道某社区台账,,,,,,\n"
    "姓名,性别,*身份证号码,出生日期,现住址,手机号码,房东\n"
    "张 三,男,330227198001010010,1980/01/01,下应街道湖下路12号3幢1单元501室,138 1234 5678,李四\n"
    "买买提.艾力,男,650102199001012231,19900101,下应街道湖下路12号3幢1单元501室,+86 139 1234 5678,李四\n"
    ",,,,,,\n"
    "姓名,性别,*身份证号码,出生日期,现住址,手机号码,房东\n"
    "王五,女,330227197503040047,45000,湖下路14号,87654321,\n"
)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_encodings(tmp_path: Path, store: Store, encoding: str) -> None:
    path = tmp_path / "台账.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    table = read_ledger(path)
    assert table.header_row == 2
    assert [n for n, _ in table.skipped] == [5, 6]  # blank row, repeated header
    r = import_ledger(store, path, user="tester", today=TODAY)
    assert r.data_rows == 3
    with store.read() as conn:
        people = {x.name: x for x in conn.execute(select(t.resident))}
        units = conn.execute(select(t.rental_unit.c.landlord_name)).scalars().all()
        hh = conn.execute(select(func.count()).select_from(t.household)).scalar()
        towns = conn.execute(select(t.area.c.name).where(t.area.c.level == "town")).scalars().all()
    assert set(people) == {"张三", "买买提·艾力", "王五"}
    assert people["张三"].phone == "13812345678"
    assert people["王五"].phone == "0574-87654321"  # assumed Ningbo, with a warning
    assert "phone.assumed_0574" in _keys(_row(r, 7))
    # Excel serial 45000 = 2023-03-15 contradicts the ID: declared value kept, warning given
    assert people["王五"].birth_date == "2023-03-15"
    assert "resident.birth_date_mismatch" in _keys(_row(r, 7))
    assert units == ["李四"] and hh == 2
    assert sorted(towns) == ["下应街道", "未分配"]  # 湖下路14号 names no town: unassigned bucket


def test_missing_required_column_refused(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("姓名,性别,民族\n张三,男,汉\n", encoding="utf-8")
    with pytest.raises(LedgerFormatError) as exc:
        import_ledger(store, path, user="tester")
    assert exc.value.key == "ledger.missing_columns"


def test_two_row_header_with_group_label(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        "姓名,身份证号,居住地址,房东信息,\n"
        ",,,姓名,电话\n"
        "张三,330227198001010010,湖下路12号501室,李四,13912345678\n",
        encoding="utf-8",
    )
    table = read_ledger(path)
    assert table.field_index["landlord_name"] == 3 and table.field_index["landlord_phone"] == 4
    assert table.field_index["name"] == 0
    import_ledger(store, path, user="tester", today=TODAY)
    with store.read() as conn:
        assert conn.execute(select(t.rental_unit.c.landlord_phone)).scalar() == "13912345678"


def test_header_normalisation() -> None:
    assert normalize_header(" 公民身份号码（必填）* ") == "公民身份号码"
    assert normalize_header("联系\n电话") == "联系电话"


def test_address_parsing() -> None:
    a = parse_address("浙江省宁波市鄞州区钟公庙街道鄞县大道８４１号18幢1单元1201室", ["钟公庙街道"])
    assert a.town == "钟公庙街道" and a.unparsed == ""
    assert a.segments == (("road", "鄞县大道"), ("door", "841号"), ("building", "18幢"), ("unit", "1单元"),
                          ("room", "1201室"))
    b = parse_address("金色水岸花园5幢2单元301")
    assert b.segments[0] == ("compound", "金色水岸花园") and b.segments[-1] == ("room", "301")
    c = parse_address("某某厂宿舍")
    assert c.unparsed == "某某厂宿舍"


# ---- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        datetime(2023, 5, 1, 0, 0),
        date(2023, 5, 1),
        45047,  # Excel serial
        45047.75,  # serial with a time of day
        "45047",
        20230501,
        "20230501",
        "2023.5.1",
        "2023.05.01",
        "2023/05/01",
        "2023/5/1",
        "2023-05-01",
        "2023-05-01 00:00:00",
        "2023年5月1日",
        "2023年05月01日",
        "２０２３年５月１日",
        " 2023 . 5 . 1 ",
    ],
)
def test_date_spellings(value: object) -> None:
    assert parse_ledger_date(value) == date(2023, 5, 1)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_empty_dates(value: object) -> None:
    assert parse_ledger_date(value) is None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2023-02-30", "import.date_invalid"),
        ("20231301", "import.date_invalid"),
        ("01/05/2023", "import.date_unrecognized"),  # day-first: ambiguous
        ("23.5.1", "import.date_unrecognized"),
        ("1987", "import.date_unrecognized"),  # a bare year is not serial 1987
        (1987, "import.date_unrecognized"),
        ("2023年5月", "import.date_unrecognized"),
        ("明年", "import.date_unrecognized"),
        (True, "import.date_unrecognized"),
    ],
)
def test_bad_dates(value: object, key: str) -> None:
    with pytest.raises(DateParseError) as exc:
        parse_ledger_date(value)
    assert exc.value.key == key


# ---- CLI ----------------------------------------------------------------------------------------


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "ledger test passphrase")  # issue 7: a new profile is encrypted
    code = run_import_ledger([str(FIXTURE), "--profile", str(tmp_path), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["data_rows"] == 300 and out["accepted_share"] >= 0.9
    assert out["rejected"] == 8 and out["duplicate"] == 6
    mangled = next(r for r in out["rows"] if r["row"] == 51)
    assert mangled["status"] == "rejected"
    assert mangled["problems"][0]["column"] == "公民身份号码"
    assert mangled["problems"][0]["key"] == "id_number.excel_mangled"
    assert (tmp_path / "doorstep.sqlite").exists()
    code = run_import_ledger([str(FIXTURE), "--profile", str(tmp_path)])
    assert code == 0
    assert "unchanged 286" in capsys.readouterr().out


def test_cli_bad_file(tmp_path: Path) -> None:
    assert run_import_ledger([str(tmp_path / "nope.xlsx"), "--profile", str(tmp_path)]) == 2


# ---- issue 6: verdicts by kind of dirt, Chinese reasons, one transaction, moves ----------------

SHARED_FIXTURE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "ledger_sample.xlsx"


def test_fixture_copy_is_the_shared_fixture() -> None:
    if SHARED_FIXTURE.exists():  # ../shared/fixtures is there in the workspace, not in a bare clone
        assert SHARED_FIXTURE.read_bytes() == FIXTURE.read_bytes()


def test_every_row_verdict_by_kind_of_dirt(report: ImportReport) -> None:
    by_status: dict[str, set[int]] = {}
    for v in report.rows:
        by_status.setdefault(v.status, set()).add(v.row)
    assert report.totals == {"created": 251, "created_with_warnings": 35, "updated": 0, "unchanged": 0,
                             "duplicate": 6, "rejected": 8, "not_imported": 0, "skipped": 4}
    assert report.skipped == [(26, "blank"), (59, "blank"), (128, "blank"), (189, "blank")]
    # rejected: exactly the Excel-mangled and wrong-check-digit ID numbers
    assert by_status["rejected"] == {51, 223, 46, 115, 155, 163, 238, 264}
    kinds = {v.row: _keys(v) for v in report.rows}
    assert all("id_number.excel_mangled" in kinds[n] for n in (51, 223))
    assert all("id_number.checksum" in kinds[n] for n in (46, 115, 155, 163, 238, 264))
    # every warning row says why, in a named column, in Chinese
    for v in report.rows:
        if v.status == "created_with_warnings":
            assert v.problems and all(p.severity == "warning" for p in v.problems)
        for p in v.problems:
            assert p.message_zh and p.message_zh != p.message, (v.row, p.key)
            assert all(ord(ch) < 0x2E80 or True for ch in p.message_zh)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message_zh), (v.row, p.key, p.message_zh)
    # the kinds of dirt the fixture carries each show up where expected
    assert "id_number.upgraded_15" in kinds[24]
    assert "resident.sex_mismatch" in kinds[103]
    assert "import.value_to_note" in kinds[4]
    assert _row(report, 137).status == "duplicate"


def test_chinese_reason_names_the_column_and_what_happened(report: ImportReport) -> None:
    p = next(p for p in _row(report, 51).problems if p.key == "id_number.excel_mangled")
    assert p.column == "公民身份号码" and "Excel" in p.message_zh and "数字" in p.message_zh
    sex = next(p for p in _row(report, 103).problems if p.key == "resident.sex_mismatch")
    assert "男" in sex.message_zh or "女" in sex.message_zh
    dup = next(p for p in _row(report, 137).problems if p.key == "import.duplicate_in_file")
    assert "第18行" in dup.message_zh


def test_second_import_of_the_same_file_changes_nothing(report: ImportReport, store: Store) -> None:
    before = _counts(store)
    again = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert _counts(store) == before
    assert again.totals["created"] == again.totals["updated"] == 0
    assert again.totals["unchanged"] == 286


def test_cancel_half_way_leaves_the_store_as_it_was(store: Store) -> None:
    import_ledger(store, FIXTURE, user="tester", today=TODAY)
    before = _counts(store)
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 150

    path = FIXTURE.parent / "ledger_sample.xlsx"
    corrected = _corrected_copy(path, Path(store.path).parent / "corrected.xlsx")
    r = import_ledger(store, corrected, user="tester", should_cancel=cancel, today=TODAY)
    assert r.cancelled and r.rolled_back and len(r.rows) == r.data_rows
    assert _counts(store) == before
    assert r.totals["not_imported"] > 0
    assert all(v.status != "updated" for v in r.rows)
    # on a fresh store too: nothing at all
    fresh = open_store(Path(store.path).parent / "fresh.sqlite")
    try:
        empty = _counts(fresh)
        calls["n"] = 0
        r2 = import_ledger(fresh, FIXTURE, user="tester", should_cancel=cancel, today=TODAY)
        assert r2.rolled_back and _counts(fresh) == empty
        assert "import.cancelled" in _keys(next(v for v in r2.rows if v.status == "not_imported"))
    finally:
        fresh.close()


def _corrected_copy(src: Path, dst: Path) -> Path:
    """The fixture with row 5's phone changed and row 4's person (谢璐) moved to another room."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    ws = wb.active
    assert ws is not None
    ws.cell(row=5, column=11).value = "13900001111"
    ws.cell(row=4, column=10).value = "惊驾路41号22幢1单元1805室"
    ws.cell(row=4, column=16).value = None
    ws.cell(row=4, column=17).value = None
    wb.save(dst)
    return dst


def test_corrected_ledger_updates_and_moves_keeping_history(report: ImportReport, store: Store,
                                                            tmp_path: Path) -> None:
    corrected = _corrected_copy(FIXTURE, tmp_path / "台账-更正.xlsx")
    before = _counts(store)
    r = import_ledger(store, corrected, user="tester", today=date(2024, 7, 1))
    assert r.totals["created"] == 0 and r.totals["updated"] == 2
    phone_row, moved_row = _row(r, 5), _row(r, 4)
    assert phone_row.status == "updated" and phone_row.changes == ["phone"]
    assert moved_row.status == "updated" and "address" in moved_row.changes
    assert "import.moved" in _keys(moved_row)
    moved = next(p for p in moved_row.problems if p.key == "import.moved")
    assert "宁南南路591号19幢2单元202室" in moved.message_zh
    reg, r_ = t.residence_registration, t.resident
    with store.read() as conn:
        rid = conn.execute(select(r_.c.id).where(r_.c.name == "谢璐")).scalar()
        regs = conn.execute(select(reg.c.status, reg.c.moved_out_date, reg.c.moved_out_reason)
                            .where(reg.c.resident_id == rid).order_by(reg.c.registered_date)).all()
        residents = conn.execute(select(func.count()).select_from(r_)).scalar()
    assert sorted(x.status for x in regs) == ["left", "living"]
    left = next(x for x in regs if x.status == "left")
    assert left.moved_out_date == "2024-07-01" and left.moved_out_reason == "导入台账迁入新址"
    assert residents == before["resident"]  # a move, not a copy
    again = import_ledger(store, corrected, user="tester", today=date(2024, 7, 1))
    assert again.totals["updated"] == 0 and again.totals["created"] == 0


def test_dirt_kinds_in_one_csv(tmp_path: Path, store: Store) -> None:
    first17 = "34122119800111645"
    from desktop.domain.idnumber import compute_check_digit

    good = first17 + compute_check_digit(first17)
    text_ = (
        "姓名,性别,民族,身份证号码,出生日期,居住地址,联系电话,文化程度,来鄞日期\n"
        "买买提•艾力 ,男,维吾尔,６５０１０２１９９００１０１２２３１,1990年1月1日,"
        "湖下路12号3幢1单元501室,0574-8766 5432,初中,2023.5.1\n"
        f"李 四,男,汉,{good},1980/01/11,湖下路12号3幢1单元502室,+86 138-1234-5678,大专,20230501\n"
        "王五,女,汉,330227750304004,1975-03-04,湖下路12号3幢1单元503室,13812345679,高中,45047\n"
        "赵六,男,汉,4.11422199305291E+17,,湖下路12号3幢1单元504室,,,\n"
    )
    path = tmp_path / "脏数据.csv"
    path.write_bytes(text_.encode("gb18030"))  # U+2022 is not in GBK
    r = import_ledger(store, path, user="tester", today=TODAY)
    assert [v.status for v in r.rows] == ["created", "created", "created_with_warnings", "rejected"]
    assert "id_number.upgraded_15" in _keys(r.rows[2])
    assert "id_number.excel_mangled" in _keys(r.rows[3])
    with store.read() as conn:
        people = {x.id_number: x for x in conn.execute(select(t.resident))}
    m = people["650102199001012231"]
    assert m.name == "买买提·艾力" and m.phone == "0574-87665432" and m.ethnicity == "05"
    assert m.birth_date == "1990-01-01" and m.arrival_date == "2023-05-01" and m.education == "70"
    li = people[good]
    assert li.name == "李四" and li.phone == "13812345678" and li.education == "30"
    assert li.arrival_date == "2023-05-01"
    assert people["330227197503040047"].arrival_date == "2023-05-01"  # Excel serial 45047


def test_gbk_csv_keeps_chinese(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(CSV_TEXT.encode("gbk"))
    import_ledger(store, path, user="tester", today=TODAY)
    with store.read() as conn:
        addresses = set(conn.execute(select(t.standard_address.c.full_text)).scalars())
        names = set(conn.execute(select(t.resident.c.name)).scalars())
    assert "湖下路12号3幢1单元501室" in addresses
    assert names == {"张三", "买买提·艾力", "王五"}


def test_saved_mapping_maps_an_unknown_header(tmp_path: Path, store: Store) -> None:
    from desktop.services.ledger_mapping import load_mapping, save_mapping

    path = tmp_path / "odd.csv"
    path.write_text("姓名,身份证号,住在哪里,手机\n张三,330227198001010010,湖下路12号501室,13812345678\n",
                    encoding="utf-8")
    with pytest.raises(LedgerFormatError) as exc:
        read_ledger(path)
    assert exc.value.key == "ledger.missing_columns" and "居住地址" in exc.value.params["missing"]
    save_mapping(tmp_path, {"住在哪里": "address", "手机": ""})
    mapping = load_mapping(tmp_path)
    assert mapping == {"住在哪里": "address", "手机": ""}
    table = read_ledger(path, mapping)
    assert table.field_index["address"] == 2 and "phone" not in table.field_index
    r = import_ledger(store, path, user="tester", today=TODAY, mapping=mapping)
    assert r.totals["created"] == 1
    (tmp_path / "ledger_mapping.json").write_text("{broken", encoding="utf-8")
    assert load_mapping(tmp_path) == {}


def test_preview_values_as_stored(store: Store) -> None:
    before = _counts(store)
    r = import_ledger(store, FIXTURE, user="tester", today=TODAY, dry_run=True, limit=20, keep_values=True)
    assert len(r.rows) == 20 and _counts(store) == before
    v = _row(r, 5)  # 王俊: 汉 → 01
    assert v.values is not None and v.values["ethnicity"] == "01"
    assert v.values["address"] == "宁南南路591号19幢2单元202室" and v.values["town"] == "钟公庙街道"


def test_store_error_rolls_everything_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.services import ledger_import as li

    before = _counts(store)
    real = li._Importer.write
    calls = {"n": 0}

    def failing(self: li._Importer, work: Any) -> None:  # runs on the writer thread
        calls["n"] += 1
        real(self, work)
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(li._Importer, "write", failing)
    r = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert r.aborted and r.rolled_back and _counts(store) == before
    assert r.totals["not_imported"] == 286


def test_pipelined_batches_fail_or_cancel_as_a_whole(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are written on a writer thread while the next is validated: a store error in a later
    batch, or a cancel after some batches were written, still leaves the store as it was."""
    from sqlalchemy.exc import OperationalError

    from bench.ledger_bench import write_ledger
    from desktop.services import ledger_import as li

    path = write_ledger(tmp_path / "multi.xlsx", 260, seed=5)
    monkeypatch.setattr(li, "BATCH_ROWS", 50)
    before = _counts(store)
    real = li._Importer.write
    calls = {"n": 0}

    def failing_third(self: li._Importer, work: Any) -> None:
        calls["n"] += 1
        real(self, work)
        if calls["n"] == 3:
            raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(li._Importer, "write", failing_third)
    r = import_ledger(store, path, user="tester", today=TODAY)
    assert r.aborted == "disk full" and r.rolled_back and _counts(store) == before
    assert not any(v.status in ("created", "created_with_warnings", "updated") for v in r.rows)
    monkeypatch.setattr(li._Importer, "write", real)

    seen: list[tuple[int, int]] = []
    r = import_ledger(store, path, user="tester", today=TODAY, progress=lambda d, n: seen.append((d, n)),
                      should_cancel=lambda: len(seen) >= 3)
    assert r.cancelled and r.rolled_back and _counts(store) == before
    assert seen[:3] == [(50, 260), (100, 260), (150, 260)]

    seen.clear()
    r = import_ledger(store, path, user="tester", today=TODAY, progress=lambda d, n: seen.append((d, n)))
    assert seen[-1] == (260, 260) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert _counts(store)["resident"] - before["resident"] == sum(
        1 for v in r.rows if v.status in ("created", "created_with_warnings"))


def _register_as_content(store: Store) -> list[tuple[object, ...]]:
    """The store's register by content (no ids, versions or times): each resident with the address, household
    head, rental unit and status of every registration, and every area; plus the outbox's (entity, op) counts."""
    reg, res, sa, hh, ru, head = (t.residence_registration, t.resident, t.standard_address, t.household,
                                  t.rental_unit, t.resident.alias("head"))
    with store.read() as conn:
        people = conn.execute(
            select(res.c.id_number, res.c.name, res.c.phone, res.c.note, sa.c.full_text, reg.c.status,
                   reg.c.moved_out_date, reg.c.relationship, head.c.id_number, ru.c.landlord_name, ru.c.landlord_phone)
            .select_from(res).join(reg, reg.c.resident_id == res.c.id).join(sa, sa.c.id == reg.c.address_id)
            .outerjoin(hh, hh.c.id == reg.c.household_id).outerjoin(head, head.c.id == hh.c.head_resident_id)
            .outerjoin(ru, ru.c.address_id == sa.c.id)
        ).all()
        areas = conn.execute(select(t.area.c.level, t.area.c.name, t.area.c.code)).all()
        outbox = conn.execute(select(t.outbox.c.entity, t.outbox.c.op, func.count())
                              .where(t.outbox.c.entity != "audit_event")
                              .group_by(t.outbox.c.entity, t.outbox.c.op)).all()
    return sorted(tuple(r) for r in people) + sorted(tuple(a) for a in areas) + sorted(tuple(o) for o in outbox)


def import_threaded_and_in_turn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_ledger: Path, second_ledger: Path,
        extra: Any = None) -> tuple[list[tuple[Any, ...]], ImportReport, ImportReport]:
    """Import ``first_ledger`` then ``second_ledger`` (a month later) into two fresh stores in batches of 20 rows,
    once with the writer thread and once writing each batch before planning the next. Return per store (threaded
    first) its verdicts (row, status, problem keys, changes), register by content, counts and ``extra(store)``
    when given, and the in-turn run's two reports."""
    from desktop.services import ledger_import as li

    monkeypatch.setattr(li, "BATCH_ROWS", 20)
    outcomes: list[tuple[Any, ...]] = []
    for threaded in (True, False):
        monkeypatch.setattr(li, "WRITER_THREAD", threaded)
        s = open_store(tmp_path / f"threaded-{threaded}.sqlite")
        try:
            first = import_ledger(s, first_ledger, user="tester", today=TODAY)
            second = import_ledger(s, second_ledger, user="tester", today=date(2024, 7, 1))
            verdicts = [(v.row, v.status, sorted(_keys(v)), v.changes) for r in (first, second) for v in r.rows]
            outcomes.append((verdicts, _register_as_content(s), _counts(s),
                             *(() if extra is None else (extra(s),))))
        finally:
            s.close()
    return outcomes, first, second


def test_planning_ahead_of_the_writer_stores_what_writing_in_turn_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 20 rows: with the writer thread, planning reads the store as it was before the import while
    up to two earlier batches are still unwritten (new areas, rooms, people repeated across batches, a
    second ledger that updates and moves people). Row for row and record for record it must come out as
    writing each batch before planning the next does."""
    corrected = _corrected_copy(FIXTURE, tmp_path / "台账-更正.xlsx")
    outcomes, first, second = import_threaded_and_in_turn(tmp_path, monkeypatch, FIXTURE, corrected)
    (verdicts_t, content_t, counts_t), (verdicts_s, content_s, counts_s) = outcomes
    assert first.totals["created"] > 200 and second.totals["updated"] == 2  # the work really spans batches
    assert verdicts_t == verdicts_s
    assert counts_t == counts_s
    assert content_t == content_s


def test_switch_interval_is_put_back_after_an_import_however_it_ends(store: Store) -> None:
    import sys

    before = sys.getswitchinterval()
    seen: list[float] = []

    def note(done: int, total: int) -> None:
        seen.append(sys.getswitchinterval())

    polls = iter(range(10_000))
    cancelled = import_ledger(store, FIXTURE, user="tester", today=TODAY, should_cancel=lambda: next(polls) > 100)
    assert cancelled.cancelled and sys.getswitchinterval() == before
    import_ledger(store, FIXTURE, user="tester", today=TODAY, progress=note)
    assert sys.getswitchinterval() == before
    assert seen and all(x < before for x in seen)  # shorter while the writer thread runs


def test_fast_phone_path_equals_the_domain() -> None:
    import random

    from desktop.domain.phone import check_phone as domain_check
    from desktop.services.ledger_import import check_phone

    rng = random.Random(3)
    samples = ["+86 17684494331", "138 1234 5678", "138-1234-5678", "8613812345678", "15410965605",
               "17400123456", "17406123456", "16101234567", "19912345678", "10012345678"]
    samples += ["1" + "".join(rng.choice("0123456789") for _ in range(10)) for _ in range(3000)]
    for s in samples:
        check_phone.cache_clear()
        assert check_phone(s) == domain_check(s), s


def test_stored_initials_equal_pypinyin_reading(report: ImportReport, store: Store) -> None:
    from desktop.domain.pinyin import name_initials, reference_initials
    from desktop.services.demo import GIVEN, SURNAMES

    with store.read() as conn:
        names = list(conn.execute(select(t.resident.c.name)).scalars())
    names += [a + b + c for a in SURNAMES for b in GIVEN[:12] for c in ("", "重", "长", "乐")]
    names += ["重庆", "单于", "曾重阳", "买买提·艾力", "解长春", "朴银行"]
    for n in names:
        assert name_initials(n) == reference_initials(n), n


def test_streaming_reader_equals_openpyxl(tmp_path: Path) -> None:
    from bench.ledger_bench import write_ledger
    from desktop.services.ledger_parse import _iter_xlsx_openpyxl
    from desktop.services.xlsx_stream import XlsxStream

    generated = write_ledger(tmp_path / "gen.xlsx", 300, seed=2)
    for path in (FIXTURE, generated):
        expected = {title: [(n, c) for n, c in rows] for title, rows in _iter_xlsx_openpyxl(path)}
        stream = XlsxStream(path)
        try:
            got = {title: list(stream.rows(part)) for title, part in stream.sheets()}
        finally:
            stream.close()

        def trimmed(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
            out = []
            for n, cells in rows:
                c = list(cells)
                while c and c[-1] is None:
                    c.pop()
                if c:
                    out.append((n, tuple(c)))
            return out

        assert list(got) == list(expected)
        for title in expected:
            assert trimmed(got[title]) == trimmed(expected[title])


def test_cli_json_carries_chinese_reasons_and_result_workbook(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "ledger test passphrase")  # issue 7: a new profile is encrypted

    result = tmp_path / "结果.xlsx"
    code = run_import_ledger([str(FIXTURE), "--profile", str(tmp_path), "--json", "--result", str(result)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    mangled = next(r for r in out["rows"] if r["row"] == 51)
    assert "Excel" in mangled["problems"][0]["message"] and "身份证" in mangled["problems"][0]["message"]
    assert mangled["status_zh"] == "拒绝"
    wb = openpyxl.load_workbook(result, read_only=True)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[1]
    assert header[-3:] == ("导入结果", "问题所在列", "原因")
    data = [tuple(r) + (None,) * (22 - len(r)) for r in rows[2:]]
    assert len(data) == 300
    rejected = [r for r in data if r[19] == "拒绝"]
    assert len(rejected) == 8
    mangled_rows = [r for r in rejected if "E+" in str(r[4])]
    assert len(mangled_rows) == 2
    assert all(r[20] == "公民身份号码" and "Excel" in str(r[21]) for r in mangled_rows)
    wb.close()


def test_file_type_by_content_not_by_name(tmp_path: Path) -> None:
    """Empty files, garbage named .xlsx, an old .xls under any name, an .xlsx renamed .xls: clear verdicts."""
    from desktop.services.ledger_parse import LedgerFormatError
    from desktop.services.messages_zh import message_zh

    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"hello, not a workbook")
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    for path, key in ((empty, "ledger.empty"), (garbage, "ledger.not_xlsx"), (old, "ledger.file_type")):
        with pytest.raises(LedgerFormatError) as info:
            read_ledger(path)
        assert info.value.key == key
        text = message_zh(info.value.key, info.value.params, str(info.value))
        # Chinese, and no English library text ("File is not a zip file")
        assert "\u4e00" <= text[0] <= "\u9fff" and "zip" not in text.lower() and "file is" not in text.lower(), text
    renamed = tmp_path / "ledger.xls"
    renamed.write_bytes(FIXTURE.read_bytes())
    assert read_ledger(renamed).header_row == read_ledger(FIXTURE).header_row


def test_an_import_gives_the_pooled_connection_its_page_cache_back(store: Store) -> None:
    """The importer enlarges its connection's page cache while rows go in; afterwards the pooled
    connection must have the store's own setting again (it used to be left at SQLite's 2 MB default,
    slowing every later list page read on that connection)."""
    with store.read() as conn:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    assert import_ledger(store, FIXTURE, user="tester", today=TODAY).count("created") > 0
    for _ in range(3):  # whichever pooled connection the import used
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def test_report_never_lists_a_column_as_both_mapped_and_not_imported(
        tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """居住证到期日 was reported mapped (to permit_expiry) and under "columns not imported": the importer does
    not store permit_expiry (nor 序号), so the report says it is not imported and does not claim a mapping."""
    from desktop.domain.idnumber import compute_check_digit

    good = "34122119800111645" + compute_check_digit("34122119800111645")
    path = tmp_path / "permit.csv"
    path.write_text("序号,姓名,公民身份号码,居住地址,居住证到期日,姓名,说不清\n"
                    f"1,李四,{good},湖下路12号3幢1单元502室,2025-01-01,李四,x\n", encoding="utf-8")
    r = import_ledger(store, path, user="tester", today=TODAY)
    assert r.rows[0].status == "created"
    mapped = {h: f for h, f in r.columns if f}
    assert mapped == {"姓名": "name", "公民身份号码": "id_number", "居住地址": "address"}
    assert dict(r.columns)["居住证到期日"] == "" and dict(r.columns)["序号"] == ""
    assert r.ignored_columns == ["序号", "居住证到期日", "姓名（第6列）", "说不清"]
    assert not set(mapped) & set(r.ignored_columns)

    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "ledger test passphrase")
    assert run_import_ledger([str(path), "--profile", str(tmp_path / "p"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    mapped_headers = {c["header"] for c in out["columns"] if c["field"]}
    assert "居住证到期日" in out["ignored_columns"] and not mapped_headers & set(out["ignored_columns"])


# ---- a rolled-back report accounts for every row and claims nothing stored (user trial) ------------

def _rolled_back_claims(r: ImportReport) -> list[str]:
    """Chinese and English texts of a rolled-back report that claim something was stored."""
    claims = ("已在第", "原文已记入", "已采用", "已整体存为", "已按本表迁入", "本行归入",
              "already taken", "it was stored as one", "and kept in the", "it was kept in", "so it was taken",
              "moved to this address:", "the row went to")
    return [p.message_zh + " | " + p.message for v in r.rows for p in v.problems
            if any(c in p.message_zh or c in p.message for c in claims)]


def test_a_cancel_gives_every_data_row_a_verdict(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning runs batches ahead of the writer: the rows never reached are not_imported too."""
    from bench.ledger_bench import write_ledger
    from desktop.services import ledger_import as li
    from desktop.services.ledger_parse import read_ledger

    path = write_ledger(tmp_path / "multi.xlsx", 300, seed=7)
    monkeypatch.setattr(li, "BATCH_ROWS", 50)
    polls = {"n": 0}

    def cancel() -> bool:
        polls["n"] += 1
        return polls["n"] > 160

    r = import_ledger(store, path, user="tester", today=TODAY, should_cancel=cancel)
    assert r.cancelled and r.rolled_back
    numbers = [row.number for row in read_ledger(path).rows]
    assert [v.row for v in r.rows] == numbers and r.data_rows == len(numbers) == 300
    totals = r.totals
    assert sum(totals[s] for s in li.STATUSES if s != "skipped") == 300
    assert totals["created"] == totals["created_with_warnings"] == totals["updated"] == 0
    assert totals["not_imported"] >= 300 - 160
    for v in r.rows[160:]:
        assert v.status == "not_imported" and _keys(v) == {"import.cancelled"}


def test_a_store_error_gives_every_row_a_verdict_claiming_nothing_stored(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.services import ledger_import as li

    def failing(self: li._Importer, work: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(li._Importer, "write", failing)
    r = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert r.aborted == "disk I/O error" and r.rolled_back
    assert len(r.rows) == r.data_rows
    assert _rolled_back_claims(r) == []
    dup = _row(r, 137)  # same ID number as row 18
    assert dup.status == "duplicate" and _keys(dup) == {"import.duplicate_in_file.rolled_back"}
    p = dup.problems[0]
    assert p.params["first_row"] == 18 and "第18行" in p.message_zh and "没有保存任何数据" in p.message_zh
    phone = _row(r, 4)  # the invalid phone: it would have gone to the note, but nothing was stored
    assert phone.status == "not_imported"
    assert _keys(phone) == {"import.value_to_note.rolled_back", "import.rolled_back"}
    assert all("回滚" in p.message_zh for p in phone.problems)
    # a committed import still tells what it did
    monkeypatch.undo()
    ok = import_ledger(store, FIXTURE, user="tester", today=TODAY)
    assert "import.duplicate_in_file" in _keys(_row(ok, 137)) and "import.value_to_note" in _keys(_row(ok, 4))


def test_cli_text_after_a_store_error_says_the_outcome_first_and_collapses_rolled_back_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.services import ledger_import as li

    def failing(self: li._Importer, work: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setenv("DOORSTEP_PASSPHRASE", "ledger test passphrase")
    monkeypatch.setattr(li._Importer, "write", failing)
    assert run_import_ledger([str(FIXTURE), "--profile", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    first = lines[0]
    assert first.startswith("导入") and "回滚" in first and "没有保存任何数据" in first
    assert "disk I/O error" in first and first.index("回滚") < first.index("rolled back")
    # one summary line for the 286 rows rolled back with no problem of their own, not 286 lines
    assert sum("本行未导入" in line for line in lines) == 0
    summary = [line for line in lines if "未导入（已回滚）" in line and "286" in line]
    assert len(summary) == 1, lines
    # rows with their own problems keep their line: the duplicate names its first row, claims nothing stored
    dup = [line for line in lines if line.startswith("  第137行")]
    assert dup and "第18行" in dup[0] and "没有保存任何数据" in dup[0]
    assert len(lines) < 80
    # the JSON keeps every row, each with its reason
    assert run_import_ledger([str(FIXTURE), "--profile", str(tmp_path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["rows"]) == out["data_rows"] == 300 and out["not_imported"] == 286 and out["rolled_back"]
    assert all(r["problems"] for r in out["rows"] if r["status"] == "not_imported")
