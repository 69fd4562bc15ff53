"""Central hardening and audit (issue 7 §5, §6), over real HTTP against central.embedded.

Security headers on every answer, no CORS, body limits before parsing, no input echoed and no
stack trace, the login rate limit kept in the database (two app instances on one database agree),
revocation (a revoked device's next sync is refused and its unsent data stays), disabled users,
append-only ``audit_event`` records and ``GET /audit`` for supervisors of the users' area.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from central import models as m
from central.auth import create_user
from central.db import make_engine
from central.embedded import EmbeddedServer, start_embedded
from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import SyncError, SyncErrorKind
from desktop.store.db import open_store
from desktop.store.records import write_record
from tests.sync.support import PASSWORD, central_server, outbox_statuses, seed_district, signed_in

P = "/api/v1"
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[EmbeddedServer, str]]:
    """A running central (real HTTP on 127.0.0.1) with the test users, and its database URL."""
    with central_server(str(request.param), tmp_path) as pair:
        yield pair


def _login(url: str, user: str, device: str, password: str = PASSWORD, ip: str = "") -> requests.Response:
    headers = {"X-Forwarded-For": ip} if ip else {}  # believed from 127.0.0.1, as from a reverse proxy
    return requests.post(f"{url}{P}/auth/login", json={"username": user, "password": password, "device_id": device},
                         headers=headers, timeout=30)


def _bearer(url: str, user: str, device: str) -> dict[str, str]:
    resp = _login(url, user, device)
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def _push(url: str, hdr: dict[str, str], device: str, *muts: dict[str, Any]) -> requests.Response:
    return requests.post(f"{url}{P}/sync/push", headers=hdr, timeout=30, json={
        "device_id": device, "schema_version": SCHEMA_VERSION, "mutations": list(muts)})


# ---- headers, CORS, errors, body limits ----------------------------------------------------------


def test_every_answer_has_the_security_headers_and_no_cors(central: tuple[EmbeddedServer, str]) -> None:
    url = central[0].url
    answers = {
        200: requests.get(f"{url}{P}/health", timeout=30),
        401: requests.get(f"{url}{P}/sync/pull", timeout=30),
        404: requests.get(f"{url}{P}/no-such-thing", timeout=30),
        405: requests.delete(f"{url}{P}/health", timeout=30),
        413: requests.post(f"{url}{P}/auth/login", data=b"x" * 70_000, timeout=30,
                           headers={"Content-Type": "application/json"}),
        422: requests.post(f"{url}{P}/auth/login", json={"username": "a"}, timeout=30),
    }
    for status, resp in answers.items():
        assert resp.status_code == status, (status, resp.text)
        assert {k: resp.headers.get(k) for k in HEADERS} == HEADERS, status
        assert resp.headers["content-type"].startswith("application/json"), status
        assert "server" not in resp.headers, status  # no "uvicorn" banner
    preflight = requests.options(f"{url}{P}/auth/login", timeout=30, headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    simple = requests.get(f"{url}{P}/health", headers={"Origin": "https://evil.example"}, timeout=30)
    for resp in (preflight, simple):
        assert not any(k.lower().startswith("access-control-") for k in resp.headers)
    assert preflight.status_code == 405
    docs = requests.get(f"{url}/docs", timeout=30)
    assert docs.status_code == 200 and "frame-ancestors 'none'" in docs.headers["content-security-policy"]


def test_a_server_error_says_only_an_error_id_that_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    from central.main import create_app
    from tests.sync.support import add_test_users

    app = create_app(db)
    add_test_users(db)
    with TestClient(app, raise_server_exceptions=False) as client:
        hdr = {"Authorization": "Bearer " + client.post(f"{P}/auth/login", json={
            "username": "officer1", "password": PASSWORD, "device_id": "d1"}).json()["access_token"]}
        engine = make_engine(db)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE record"))
        engine.dispose()
        with caplog.at_level(logging.ERROR, logger="central"):
            resp = client.get(f"{P}/stats/counts", headers=hdr)
    assert resp.status_code == 500
    body = resp.json()
    assert set(body) == {"detail", "error_id"} and body["detail"] == "internal server error"
    assert "Traceback" not in resp.text and "record" not in resp.text and "sqlite" not in resp.text.lower()
    assert {k: resp.headers.get(k) for k in HEADERS} == HEADERS
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None  # the traceback is on the server


def test_bodies_over_the_limit_are_refused_before_parsing(central: tuple[EmbeddedServer, str]) -> None:
    url = central[0].url
    small = {"username": "officer1", "password": "p" * 200, "device_id": "d"}
    assert requests.post(f"{url}{P}/auth/login", json=small, timeout=30).status_code == 401  # under the limit

    def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed bytes are counted
        yield b'{"username": "officer1", "password": "'
        for _ in range(20):
            yield b"p" * 8192
        yield b'", "device_id": "d"}'

    streamed = requests.post(f"{url}{P}/auth/login", data=chunks(), timeout=30,
                             headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    hdr = _bearer(url, "officer1", "dev-big")
    big_note = {"mutation_no": 1, "entity": "area", "record_id": str(uuid.uuid4()), "base_version": 0,
                "fields": {"level": "grid", "name": "x" * 200_000}}
    assert _push(url, hdr, "dev-big", big_note).status_code == 200  # the push keeps its 10 MB limit


def test_validation_errors_do_not_echo_the_input(central: tuple[EmbeddedServer, str]) -> None:
    url = central[0].url
    secret = "my-secret-password-" + "x" * 300
    for body in ({"username": "officer1", "password": secret, "device_id": "d"},  # too long
                 {"username": "officer1", "password": "a", "device_id": "d", "extra": secret}):  # unknown field
        resp = requests.post(f"{url}{P}/auth/login", json=body, timeout=30)
        assert resp.status_code == 422 and secret not in resp.text
        assert all({"loc", "msg", "type"} <= set(item) for item in resp.json()["detail"])


# ---- login rate limit ------------------------------------------------------------------------------


def test_login_rate_limit_by_user_and_by_address_is_kept_in_the_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with start_embedded(db) as one, start_embedded(db) as two:  # two instances: like two workers
        engine = make_engine(db)
        for name, role in (("wang", "grid_officer"), ("li", "grid_officer"), ("chen", "grid_officer")):
            create_user(engine, name, PASSWORD, role)
        engine.dispose()
        # a typo, then success: the name's failures are forgotten
        assert _login(one.url, "wang", "d1", "typo", ip="10.0.0.1").status_code == 401
        assert _login(two.url, "wang", "d1", ip="10.0.0.1").status_code == 200
        # five failures of one name from five addresses, spread over both instances: the sixth attempt,
        # even with the right password, is refused on either instance, before the password is checked
        for i in range(5):
            server = (one, two)[i % 2]
            assert _login(server.url, "wang", "d1", "wrong", ip=f"10.0.1.{i}").status_code == 401
        for server in (one, two):
            refused = _login(server.url, "wang", "d1", ip="10.0.2.1")
            assert refused.status_code == 429
            assert 0 < int(refused.headers["Retry-After"]) <= 900
            assert refused.json() == {"detail": "too many failed sign-ins; try again later"}
        assert _login(one.url, "li", "d2", ip="10.0.1.0").status_code == 200  # another name is not limited
        # twenty failures from one address (unknown names, never stored as text): the address is refused
        for i in range(20):
            assert _login((one, two)[i % 2].url, f"guess{i}", "d3", "x", ip="10.0.9.9").status_code == 401
        assert _login(two.url, "chen", "d3", ip="10.0.9.9").status_code == 429
        assert _login(two.url, "chen", "d3", ip="10.0.9.8").status_code == 200
    engine = make_engine(db)
    with engine.connect() as conn:
        keys = [k for (k,) in conn.execute(text("SELECT key FROM login_failure"))]
    engine.dispose()
    assert keys and not any(k.startswith("guess") or k == "wang" for k in keys)


# ---- revocation, disabled users --------------------------------------------------------------------


def test_a_revoked_device_gets_401_everywhere_and_keeps_its_unsent_data(central: tuple[EmbeddedServer, str],
                                                                       tmp_path: Path) -> None:
    server, db = central
    store = open_store(tmp_path / "laptop.db")
    try:
        ids = seed_district(store)
        service = signed_in(store, server.url)
        assert service.sync().applied == 10
        with store.write() as conn:  # unsent work made after the last sync
            for i in range(3):
                write_record(conn, "visit", str(uuid.uuid4()), {
                    "address_id": ids["room"], "visited_at": f"2026-11-2{i}T10:00:00", "outcome": "absent"},
                    user="officer1", device_id=store.device_id)
        before = outbox_statuses(store)
        assert before.get("pending") == 3
        old_token = store.state("access_token")
        device_token = store.state("device_token")
        sup = _bearer(server.url, "supervisor1", "dev-sup")
        revoked = requests.post(f"{server.url}{P}/devices/{store.device_id}/revoke", headers=sup, timeout=30)
        assert revoked.status_code == 200

        with pytest.raises(SyncError) as err:
            service.sync()
        assert err.value.kind is SyncErrorKind.AUTH
        assert outbox_statuses(store) == before  # nothing sent, nothing dropped
        assert service.signed_in_user() is None  # the queue pauses until someone signs in

        hdr = {"Authorization": f"Bearer {old_token}"}
        assert requests.get(f"{server.url}{P}/handshake", params={"device_id": store.device_id}, headers=hdr,
                            timeout=30).status_code == 401
        assert requests.get(f"{server.url}{P}/sync/pull", headers=hdr, timeout=30).status_code == 401
        assert _push(server.url, hdr, store.device_id).status_code == 401
        assert requests.post(f"{server.url}{P}/auth/refresh", timeout=30, json={
            "device_id": store.device_id, "device_token": device_token}).status_code == 401
        with pytest.raises(SyncError) as err:  # signing in again on the revoked laptop is refused
            service.login("officer1", PASSWORD)
        assert err.value.kind is SyncErrorKind.AUTH
        assert outbox_statuses(store) == before
    finally:
        store.close()
    assert requests.post(f"{server.url}{P}/devices/nope/revoke", headers=sup, timeout=30).status_code == 404


def test_a_disabled_user_is_refused_at_once(central: tuple[EmbeddedServer, str]) -> None:
    server, db = central
    hdr = _bearer(server.url, "officer2", "dev-o2")
    assert requests.get(f"{server.url}{P}/sync/pull", headers=hdr, timeout=30).status_code == 200
    engine = make_engine(db)
    with engine.begin() as conn:
        conn.execute(update(m.app_user).where(m.app_user.c.username == "officer2").values(disabled=True))
    engine.dispose()
    assert requests.get(f"{server.url}{P}/sync/pull", headers=hdr, timeout=30).status_code == 401
    assert _login(server.url, "officer2", "dev-o2").status_code == 401


# ---- audit -------------------------------------------------------------------------------------------


def _event(no: int, rid: str, at: str, user: str = "officer1", **extra: Any) -> dict[str, Any]:
    fields = {"at": at, "user": user, "role": "grid_officer", "action": "reveal", "entity": "resident",
              "record_id": "r-1", "detail": "id_number", "count": 1, **extra}
    return {"mutation_no": no, "entity": "audit_event", "record_id": rid, "base_version": 0, "fields": fields,
            "user": user}


def test_audit_events_are_append_only(central: tuple[EmbeddedServer, str]) -> None:
    url = central[0].url
    hdr = _bearer(url, "officer1", "dev-a")
    rid = str(uuid.uuid4())
    first = _event(1, rid, "2026-11-29T08:00:00.000+00:00")
    changed = {**_event(3, rid, "2026-11-29T08:00:00.000+00:00"), "base_version": 1,
               "fields": {"detail": "nothing happened"}}
    deleted = {**_event(4, rid, "2026-11-29T08:00:00.000+00:00"), "op": "delete", "base_version": 1,
               "fields": {}}
    resp = _push(url, hdr, "dev-a", first, {**first, "mutation_no": 2}, changed, deleted)
    receipts = resp.json()["receipts"]
    assert [r["status"] for r in receipts] == ["applied", "applied", "rejected", "rejected"]
    assert receipts[2]["reasons"] == ["audit.immutable"] == receipts[3]["reasons"]
    sup = _bearer(url, "supervisor1", "dev-sup")
    events = requests.get(f"{url}{P}/audit", params={"record_id": "r-1"}, headers=sup, timeout=30).json()["events"]
    assert [(e["id"], e["detail"], e["device_id"], e["pushed_by"]) for e in events] == [
        (rid, "id_number", "dev-a", "officer1")]


def test_supervisors_read_the_audit_trail_of_their_area_newest_first(central: tuple[EmbeddedServer, str]) -> None:
    url, db = central[0].url, central[1]
    engine = make_engine(db)
    create_user(engine, "town-sup", PASSWORD, "supervisor", "330212001")
    create_user(engine, "off-a", PASSWORD, "grid_officer", "330212001003")
    create_user(engine, "off-b", PASSWORD, "grid_officer", "330212002001")
    engine.dispose()
    hdr_a, hdr_b = _bearer(url, "off-a", "dev-a"), _bearer(url, "off-b", "dev-b")
    assert _push(url, hdr_a, "dev-a", _event(1, str(uuid.uuid4()), "2026-11-29T08:00:00.000+00:00", "off-a"),
                 _event(2, str(uuid.uuid4()), "2026-11-29T09:00:00.000+00:00", "off-a", action="export",
                        count=120, entity="resident", record_id="")).status_code == 200
    assert _push(url, hdr_b, "dev-b", _event(1, str(uuid.uuid4()), "2026-11-29T08:30:00.000+00:00", "off-b")
                 ).status_code == 200
    assert _login(url, "off-a", "dev-a", "Pa55-typo-9x").status_code == 401
    district = _bearer(url, "supervisor1", "dev-sup")  # area 330212: the whole district
    town_id, community_id, grid_id = (str(uuid.uuid4()) for _ in range(3))
    assert [r["status"] for r in _push(url, district, "dev-sup", *(
        {"mutation_no": no, "entity": "area", "record_id": rid, "base_version": 0, "user": "supervisor1",
         "fields": fields} for no, rid, fields in (
            (1, town_id, {"level": "town", "code": "330212001", "name": "钟公庙街道"}),
            (2, community_id, {"level": "community", "name": "演示社区", "parent_id": town_id}),
            (3, grid_id, {"level": "grid", "name": "第1网格", "parent_id": community_id, "officer": "officer2"})))
    ).json()["receipts"]] == ["applied"] * 3
    hdr_o2 = _bearer(url, "officer2", "dev-o2")  # no area of their own: assigned the grid in the town
    assert _push(url, hdr_o2, "dev-o2", _event(1, str(uuid.uuid4()), "2026-11-29T07:00:00.000+00:00", "officer2")
                 ).json()["receipts"][0]["status"] == "applied"
    assert requests.post(f"{url}{P}/devices/dev-b/revoke", headers=district, timeout=30).status_code == 200
    town = _bearer(url, "town-sup", "dev-town")

    def audit(hdr: dict[str, str], **params: Any) -> list[dict[str, Any]]:
        resp = requests.get(f"{url}{P}/audit", params=params, headers=hdr, timeout=30)
        assert resp.status_code == 200, resp.text
        assert {k: resp.headers.get(k) for k in HEADERS} == HEADERS
        return list(resp.json()["events"])

    everything = audit(district)
    assert [e["at"] for e in everything] == sorted((e["at"] for e in everything), reverse=True)
    assert {(e["source"], e["user"], e["action"]) for e in everything} >= {
        ("device", "off-a", "reveal"), ("device", "off-a", "export"), ("device", "off-b", "reveal"),
        ("central", "off-a", "sign_in"), ("central", "supervisor1", "lock")}
    failed = [e for e in everything if e["source"] == "central" and e["detail"].startswith("failed")]
    assert [(e["user"], e["record_id"]) for e in failed] == [("off-a", "dev-a")]
    assert "Pa55-typo-9x" not in str(everything)  # the password tried is never stored
    lock = next(e for e in everything if e["action"] == "lock")
    assert (lock["entity"], lock["record_id"], lock["detail"]) == ("device", "dev-b", "device revoked")

    mine = audit(town)  # the town's supervisor: off-a (330212001003), the town's grid officer and themself,
    assert {e["user"] for e in mine} == {"off-a", "officer2", "town-sup"}  # not off-b (330212002001)
    exports = audit(town, action="export")
    assert [(e["user"], e["count"], e["entity"]) for e in exports] == [("off-a", 120, "resident")]
    window = audit(district, since="2026-11-29T08:15:00Z", until="2026-11-29T08:45:00+00:00", entity="resident")
    assert [e["user"] for e in window] == ["off-b"]
    assert audit(district, user="off-a", action="reveal", record_id="r-1")[0]["source"] == "device"
    page1 = requests.get(f"{url}{P}/audit", params={"limit": 2}, headers=district, timeout=30).json()
    page2 = requests.get(f"{url}{P}/audit", params={"limit": 2, "offset": 2}, headers=district, timeout=30).json()
    assert page1["has_more"] and [e["id"] for e in page1["events"] + page2["events"]] == [
        e["id"] for e in everything[:4]]

    for who in (hdr_a, _bearer(url, "officer1", "dev-o1")):
        assert requests.get(f"{url}{P}/audit", headers=who, timeout=30).status_code == 403
    assert requests.get(f"{url}{P}/audit", timeout=30).status_code == 401


def test_nul_in_a_url_is_refused_not_a_server_error(central: tuple[EmbeddedServer, str]) -> None:
    """Found by probing PostgreSQL: a NUL in a query or path parameter reached a query and answered 500."""
    url = central[0].url
    sup = _bearer(url, "supervisor1", "dev-sup")
    for path, params in (("/audit", {"user": "a\x00"}), ("/audit", {"action": "a\x00"}),
                         ("/residents/search", {"name": "a\x00"}), ("/rates", {"area": "a\x00"}),
                         ("/handshake", {"device_id": "dev-sup\x00"})):
        resp = requests.get(f"{url}{P}{path}", params=params, headers=sup, timeout=30)
        assert resp.status_code == 422, (path, resp.text)
    assert requests.post(f"{url}{P}/devices/a%00b/revoke", headers=sup, timeout=30).status_code == 422


def test_extreme_numbers_and_times_are_answered_not_a_server_error(central: tuple[EmbeddedServer, str]) -> None:
    """Found by probing: a pull cursor beyond 64 bits and an audit time at the edge of the calendar answered 500."""
    url = central[0].url
    sup = _bearer(url, "supervisor1", "dev-sup")

    def get(path: str, **params: str) -> int:
        return requests.get(f"{url}{P}{path}", params=params, headers=sup, timeout=30).status_code

    assert get("/sync/pull", cursor=str(10**20)) == 422
    assert get("/sync/pull", cursor=str(2**53 - 1)) == 200
    assert get("/audit", since="0001-01-01T00:00:00+14:00") == 200
    assert get("/audit", until="9999-12-31T23:59:59-12:00") == 200


def test_the_desktop_tells_a_rate_limited_sign_in_apart_from_a_wrong_password(tmp_path: Path) -> None:
    """A 429 reaches the officer as "too many failed sign-ins, wait" (kind RATE_LIMITED), not as a wrong
    password or a server error, and the sync service does not keep retrying it."""
    from desktop.services.sync_service import SyncService

    with start_embedded(f"sqlite:///{tmp_path / 'c.sqlite'}") as server:
        engine = make_engine(server.db_url)
        create_user(engine, "zhao", PASSWORD, "grid_officer")
        engine.dispose()
        store = open_store(tmp_path / "device.db")
        service = SyncService(store, server.url)
        kinds = []
        for _ in range(6):
            with pytest.raises(SyncError) as caught:
                service.login("zhao", "wrong")
            kinds.append(caught.value.kind)
        assert kinds == [SyncErrorKind.AUTH] * 5 + [SyncErrorKind.RATE_LIMITED]
        with pytest.raises(SyncError) as caught:
            service.login("zhao", PASSWORD)  # even the right password waits
        assert caught.value.kind is SyncErrorKind.RATE_LIMITED
        assert "retry after" in caught.value.detail
        service.close()
        store.close()
