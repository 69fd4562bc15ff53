"""Search before create on central (issue 4): residents by ID number, exact name or phone (no HTTP here).

Every lookup is one indexed probe of ``record`` (the partial expression indexes
``ix_record_resident_*`` and ``ix_record_registration_resident`` in :mod:`central.models`):

* residents: ``entity = 'resident' AND <data key> = ?`` for each typed criterion (at most ``limit``);
* their living registrations: ``entity = 'residence_registration' AND data->>'resident_id' IN (…)``;
* the addresses' full text: by primary key.

Central matches a name exactly (the officer types it from the ID card); prefixes, initials and
phone tails stay local searches. Rows are filtered by ``deleted`` after the probe.

Who sees what (for now, until issue 7 adds area scope): a grid officer or a supervisor gets full
ID numbers and phones; any other role gets them masked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, Select, false, literal_column, select

from central import models as m
from central.db import read_tx
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
                   limit: int = 20, full_view: bool = True) -> ResidentSearchResponse:
    """Return residents on central matching any criterion, strongest first, with where they live now."""
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
        living = _living(conn, list(residents))
    matches = []
    for rid, data in residents.items():
        data = _as_dict(data)
        number, tel = str(data.get("id_number") or ""), str(data.get("phone") or "")
        matches.append(CentralResidentMatch(
            resident_id=rid, name=str(data.get("name") or ""),
            id_number=number if full_view else mask_id_number(number),
            birth_date=data.get("birth_date"), phone=tel if full_view else mask_phone(tel),
            masked=not full_view, reasons=sorted(reasons[rid]),  # type: ignore[arg-type]
            living_at=living.get(rid, [])))
    matches.sort(key=lambda x: (-sum(_WEIGHTS[w] for w in x.reasons), x.name, x.resident_id))
    return ResidentSearchResponse(matches=matches[:limit])


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
