"""The three rates: the pure mapping (desktop.domain.survey) and central's endpoint agree."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from desktop.domain.entities import SCHEMA_VERSION
from desktop.domain.survey import in_area, survey_rates

P = "/api/v1"


def _results(seed: int, n: int, path: str, addresses: list[str]) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        kind = rnd.choice(["person", "registration", "rental_unit"])
        rows.append({
            "kind": kind, "address_id": rnd.choice(addresses), "area_path": path,
            "found": int(rnd.random() < 0.9), "registered": int(rnd.random() < 0.93),
            "exempt": int(kind == "person" and rnd.random() < 0.05),
            "all_correct": int(rnd.random() < 0.96) if kind == "registration" else None,
        })
    return rows


def test_survey_rates_mapping() -> None:
    rows = [
        {"kind": "person", "address_id": "a", "registered": 1, "exempt": 0},
        {"kind": "person", "address_id": "a", "registered": 0, "exempt": 0},
        {"kind": "person", "address_id": "b", "registered": 0, "exempt": 1},  # exempt: outside
        {"kind": "registration", "address_id": "a", "found": 1, "all_correct": 1},
        # registered but gone (未注销): its status field is wrong, so an incorrect record (DESIGN §6)
        {"kind": "registration", "address_id": "b", "found": 0, "all_correct": 1},
        {"kind": "rental_unit", "address_id": "c", "found": 1, "registered": "1"},
    ]
    rates = survey_rates(rows)
    assert (rates["registration_rate"].n, rates["registration_rate"].successes) == (2, 1)
    assert (rates["accuracy_rate"].n, rates["accuracy_rate"].successes) == (2, 1)
    assert (rates["rental_registration_rate"].n, rates["rental_registration_rate"].successes) == (1, 1)
    empty = survey_rates([])
    assert all(r.status.value == "no_data" and r.estimate is None for r in empty.values())
    assert in_area("330212/t1/c1/g1", "t1") and not in_area("330212/t10/c1", "t1")


def test_central_rates_equal_the_local_computation(api: TestClient) -> None:
    grid, sample = str(uuid.uuid4()), str(uuid.uuid4())
    addresses = [str(uuid.uuid4()) for _ in range(12)]
    muts: list[dict[str, Any]] = [
        {"mutation_no": 1, "entity": "area", "record_id": grid, "base_version": 0,
         "fields": {"level": "grid", "name": "g"}},
        {"mutation_no": 2, "entity": "verification_sample", "record_id": sample, "base_version": 0,
         "fields": {"seed": 7, "name": "s"}},
    ]
    for addr in addresses:
        muts.append({"mutation_no": len(muts) + 1, "entity": "standard_address", "record_id": addr,
                     "base_version": 0, "fields": {"grid_id": grid, "level": "door", "name": "1号"}})
    town_rows = _results(1, 300, f"330212/T1/C1/{grid}", addresses[:8])
    other_rows = _results(2, 100, "330212/T2/C9/G9", addresses[8:])
    for row in town_rows + other_rows:
        muts.append({"mutation_no": len(muts) + 1, "entity": "verification_result",
                     "record_id": str(uuid.uuid4()), "base_version": 0,
                     "fields": {**row, "sample_id": sample}})
    resp = api.post(f"{P}/sync/push", json={"device_id": "v1", "schema_version": SCHEMA_VERSION,
                                            "mutations": muts})
    assert {r["status"] for r in resp.json()["receipts"]} == {"applied"}
    for area, rows in (("T1", town_rows), ("330212", town_rows + other_rows), (grid, town_rows)):
        got = api.get(f"{P}/rates", params={"area": area}).json()
        local = survey_rates(rows)
        for name, est in local.items():
            assert got[name]["n"] == est.n and got[name]["status"] == est.status.value
            assert got[name]["estimate"] == pytest.approx(est.estimate)
            assert got[name]["ci_low"] == pytest.approx(est.ci_low)
    none = api.get(f"{P}/rates", params={"area": "T7"}).json()
    assert none["registration_rate"]["status"] == "no_data" and none["residents"] == 0
