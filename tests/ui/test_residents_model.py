"""The lazy residents model: pages through fetchMore, resets on a new search, passes the model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester

from desktop.domain.resident import ResidentInput
from desktop.services.browse import BrowseService
from desktop.services.registry import RegistryService
from desktop.store.db import Store
from desktop.ui.residents_view import ResidentsModel
from tests.ui.conftest import Place, valid_id

SURNAMES = "王李张刘陈杨黄赵吴周"


@pytest.fixture
def browse(store: Store, place: Place) -> BrowseService:
    reg = RegistryService(store, "officer1")
    for i in range(45):
        name = SURNAMES[i % 10] + "测" + "甲乙丙丁戊"[i % 5]
        inp = ResidentInput(id_number=valid_id(f"41052319900307{i:03d}"), name=name,
                            phone=f"138000{i:05d}")
        reg.register_person(inp, place.rooms["102室"], today=date(2025, 1, 1))
    return BrowseService(store)


def test_pages_load_through_fetch_more(browse: BrowseService, qtmodeltester: ModelTester) -> None:
    model = ResidentsModel(browse.resident_page, page_size=20)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 45
    assert not model.canFetchMore(QModelIndex())
    assert model.index(0, 4).data().endswith("102室")
    qtmodeltester.check(model)


def test_search_resets_the_model(browse: BrowseService, qtmodeltester: ModelTester) -> None:
    model = ResidentsModel(browse.resident_page, page_size=20)
    model.set_query("王")
    assert model.rowCount() == 5 and set(model.names()) == {"王测甲"}
    model.set_query("00007")  # phone tail
    assert model.names() == [SURNAMES[7] + "测" + "甲乙丙丁戊"[2]]
    model.set_query("")
    assert model.rowCount() == 20
    qtmodeltester.check(model)
