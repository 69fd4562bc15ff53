"""A small real store for the officer's-day service tests: two grids, a building with rooms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.codes import ResidenceReason
from desktop.domain.idnumber import compute_check_digit
from desktop.domain.resident import ResidentInput
from desktop.services.registry import RegistryService, SavedResident
from desktop.store.db import Store


def valid_id(first17: str) -> str:
    """``first17`` with its check character."""
    return first17 + compute_check_digit(first17)


@dataclass(frozen=True)
class Place:
    """Ids of the areas and addresses."""

    grid: str
    other_grid: str
    building: str
    rooms: dict[str, str]
    other_room: str


def build(store: Store) -> Place:
    """Town → community → two grids; 天童南路188号3幢 with four rooms; 学士路1号1幢101室 in grid 2."""
    reg = RegistryService(store, "officer1")
    town = reg.create_area("town", "钟公庙街道", None, code="330212002")
    community = reg.create_area("community", "金山社区", town, invented=True)
    grid = reg.create_area("grid", "金山第一网格", community, invented=True)
    other_grid = reg.create_area("grid", "金山第二网格", community, invented=True)
    road = reg.create_address(grid, None, "road", "天童南路")
    door = reg.create_address(grid, road, "door", "188号")
    building = reg.create_address(grid, door, "building", "3幢")
    rooms = {n: reg.create_address(grid, building, "room", n, is_leaf=True, housing_type="rental")
             for n in ("101室", "102室", "201室", "202室")}
    road2 = reg.create_address(other_grid, None, "road", "学士路")
    door2 = reg.create_address(other_grid, road2, "door", "1号")
    b2 = reg.create_address(other_grid, door2, "building", "1幢")
    other_room = reg.create_address(other_grid, b2, "room", "101室", is_leaf=True)
    return Place(grid, other_grid, building, rooms, other_room)


def person(name: str, first17: str, phone: str = "", **kw: object) -> ResidentInput:
    """A valid resident input."""
    return ResidentInput(id_number=valid_id(first17), name=name, phone=phone,
                         reason=kw.pop("reason", ResidenceReason.WORK), **kw)  # type: ignore[arg-type]


def register(store: Store, inp: ResidentInput, address_id: str, *, household_id: str | None = None,
             relationship: str = "", today: date = date(2025, 6, 1)) -> SavedResident:
    """Register ``inp`` at ``address_id`` as officer1."""
    return RegistryService(store, "officer1").register_person(
        inp, address_id, household_id=household_id, relationship=relationship, today=today)
