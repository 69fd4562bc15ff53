"""Sign-in endpoints: login (registers a device once), token refresh, device revocation."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException

from central import auth
from central.api.deps import EngineDep, PrincipalDep, SecretDep
from desktop.sync.protocol import LoginRequest, RefreshRequest, TokenResponse

logger = logging.getLogger(__name__)
router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenResponse, response_model_exclude_none=True)
def login(engine: EngineDep, secret: SecretDep, req: LoginRequest) -> TokenResponse:
    """Check user name and password; answer an access token (and the device credential on the
    device's first sign-in). 401 wrong user or password; 403 the device was revoked."""
    try:
        return auth.login(engine, secret, req.username, req.password, req.device_id)
    except auth.AuthFailed as exc:
        raise HTTPException(401, "wrong user name or password") from exc
    except auth.Forbidden as exc:
        raise HTTPException(403, "device revoked") from exc


@router.post("/auth/refresh", response_model=TokenResponse, response_model_exclude_none=True)
def refresh(engine: EngineDep, secret: SecretDep, req: RefreshRequest) -> TokenResponse:
    """A new access token for the device's signed-in user. 401 bad or revoked credential."""
    try:
        return auth.refresh(engine, secret, req.device_id, req.device_token)
    except auth.AuthFailed as exc:
        raise HTTPException(401, "device credential not accepted") from exc


@router.post("/devices/{device_id}/revoke")
def revoke(engine: EngineDep, principal: PrincipalDep, device_id: str) -> dict[str, str]:
    """Revoke a device's credential (supervisors only: 403 otherwise; 404 unknown device)."""
    if principal.role != "supervisor":
        raise HTTPException(403, "supervisors only")
    if not auth.revoke(engine, device_id, principal.username):
        raise HTTPException(404, "unknown device")
    return {"device_id": device_id, "status": "revoked"}
