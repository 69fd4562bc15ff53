"""Reminders: permits due in N days, suspended permits, leases, revisits, overdue registrations; grid filter; xlsx."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from desktop.domain.permit import PermitInput, add_years
from desktop.domain.rental import RentalInput
from desktop.services.permits import PermitService
from desktop.services.registry import new_id
from desktop.services.reminders import EXPORT_COLUMNS, ReminderKind, ReminderService, export_rows, write_xlsx
from desktop.services.rentals import RentalService
from desktop.store.db import Store
from desktop.store.records import write_record
from tests.services.officer_place import build, person, register, valid_id

TODAY = date(2025, 6, 1)


def _setup(store: Store) -> dict[str, str]:
    place = build(store)
    permits = PermitService(store, "officer1")
    due = register(store, person("张伟", "41052319900307123"), place.rooms["101室"])
    # issued so that the anniversary is 20 days from today
    issue = add_years(TODAY + timedelta(days=20), -1)
    permits.save(due.resident_id, PermitInput("330212P001", issue), today=TODAY)
    later = register(store, person("李娜", "41052319910101222"), place.rooms["102室"])
    permits.save(later.resident_id, PermitInput("330212P002", add_years(TODAY + timedelta(days=90), -1)),
                 today=TODAY)
    lapsed = register(store, person("王芳", "41052319900307224"), place.other_room)
    permits.save(lapsed.resident_id, PermitInput("330212P003", date(2023, 1, 10), [date(2023, 12, 20)]),
                 today=TODAY)
    RentalService(store, "o").save(place.rooms["201室"], RentalInput(
        landlord_name="王建国", landlord_id_number=valid_id("33021219700101001"),
        lease_start=date(2024, 6, 1), lease_end=TODAY + timedelta(days=10)), today=TODAY)
    resident = register(store, person("陈静", "51010119910101222"), place.rooms["202室"])
    with store.write() as conn:
        write_record(conn, "visit", new_id(), {"address_id": place.rooms["202室"], "visited_at": "2025-05-20T09:00",
                                               "outcome": "nobody_home", "revisit_due": "2025-06-05"},
                     user="o", device_id="d")
        write_record(conn, "visit", new_id(), {"address_id": place.other_room, "visited_at": "2025-05-20T09:00",
                                               "outcome": "nobody_home", "revisit_due": "2025-06-03"},
                     user="o", device_id="d")
        write_record(conn, "visit", new_id(), {"address_id": place.other_room, "visited_at": "2025-05-25T09:00",
                                               "outcome": "registered"}, user="o", device_id="d")
        write_record(conn, "residence_registration", new_id(), {
            "resident_id": resident.resident_id, "address_id": place.rooms["202室"], "declared_date": "2025-05-01",
            "registered_date": "", "status": "living"}, user="o", device_id="d")
    return {"grid": place.grid, "other_grid": place.other_grid}


def test_each_kind_and_the_horizon(store: Store) -> None:
    ids = _setup(store)
    found = ReminderService(store).reminders(TODAY)
    by_kind = {(r.kind, r.subject, r.days) for r in found}
    assert (ReminderKind.PERMIT_DUE, "张伟", 20) in by_kind
    assert not any(r.subject == "李娜" for r in found)  # due in 90 days: outside 30
    assert any(r.kind is ReminderKind.PERMIT_SUSPENDED and r.subject == "王芳" and r.days < 0 for r in found)
    assert (ReminderKind.LEASE_ENDING, "王建国", 10) in by_kind
    revisits = [r for r in found if r.kind is ReminderKind.REVISIT_DUE]
    assert [r.address_text[-4:] for r in revisits] == ["202室"]  # the later visit cleared the other
    overdue = [r for r in found if r.kind is ReminderKind.REGISTRATION_OVERDUE]
    assert [r.subject for r in overdue] == ["陈静"] and overdue[0].days == -21
    assert [r.days for r in found] == sorted(r.days for r in found)

    longer = ReminderService(store).reminders(TODAY, horizon_days=120)
    assert any(r.subject == "李娜" and r.kind is ReminderKind.PERMIT_DUE for r in longer)

    mine = ReminderService(store).reminders(TODAY, grid_id=ids["grid"])
    assert mine and all(r.grid_id == ids["grid"] and r.grid_name == "金山第一网格" for r in mine)
    theirs = ReminderService(store).reminders(TODAY, grid_id=ids["other_grid"])
    assert {r.subject for r in theirs} == {"王芳"}
    assert [g.name for g in ReminderService(store).grids()] == ["金山第一网格", "金山第二网格"]


def test_export_rows_and_xlsx(store: Store, tmp_path: Path) -> None:
    _setup(store)
    found = ReminderService(store).reminders(TODAY)
    rows = export_rows(found)
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    path = write_xlsx(tmp_path / "out" / "reminders.xlsx", ["类型", "到期", "天数", "网格", "地址", "对象", "说明"],
                      [list(r.values()) for r in rows])
    ws = load_workbook(path).active
    assert ws.cell(1, 1).value == "类型" and ws.max_row == len(rows) + 1
    assert ws.cell(2, 3).value == rows[0]["days"]
