"""The demo generator: the same seed gives the same district sample and figures (the seed is the audit trail)."""

from __future__ import annotations

from pathlib import Path

from desktop.services.demo import build_demo
from desktop.services.rates_service import local_rates
from desktop.store.db import open_store


def _figures(path: Path, seed: int) -> tuple[object, ...]:
    store = open_store(path)
    truth = build_demo(store, residents=1500, seed=seed)
    rates = local_rates(store)
    with store.read() as conn:
        sampled = sorted(r[0] for r in conn.exec_driver_sql(
            "SELECT a.full_text FROM verification_assignment v JOIN standard_address a ON a.id = v.address_id"))
    store.close()
    return truth.to_dict()["registration_rate"], sampled, tuple(
        (r.n, r.successes, r.clusters) for r in rates.values())


def test_same_seed_same_sample_and_figures(tmp_path: Path) -> None:
    assert _figures(tmp_path / "a.sqlite", 4) == _figures(tmp_path / "b.sqlite", 4)
    assert _figures(tmp_path / "c.sqlite", 5) != _figures(tmp_path / "d.sqlite", 4)
