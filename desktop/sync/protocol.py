"""The wire schema between the desktop and the central endpoint (DESIGN §5), as pydantic models.

This module is the single contract both sides import; central may import nothing else of the
desktop except :mod:`desktop.domain`. All endpoints live under ``/api/v1``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

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


class Mutation(_Model):
    """One change to one record, numbered per device (strictly increasing from 1)."""

    mutation_no: int = Field(ge=1)
    entity: str
    record_id: str = Field(min_length=1, max_length=36)
    op: Op = Op.UPSERT
    base_version: int = Field(ge=0, description="server version the edit was made on; 0 = new record")
    fields: dict[str, Any] = Field(default_factory=dict, description="changed fields, by column name")
    user: str = ""
    client_time: str = Field("", description="device clock, recorded, never used to decide")


class PushRequest(_Model):
    """A batch of one device's mutations, in mutation-number order."""

    device_id: str
    server_id: str = Field("", description="the server the device is bound to ('' on first sync)")
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


class Health(_Model):
    """Liveness answer of ``GET /api/v1/health``."""

    status: Literal["ok"]
    server_id: str
    schema_version: int
