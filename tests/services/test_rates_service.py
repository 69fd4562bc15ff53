"""local_rates: reads live verification results of an area and computes the three rates."""

from __future__ import annotations

from desktop.domain.rates import RateStatus
from desktop.services.rates_service import local_rates
from desktop.store import tables as t
from desktop.store.db import Store


def _result(n: int, kind: str, area_path: str, **values: int) -> dict[str, object]:
    return {"id": f"r{n}", "sample_id": "s1", "address_id": f"a{n % 7}", "area_path": area_path,
            "kind": kind, **values}


def test_no_results_means_no_data(store: Store) -> None:
    rates = local_rates(store)
    assert set(rates) == {"registration_rate", "accuracy_rate", "rental_registration_rate"}
    assert all(r.status is RateStatus.NO_DATA and r.estimate is None for r in rates.values())


def test_area_is_a_whole_segment(store: Store) -> None:
    rows = [_result(i, "person", "330212/town1/grid1", registered=int(i % 10 != 0)) for i in range(40)]
    rows += [_result(100 + i, "person", "330212/town10/grid9", registered=0) for i in range(5)]
    with store.write() as conn:
        conn.execute(t.verification_result.insert(), rows)
        conn.execute(t.verification_result.insert(),
                     {**_result(200, "person", "330212/town1/grid1", registered=0), "deleted": 1})
    all_rates = local_rates(store)
    assert all_rates["registration_rate"].n == 45
    town1 = local_rates(store, "town1")
    assert town1["registration_rate"].n == 40
    assert town1["registration_rate"].successes == 36
    assert town1["accuracy_rate"].status is RateStatus.NO_DATA
