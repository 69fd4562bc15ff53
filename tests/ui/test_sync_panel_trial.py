"""Findings of the sync panel's user trial, against a real central on 127.0.0.1 and real widgets
offscreen: the needs-attention list says in Chinese what the record is and why central refused it;
a run with refusals is not plain 成功; the address tree fills after the first sync of a new profile;
a wrong password says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from central.embedded import start_embedded
from desktop.errors import SyncError, SyncErrorKind
from desktop.services.sync_service import WrongCredentials
from desktop.store.db import Store, open_store
from desktop.store.records import write_record
from desktop.sync.protocol import API_PREFIX
from desktop.ui.errors import PROBLEM_TEXTS, error_text, sync_reason_text
from desktop.ui.main_window import build_main_window
from tests.sync.support import PASSWORD, add_test_users, new_id, signed_in
from tests.ui.conftest import Place, valid_id

SHOTS = Path(os.environ.get("DOORSTEP_SHOT_DIR", "/tmp"))


def test_every_reason_central_sends_reads_as_chinese(zh: None) -> None:
    keys = ["missing_parent:address_id", "missing_field:name", "null_field:resident_id", "unknown_field:colour",
            "invalid_value:birth_date", "text.invalid:name", "text.invalid", "scope.forbidden",
            "entity_mismatch:resident", "not_found", "audit.immutable", "forbidden:resolve", "unknown_entity",
            "id_type.invalid", "reason.invalid", "birth_date.invalid", "arrival_date.invalid",
            *[k for k in PROBLEM_TEXTS if k.startswith(("id_number.", "resident.", "phone.", "code."))]]
    for key in keys:
        text = sync_reason_text(key)
        assert text != key and "{" not in text and "_" not in text, (key, text)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (key, text)
    assert sync_reason_text("missing_parent:address_id").startswith("中心服务器上没有它所指的地址")
    assert "姓名" in sync_reason_text("missing_field:name")
    assert "人员" in sync_reason_text("entity_mismatch:resident")
    assert sync_reason_text("id_number.checksum") == "身份证号码校验码错误。请改正该记录，然后重新发送。"
    assert sync_reason_text("unknown_field:colour").count("colour") == 1  # unknown field names as they are
    assert sync_reason_text("brand_new.reason:x") == "brand_new.reason:x"  # unknown keys as they are


def _registration_on_an_unsent_address(store: Store, place: Place) -> str:
    """A person living at 101 also registered at a new room in a grid central does not have: central
    refuses the room (``missing_parent:grid_id``), so that registration's address is missing there too."""
    room, resident, registration = new_id(), new_id(), new_id()
    with store.write() as conn:
        write_record(conn, "standard_address", room, {
            "grid_id": new_id(), "parent_id": place.building, "level": "room", "name": "301室",
            "full_text": "天童南路188号3幢301室", "is_leaf": True}, user="officer1", device_id=store.device_id)
        write_record(conn, "resident", resident, {"name": "张三", "id_number": valid_id("33021219900307123")},
                     user="officer1", device_id=store.device_id)
        write_record(conn, "residence_registration", new_id(), {"resident_id": resident,
                     "address_id": place.rooms["101室"]}, user="officer1", device_id=store.device_id)
        write_record(conn, "residence_registration", registration, {"resident_id": resident, "address_id": room},
                     user="officer1", device_id=store.device_id)
    return registration


def test_needs_attention_says_what_and_why_and_the_journal_counts_refusals(
        qtbot: QtBot, store: Store, place: Place, zh: None, tmp_path: Path) -> None:
    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        add_test_users(server.db_url)
        service = signed_in(store, server.url, "officer1")
        service.sync()
        registration = _registration_on_an_unsent_address(store, place)
        assert service.sync().rejected == 2
        room, item = service.needs_attention()  # the service labels each record from the local store
        assert (room["entity"], room["label"], room["reasons"]) == (
            "standard_address", "天童南路188号3幢301室", ["missing_parent:grid_id"])
        assert item["record_id"] == registration
        number = valid_id("33021219900307123")
        assert item["label"] == f"张三 {number[:4]}{'*' * 10}{number[-4:]} · 天童南路188号3幢301室"

        win = build_main_window(store, "officer1", server.url)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        panel = win.sync_panel
        qtbot.waitUntil(lambda: not win.runner.is_busy() and panel.attention.rowCount() == 2)
        assert panel.attention.item(0, 1).text() == "标准地址：天童南路188号3幢301室"
        assert panel.attention.item(0, 2).text().startswith("中心服务器上没有它所指的网格")
        assert panel.attention.item(1, 1).text() == "居住登记：" + item["label"]
        reason = panel.attention.item(1, 2).text()
        assert reason.startswith("中心服务器上没有它所指的地址") and "重新发送" in reason
        assert panel.attention.item(1, 2).toolTip() == "missing_parent:address_id"
        assert panel.journal.horizontalHeaderItem(5).text() == "拒收"
        assert panel.journal.item(0, 7).text() == "完成（拒收 2 条）"  # not plain 成功
        assert panel.journal.item(1, 7).text() == "成功"
        win.tabs.setCurrentWidget(panel)
        panel.tabs.setCurrentIndex(1)
        qtbot.waitExposed(panel.attention)
        panel.grab().save(str(SHOTS / "sync_attention.png"))
        panel.tabs.setCurrentIndex(0)
        panel.grab().save(str(SHOTS / "sync_journal.png"))
        win.close()


def test_first_sync_of_a_new_profile_fills_the_address_tree(
        qtbot: QtBot, store: Store, place: Place, zh: None, tmp_path: Path) -> None:
    fresh = open_store(tmp_path / "new-profile.db")
    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        add_test_users(server.db_url)
        signed_in(store, server.url, "officer1").sync()  # central holds the district
        signed_in(fresh, server.url, "supervisor1")
        win = build_main_window(fresh, "supervisor1", server.url)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: not win.runner.is_busy())
        assert win.tree.tree_model.rowCount() == 0
        with qtbot.waitSignal(win.sync_finished, timeout=30000) as blocker:
            win.start_sync()
        assert blocker.args[0].pulled > 0
        assert win.tree.tree_model.item(0).text() == "钟公庙街道"  # no restart needed
        win.tree.expand_path(["钟公庙街道", "金山社区", "金山第一网格"])
        with qtbot.waitSignal(win.sync_finished, timeout=30000):  # a later sync keeps what is open
            win.start_sync()
        assert win.tree.isExpanded(win.tree.index_of(place.grid))
        # a review: a page opened from the task list or a plate (not the tree) stayed open only until a sync
        # that received rows reloaded the tree
        room = place.rooms["102室"]
        win.tree.expand_path(["钟公庙街道", "金山社区", "金山第一网格", "天童南路", "188号"])
        assert win.tree.select_node(place.building)  # the tree's current node is the building …
        qtbot.waitUntil(lambda: win.page.page is not None and win.page.page.id == place.building)
        win.show_address(room)  # … while the page shows a room opened elsewhere
        with store.write() as conn:  # another officer's change, so the next sync receives rows
            write_record(conn, "standard_address", room, {"housing_type": "dormitory"}, user="officer1",
                         device_id=store.device_id)
        signed_in(store, server.url, "officer1").sync()
        with qtbot.waitSignal(win.sync_finished, timeout=30000) as blocker:
            win.start_sync()
        assert blocker.args[0].pulled > 0
        assert win.page.page is not None and win.page.page.id == room
        win.close()
    fresh.close()


def test_a_wrong_password_says_so_and_a_revoked_device_keeps_its_message(
        qtbot: QtBot, store: Store, zh: None, tmp_path: Path) -> None:
    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        add_test_users(server.db_url)
        win = build_main_window(store, "officer1", server.url)
        qtbot.addWidget(win)
        win.show()
        panel = win.sync_panel
        qtbot.waitUntil(lambda: not win.runner.is_busy())
        panel.sign_in("officer1", "not-the-password")
        qtbot.waitUntil(lambda: panel.findChild(QMessageBox, "errorBox") is not None)
        box = panel.findChild(QMessageBox, "errorBox")
        assert box.text() == "用户名或密码不正确，请检查后重新登录。"
        box.grab().save(str(SHOTS / "sync_wrong_password.png"))
        box.close()
        win.close()

        service = signed_in(store, server.url, "officer1")
        sup = requests.post(f"{server.url}{API_PREFIX}/auth/login", timeout=30, json={
            "username": "supervisor1", "password": PASSWORD, "device_id": "dev-sup"}).json()["access_token"]
        assert requests.post(f"{server.url}{API_PREFIX}/devices/{store.device_id}/revoke", timeout=30,
                             headers={"Authorization": f"Bearer {sup}"}).status_code == 200
        with pytest.raises(SyncError) as err:  # a revoked device is not a wrong password
            service.login("officer1", PASSWORD)
        assert err.value.kind is SyncErrorKind.AUTH and not isinstance(err.value, WrongCredentials)
        assert error_text(err.value) == "中心服务器未接受您的登录，请重新登录。"
        with pytest.raises(SyncError) as err:  # the revoked token during a sync: same message
            service.sync()
        assert error_text(err.value) == "中心服务器未接受您的登录，请重新登录。"
