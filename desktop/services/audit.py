"""The local audit log (issue 7 item 5): who revealed, exported, imported, resolved, archived what.

An event is a synced ``audit_event`` record (fields in :mod:`desktop.domain.entity_fields`), written
with :func:`record` inside the transaction of the action it describes, so the action and its trace
commit or roll back together and the event travels to central through the outbox. The store refuses
any change or deletion of an event (triggers, ``desktop.store.tables.AUDIT_DDL``).

What is audited, and what is not (docs/security.md, Desktop): reveal of a masked value, export,
import, conflict resolution, sign-in and sign-out, failed unlocks (counted, written at the next
successful unlock: a locked store cannot be written), lock, passphrase change, archive. Opening a
list or a record is not audited (every scroll would be noise); the reveal is the deliberate act.
``detail`` never holds personal data: ids, counts, file *kinds* and codes only.
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, func, select

from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import utc_now, write_record

#: The actions an event may name (central validates the same list).
ACTIONS: Final[tuple[str, ...]] = (
    "view", "reveal", "create", "update", "delete", "export", "import", "resolve", "sign_in", "sign_out",
    "unlock_failed", "lock", "archive", "assign",
)
#: Prefix of an operating-system account named by :func:`acting_user` (no Doorstep user signed in).
OS_PREFIX: Final = "os:"
#: ``detail`` is cut to this many characters.
DETAIL_MAX = 200


@dataclass(frozen=True)
class AuditEvent:
    """One audit event as listed in the audit view."""

    id: str
    at: str
    user: str
    role: str
    action: str
    entity: str
    record_id: str
    detail: str
    count: int
    synced: bool


def current_role(conn: Connection) -> str:
    """Return the signed-in role stored by the last sign-in (``sync_state.auth_role``), or ''."""
    value = conn.execute(select(t.sync_state.c.value).where(t.sync_state.c.key == "auth_role")).scalar()
    return str(value or "")


def acting_user(store: Store) -> str:
    """Return who acts in a run without a user of its own (command line): the profile's signed-in
    user (``sync_state.auth_user``), else the operating-system account as ``os:<name>`` so that an
    event always names someone (``os:unknown`` when the system cannot say)."""
    signed_in = store.state("auth_user")
    if signed_in:
        return signed_in
    try:
        return OS_PREFIX + getpass.getuser()
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry
        return OS_PREFIX + "unknown"


def record(conn: Connection, *, user: str, device_id: str, action: str, entity: str = "",
           record_id: str = "", detail: str = "", count: int = 0, role: str | None = None) -> str:
    """Write one audit event inside the caller's write transaction; return its id.

    Args:
        conn: a connection inside ``Store.write()`` (the action's own transaction).
        user: who acted; device_id: this device (``Store.device_id``).
        action: one of :data:`ACTIONS`.
        entity, record_id: what the action was about ('' when it was about no single record).
        detail: short text, never personal data (cut to :data:`DETAIL_MAX` characters).
        count: how many records the action touched (0 when not a count).
        role: the acting role; None: the signed-in role of this device.

    Raises:
        ValueError: unknown action, or a negative count.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if count < 0:
        raise ValueError("count must not be negative")
    event_id = str(uuid.uuid4())
    fields = {
        "at": utc_now(), "user": user, "role": current_role(conn) if role is None else role,
        "action": action, "entity": entity, "record_id": record_id, "detail": detail[:DETAIL_MAX],
        "count": int(count),
    }
    # the outbox entry is bound to the same user as the action's records ('' = the user signed in at the
    # next sync, as for a command-line import: docs/decisions.md), so the batch stays one user's; an
    # operating-system account (acting_user) is no Doorstep user: its event syncs under the next sign-in
    write_record(conn, "audit_event", event_id, fields, user="" if user.startswith(OS_PREFIX) else user,
                 device_id=device_id)
    return event_id


def log_event(store: Store, *, user: str, action: str, entity: str = "", record_id: str = "",
              detail: str = "", count: int = 0, role: str | None = None) -> str:
    """Write one audit event in a transaction of its own (for actions that are not store writes,
    such as a reveal, a lock or an export of a file); return its id."""
    with store.write() as conn:
        return record(conn, user=user, device_id=store.device_id, action=action, entity=entity,
                      record_id=record_id, detail=detail, count=count, role=role)


def list_events(store: Store, *, action: str = "", user: str = "", since: str = "", until: str = "",
                limit: int = 500) -> list[AuditEvent]:
    """Return the newest events first, filtered by action, user (exact), and ``since <= at < until``
    (ISO-8601 text, '' = open); at most ``limit`` (an indexed read on ``at``)."""
    a = t.audit_event
    query = select(a).where(a.c.deleted == 0).order_by(a.c.at.desc(), a.c.id).limit(limit)
    if action:
        query = query.where(a.c.action == action)
    if user:
        query = query.where(a.c.user == user)
    if since:
        query = query.where(a.c.at >= since)
    if until:
        query = query.where(a.c.at < until)
    with store.read() as conn:
        rows = conn.execute(query).mappings().all()
    return [_event(row) for row in rows]


def users(store: Store) -> list[str]:
    """Return the distinct users that have events, sorted (for the audit view's filter)."""
    a = t.audit_event
    with store.read() as conn:
        return [str(u) for u in conn.execute(select(a.c.user).distinct().order_by(a.c.user)).scalars()]


def count_events(store: Store, action: str = "") -> int:
    """Return how many events there are (of ``action`` when given)."""
    a = t.audit_event
    query = select(func.count()).select_from(a)
    if action:
        query = query.where(a.c.action == action)
    with store.read() as conn:
        return int(conn.execute(query).scalar() or 0)


def _event(row: Any) -> AuditEvent:
    return AuditEvent(id=str(row["id"]), at=str(row["at"]), user=str(row["user"]), role=str(row["role"]),
                      action=str(row["action"]), entity=str(row["entity"]), record_id=str(row["record_id"]),
                      detail=str(row["detail"]), count=int(row["count"]), synced=int(row["version"]) > 0)
