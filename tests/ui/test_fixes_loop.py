"""The rental round's reject loop through the real widgets: a 需整改 check reaches the grid officer's
rectification list with its reason, and "fixed" sends it back to the verifier as a re-check."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services.rental_round import RentalRoundService
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import Place


def test_needs_fix_goes_to_the_officer_and_back_to_the_verifier(
    qtbot: QtBot, window: MainWindow, store: Store, place: Place
) -> None:
    with store.read() as conn:
        unit = conn.execute(select(t.rental_unit.c.id).where(t.rental_unit.c.address_id == place.rooms["101室"])
                            ).scalar_one()
    verifier = RentalRoundService(store, "pa1")
    check_id = verifier.record_check(unit, "needs_fix", landlord_ok=True, tenants_ok=True, lease_ok=True,
                                     pledge_ok=False, safety={"fire_exit": True}, items=["pledge"],
                                     reason="治安责任书未签")

    dialog = window.officer_day.open_fixes()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "101室" in dialog.table.item(0, 0).text()
    assert dialog.table.item(0, 2).text() == "治安责任书未签"
    assert "1" in dialog.summary.text()

    dialog.table.selectRow(0)
    dialog.note.setText("已补签")
    with qtbot.waitSignal(dialog.fixed, timeout=10000) as fixed:
        qtbot.mouseClick(dialog.fixed_button, Qt.MouseButton.LeftButton)
    assert fixed.args == [check_id]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    assert verifier.open_fixes() == []
    with store.read() as conn:
        status, note = conn.execute(select(t.rental_check.c.status, t.rental_check.c.fix_note)
                                    .where(t.rental_check.c.id == check_id)).one()
    assert (status, note) == ("fixed", "已补签")  # back with the verifier as a re-check
    dialog.close()
