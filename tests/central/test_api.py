"""Shape of the central API: status codes, refusals, receipts, pull paging (DESIGN §5)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from central.db import make_engine
from desktop.domain.entities import SCHEMA_VERSION
from desktop.sync.protocol import MAX_BATCH
from tests.sync.support import id_number

P = "/api/v1"


def _mut(no: int, entity: str, record_id: str, fields: dict[str, Any], *, op: str = "upsert",
         base: int = 0) -> dict[str, Any]:
    return {"mutation_no": no, "entity": entity, "record_id": record_id, "op": op, "base_version": base,
            "fields": fields}


def _push(api: TestClient, device: str, *muts: dict[str, Any], server_id: str = "") -> dict[str, Any]:
    resp = api.post(f"{P}/sync/push", json={"device_id": device, "server_id": server_id,
                                            "schema_version": SCHEMA_VERSION, "mutations": list(muts)})
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def _tree(api: TestClient, device: str = "d1") -> dict[str, str]:
    ids = {k: str(uuid.uuid4()) for k in ("grid", "addr")}
    _push(api, device, _mut(1, "area", ids["grid"], {"level": "grid", "name": "网格"}),
          _mut(2, "standard_address", ids["addr"],
               {"grid_id": ids["grid"], "level": "room", "name": "101室"}))
    return ids


def test_health_handshake_and_docs(api: TestClient) -> None:
    health = api.get(f"{P}/health").json()
    assert health["status"] == "ok" and health["schema_version"] == SCHEMA_VERSION
    hs = api.get(f"{P}/handshake", params={"device_id": "never-seen"}).json()
    assert hs["device_high_water"] == 0 and hs["server_id"] == health["server_id"] and hs["epoch"] == 1
    assert api.get("/docs").status_code == 200
    assert "/api/v1/sync/push" in api.get(f"{P}/openapi.json").json()["paths"]


def test_malformed_requests_are_422(api: TestClient) -> None:
    no_id = {"mutation_no": 1, "entity": "area", "base_version": 0, "fields": {"name": "x"}}
    body = {"device_id": "d", "schema_version": SCHEMA_VERSION, "mutations": [no_id]}
    assert api.post(f"{P}/sync/push", json=body).status_code == 422
    assert api.post(f"{P}/sync/push", content=b"{not json", headers={"Content-Type": "application/json"}
                    ).status_code == 422
    assert api.get(f"{P}/sync/pull", params={"cursor": 0, "limit": 5001}).status_code == 422
    assert api.get(f"{P}/handshake").status_code == 422


def test_refusals_413_426_409(api: TestClient) -> None:
    muts = [_mut(i, "area", str(uuid.uuid4()), {"level": "grid", "name": "x"})
            for i in range(1, MAX_BATCH + 2)]
    resp = api.post(f"{P}/sync/push",
                    json={"device_id": "d", "schema_version": SCHEMA_VERSION, "mutations": muts})
    assert resp.status_code == 413
    huge = {"device_id": "d", "schema_version": SCHEMA_VERSION,
            "mutations": [_mut(1, "area", "x", {"name": "长" * (11 * 1024 * 1024 // 3)})]}
    assert api.post(f"{P}/sync/push", json=huge).status_code == 413
    old = {"device_id": "d", "schema_version": SCHEMA_VERSION + 1, "mutations": []}
    assert api.post(f"{P}/sync/push", json=old).status_code == 426
    other = {"device_id": "d", "server_id": "another", "schema_version": SCHEMA_VERSION, "mutations": []}
    resp = api.post(f"{P}/sync/push", json=other)
    assert resp.status_code == 409 and resp.json()["detail"] == "wrong_server"


def test_a_server_error_leaks_no_stack_trace(api: TestClient, db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE record"))
    engine.dispose()
    resp = api.get(f"{P}/stats/counts")
    assert resp.status_code == 500
    assert resp.json()["detail"] == "internal server error" and set(resp.json()) == {"detail", "error_id"}
    assert "Traceback" not in resp.text and "sqlite" not in resp.text.lower()


def test_receipts_duplicates_and_rejections(api: TestClient) -> None:
    ids = _tree(api)
    rid = str(uuid.uuid4())
    person = {"id_type": "resident_id", "id_number": id_number(), "name": "李四", "sex": "1"}
    bad = dict(person, id_number=id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"))
    body = _push(
        api, "d1",
        _mut(3, "resident", rid, person),
        _mut(4, "resident", str(uuid.uuid4()), bad),
        _mut(5, "nope", str(uuid.uuid4()), {}),
        _mut(6, "area", str(uuid.uuid4()), {"name": "x", "colour": "red"}),
        _mut(7, "visit", str(uuid.uuid4()), {}, op="delete"),
        _mut(8, "residence_registration", str(uuid.uuid4()), {"resident_id": rid, "address_id": ids["addr"]}),
    )
    got = [(r["status"], r["reasons"]) for r in body["receipts"]]
    assert got == [
        ("applied", []),
        ("rejected", ["id_number.checksum"]),
        ("rejected", ["unknown_entity"]),
        ("rejected", ["unknown_field:colour"]),
        ("rejected", ["not_found"]),
        ("applied", []),
    ]
    assert body["high_water"] == 8
    again = _push(api, "d1", _mut(7, "visit", "whatever", {}), _mut(8, "area", "ignored", {}))
    assert [(r["status"], r["record_id"], r["reasons"]) for r in again["receipts"]] == [
        ("duplicate", body["receipts"][4]["record_id"], ["not_found"]),
        ("duplicate", body["receipts"][5]["record_id"], []),
    ]
    assert api.get(f"{P}/stats/counts").json()["resident"] == 1


def test_pull_pages_in_change_order(api: TestClient) -> None:
    _tree(api)
    ids = [str(uuid.uuid4()) for _ in range(5)]
    _push(api, "d2", *[_mut(i + 1, "area", rid, {"level": "grid", "name": f"g{i}"})
                       for i, rid in enumerate(ids)])
    _push(api, "d2", _mut(6, "area", ids[0], {"name": "renamed"}, base=1))
    seen: list[tuple[str, int]] = []
    cursor, pages = 0, 0
    while True:
        page = api.get(f"{P}/sync/pull", params={"cursor": cursor, "limit": 3}).json()
        pages += 1
        seen += [(row["id"], row["version"]) for row in page["rows"]]
        seqs = [row["change_seq"] for row in page["rows"]]
        assert seqs == sorted(seqs)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == 3 and len(seen) == 7  # 2 tree rows + 5 areas, the renamed one once, at version 2
    assert (ids[0], 2) in seen and seen[-1] == (ids[0], 2)
    empty = api.get(f"{P}/sync/pull", params={"cursor": cursor}).json()
    assert empty == {"rows": [], "next_cursor": cursor, "has_more": False}


def test_incomplete_creates_and_nulls_are_rejected(api: TestClient) -> None:
    rid = str(uuid.uuid4())
    body = _push(api, "d3",
                 _mut(1, "area", rid, {"name": "无级别"}),
                 _mut(2, "area", rid, {"name": "网格", "level": "grid"}),
                 _mut(3, "area", rid, {"name": None}, base=1),
                 _mut(4, "area", rid, {"code": None}, base=1))
    assert [(r["status"], r["reasons"]) for r in body["receipts"]] == [
        ("rejected", ["missing_field:level"]), ("applied", []),
        ("rejected", ["null_field:name"]), ("applied", []),
    ]


def test_a_streamed_body_over_10_mb_is_413_on_a_real_server(db_url: str) -> None:
    import requests

    from central.embedded import start_embedded

    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to check up front
        yield b'{"device_id":"d","schema_version":1,"mutations":[{"mutation_no":1,"entity":"area",' \
              b'"record_id":"x","base_version":0,"fields":{"name":"'
        for _ in range(11):
            yield b"a" * (1024 * 1024)
        yield b'"}}]}'

    with start_embedded(db_url) as server:
        resp = requests.post(f"{server.url}{P}/sync/push", data=chunks(),
                             headers={"Content-Type": "application/json"}, timeout=30)
        assert resp.status_code == 413 and resp.json() == {"detail": "request body too large"}
        assert requests.get(f"{server.url}{P}/health", timeout=5).status_code == 200


def test_unstorable_values_are_rejected_not_500(api: TestClient) -> None:
    body = _push(api, "d4",
                 _mut(1, "area", str(uuid.uuid4()), {"level": "grid", "name": "a\x00b"}),
                 _mut(2, "area", str(uuid.uuid4()), {"level": "grid", "name": {"nested": 1}}),
                 _mut(3, "area", str(uuid.uuid4()), {"level": "grid", "name": "ok"}))
    assert [(r["status"], r["reasons"]) for r in body["receipts"]] == [
        ("rejected", ["text.invalid:name"]), ("rejected", ["invalid_value:name"]), ("applied", []),
    ]
    nan = ('{"device_id":"d4","schema_version":1,"mutations":[{"mutation_no":4,"entity":"area",'
           '"record_id":"n","base_version":0,"fields":{"level":"grid","name":NaN}}]}')
    resp = api.post(f"{P}/sync/push", content=nan, headers={"Content-Type": "application/json"})
    assert resp.status_code == 200 and resp.json()["receipts"][0]["reasons"] == ["invalid_value:name"]
    bad_device = {"device_id": "x" * 65, "schema_version": SCHEMA_VERSION, "mutations": []}
    assert api.post(f"{P}/sync/push", json=bad_device).status_code == 422
