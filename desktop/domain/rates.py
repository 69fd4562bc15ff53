"""The three rates and their companions: pure statistics (DESIGN §6, domain.md §4.4).

* Wilson score interval (Wilson 1927; statsmodels ``proportion_confint(method="wilson")``).
* Cluster-adjusted rates: the sampling unit is an address (cluster of people or rooms); the
  variance is the ratio-estimator variance over clusters (domain.md §4.4, Cochran 1977 §6.11)
  turned into a design effect and an effective sample size for the Wilson interval.
* Stratified rates: p = Σ W_h p_h, v = Σ W_h² v_h (domain.md §4.4).
* Chapman dual-system estimate of a population size (Chapman 1951).
* Sample size for a proportion with finite-population correction and design effect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

Z95 = 1.959963984540054  # two-sided 95%: the 0.975 quantile of N(0, 1)
KEY_FIELDS = ("name", "id_number", "address", "phone", "employer", "living_here")
"""Key fields of 登记信息准确率 (DESIGN §6): a record is accurate when all of these are correct."""


class RateStatus(StrEnum):
    """GREEN: CI lower bound ≥ target; AMBER: only the point estimate ≥ target; RED: otherwise;
    NO_DATA: nothing sampled (DESIGN §6: never shown as 0% or 100%)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class RateEstimate:
    """A rate with its 95% interval.

    Attributes:
        name: rate name (e.g. "registration").
        estimate, ci_low, ci_high: proportions in [0, 1]; None when n = 0.
        n: units observed (denominator); successes: units counted in the numerator.
        clusters: number of distinct clusters (addresses) with data.
        design_effect: variance inflation used for the interval (1.0 = simple random sampling).
        target: the target proportion (default 0.95); status: :class:`RateStatus`.
    """

    name: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    successes: int
    clusters: int
    design_effect: float
    target: float
    status: RateStatus

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict (status as its string value)."""
        return {
            "name": self.name,
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n": self.n,
            "successes": self.successes,
            "clusters": self.clusters,
            "design_effect": self.design_effect,
            "target": self.target,
            "status": self.status.value,
        }


# Two-sided 95% Student t critical values t(0.975, df) (any statistics table, e.g. NIST/SEMATECH e-Handbook
# §1.3.6.7.2); between rows interpolated linearly in 1/df, beyond 120 the normal value.
_T975: tuple[tuple[int, float], ...] = (
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365), (8, 2.306),
    (9, 2.262), (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145), (15, 2.131), (16, 2.120),
    (17, 2.110), (18, 2.101), (19, 2.093), (20, 2.086), (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064),
    (25, 2.060), (26, 2.056), (27, 2.052), (28, 2.048), (29, 2.045), (30, 2.042), (40, 2.021), (60, 2.000),
    (120, 1.980),
)


def t975(df: int) -> float:
    """Return the two-sided 95% critical value of Student's t with ``df`` degrees of freedom (≥ 1).

    With few clusters the ratio-estimator variance has about H − 1 degrees of freedom, so the interval
    uses t(H − 1) instead of z (Kish 1965 §8.6; Lohr, *Sampling*, §5.2). Raises ValueError for df < 1.
    """
    if df < 1:
        raise ValueError("df must be ≥ 1")
    if df > _T975[-1][0]:
        return Z95 + (_T975[-1][1] - Z95) * _T975[-1][0] / df
    for (d0, t0), (d1, t1) in zip(_T975, _T975[1:], strict=False):
        if df == d0:
            return t0
        if d0 < df < d1:
            w = (1 / df - 1 / d1) / (1 / d0 - 1 / d1)
            return t1 + w * (t0 - t1)
    return _T975[-1][1]


def _wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson interval for a proportion ``p`` on a (possibly fractional, effective) ``n`` > 0.

    centre = (p + z²/2n)/(1 + z²/n), half = z·√(p(1−p)/n + z²/4n²)/(1 + z²/n); clipped to [0, 1],
    with the bound exactly 0 (1) when p = 0 (1).
    """
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(max(p * (1.0 - p), 0.0) / n + z2 / (4.0 * n * n)) / denom
    low = 0.0 if p <= 0.0 else max(0.0, centre - half)
    high = 1.0 if p >= 1.0 else min(1.0, centre + half)
    return low, high


def wilson_interval(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval (low, high) for x successes out of n; domain.md §4.4.

    Example: 470/490 → (0.9378, 0.9734) to 4 dp.  Raises ValueError if n ≤ 0, x < 0 or x > n.
    """
    if n <= 0 or x < 0 or x > n:
        raise ValueError(f"need 0 <= x <= n and n > 0, got x={x}, n={n}")
    return _wilson(x / n, float(n), z)


def _status(estimate: float | None, ci_low: float | None, target: float) -> RateStatus:
    if estimate is None or ci_low is None:
        return RateStatus.NO_DATA
    if ci_low >= target:
        return RateStatus.GREEN
    if estimate >= target:
        return RateStatus.AMBER
    return RateStatus.RED


@dataclass(frozen=True)
class _ClusterStats:
    n: int
    x: int
    clusters: int
    p: float
    deff: float


def _cluster_stats(observations: Sequence[tuple[str, bool]]) -> _ClusterStats:
    """Ratio estimator p = Σx_k/Σn_k and its design effect over clusters k (domain.md §4.4).

    v = [H/(H−1)]·Σ(x_k − p·n_k)²/(Σn_k)²; deff = v / (p(1−p)/n), at least 1; deff = 1 when
    p ∈ {0, 1} or H < 2.
    """
    totals: dict[str, list[int]] = {}
    for cluster, success in observations:
        t = totals.setdefault(cluster, [0, 0])
        t[0] += 1
        t[1] += int(bool(success))
    n = sum(t[0] for t in totals.values())
    x = sum(t[1] for t in totals.values())
    h = len(totals)
    if n == 0:
        return _ClusterStats(0, 0, 0, 0.0, 1.0)
    p = x / n
    deff = 1.0
    if 0.0 < p < 1.0 and h >= 2:
        v = h / (h - 1) * sum((xk - p * nk) ** 2 for nk, xk in totals.values()) / (n * n)
        deff = max(1.0, v / (p * (1.0 - p) / n))
    return _ClusterStats(n, x, h, p, deff)


def estimate_rate(
    name: str, observations: Sequence[tuple[str, bool]], *, target: float = 0.95
) -> RateEstimate:
    """Cluster-adjusted rate from (cluster_key, success) observations.

    The cluster is the sampled address.  Point estimate p = Σx/Σn; the interval is the Wilson
    interval on the effective sample size n/deff (see :func:`_cluster_stats`), i.e. with
    x_eff = p·n_eff.  When the sample is clustered (fewer clusters than observations) the critical
    value is t(H − 1) (:func:`t975`) instead of z, since the variance rests on only H clusters.
    With no observations: estimate and interval None, status NO_DATA.
    """
    s = _cluster_stats(observations)
    if s.n == 0:
        return RateEstimate(name, None, None, None, 0, 0, 0, 1.0, target, RateStatus.NO_DATA)
    crit = t975(s.clusters - 1) if 1 < s.clusters < s.n else Z95
    low, high = _wilson(s.p, s.n / s.deff, crit)
    return RateEstimate(
        name, s.p, low, high, s.n, s.x, s.clusters, s.deff, target, _status(s.p, low, target)
    )


def stratified_rate(
    name: str,
    strata: Mapping[str, tuple[float, Sequence[tuple[str, bool]]]],
    target: float = 0.95,
) -> RateEstimate:
    """Stratified rate: strata (community × housing type) → (population weight W_h, observations).

    Weights of the strata that have observations are normalised to sum 1 (strata without data
    drop out).  p = Σ W_h·p_h; v = Σ W_h²·v_h with v_h = p_h(1−p_h)/n_h · deff_h (the stratum's
    cluster design effect).  The interval is Wilson on the effective n = p(1−p)/v, capped at the
    plain n (stratification is never credited with more information than was sampled); plain n
    when v = 0.  ``design_effect`` reports n / n_eff.  Raises ValueError on a negative weight or
    when the strata with data have total weight 0.
    """
    rows: list[tuple[float, _ClusterStats]] = []
    for key, (weight, observations) in strata.items():
        if weight < 0:
            raise ValueError(f"negative weight for stratum {key!r}")
        s = _cluster_stats(observations)
        if s.n > 0:
            rows.append((weight, s))
    n = sum(s.n for _, s in rows)
    if n == 0:
        return RateEstimate(name, None, None, None, 0, 0, 0, 1.0, target, RateStatus.NO_DATA)
    total_weight = sum(w for w, _ in rows)
    if total_weight <= 0:
        raise ValueError("the strata with observations have total weight 0")
    p = sum(w / total_weight * s.p for w, s in rows)
    v = sum((w / total_weight) ** 2 * s.p * (1.0 - s.p) / s.n * s.deff for w, s in rows)
    n_eff = float(n) if v <= 0 else min(float(n), p * (1.0 - p) / v)
    if n_eff <= 0:  # p ∈ {0, 1} with v > 0 cannot happen, but keep the interval defined
        n_eff = float(n)
    low, high = _wilson(p, n_eff, Z95)
    return RateEstimate(
        name, p, low, high, n, sum(s.x for _, s in rows), sum(s.clusters for _, s in rows),
        n / n_eff, target, _status(p, low, target),
    )


def chapman_estimate(n1: int, n2: int, m: int, *, z: float = Z95) -> tuple[float, float, float]:
    """Chapman dual-system estimate of a population size: (N̂, ci_low, ci_high).

    n1 = units in the register (census), n2 = units found by the verification visit (PES),
    m = units in both.  N̂ = (n1+1)(n2+1)/(m+1) − 1;
    var = (n1+1)(n2+1)(n1−m)(n2−m) / ((m+1)²(m+2)) (Seber 1970); interval N̂ ± z·√var, with the
    lower bound raised to n1 + n2 − m (the distinct units actually seen).
    Raises ValueError unless 0 ≤ m ≤ min(n1, n2).
    """
    if m < 0 or n1 < m or n2 < m:
        raise ValueError(f"need 0 <= m <= min(n1, n2), got n1={n1}, n2={n2}, m={m}")
    n_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    half = z * math.sqrt(var)
    return n_hat, max(n_hat - half, float(n1 + n2 - m)), n_hat + half


def sample_size(
    p: float = 0.95,
    margin: float = 0.02,
    z: float = 1.96,
    population: int | None = None,
    design_effect: float = 1.0,
) -> int:
    """Units to sample to estimate a proportion ``p`` within ±``margin`` (domain.md §4.4).

    n = z²·p(1−p)/e²; with a population N: n/(1 + (n−1)/N) (finite-population correction); then
    × design_effect; rounded up (never above N).  Vectors: (0.95, ±0.02) → 457; N = 5000 → 419.
    Raises ValueError unless 0 < p < 1, margin > 0, z > 0, design_effect ≥ 1 and N ≥ 1.
    """
    if not (0.0 < p < 1.0) or margin <= 0 or z <= 0 or design_effect < 1.0:
        raise ValueError("need 0 < p < 1, margin > 0, z > 0, design_effect >= 1")
    if population is not None and population < 1:
        raise ValueError("population must be >= 1")
    n = z * z * p * (1.0 - p) / (margin * margin)
    if population is not None:
        n = n / (1.0 + (n - 1.0) / population)
    size = math.ceil(n * design_effect - 1e-9)
    if population is not None:
        size = min(size, population)
    return max(size, 1)
