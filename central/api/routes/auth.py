"""Sign-in endpoints: login (registers a device once; rate limited), token refresh, device revocation."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from central import auth
from central.api.deps import EngineDep, PrincipalDep, SecretDep, client_ip
from central.api.errors import ERROR_RESPONSES
from desktop.sync.protocol import NO_NUL, LoginRequest, RefreshRequest, TokenResponse

logger = logging.getLogger(__name__)
router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenResponse, response_model_exclude_none=True,
             responses={429: ERROR_RESPONSES[429]})
def login(engine: EngineDep, secret: SecretDep, req: LoginRequest, request: Request) -> TokenResponse:
    """Check user name and password; answer an access token (and the device credential on the
    device's first sign-in). 401 wrong user or password; 403 the device was revoked; 429 too many
    failed sign-ins for this user name or client address (``Retry-After`` says when to retry)."""
    state = request.app.state
    try:
        return auth.login(engine, secret, req.username, req.password, req.device_id, state.token_ttl_s,
                          client_ip=client_ip(request), limit=state.login_limit)
    except auth.RateLimited as exc:
        raise HTTPException(429, "too many failed sign-ins; try again later",
                            headers={"Retry-After": str(exc.retry_after)}) from exc
    except auth.AuthFailed as exc:
        raise HTTPException(401, "wrong user name or password") from exc
    except auth.Forbidden as exc:
        raise HTTPException(403, "device revoked") from exc


@router.post("/auth/refresh", response_model=TokenResponse, response_model_exclude_none=True)
def refresh(engine: EngineDep, secret: SecretDep, req: RefreshRequest, request: Request) -> TokenResponse:
    """A new access token for the device's signed-in user. 401 bad or revoked credential."""
    try:
        return auth.refresh(engine, secret, req.device_id, req.device_token, request.app.state.token_ttl_s)
    except auth.AuthFailed as exc:
        raise HTTPException(401, "device credential not accepted") from exc


@router.post("/devices/{device_id}/revoke", responses={404: ERROR_RESPONSES[404]})
def revoke(engine: EngineDep, principal: PrincipalDep,
           device_id: Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL)]) -> dict[str, str]:
    """Revoke a device's credential (supervisors only: 403 otherwise; 404 unknown device). Its
    access tokens and credential stop working at once (401); the revocation is audited."""
    if principal.role != "supervisor":
        raise HTTPException(403, "supervisors only")
    if not auth.revoke(engine, device_id, principal.username, principal.role):
        raise HTTPException(404, "unknown device")
    return {"device_id": device_id, "status": "revoked"}
