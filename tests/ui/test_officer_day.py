"""The grid officer's day through the real widgets and a real store (issue 4, items 4–8).

Register a household of three; a person registered elsewhere gets the move offer instead of a
second record; an over-occupied rental unit shows the 群租 warning; a permit due in 20 days is in
Reminders; a plate code typed into the search box opens its address; a plate sheet prints to PDF
and a plate photo opens its address.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.domain.permit import PermitInput, add_years
from desktop.domain.resident import ResidentInput
from desktop.services.audit import list_events
from desktop.services.permits import PermitService
from desktop.services.plates import PlateService
from desktop.services.registry import RegistryService
from desktop.services.reminders import ReminderKind
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.resident_form import ResidentDialog
from tests.ui.conftest import ROOM_PATH, Place, valid_id

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOOT = os.environ.get("DOORSTEP_SCREENSHOTS") == "1"


def _open(window: MainWindow, qtbot: QtBot, path: list[str]) -> None:
    index = window.tree.expand_path(path)
    assert index.isValid()
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.page.page is not None and window.page.page.full_text.endswith(path[-1]))


def _register(window: MainWindow, qtbot: QtBot, name: str, first17: str, household: int = 0,
              relationship: str = "") -> None:
    dialog = window.open_resident_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.name.setText(name)
    qtbot.keyClicks(dialog.id_number, valid_id(first17))
    dialog.household.setCurrentIndex(household)
    if relationship:
        dialog.relationship.setCurrentIndex(dialog.relationship.findData(relationship))
    with qtbot.waitSignal(dialog.matches_shown, timeout=5000):
        dialog.search_now()
    assert dialog.match_panel is not None and not dialog.match_panel.blocks_create()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    with qtbot.waitSignal(dialog.resident_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: name in window.page.member_names())


def test_register_a_household_of_three(window: MainWindow, qtbot: QtBot) -> None:
    _open(window, qtbot, ROOM_PATH)
    _register(window, qtbot, "张伟", "41052319900307123")
    _register(window, qtbot, "李娜", "41052319910101222", household=1, relationship="10")
    _register(window, qtbot, "张小明", "41052320150601123", household=1, relationship="20")
    page = window.page.page
    assert page is not None and len(page.households) == 1
    members = {m.name: m.relationship for m in page.households[0].members}
    assert members == {"张伟": "02", "李娜": "10", "张小明": "20"}
    assert window.page.table.item(0, 2).text() == "户主"


def test_person_registered_elsewhere_is_offered_a_move(window: MainWindow, qtbot: QtBot, store: Store,
                                                       place: Place) -> None:
    first17 = "41052319900307123"
    RegistryService(store, "officer1").register_person(
        ResidentInput(id_number=valid_id(first17), name="张伟"), place.rooms["1001室"], today=date(2025, 1, 5))
    _open(window, qtbot, ROOM_PATH)
    dialog = window.open_resident_dialog()
    assert isinstance(dialog, ResidentDialog) and dialog.match_panel is not None
    dialog.name.setText("张伟")
    with qtbot.waitSignal(dialog.matches_shown, timeout=5000):
        qtbot.keyClicks(dialog.id_number, valid_id(first17))
    qtbot.waitUntil(lambda: "办理迁入" in dialog.match_panel.offer_text())
    assert "3幢1001室" in dialog.match_panel.offer_text()
    assert not dialog.save_button.isEnabled()
    if SHOOT:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "search_before_create.png"))
    dialog.save()  # even a forced save does not create a second record
    qtbot.waitUntil(lambda: dialog.match_panel.blocks_create() and not dialog._saving)
    with qtbot.waitSignal(dialog.resident_saved, timeout=5000):
        qtbot.mouseClick(dialog.match_panel.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "张伟" in window.page.member_names())
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.resident)).scalar() == 1
        regs = conn.execute(select(t.residence_registration.c.address_id, t.residence_registration.c.status)
                            .order_by(t.residence_registration.c.registered_date)).all()
    assert sorted((a, s) for a, s in regs) == sorted([(place.rooms["1001室"], "left"),
                                                       (place.rooms["101室"], "living")])


def test_over_occupied_rental_unit_shows_the_warning(window: MainWindow, qtbot: QtBot, store: Store,
                                                     place: Place) -> None:
    registry = RegistryService(store, "officer1")
    for i in range(5):
        registry.register_person(ResidentInput(id_number=valid_id(f"41052319900310{i}12"), name=f"租户{i}"),
                                 place.rooms["101室"])
    _open(window, qtbot, ROOM_PATH)
    assert window.officer_day is not None
    dialog = window.officer_day.open_rental_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.occupants.text() == "5" and dialog.landlord_name.text() == "王建国"
    qtbot.waitUntil(lambda: "群租" in dialog.over_limit_text())  # the fixture's limit is 4
    assert "5" in dialog.over_limit_text() and "4" in dialog.over_limit_text()
    dialog.occupancy_limit.setText("6")
    assert dialog.over_limit_text() == ""
    dialog.occupancy_limit.setText("3")
    dialog.landlord_document.setText(valid_id("33021219700101001"))
    assert "群租" in dialog.over_limit_text() and dialog.save_button.isEnabled()
    if SHOOT:
        dialog.grab().save(str(SCREENSHOTS / "rental_dialog.png"))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [p.key for p in saved.args[0].problems] == ["rental.over_limit"]


def test_permit_due_in_20_days_is_in_reminders(window: MainWindow, qtbot: QtBot, store: Store,
                                               place: Place, tmp_path: Path) -> None:
    saved = RegistryService(store, "officer1").register_person(
        ResidentInput(id_number=valid_id("41052319900307123"), name="张伟"), place.rooms["101室"])
    issue = add_years(date.today() + timedelta(days=20), -1)
    PermitService(store, "officer1").save(saved.resident_id, PermitInput("330212P001", issue))
    assert window.officer_day is not None
    view = window.officer_day.reminders
    with qtbot.waitSignal(view.loaded, timeout=5000):
        window.officer_day.reminders_action.trigger()
    assert window.tabs.currentWidget() is view
    assert view.subjects(ReminderKind.PERMIT_DUE) == ["张伟"]
    row = view.subjects().index("张伟")
    assert view.table.item(row, 0).text() == "居住证待签注" and view.table.item(row, 2).text() == "20"
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.grid.setCurrentIndex(view.grid.findText("金山第一网格"))
    assert "张伟" in view.subjects()
    if SHOOT:
        window.grab().save(str(SCREENSHOTS / "reminders.png"))
    out = view.export_to(tmp_path / "reminders.xlsx")
    assert out.exists()
    exported = [e for e in list_events(store, action="export") if e.entity == "reminders"]
    assert len(exported) == 1 and exported[0].count == len(view.reminders)  # exports are logged (issue 7)

    # the permit dialog shows the same standing
    _open(window, qtbot, ROOM_PATH)
    dialog = window.officer_day.open_permit_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.overview is not None)
    assert dialog.number.text() == "330212P001"
    assert dialog.state.property("state") == "in_window"


def test_plate_scan_print_and_photo(window: MainWindow, qtbot: QtBot, store: Store, place: Place,
                                    tmp_path: Path) -> None:
    plates = PlateService(store, "officer1")
    info = plates.write_plate_png(place.rooms["102室"], tmp_path / "plate.png",
                                  window.officer_day.plate_texts() if window.officer_day else None)  # type: ignore[arg-type]
    assert window.officer_day is not None
    window.tabs.setCurrentWidget(window.residents)
    with qtbot.waitSignal(window.officer_day.plate_opened, timeout=5000):
        qtbot.keyClicks(window.residents.search, "DS:" + info.code)  # what a USB scanner types
    assert window.tabs.currentWidget() is window.page
    assert window.page.page is not None and window.page.page.id == place.rooms["102室"]

    _open(window, qtbot, ROOM_PATH[:-1])  # the building
    with qtbot.waitSignal(window.officer_day.plates_printed, timeout=20000) as printed:
        window.officer_day.print_plates(tmp_path / "sheet.pdf")
    count, pages, path = printed.args[0]
    assert (count, pages) == (4, 1) and path.read_bytes().startswith(b"%PDF")

    with qtbot.waitSignal(window.officer_day.plate_opened, timeout=5000):
        window.officer_day.open_plate_photo(tmp_path / "plate.png")
    assert window.page.page is not None and window.page.page.id == place.rooms["102室"]
    if SHOOT:
        import shutil

        shutil.copy(tmp_path / "plate.png", SCREENSHOTS / "plate.png")
