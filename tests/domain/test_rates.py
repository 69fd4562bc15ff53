from __future__ import annotations

import math

import pytest

from desktop.domain.rates import (
    KEY_FIELDS,
    RateStatus,
    chapman_estimate,
    estimate_rate,
    sample_size,
    stratified_rate,
    t975,
    wilson_interval,
)

Z = 1.959963984540054


def hand_wilson(p: float, n: float, z: float = Z) -> tuple[float, float]:
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def singletons(successes: int, n: int) -> list[tuple[str, bool]]:
    return [(f"addr{i}", i < successes) for i in range(n)]


def test_wilson_worked_example() -> None:
    low, high = wilson_interval(470, 490)
    assert (round(low, 4), round(high, 4)) == (0.9378, 0.9734)
    assert (low, high) == pytest.approx(hand_wilson(470 / 490, 490), abs=1e-12)


def test_wilson_at_100_percent() -> None:
    low, high = wilson_interval(490, 490)
    assert high == 1.0
    assert 0.99 < low < 1.0
    assert low == pytest.approx(1 / (1 + Z * Z / 490))
    assert wilson_interval(0, 10)[0] == 0.0


@pytest.mark.parametrize(("x", "n"), [(1, 0), (0, 0), (-1, 5), (6, 5), (0, -1)])
def test_wilson_rejects(x: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(x, n)


def test_estimate_unclustered_470_of_490_is_amber() -> None:
    r = estimate_rate("accuracy", singletons(470, 490))
    assert r.estimate == pytest.approx(0.9592, abs=5e-5)
    assert (r.n, r.successes, r.clusters) == (490, 470, 490)
    # With one unit per cluster the ratio-estimator variance is H/(H-1) · p(1-p)/n.
    assert r.design_effect == pytest.approx(490 / 489)
    assert (r.ci_low, r.ci_high) == pytest.approx(hand_wilson(470 / 490, 489), abs=1e-12)
    assert (round(r.ci_low or 0, 4), round(r.ci_high or 0, 4)) == (0.9378, 0.9734)
    assert r.status is RateStatus.AMBER


def test_estimate_statuses() -> None:
    green = estimate_rate("r", singletons(490, 490))
    assert green.estimate == 1.0 and green.ci_high == 1.0 and green.design_effect == 1.0
    assert green.ci_low == pytest.approx(wilson_interval(490, 490)[0])
    assert green.status is RateStatus.GREEN
    assert estimate_rate("r", singletons(400, 490)).status is RateStatus.RED
    assert estimate_rate("r", singletons(19, 20), target=0.9).status is RateStatus.AMBER


def test_no_data() -> None:
    r = estimate_rate("registration", [])
    assert r.status is RateStatus.NO_DATA
    assert r.estimate is None and r.ci_low is None and r.ci_high is None and r.n == 0
    d = r.to_dict()
    assert d["status"] == "no_data" and d["estimate"] is None and d["name"] == "registration"


def test_cluster_variance_by_hand() -> None:
    obs = [("A", True), ("A", True), ("B", False), ("B", False), ("C", True), ("C", False)]
    r = estimate_rate("r", obs)
    # p = 3/6; v = 3/2 · ((2-1)² + (0-1)² + (1-1)²) / 6² = 1/12; srs var = 0.25/6; deff = 2
    # three clusters: the critical value is t(0.975, 2) = 4.303 from the t table, not z
    assert r.estimate == 0.5 and r.clusters == 3
    assert r.design_effect == pytest.approx(2.0)
    assert (r.ci_low, r.ci_high) == pytest.approx(hand_wilson(0.5, 3.0, z=4.303))


def test_t_critical_values_from_the_table() -> None:
    assert t975(1) == 12.706 and t975(10) == 2.228 and t975(30) == 2.042
    assert 2.042 > t975(35) > 2.021  # interpolated between the 30 and 40 rows
    assert Z < t975(500) < 1.98
    with pytest.raises(ValueError):
        t975(0)


def test_clustering_widens_interval() -> None:
    plain = estimate_rate("r", singletons(470, 490))
    # Same 470/490, but 70 addresses of 7 people with all the failures packed into 3 addresses.
    clustered = estimate_rate("r", [(f"addr{i // 7}", i < 470) for i in range(490)])
    assert clustered.estimate == plain.estimate
    assert clustered.clusters == 70 and clustered.design_effect > 5
    assert clustered.ci_low is not None and plain.ci_low is not None
    assert clustered.ci_high is not None and plain.ci_high is not None
    assert clustered.ci_low < plain.ci_low and clustered.ci_high > plain.ci_high


def test_design_effect_never_below_one() -> None:
    # One failure in every address: less between-cluster variation than SRS → clipped to 1.
    obs = [(f"addr{i // 10}", i % 10 != 0) for i in range(100)]
    assert estimate_rate("r", obs).design_effect == 1.0


def test_stratified_by_hand() -> None:
    a = singletons(90, 100)
    b = [(f"b{i}", True) for i in range(50)]
    strata = {"community1/rental": (3.0, a), "community2/ordinary": (1.0, b), "empty": (5.0, [])}
    r = stratified_rate("reg", strata)
    p = 0.75 * 0.9 + 0.25 * 1.0
    v = 0.75**2 * (0.9 * 0.1 / 100) * (100 / 99)  # stratum b has v_h = 0
    n_eff = p * (1 - p) / v
    assert r.estimate == pytest.approx(p)
    assert (r.n, r.successes, r.clusters) == (150, 140, 150)
    assert (r.ci_low, r.ci_high) == pytest.approx(hand_wilson(p, n_eff))
    assert r.design_effect == pytest.approx(150 / n_eff)
    assert r.status is RateStatus.RED


def test_stratified_edge_cases() -> None:
    assert stratified_rate("r", {"a": (1.0, [])}).status is RateStatus.NO_DATA
    all_ok = stratified_rate("r", {"a": (1.0, singletons(5, 5)), "b": (2.0, singletons(7, 7))})
    assert all_ok.estimate == 1.0 and all_ok.ci_low == pytest.approx(wilson_interval(12, 12)[0])
    with pytest.raises(ValueError):
        stratified_rate("r", {"a": (-1.0, singletons(1, 1))})
    with pytest.raises(ValueError):
        stratified_rate("r", {"a": (0.0, singletons(1, 1))})


@pytest.mark.parametrize(
    ("kwargs", "n"),
    [
        ({}, 457),
        ({"population": 5000}, 419),
        ({"p": 0.95, "margin": 0.03}, 203),
        ({"p": 0.95, "margin": 0.01}, 1825),
        ({"p": 0.90, "margin": 0.02}, 865),
        ({"design_effect": 2.0}, 913),
        ({"population": 100}, 83),
    ],
)
def test_sample_size_vectors(kwargs: dict[str, float], n: int) -> None:
    assert sample_size(**kwargs) == n  # type: ignore[arg-type]


def test_sample_size_rejects() -> None:
    for bad in ({"p": 0.0}, {"p": 1.0}, {"margin": 0.0}, {"design_effect": 0.5}, {"population": 0}):
        with pytest.raises(ValueError):
            sample_size(**bad)


def test_chapman_by_hand() -> None:
    n1 = n2 = 100
    m = 90
    n_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    est, low, high = chapman_estimate(n1, n2, m)
    assert est == pytest.approx(n_hat) and est == pytest.approx(111.0989, abs=1e-4)
    assert high == pytest.approx(n_hat + Z * math.sqrt(var))
    # the normal lower bound (108.83) is below the 110 distinct units seen, so it is raised to 110
    assert n_hat - Z * math.sqrt(var) < 110
    assert low == 110.0


def test_chapman_unclipped() -> None:
    n1, n2, m = 500, 400, 300
    n_hat = 501 * 401 / 301 - 1
    se = math.sqrt(501 * 401 * 200 * 100 / (301**2 * 302))
    assert chapman_estimate(n1, n2, m) == pytest.approx((n_hat, n_hat - Z * se, n_hat + Z * se))
    with pytest.raises(ValueError):
        chapman_estimate(10, 10, 11)


def test_key_fields() -> None:
    assert KEY_FIELDS == ("name", "id_number", "address", "phone", "employer", "living_here")
