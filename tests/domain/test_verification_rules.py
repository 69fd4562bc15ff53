"""Sample design, seeded draw with independent verifiers, matching, statistics (issue 5 §1, §2, §5)."""

from __future__ import annotations

from datetime import date

from desktop.domain.population_stats import population_stats, province_of
from desktop.domain.verification import FoundPerson, FrameUnit, allocate, draw, match_found, propose_size


def test_size_proposal_uses_fpc_and_design_effect() -> None:
    # 457 persons at ±2% (p = 0.95); N = 5000 → 419; × 1.5 → 629 persons; 2.5 per address → 252 addresses
    assert propose_size(2000, 5000, design_effect=1.5) == 252
    assert propose_size(10, 20) == 10  # never more than the frame
    assert propose_size(0, 0) == 0


def test_allocation_is_proportional_with_one_per_stratum() -> None:
    sizes = allocate({"a": 100, "b": 50, "c": 3}, 30)
    assert sum(sizes.values()) == 30 and sizes["c"] >= 1 and sizes["a"] > sizes["b"]
    assert allocate({"a": 2}, 10) == {"a": 2}


def test_draw_is_reproducible_from_the_seed_and_never_assigns_the_registrar() -> None:
    frame = [FrameUnit(f"addr{i:02d}", "s1" if i < 12 else "s2", frozenset({"off1"} if i % 2 else {"pa1"}))
             for i in range(20)]
    one = draw(frame, {"s1": 5, "s2": 3}, 42, ["pa1", "pa2"])
    two = draw(list(reversed(frame)), {"s1": 5, "s2": 3}, 42, ["pa1", "pa2"])
    assert one.assignments == two.assignments and len(one.assignments) == 8
    registrars = {u.address_id: u.registrars for u in frame}
    for address, _stratum, verifier in one.assignments:
        assert verifier and verifier not in registrars[address]
    assert draw(frame, {"s1": 5, "s2": 3}, 43, ["pa1", "pa2"]).assignments != one.assignments
    lone = draw([FrameUnit("x", "s", frozenset({"pa1"}))], {"s": 1}, 1, ["pa1"])
    assert lone.unassigned == ["x"]
    assert one.design()["strata"] == {"s1": {"population": 12, "sampled": 5}, "s2": {"population": 8, "sampled": 3}}


def test_matching_id_first_then_name_and_birth_date() -> None:
    regs = [{"id": "r1", "id_number": "51010519900101123X", "name": "张伟", "birth_date": "1990-01-01"},
            {"id": "r2", "id_number": "510105199202021240", "name": "李娜", "birth_date": "1992-02-02"},
            {"id": "r3", "id_number": "340121198503031250", "name": "王强", "birth_date": "1985-03-03"}]
    found = [FoundPerson("f1", "张 伟", "51010519900101123x"),  # lower-case x, stray space: still the ID
             FoundPerson("f2", "李娜", "", "1992-02-02"),  # no ID card: name + birth date
             FoundPerson("f3", "陌生人", "", "2000-01-01")]
    m = match_found(found, regs)
    assert m.pairs == [("f1", "r1", "id_number"), ("f2", "r2", "name_birth")]
    assert m.omissions == ["f3"] and m.stale == ["r3"]


def test_statistics_provinces_pyramid_inversion_and_clusters() -> None:
    assert province_of("330227") == "浙江" and province_of("460100") == "海南" and province_of("xx") == ""
    people = [{"area_path": "330212/t1/c1/g1", "cluster": "b1", "hukou_code": "512501", "sex": "1",
               "birth_date": "1990-05-01", "employer_name": "华辰服饰", "occupation": "缝纫",
               "housing_type": "group_rental", "social_insurance": 1, "has_permit": True} for _ in range(3)]
    people.append({"area_path": "330212/t1/c1/g1", "cluster": "b2", "hukou_code": "330227", "sex": "2",
                   "birth_date": "2016-09-01", "reason": "study"})
    rep = population_stats(people, local_population={"c1": 3}, today=date(2026, 11, 29), cluster_min=3)
    c1 = rep.areas["c1"]
    assert c1.total == 4 and c1.dims["province"]["四川"] == 3 and c1.dims["province"]["浙江"] == 1
    assert c1.dims["age_male"]["35-39"] == 3 and c1.dims["age_female"]["10-14"] == 1
    assert c1.dims["school_age"]["in_school"] == 1 and c1.dims["permit"]["holds"] == 3
    assert rep.inverted == ["c1"]
    assert {(c.place_kind, c.count) for c in rep.clusters} == {("address", 3), ("employer", 3)}
