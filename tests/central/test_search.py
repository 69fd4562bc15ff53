"""Search before create on central (issue 4): ``GET /api/v1/residents/search`` over real HTTP
(TestClient on SQLite and PostgreSQL), Bearer auth, ID / name / phone, masking, indexed plans."""

from __future__ import annotations

import uuid
import warnings
from typing import Any

import pytest
from sqlalchemy import text

from central import search
from central.auth import create_user
from central.db import make_engine
from central.main import create_app
from desktop.domain.entities import SCHEMA_VERSION
from tests.sync.support import PASSWORD, id_number, pg_schema_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

P = "/api/v1"
ZHANG = id_number(birth="19900307", seq="123")
LI = id_number(birth="19851111", seq="456")


def _seed(api: TestClient) -> dict[str, str]:
    """Push a grid, two rooms, 张三 living in 101室 (and an old registration at 102室), 李四 with no address."""
    ids = {k: str(uuid.uuid4()) for k in ("grid", "r101", "r102", "zhang", "li", "reg_old", "reg_now", "hh")}
    muts: list[dict[str, Any]] = []

    def mut(entity: str, key: str, fields: dict[str, Any]) -> None:
        muts.append({"mutation_no": len(muts) + 1, "entity": entity, "record_id": ids[key], "op": "upsert",
                     "base_version": 0, "fields": fields})

    mut("area", "grid", {"level": "grid", "name": "第1网格"})
    mut("standard_address", "r101", {"grid_id": ids["grid"], "level": "room", "name": "101室",
                                     "full_text": "天童南路588号101室"})
    mut("standard_address", "r102", {"grid_id": ids["grid"], "level": "room", "name": "102室",
                                     "full_text": "天童南路588号102室"})
    mut("resident", "zhang", {"id_type": "resident_id", "id_number": ZHANG, "name": "张三", "sex": "1",
                              "birth_date": "1990-03-07", "phone": "13812345678"})
    mut("resident", "li", {"id_type": "resident_id", "id_number": LI, "name": "李四", "sex": "1",
                           "birth_date": "1985-11-11", "phone": "13900001111"})
    mut("household", "hh", {"address_id": ids["r101"], "type": "family", "head_resident_id": ids["zhang"]})
    mut("residence_registration", "reg_old", {"resident_id": ids["zhang"], "address_id": ids["r102"],
                                              "registered_date": "2023-01-01", "status": "left",
                                              "moved_out_date": "2024-04-30"})
    mut("residence_registration", "reg_now", {"resident_id": ids["zhang"], "address_id": ids["r101"],
                                              "household_id": ids["hh"], "relationship": "02",
                                              "registered_date": "2024-05-01", "status": "living"})
    resp = api.post(f"{P}/sync/push", json={"device_id": "dev-a", "schema_version": SCHEMA_VERSION,
                                            "mutations": muts})
    assert resp.status_code == 200, resp.text
    assert {r["status"] for r in resp.json()["receipts"]} == {"applied"}, resp.text
    return ids


def _search(api: TestClient, **params: Any) -> list[dict[str, Any]]:
    resp = api.get(f"{P}/residents/search", params=params)
    assert resp.status_code == 200, resp.text
    matches: list[dict[str, Any]] = resp.json()["matches"]
    return matches


def test_search_needs_a_bearer_token(db_url: str) -> None:
    with TestClient(create_app(db_url)) as anonymous:
        resp = anonymous.get(f"{P}/residents/search", params={"name": "张三"})
        assert resp.status_code == 401
        bad = anonymous.get(f"{P}/residents/search", params={"name": "张三"},
                            headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code == 401


def test_finds_by_id_number_name_and_phone_with_the_living_address(api: TestClient) -> None:
    ids = _seed(api)
    by_id = _search(api, id_number=ZHANG.lower())  # normalised like the device does (x → X)
    assert [m["resident_id"] for m in by_id] == [ids["zhang"]]
    zhang = by_id[0]
    assert zhang["reasons"] == ["id_number"] and zhang["id_number"] == ZHANG and not zhang["masked"]
    assert zhang["living_at"] == [{"registration_id": ids["reg_now"], "address_id": ids["r101"],
                                   "address_text": "天童南路588号101室", "household_id": ids["hh"]}]
    assert [m["resident_id"] for m in _search(api, name="张 三")] == [ids["zhang"]]  # normalised name
    by_phone = _search(api, phone="139-0000-1111")
    assert [m["resident_id"] for m in by_phone] == [ids["li"]] and by_phone[0]["living_at"] == []
    both = _search(api, name="李四", phone="13812345678")  # one criterion each: phone ranks above name
    assert [m["resident_id"] for m in both] == [ids["zhang"], ids["li"]]
    assert _search(api, name="王五") == [] and _search(api) == []
    assert api.get(f"{P}/residents/search", params={"name": "x", "limit": 51}).status_code == 422


def test_a_deleted_resident_is_not_found(api: TestClient) -> None:
    ids = _seed(api)
    resp = api.post(f"{P}/sync/push", json={"device_id": "dev-a", "schema_version": SCHEMA_VERSION, "mutations": [
        {"mutation_no": 9, "entity": "resident", "record_id": ids["li"], "op": "delete", "base_version": 1,
         "fields": {}}]})
    assert resp.status_code == 200 and resp.json()["receipts"][0]["status"] == "applied", resp.text
    assert _search(api, id_number=LI) == []


def test_other_roles_see_masked_numbers(api: TestClient, db_url: str) -> None:
    ids = _seed(api)
    sample = str(uuid.uuid4())  # issue 7: a verifier reads only its sampled addresses: assign it 101室
    resp = api.post(f"{P}/sync/push", json={"device_id": "dev-a", "schema_version": SCHEMA_VERSION, "mutations": [
        {"mutation_no": 9, "entity": "verification_sample", "record_id": sample, "base_version": 0,
         "fields": {"seed": 1}},
        {"mutation_no": 10, "entity": "verification_assignment", "record_id": str(uuid.uuid4()), "base_version": 0,
         "fields": {"sample_id": sample, "address_id": ids["r101"], "verifier": "assistant1"}}]})
    assert {r["status"] for r in resp.json()["receipts"]} == {"applied"}, resp.text
    engine = make_engine(db_url)
    try:
        create_user(engine, "assistant1", PASSWORD, "police_assistant")
    finally:
        engine.dispose()
    token = api.post(f"{P}/auth/login", json={"username": "assistant1", "password": PASSWORD,
                                              "device_id": "dev-pa"}).json()["access_token"]
    resp = api.get(f"{P}/residents/search", params={"id_number": ZHANG},
                   headers={"Authorization": f"Bearer {token}"})
    match = resp.json()["matches"][0]
    assert match["masked"] and match["id_number"] == ZHANG[:4] + "*" * 10 + ZHANG[-4:]
    assert match["phone"] == "138****5678"


def _sqlite_plan(db_url: str, key: str) -> str:
    engine = make_engine(db_url)
    try:
        stmt = search.resident_query(key, "x", 20)
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        with engine.connect() as conn:
            return " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    finally:
        engine.dispose()


def test_sqlite_uses_the_expression_indexes(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    create_app(url)  # create_all
    for key in ("id_number", "name", "phone"):
        assert f"USING INDEX ix_record_resident_{key}" in _sqlite_plan(url, key)


_FILL = """
INSERT INTO record (id, entity, district_code, version, change_seq, deleted, data, field_versions, field_devices,
                    updated_at, updated_by, device_id)
SELECT 'r' || g, CASE WHEN g % 2 = 0 THEN 'resident' ELSE 'residence_registration' END, '330212', 1, g, false,
       jsonb_build_object('id_number', lpad(g::text, 18, '0'), 'name', '某' || g,
                          'phone', '138' || lpad(g::text, 8, '0'),
                          'resident_id', 'r' || (g - 1), 'status', 'living'),
       '{}'::jsonb, '{}'::jsonb, '', '', ''
FROM generate_series(1, 20000) AS g
"""


@pytest.mark.postgres
def test_postgres_plans_use_the_expression_indexes() -> None:
    """EXPLAIN on a migrated schema with 20,000 records: each probe is a scan of its partial expression index."""
    with pg_schema_url() as url:
        create_app(url)  # Alembic upgrade head
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(text(_FILL))
                conn.execute(text("ANALYZE record"))
                probes = {f"ix_record_resident_{key}": search.resident_query(key, "x", 20)
                          for key in ("id_number", "name", "phone")}
                probes["ix_record_registration_resident"] = search.registrations_query(["r10", "r12"])
                for index, stmt in probes.items():
                    sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
                    plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
                    assert f"Index Scan on {index}" in plan or f"Index Scan using {index} on record" in plan, plan
        finally:
            engine.dispose()


def test_a_search_that_returns_people_is_audited_without_what_was_typed(api: TestClient, db_url: str) -> None:
    """Issue 7 §5: central records who searched and how many people came back, never the ID number,
    name or phone typed (an ID-number query is personal data: only its kind is kept)."""
    from tests.central.conftest import API_USER

    ids = _seed(api)

    def events() -> list[dict[str, Any]]:
        engine = make_engine(db_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT * FROM audit_log WHERE action = 'view' ORDER BY id")).mappings().all()
        finally:
            engine.dispose()
        return [dict(r) for r in rows]

    assert _search(api, name="王五") == [] and events() == []  # nobody found: nothing viewed
    assert len(_search(api, id_number=ZHANG)) == 1
    assert len(_search(api, name="李四", phone="13812345678")) == 2
    first, second = events()
    assert (first["user"], first["action"], first["entity"], first["record_id"], first["count"], first["detail"]) == (
        API_USER, "view", "resident", ids["zhang"], 1, "search by id_number")
    assert (second["record_id"], second["count"], second["detail"]) == ("", 2, "search by name, phone")
    assert first["device_id"] and first["role"]
    for event in (first, second):
        stored = " ".join(str(v) for v in event.values())
        assert not any(value in stored for value in (ZHANG, ZHANG[-6:], "张三", "李四", "13812345678"))
    listed = api.get(f"{P}/audit", params={"action": "view"})  # the supervisor reads them in GET /audit
    assert listed.status_code == 200, listed.text
    assert [(e["source"], e["count"]) for e in listed.json()["events"]] == [("central", 2), ("central", 1)]
