"""Statistical honesty (issue 5): on 200 simulated districts with known true rates between 85% and 99%,
the 95% interval of each rate contains the truth in ≥ 92% of runs and the Chapman interval contains the
true floating population in ≥ 90%."""

from __future__ import annotations

import random

import pytest

from desktop.domain.rates_engine import AreaCounts, compute_figures
from desktop.domain.survey import RATE_NAMES
from desktop.services.demo import simulate_district

RUNS = 200
RESIDENTS = 1200


@pytest.mark.slow
def test_intervals_cover_the_truth_on_200_simulated_districts() -> None:
    hits = dict.fromkeys((*RATE_NAMES, "chapman"), 0)
    for run in range(RUNS):
        r = random.Random(10_000 + run)
        true_rates = (r.uniform(0.85, 0.99), r.uniform(0.85, 0.99), r.uniform(0.85, 0.99))
        truth, rows = simulate_district(residents=RESIDENTS, seed=10_000 + run, true_rates=true_rates,
                                        p_found=r.uniform(0.90, 1.0))
        report = compute_figures(rows, area="330212",
                                 counts=[AreaCounts("330212", registrations=truth.residents)])
        figures = report.figures
        for name in RATE_NAMES:
            est = figures.rates[name]
            assert est.ci_low is not None and est.ci_high is not None, (run, name)
            hits[name] += est.ci_low <= getattr(truth, name) <= est.ci_high
        dse = figures.chapman
        assert dse.ci_low is not None and dse.ci_high is not None
        hits["chapman"] += dse.ci_low <= truth.true_persons <= dse.ci_high
    coverage = {name: n / RUNS for name, n in hits.items()}
    print("coverage", coverage)
    for name in RATE_NAMES:
        assert coverage[name] >= 0.92, coverage
    assert coverage["chapman"] >= 0.90, coverage
