"""A ledger imported from the command line syncs under the officer who signs in on that profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.embedded import start_embedded
from desktop.services.ledger_cli import run_import_ledger
from desktop.services.privacy import unlock_profile
from desktop.services.sync_service import SyncService
from desktop.store.db import is_plaintext

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger_sample.xlsx"


def test_imported_records_sync_after_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = tmp_path / "profile"
    secret = tmp_path / "passphrase.txt"
    secret.write_text("import then sync 口令\n", encoding="utf-8")
    monkeypatch.delenv("DOORSTEP_PASSPHRASE", raising=False)
    assert run_import_ledger([str(FIXTURE), "--profile", str(profile), "--json"]) == 2  # no passphrase
    assert run_import_ledger([str(FIXTURE), "--profile", str(profile), "--json",
                              "--passphrase-file", str(secret)]) == 0
    assert not is_plaintext(profile / "doorstep.sqlite")
    store = unlock_profile(profile, "import then sync 口令")
    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}",
                        users=[("wang", "secret-pass-1", "grid_officer")]) as server:
        service = SyncService(store, server.url)
        service.login("wang", "secret-pass-1")
        report = service.sync()
        counts = service.client.counts()
    with store.read() as conn:
        local = conn.exec_driver_sql("SELECT count(*) FROM resident WHERE deleted = 0").scalar()
    store.close()
    assert report.rejected == 0 and report.applied == report.pushed > 0
    assert counts["resident"] == local == 286


def test_profile_that_is_a_file_gets_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("x")
    assert run_import_ledger([str(FIXTURE), "--profile", str(not_a_folder)]) == 2
    assert not_a_folder.read_text() == "x"
