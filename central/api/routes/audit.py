"""``GET /audit`` (issue 7 §5): the audit trail, newest first, for supervisors of the users' area."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from central import audit
from central.api.deps import EngineDep, SupervisorDep
from desktop.sync.protocol import NO_NUL

router = APIRouter(tags=["audit"])


class AuditEventOut(BaseModel):
    """One audit event: a device's (``source`` "device", a synced ``audit_event`` record) or central's own."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="record UUID of a device's event; central-N for central's own")
    source: Literal["device", "central"]
    district_code: str
    at: str = Field(description="when, ISO-8601 UTC")
    user: str = Field(description="who (a device's event: as the device recorded it; '' an unknown user name)")
    role: str
    action: str = Field(description="view, reveal, create, update, delete, export, import, resolve, sign_in, "
                                    "sign_out, unlock_failed, lock, archive, assign")
    entity: str
    record_id: str
    detail: str = Field(description="short text, never personal data")
    count: int
    device_id: str
    pushed_by: str = Field(description="the user named by the push that carried a device's event (central checks "
                                       "it is the signed-in user or the device's registering user); '' central's")


class AuditPage(BaseModel):
    """A page of audit events, newest first; ``has_more``: a page at ``offset + limit`` holds more."""

    model_config = ConfigDict(extra="forbid")
    events: list[AuditEventOut]
    limit: int
    offset: int
    has_more: bool


def _utc_text(value: datetime | None) -> str | None:
    """The instant as the audit events spell it (UTC, milliseconds); a naive time is taken as UTC.

    An instant that is not in years 1-9999 once in UTC (e.g. 0001-01-01T00:00+14:00) is the
    calendar's first or last millisecond (it answered 500 before).
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        value = datetime.min.replace(tzinfo=UTC) if value.year == 1 else datetime.max.replace(tzinfo=UTC)
    return value.isoformat(timespec="milliseconds")


Text = Annotated[str | None, Query(min_length=1, max_length=64, pattern=NO_NUL)]


@router.get("/audit", response_model=AuditPage)
def audit_events(
    engine: EngineDep,
    supervisor: SupervisorDep,
    user: Text = None,
    action: Annotated[str | None, Query(min_length=1, max_length=16, pattern=NO_NUL)] = None,
    entity: Text = None,
    record_id: Text = None,
    since: Annotated[datetime | None, Query(description="events at or after (ISO-8601; naive = UTC)")] = None,
    until: Annotated[datetime | None, Query(description="events at or before (ISO-8601; naive = UTC)")] = None,
    limit: Annotated[int, Query(ge=1, le=audit.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=audit.MAX_OFFSET)] = 0,
) -> AuditPage:
    """Audit events matching every given filter, newest first (supervisors only: 403 otherwise).

    A supervisor of the whole district sees all, including failed sign-ins of unknown user names;
    any other sees their own and those of the users of their area: users whose area code starts
    with theirs and the officers of the grids below it (``central.audit.visible_users``).
    """
    query = audit.AuditQuery(user=user, action=action, entity=entity, record_id=record_id,
                             since=_utc_text(since), until=_utc_text(until), limit=limit, offset=offset)
    events, has_more = audit.find_events(engine, query, supervisor.username, supervisor.area)
    return AuditPage(events=[AuditEventOut.model_validate(e) for e in events], limit=limit, offset=offset,
                     has_more=has_more)
