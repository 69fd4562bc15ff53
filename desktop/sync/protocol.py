"""The wire schema between the desktop and the central endpoint (DESIGN §5), as pydantic models.

This module is the single contract both sides import; central may import nothing else of the
desktop except :mod:`desktop.domain`. All endpoints live under ``/api/v1``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"
#: Largest batch a client sends in one push; the server refuses more (413).
MAX_BATCH = 2000


class Op(StrEnum):
    """What a mutation does to its record."""

    UPSERT = "upsert"
    DELETE = "delete"


class ReceiptStatus(StrEnum):
    """The server's verdict on one mutation (DESIGN §5.4)."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: Text without NUL (PostgreSQL text cannot hold it): identifiers, names, user names (issue 7 §6).
NO_NUL = r"^[^\x00]*$"
#: Largest integer a counter may be: exact in every JSON reader (RFC 8259 §6), within PostgreSQL BIGINT.
MAX_INT = 2**53 - 1
#: An identifier: 1-64 characters without NUL.
Ident = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]
#: A field name of a mutation: at most 64 characters without NUL.
FieldName = Annotated[str, Field(max_length=64, pattern=NO_NUL)]


class Mutation(_Model):
    """One change to one record, numbered per device (strictly increasing from 1)."""

    mutation_no: int = Field(ge=1, le=MAX_INT)
    entity: str = Field(max_length=64, pattern=NO_NUL)
    record_id: str = Field(min_length=1, max_length=36, pattern=NO_NUL)
    op: Op = Op.UPSERT
    base_version: int = Field(ge=0, le=MAX_INT, description="server version the edit was made on; 0 = new record")
    fields: dict[FieldName, Any] = Field(default_factory=dict, description="changed fields, by column name")
    user: str = Field("", max_length=64, pattern=NO_NUL)
    client_time: str = Field("", max_length=40, description="device clock, recorded, never used to decide")
    resolves: list[Annotated[int, Field(ge=1, le=MAX_INT)]] = Field(
        default_factory=list, description="ids of central conflicts this mutation resolves (supervisor)")


class PushRequest(_Model):
    """A batch of one device's mutations, in mutation-number order."""

    device_id: Ident
    server_id: str = Field("", max_length=64, pattern=NO_NUL,
                           description="the server the device is bound to ('' on first sync)")
    schema_version: int
    mutations: list[Mutation]


class Receipt(_Model):
    """The server's answer for one mutation."""

    mutation_no: int
    record_id: str
    status: ReceiptStatus
    version: int | None = Field(None, description="record version after applying (applied/duplicate)")
    server_fields: dict[str, Any] | None = Field(None, description="server values of conflicting fields")
    reasons: list[str] = Field(default_factory=list, description="why a mutation was rejected")


class PushResponse(_Model):
    """Per-mutation receipts; ``expected_mutation_no`` is set when the batch had a gap."""

    receipts: list[Receipt]
    high_water: int
    expected_mutation_no: int | None = None


class Handshake(_Model):
    """What a device checks before every sync (DESIGN §5.7)."""

    server_id: str
    epoch: int
    schema_version: int
    min_schema_version: int
    device_high_water: int
    max_body_bytes: int = Field(default=0, description="largest push body central accepts (0 = unknown)")
    scope: str = Field(default="", description="digest of what the signed-in user may read (issue 7); "
                                              "when it changes the device pulls again from cursor 0")


class PulledRow(_Model):
    """One record as the server holds it, at a position of the global change sequence."""

    entity: str
    id: str
    version: int
    change_seq: int
    deleted: bool
    device_id: str = ""
    updated_by: str = ""
    updated_at: str = ""
    data: dict[str, Any]


class PullPage(_Model):
    """One page of changes after a cursor; ``next_cursor`` is the last row's ``change_seq``."""

    rows: list[PulledRow]
    next_cursor: int
    has_more: bool


class ConflictField(_Model):
    """One field of a same-field conflict: the value the device sent and the value central kept."""

    field: str
    device_value: Any = None
    server_value: Any = None


class ConflictOut(_Model):
    """An open conflict (DESIGN §5.6): both values with who, when and which device, until resolved.

    ``fields`` is empty for nothing; a delete racing an edit has ``op == "delete"`` and one field
    ``deleted`` (device True) plus the fields the other device changed. ``client_time`` is the
    device clock of the edit: shown, never used to decide.
    """

    id: int
    entity: str
    record_id: str
    op: str
    fields: list[ConflictField]
    device_id: str
    user: str
    client_time: str = ""
    created_at: str
    server_version: int
    server_device_id: str = ""
    server_user: str = ""
    server_time: str = ""


class ConflictsResponse(_Model):
    """Every open conflict central holds (the device replaces its local list with this one)."""

    conflicts: list[ConflictOut]


class LoginRequest(_Model):
    """``POST /auth/login``: a user signs in on a device (registering the device on first use)."""

    username: Ident
    password: str = Field(min_length=1, max_length=256)
    device_id: Ident


class RefreshRequest(_Model):
    """``POST /auth/refresh``: a new access token from the device credential."""

    device_id: Ident
    device_token: str = Field(min_length=1, max_length=256, pattern=NO_NUL)


class TokenResponse(_Model):
    """A short-lived access token (Bearer) and, on first registration, the device credential.

    ``device_token`` is only sent once: the device keeps it; central keeps only its hash.
    """

    access_token: str
    expires_in: int
    username: str
    role: str
    area: str = ""
    device_token: str | None = None


class RateOut(_Model):
    """One rate as computed by :func:`desktop.domain.rates.estimate_rate`."""

    name: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    successes: int
    clusters: int
    design_effect: float
    target: float
    status: Literal["green", "amber", "red", "no_data"]


class RatesResponse(_Model):
    """The three rates for an area (DESIGN §6)."""

    area: str
    registration_rate: RateOut
    accuracy_rate: RateOut
    rental_registration_rate: RateOut
    residents: int
    figures: dict[str, Any] | None = Field(
        None, description="every figure of the rates engine for the area (desktop.domain.rates_engine)")


class Health(_Model):
    """Liveness answer of ``GET /api/v1/health``."""

    status: Literal["ok"]
    server_id: str
    schema_version: int


# ---- search before create on central (issue 4) ----------------------------------------------------

#: Most matches ``GET /residents/search`` answers.
MAX_SEARCH_LIMIT = 50


class CentralResidence(_Model):
    """A living registration of a matched resident, with its address's full text."""

    registration_id: str
    address_id: str
    address_text: str = ""
    household_id: str | None = None


class CentralResidentMatch(_Model):
    """A resident on central matching a search (``reasons``: "id_number", "name", "phone")."""

    resident_id: str
    name: str
    id_number: str = Field("", description="full, or masked (3302**********123X) when the role may not see it")
    birth_date: str | None = None
    phone: str = Field("", description="full, or masked (138****5678)")
    masked: bool = False
    reasons: list[Literal["id_number", "name", "phone"]]
    living_at: list[CentralResidence] = Field(default_factory=list)


class ResidentSearchResponse(_Model):
    """Answer of ``GET /api/v1/residents/search``: strongest match first."""

    matches: list[CentralResidentMatch]
