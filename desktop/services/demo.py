"""Build the Yinzhou demo district with known true rates (issue 2, DESIGN §6).

The 25 towns/streets are real (``resources/codes/yinzhou_towns.csv``); communities, grids,
roads, buildings, rooms and people are invented (``invented = 1``). The generator first makes
the *true* population (everyone really living at each room, every room really let), then the
register as officers would have recorded it: each true person is registered with a
building-level propensity around ``p_registered``; each registration is wrong in a key field
(or stale: the person has left) with probability ``1 - p_accurate``; each let room in rental
housing is registered with probability ``p_rental``. The verification sample is drawn by
building (the cluster), stratified by community × housing type with proportional allocation,
and its results record what a verifier would find. ``DemoTruth`` holds the realised
district-wide rates the sample estimates.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from desktop.domain.codes import load_code_tables
from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.idnumber import compute_check_digit
from desktop.domain.pinyin import name_initials
from desktop.domain.rates import sample_size
from desktop.paths import resource_dir
from desktop.services.registry import new_id
from desktop.store.db import Store, set_state
from desktop.store.records import bulk_create

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "单"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞波宇浩凯婷雪琳晨欣怡俊峰志强海燕"
    "春梅小龙天佳子轩梓涵一诺雨桐"
)
ROADS = ("学府路", "天童南路", "钱湖北路", "日丽中路", "首南东路", "惠风西路", "兴宁路", "桑田路", "鄞县大道",
         "泰康中路", "中山东路", "嵩江路", "宁南北路", "四明中路", "福庆南路", "金谷中路", "环城南路", "贸城东路")
COMMUNITY_WORDS = ("幸福", "和美", "阳光", "明湖", "新河", "锦绣", "繁景", "丹凤", "长丰", "百丈", "南苑", "东湖")
EMPLOYERS = ("宁波鄞州华辰服饰有限公司", "宁波甬兴电器制造有限公司", "鄞州区明发快递站", "宁波海通物流有限公司",
             "鄞州区老张面馆", "宁波恒泰建设工程有限公司", "宁波东升模具厂", "鄞州区万家便利店")
HOUSING_MIX = (("ordinary", 0.40), ("rental", 0.35), ("group_rental", 0.12), ("dormitory", 0.13))
OCCUPANTS = {"ordinary": (1, 3), "rental": (1, 3), "group_rental": (3, 6), "dormitory": (4, 8)}
KEY_FIELDS_WRONG = ("name", "phone", "employer", "id_number", "living_here")


@dataclass
class DemoTruth:
    """Realised district-wide rates and the sizes of what was generated."""

    registration_rate: float = 0.0
    accuracy_rate: float = 0.0
    rental_registration_rate: float = 0.0
    true_persons: int = 0
    residents: int = 0
    addresses: int = 0
    rental_units_let: int = 0
    sampled_buildings: int = 0
    params: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


def _id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    seq = rng.randrange(0, 100) * 10 + (rng.choice((1, 3, 5, 7, 9)) if male else rng.choice((0, 2, 4, 6, 8)))
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + compute_check_digit(first17)


MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                   "157", "158", "159", "177", "180", "186", "187", "188", "189", "198", "199")


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


class _Builder:
    def __init__(self, rng: random.Random, user: str, today: date) -> None:
        self.rng, self.user, self.today = rng, user, today
        #: in-memory simulation: skip derived text nobody reads (pinyin initials); random draws unchanged
        self.lean = False
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.counties = [(r["code"], r["name"]) for r in
                         csv.DictReader((resource_dir() / "demo" / "source_counties.csv").open(encoding="utf-8"))]

    def add(self, entity: str, **values: Any) -> str:
        values.setdefault("id", new_id())
        self.rows.setdefault(entity, []).append(values)
        return str(values["id"])

    def person(self) -> dict[str, Any]:
        rng = self.rng
        male = rng.random() < 0.55
        age = int(rng.triangular(16, 62, 30))
        birth = self.today - timedelta(days=age * 365 + rng.randrange(365))
        region, county = rng.choice(self.counties)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))
        return {
            "id_type": "resident_id", "id_number": _id_number(rng, region, birth, male), "name": name,
            "name_initials": "" if self.lean else name_initials(name), "sex": "1" if male else "2",
            "birth_date": birth.isoformat(),
            "ethnicity": "01", "hukou_code": region, "hukou_address": county, "phone": _phone(rng),
            "education": rng.choice(("20", "30", "40", "70", "80")), "marital_status": rng.choice(("10", "20")),
            "political_status": "13", "employer_name": rng.choice(EMPLOYERS), "employer_uscc": "",
            "occupation": "", "social_insurance": int(rng.random() < 0.6),
            "arrival_date": (self.today - timedelta(days=rng.randrange(30, 2000))).isoformat(),
            "reason": "work",
        }


def build_demo(
    store: Store,
    *,
    residents: int,
    seed: int,
    user: str = "demo-officer",
    today: date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    true_rates: tuple[float, float, float] | None = None,
    p_found: float = 1.0,
) -> DemoTruth:
    """Generate the demo district into an empty store and return the truth behind it.

    Args:
        store: an open, empty store.
        residents: how many resident records the register should hold (approximately; ±1 household).
        seed: seeds every random choice, so the same seed gives the same district.
        progress: optional callback (stage, done, total).
        true_rates: (p_registered, p_accurate, p_rental) generating probabilities; None draws them
            from the seed (the ``doorstep demo`` behaviour).
        p_found: probability that the verifier finds a person living at a sampled address (the
            PES capture probability behind the Chapman estimate); 1.0 = finds everyone.

    Raises:
        ValueError: ``residents`` < 1.
    """
    b, buildings, truth = _generate(residents=residents, seed=seed, user=user, today=today, true_rates=true_rates)
    _draw_sample(b, buildings, truth, seed, b.today, p_found=p_found)
    _store(store, b, seed, progress)
    return truth


def simulate_district(
    *,
    residents: int,
    seed: int,
    true_rates: tuple[float, float, float] | None = None,
    p_found: float = 1.0,
    today: date | None = None,
) -> tuple[DemoTruth, list[dict[str, Any]]]:
    """The demo generator in memory (no store): return the truth and the sample's verification results.

    Same district, same sample and same result rows as :func:`build_demo` with the same arguments;
    for the statistical honesty test (hundreds of districts with known true rates).
    """
    b, buildings, truth = _generate(residents=residents, seed=seed, user="demo-officer", today=today,
                                    true_rates=true_rates, lean=True)
    _draw_sample(b, buildings, truth, seed, b.today, p_found=p_found)
    return truth, b.rows.get("verification_result", [])


def _generate(
    *, residents: int, seed: int, user: str, today: date | None, true_rates: tuple[float, float, float] | None,
    lean: bool = False,
) -> tuple[_Builder, list[dict[str, Any]], DemoTruth]:
    """The true population and the register (DemoTruth filled except the sample)."""
    if residents < 1:
        raise ValueError("residents must be ≥ 1")
    rng = random.Random(seed)
    today = today or date.today()
    b = _Builder(rng, user, today)
    b.lean = lean
    truth = DemoTruth()
    p_reg, p_acc, p_rent = rng.uniform(0.90, 0.985), rng.uniform(0.90, 0.985), rng.uniform(0.88, 0.985)
    if true_rates is not None:
        p_reg, p_acc, p_rent = true_rates
    truth.params = {"p_registered": p_reg, "p_accurate": p_acc, "p_rental": p_rent}
    tables = load_code_tables()
    district = b.add("area", level="district", code=YINZHOU_DISTRICT_CODE, name="鄞州区", parent_id=None, invented=0)
    towns = [(code, name) for code, name in tables.town.entries.items()]
    grids: list[tuple[str, str, str]] = []  # (grid_id, community_id, area_path)
    per_grid = 400
    n_grids = max(len(towns), math.ceil(residents / per_grid))
    for i in range(n_grids):
        code, tname = towns[i % len(towns)]
        if i < len(towns):
            town_id = b.add("area", level="town", code=code, name=tname, parent_id=district, invented=0)
            b.rows["area"][-1]["_town"] = True
        town_id = next(r["id"] for r in b.rows["area"] if r.get("code") == code)
        word = COMMUNITY_WORDS[(i // len(towns)) % len(COMMUNITY_WORDS)]
        community = b.add("area", level="community", name=f"{tname[:2]}{word}社区", parent_id=town_id, invented=1)
        grid = b.add("area", level="grid", name=f"{tname[:2]}{word}第1网格", parent_id=community, invented=1,
                     officer=user)
        grids.append((grid, community, f"{YINZHOU_DISTRICT_CODE}/{code}/{community}/{grid}"))
    for row in b.rows["area"]:
        row.pop("_town", None)

    # true population, building by building, until the register holds `residents` records
    buildings: list[dict[str, Any]] = []
    registered = 0
    gi = 0
    true_present = true_registered = 0
    reg_records = reg_correct = 0
    let_units = let_registered = 0
    while registered < residents:
        grid_id, community_id, path = grids[gi % len(grids)]
        gi += 1
        road = rng.choice(ROADS)
        road_id = b.add("standard_address", grid_id=grid_id, parent_id=None, level="road", name=road,
                        full_text=road, is_leaf=0, invented=1)
        door = f"{rng.randrange(1, 999)}号"
        door_id = b.add("standard_address", grid_id=grid_id, parent_id=road_id, level="door", name=door,
                        full_text=road + door, is_leaf=0, invented=1)
        r = rng.random()
        housing = "ordinary"
        for kind, share in HOUSING_MIX:
            if r < share:
                housing = kind
                break
            r -= share
        bname = f"{rng.randrange(1, 30)}幢"
        btext = road + door + bname
        building_id = b.add("standard_address", grid_id=grid_id, parent_id=door_id, level="building", name=bname,
                            full_text=btext, is_leaf=0, housing_type=housing, invented=1)
        rooms: list[dict[str, Any]] = []
        building: dict[str, Any] = {"id": building_id, "grid": grid_id, "community": community_id, "path": path,
                                    "housing": housing, "rooms": rooms}
        propensity = min(0.999, max(0.5, rng.gauss(p_reg, 0.03)))
        floors, per_floor = rng.randint(2, 6), rng.randint(2, 4)
        for floor in range(1, floors + 1):
            for k in range(1, per_floor + 1):
                rname = f"{floor}{k:02d}室"
                room_id = b.add("standard_address", grid_id=grid_id, parent_id=building_id, level="room",
                                name=rname, full_text=btext + rname, is_leaf=1, housing_type=housing, invented=1)
                room: dict[str, Any] = {"id": room_id, "persons": [], "records": [], "let": False,
                                        "unit_registered": False}
                rooms.append(room)
                if rng.random() < 0.15:
                    continue  # vacant
                lo, hi = OCCUPANTS[housing]
                occupants = [b.person() for _ in range(rng.randint(lo, hi))]
                exempt = [rng.random() < 0.02 for _ in occupants]
                if housing in ("rental", "group_rental"):
                    room["let"] = True
                    let_units += 1
                    if rng.random() < p_rent:
                        room["unit_registered"] = True
                        let_registered += 1
                        b.add("rental_unit", address_id=room_id, landlord_type="person",
                              landlord_name=rng.choice(SURNAMES) + rng.choice(GIVEN), landlord_phone=_phone(rng),
                              use="group" if housing == "group_rental" else "residential",
                              occupancy_limit=hi, rooms_let=1, status="let",
                              lease_start=(today - timedelta(days=rng.randrange(30, 700))).isoformat())
                household = None
                for person, is_exempt in zip(occupants, exempt, strict=True):
                    is_registered = (not is_exempt) and rng.random() < propensity
                    room["persons"].append((person, is_exempt, is_registered))
                    if is_exempt:
                        continue
                    true_present += 1
                    if not is_registered:
                        continue
                    true_registered += 1
                    stored = dict(person)
                    wrong = None
                    if rng.random() > p_acc:
                        wrong = rng.choice(KEY_FIELDS_WRONG[:-1])
                        if wrong == "name":
                            stored["name"] = stored["name"][0] + rng.choice(GIVEN)
                            stored["name_initials"] = "" if b.lean else name_initials(stored["name"])
                        elif wrong == "phone":
                            stored["phone"] = _phone(rng)
                        elif wrong == "employer":
                            stored["employer_name"] = rng.choice(EMPLOYERS) + "（原）"
                        else:
                            birth = date.fromisoformat(stored["birth_date"])
                            stored["id_number"] = _id_number(rng, stored["hukou_code"], birth, stored["sex"] == "1")
                    reg_records += 1
                    reg_correct += wrong is None
                    rid = b.add("resident", **stored)
                    relationship = "99"  # GB/T 4761: 非亲属 (co-tenants, dormitory mates)
                    if household is None:
                        household = b.add("household", address_id=room_id, type="dormitory"
                                          if housing == "dormitory" else "family", head_resident_id=rid)
                        relationship = "02"  # 户主
                    reg_id = b.add("residence_registration", resident_id=rid, address_id=room_id,
                                   household_id=household, relationship=relationship,
                                   declared_date=stored["arrival_date"], registered_date=stored["arrival_date"],
                                   status="living", registered_by=user)
                    room["records"].append((reg_id, rid, wrong, True))
                    registered += 1
                # stale registrations: people who left but are still registered here
                if rng.random() < (1 - p_acc) * 0.5 and registered < residents:
                    gone = b.person()
                    rid = b.add("resident", **gone)
                    reg_id = b.add("residence_registration", resident_id=rid, address_id=room_id,
                                   household_id=household, relationship="99", declared_date=gone["arrival_date"],
                                   registered_date=gone["arrival_date"], status="living", registered_by=user)
                    room["records"].append((reg_id, rid, "living_here", False))
                    reg_records += 1
                    registered += 1
        buildings.append(building)
    truth.true_persons = true_present
    truth.residents = registered
    truth.addresses = len(b.rows["standard_address"])
    truth.rental_units_let = let_units
    truth.registration_rate = true_registered / true_present if true_present else 0.0
    truth.accuracy_rate = reg_correct / reg_records if reg_records else 0.0
    truth.rental_registration_rate = let_registered / let_units if let_units else 0.0
    return b, buildings, truth


def _draw_sample(b: _Builder, buildings: list[dict[str, Any]], truth: DemoTruth, seed: int, today: date,
                 *, p_found: float = 1.0) -> None:
    """Stratified (community × housing type) proportional sample of buildings, and their results.

    With ``p_found`` < 1 the verifier misses each living person independently with probability
    1 − p_found (own generator, so the sample drawn is the same); registrations are still resolved
    by field reconciliation (found = really living there).
    """
    rng = random.Random(seed * 7919 + 1)
    finder = random.Random(seed * 104729 + 3)
    persons_per_building = max(1.0, truth.true_persons / max(1, len(buildings)))
    n_persons = sample_size(p=0.95, margin=0.02, population=truth.true_persons, design_effect=1.5)
    fraction = min(1.0, n_persons / persons_per_building / max(1, len(buildings)))
    strata: dict[str, list[dict[str, Any]]] = {}
    for building in buildings:
        strata.setdefault(f"{building['community']}|{building['housing']}", []).append(building)
    sample_id = b.add("verification_sample", area_id=None, name="演示核查样本", seed=seed,
                      design=json.dumps({"strata": "community×housing_type", "allocation": "proportional",
                                         "fraction": round(fraction, 6), "unit": "building"}),
                      created_by="demo-supervisor", created_at=today.isoformat())
    now = today.isoformat()
    verifier = "demo-police-assistant"
    for stratum, members in strata.items():  # generation order: same seed, same sample
        expected = fraction * len(members)
        take = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        for building in rng.sample(members, min(take, len(members))):
            truth.sampled_buildings += 1
            b.add("verification_assignment", sample_id=sample_id, address_id=building["id"], stratum=stratum,
                  verifier=verifier, status="done")
            common = {"sample_id": sample_id, "address_id": building["id"], "area_path": building["path"],
                      "stratum": stratum, "verifier": verifier, "verified_at": now}
            for room in building["rooms"]:
                for _person, is_exempt, is_registered in room["persons"]:
                    if p_found < 1.0 and finder.random() >= p_found:
                        continue
                    b.add("verification_result", kind="person", found=1, registered=int(is_registered),
                          exempt=int(is_exempt), **common)
                for reg_id, rid, wrong, present in room["records"]:
                    checks = {f: (f != wrong) for f in KEY_FIELDS_WRONG}
                    b.add("verification_result", kind="registration", registration_id=reg_id, resident_id=rid,
                          found=int(present), registered=1, all_correct=int(wrong is None),
                          field_checks=json.dumps(checks), **common)
                if room["let"]:
                    b.add("verification_result", kind="rental_unit", found=1,
                          registered=int(room["unit_registered"]), **common)


def _store(store: Store, b: _Builder, seed: int, progress: Callable[[str, int, int], None] | None) -> None:
    order = ("area", "standard_address", "rental_unit", "resident", "household", "residence_registration",
             "verification_sample", "verification_assignment", "verification_result")
    total = sum(len(b.rows.get(e, [])) for e in order)
    done = 0
    with store.write() as conn:
        for entity in order:
            rows = b.rows.get(entity, [])
            for start in range(0, len(rows), 5000):
                chunk = rows[start:start + 5000]
                bulk_create(conn, entity, chunk, user=b.user, device_id=store.device_id)
                done += len(chunk)
                if progress is not None:
                    progress("demo", done, total)
        set_state(conn, "demo_seed", str(seed))
