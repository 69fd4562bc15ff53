"""Search before create also asks central (issue 4): a real embedded central, two real devices.

Device A registers a person and syncs; device B, not synced since, searches before creating the
same person: central's match (not in B's store) is merged in with where the person lives, the
move is offered, and the move works after the resident is pulled. Offline or signed out, the
search answers from the store alone and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from central.embedded import EmbeddedServer
from desktop.services.residency import ResidencyService
from desktop.services.search import CentralStatus, MatchQuery, SearchService, find_everywhere
from desktop.store.db import Store, open_store
from tests.services.officer_place import build, person, register, valid_id
from tests.sync.support import assign_grid, central_server, signed_in

ZHANG_WEI = "41052319900307123"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedServer]:
    """A running central on a fresh database (SQLite file or PostgreSQL schema)."""
    with central_server(str(request.param), tmp_path) as (server, _url):
        yield server


@pytest.fixture
def store_a(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "a.db")
    yield store
    store.close()


@pytest.fixture
def store_b(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "b.db")
    yield store
    store.close()


def test_device_b_sees_the_central_match_and_moves_the_person(
        central: EmbeddedServer, store_a: Store, store_b: Store, tmp_path: Path) -> None:
    place = build(store_a)
    sync_a = signed_in(store_a, central.url)
    sync_a.sync()
    assign_grid(central.url, tmp_path, place.grid, "officer2")  # issue 7: B's officer works the first grid
    sync_b = signed_in(store_b, central.url, "officer2")
    sync_b.sync()  # B has the addresses, not the person registered below
    saved = register(store_a, person("张伟", ZHANG_WEI, "13812345678"), place.other_room)
    sync_a.sync()

    search_b = SearchService(store_b)
    central_b = search_b.attach_central(central.url)
    query = MatchQuery(id_number=valid_id(ZHANG_WEI), name="张伟")
    assert search_b.find_matches(query).matches == ()  # nothing local
    result = find_everywhere(search_b, central_b, query)
    assert result.central is CentralStatus.ONLINE
    match = result.same_person
    assert match is not None and match.resident_id == saved.resident_id
    assert not match.local and match.on_central
    assert [r.address_text for r in match.living_at] == [_text(store_a, place.other_room)]
    target = place.rooms["201室"]
    assert not match.lives_at(target)  # → the move is offered, not a second record

    central_b.make_local(match.resident_id)  # a sync brings the person in
    moved = ResidencyService(store_b, "officer2").move_resident(match.resident_id, target, moved_date=date(2025, 7, 1),
                                                                reason="搬至天童南路188号3幢201室")
    assert moved.closed_registration_ids == (match.living_at[0].registration_id,)
    sync_b.sync()
    again = find_everywhere(search_b, central_b, MatchQuery(id_number=valid_id(ZHANG_WEI)))
    same = again.same_person
    assert same is not None and same.local and same.on_central
    assert [r.address_id for r in same.living_at] == [target]
    on_central = central_b.find(MatchQuery(id_number=valid_id(ZHANG_WEI)))[1]
    assert [r.address_id for r in on_central[0].living_at] == [target]  # central agrees after B's push


def test_signed_out_or_offline_search_is_local_only(central: EmbeddedServer, store_b: Store) -> None:
    place = build(store_b)
    register(store_b, person("李娜", "41052319920101222"), place.rooms["101室"])
    search = SearchService(store_b)
    lookup = search.attach_central(central.url)
    query = MatchQuery(name="李娜")
    signed_out = find_everywhere(search, lookup, query)
    assert signed_out.central is CentralStatus.SIGNED_OUT and [m.name for m in signed_out.matches] == ["李娜"]
    signed_in(store_b, central.url, "officer2")
    online = find_everywhere(search, lookup, query)
    assert online.central is CentralStatus.ONLINE and [m.local for m in online.matches] == [True]
    nowhere = SearchService(store_b)
    dead = nowhere.attach_central("http://127.0.0.1:9")  # nothing listens: refused at once
    offline = find_everywhere(nowhere, dead, query)
    assert offline.central is CentralStatus.OFFLINE and [m.name for m in offline.matches] == ["李娜"]


def _text(store: Store, address_id: str) -> str:
    from desktop.services.browse import BrowseService

    page = BrowseService(store).address_page(address_id)
    assert page is not None
    return page.full_text
