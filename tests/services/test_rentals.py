"""Rental units saved with landlord, safety and hazard; occupants come from registrations; 群租 warning."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop.domain.codes import RentalStatus, RentalUse
from desktop.domain.rental import HazardLevel, LandlordType, RentalInput, SafetyItem
from desktop.errors import Invalid
from desktop.services.rentals import RentalService
from desktop.store import tables as t
from desktop.store.db import Store
from tests.services.officer_place import build, person, register, valid_id

TODAY = date(2025, 6, 1)


def _unit(limit: int) -> RentalInput:
    return RentalInput(landlord_type=LandlordType.PERSON, landlord_name="王建国",
                       landlord_id_number=valid_id("33021219700101001"), landlord_phone="13805740001",
                       use=RentalUse.RESIDENTIAL, area_m2=85.5, rooms_let=4, occupancy_limit=limit,
                       lease_start=date(2025, 1, 1), lease_end=date(2025, 12, 31), rent=3200,
                       pledge_signed_date=date(2025, 1, 2),
                       safety={SafetyItem.FIRE_EXIT: True, SafetyItem.EXTINGUISHER: True,
                               SafetyItem.EBIKE_INDOOR_CHARGING: False, SafetyItem.THREE_IN_ONE: False},
                       hazard_level=HazardLevel.NONE, status=RentalStatus.LET)


def test_save_and_load_round_trip(store: Store) -> None:
    place = build(store)
    service = RentalService(store, "officer1")
    saved = service.save(place.building, _unit(6), today=TODAY)
    assert saved.problems == ()
    record = service.load(place.building)
    assert record.id == saved.rental_unit_id and record.input == _unit(6)
    with store.read() as conn:
        row = conn.execute(select(t.rental_unit)).mappings().one()
        queued = conn.execute(select(t.outbox.c.entity).where(t.outbox.c.record_id == row["id"])).all()
    assert json.loads(row["safety"])["fire_exit"] is True and row["hazard_level"] == "none"
    assert len(queued) == 1
    service.save(place.building, _unit(6), saved.rental_unit_id, today=TODAY)  # unchanged: nothing queued
    with store.read() as conn:
        assert len(conn.execute(select(t.outbox.c.entity).where(t.outbox.c.record_id == row["id"])).all()) == 1


def test_over_occupied_unit_warns(store: Store) -> None:
    place = build(store)
    service = RentalService(store, "officer1")
    for i, room in enumerate(("101室", "102室", "201室")):
        register(store, person(f"租户{i}", f"41052319900310{i}12"), place.rooms[room])
    saved = service.save(place.building, _unit(2), today=TODAY)
    assert [(p.key, dict(p.params)) for p in saved.problems] == [
        ("rental.over_limit", {"occupants": 3, "limit": 2})]
    record = service.load(place.building)
    assert record.occupants == 3 and record.over_limit


def test_errors_block_the_save(store: Store) -> None:
    place = build(store)
    bad = _unit(4)
    bad.landlord_name = ""
    with pytest.raises(Invalid):
        RentalService(store, "officer1").save(place.building, bad, today=TODAY)
    with store.read() as conn:
        assert conn.execute(select(t.rental_unit)).first() is None
