"""A fast, seeded district for ``make bench`` (issue 8): residents, standard addresses and rental units
written straight into a store's schema with ``executemany`` on the raw ``sqlcipher3`` connection.

Same schema and triggers as the app (the FTS5 search indexes fill as rows go in), valid ID numbers
(``compute_check_digit``; region codes from the demo's source counties), pinyin initials from
``desktop.domain.pinyin`` (cached per surname and per given name), realistic mobile numbers, an
address tree road → door → building → room under ~400-resident grids, one living registration and
household membership per resident, rental units on let rooms, a small verification sample (so the
rates have data) and — the store-size decision (docs/decisions.md) — the outbox as a device holds it
in steady state: everything was synced and acknowledged mutations older than the 30-day retention
window were pruned, so only the last 30 days' edits remain, ``sent`` (``recent_share`` of residents).

``python -m bench.generate OUT.sqlite --residents N`` builds one file by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.idnumber import compute_check_digit
from desktop.domain.pinyin import name_initials
from desktop.paths import resource_dir
from desktop.services.demo import COMMUNITY_WORDS, EMPLOYERS, GIVEN, MOBILE_PREFIXES, SURNAMES
from desktop.store.db import CACHE_KIB, Store
from desktop.store.tables import _spaced_sql

USER = "bench-officer"
CHUNK = 50_000
TODAY = date(2026, 11, 1)
_ROAD_HEAD = "学府天童钱湖日丽首南惠风兴宁桑田泰康中山嵩江宁南四明福庆金谷环城贸城鄞县百丈明湖南苑东湖丹凤长丰姜山"
_ROAD_TAIL = ("路", "街", "巷", "大道", "北路", "南路", "东路", "西路", "中路")


@dataclass
class Sizes:
    """What to generate (the issue's district: 1,000,000 / 400,000 / 150,000)."""

    residents: int = 1_000_000
    addresses: int = 400_000
    rental_units: int = 150_000
    recent_share: float = 0.02  # residents edited in the last 30 days (sent mutations still retained)

    @classmethod
    def scaled(cls, residents: int) -> Sizes:
        """The district's proportions at ``residents``."""
        return cls(residents, max(40, residents * 2 // 5), max(10, residents * 3 // 20))


@dataclass
class Generated:
    """Counts and timings of one generation."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _uuids(rng: random.Random) -> Callable[[], str]:
    getrandbits = rng.getrandbits

    def make() -> str:
        return str(uuid.UUID(int=getrandbits(128), version=4))

    return make


def _roads(rng: random.Random, n: int) -> list[str]:
    heads = [a + b for a in _ROAD_HEAD[::2] for b in _ROAD_HEAD[1::2]]
    rng.shuffle(heads)
    return [heads[i % len(heads)] + _ROAD_TAIL[(i // len(heads)) % len(_ROAD_TAIL)] for i in range(n)]


class _Writer:
    def __init__(self, raw: Any, device_id: str, now: str) -> None:
        self.raw, self.device_id, self.now = raw, device_id, now
        self.counts: dict[str, int] = {}
        self._sql: dict[tuple[str, tuple[str, ...]], str] = {}

    def put(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        key = (table, tuple(columns))
        sql = self._sql.get(key)
        if sql is None:
            cols = (*columns, "version", "updated_at", "updated_by", "device_id")
            names = ", ".join(f'"{c}"' for c in cols)
            sql = self._sql[key] = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))})'
        meta = (1, self.now, USER, self.device_id)
        self.raw.executemany(sql, [r + meta for r in rows])
        self.counts[table] = self.counts.get(table, 0) + len(rows)


def generate(store: Store, sizes: Sizes, seed: int = 1,
             progress: Callable[[str, int], None] | None = None) -> Generated:
    """Fill the empty ``store`` with a district of ``sizes``; return counts and seconds."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    new_id = _uuids(rng)
    now = f"{TODAY.isoformat()}T08:00:00.000+00:00"
    counties = [(r["code"], r["name"]) for r in
                csv.DictReader((resource_dir() / "demo" / "source_counties.csv").open(encoding="utf-8"))]
    towns = [(r["code"], r["name"]) for r in
             csv.DictReader((resource_dir() / "codes" / "yinzhou_towns.csv").open(encoding="utf-8"))]
    raw_conn = store.engine.raw_connection()
    raw = raw_conn.driver_connection
    assert raw is not None
    raw.execute("PRAGMA cache_size = -262144")  # 256 MB while building (random UUID keys)
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("BEGIN IMMEDIATE")
    # bulk load like a restore: secondary indexes and the FTS triggers go, then come back built in one
    # pass each (FTS5 flushes its pending terms at every statement: a trigger per row is ~7x slower)
    deferred = [sql for (name, sql) in raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'index' AND name LIKE 'ix_%') "
        "OR type = 'trigger') ORDER BY type, name").fetchall()]
    for kind, name in raw.execute("SELECT type, name FROM sqlite_master WHERE sql IS NOT NULL AND "
                                  "((type = 'index' AND name LIKE 'ix_%') OR type = 'trigger')").fetchall():
        raw.execute(f'DROP {kind.upper()} "{name}"')
    w = _Writer(raw, store.device_id, now)
    try:
        # -- areas: district, towns, one community + grid per ~400 residents -------------------
        district = new_id()
        area_cols = ("id", "parent_id", "level", "code", "name", "invented", "officer")
        areas: list[tuple[Any, ...]] = [(district, None, "district", YINZHOU_DISTRICT_CODE, "鄞州区", 0, "")]
        town_ids = []
        for code, name in towns:
            town_ids.append((new_id(), code, name))
            areas.append((town_ids[-1][0], district, "town", code, name, 0, ""))
        n_grids = max(len(towns), sizes.residents // 400)
        grids: list[tuple[str, str]] = []  # (grid id, area path)
        for i in range(n_grids):
            town_id, code, tname = town_ids[i % len(town_ids)]
            community, grid = new_id(), new_id()
            word = COMMUNITY_WORDS[(i // len(town_ids)) % len(COMMUNITY_WORDS)]
            suffix = f"{i // (len(town_ids) * len(COMMUNITY_WORDS)) + 1}"
            areas.append((community, town_id, "community", None, f"{tname[:2]}{word}{suffix}社区", 1, ""))
            areas.append((grid, community, "grid", None, f"{tname[:2]}{word}{suffix}第1网格", 1, USER))
            grids.append((grid, f"{YINZHOU_DISTRICT_CODE}/{code}/{community}/{grid}"))
        w.put("area", area_cols, areas)
        if progress:
            progress("area", len(areas))

        # -- addresses: road → door → building → rooms; ~5% roads+doors, the rest buildings+rooms -------
        roads = _roads(rng, max(1, n_grids // 4))
        sa_cols = ("id", "parent_id", "grid_id", "level", "name", "full_text", "is_leaf", "housing_type",
                   "valid_from")
        rooms: list[tuple[str, str, str, str]] = []  # (room id, grid id, building id, housing)
        buildings: list[tuple[str, str, str]] = []  # (building id, grid path, housing)
        batch: list[tuple[Any, ...]] = []
        made = 0
        road_nodes: dict[tuple[str, str], str] = {}
        b = 0
        while made < sizes.addresses:
            gi = b % n_grids
            grid_id, path = grids[gi]
            road = roads[gi % len(roads)]
            road_id = road_nodes.get((grid_id, road))
            if road_id is None:
                road_id = road_nodes[(grid_id, road)] = new_id()
                batch.append((road_id, None, grid_id, "road", road, road, 0, "ordinary", "2020-01-01"))
                made += 1
            door = f"{rng.randrange(1, 999)}号"
            door_id = new_id()
            batch.append((door_id, road_id, grid_id, "door", door, road + door, 0, "ordinary", "2020-01-01"))
            r = rng.random()
            housing = ("ordinary" if r < 0.40 else "rental" if r < 0.75 else "group_rental" if r < 0.87
                       else "dormitory")
            bname = f"{rng.randrange(1, 30)}幢"
            btext = road + door + bname
            building_id = new_id()
            batch.append((building_id, door_id, grid_id, "building", bname, btext, 0, housing, "2020-01-01"))
            buildings.append((building_id, path, housing))
            made += 2
            floors, per_floor = rng.randint(2, 6), rng.randint(1, 2)
            for floor in range(1, floors + 1):
                for k in range(1, per_floor + 1):
                    if made >= sizes.addresses:
                        break
                    rname = f"{floor}{k:02d}室"
                    room_id = new_id()
                    batch.append((room_id, building_id, grid_id, "room", rname, btext + rname, 1, housing,
                                  "2020-01-01"))
                    rooms.append((room_id, grid_id, building_id, housing))
                    made += 1
            b += 1
            if len(batch) >= CHUNK:
                w.put("standard_address", sa_cols, batch)
                batch = []
        w.put("standard_address", sa_cols, batch)
        if progress:
            progress("standard_address", w.counts.get("standard_address", 0))

        # -- rental units on let rooms (rental housing first) ----------------------------------
        let_rooms = [r for r in rooms if r[3] in ("rental", "group_rental")]
        let_rooms += [r for r in rooms if r[3] not in ("rental", "group_rental")]
        ru_cols = ("id", "address_id", "landlord_type", "landlord_name", "landlord_phone", "use", "rooms_let",
                   "occupancy_limit", "lease_start", "status")
        rental_rows = []
        let_ids: dict[str, str] = {}
        for room_id, _g, _b, housing in let_rooms[:sizes.rental_units]:
            unit = new_id()
            let_ids[room_id] = unit
            rental_rows.append((unit, room_id, "person", rng.choice(SURNAMES) + rng.choice(GIVEN), _phone(rng),
                                "group" if housing == "group_rental" else "residential", 1,
                                6 if housing == "group_rental" else 3,
                                (TODAY - timedelta(days=rng.randrange(30, 700))).isoformat(), "let"))
        for chunk in _chunks(rental_rows):
            w.put("rental_unit", ru_cols, chunk)
        if progress:
            progress("rental_unit", len(rental_rows))

        # -- residents, households, registrations ----------------------------------------------
        surname_ini = {s: name_initials(s) for s in SURNAMES}
        given_ini = {g: name_initials("王" + g)[1:] for g in GIVEN}
        res_cols = ("id", "id_type", "id_number", "name", "name_initials", "sex", "birth_date", "ethnicity",
                    "hukou_code", "hukou_address", "phone", "education", "marital_status", "political_status",
                    "employer_name", "occupation", "social_insurance", "arrival_date", "reason")
        reg_cols = ("id", "resident_id", "address_id", "household_id", "relationship", "declared_date",
                    "registered_date", "status", "registered_by")
        hh_cols = ("id", "address_id", "type", "head_resident_id")
        res_rows: list[tuple[Any, ...]] = []
        reg_rows: list[tuple[Any, ...]] = []
        hh_rows: list[tuple[Any, ...]] = []
        recent: list[tuple[str, str, dict[str, Any]]] = []
        room_i = -1
        in_room = 0
        household = room_id = housing = ""
        choice, randrange, random_ = rng.choice, rng.randrange, rng.random
        for i in range(sizes.residents):
            room_at = i * len(rooms) // sizes.residents  # every room occupied, ~residents/rooms each
            if room_at != room_i:
                room_id, _grid, _bid, housing = rooms[room_at]
                room_i = room_at
                in_room = 0
                household = new_id()
            male = random_() < 0.55
            age = int(rng.triangular(16, 62, 30))
            birth = TODAY - timedelta(days=age * 365 + randrange(365))
            region, county = choice(counties)
            seq = randrange(0, 100) * 10 + (choice((1, 3, 5, 7, 9)) if male else choice((0, 2, 4, 6, 8)))
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            surname = choice(SURNAMES)
            given = choice(GIVEN) if random_() < 0.6 else choice(GIVEN) + choice(GIVEN)
            arrival = (TODAY - timedelta(days=randrange(30, 2000))).isoformat()
            rid = new_id()
            row = (rid, "resident_id", first17 + compute_check_digit(first17), surname + given,
                   surname_ini[surname] + "".join(given_ini[g] for g in given), "1" if male else "2",
                   birth.isoformat(), "01", region, county, _phone(rng), choice(("20", "30", "40", "70", "80")),
                   choice(("10", "20")), "13", choice(EMPLOYERS), "", int(random_() < 0.6), arrival, "work")
            res_rows.append(row)
            head = in_room == 0
            if head:
                hh_rows.append((household, room_id, "dormitory" if housing == "dormitory" else "family", rid))
            reg_rows.append((new_id(), rid, room_id, household, "02" if head else "99", arrival, arrival,
                             "living", USER))
            in_room += 1
            if random_() < sizes.recent_share:
                recent.append(("resident", rid, dict(zip(res_cols[1:], row[1:], strict=True))))
            if len(res_rows) >= CHUNK:
                w.put("resident", res_cols, res_rows)
                w.put("residence_registration", reg_cols, reg_rows)
                w.put("household", hh_cols, hh_rows)
                res_rows, reg_rows, hh_rows = [], [], []
                if progress:
                    progress("resident", i + 1)
        w.put("resident", res_cols, res_rows)
        w.put("residence_registration", reg_cols, reg_rows)
        w.put("household", hh_cols, hh_rows)
        del res_rows, reg_rows, hh_rows

        # -- a verification sample (~1% of buildings) so the rates have data ----------------------
        _sample(w, rng, new_id, buildings, now)

        # -- outbox after sync and the retention window: the last 30 days' edits, sent --------------
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        out_rows = []
        for n, (entity, rid, fields) in enumerate(recent):
            created = (TODAY - timedelta(days=n * 29 // max(1, len(recent)))).isoformat() + "T09:00:00.000+00:00"
            out_rows.append((entity, rid, "upsert", 0, dumps(fields), USER, created, "sent", created,
                             dumps({"mutation_no": n + 1, "status": "applied", "version": 1})))
        for chunk in _chunks(out_rows):
            raw.executemany('INSERT INTO outbox (entity, record_id, op, base_version, fields, "user", created_at, '
                            "status, sent_at, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk)
        w.counts["outbox"] = len(out_rows)
        raw.execute("INSERT INTO sync_state(key, value) VALUES ('acked_high_water', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(len(out_rows)),))
        if progress:
            progress("rows written", sum(w.counts.values()))
        raw.execute(f"INSERT INTO resident_name_fts(rowid, spaced) SELECT rowid, {_spaced_sql('name')} FROM resident")
        raw.execute("INSERT INTO address_fts(address_fts) VALUES ('rebuild')")
        if progress:
            progress("search indexes", 0)
        for sql in deferred:
            raw.execute(sql)
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the pooled connection goes back as the app sets it
        raw_conn.close()
    raw_conn = store.engine.raw_connection()
    try:
        raw_conn.driver_connection.execute("ANALYZE")  # type: ignore[union-attr]
        raw_conn.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw_conn.close()
    return Generated(w.counts, time.perf_counter() - t0)


def _sample(w: _Writer, rng: random.Random, new_id: Callable[[], str], buildings: list[tuple[str, str, str]],
            now: str) -> None:
    sample_id = new_id()
    w.put("verification_sample", ("id", "name", "seed", "design", "created_by", "created_at"),
          [(sample_id, "基准核查样本", 1, json.dumps({"unit": "building", "strata": "housing"}), USER, now)])
    picked = rng.sample(buildings, max(1, min(len(buildings), len(buildings) // 100)))
    assign, results = [], []
    for building_id, path, housing in picked:
        assign.append((new_id(), sample_id, building_id, housing, "bench-verifier", "done"))
        common = (sample_id, building_id, path, housing, "bench-verifier", now)
        for _ in range(rng.randint(4, 12)):
            results.append((new_id(), *common, "person", 1, int(rng.random() < 0.95), 0, None, "{}"))
            results.append((new_id(), *common, "registration", int(rng.random() < 0.97), 1, 0,
                            int(rng.random() < 0.95), "{}"))
        if housing in ("rental", "group_rental"):
            results.append((new_id(), *common, "rental_unit", 1, int(rng.random() < 0.93), 0, None, "{}"))
    w.put("verification_assignment", ("id", "sample_id", "address_id", "stratum", "verifier", "status"), assign)
    w.put("verification_result", ("id", "sample_id", "address_id", "area_path", "stratum", "verifier",
                                  "verified_at", "kind", "found", "registered", "exempt", "all_correct",
                                  "field_checks"), results)


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def _chunks(rows: list[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


def main(argv: list[str] | None = None) -> int:
    """Generate one store file."""
    from desktop.store.db import open_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    store = open_store(args.out)
    result = generate(store, Sizes.scaled(args.residents) if args.residents != 1_000_000 else Sizes(), args.seed,
                      lambda stage, n: print(f"{stage}: {n:,}", flush=True))
    store.close()
    print(json.dumps(result.counts), f"{result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
