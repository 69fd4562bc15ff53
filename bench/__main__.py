"""``make bench``: measure DESIGN §7 operations on a generated district and print one table.

Each line: our figure, the target, the raw floor measured in the same run (plain sqlite3 on the
same file) and the ratio. Writes ``bench/results.json`` as a list of
``{"name", "value", "unit", "target", "floor", "ratio", "met", "residents"}``.
Issue 2 starts this small; issue 8 grows it to 1,000,000 residents and the GUI.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.resident import ResidentInput
from desktop.services.demo import build_demo
from desktop.services.rates_service import local_rates
from desktop.services.registry import RegistryService
from desktop.store.db import Store, open_store

RESULTS = Path(__file__).resolve().parent / "results.json"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def _time_each(fn: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    out = []
    for item in inputs:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(residents: int, seed: int) -> list[dict[str, Any]]:
    """Generate a district of ``residents`` and measure; return the result rows."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, target: float | None, floor: float | None,
            lower_is_better: bool = True) -> None:
        ratio = (value / floor if lower_is_better else floor / value) if floor else None
        met = None if target is None else (value <= target if lower_is_better else value >= target)
        rows.append({"name": name, "value": round(value, 4), "unit": unit, "target": target,
                     "floor": None if floor is None else round(floor, 4),
                     "ratio": None if ratio is None else round(ratio, 2), "met": met, "residents": residents,
                     "peak_rss_mb": round(_rss_mb(), 1)})

    workdir = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    try:
        store = open_store(workdir / "doorstep.sqlite")
        t0 = time.perf_counter()
        build_demo(store, residents=residents, seed=seed)
        gen = time.perf_counter() - t0
        add("generate district (records/s, residents)", residents / gen, "residents/s", None, None, False)
        _measure_store(store, residents, add, seed)
        store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def _measure_store(store: Store, residents: int, add: Callable[..., None], seed: int) -> None:
    rng = random.Random(seed)
    with store.read() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id_number FROM resident")]
        names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM resident")]
    sample_ids = rng.sample(ids, min(1000, len(ids)))
    sample_names = [n[:2] for n in rng.sample(names, min(200, len(names)))]

    def lookup(idn: str) -> object:
        with store.read() as conn:
            return conn.exec_driver_sql("SELECT id FROM resident WHERE id_number = ?", (idn,)).all()

    ours = _p95(_time_each(lookup, sample_ids))
    raw = sqlite3.connect(str(store.path))
    floor = _p95(_time_each(lambda i: raw.execute("SELECT id FROM resident WHERE id_number = ?", (i,)).fetchall(),
                            sample_ids))
    add("lookup by ID number p95", ours, "ms", 2.0, floor)

    def search(prefix: str) -> object:
        with store.read() as conn:
            return conn.exec_driver_sql("SELECT id, name FROM resident WHERE name >= ? AND name < ? LIMIT 50",
                                        (prefix, prefix + "\uffff")).all()

    ours = _p95(_time_each(search, sample_names))
    floor = _p95(_time_each(lambda p: raw.execute("SELECT id, name FROM resident WHERE name >= ? AND name < ? "
                                                  "LIMIT 50", (p, p + "\uffff")).fetchall(), sample_names))
    add("search by 2-character name prefix p95, first page", ours, "ms", 50.0, floor)
    raw.close()

    registry = RegistryService(store, "bench")
    with store.read() as conn:
        room = conn.exec_driver_sql("SELECT id FROM standard_address WHERE is_leaf = 1 LIMIT 1").scalar()
    from desktop.domain.idnumber import compute_check_digit

    def save(i: int) -> object:
        first17 = f"34122119900101{i % 1000:03d}"
        return registry.register_person(ResidentInput(id_number=first17 + compute_check_digit(first17),
                                                      name="测试" + str(i % 10), phone="13812345678",
                                                      arrival_date=date(2024, 1, 1)), str(room))

    add("save a resident with validation and outbox p95", _p95(_time_each(save, list(range(200)))), "ms", 20.0, None)
    t0 = time.perf_counter()
    local_rates(store)
    add("rates for the whole district", (time.perf_counter() - t0) * 1000, "ms", 500.0, None)
    # issue 5: every figure (areas, strata, officers, months, Chapman, coverage) and the statistics
    from desktop.services.rates_service import local_figures
    from desktop.services.stats_service import local_stats

    t0 = time.perf_counter()
    local_figures(store)
    add("all rates figures by area (issue 5 engine)", (time.perf_counter() - t0) * 1000, "ms", 500.0, None)
    t0 = time.perf_counter()
    local_stats(store)
    add("population statistics by area (issue 5)", (time.perf_counter() - t0) * 1000, "ms", 500.0, None)
    add("local store size", store.path.stat().st_size / 1e6, "MB", None, None)


def _sync_rows(n: int) -> list[dict[str, Any]]:
    """Issue 3: push and pull against central on PostgreSQL, the bare insert loop as the floor."""
    from bench.sync_bench import measure

    out: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, target: float | None, floor: float | None,
            lower_is_better: bool = True) -> None:
        ratio = value / floor if floor else None  # throughput: ours as a share of the floor
        met = None if target is None else (value <= target if lower_is_better else value >= target)
        out.append({"name": name, "value": round(value, 1), "unit": unit, "target": target,
                    "floor": None if floor is None else round(floor, 1),
                    "ratio": None if ratio is None else round(ratio, 2), "met": met, "residents": n})

    measure(n, add)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50,000 residents (default 1,000,000)")
    parser.add_argument("--residents", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    # issue 8: the district bench (bench/district.py, bench/gui_bench.py) and the growth table
    parser.add_argument("--growth", default="", help="comma-separated resident counts, e.g. 100000,300000,1000000")
    parser.add_argument("--reuse", action="store_true", help="keep generated stores in bench/data and reuse them")
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--no-sync", action="store_true", help="skip push/pull and ledger import")
    args = parser.parse_args(argv)
    residents = args.residents or (50_000 if args.quick else 1_000_000)
    if args.growth:
        from bench.district_main import growth

        return growth([int(n) for n in args.growth.split(",")], args.seed, args.reuse, not args.no_gui)
    from bench.district_main import district_rows

    rows = district_rows(residents, args.seed, args.reuse, not args.no_gui)
    if not args.no_sync:
        rows += _sync_rows(20_000 if args.quick else 100_000)
        from bench.ledger_bench import bench_rows as ledger_rows  # issue 6: ledger import rows/s

        rows += ledger_rows(20_000 if args.quick else 100_000, args.seed)
    RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{'operation':55} {'ours':>10} {'unit':>12} {'target':>8} {'floor':>8} {'ratio':>6} met")
    for r in rows:
        print(f"{r['name']:55} {r['value']:>10} {r['unit']:>12} {str(r['target']):>8} {str(r['floor']):>8} "
              f"{str(r['ratio']):>6} {r['met']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
