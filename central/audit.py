"""The audit trail on central (issue 7 §5): who viewed, revealed, changed, exported or resolved what, when.

Two sources, read together by :func:`find_events`:

* devices' audit events: synced records of entity ``audit_event`` (fields in
  :data:`desktop.domain.entity_fields.ENTITY_FIELDS`), pushed like any record and append-only
  (central rejects an update or delete of one with the reason ``audit.immutable``, ``central.merge``);
* central's own events in the ``audit_log`` table (:func:`record_event`): sign-ins (successful,
  failed, refused) and device revocations. Nothing but this module writes that table, and no
  endpoint changes or deletes a row of it.

Who may read what: supervisors only. A supervisor of the whole district (area 330212, as
:func:`central.scope.load_scope` decides) sees every event, including failed sign-ins of unknown user
names; any other supervisor sees their own events, those of the users whose ``area`` starts with
theirs or lies below it (their community or town), and those of the grid officers assigned to the
grids below it (:func:`visible_users`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, literal_column, select

from central import models as m
from central.db import read_tx, utc_now
from central.scope import load_scope
from desktop.domain.entities import YINZHOU_DISTRICT_CODE

logger = logging.getLogger(__name__)

#: The actions of an audit event (the vocabulary of the synced ``audit_event`` entity).
ACTIONS = ("view", "reveal", "create", "update", "delete", "export", "import", "resolve", "sign_in",
           "sign_out", "unlock_failed", "lock", "archive", "assign")
#: Most events one ``GET /audit`` page holds, and the deepest offset it reaches.
MAX_LIMIT = 500
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class AuditQuery:
    """Filters of ``GET /audit``; ``since``/``until`` are UTC ISO-8601 texts (inclusive bounds)."""

    user: str | None = None
    action: str | None = None
    entity: str | None = None
    record_id: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 100
    offset: int = 0


def record_event(conn: Connection, *, user: str, action: str, role: str = "", entity: str = "",
                 record_id: str = "", detail: str = "", count: int = 0, device_id: str = "") -> None:
    """Append one of central's own events to ``audit_log`` inside the caller's transaction.

    ``detail`` is a short text without personal data (cut to 200 characters).

    Raises:
        ValueError: ``action`` is not one of :data:`ACTIONS`.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(m.audit_log.insert().values(
        district_code=YINZHOU_DISTRICT_CODE, at=utc_now(), user=user[:64], role=role[:32], action=action,
        entity=entity[:32], record_id=record_id[:64], detail=detail[:200], count=count, device_id=device_id[:64],
    ))


def visible_users(conn: Connection, username: str, area: str) -> list[str] | None:
    """The user names whose events the supervisor ``username`` of ``area`` sees (None: everyone's).

    Everyone's when the supervisor reaches the whole district (:func:`central.scope.load_scope`);
    otherwise their own, those of users whose ``area`` starts with ``area`` or is an area below it,
    and those of the officers assigned to the grids below it.
    """
    scope = load_scope(conn, username, "supervisor", area)
    if scope.everything:
        return None
    users = {username}
    if area:
        users |= {str(name) for name, user_area in conn.execute(select(m.app_user.c.username, m.app_user.c.area))
                  if user_area and (str(user_area).startswith(area) or user_area in scope.areas)}
    if scope.grids:
        r = m.record
        users |= {str(name) for (name,) in conn.execute(
            select(m.DataText("officer")).where(r.c.entity == literal_column("'area'"),
                                                r.c.id.in_(sorted(scope.grids)))) if name}
    return sorted(users)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def find_events(engine: Engine, query: AuditQuery, username: str, area: str) -> tuple[list[dict[str, Any]], bool]:
    """Return (events newest first, whether more follow) for the supervisor ``username`` of ``area``
    (the events of :func:`visible_users`).

    Each event: ``id`` (the record UUID of a device's event, ``central-N`` for central's own),
    ``source`` ("device"/"central"), the ``audit_event`` fields, ``device_id`` and ``pushed_by``
    (the user named by the push that carried a device's event, which central checked against the
    signed-in user: the event's own ``user`` is the device's claim). Ordered by ``at``, then ``id``, both descending.
    """
    wanted = query.offset + query.limit + 1
    with read_tx(engine) as conn:
        users = visible_users(conn, username, area)
        events = _device_events(conn, query, users, wanted) + _central_events(conn, query, users, wanted)
    events.sort(key=lambda e: (e["at"], e["id"]), reverse=True)
    page = events[query.offset:query.offset + query.limit]
    return page, len(events) > query.offset + query.limit


def _device_events(conn: Connection, q: AuditQuery, users: list[str] | None, wanted: int) -> list[dict[str, Any]]:
    r = m.record
    at = m.DataText("at")
    # a literal, not a bound parameter: the planner must prove ix_record_audit_at's predicate
    cond: list[Any] = [r.c.entity == literal_column("'audit_event'"), r.c.deleted.is_(False)]
    for key, value in (("user", q.user), ("action", q.action), ("entity", q.entity), ("record_id", q.record_id)):
        if value is not None:
            cond.append(m.DataText(key) == value)
    if q.since is not None:
        cond.append(at >= q.since)
    if q.until is not None:
        cond.append(at <= q.until)
    if users is not None:
        cond.append(m.DataText("user").in_(users))
    rows = conn.execute(select(r.c.id, r.c.data, r.c.device_id, r.c.updated_by).where(*cond)
                        .order_by(at.desc(), r.c.id.desc()).limit(wanted))
    out = []
    for rid, data, device_id, updated_by in rows:
        d = dict(data)
        out.append({
            "id": rid, "source": "device", "district_code": _text(d.get("district_code")), "at": _text(d.get("at")),
            "user": _text(d.get("user")), "role": _text(d.get("role")), "action": _text(d.get("action")),
            "entity": _text(d.get("entity")), "record_id": _text(d.get("record_id")),
            "detail": _text(d.get("detail")), "count": _int(d.get("count")), "device_id": device_id or "",
            "pushed_by": updated_by or "",
        })
    return out


def _central_events(conn: Connection, q: AuditQuery, users: list[str] | None, wanted: int) -> list[dict[str, Any]]:
    a = m.audit_log
    cond: list[Any] = []
    for col, value in ((a.c.user, q.user), (a.c.action, q.action), (a.c.entity, q.entity),
                       (a.c.record_id, q.record_id)):
        if value is not None:
            cond.append(col == value)
    if q.since is not None:
        cond.append(a.c.at >= q.since)
    if q.until is not None:
        cond.append(a.c.at <= q.until)
    if users is not None:
        cond.append(a.c.user.in_(users))
    rows = conn.execute(select(a).where(*cond).order_by(a.c.at.desc(), a.c.id.desc()).limit(wanted)).mappings()
    return [{
        "id": f"central-{row['id']}", "source": "central", "district_code": row["district_code"], "at": row["at"],
        "user": row["user"], "role": row["role"], "action": row["action"], "entity": row["entity"],
        "record_id": row["record_id"], "detail": row["detail"], "count": int(row["count"]),
        "device_id": row["device_id"], "pushed_by": "",
    } for row in rows]
