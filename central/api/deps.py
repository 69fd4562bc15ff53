"""Dependencies shared by the routes: the database engine held in ``app.state``, the signed-in
principal of a ``Authorization: Bearer <access token>`` header (401 without a valid one), the
supervisor check (403 for other roles) and the client's address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from central import auth


def get_engine(request: Request) -> Engine:
    """Return the engine :func:`central.main.create_app` stored on the app."""
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]

_bearer = HTTPBearer(auto_error=False)


def get_secret(request: Request) -> str:
    """Return the token signing secret (read from the database once per app)."""
    secret: str = request.app.state.token_secret
    return secret


SecretDep = Annotated[str, Depends(get_secret)]


def get_principal(
    engine: EngineDep, secret: SecretDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Principal:
    """Return who the Bearer token speaks for. Raises: HTTPException 401 (missing/invalid/expired,
    revoked device, disabled user)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "sign-in required", headers={"WWW-Authenticate": "Bearer"})
    try:
        return auth.authenticate(engine, secret, credentials.credentials)
    except auth.AuthFailed as exc:
        raise HTTPException(401, "sign-in required", headers={"WWW-Authenticate": "Bearer"}) from exc


PrincipalDep = Annotated[auth.Principal, Depends(get_principal)]


def get_supervisor(principal: PrincipalDep) -> auth.Principal:
    """Return the principal if it is a supervisor. Raises: HTTPException 403 for any other role."""
    if principal.role != "supervisor":
        raise HTTPException(403, "supervisors only")
    return principal


SupervisorDep = Annotated[auth.Principal, Depends(get_supervisor)]


def client_ip(request: Request) -> str:
    """The client's address: the peer, or behind a trusted reverse proxy the address it forwarded
    (uvicorn ``--proxy-headers`` with ``--forwarded-allow-ips`` set to the proxy; docs/deploy.md)."""
    return request.client.host if request.client is not None else ""
