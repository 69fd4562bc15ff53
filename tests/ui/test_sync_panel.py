"""The sync panel offscreen (issue 3 §9): pending count, journal with receipts, needs attention
with the server's reason, and a supervisor resolving a conflict side by side — against a real
central on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from central import models
from central.db import make_engine
from central.embedded import start_embedded
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from desktop.store.records import write_record
from desktop.ui.main_window import build_main_window
from tests.sync.support import add_test_users, new_id, signed_in
from tests.ui.conftest import Place

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _rename(store: Store, building: str, name: str, user: str) -> None:
    """Rename a building (a standard address in officer1's own grid; officers may not rename areas)."""
    with store.write() as conn:
        write_record(conn, "standard_address", building, {"name": name}, user=user, device_id=store.device_id)


def test_sync_panel_shows_pending_journal_attention_and_resolves_a_conflict(
        qtbot: QtBot, store: Store, place: Place, zh: None, tmp_path: Path) -> None:
    store_b = open_store(tmp_path / "b.db")
    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        add_test_users(server.db_url)
        a = signed_in(store, server.url, "officer1")
        a.sync()
        b = signed_in(store_b, server.url, "supervisor1")
        b.sync()
        _rename(store, place.building, "金山一幢", "officer1")
        _rename(store_b, place.building, "金山第1幢", "supervisor1")
        with store_b.write() as conn:  # refused by central: its address does not exist
            write_record(conn, "household", new_id(), {"address_id": new_id()}, user="supervisor1",
                         device_id=store_b.device_id)
        a.sync()
        assert b.sync().conflict == 1

        win = build_main_window(store_b, "supervisor1", server.url)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        panel = win.sync_panel
        qtbot.waitUntil(lambda: not win.runner.is_busy() and panel.journal.rowCount() >= 2)
        assert panel.pending.text() == "待发送：0"
        assert panel.user.text() == "已登录：supervisor1"
        assert panel.journal.item(0, 5).text() == "1"  # the last run: one rejected
        assert panel.attention.rowCount() == 1
        assert panel.attention.item(0, 2).text().startswith("中心服务器上没有它所指的地址")
        assert panel.attention.item(0, 2).toolTip() == "missing_parent:address_id"
        assert panel.tabs.tabText(1) == "需处理 (1)" and panel.tabs.tabText(2) == "冲突 (1)"
        assert panel.conflicts.count() == 1 and panel.resolve_button.isEnabled()

        dialog = panel.open_resolve()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        left, right, mine, theirs = dialog.choices["name"]
        assert (mine, theirs) == ("金山第1幢", "金山一幢")
        assert "officer1" in right.text() and "本设备" in left.text()
        if os.environ.get("DOORSTEP_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SCREENSHOTS / "sync_conflict.png"))
            win.grab().save(str(SCREENSHOTS / "sync_panel.png"))
        left.setChecked(True)
        with qtbot.waitSignal(win.sync_finished, timeout=30000) as blocker:
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        assert not isinstance(blocker.args[0], BaseException)
        qtbot.waitUntil(lambda: not win.runner.is_busy() and panel.conflicts.count() == 0)
        assert panel.tabs.tabText(2) == "冲突 (0)"
        a.sync()
        with store.read() as conn:
            sa = t.standard_address
            assert conn.execute(select(sa.c.name).where(sa.c.id == place.building)).scalar_one() == "金山第1幢"
        engine = make_engine(server.db_url)
        with engine.connect() as conn:
            assert conn.execute(select(models.conflict.c.resolved_by)).scalar_one() == "supervisor1"
        engine.dispose()
        win.close()
    store_b.close()
