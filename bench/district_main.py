"""Issue 8: the district table (one size) and the growth table (several sizes) for ``make bench``."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from bench import district, gui_bench

GROWTH = Path(__file__).resolve().parent / "growth.json"
RESULTS = Path(__file__).resolve().parent / "results.json"  # the largest size's table (issue 8 format)


def district_rows(residents: int, seed: int, reuse: bool, gui: bool) -> list[dict[str, Any]]:
    """Generate (or reuse) the district of ``residents`` and measure every store and GUI line."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, target: float | None, floor: float | None,
            lower_is_better: bool = True, stage: bool = False) -> None:
        if stage:
            name = f"{name} (RSS now; peak {district.peak_mb():.0f} MB)"
        ratio = (value / floor if lower_is_better else floor / value) if floor else None
        met = None if target is None else (value <= target if lower_is_better else value >= target)
        rows.append({"name": name, "value": round(value, 3), "unit": unit, "target": target,
                     "floor": None if floor is None else round(floor, 3),
                     "ratio": None if ratio is None else round(ratio, 2), "met": met, "residents": residents,
                     "rss_mb": round(district.rss_mb(), 1), "peak_rss_mb": round(district.peak_mb(), 1)})

    t0 = time.perf_counter()
    store, seconds = district.district_store(residents, seed, reuse)
    if seconds is not None:
        add("generate district (residents/s)", residents / seconds, "residents/s", None, None, False)
    # a generated (or restored, or migrated) store computes its statistics aggregates once, in full; a reused one
    # only brings them up to date
    label = "full rebuild after a bulk load (once)" if seconds is not None else "brought up to date at open"
    add(f"statistics aggregates: {label}", district.build_aggregates(store), "ms", None, None)
    add("stage: generate / open", district.rss_mb(), "MB RSS", None, None, stage=True)
    try:
        district.measure(store, residents, add, seed)
        if gui:
            gui_bench.measure(store.path, add, min(100_000, residents), store.key.raw)
    finally:
        store.close()
    add("district bench wall time", time.perf_counter() - t0, "s", None, None)
    return rows


def growth(sizes: list[int], seed: int, reuse: bool, gui: bool) -> int:
    """Run the district bench at each size; print how each figure grows against the data."""
    by_size = {}
    for n in sizes:  # written after each size: a long run that stops still leaves what it measured
        by_size[n] = district_rows(n, seed, reuse, gui)
        GROWTH.write_text(json.dumps(by_size, ensure_ascii=False, indent=1), encoding="utf-8")
    RESULTS.write_text(json.dumps(by_size[max(sizes)], ensure_ascii=False, indent=2), encoding="utf-8")
    print_growth(by_size)
    return 0


def _same_line(a: str, b: str) -> bool:
    def key(name: str) -> str:
        name = re.sub(r"[\d,]+ rows", "N rows", name)
        return name.split(" (RSS now")[0].replace("full rebuild after a bulk load (once)", "brought up to date at open")

    return key(a) == key(b)


def print_growth(by_size: dict[int, list[dict[str, Any]]]) -> None:
    """One line per operation: the figure at each size and its growth over the data's growth."""
    sizes = sorted(by_size)
    names = [r["name"] for r in by_size[sizes[-1]] if not r["unit"].startswith("MB RSS")]
    head = "".join(f"{n:>12,}" for n in sizes)
    print(f"{'operation':62} {'unit':>11}{head}  growth (data ×{sizes[-1] / sizes[0]:.0f})")
    for name in names:
        values = []
        for n in sizes:  # the same operation at each size: names differ only in a row count ("scroll 100,000 rows")
            match = [r for r in by_size[n] if _same_line(r["name"], name)]
            values.append(match[0]["value"] if match else None)
        unit = next(r["unit"] for r in by_size[sizes[-1]] if r["name"] == name)
        cells = "".join(f"{v:>12.3f}" if isinstance(v, int | float) else f"{'-':>12}" for v in values)
        grow = (f"×{values[-1] / values[0]:.2f}" if isinstance(values[0], int | float) and values[0]
                and isinstance(values[-1], int | float) else "")
        print(f"{name[:62]:62} {unit[:11]:>11}{cells}  {grow}")
