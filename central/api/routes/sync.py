"""Sync endpoints (DESIGN §5): handshake, push, pull."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from central import crud
from central.api.deps import EngineDep
from central.config import MAX_PULL_LIMIT
from desktop.sync.protocol import MAX_BATCH, Handshake, PullPage, PushRequest, PushResponse

logger = logging.getLogger(__name__)
router = APIRouter(tags=["sync"])


@router.get("/handshake", response_model=Handshake)
def handshake(engine: EngineDep, device_id: Annotated[str, Query(min_length=1, max_length=64)]) -> Handshake:
    """Return server_id, epoch, schema versions and this device's high-water mark (0 if unknown)."""
    return crud.handshake(engine, device_id)


@router.post(
    "/sync/push",
    response_model=PushResponse,
    responses={409: {"description": "bound to another server"}, 413: {"description": "batch too large"},
               426: {"description": "client schema not accepted"}},
)
def push(engine: EngineDep, req: PushRequest) -> PushResponse:
    """Apply a batch of one device's mutations exactly once; answer a receipt per mutation.

    413 when the batch has more than ``MAX_BATCH`` mutations; 426 when the schema version is not
    accepted; 409 when the device is bound to another server.
    """
    if len(req.mutations) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} mutations per batch")
    if not _clean_identifiers(req):
        raise HTTPException(422, "identifiers must be 1-64 characters without NUL")
    try:
        resp = crud.push(engine, req)
    except crud.SchemaRefused as exc:
        raise HTTPException(426, str(exc)) from exc
    except crud.WrongServer as exc:
        raise HTTPException(409, "wrong_server") from exc
    logger.info("push %s: %d mutations, high water %d", req.device_id, len(req.mutations), resp.high_water)
    return resp


def _clean_identifiers(req: PushRequest) -> bool:
    """Device ids, entities, users and field names are text every database can store."""
    def ok(text: str, limit: int = 64) -> bool:
        return "\x00" not in text and len(text) <= limit

    return 0 < len(req.device_id) <= 64 and ok(req.device_id) and all(
        ok(mut.record_id) and ok(mut.entity) and ok(mut.user) and all(ok(name) for name in mut.fields)
        for mut in req.mutations
    )


@router.get("/sync/pull", response_model=PullPage)
def pull(
    engine: EngineDep,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 2000,
) -> PullPage:
    """Return records changed after ``cursor`` in change-sequence order (at most ``limit`` ≤ 5000)."""
    return crud.pull(engine, cursor, limit)
