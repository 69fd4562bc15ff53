"""A small district for the verification tests: one community, three buildings of rented rooms, five
registered people (registered by officer1), and what is *really* there (for the blind capture)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.idnumber import compute_check_digit
from desktop.domain.resident import ResidentInput
from desktop.services.registry import RegistryService
from desktop.store.db import Store


def idn(first17: str) -> str:
    return first17 + compute_check_digit(first17)


PEOPLE = {  # key: (room key, name, id number, birth date, registered?)
    "zhang": ("A101", "张伟", idn("51010519900101123"), date(1990, 1, 1)),
    "li": ("A101", "李娜", idn("51010519920202124"), date(1992, 2, 2)),
    "wang": ("A102", "王强", idn("34012119850303125"), date(1985, 3, 3)),  # left: stale
    "zhao": ("B101", "赵敏", idn("42010219950404126"), date(1995, 4, 4)),
    "sun": ("C101", "孙磊", idn("52010219880505127"), date(1988, 5, 5)),
}


@dataclass(frozen=True)
class Village:
    town: str
    community: str
    grid: str
    buildings: dict[str, str]
    rooms: dict[str, str]
    registrations: dict[str, str]


def build_village(store: Store, officer: str = "officer1") -> Village:
    reg = RegistryService(store, officer)
    town = reg.create_area("town", "下应街道", None, code="330212006")
    community = reg.create_area("community", "湾底社区", town, invented=True)
    grid = reg.create_area("grid", "湾底第1网格", community, invented=True)
    road = reg.create_address(grid, None, "road", "湾底路")
    buildings: dict[str, str] = {}
    rooms: dict[str, str] = {}
    for b in ("A", "B", "C"):
        door = reg.create_address(grid, road, "door", f"{ord(b) - 64}号")
        buildings[b] = reg.create_address(grid, door, "building", f"{b}幢", housing_type="rental")
        for r in ("101", "102"):
            rooms[f"{b}{r}"] = reg.create_address(grid, buildings[b], "room", f"{r}室", is_leaf=True,
                                                  housing_type="rental")
    reg.save_rental_unit(rooms["A101"], {"landlord_name": "陈房东", "landlord_phone": "13805740001",
                                         "use": "residential", "status": "let", "occupancy_limit": 4})
    registrations = {}
    for key, (room, name, number, born) in PEOPLE.items():
        saved = reg.register_person(ResidentInput(
            id_number=number, name=name, sex="1", birth_date=born, hukou_code=number[:6],
            phone="13812345678", employer_name="宁波甬兴电器制造有限公司", arrival_date=date(2024, 3, 1)),
            rooms[room])
        assert saved.registration_id is not None
        registrations[key] = saved.registration_id
    return Village(town, community, grid, buildings, rooms, registrations)
