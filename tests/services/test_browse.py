"""BrowseService: tree children, the address page, resident search; frozen results only."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from desktop.domain.idnumber import compute_check_digit
from desktop.domain.resident import ResidentInput
from desktop.services.browse import BrowseService
from desktop.services.registry import RegistryService
from desktop.store.db import Store


def _id(first17: str) -> str:
    return first17 + compute_check_digit(first17)


@pytest.fixture
def reg(store: Store) -> RegistryService:
    return RegistryService(store, "officer1")


@pytest.fixture
def tree(reg: RegistryService) -> dict[str, str]:
    town = reg.create_area("town", "下应街道", None, code="330212001")
    community = reg.create_area("community", "湾底村", town)
    grid = reg.create_area("grid", "一网格", community)
    road = reg.create_address(grid, None, "road", "湾底路")
    building = reg.create_address(grid, road, "building", "8幢")
    rooms = {n: reg.create_address(grid, building, "room", n, is_leaf=True) for n in ("10室", "2室", "1室")}
    return {"town": town, "community": community, "grid": grid, "road": road, "building": building, **rooms}


def test_tree_children(store: Store, tree: dict[str, str]) -> None:
    browse = BrowseService(store)
    [town] = browse.children_of_area(None)
    assert (town.name, town.level, town.has_children) == ("下应街道", "town", True)
    [grid] = browse.children_of_area(tree["community"])
    assert grid.has_children  # its addresses count as children
    [road] = browse.children_of_address(tree["grid"], None)
    assert road.full_text == "湾底路" and road.has_children
    rooms = browse.children_of_address(tree["grid"], tree["building"])
    assert [r.name for r in rooms] == ["1室", "2室", "10室"]
    assert all(r.is_leaf and not r.has_children for r in rooms)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rooms[0].name = "x"  # type: ignore[misc]


def test_address_page_groups_households(store: Store, reg: RegistryService, tree: dict[str, str]) -> None:
    room = tree["1室"]
    reg.save_rental_unit(room, {"landlord_name": "周某", "status": "let", "use": "group"})
    head = reg.register_person(ResidentInput(id_number=_id("41052319900307123"), name="张伟"), room,
                               today=date(2025, 1, 1))
    reg.register_person(ResidentInput(id_number=_id("41052319920101002"), name="李娜"), room,
                        household_id=head.household_id, relationship="10", today=date(2025, 1, 1))
    reg.register_person(ResidentInput(id_number=_id("41052319950505003"), name="王强"), room,
                        today=date(2025, 1, 1))
    page = BrowseService(store).address_page(room)
    assert page is not None
    assert page.full_text == "湾底路8幢1室" and page.is_leaf
    assert [u.landlord_name for u in page.rental_units] == ["周某"]
    assert page.resident_count == 3
    first = next(h for h in page.households if h.id == head.household_id)
    assert [m.name for m in first.members] == ["张伟", "李娜"]
    assert BrowseService(store).address_page("nope") is None


def test_resident_search(store: Store, reg: RegistryService, tree: dict[str, str]) -> None:
    people = [("张伟", "41052319900307123", "13812345678"), ("张三丰", "41052319800101004", "13900001111"),
              ("李张", "41052319850101005", "13700002222"), ("曾小贤", "41052319870101006", "13600003333")]
    for name, first17, phone in people:
        reg.register_person(ResidentInput(id_number=_id(first17), name=name, phone=phone), tree["2室"],
                            today=date(2025, 1, 1))
    browse = BrowseService(store)

    def names(query: str) -> list[str]:
        return [r.name for r in browse.resident_page(0, 50, query).rows]

    assert names("") == sorted(n for n, _, _ in people)
    assert names(_id("41052319900307123")) == ["张伟"]
    assert names(_id("41052319900307123").lower()) == ["张伟"]
    assert names("张") == ["张三丰", "张伟", "李张"]  # prefix first, then contains
    assert names("zsf") == ["张三丰"]
    assert names("zx") == ["曾小贤"]  # surname override: 曾 reads zeng
    assert names("5678") == ["张伟"]
    assert names("4105231980") == ["张三丰"]
    assert names("%") == []
    page = browse.resident_page(0, 2)
    assert len(page.rows) == 2 and page.has_more
    assert page.rows[0].address == "湾底路8幢2室"
    assert not browse.resident_page(2, 2).has_more
    assert browse.pending_count() > 0


def test_resident_list_keyset_pages_and_contains_search(store: Store, reg: RegistryService,
                                                        tree: dict[str, str]) -> None:
    names = ["王芳", "王小芳", "李芳芳", "张伟", "欧阳娜娜", "赵敏"]
    for i, name in enumerate(names):
        reg.register_person(ResidentInput(id_number=_id(f"410523199003071{i:02d}"), name=name,
                                          phone=f"1381234{i:04d}"), tree["1室"], today=date(2025, 1, 1))
    browse = BrowseService(store)
    seen, after = [], None
    while True:  # keyset pages of 2 give every row once, in name order
        page = browse.resident_page(0, 2, "", after=after)
        seen += [r.name for r in page.rows]
        after = page.next_after
        if not page.has_more:
            break
    assert seen == sorted(names)

    def find(query: str) -> list[str]:
        return [r.name for r in browse.resident_page(0, 50, query).rows]

    assert find("王芳") == ["王芳"]  # a 2-character name: the indexed prefix path
    assert find("芳")[:0] == [] and set(find("芳")) == {"王芳", "王小芳", "李芳芳"}  # 1 character anywhere
    assert find("小芳") == ["王小芳"]  # 2 characters inside a name
    assert find("娜娜") == ["欧阳娜娜"]
    first = browse.resident_page(0, 1, "芳")  # prefix part, then contains part, through the cursor
    rest = browse.resident_page(0, 50, "芳", after=first.next_after)
    assert [r.name for r in first.rows + rest.rows] == find("芳")
    assert find("0003") == ["张伟"]  # phone tail
    assert [a.full_text for a in browse.find_addresses("湾底路8幢1")] == ["湾底路8幢10室", "湾底路8幢1室"] or \
        {a.full_text for a in browse.find_addresses("湾底路8幢1")} == {"湾底路8幢10室", "湾底路8幢1室"}
    assert browse.find_addresses("8幢") == []  # fewer than 3 characters: not searched


def test_a_page_read_is_not_blocked_by_a_write_in_progress(store: Store, tree: dict[str, str]) -> None:
    """Issue 8: the GUI thread's page read must not wait for the DB worker's write transaction (an import
    holds one for seconds); WAL lets readers read the last committed data meanwhile."""
    import threading

    browse = BrowseService(store)
    holding, done = threading.Event(), threading.Event()

    def writer() -> None:
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('bench_probe', '1')")
            holding.set()
            done.wait(10)  # keeps the write transaction open until the read has finished

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10)
        page = browse.resident_page(0, 50, "")
        finished_while_writing = thread.is_alive()
    finally:
        done.set()
        thread.join()
    assert not page.rows and finished_while_writing
    assert store.state("bench_probe") == "1"


def test_resident_list_pages_read_their_order_from_an_index(store: Store, reg: RegistryService,
                                                            tree: dict[str, str]) -> None:
    """Issue 8: every list page is an index range in index order — no sort of every matching resident (with
    ``LIMIT ?`` bound, ORDER BY name, id made SQLite scan and sort the whole table: 1.2 s at 300,000)."""
    from sqlalchemy import event

    for i, name in enumerate(["张伟", "张薇", "赵伟", "王芳", "张伟"]):
        reg.register_person(ResidentInput(id_number=_id(f"410523199003072{i:02d}"), name=name,
                                          phone=f"1391234{i:04d}"), tree["1室"], today=date(2025, 1, 1))
    browse = BrowseService(store)
    seen: list[tuple[str, tuple[object, ...]]] = []

    def note(_conn: object, _cursor: object, statement: str, parameters: object, *_a: object) -> None:
        if statement.lstrip().startswith("SELECT resident.id, resident.name"):
            seen.append((statement, tuple(parameters)))  # type: ignore[arg-type]

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        pages = [browse.resident_page(0, 2, q) for q in ("", "zw", "410523")]
        for q, page in zip(("", "zw", "410523"), pages, strict=True):
            browse.resident_page(0, 2, q, after=page.next_after)
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    assert [r.name for r in pages[1].rows] == ["张伟", "张伟"]  # initials, then name, then insertion order
    assert len(seen) == 6
    with store.read() as conn:
        for statement, parameters in seen:
            plan = " | ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "TEMP B-TREE" not in plan and "USING INDEX ix_resident_" in plan, (statement, plan)
