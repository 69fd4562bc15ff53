"""Sign-in (issue 3 §8): argon2 passwords, a device registered once, revocable credential,
expiring tokens, batches bound to user and device, the create-user command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jwt
from fastapi.testclient import TestClient
from sqlalchemy import select

from central import models
from central.auth import ACCESS_TTL_S
from central.db import make_engine
from desktop.domain.entities import SCHEMA_VERSION
from tests.sync.support import PASSWORD

P = "/api/v1"


def _login(api: TestClient, user: str, device: str, password: str = PASSWORD) -> dict[str, object]:
    resp = api.post(f"{P}/auth/login", json={"username": user, "password": password, "device_id": device})
    return {"status": resp.status_code, **(resp.json() if resp.status_code == 200 else {})}


def test_login_registers_the_device_once_and_refresh_and_revoke_work(api: TestClient, db_url: str) -> None:
    assert _login(api, "officer1", "dev-x", "wrong")["status"] == 401
    assert _login(api, "nobody", "dev-x")["status"] == 401
    first = _login(api, "officer1", "dev-x")
    assert first["status"] == 200 and first["role"] == "grid_officer" and first["expires_in"] == ACCESS_TTL_S
    device_token = str(first["device_token"])
    assert "device_token" not in _login(api, "officer1", "dev-x")  # registered once
    engine = make_engine(db_url)
    with engine.connect() as conn:
        user = conn.execute(select(models.app_user).where(models.app_user.c.username == "officer1")).one()
        cred = conn.execute(select(models.device_credential)).one()
    engine.dispose()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert device_token not in cred.token_hash

    refreshed = api.post(f"{P}/auth/refresh", json={"device_id": "dev-x", "device_token": device_token})
    assert refreshed.status_code == 200 and refreshed.json()["username"] == "officer1"
    bad = api.post(f"{P}/auth/refresh", json={"device_id": "dev-x", "device_token": "guess"})
    assert bad.status_code == 401

    token = refreshed.json()["access_token"]
    hdr = {"Authorization": f"Bearer {token}"}
    assert api.get(f"{P}/handshake", params={"device_id": "dev-x"}, headers=hdr).status_code == 200
    assert api.get(f"{P}/handshake", params={"device_id": "dev-y"}, headers=hdr).status_code == 403
    assert api.post(f"{P}/devices/dev-x/revoke", headers=hdr).status_code == 403  # not a supervisor
    sup = _login(api, "supervisor1", "dev-sup")
    sup_hdr = {"Authorization": f"Bearer {sup['access_token']}"}
    assert api.post(f"{P}/devices/dev-x/revoke", headers=sup_hdr).status_code == 200
    assert api.get(f"{P}/handshake", params={"device_id": "dev-x"}, headers=hdr).status_code == 401
    assert _login(api, "officer1", "dev-x")["status"] == 403
    assert api.post(f"{P}/auth/refresh", json={"device_id": "dev-x", "device_token": device_token}
                    ).status_code == 401


def test_tokens_expire_and_must_be_signed(api: TestClient) -> None:
    token = str(_login(api, "officer1", "dev-e")["access_token"])
    claims = jwt.decode(token, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": claims["iat"] - 1}, api.app.state.token_secret,  # type: ignore[attr-defined]
                         algorithm="HS256")
    forged = jwt.encode(claims, "not-the-secret-but-long-enough-for-hs256!", algorithm="HS256")
    for bad in (expired, forged, "garbage"):
        resp = api.get(f"{P}/handshake", params={"device_id": "dev-e"},
                       headers={"Authorization": f"Bearer {bad}"})
        assert resp.status_code == 401
    assert api.get(f"{P}/sync/pull", headers={"Authorization": "Basic b2ZmaWNlcjE6eA=="}).status_code == 401


def test_batches_are_bound_to_the_signed_in_user(api: TestClient) -> None:
    token = str(_login(api, "officer2", "dev-b")["access_token"])
    hdr = {"Authorization": f"Bearer {token}"}

    def push(user: str, no: int) -> int:
        mut = {"mutation_no": no, "entity": "area", "record_id": f"r{no}", "base_version": 0, "user": user,
               "fields": {"level": "grid", "name": "x"}}
        return api.post(f"{P}/sync/push", headers=hdr, json={
            "device_id": "dev-b", "schema_version": SCHEMA_VERSION, "mutations": [mut]}).status_code

    assert push("officer2", 1) == 200
    assert push("officer1", 2) == 403  # another user's edits in this user's batch
    other = str(_login(api, "officer1", "dev-c")["access_token"])
    resp = api.post(f"{P}/sync/push", headers={"Authorization": f"Bearer {other}"}, json={
        "device_id": "dev-b", "schema_version": SCHEMA_VERSION, "mutations": []})
    assert resp.status_code == 403  # a token of another device


def test_create_user_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    base = [sys.executable, "-m", "central", "create-user", "--db", db, "--username", "wang", "--role", "supervisor"]
    no_area = subprocess.run([*base, "--password", "s3cret-pass"], capture_output=True, timeout=60, text=True)
    assert no_area.returncode != 0 and "--area" in no_area.stderr  # a supervisor of nothing: the trial's demo
    short = subprocess.run([*base, "--password", "123456789", "--area", "330212"], capture_output=True,
                           timeout=60, text=True)
    assert short.returncode != 0 and "10 characters" in short.stderr
    cmd = [*base, "--password", "s3cret-pass", "--area", "330212"]
    done = subprocess.run(cmd, check=True, capture_output=True, timeout=60, text=True)
    assert done.stdout == "user wang saved: role supervisor, area 330212\n"
    again = subprocess.run(cmd, capture_output=True, timeout=60, text=True)
    assert again.returncode != 0 and "exists" in again.stderr
    usage = subprocess.run([sys.executable, "-m", "central", "--help"], capture_output=True, timeout=60, text=True)
    assert all(name in usage.stdout for name in ("create-user", "migrate", "after-restore"))
    engine = make_engine(db)
    with engine.connect() as conn:
        row = conn.execute(select(models.app_user)).one()
    engine.dispose()
    assert (row.username, row.role) == ("wang", "supervisor") and "s3cret" not in row.password_hash
