"""Health, rates and statistics endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from central import crud
from central.api.deps import EngineDep, PrincipalDep
from desktop.domain.entities import SCHEMA_VERSION
from desktop.sync.protocol import NO_NUL, Health, RatesResponse

router = APIRouter(tags=["info"])


@router.get("/health", response_model=Health)
def health(engine: EngineDep) -> Health:
    """Return ``ok`` with this instance's server_id (the database answered)."""
    return Health(status="ok", server_id=crud.server_id(engine), schema_version=SCHEMA_VERSION)


@router.get("/rates", response_model=RatesResponse)
def rates(engine: EngineDep, principal: PrincipalDep,
          area: Annotated[str, Query(min_length=1, max_length=64, pattern=NO_NUL)]) -> RatesResponse:
    """Return the three rates (DESIGN §6) for the area whose code or id is in ``area_path``.

    403 when the area is outside the signed-in user's scope (issue 7: an officer reads its own grids,
    a supervisor the areas under its own; docs/api.md "Scope")."""
    if not crud.may_read_area(engine, crud.scope_of(engine, principal), area):
        raise HTTPException(403, "area outside your scope")
    return crud.rates(engine, area)


@router.get("/stats/counts", response_model=dict[str, int])
def stats_counts(engine: EngineDep, principal: PrincipalDep) -> dict[str, int]:
    """Return {entity: number of non-deleted records the signed-in user may read}."""
    return crud.counts(engine, scope=crud.scope_of(engine, principal))
