"""Registering areas, addresses and people through the service, against a real store file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.idnumber import compute_check_digit
from desktop.domain.resident import ResidentInput
from desktop.errors import Invalid
from desktop.services.registry import RegistryService
from desktop.store import tables as t
from desktop.store.db import Store


def _valid_id(first17: str) -> str:
    return first17 + compute_check_digit(first17)


@pytest.fixture
def registry(store: Store) -> RegistryService:
    return RegistryService(store, "officer-1")


def _room(registry: RegistryService) -> str:
    town = registry.create_area("town", "下应街道", None, code="330212001")
    community = registry.create_area("community", "演示社区", town, invented=True)
    grid = registry.create_area("grid", "演示第1网格", community, invented=True)
    road = registry.create_address(grid, None, "road", "学府路")
    door = registry.create_address(grid, road, "door", "18号")
    building = registry.create_address(grid, door, "building", "3幢")
    return registry.create_address(grid, building, "room", "502室", is_leaf=True, housing_type="rental")


def test_address_full_text_follows_the_tree(registry: RegistryService, store: Store) -> None:
    room = _room(registry)
    with store.read() as conn:
        text = conn.execute(select(t.standard_address.c.full_text).where(t.standard_address.c.id == room)).scalar()
    assert text == "学府路18号3幢502室"


def test_register_person_writes_resident_household_registration_and_outbox(
    registry: RegistryService, store: Store
) -> None:
    room = _room(registry)
    saved = registry.register_person(
        ResidentInput(id_number=_valid_id("34122119900101123"), name="张 伟", phone="138 1234 5678",
                      arrival_date=date(2024, 3, 1)),
        room, today=date(2026, 11, 29),
    )
    with store.read() as conn:
        resident = conn.execute(select(t.resident)).mappings().one()
        registration = conn.execute(select(t.residence_registration)).mappings().one()
        household = conn.execute(select(t.household)).mappings().one()
        queued = conn.execute(select(func.count()).select_from(t.outbox).where(
            t.outbox.c.record_id.in_([saved.resident_id, saved.registration_id, saved.household_id]))).scalar()
    assert resident["name"] == "张伟" and resident["name_initials"] == "zw"
    assert resident["phone"] == "13812345678"
    assert resident["birth_date"] == "1990-01-01" and resident["sex"] == "1"
    assert registration["address_id"] == room and registration["status"] == "living"
    assert household["head_resident_id"] == saved.resident_id
    assert queued == 3


def test_invalid_person_writes_nothing(registry: RegistryService, store: Store) -> None:
    room = _room(registry)
    with store.read() as conn:
        before = conn.execute(select(func.count()).select_from(t.outbox)).scalar()
    bad = _valid_id("34122119900101123")[:-1] + ("0" if not _valid_id("34122119900101123").endswith("0") else "1")
    with pytest.raises(Invalid) as info:
        registry.register_person(ResidentInput(id_number=bad, name="李四"), room)
    assert any(p.field == "id_number" and p.key == "id_number.checksum" for p in info.value.problems)  # type: ignore[attr-defined]
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.resident)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(t.outbox)).scalar() == before
