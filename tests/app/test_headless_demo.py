"""The whole main job without a screen: demo district → embedded central → sync → rates on both sides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import run_headless_demo

RATES = ("registration_rate", "accuracy_rate", "rental_registration_rate")


@pytest.mark.parametrize("seed", [1, 2])
def test_demo_intervals_contain_the_truth_and_central_holds_every_resident(tmp_path: Path, seed: int) -> None:
    result = run_headless_demo(tmp_path / "profile", residents=3000, seed=seed, central_url=None)
    for name in RATES:
        rate = result[name]
        assert rate["n"] > 0 and rate["status"] in ("green", "amber", "red")
        assert rate["ci_low"] <= rate["estimate"] <= rate["ci_high"]
        assert rate["ci_low"] <= rate["truth"] <= rate["ci_high"], (name, rate)
        # central computes the same figure from its own copy of the synced results
        assert rate["central"]["estimate"] == pytest.approx(rate["estimate"])
        assert rate["central"]["ci_low"] == pytest.approx(rate["ci_low"])
        assert rate["central"]["n"] == rate["n"]
    assert result["residents_local"] >= 3000
    assert result["residents_central"] == result["residents_local"]
    assert result["sync"]["rejected"] == 0 and result["sync"]["conflict"] == 0


def test_demo_rebuilds_a_demo_profile_but_never_a_real_one(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    first = run_headless_demo(profile, residents=300, seed=3, central_url=None)
    second = run_headless_demo(profile, residents=300, seed=3, central_url=None)
    assert second["residents_central"] == second["residents_local"] == first["residents_local"]


def test_cli_prints_one_json_object(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "demo", "--headless", "--residents", "300", "--seed", "5", "--json",
         "--profile", str(tmp_path / "cli")],
        check=True, capture_output=True, text=True, timeout=300,
    )
    data = json.loads(out.stdout)
    assert set(RATES) <= set(data)
    for name in RATES:
        assert {"estimate", "ci_low", "ci_high", "n", "status", "truth"} <= set(data[name])
    assert data["residents_central"] == data["residents_local"]
    assert data["seconds"] > 0


def test_rebuilding_a_demo_profile_refuses_while_the_officer_has_unsent_edits(tmp_path: Path) -> None:
    from desktop.app import DEMO_PASSPHRASE, AppError, run_headless_demo
    from desktop.services.privacy import unlock_profile
    from desktop.store.db import is_plaintext
    from desktop.store.records import write_record

    profile = tmp_path / "p"
    run_headless_demo(profile, residents=200, seed=3, central_url=None)
    assert not is_plaintext(profile / "doorstep.sqlite")  # the demo is encrypted too (issue 7)
    store = unlock_profile(profile, DEMO_PASSPHRASE)
    with store.write() as conn:
        write_record(conn, "area", "officer-edit", {"level": "grid", "name": "我的网格"}, user="demo-officer",
                     device_id=store.device_id)
    store.close()
    with pytest.raises(AppError, match="1 unsent"):
        run_headless_demo(profile, residents=200, seed=3, central_url=None)
    store = unlock_profile(profile, DEMO_PASSPHRASE)
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM area WHERE id = 'officer-edit'").scalar() == 1
    store.close()


def test_demo_refuses_a_central_that_already_holds_residents(tmp_path: Path) -> None:
    from central.embedded import start_embedded
    from desktop.app import DEMO_PASSWORD, DEMO_USER, AppError, run_headless_demo

    with start_embedded(f"sqlite:///{tmp_path / 'shared-central.sqlite'}",
                        users=[(DEMO_USER, DEMO_PASSWORD, "supervisor", "330212")]) as server:
        first = run_headless_demo(tmp_path / "a", residents=200, seed=3, central_url=server.url)
        assert first["residents_central"] == first["residents_local"]
        with pytest.raises(AppError, match="already holds"):
            run_headless_demo(tmp_path / "b", residents=200, seed=4, central_url=server.url)
