"""Moves from the address page through the real widgets and a real store (issue 4, item 5).

搬离: the person leaves, the registration stays as history, the page updates; 整户迁移: the room is
found by an address search, both addresses update; 变更户主: the new head is shown as 户主.
Search before create with central configured but signed out says "未登录：仅本机数据".
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.browse import BrowseService
from desktop.services.residency import ResidencyService
from desktop.store.db import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.resident_form import ResidentDialog
from tests.ui.conftest import ROOM_PATH, Place, valid_id
from tests.ui.test_officer_day import _open, _register

SHOTS = Path(os.environ.get("DOORSTEP_SHOTS_DIR", "")) if os.environ.get("DOORSTEP_SHOTS_DIR") else None
DAY = date(2025, 7, 1)


def _shoot(widget: object, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def _family(window: MainWindow, qtbot: QtBot) -> None:
    _open(window, qtbot, ROOM_PATH)
    _register(window, qtbot, "张伟", "41052319900307123")
    _register(window, qtbot, "李娜", "41052319910101222", household=1, relationship="10")


def _select(window: MainWindow, name: str) -> None:
    window.page.table.selectRow(window.page.member_names().index(name))


def test_move_out_keeps_history_and_updates_the_page(window: MainWindow, qtbot: QtBot, store: Store) -> None:
    _family(window, qtbot)
    officer = window.officer_day
    assert officer is not None and window.page.move_out_button.isEnabled()
    officer.today = DAY
    _select(window, "李娜")
    qtbot.mouseClick(window.page.move_out_button, Qt.MouseButton.LeftButton)
    dialog = officer.move_dialog
    assert dialog is not None and dialog.windowTitle() == "搬离"
    qtbot.waitExposed(dialog)
    dialog.date_edit.setText("2025-13-01")
    assert not dialog.ok_button.isEnabled()  # an impossible date cannot be confirmed
    dialog.date_edit.setText("2025-07-01")
    dialog.reason.setEditText("回老家")
    _shoot(dialog, "move_out_dialog")
    with qtbot.waitSignal(officer.moved, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page.member_names() == ["张伟"])
    page = window.page.page
    assert page is not None and page.resident_count == 1
    li = next(r for r in ResidencyService(store, "officer1").history(_resident(store, "李娜")))
    assert (li["status"], li["moved_out_date"], li["moved_out_reason"]) == ("left", "2025-07-01", "回老家")


def test_move_household_updates_both_addresses(window: MainWindow, qtbot: QtBot, store: Store,
                                               place: Place) -> None:
    _family(window, qtbot)
    officer = window.officer_day
    assert officer is not None
    officer.today = DAY
    dialog = officer.open_move_household()
    assert dialog is not None and dialog.windowTitle() == "整户迁移"
    qtbot.waitExposed(dialog)
    assert not dialog.ok_button.isEnabled()  # no room chosen yet
    dialog.search.setText("3幢1001")
    dialog.search_now()
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    assert dialog.target_text().endswith("3幢1001室") and dialog.ok_button.isEnabled()
    _shoot(dialog, "move_household_dialog")
    with qtbot.waitSignal(officer.moved, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page.member_names() == [])
    browse = BrowseService(store)
    old, new = browse.address_page(place.rooms["101室"]), browse.address_page(place.rooms["1001室"])
    assert old is not None and new is not None and old.resident_count == 0
    assert sorted(m.name for h in new.households for m in h.members) == ["张伟", "李娜"]
    assert {m.name: m.relationship for h in new.households for m in h.members} == {"张伟": "02", "李娜": "10"}
    officer.open_address(place.rooms["1001室"])
    qtbot.waitUntil(lambda: sorted(window.page.member_names()) == ["张伟", "李娜"])


def test_change_head(window: MainWindow, qtbot: QtBot) -> None:
    _family(window, qtbot)
    officer = window.officer_day
    assert officer is not None
    _select(window, "李娜")
    officer.change_head_action.trigger()
    dialog = officer.move_dialog
    assert dialog is not None and dialog.windowTitle() == "变更户主"
    qtbot.waitExposed(dialog)
    assert dialog.new_head.currentText() == "李娜"
    dialog.old_relationship.setCurrentIndex(dialog.old_relationship.findData("10"))
    _shoot(dialog, "change_head_dialog")
    with qtbot.waitSignal(officer.moved, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page.table.item(window.page.member_names().index("李娜"), 2).text() == "户主")
    page = window.page.page
    assert page is not None and page.households[0].head_resident_id == _member_id(window, "李娜")
    assert {m.name: m.relationship for m in page.households[0].members} == {"张伟": "10", "李娜": "02"}
    _shoot(window, "address_page_after_change_head")


def test_search_before_create_says_central_was_not_asked(window: MainWindow, qtbot: QtBot) -> None:
    _open(window, qtbot, ROOM_PATH)
    dialog = window.open_resident_dialog()
    assert isinstance(dialog, ResidentDialog) and dialog.match_panel is not None
    qtbot.waitExposed(dialog)
    dialog.name.setText("张伟")
    dialog.id_number.setText(valid_id("41052319900307123"))
    dialog.search_now()
    qtbot.waitUntil(lambda: dialog.match_panel.central_note_text() == "未登录：仅本机数据")
    _shoot(dialog, "search_signed_out")
    dialog.reject()


def _member_id(window: MainWindow, name: str) -> str:
    page = window.page.page
    assert page is not None
    return next(m.resident_id for h in page.households for m in h.members if m.name == name)


def _resident(store: Store, name: str) -> str:
    from sqlalchemy import select

    from desktop.store import tables as t

    with store.read() as conn:
        return str(conn.execute(select(t.resident.c.id).where(t.resident.c.name == name)).scalar_one())
