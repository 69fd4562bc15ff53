"""Search before create on central (issue 4): residents by ID number, exact name or phone (no HTTP here).

Every lookup is one indexed probe of ``record`` (the partial expression indexes
``ix_record_resident_*`` and ``ix_record_registration_resident`` in :mod:`central.models`):

* residents: ``entity = 'resident' AND <data key> = ?`` for each typed criterion (at most ``limit``);
* their living registrations: ``entity = 'residence_registration' AND data->>'resident_id' IN (…)``;
* the addresses' full text: by primary key.

Central matches a name exactly (the officer types it from the ID card); prefixes, initials and
phone tails stay local searches. Rows are filtered by ``deleted`` after the probe.

Who sees what (issue 7, :mod:`central.scope`): residents the user may read come with full ID numbers
and phones for a grid officer or a supervisor (masked for other roles). A resident outside the user's
scope is left out, unless a grid officer or supervisor matched them by their exact ID number (they hold
the person's card): then the answer says where the person lives, with the phone masked, and the
user is *granted* the person (``scope_grant``; the person's rows get new change sequence numbers), so
the next sync brings them to the device and the move in works (docs/decisions.md).

Every search that returns people is a ``view`` event in central's audit log (:func:`record_view`):
who, how many, and which kinds of criteria, never the typed values.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, Select, false, insert, literal_column, select

from central import models as m
from central.db import read_tx, utc_now, write_tx
from central.scope import Scope, read_filter
from desktop.domain.idnumber import normalize_id_number, upgrade_15_to_18
from desktop.domain.phone import normalize_phone
from desktop.domain.resident import normalize_name
from desktop.sync.protocol import CentralResidence, CentralResidentMatch, ResidentSearchResponse

#: Roles that see full ID numbers and phones in search answers (issue 7 narrows this by area).
FULL_VIEW_ROLES = frozenset({"grid_officer", "supervisor"})
_WEIGHTS = {"id_number": 100, "phone": 30, "name": 20}


def _entity(name: str) -> Any:
    # a literal, not a bound parameter: both planners must prove the partial indexes' predicate
    return m.record.c.entity == literal_column(f"'{name}'")


def resident_query(key: str, value: str, limit: int) -> Select[Any]:
    """The indexed probe for residents whose ``data[key]`` equals ``value`` (key: id_number, name, phone)."""
    r = m.record
    return (select(r.c.id).where(_entity("resident"), m.DataText(key) == value, r.c.deleted == false())
            .limit(limit))


def registrations_query(resident_ids: list[str]) -> Select[Any]:
    """The indexed probe for the registrations of ``resident_ids`` (every status; live rows only)."""
    r = m.record
    return select(r.c.id, r.c.data).where(_entity("residence_registration"),
                                          m.DataText("resident_id").in_(resident_ids), r.c.deleted == false())


def normalize_criteria(id_number: str, name: str, phone: str) -> dict[str, str]:
    """Return {key: normalised value} of the typed criteria (empty ones left out)."""
    out: dict[str, str] = {}
    number = normalize_id_number(id_number) if id_number.strip() else ""
    if len(number) == 15 and number.isdigit():
        number = upgrade_15_to_18(number)
    if len(number) >= 15:
        out["id_number"] = number
    if normalize_name(name):
        out["name"] = normalize_name(name)
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone) if ch.isdigit())
    if len(digits) >= 7:
        out["phone"] = normalize_phone(phone)
    return out


def find_residents(engine: Engine, *, id_number: str = "", name: str = "", phone: str = "",
                   limit: int = 20, full_view: bool = True, scope: Scope | None = None) -> ResidentSearchResponse:
    """Return residents on central matching any criterion, strongest first, with where they live now.

    ``scope``: the signed-in user's (None: no limit); see the module docstring for what it changes.
    """
    criteria = normalize_criteria(id_number, name, phone)
    if not criteria:
        return ResidentSearchResponse(matches=[])
    reasons: dict[str, set[str]] = {}
    with read_tx(engine) as conn:
        for key, value in criteria.items():
            for (rid,) in conn.execute(resident_query(key, value, limit)):
                reasons.setdefault(str(rid), set()).add(key)
        if not reasons:
            return ResidentSearchResponse(matches=[])
        residents = {str(rid): data for rid, data in conn.execute(
            select(m.record.c.id, m.record.c.data).where(m.record.c.id.in_(list(reasons))))}
        visible = set(residents)
        if scope is not None and not scope.everything:
            visible = {str(rid) for (rid,) in conn.execute(
                select(m.record.c.id).where(m.record.c.id.in_(list(residents)), read_filter(scope)))}
        may_grant = scope is not None and scope.role in ("grid_officer", "supervisor")
        grants = sorted(rid for rid in residents
                        if rid not in visible and may_grant and "id_number" in reasons[rid])
        residents = {rid: data for rid, data in residents.items() if rid in visible or rid in grants}
        living = _living(conn, list(residents))
    if grants and scope is not None:
        _grant(engine, scope.username, grants)
    matches = []
    for rid, data in residents.items():
        data = _as_dict(data)
        number, tel = str(data.get("id_number") or ""), str(data.get("phone") or "")
        full = full_view and rid in visible
        matches.append(CentralResidentMatch(
            resident_id=rid, name=str(data.get("name") or ""),
            id_number=number if full_view else mask_id_number(number),
            birth_date=data.get("birth_date"), phone=tel if full else mask_phone(tel),
            masked=not full, reasons=sorted(reasons[rid]),  # type: ignore[arg-type]
            living_at=living.get(rid, [])))
    matches.sort(key=lambda x: (-sum(_WEIGHTS[w] for w in x.reasons), x.name, x.resident_id))
    return ResidentSearchResponse(matches=matches[:limit])


def record_view(engine: Engine, *, user: str, role: str, device_id: str, id_number: str = "", name: str = "",
                phone: str = "", response: ResidentSearchResponse) -> None:
    """Write the ``view`` event of a search that returned people to central's ``audit_log`` (issue 7 §5).

    Who (user, role, device), how many people (``count``), the one resident's id when there was one
    match, and only the *kinds* of the criteria (``detail`` "search by id_number, name"): the typed
    ID number, name or phone are personal data and never stored. A search that found nobody writes
    nothing. Called before the answer is sent, so an answer whose event could not be written is not
    sent (the error is a 500).
    """
    from central.audit import record_event

    if not response.matches:
        return
    kinds = ", ".join(sorted(normalize_criteria(id_number, name, phone)))
    record_id = response.matches[0].resident_id if len(response.matches) == 1 else ""
    with write_tx(engine) as conn:
        record_event(conn, user=user, role=role, action="view", entity="resident", record_id=record_id,
                     detail=f"search by {kinds}", count=len(response.matches), device_id=device_id)


def _grant(engine: Engine, username: str, residents: list[str]) -> None:
    """Grant ``username`` the residents it found by ID number; new grants re-sequence the person's rows."""
    from central.crud import resequence

    g = m.scope_grant
    with write_tx(engine) as conn:
        had = {str(rid) for (rid,) in conn.execute(
            select(g.c.resident_id).where(g.c.username == username, g.c.resident_id.in_(residents)))}
        new = [rid for rid in residents if rid not in had]
        if not new:
            return
        conn.execute(insert(g), [{"username": username, "resident_id": rid, "granted_at": utc_now()} for rid in new])
        resequence(conn, None, new)


def _living(conn: Connection, resident_ids: list[str]) -> dict[str, list[CentralResidence]]:
    regs = [(str(rid), _as_dict(data)) for rid, data in conn.execute(registrations_query(resident_ids))]
    regs = [(rid, d) for rid, d in regs if d.get("status") == "living"]
    regs.sort(key=lambda x: str(x[1].get("registered_date") or ""))
    address_ids = sorted({str(d.get("address_id")) for _rid, d in regs})
    texts = _address_texts(conn, address_ids)
    out: dict[str, list[CentralResidence]] = {}
    for rid, d in regs:
        address_id = str(d.get("address_id"))
        out.setdefault(str(d.get("resident_id")), []).append(CentralResidence(
            registration_id=rid, address_id=address_id, address_text=texts.get(address_id, ""),
            household_id=d.get("household_id")))
    return out


def _address_texts(conn: Connection, address_ids: Iterable[str]) -> dict[str, str]:
    ids = list(address_ids)
    if not ids:
        return {}
    return {str(aid): str(_as_dict(data).get("full_text") or "") for aid, data in conn.execute(
        select(m.record.c.id, m.record.c.data).where(m.record.c.id.in_(ids)))}


def _as_dict(data: Any) -> dict[str, Any]:
    if isinstance(data, str):  # a JSON column read back as text by some drivers
        import json

        loaded = json.loads(data)
        return loaded if isinstance(loaded, dict) else {}
    return dict(data) if isinstance(data, dict) else {}


def mask_id_number(number: str) -> str:
    """3302**********123X (DESIGN §4)."""
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:] if len(number) > 8 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """138****5678."""
    return phone[:3] + "*" * max(0, len(phone) - 7) + phone[-4:] if len(phone) > 7 else "*" * len(phone)
