"""The rates engine (issue 5 §4): every figure of DESIGN §6 by area, stratum, officer and month.

Pure computation over plain rows, so the app (``desktop.services.rates_service``) and central
(``GET /api/v1/rates``) compute identical figures from the same data.

Estimator (domain.md §4.4): the sampling unit is the sampled address (a cluster of rooms). Each
cluster k carries a weight w_k = N_h / n_h from its stratum h (addresses in the stratum ÷ addresses
sampled there, from the sample's stored design; 1 when the design has no strata, e.g. the demo's
self-weighting proportional sample). A rate is the weighted ratio p = Σw_k·x_k / Σw_k·n_k; its
variance is the linearised (ultimate-cluster) variance v = H/(H−1)·Σ(w_k(x_k − p·n_k))² / (Σw_k·n_k)²,
which equals the plain ratio-estimator variance when all weights are equal. The interval is Wilson on
the effective n = n / deff (deff = v / (p(1−p)/n), at least 1) with the critical value t(H − 1) when
there are fewer clusters than units. No rows: ``no_data``.

Dual-system estimate of the true floating population (domain.md §4.2–4.3): inside the sample,
n1 = registrations verified as correct enumerations (the person lives there), n2 = persons the
verifier found, m = persons found who hold a registration there; Chapman N̂_s = (n1+1)(n2+1)/(m+1) − 1.
The area's register count C (active registrations) scales it: N̂ = C · N̂_s / E_s, E_s = registrations
verified. Its interval uses the ultimate-cluster linearised variance of the ratio R = N̂_s / E_s.

Exempt stays (hotel guests, in-patients, ≤ 30-day stays with relatives; domain.md §1.1) are outside
every denominator.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.rates import (
    KEY_FIELDS,
    Z95,
    RateEstimate,
    RateStatus,
    _status,
    _wilson,
    chapman_estimate,
    t975,
)
from desktop.domain.survey import RATE_NAMES

#: Companion figure names (besides :data:`RATE_NAMES`).
STALE = "stale_rate"
AREA_LEVELS = ("district", "town", "community", "grid")


def _flag(value: Any) -> bool:
    if value is None or value == "":
        return False
    try:
        return int(value) == 1
    except (TypeError, ValueError):
        return False


def field_checks(value: Any) -> dict[str, bool]:
    """Return {key field: correct?} from a result's ``field_checks`` (JSON text or dict).

    Accepts both ``{"phone": true}`` and ``{"phone": {"ok": false, "true": "138…"}}``; anything
    unreadable is an empty dict.
    """
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value or "{}")
        except ValueError:
            return {}
    if not isinstance(data, Mapping):
        return {}
    out: dict[str, bool] = {}
    for key, item in data.items():
        if isinstance(item, Mapping):
            out[str(key)] = bool(item.get("ok"))
        else:
            out[str(key)] = bool(item)
    return out


def weighted_rate(
    name: str, observations: Iterable[tuple[str, float, bool]], *, target: float = 0.95
) -> RateEstimate:
    """Rate from (cluster, weight, success) observations: weighted ratio estimator (module docstring).

    With equal weights this is :func:`desktop.domain.rates.estimate_rate` exactly.
    """
    totals: dict[str, list[float]] = {}
    for cluster, weight, success in observations:
        t = totals.setdefault(cluster, [0.0, 0.0, float(weight)])
        t[0] += 1
        t[1] += 1 if success else 0
    n = int(sum(t[0] for t in totals.values()))
    x = int(sum(t[1] for t in totals.values()))
    h = len(totals)
    if n == 0:
        return RateEstimate(name, None, None, None, 0, 0, 0, 1.0, target, RateStatus.NO_DATA)
    wn = sum(t[2] * t[0] for t in totals.values())
    wx = sum(t[2] * t[1] for t in totals.values())
    p = wx / wn if wn > 0 else x / n
    deff = 1.0
    if 0.0 < p < 1.0 and h >= 2:
        v = h / (h - 1) * sum((w * (xk - p * nk)) ** 2 for nk, xk, w in totals.values()) / (wn * wn)
        deff = max(1.0, v / (p * (1.0 - p) / n))
    crit = t975(h - 1) if 1 < h < n else Z95
    low, high = _wilson(p, n / deff, crit)
    return RateEstimate(name, p, low, high, n, x, h, deff, target, _status(p, low, target))


@dataclass(frozen=True)
class Chapman:
    """Dual-system estimate of the true floating population of an area (module docstring).

    ``estimate``/``ci_low``/``ci_high`` are None when the sample has no verified registration or
    no matched person. ``register`` is C, the area's active registrations.
    """

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    register: int
    n1: int
    n2: int
    m: int
    verified_registrations: int
    clusters: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Coverage:
    """Survey coverage (不留死角): addresses visited ÷ addresses; share None without addresses.

    Visited means a visit record or someone registered as living there (the task list's 已登记).
    """

    addresses: int
    visited: int

    @property
    def share(self) -> float | None:
        """visited / addresses, or None when there are no addresses."""
        return self.visited / self.addresses if self.addresses else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"addresses": self.addresses, "visited": self.visited, "share": self.share}


@dataclass(frozen=True)
class AreaCounts:
    """What the register says about one grid (fed by the app or central from their own data).

    ``path`` is the grid's "/"-joined area path (district code/town code/community id/grid id).
    """

    path: str
    addresses: int = 0
    visited: int = 0
    registrations: int = 0


@dataclass(frozen=True)
class AreaFigures:
    """Every figure of one area: the three rates, per-field accuracy, stale rate, coverage, Chapman."""

    area: str
    level: str
    rates: dict[str, RateEstimate]
    field_accuracy: dict[str, RateEstimate]
    stale: RateEstimate
    coverage: Coverage
    chapman: Chapman

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "area": self.area, "level": self.level,
            "rates": {k: v.to_dict() for k, v in self.rates.items()},
            "field_accuracy": {k: v.to_dict() for k, v in self.field_accuracy.items()},
            "stale": self.stale.to_dict(), "coverage": self.coverage.to_dict(),
            "chapman": self.chapman.to_dict(),
        }


@dataclass(frozen=True)
class RatesReport:
    """The engine's answer for one area and everything below it.

    Attributes:
        area: the requested area (code or id); ``areas`` holds it and every area below it by id.
        by_stratum: the three rates per stratum (community × housing type) of the area.
        by_officer: accuracy of each registering officer's records in the area.
        by_month: the three rates per month of verification (``YYYY-MM``), for the trend.
        samples: ids of the samples whose results were used.
    """

    area: str
    areas: dict[str, AreaFigures]
    by_stratum: dict[str, dict[str, RateEstimate]]
    by_officer: dict[str, RateEstimate]
    by_month: dict[str, dict[str, RateEstimate]]
    samples: list[str] = field(default_factory=list)

    @property
    def figures(self) -> AreaFigures:
        """The requested area's figures."""
        return self.areas[self.area]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RatesReport:
        """Rebuild a report from :meth:`to_dict` (central's answer)."""
        def rate(d: Mapping[str, Any]) -> RateEstimate:
            return RateEstimate(d["name"], d["estimate"], d["ci_low"], d["ci_high"], int(d["n"]), int(d["successes"]),
                                int(d["clusters"]), float(d["design_effect"]), float(d["target"]),
                                RateStatus(d["status"]))

        def rates(d: Mapping[str, Any]) -> dict[str, RateEstimate]:
            return {k: rate(v) for k, v in d.items()}

        areas = {}
        for key, a in data["areas"].items():
            cov = a["coverage"]
            areas[key] = AreaFigures(
                area=a["area"], level=a["level"], rates=rates(a["rates"]), field_accuracy=rates(a["field_accuracy"]),
                stale=rate(a["stale"]), coverage=Coverage(int(cov["addresses"]), int(cov["visited"])),
                chapman=Chapman(**a["chapman"]))
        return cls(area=data["area"], areas=areas,
                   by_stratum={k: rates(v) for k, v in data["by_stratum"].items()},
                   by_officer=rates(data["by_officer"]),
                   by_month={k: rates(v) for k, v in data["by_month"].items()},
                   samples=list(data.get("samples", [])))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (central sends exactly this)."""
        def rates(d: Mapping[str, RateEstimate]) -> dict[str, Any]:
            return {k: v.to_dict() for k, v in d.items()}

        return {
            "area": self.area,
            "areas": {k: v.to_dict() for k, v in self.areas.items()},
            "by_stratum": {k: rates(v) for k, v in self.by_stratum.items()},
            "by_officer": rates(self.by_officer),
            "by_month": {k: rates(v) for k, v in self.by_month.items()},
            "samples": list(self.samples),
        }


def stratum_weights(designs: Mapping[str, Any]) -> dict[tuple[str, str], float]:
    """Return {(sample id, stratum): N_h/n_h} from the samples' stored designs (JSON text or dict).

    A design lists ``strata: {key: {"population": N_h, "sampled": n_h}}``; strata without both
    numbers are left out (weight 1 by default).
    """
    out: dict[tuple[str, str], float] = {}
    for sample_id, raw in designs.items():
        design = raw
        if isinstance(raw, str):
            try:
                design = json.loads(raw or "{}")
            except ValueError:
                continue
        strata = design.get("strata") if isinstance(design, Mapping) else None
        if not isinstance(strata, Mapping):
            continue
        for key, info in strata.items():
            if isinstance(info, Mapping):
                pop, sampled = info.get("population"), info.get("sampled")
                if isinstance(pop, int | float) and isinstance(sampled, int | float) and sampled > 0:
                    out[(sample_id, str(key))] = float(pop) / float(sampled)
    return out


@dataclass
class _Obs:
    reg: list[tuple[str, float, bool]] = field(default_factory=list)
    acc: list[tuple[str, float, bool]] = field(default_factory=list)
    rent: list[tuple[str, float, bool]] = field(default_factory=list)
    stale: list[tuple[str, float, bool]] = field(default_factory=list)
    fields: dict[str, list[tuple[str, float, bool]]] = field(default_factory=dict)
    # per cluster: [weight, e (registrations verified), ce (found), p (persons found), m (matched)]
    dse: dict[str, list[float]] = field(default_factory=dict)

    def add(self, row: Mapping[str, Any], cluster: str, w: float) -> None:
        kind = row.get("kind")
        exempt = _flag(row.get("exempt"))
        c = self.dse.setdefault(cluster, [w, 0.0, 0.0, 0.0, 0.0])
        if kind == "person":
            if exempt:
                return
            registered = _flag(row.get("registered"))
            self.reg.append((cluster, w, registered))
            c[3] += 1
            c[4] += registered
        elif kind == "registration":
            if exempt:
                return
            found = _flag(row.get("found"))
            self.acc.append((cluster, w, _flag(row.get("all_correct")) and found))
            self.stale.append((cluster, w, not found))
            c[1] += 1
            c[2] += found
            checks = field_checks(row.get("field_checks"))
            for name in KEY_FIELDS:
                if name in checks:
                    ok = checks[name] and (found or name != "living_here")
                    self.fields.setdefault(name, []).append((cluster, w, ok))
        elif kind == "rental_unit" and _flag(row.get("found")):
            self.rent.append((cluster, w, _flag(row.get("registered"))))

    def rates(self, target: float) -> dict[str, RateEstimate]:
        return {
            "registration_rate": weighted_rate("registration_rate", self.reg, target=target),
            "accuracy_rate": weighted_rate("accuracy_rate", self.acc, target=target),
            "rental_registration_rate": weighted_rate("rental_registration_rate", self.rent, target=target),
        }


def dual_system(dse: Mapping[str, Sequence[float]], register: int) -> Chapman:
    """District-scaled Chapman estimate (module docstring) from per-cluster [w, e, ce, p, m]."""
    clusters = [c for c in dse.values() if c[1] or c[3]]
    h = len(clusters)
    raw = {k: sum(c[i] for c in clusters) for k, i in (("e", 1), ("ce", 2), ("p", 3), ("m", 4))}
    n1, n2, m, e = int(raw["ce"]), int(raw["p"]), int(raw["m"]), int(raw["e"])
    if h == 0 or e == 0 or m == 0 or register <= 0:
        return Chapman(None, None, None, register, n1, n2, m, e, h)
    mean_w = sum(c[0] for c in clusters) / h  # weights normalised to mean 1, so Chapman's +1 keeps its size
    w = [c[0] / mean_w for c in clusters]
    tot = [sum(wk * c[i] for wk, c in zip(w, clusters, strict=True)) for i in range(1, 5)]
    te, tce, tp, tm = tot
    n_s = (tce + 1) * (tp + 1) / (tm + 1) - 1
    ratio = n_s / te
    estimate = register * ratio
    var = 0.0
    if h >= 2 and tce > 0 and tp > 0:
        # linearised R = CE·P/(M·E): u_k = w_k·R·(ce_k/CE + p_k/P − m_k/M − e_k/E); Σu_k = 0
        u = [wk * ratio * (c[2] / tce + c[3] / tp - c[4] / tm - c[1] / te) for wk, c in zip(w, clusters, strict=True)]
        var = h / (h - 1) * sum(uk * uk for uk in u)
    crit = t975(h - 1) if h >= 2 else Z95
    half = crit * register * math.sqrt(var)
    if var == 0.0:  # one cluster or a degenerate sample: fall back on Chapman's own variance, scaled
        _, lo_s, hi_s = chapman_estimate(n1, n2, min(m, n1, n2))
        low, high = register * lo_s / e, register * hi_s / e
    else:
        low, high = estimate - half, estimate + half
    return Chapman(estimate, max(0.0, low), high, register, n1, n2, m, e, h)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def compute_figures(
    results: Iterable[Mapping[str, Any]],
    *,
    area: str,
    designs: Mapping[str, Any] | None = None,
    counts: Iterable[AreaCounts] = (),
    officer_of: Mapping[str, str] | None = None,
    target: float = 0.95,
) -> RatesReport:
    """Compute every figure for ``area`` and each area below it.

    Args:
        results: ``verification_result`` rows (deleted ones left out) as mappings of their columns.
        area: a district/town code or an area id that is one segment of the rows' ``area_path``.
        designs: {sample id: design (JSON text or dict)} for the stratum weights.
        counts: per-grid register counts (addresses, visited addresses, active registrations).
        officer_of: {registration id: registering officer} for accuracy by officer.
        target: the target proportion (0.95).

    Returns:
        A :class:`RatesReport`. A figure without observations is ``no_data``; never raises on odd values.
    """
    weights = stratum_weights(designs or {})
    officers = officer_of or {}
    per_area: dict[str, _Obs] = {}
    levels: dict[str, str] = {}
    strata: dict[str, _Obs] = {}
    months: dict[str, _Obs] = {}
    by_officer: dict[str, list[tuple[str, float, bool]]] = {}
    samples: set[str] = set()
    for row in results:
        segs = _segments(str(row.get("area_path") or ""))
        if area not in segs:
            continue
        below = segs[segs.index(area):]
        sample = str(row.get("sample_id") or "")
        stratum = str(row.get("stratum") or "")
        samples.add(sample)
        w = weights.get((sample, stratum), 1.0)
        cluster = f"{sample}|{row.get('address_id') or ''}"
        for i, seg in enumerate(below):
            per_area.setdefault(seg, _Obs()).add(row, cluster, w)
            levels.setdefault(seg, AREA_LEVELS[min(len(segs) - len(below) + i, 3)])
        strata.setdefault(stratum, _Obs()).add(row, cluster, w)
        months.setdefault(str(row.get("verified_at") or "")[:7], _Obs()).add(row, cluster, w)
        if row.get("kind") == "registration" and not _flag(row.get("exempt")):
            officer = officers.get(str(row.get("registration_id") or ""), "")
            ok = _flag(row.get("all_correct")) and _flag(row.get("found"))
            by_officer.setdefault(officer, []).append((cluster, w, ok))
    register: dict[str, int] = {}
    addresses: dict[str, int] = {}
    visited: dict[str, int] = {}
    for c in counts:
        segs = _segments(c.path)
        if area not in segs:
            continue
        below = segs[segs.index(area):]
        for i, seg in enumerate(below):
            register[seg] = register.get(seg, 0) + c.registrations
            addresses[seg] = addresses.get(seg, 0) + c.addresses
            visited[seg] = visited.get(seg, 0) + c.visited
            levels.setdefault(seg, AREA_LEVELS[min(len(segs) - len(below) + i, 3)])
    per_area.setdefault(area, _Obs())
    areas: dict[str, AreaFigures] = {}
    # most areas of a district hold no sampled address: their figures are the same "no data" values, made
    # once (RateEstimate is frozen; issue 8: 5,000 areas at 1,000,000 residents)
    nothing = _Obs()
    no_rates = nothing.rates(target)
    no_fields = {f: weighted_rate(f, [], target=target) for f in KEY_FIELDS}
    no_stale = weighted_rate(STALE, [], target=0.0)
    for key in sorted(set(per_area) | set(register)):
        obs = per_area.get(key)
        if obs is None:
            areas[key] = AreaFigures(
                area=key, level=levels.get(key, "area"), rates=dict(no_rates), field_accuracy=dict(no_fields),
                stale=no_stale, coverage=Coverage(addresses.get(key, 0), visited.get(key, 0)),
                chapman=dual_system(nothing.dse, register.get(key, 0)),
            )
            continue
        areas[key] = AreaFigures(
            area=key, level=levels.get(key, "area"), rates=obs.rates(target),
            field_accuracy={f: weighted_rate(f, obs.fields.get(f, []), target=target) for f in KEY_FIELDS},
            stale=weighted_rate(STALE, obs.stale, target=0.0),
            coverage=Coverage(addresses.get(key, 0), visited.get(key, 0)),
            chapman=dual_system(obs.dse, register.get(key, 0)),
        )
    return RatesReport(
        area=area, areas=areas,
        by_stratum={k: v.rates(target) for k, v in sorted(strata.items())},
        by_officer={k: weighted_rate("accuracy_rate", v, target=target) for k, v in sorted(by_officer.items())},
        by_month={k: v.rates(target) for k, v in sorted(months.items()) if k},
        samples=sorted(s for s in samples if s),
    )


__all__ = [
    "RATE_NAMES", "STALE", "AreaCounts", "AreaFigures", "Chapman", "Coverage", "RatesReport",
    "compute_figures", "dual_system", "field_checks", "stratum_weights", "weighted_rate",
]


# ---- inputs from plain rows (the same on the device and on central) ------------------------------


def area_paths(areas: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Return {area id: "/"-joined path from the district down to it}.

    A district's or town's segment is its code (where it has one), other levels' their id — the
    convention of ``verification_result.area_path``. A path always starts at the district (its code
    when the device holds no district row).
    """
    rows = {str(a["id"]): a for a in areas}
    out: dict[str, str] = {}

    def seg(a: Mapping[str, Any]) -> str:
        if a.get("level") in ("district", "town") and a.get("code"):
            return str(a["code"])
        return str(a["id"])

    def path(area_id: str, depth: int = 0) -> str:
        if area_id in out:
            return out[area_id]
        a = rows[area_id]
        parent = str(a.get("parent_id") or "")
        if parent and parent in rows and depth <= 8:
            result = f"{path(parent, depth + 1)}/{seg(a)}"
        elif a.get("level") == "district":
            result = seg(a)
        else:  # a top area below the district (no district row on this device): the district code first
            result = f"{a.get('district_code') or YINZHOU_DISTRICT_CODE}/{seg(a)}"
        out[area_id] = result
        return result

    for area_id in rows:
        path(area_id)
    return out


def register_counts(
    areas: Iterable[Mapping[str, Any]],
    addresses: Iterable[Mapping[str, Any]],
    visited: Iterable[str],
    registrations: Iterable[Mapping[str, Any]],
) -> tuple[list[AreaCounts], dict[str, str]]:
    """Per-grid counts and {registration id: registering officer} from plain rows.

    Args:
        areas: ``area`` rows (id, parent_id, level, code).
        addresses: open leaf ``standard_address`` rows (id, grid_id).
        visited: ids of addresses with at least one visit.
        registrations: live ``residence_registration`` rows (id, address_id, status, registered_by).
    """
    paths = area_paths(areas)
    grid_of: dict[str, str] = {}
    per_grid: dict[str, list[int]] = {}
    seen = set(visited)
    for a in addresses:
        gid = str(a.get("grid_id") or "")
        grid_of[str(a["id"])] = gid
        c = per_grid.setdefault(gid, [0, 0, 0])
        c[0] += 1
        c[1] += str(a["id"]) in seen
    officer_of: dict[str, str] = {}
    for r in registrations:
        officer_of[str(r["id"])] = str(r.get("registered_by") or "")
        if r.get("status") == "living":
            grid = grid_of.get(str(r.get("address_id") or ""))
            if grid is not None:
                per_grid.setdefault(grid, [0, 0, 0])[2] += 1
    counts = [AreaCounts(paths.get(gid, gid), c[0], c[1], c[2]) for gid, c in sorted(per_grid.items())]
    return counts, officer_of


def figures_from_rows(rows: Mapping[str, Any], area: str, target: float = 0.95) -> RatesReport:
    """Run the engine on plain rows: ``results``, ``designs``, ``areas``, ``addresses``, ``visited``,
    ``registrations`` (see :func:`register_counts`). The app and central both build this dict."""
    counts, officer_of = register_counts(rows["areas"], rows["addresses"], rows["visited"], rows["registrations"])
    results = sorted(rows["results"], key=lambda row: str(row.get("id") or ""))  # same order on both sides
    return compute_figures(results, area=area, designs=rows["designs"], counts=counts,
                           officer_of=officer_of, target=target)
