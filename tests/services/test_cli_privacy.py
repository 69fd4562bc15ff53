"""New-user trial of issue 7 on the command line: the same passphrase rules, audit trail, roles,
masking and file modes as the app. Real encrypted profiles, the real CLI entry points."""

from __future__ import annotations

import getpass
import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest
import sqlcipher3

from desktop.services import audit, privacy
from desktop.services.ledger_cli import run_export_ledger, run_import_ledger
from desktop.store.db import open_store, set_state

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"
GOOD = "a long enough test passphrase 7"
OS_USER = f"os:{getpass.getuser()}"


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "KDF_DEFAULTS", {"time_cost": 1, "memory_cost": 8192, "parallelism": 1})
    monkeypatch.delenv(privacy.PASSPHRASE_ENV, raising=False)


def _import(profile: Path, *extra: str) -> int:
    return run_import_ledger([str(FIXTURE), "--profile", str(profile), *extra])


@pytest.mark.parametrize("weak", ["123456", "password", privacy.DEMO_PASSPHRASE])
def test_the_command_line_refuses_a_weak_passphrase_for_a_new_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], weak: str) -> None:
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, weak)
    assert _import(tmp_path / "new") == 2
    err = capsys.readouterr().err
    assert "口令" in err and "passphrase" in err and privacy.PASSPHRASE_ENV in err
    assert not (tmp_path / "new" / privacy.STORE_FILE).exists()
    with pytest.raises(privacy.PassphraseRejected):
        privacy.open_profile_store(tmp_path / "other", weak)
    # the demo keeps its documented passphrase
    privacy.open_profile_store(tmp_path / "demo", privacy.DEMO_PASSPHRASE, demo=True).close()


def test_a_missing_passphrase_for_a_new_profile_says_a_new_profile_needs_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(tmp_path / "new") == 2
    err = capsys.readouterr().err
    assert "new profile" in err and "encrypted" not in err


def test_cli_unlock_failures_reach_the_audit_log_and_events_name_someone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = tmp_path / "p"
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    assert _import(profile) == 0
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, "not the passphrase at all")
    for _ in range(4):
        assert _import(profile, "--dry-run") == 2
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    assert _import(profile, "--dry-run") == 0
    store = privacy.unlock_profile(profile, GOOD)
    try:
        events = {e.action: e for e in audit.list_events(store)}
    finally:
        store.close()
    assert (events["unlock_failed"].count, events["unlock_failed"].user) == (4, OS_USER)
    assert events["import"].user == OS_USER


def test_export_ledger_is_for_supervisors_and_audited_under_the_signed_in_user(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p"
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    assert _import(profile) == 0
    out = tmp_path / "ledger.xlsx"
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--profile", str(profile)]) == 2
    assert "supervisor" in capsys.readouterr().err and not out.exists()
    store = privacy.unlock_profile(profile, GOOD)
    with store.write() as conn:
        set_state(conn, "auth_user", "zhang")
        set_state(conn, "auth_role", "grid_officer")
    store.close()
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--profile", str(profile)]) == 2
    store = privacy.unlock_profile(profile, GOOD)
    with store.write() as conn:
        set_state(conn, "auth_role", "supervisor")
    store.close()
    assert run_export_ledger(["--area", "330212", "--out", str(out), "--profile", str(profile)]) == 0
    store = privacy.unlock_profile(profile, GOOD)
    try:
        [event] = [e for e in audit.list_events(store) if e.action == "export"]
    finally:
        store.close()
    assert (event.user, event.role, event.count) == ("zhang", "supervisor", 286)


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n", GOOD.encode() + b"\r\n",
                                     b"\xef\xbb\xbf" + GOOD.encode()])
def test_a_passphrase_file_from_notepad_is_read_without_its_bom_and_newline(tmp_path: Path, content: bytes) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_bytes(content)
    assert privacy.cli_passphrase(secret) == GOOD


def test_a_wrong_passphrase_prints_no_sqlcipher_internals(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p"
    privacy.setup_profile(profile, GOOD).close()
    probe = sqlcipher3.connect(":memory:")
    probe.execute("PRAGMA cipher_log_level = WARN")  # the library's default: the level is process-wide
    probe.close()
    capfd.readouterr()
    with pytest.raises(privacy.WrongPassphrase):
        privacy.unlock_profile(profile, "not the passphrase at all")
    with pytest.raises(privacy.WrongPassphrase):
        open_store(profile / privacy.STORE_FILE, key=bytes(32))
    captured = capfd.readouterr()
    assert "sqlcipher" not in captured.err.lower() and "hmac" not in captured.err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_profile_folder_and_store_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    old = os.umask(0o022)
    try:
        profile = tmp_path / "p"
        assert _import(profile) == 0
        store = privacy.unlock_profile(profile, GOOD)
        store.backup(profile / "copy.sqlite")
        with store.write() as conn:  # the WAL and shared-memory files exist while open
            set_state(conn, "x", "1")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in profile.iterdir() if p.is_file()}
        store.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
    assert {"doorstep.sqlite", "doorstep.sqlite-wal", "doorstep.sqlite-shm", "copy.sqlite"} <= set(modes)
    assert {name: mode for name, mode in modes.items() if mode != 0o600} == {}


def test_the_import_report_masks_id_numbers_and_phones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    full = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[\dXx]|\d{15}|1\d{10})(?![0-9A-Za-z*])")
    privacy.setup_profile(tmp_path / "p", GOOD).close()  # a dry run needs an existing profile
    for extra in ((), ("--json",)):
        assert _import(tmp_path / "p", "--dry-run", *extra) == 0
        out = capsys.readouterr().out
        assert "*" in out
        assert full.findall(out) == []


def test_importing_into_a_demo_profile_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "demo"
    store = privacy.open_profile_store(profile, privacy.DEMO_PASSPHRASE, demo=True)
    with store.write() as conn:
        set_state(conn, "demo_seed", "1")
    store.close()
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, privacy.DEMO_PASSPHRASE)
    assert _import(profile, "--dry-run") == 0
    err = capsys.readouterr().err
    assert "演示配置不加密保护真实数据" in err and "own profile" in err


def _check(first17: str) -> str:
    from desktop.domain.idnumber import compute_check_digit

    return first17 + compute_check_digit(first17)


#: Values of ID-number and phone columns that are invalid or odd, so that a reason quotes them.
ODD_VALUES = ("4.114221994102527E+17", "179 6344 3509", "87654321", "8765 4321", "33021219900101123",
              "33021219900230123X", "3302121990010112", "330227750304004", "0574-88881234", "13812345678")


def _odd_ledger(path: Path) -> Path:
    rows = [
        ["姓名", "公民身份号码", "居住地址", "联系电话", "房东姓名", "房东电话", "房东身份证号"],
        ["张三", "4.114221994102527E+17", "中兴路88号16幢1单元1001室", "179 6344 3509", "", "", ""],
        ["李四", _check("33021219850315002"), "中兴路88号16幢1单元1002室", "87654321", "王五", "8765 4321",
         "33021219900101123"],
        ["赵六", _check("41142219850315003"), "中兴路88号16幢1单元1002室", "13812345678", "钱七", "0574-88881234", ""],
        ["孙八", "33021219900230123X", "中兴路88号16幢1单元1003室", "", "", "", ""],
        ["周九", "3302121990010112", "中兴路88号16幢1单元1004室", "", "", "179 6344 3509", ""],
        ["吴十", "330227750304004", "中兴路88号16幢1单元1005室", "", "", "", "4.114221994102527E+17"],
    ]
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_the_report_masks_invalid_and_odd_id_numbers_and_phones_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A reason that quotes an invalid value (a phone with spaces, an ID Excel turned into a number, a local
    number and its 0574 form, a landlord's phone in "landlord differs") printed it in full."""
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    ledger = _odd_ledger(tmp_path / "odd.csv")
    profile = tmp_path / "p"
    privacy.setup_profile(profile, GOOD).close()
    digits = [re.sub(r"\D", "", v) for v in ODD_VALUES] + ["17963443509", "057487654321", "19900230",
                                                           "330227197503040047"]
    outputs = []
    for extra in ((), ("--json",)):
        assert run_import_ledger([str(ledger), "--profile", str(profile), "--dry-run", *extra]) == 0
        outputs.append(capsys.readouterr().out)
    result = tmp_path / "result.xlsx"
    assert run_import_ledger([str(ledger), "--profile", str(profile), "--json", "--result", str(result)]) == 0
    outputs.append(capsys.readouterr().out)
    text, *jsons = outputs
    for out in outputs:
        for value in ODD_VALUES:
            assert value not in out and value.replace(" ", "") not in out, value
        compact = re.sub(r"\s", "", out)
        leaked = [run for run in re.findall(r"\d{5,}", compact) if any(run in d for d in digits)]
        assert leaked == [], leaked
        assert "19900230" not in out  # the birth date inside an ID number is part of it
    # the masks keep enough to recognise the value
    assert "179****3509" in text and "4.114***********7E+17" in text and "0574-****4321" in text
    for out in jsons:
        rows = {r["row"]: r for r in json.loads(out)["rows"]}
        mangled = next(p for p in rows[2]["problems"] if p["key"] == "id_number.excel_mangled")
        assert mangled["params"] == {"value": "4.114***********7E+17"}
        assert "4.114***********7E+17" in mangled["message"] and "4.114***********7E+17" in mangled["message_en"]
        phone = next(p for p in rows[2]["problems"] if p["field"] == "phone")
        assert phone["params"]["value"] == "179****3509" and phone["column"] == "联系电话"
        differs = next(p for p in rows[4]["problems"] if p["key"] == "import.landlord_differs")
        assert differs["params"] == {"stored": "王五 0574-****4321", "given": "钱七 0574-****1234"}
    # the result workbook is the office's export: it keeps the values as they were
    import openpyxl

    wb = openpyxl.load_workbook(result, read_only=True)
    ws = wb.active
    assert ws is not None
    cells = {str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    wb.close()
    assert {"179 6344 3509", "4.114221994102527E+17"} <= cells
    assert any("王五 0574-87654321" in c for c in cells)  # the reasons, as the report had them


@pytest.mark.parametrize("json_flag", [(), ("--json",)])
def test_a_dry_run_on_a_profile_that_does_not_exist_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        json_flag: tuple[str, ...]) -> None:
    monkeypatch.setenv(privacy.PASSPHRASE_ENV, GOOD)
    missing = tmp_path / "nowhere" / "p"
    assert _import(missing, "--dry-run", "--map", "备用=", "--save-mapping", *json_flag) == 2
    captured = capsys.readouterr()
    assert "配置" in captured.err and "不存在" in captured.err and "does not exist" in captured.err
    assert str(missing) in captured.err and captured.out == ""
    assert not (tmp_path / "nowhere").exists()
    # a folder without a store is no profile either; it is left as it was
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _import(empty, "--dry-run") == 2
    assert list(empty.iterdir()) == []
    # an existing profile dry-runs as before
    assert _import(tmp_path / "p") == 0
    assert _import(tmp_path / "p", "--dry-run") == 0
