"""Issue 7 in the GUI: unlock and first-run setup, auto-lock keeping a half-typed form, masked lists,
an audited reveal seen in the audit view, menus by role. Real encrypted store, real widgets offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services import privacy
from desktop.services.registry import RegistryService
from desktop.store.db import Store, set_state
from desktop.ui.lock import AutoLock, PassphraseSetupDialog, UnlockDialog
from desktop.ui.main_window import MainWindow, build_main_window
from desktop.ui.residents_view import ID_ROLE
from tests.ui.conftest import ROOM_PATH, Place, build_place, valid_id

PASSPHRASE = "梅雨季节 walk the dog 2024"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(widget: object, name: str) -> None:
    if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SCREENSHOTS / name))  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "KDF_DEFAULTS", {"time_cost": 1, "memory_cost": 8192, "parallelism": 1})


class Clock:
    """A monotonic clock the test moves by hand (no timed assertions)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def encrypted(tmp_path: Path) -> Iterator[tuple[Path, Store, Place]]:
    profile = tmp_path / "profile"
    store = privacy.setup_profile(profile, PASSPHRASE, user="officer1")
    place = build_place(store)
    yield profile, store, place
    store.close()


@pytest.fixture
def secure_window(qtbot: QtBot, encrypted: tuple[Path, Store, Place], zh: None) -> Iterator[MainWindow]:
    _profile, store, _place = encrypted
    win = build_main_window(store, "officer1", "http://127.0.0.1:9")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.is_busy())
    yield win
    win.close()


def _open_room(window: MainWindow, qtbot: QtBot) -> None:
    index = window.tree.expand_path(ROOM_PATH)
    window.tree.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.page.register_button.isEnabled())


def test_auto_lock_and_unlock_keep_the_half_typed_form(secure_window: MainWindow, qtbot: QtBot,
                                                       encrypted: tuple[Path, Store, Place]) -> None:
    profile, store, _place = encrypted
    clock = Clock()
    auto = AutoLock(secure_window, store, profile, "officer1", minutes=10, clock=clock)
    _open_room(secure_window, qtbot)
    dialog = secure_window.open_resident_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.name.setText("张伟")
    qtbot.keyClicks(dialog.phone, "13812345678")

    clock.now += 9 * 60
    auto.check_idle()
    assert not auto.is_locked
    QApplication.sendEvent(dialog.phone, __import__("PySide6.QtGui", fromlist=["QKeyEvent"]).QKeyEvent(
        __import__("PySide6.QtCore", fromlist=["QEvent"]).QEvent.Type.KeyPress, Qt.Key.Key_Shift,
        Qt.KeyboardModifier.NoModifier))  # input restarts the idle time
    clock.now += 9 * 60
    auto.check_idle()
    assert not auto.is_locked
    clock.now += 61
    with qtbot.waitSignal(auto.locked):
        auto.check_idle()
    assert auto.is_locked and auto.overlay.isVisible() and not dialog.isVisible()
    assert auto.overlay.geometry() == secure_window.rect()
    qtbot.waitUntil(lambda: not secure_window.runner.is_busy())
    _shot(secure_window, "lock_overlay.png")

    # while locked, typing into the window below the overlay does nothing
    qtbot.keyClicks(secure_window.residents.search, "abc")
    assert secure_window.residents.search.text() == ""

    auto.overlay.field.setText("not the passphrase")
    qtbot.mouseClick(auto.overlay.button, Qt.MouseButton.LeftButton)
    assert auto.is_locked and "口令不正确" in auto.overlay.message.text()

    auto.overlay.field.setText(PASSPHRASE)
    with qtbot.waitSignal(auto.unlocked):
        qtbot.mouseClick(auto.overlay.button, Qt.MouseButton.LeftButton)
    assert not auto.overlay.isVisible() and dialog.isVisible()
    assert dialog.name.text() == "张伟" and dialog.phone.text() == "13812345678"
    qtbot.waitUntil(lambda: not secure_window.runner.is_busy())
    with store.read() as conn:
        actions = [r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_event ORDER BY at")]
    assert actions == ["update", "lock", "unlock_failed"]
    dialog.close()


def test_lists_are_masked_and_a_reveal_shows_up_in_the_audit_view(secure_window: MainWindow, qtbot: QtBot,
                                                                  encrypted: tuple[Path, Store, Place]) -> None:
    _profile, store, place = encrypted
    number = valid_id("41052319900307123")
    reg = RegistryService(store, "officer1")
    from desktop.domain.resident import ResidentInput

    saved = reg.register_person(ResidentInput(id_number=number, name="刘洋", phone="13912345678"),
                                place.rooms["102室"])
    with store.write() as conn:
        set_state(conn, "auth_role", "supervisor")
    secure_window.privacy_menu.refresh_role()
    secure_window.tabs.setCurrentWidget(secure_window.residents)
    secure_window.residents.refresh()
    model = secure_window.residents.model
    qtbot.waitUntil(lambda: "刘洋" in model.names())
    row = model.names().index("刘洋")
    assert model.index(row, 1).data() == number[:4] + "*" * 10 + number[-4:]
    assert model.index(row, 3).data() == "139****5678"
    rid = model.index(row, 0).data(ID_ROLE)

    secure_window.residents.view.setCurrentIndex(model.index(row, 0))
    secure_window.residents.reveal_action.trigger()
    qtbot.waitUntil(lambda: model.index(row, 1).data() == number)
    assert model.index(row, 3).data() == "13912345678"
    assert rid == getattr(saved, "resident_id", rid)

    dialog = secure_window.privacy_menu.open_audit()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    rows = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]
    reveal = next(r for r in rows if r[3] == "显示完整号码")
    assert reveal[1] == "officer1" and reveal[2] == "主管" and rid[:8] in reveal[4]
    assert reveal[4].startswith("人员 ") and reveal[5] == "身份证号, 电话"  # shown in Chinese, not codes
    setup = next(r for r in rows if r[3] == "修改")
    assert setup[4] == "本机数据" and setup[5] == "建立了加密的本机数据"
    assert not any(number in cell or "13912345678" in cell for r in rows for cell in r)
    dialog.resize(1100, 420)
    _shot(dialog, "audit_view.png")
    dialog.close()


def test_menus_follow_the_signed_in_role(secure_window: MainWindow, encrypted: tuple[Path, Store, Place]) -> None:
    _profile, store, _place = encrypted
    menu = secure_window.privacy_menu
    actions = {a.objectName(): a for a in secure_window.findChildren(type(menu.actions["auditAction"]))}
    expected = {
        "grid_officer": {"auditAction": False, "sampleAction": False, "verifyAction": False,
                         "importLedgerAction": True, "exportLedgerAction": False, "changePassphraseAction": True},
        "police_assistant": {"auditAction": False, "sampleAction": False, "verifyAction": True,
                             "importLedgerAction": False, "rentalAction": True},
        "supervisor": {"auditAction": True, "sampleAction": True, "retentionAction": True,
                       "exportLedgerAction": True, "lockMinutesAction": True},
    }
    for role, visible in expected.items():
        with store.write() as conn:
            set_state(conn, "auth_role", role)
        menu.refresh_role()
        assert {name: actions[name].isVisible() for name in visible} == visible, role


def test_unlock_dialog_says_wrong_passphrase_and_opens_with_the_right_one(
        qtbot: QtBot, encrypted: tuple[Path, Store, Place], zh: None) -> None:
    profile, store, _place = encrypted
    store.close()
    dialog = UnlockDialog(profile, "officer1")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("wrong one")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert "口令不正确" in dialog.message.text() and dialog.result() == 0 and dialog.field.text() == ""
    _shot(dialog, "unlock_dialog.png")
    dialog.field.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.store is not None
    with dialog.store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM area").scalar() == 3
    dialog.store.close()


def test_unlock_dialog_waits_out_the_delay_after_five_failures(qtbot: QtBot, tmp_path: Path, zh: None) -> None:
    profile = tmp_path / "p"
    privacy.setup_profile(profile, PASSPHRASE).close()
    dialog = UnlockDialog(profile)
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.field.setText("wrong")
        dialog.submit()
    assert not dialog.unlock_button.isEnabled()
    assert "30" in dialog.message.text() and "次数过多" in dialog.message.text()
    # a restarted app (a new dialog) still waits
    again = UnlockDialog(profile)
    qtbot.addWidget(again)
    assert not again.unlock_button.isEnabled()


def test_first_run_setup_checks_the_entries_and_creates_an_encrypted_store(qtbot: QtBot, tmp_path: Path,
                                                                          zh: None) -> None:
    profile = tmp_path / "new"
    dialog = PassphraseSetupDialog(profile, "officer1")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first.setText("password")
    dialog.second.setText("password")
    assert dialog.strength_label.text() == "非常弱"
    dialog.submit()
    assert "容易被猜到" in dialog.message.text() and dialog.store is None
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "x")
    dialog.submit()
    assert "不一致" in dialog.message.text()
    dialog.second.setText(PASSPHRASE)
    assert dialog.meter.value() >= 3
    _shot(dialog, "passphrase_setup.png")
    dialog.submit()
    assert dialog.store is not None and dialog.store.encrypted
    dialog.store.close()
    assert not privacy.profile_needs_setup(profile)
