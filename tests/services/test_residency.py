"""Moves keep history in one transaction; households move whole; heads change; tenants follow rooms."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import AlreadyLivingHere, NotAMember
from desktop.services.residency import ResidencyService
from desktop.store import tables as t
from desktop.store.db import Store
from tests.services.officer_place import build, person, register

DAY = date(2025, 7, 1)


def _registrations(store: Store, resident_id: str) -> list[dict[str, object]]:
    reg = t.residence_registration
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(reg).where(reg.c.resident_id == resident_id)
                                               .order_by(reg.c.registered_date)).mappings()]


def test_move_closes_the_old_registration_and_opens_a_new_one(store: Store) -> None:
    place = build(store)
    saved = register(store, person("张伟", "41052319900307123"), place.other_room)
    with store.read() as conn:
        outbox_before = conn.execute(select(t.outbox.c.mutation_no)).all()
    move = ResidencyService(store, "officer1").move_resident(
        saved.resident_id, place.rooms["201室"], moved_date=DAY, reason="搬至天童南路")
    rows = _registrations(store, saved.resident_id)
    assert len(rows) == 2
    old, new = rows
    assert (old["status"], old["moved_out_date"], old["moved_out_reason"]) == ("left", "2025-07-01", "搬至天童南路")
    assert (new["status"], new["address_id"], new["registered_date"]) == ("living", place.rooms["201室"], "2025-07-01")
    assert new["relationship"] == "02" and move.closed_registration_ids == (old["id"],)
    with store.read() as conn:
        queued = conn.execute(select(t.outbox.c.entity, t.outbox.c.fields)).all()[len(outbox_before):]
        old_household = conn.execute(select(t.household.c.head_resident_id)
                                     .where(t.household.c.id == saved.household_id)).scalar()
    assert [e for e, _ in queued] == ["residence_registration", "household", "household", "residence_registration"]
    assert json.loads(queued[0][1])["status"] == "left"
    assert old_household is None  # the head left: the family names a new head
    with pytest.raises(AlreadyLivingHere):
        ResidencyService(store, "officer1").move_resident(saved.resident_id, place.rooms["201室"])


def test_move_whole_household_keeps_relationships(store: Store) -> None:
    place = build(store)
    head = register(store, person("张伟", "41052319900307123"), place.other_room)
    spouse = register(store, person("李娜", "41052319910101222"), place.other_room,
                      household_id=head.household_id, relationship="10")
    moved = ResidencyService(store, "officer1").move_household(str(head.household_id), place.rooms["202室"],
                                                               moved_date=DAY)
    assert len(moved.moves) == 2
    with store.read() as conn:
        hh = conn.execute(select(t.household).where(t.household.c.id == moved.household_id)).mappings().one()
    assert hh["address_id"] == place.rooms["202室"] and hh["head_resident_id"] == head.resident_id
    living = {r["resident_id"]: r["relationship"] for rid in (head.resident_id, spouse.resident_id)
              for r in _registrations(store, rid) if r["status"] == "living"}
    assert living == {head.resident_id: "02", spouse.resident_id: "10"}
    assert ResidencyService(store, "u").tenants_at(place.other_room) == []


def test_change_head(store: Store) -> None:
    place = build(store)
    head = register(store, person("张伟", "41052319900307123"), place.rooms["101室"])
    spouse = register(store, person("李娜", "41052319910101222"), place.rooms["101室"],
                      household_id=head.household_id, relationship="10")
    outsider = register(store, person("王芳", "41052319900307224"), place.rooms["102室"])
    service = ResidencyService(store, "officer1")
    service.change_head(str(head.household_id), spouse.resident_id, old_head_relationship="10")
    living = {r["resident_id"]: r["relationship"] for rid in (head.resident_id, spouse.resident_id)
              for r in _registrations(store, rid)}
    assert living == {head.resident_id: "10", spouse.resident_id: "02"}
    with pytest.raises(NotAMember):
        service.change_head(str(head.household_id), outsider.resident_id)


def test_tenants_of_a_rental_unit_come_from_its_rooms(store: Store) -> None:
    place = build(store)
    from desktop.services.registry import RegistryService

    unit = RegistryService(store, "o").save_rental_unit(place.building, {"landlord_name": "王建国"})
    for i, room in enumerate(("101室", "102室", "201室")):
        register(store, person(f"租户{i}", f"41052319900310{i}12"), place.rooms[room])
    register(store, person("别处", "41052319900307999"), place.other_room)
    tenants = ResidencyService(store, "o").tenants_of_rental_unit(unit)
    assert sorted(x.name for x in tenants) == ["租户0", "租户1", "租户2"]
