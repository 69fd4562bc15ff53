"""Ledger (台账) import: the dirty fixture, re-import, rooms, CSV encodings, date spellings, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

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
    with store.read() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            for name, table in t.SYNCED_TABLES.items()
        } | {"outbox": int(conn.execute(select(func.count()).select_from(t.outbox)).scalar() or 0)}


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
    assert ("community", "导入-ledger_sample", None) in areas
    assert ("grid", "导入网格", None) in areas


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
    assert r.cancelled and len(r.rows) == 10
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


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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
