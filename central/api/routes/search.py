"""Search before create (issue 4): ``GET /residents/search`` — is this person registered anywhere?"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from central import crud, search
from central.api.deps import EngineDep, PrincipalDep
from desktop.sync.protocol import MAX_SEARCH_LIMIT, ResidentSearchResponse

router = APIRouter(tags=["search"])


@router.get("/residents/search", response_model=ResidentSearchResponse)
def search_residents(
    engine: EngineDep,
    principal: PrincipalDep,
    id_number: Annotated[str, Query(max_length=32)] = "",
    name: Annotated[str, Query(max_length=64)] = "",
    phone: Annotated[str, Query(max_length=32)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_LIMIT)] = 20,
) -> ResidentSearchResponse:
    """Residents matching the ID number, the exact name or the phone, each with its living
    registrations and their addresses' full text; strongest match first (ID, phone, name).

    Scoped (issue 7, docs/api.md "Scope"): residents the user may read, plus those a grid officer or
    supervisor matched by exact ID number (granted to the user so they can be moved in; phone masked).
    Grid officers and supervisors see full ID numbers and phones; other roles see them masked.
    A search that returns people is audited on central (``view``: who, how many, the kinds of
    criteria — never the typed values) before the answer is sent.
    """
    found = search.find_residents(engine, id_number=id_number, name=name, phone=phone, limit=limit,
                                  full_view=principal.role in search.FULL_VIEW_ROLES,
                                  scope=crud.scope_of(engine, principal))
    search.record_view(engine, user=principal.username, role=principal.role, device_id=principal.device_id,
                       id_number=id_number, name=name, phone=phone, response=found)
    return found
