"""Search before create: ID, name (2 characters too), initials, phone and tail, birth date; flags; index use."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, literal_column, select

from desktop.services.search import DuplicateFlag, MatchQuery, MatchReason, SearchService
from desktop.store import tables as t
from desktop.store.db import Store
from tests.services.officer_place import build, person, register, valid_id

ZHANG = "41052319900307123"
LI = "41052319851112456"


def test_matches_by_each_criterion(store: Store) -> None:
    place = build(store)
    zhang = register(store, person("张伟", ZHANG, "13812345678"), place.rooms["101室"])
    register(store, person("张伟明", "41052319920101001", "13900001111"), place.rooms["102室"])
    register(store, person("李娜", LI, "13812345678"), place.other_room)
    search = SearchService(store)

    by_id = search.find_matches(MatchQuery(id_number=valid_id(ZHANG).lower()))
    assert by_id.same_person is not None and by_id.same_person.resident_id == zhang.resident_id
    assert by_id.same_person.living_at[0].address_text.endswith("3幢101室")

    two_chars = search.find_matches(MatchQuery(name="张伟"))
    names = [m.name for m in two_chars.matches]
    assert names == ["张伟", "张伟明"]  # exact before prefix
    assert MatchReason.NAME in two_chars.matches[0].reasons
    assert MatchReason.NAME_PREFIX in two_chars.matches[1].reasons

    assert {m.name for m in search.find_matches(MatchQuery(name="zw")).matches} == {"张伟", "张伟明"}
    assert [m.name for m in search.find_matches(MatchQuery(name="zwm")).matches] == ["张伟明"]

    phone = search.find_matches(MatchQuery(phone="138 1234 5678"))
    assert {m.name for m in phone.matches} == {"张伟", "李娜"}
    assert all(DuplicateFlag.SAME_PHONE in m.flags for m in phone.matches)
    tail = search.find_matches(MatchQuery(phone="1111"))
    assert [m.name for m in tail.matches] == ["张伟明"] and MatchReason.PHONE_TAIL in tail.matches[0].reasons

    born = search.find_matches(MatchQuery(birth_date=date(1985, 11, 12)))
    assert [m.name for m in born.matches] == ["李娜"]
    assert search.find_matches(MatchQuery()).matches == ()


def test_same_name_and_birth_date_is_flagged(store: Store) -> None:
    place = build(store)
    register(store, person("王芳", "41052319900307224"), place.rooms["101室"])
    result = SearchService(store).find_matches(MatchQuery(name="王芳", birth_date=date(1990, 3, 7),
                                                          id_number=valid_id("51010119900307222")))
    assert result.same_person is None
    assert DuplicateFlag.SAME_NAME_BIRTH in result.matches[0].flags
    # a shared birthday alone is not shown once a name is typed
    other = SearchService(store).find_matches(MatchQuery(name="赵六", birth_date=date(1990, 3, 7)))
    assert other.matches == ()


def test_likely_duplicates_for_review(store: Store) -> None:
    place = build(store)
    a = register(store, person("王芳", "41052319900307224", "13700000001"), place.rooms["101室"])
    b = register(store, person("王芳", "51010119900307222"), place.rooms["201室"])
    c = register(store, person("陈静", "51010119910101222", "13700000001"), place.other_room)
    groups = {(g.flag, g.resident_ids) for g in SearchService(store).likely_duplicates()}
    assert (DuplicateFlag.SAME_NAME_BIRTH, tuple(sorted((a.resident_id, b.resident_id)))) in groups
    assert (DuplicateFlag.SAME_PHONE, tuple(sorted((a.resident_id, c.resident_id)))) in groups


def test_every_path_uses_an_index(store: Store) -> None:
    res = t.resident
    queries = [
        select(res.c.id).where(res.c.id_number == "x"),
        select(res.c.id).where(res.c.name >= "张伟", res.c.name < "张伟\U0010ffff"),
        select(res.c.id).where(res.c.name_initials >= "zw", res.c.name_initials < "zw\U0010ffff"),
        select(res.c.id).where(res.c.phone == "13812345678"),
        select(res.c.id).where(func.substr(res.c.phone, literal_column("-4")) == "5678",
                               res.c.phone.endswith("45678", autoescape=True)),
        select(res.c.id).where(res.c.birth_date == "1990-03-07"),
    ]
    with store.read() as conn:
        for query in queries:
            sql = str(query.compile(compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (sql, plan)
