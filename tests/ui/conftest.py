"""UI fixtures: a small store (town → community → grid → road → door → building → rooms), the
zh_CN translators, and the main window over it. Real store, no mocks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.idnumber import compute_check_digit
from desktop.paths import resource_dir
from desktop.services.registry import RegistryService
from desktop.store.db import Store
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow, build_main_window

TS = resource_dir() / "i18n" / "app_zh_CN.ts"
QM = resource_dir() / "i18n" / "app_zh_CN.qm"
EN_TS = resource_dir() / "i18n" / "app_en.ts"
EN_QM = resource_dir() / "i18n" / "app_en.qm"
ROOM_PATH = ["钟公庙街道", "金山社区", "金山第一网格", "天童南路", "188号", "3幢", "101室"]


def valid_id(first17: str) -> str:
    """Return ``first17`` with its correct check character."""
    return first17 + compute_check_digit(first17)


def wrong_check_digit(first17: str) -> str:
    """Return ``first17`` with a wrong check character."""
    right = compute_check_digit(first17)
    return first17 + ("1" if right != "1" else "2")


@dataclass(frozen=True)
class Place:
    """Ids of the fixture's areas and addresses."""

    town: str
    community: str
    grid: str
    building: str
    rooms: dict[str, str]


def build_place(store: Store) -> Place:
    """Create the fixture's areas, a building with four rooms and a rental unit at 101."""
    reg = RegistryService(store, "officer1")
    town = reg.create_area("town", "钟公庙街道", None, code="330212002")
    community = reg.create_area("community", "金山社区", town, invented=True)
    grid = reg.create_area("grid", "金山第一网格", community, invented=True)
    road = reg.create_address(grid, None, "road", "天童南路")
    door = reg.create_address(grid, road, "door", "188号")
    building = reg.create_address(grid, door, "building", "3幢")
    rooms = {name: reg.create_address(grid, building, "room", name, is_leaf=True, housing_type="rental")
             for name in ("101室", "102室", "201室", "1001室")}
    reg.save_rental_unit(rooms["101室"], {"landlord_name": "王建国", "landlord_phone": "13805740001",
                                         "use": "residential", "status": "let", "occupancy_limit": 4})
    return Place(town, community, grid, building, rooms)


@pytest.fixture(scope="session")
def zh_qm() -> Path:
    """The built zh_CN catalogue (built from the .ts when missing or older; app_en.qm likewise)."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts, qm in ((TS, QM), (EN_TS, EN_QM)):
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    return QM


@pytest.fixture
def zh(qapp: QApplication, zh_qm: Path) -> Iterator[None]:
    """Install the zh_CN translators for one test."""
    install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "en")


@pytest.fixture
def place(store: Store) -> Place:
    """The fixture's areas and addresses in the test's store."""
    return build_place(store)


@pytest.fixture
def window(qtbot: QtBot, store: Store, place: Place, zh: None) -> Iterator[MainWindow]:
    """The main window over the fixture store, shown at 1366×768, with its first tasks done."""
    win = build_main_window(store, "officer1", "http://127.0.0.1:9")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.is_busy())
    yield win
    win.close()
