"""Issue 8: every DESIGN §7 line measured on a generated district (``bench.generate``), beside its raw
floor measured in the same run on the same file (the bare ``sqlcipher3`` driver, no SQLAlchemy, no
service code), plus the process's RSS after each stage and its peak.

Our figures go through the app's own code: ``SearchService`` (search before create), ``BrowseService``
(the resident list and its search box, the address search), ``RegistryService.register_person``
(validation + row + outbox), ``local_rates`` / ``local_figures`` / ``local_stats`` (the dashboard).
"""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3

from bench.generate import Sizes, generate
from desktop.domain.idnumber import compute_check_digit
from desktop.domain.resident import ResidentInput
from desktop.services.browse import BrowseService
from desktop.services.rates_service import local_figures, local_rates
from desktop.services.registry import RegistryService
from desktop.services.search import MatchQuery, SearchService
from desktop.services.stats_service import local_stats
from desktop.store.aggregates import refresh
from desktop.store.db import Store, key_pragma, open_store
from desktop.store.tables import spaced

DATA = Path(__file__).resolve().parent / "data"
#: The bench store's raw SQLCipher key (issue 7: the app's store is encrypted, keyed once with a raw
#: 32-byte key). A fixed test key: bench data are generated, never personal.
KEY = bytes(range(32))
PAGE = 200  # a page of the service (the GUI's model reads desktop.ui.residents_view.PAGE_SIZE = 100)

Add = Callable[..., None]


def p95(samples: list[float]) -> float:
    """95th percentile (ms lists)."""
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def timed(fn: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    """Milliseconds per call of ``fn`` over ``inputs``."""
    out = []
    for item in inputs:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def rss_mb() -> float:
    """Resident set size now (MB)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def peak_mb() -> float:
    """Peak RSS of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_connect(path: Path, key: bytes | None) -> Any:
    """The floor's connection: bare ``sqlcipher3``, keyed like the store (page decryption is in the floor)."""
    raw = sqlcipher3.connect(str(path), check_same_thread=False)
    if key is not None:
        raw.execute(f"PRAGMA key = {key_pragma(key)}")
    return raw


def district_store(residents: int, seed: int, reuse: bool, key: bytes | None = KEY) -> tuple[Store, float | None]:
    """Open (generating if needed) the district store of ``residents`` (encrypted with ``key``; None: plain);
    return it and the generation seconds."""
    sizes = Sizes() if residents == 1_000_000 else Sizes.scaled(residents)
    if reuse:
        DATA.mkdir(exist_ok=True)
        path = DATA / f"district-{residents}-s{seed}{'-enc' if key else ''}.sqlite"
        if path.exists():
            store = open_store(path, key=key)
            if store.state("bench_generated") == "1":
                return store, None
            store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        path = Path(tempfile.mkdtemp(prefix="doorstep-bench-")) / "district.sqlite"
    store = open_store(path, key=key)
    result = generate(store, sizes, seed)
    with store.write() as conn:
        conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('bench_generated', '1')")
    return store, result.seconds


def build_aggregates(store: Store) -> float:
    """Bring the statistics aggregates up to date (after a bulk load without triggers: a full rebuild, as a
    restored or migrated store does once); return the milliseconds."""
    t0 = time.perf_counter()
    with store.write() as conn:
        refresh(conn, date.today())
    return (time.perf_counter() - t0) * 1000


def measure(store: Store, residents: int, add: Add, seed: int) -> None:
    """Every store-side DESIGN §7 line; ``add(name, value, unit, target, floor, lower_is_better, stage)``."""
    rng = random.Random(seed)
    key = store.key.raw
    raw = raw_connect(store.path, key)
    total = raw.execute("SELECT max(rowid) FROM resident").fetchone()[0]
    picks = [rng.randrange(1, total + 1) for _ in range(1000)]
    people = [r for r in (raw.execute("SELECT id_number, name, phone, name_initials FROM resident WHERE rowid = ?",
                                      (p,)).fetchone() for p in picks) if r is not None]
    ids = [p[0] for p in people]
    search = SearchService(store)
    browse = BrowseService(store)

    # -- lookup by ID number (search before create: the ID path, with where the person lives) ---------
    ours = timed(lambda i: search.find_matches(MatchQuery(id_number=i)), ids)
    floor = timed(lambda i: raw.execute("SELECT id FROM resident WHERE id_number = ?", (i,)).fetchall(), ids)
    add("lookup by ID number p95 (search before create)", p95(ours), "ms", 2.0, p95(floor))

    # -- search box: first page (200 rows) of every kind of query -------------------------------------
    two = [p[1][:2] for p in people[:200]]
    three = [p[1] for p in people if len(p[1]) == 3][:200]
    inner = [p[1][1:] for p in people if len(p[1]) == 3][:200]  # contains, not a prefix (2 characters)
    one_given = [p[1][-1] for p in people[:200]]  # 1 character anywhere in the name
    initials = [p[3][:2] for p in people[:200]]
    tails = [p[2][-4:] for p in people[:200]]
    with store.read() as conn:
        roads = [r[0] for r in conn.exec_driver_sql(
            "SELECT full_text FROM standard_address WHERE level = 'door' LIMIT 200")]
    fragments = [r[-5:] for r in roads]  # "…路188号" style fragment

    def first_page(q: str) -> object:
        return browse.resident_page(0, PAGE, q)

    def raw_prefix(q: str) -> object:
        return raw.execute("SELECT id, name FROM resident WHERE name >= ? AND name < ? ORDER BY name LIMIT ?",
                           (q, q + "\U0010ffff", PAGE)).fetchall()

    def raw_fts(q: str) -> object:
        return raw.execute("SELECT rowid FROM resident_name_fts WHERE resident_name_fts MATCH ? LIMIT ?",
                           ('"' + spaced(q) + '"', PAGE)).fetchall()

    for label, queries, raw_fn in (
        ("search: 2-character name, first page", two, raw_prefix),
        ("search: 3-character name, first page", three, raw_prefix),
        ("search: name contains 2 characters (not prefix)", inner, raw_fts),
        ("search: 1 given-name character anywhere", one_given, raw_fts),
    ):
        add(f"{label} p95", p95(timed(first_page, queries)), "ms", 50.0, p95(timed(raw_fn, queries)))
    add("search: pinyin initials, first page p95", p95(timed(first_page, initials)), "ms", 50.0,
        p95(timed(lambda q: raw.execute("SELECT id FROM resident WHERE name_initials >= ? AND name_initials < ? "
                                        "ORDER BY name_initials LIMIT ?", (q, q + "z" * 8, PAGE)).fetchall(),
                  initials)))
    add("search: phone tail (4 digits), first page p95", p95(timed(first_page, tails)), "ms", 50.0,
        p95(timed(lambda q: raw.execute("SELECT id FROM resident WHERE substr(phone, -4) = ? LIMIT ?",
                                        (q, PAGE)).fetchall(), tails)))
    add("search: address fragment, first 50 addresses p95", p95(timed(browse.find_addresses, fragments)), "ms",
        50.0, p95(timed(lambda q: raw.execute("SELECT rowid FROM address_fts WHERE address_fts MATCH ? LIMIT 50",
                                              ('"' + q + '"',)).fetchall(), fragments)))
    names = [p[1] for p in people[:200]]
    add("search before create by name (all paths) p95", p95(timed(
        lambda n: search.find_matches(MatchQuery(name=n)), names)), "ms", 50.0, p95(timed(raw_prefix, names)))
    add("search before create by phone tail p95", p95(timed(
        lambda q: search.find_matches(MatchQuery(phone=q)), tails)), "ms", 50.0, None)
    add("stage: search", rss_mb(), "MB RSS", None, None, stage=True)

    # -- open the list and scroll it (keyset pages of 200) ---------------------------------------------
    opened = timed(lambda _i: browse.resident_page(0, PAGE, ""), list(range(20)))
    add("open resident list, first page p95", p95(opened), "ms", 200.0,
        p95(timed(lambda _i: raw.execute("SELECT id, name FROM resident ORDER BY name LIMIT ?", (PAGE,)).fetchall(),
                  list(range(20)))))
    scroll_rows = min(100_000, residents)
    after = None
    pages: list[float] = []
    rss0 = rss_mb()
    t0 = time.perf_counter()
    for _ in range(scroll_rows // PAGE):
        t1 = time.perf_counter()
        page = browse.resident_page(0, PAGE, "", after=after)
        pages.append((time.perf_counter() - t1) * 1000)
        after = page.next_after
    scroll_s = time.perf_counter() - t0
    add(f"scroll {scroll_rows:,} rows: page read p95", p95(pages), "ms", 200.0, None)
    add(f"scroll {scroll_rows:,} rows: slowest page", max(pages), "ms", 200.0, None)
    add(f"scroll {scroll_rows:,} rows: total", scroll_s * 1000, "ms", None, None)
    add(f"scroll {scroll_rows:,} rows: RSS growth", rss_mb() - rss0, "MB", None, None)

    # -- save a resident with validation and outbox --------------------------------------------------
    registry = RegistryService(store, "bench")
    with store.read() as conn:
        rooms = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM standard_address WHERE is_leaf = 1 ORDER BY rowid LIMIT 50")]
    tag = uuid.uuid4().int

    def save(i: int) -> object:
        first17 = f"341221{1960 + (tag + i) % 40}0{1 + i % 9}{10 + i % 18}{(tag // 7 + i) % 1000:03d}"
        return registry.register_person(ResidentInput(id_number=first17 + compute_check_digit(first17),
                                                      name="基准" + "甲乙丙丁戊"[i % 5], phone="13812345678",
                                                      arrival_date=date(2024, 1, 1)), str(rooms[i % len(rooms)]))

    # floor: one row INSERT + COMMIT on the same file with the store's pragmas (WAL, synchronous=FULL, keyed)
    floor_conn = raw_connect(store.path, key)
    floor_conn.isolation_level = None
    floor_conn.execute("PRAGMA synchronous = FULL")
    floor_conn.execute("CREATE TABLE IF NOT EXISTS temp_bench_floor (k TEXT, v TEXT)")

    def bare_save(i: int) -> object:
        floor_conn.execute("BEGIN IMMEDIATE")
        floor_conn.execute("INSERT INTO temp_bench_floor VALUES (?, ?)", (f"{tag}-{i}", "x" * 200))
        return floor_conn.execute("COMMIT")

    save_floor = p95(timed(bare_save, list(range(200))))
    floor_conn.execute("DROP TABLE temp_bench_floor")
    floor_conn.close()
    add("save a resident with validation and outbox p95", p95(timed(save, list(range(200)))), "ms", 20.0,
        save_floor)
    add("stage: list, scroll, save", rss_mb(), "MB RSS", None, None, stage=True)

    # -- rates and statistics for the whole district ----------------------------------------------------
    def once(fn: Callable[[], object]) -> float:
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    aggregates = once(lambda: build_aggregates(store))  # the saves above marked their grids dirty
    add("statistics aggregates: refresh after 200 saves (dirty grids)", aggregates, "ms", None, None)
    group_floor = once(lambda: raw.execute("SELECT substr(hukou_code, 1, 2), sex, count(*) FROM resident "
                                     "GROUP BY 1, 2").fetchall())
    add("rates: the three rates, whole district (local_rates)", once(lambda: local_rates(store)), "ms", 500.0, None)
    # the dashboard's figures and statistics read every living person: the first call after a change
    # computes (SQL GROUP BY over one scan), later calls with unchanged data are memoised (memo_by_data)
    join = once(lambda: raw.execute(
        "SELECT count(*) FROM residence_registration reg JOIN resident res ON res.id = reg.resident_id "
        "JOIN standard_address sa ON sa.id = reg.address_id WHERE reg.status = 'living'").fetchall())
    add("rates: every figure by area (local_figures), after a change", once(lambda: local_figures(store)), "ms",
        500.0, None)
    add("rates: every figure by area, data unchanged (memoised)", once(lambda: local_figures(store)), "ms",
        500.0, None)
    add("statistics: whole district (local_stats), after a change", once(lambda: local_stats(store)), "ms",
        500.0, join)
    add("statistics: whole district, data unchanged (memoised)", once(lambda: local_stats(store)), "ms",
        500.0, group_floor)
    add("stage: rates and statistics", rss_mb(), "MB RSS", None, None, stage=True)
    raw.close()

    # -- store size -----------------------------------------------------------------------------------
    ours_mb, floor_mb, tables_mb = store_sizes(store, key)
    add("local store size (floor: resident table + ID index, DESIGN §7)", ours_mb, "MB", round(2.5 * floor_mb, 1),
        floor_mb)
    add("local store size (floor: every table + primary keys, no search)", ours_mb, "MB",
        round(2.5 * tables_mb, 1), tables_mb)


def store_sizes(store: Store, key: bytes | None = None) -> tuple[float, float, float]:
    """(store file MB after a checkpoint, raw resident table + ID index MB, every table of the store with its
    primary key but no secondary index, search table or outbox) — floors built from the same rows in the
    same run, keyed like the store."""
    raw = raw_connect(store.path, key)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ours = store.path.stat().st_size / 1e6
    floors = []
    with tempfile.TemporaryDirectory(prefix="doorstep-floor-") as tmp:
        for n, which in enumerate(("resident", "tables")):
            floor_path = Path(tmp) / f"floor{n}.sqlite"
            raw.execute("ATTACH DATABASE ? AS floor", (str(floor_path),))  # same key as main
            if which == "resident":
                cols = ", ".join(f'"{r[1]}" {r[2]}' for r in raw.execute("PRAGMA main.table_info(resident)"))
                raw.execute(f"CREATE TABLE floor.resident ({cols})")
                raw.execute("INSERT INTO floor.resident SELECT * FROM main.resident")
                raw.execute("CREATE INDEX floor.ix_id ON resident (id_number)")
            else:
                tables = [(name, sql) for name, sql in raw.execute(
                    "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%' "
                    "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' AND name != 'outbox'")]
                for name, sql in tables:
                    raw.execute(sql.replace("CREATE TABLE ", "CREATE TABLE floor.", 1))
                    raw.execute(f'INSERT INTO floor."{name}" SELECT * FROM main."{name}"')
            raw.commit()
            raw.execute("DETACH DATABASE floor")
            floors.append(floor_path.stat().st_size / 1e6)
    raw.close()
    return ours, floors[0], floors[1]
