"""Sync endpoints (DESIGN §5): handshake, push, pull, open conflicts. All need a Bearer token
whose device is the one named in the request (403 otherwise)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel

from central import auth, crud
from central.api.deps import EngineDep, PrincipalDep
from central.config import MAX_PULL_LIMIT
from desktop.sync.protocol import MAX_BATCH, MAX_INT, ConflictsResponse, Handshake, PullPage, PushRequest, PushResponse

logger = logging.getLogger(__name__)
router = APIRouter(tags=["sync"])


def _json(model: BaseModel) -> Response:
    """The model as a JSON response, serialised once by pydantic-core. Returning the model instead
    makes FastAPI validate it again against ``response_model`` before serialising it (for a push or
    pull of thousands of rows that was as costly as building it); the schema stays documented."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get("/handshake", response_model=Handshake)
def handshake(engine: EngineDep, principal: PrincipalDep, request: Request,
              device_id: Annotated[str, Query(min_length=1, max_length=64)]) -> Handshake:
    """Return server_id, epoch, schema versions, the body limit and this device's high-water mark
    (0 if unknown). 403 when the token belongs to another device."""
    if device_id != principal.device_id:
        raise HTTPException(403, "token of another device")
    hs = crud.handshake(engine, device_id, principal)
    return hs.model_copy(update={"max_body_bytes": int(request.app.state.max_body_bytes)})


@router.post(
    "/sync/push",
    response_model=PushResponse,
    responses={409: {"description": "bound to another server"}, 413: {"description": "batch too large"},
               426: {"description": "client schema not accepted"}},
)
def push(engine: EngineDep, principal: PrincipalDep, req: PushRequest) -> Response:
    """Apply a batch of one device's mutations exactly once; answer a receipt per mutation.

    413 when the batch has more than ``MAX_BATCH`` mutations; 426 when the schema version is not
    accepted; 409 when the device is bound to another server; 403 when the token's device is not
    ``device_id`` or a mutation's ``user`` is neither the signed-in user nor the user who
    registered the device (batches are bound to user and device).
    """
    if len(req.mutations) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} mutations per batch")
    if req.device_id != principal.device_id:
        raise HTTPException(403, "token of another device")
    users = {mut.user for mut in req.mutations} - {principal.username, ""}  # "": the signed-in user
    if users and users - {auth.registered_by(engine, req.device_id)}:
        raise HTTPException(403, "mutations of another user")
    try:
        resp = crud.push(engine, req, principal=principal)
    except crud.SchemaRefused as exc:
        raise HTTPException(426, str(exc)) from exc
    except crud.WrongServer as exc:
        raise HTTPException(409, "wrong_server") from exc
    logger.info("push %s: %d mutations, high water %d", req.device_id, len(req.mutations), resp.high_water)
    return _json(resp)


@router.get("/sync/pull", response_model=PullPage)
def pull(
    engine: EngineDep,
    principal: PrincipalDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,  # issue 7: beyond 64 bits answered 500
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 2000,
    since: Annotated[int | None, Query(ge=0, description="the cursor this pull run started from")] = None,
) -> Response:
    """Return records changed after ``cursor`` that the signed-in user may read (issue 7 scope: an
    officer's grids, a verifier's sampled addresses, a supervisor's area; docs/api.md "Scope"), in
    change-sequence order (at most ``limit`` ≤ 5000)."""
    return _json(crud.pull(engine, cursor, limit, scope=crud.scope_of(engine, principal), since=since))


@router.get("/sync/conflicts", response_model=ConflictsResponse)
def conflicts(engine: EngineDep, principal: PrincipalDep) -> ConflictsResponse:
    """Return every open conflict of a record the signed-in user may read (both values, who, when,
    which device), oldest first."""
    return crud.open_conflicts(engine, scope=crud.scope_of(engine, principal))
