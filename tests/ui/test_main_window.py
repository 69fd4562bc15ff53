"""The officer's main path: pick a room, register a person with live validation, see them listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store.db import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.resident_form import ResidentDialog
from tests.ui.conftest import ROOM_PATH, Place, valid_id, wrong_check_digit

FIRST17 = "41052319900307123"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _open_room(window: MainWindow, qtbot: QtBot) -> None:
    index = window.tree.expand_path(ROOM_PATH)
    assert index.isValid()
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.page.register_button.isEnabled())


def _fill_valid(dialog: ResidentDialog, qtbot: QtBot) -> None:
    dialog.name.setText("张伟")  # Chinese via setText: keyClicks aborts on non-ASCII
    qtbot.keyClicks(dialog.phone, "13812345678")
    dialog.hukou_address.setText("河南省汤阴县城关镇")
    dialog.employer_name.setText("宁波某某电子有限公司")
    qtbot.keyClicks(dialog.arrival_date, "2024-03-01")


def test_register_resident_with_live_validation(window: MainWindow, qtbot: QtBot, place: Place) -> None:
    _open_room(window, qtbot)
    assert window.page.title.text().endswith("3幢101室")
    assert "王建国" in window.page.rental.text()
    assert "出租房屋" in window.page.rental.text()

    dialog = window.open_resident_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    _fill_valid(dialog, qtbot)
    qtbot.keyClicks(dialog.id_number, wrong_check_digit(FIRST17))
    qtbot.waitUntil(lambda: "校验码" in dialog.problem_text_of("id_number"))
    note = dialog.problem_labels["id_number"]
    assert note.property("severity") == "error"
    assert not dialog.save_button.isEnabled()
    if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "resident_form.png"))

    dialog.id_number.clear()
    qtbot.keyClicks(dialog.id_number, valid_id(FIRST17))
    qtbot.waitUntil(lambda: dialog.problem_text_of("id_number") == "")
    assert dialog.sex.currentData() == "1"  # filled from the ID number
    assert dialog.birth_date.text() == "1990-03-07"
    assert dialog.save_button.isEnabled()

    with qtbot.waitSignal(dialog.resident_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "张伟" in window.page.member_names())
    assert window.page.table.item(0, 2).text() == "户主"
    qtbot.waitUntil(lambda: window.pending_label.text().startswith("待同步"))

    window.tabs.setCurrentWidget(window.residents)
    qtbot.waitUntil(lambda: "张伟" in window.residents.model.names())
    row = window.residents.model.names().index("张伟")
    assert window.residents.model.index(row, 4).data().endswith("3幢101室")
    if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
        window.tabs.setCurrentWidget(window.page)
        window.grab().save(str(SCREENSHOTS / "main_window.png"))


def test_invalid_save_keeps_the_typed_text(window: MainWindow, qtbot: QtBot) -> None:
    _open_room(window, qtbot)
    dialog = window.open_resident_dialog()
    assert dialog is not None
    dialog.name.setText("李娜")
    qtbot.keyClicks(dialog.id_number, wrong_check_digit(FIRST17))
    dialog.save()  # refused before any write: problems shown, nothing cleared
    assert "校验码" in dialog.problem_text_of("id_number")
    assert dialog.name.text() == "李娜"
    assert dialog.id_number.text() == wrong_check_digit(FIRST17)
    assert dialog.isVisible()


def test_warning_is_amber_and_does_not_block(window: MainWindow, qtbot: QtBot) -> None:
    _open_room(window, qtbot)
    dialog = window.open_resident_dialog()
    assert dialog is not None
    dialog.name.setText("赵六")
    qtbot.keyClicks(dialog.id_number, valid_id(FIRST17))
    dialog.sex.setCurrentIndex(dialog.sex.findData("2"))  # declared female, ID says male
    qtbot.waitUntil(lambda: "性别" in dialog.problem_text_of("sex"))
    assert dialog.problem_labels["sex"].property("severity") == "warning"
    assert dialog.save_button.isEnabled()


def test_add_child_address(window: MainWindow, qtbot: QtBot, place: Place) -> None:
    index = window.tree.expand_path(ROOM_PATH[:-1])
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.page.add_address_button.isEnabled())
    dialog = window.open_add_address()
    assert dialog is not None
    assert dialog.level.currentData() == "unit"
    dialog.level.setCurrentIndex(dialog.level.findData("room"))
    dialog.name.setText("301室")
    dialog.accept()
    qtbot.waitUntil(lambda: window.page.page is not None and window.page.page.full_text.endswith("3幢301室"))
    names = [window.tree.model().index(r, 0, window.tree.index_of(place.building)).data()
             for r in range(window.tree.model().rowCount(window.tree.index_of(place.building)))]
    assert names == ["101室", "102室", "201室", "301室", "1001室"]


def test_rates_panel_shows_no_data(window: MainWindow) -> None:
    for card in window.rates_panel.cards.values():
        assert card.value.text() == "暂无数据"
        assert card.status.property("status") == "no_data"
    titles = [card.title.text() for card in window.rates_panel.cards.values()]
    assert titles == ["居住登记率", "登记信息准确率", "居住出租房屋登记率"]


def test_sync_failure_is_reported_and_keeps_the_queue(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.sync_finished, timeout=15000):
        window.sync_action.trigger()
    assert window.sync_action.isEnabled()
    assert window.last_sync_label.text().startswith("同步失败")
    assert window.pending_label.text() != "待同步：0"


@pytest.mark.parametrize("language", ["zh_CN"])
def test_window_title_is_translated(window: MainWindow, language: str) -> None:
    assert "入户登记" in window.windowTitle()


def test_sync_with_central_clears_the_queue(qtbot: QtBot, store: Store, place: Place, zh: None,
                                            tmp_path: Path) -> None:
    from central.embedded import start_embedded
    from desktop.ui.main_window import build_main_window
    from tests.sync.support import add_test_users, signed_in

    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        add_test_users(server.db_url)
        signed_in(store, server.url)  # issue 3: sync needs a signed-in user
        win = build_main_window(store, "officer1", server.url)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: not win.runner.is_busy())
        assert win.pending_label.text() != "待同步：0 条"
        with qtbot.waitSignal(win.sync_finished, timeout=30000) as blocker:
            win.sync_action.trigger()
        assert not isinstance(blocker.args[0], BaseException), win.last_sync_label.text()
        qtbot.waitUntil(lambda: win.pending_label.text() == "待同步：0 条")
        assert win.last_sync_label.text().startswith("上次同步")
        win.close()
