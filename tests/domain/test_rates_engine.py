"""The rates engine (issue 5 §4): hand-checked vectors, weights, Chapman, areas, officers, months."""

from __future__ import annotations

import json

import pytest

from desktop.domain.rates import RateStatus, chapman_estimate, estimate_rate
from desktop.domain.rates_engine import AreaCounts, RatesReport, compute_figures, dual_system, weighted_rate


def singles(x: int, n: int) -> list[tuple[str, float, bool]]:
    return [(f"a{i}", 1.0, i < x) for i in range(n)]


def test_hand_vector_470_of_490_is_amber() -> None:
    r = weighted_rate("accuracy_rate", singles(470, 490))
    assert round(r.estimate or 0, 4) == 0.9592
    assert (round((r.ci_low or 0) * 100, 2), round((r.ci_high or 0) * 100, 2)) == (93.78, 97.34)
    assert r.status is RateStatus.AMBER


def test_no_sample_is_no_data_never_0_or_100() -> None:
    r = weighted_rate("registration_rate", [])
    assert r.status is RateStatus.NO_DATA and r.estimate is None and r.ci_low is None and r.n == 0


def test_490_of_490_has_a_sensible_interval_below_100() -> None:
    r = weighted_rate("accuracy_rate", singles(490, 490))
    assert r.estimate == 1.0 and r.ci_high == 1.0
    assert 0.99 < (r.ci_low or 0) < 0.995  # Wilson: 1/(1 + z²/n) = 99.22%
    assert r.status is RateStatus.GREEN


def test_equal_weights_equal_the_plain_cluster_estimator() -> None:
    obs = [("A", True), ("A", True), ("B", False), ("B", False), ("C", True), ("C", False), ("D", True)]
    plain = estimate_rate("r", obs)
    weighted = weighted_rate("r", [(c, 3.0, s) for c, s in obs])
    assert (weighted.estimate, weighted.ci_low, weighted.ci_high) == pytest.approx(
        (plain.estimate, plain.ci_low, plain.ci_high))


def test_weights_reweight_strata() -> None:
    # stratum 1 (weight 9): 2 addresses all registered; stratum 2 (weight 1): 2 addresses none registered
    obs = [("a", 9.0, True), ("b", 9.0, True), ("c", 1.0, False), ("d", 1.0, False)]
    assert weighted_rate("r", obs).estimate == pytest.approx(0.9)


def test_chapman_scaled_to_the_register() -> None:
    # 2 clusters, perfect verifier: n2 = true persons; n1 = m (everyone registered is there)
    dse = {"k1": [1.0, 4, 4, 5, 4], "k2": [1.0, 3, 3, 3, 3]}
    c = dual_system(dse, register=70)
    n_s, _, _ = chapman_estimate(7, 8, 7)
    assert c.estimate == pytest.approx(70 * n_s / 7)
    assert (c.n1, c.n2, c.m, c.verified_registrations, c.clusters) == (7, 8, 7, 7, 2)
    assert c.ci_low is not None and c.ci_high is not None and c.ci_low < c.estimate < c.ci_high
    assert dual_system({}, register=10).estimate is None


def _row(kind: str, cluster: str, path: str, month: str = "2026-10", **kw: object) -> dict[str, object]:
    return {"id": f"{kind}{cluster}{len(kw)}{json.dumps(kw, sort_keys=True)}", "kind": kind, "sample_id": "s1",
            "address_id": cluster, "area_path": path, "stratum": "c1|rental", "verified_at": f"{month}-05T10:00",
            "found": 1, "registered": 0, "exempt": 0, **kw}


def test_figures_by_area_officer_month_and_exempt_outside_denominators() -> None:
    g1, g2 = "330212/330212006/c1/g1", "330212/330212006/c1/g2"
    rows = [
        _row("person", "x", g1, registered=1), _row("person", "x", g1, registered=0),
        _row("person", "x", g1, registered=0, exempt=1),  # hotel guest: outside every denominator
        _row("person", "y", g2, "2026-11", registered=1),
        _row("registration", "x", g1, registration_id="r1", all_correct=1,
             field_checks=json.dumps({"name": {"ok": True}, "phone": {"ok": True}})),
        _row("registration", "y", g2, "2026-11", registration_id="r2", all_correct=0,
             field_checks=json.dumps({"name": {"ok": True}, "phone": {"ok": False, "true": "13900000000"}})),
        _row("registration", "y", g2, "2026-11", registration_id="r3", found=0, all_correct=0),
        _row("rental_unit", "x", g1, registered=1),
    ]
    rep = compute_figures(rows, area="330212", counts=[AreaCounts(g1, 10, 4, 6), AreaCounts(g2, 5, 5, 3)],
                          officer_of={"r1": "officer1", "r2": "officer2", "r3": "officer2"})
    d = rep.figures
    assert (d.rates["registration_rate"].successes, d.rates["registration_rate"].n) == (2, 3)
    assert (d.rates["accuracy_rate"].successes, d.rates["accuracy_rate"].n) == (1, 3)
    assert (d.stale.successes, d.stale.n) == (1, 3)
    assert d.field_accuracy["phone"].n == 2 and d.field_accuracy["phone"].successes == 1
    assert d.field_accuracy["employer"].status is RateStatus.NO_DATA
    assert d.coverage.addresses == 15 and d.coverage.visited == 9 and d.chapman.register == 9
    assert rep.areas["g1"].level == "grid" and rep.areas["c1"].level == "community"
    assert rep.areas["330212006"].level == "town" and rep.areas["330212"].level == "district"
    assert rep.areas["g2"].rates["registration_rate"].n == 1
    assert rep.by_officer["officer1"].estimate == 1.0 and rep.by_officer["officer2"].estimate == 0.0
    assert set(rep.by_month) == {"2026-10", "2026-11"}
    assert rep.areas["g1"].rates["rental_registration_rate"].n == 1
    assert rep.areas["g2"].rates["rental_registration_rate"].status is RateStatus.NO_DATA
    # central sends to_dict(); the app rebuilds the same report from it
    assert RatesReport.from_dict(json.loads(json.dumps(rep.to_dict()))).to_dict() == rep.to_dict()
    # a town-level request sees only its part
    assert compute_figures(rows, area="g2").figures.rates["registration_rate"].n == 1
