"""The synced entities of the data model (DESIGN §3) and how they hang together.

Every synced record has a client-made UUID, a server-assigned ``version``, ``updated_at``,
``updated_by``, ``device_id``, a tombstone flag ``deleted`` and the ``district_code``
(DESIGN §9: kept on every row so that province-scale partitioning stays open).
"""

from __future__ import annotations

from typing import Final

#: Synced entity names in parent-before-child order (also the order a batch is applied in).
ENTITIES: Final[tuple[str, ...]] = (
    "area",
    "standard_address",
    "rental_unit",
    "household",
    "resident",
    "residence_registration",
    "residence_permit",
    "visit",
    "verification_sample",
    "verification_assignment",
    "verification_result",
    "rental_check",
    "audit_event",  # issue 7: the audit log
)

#: Columns every synced row carries besides its own fields. They are not sent as mutation fields.
SYNC_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "version",
    "updated_at",
    "updated_by",
    "device_id",
    "deleted",
)

#: For each entity, (field, parent entity, required) references that must resolve on the server.
PARENTS: Final[dict[str, tuple[tuple[str, str, bool], ...]]] = {
    "area": (("parent_id", "area", False),),
    "standard_address": (("parent_id", "standard_address", False), ("grid_id", "area", True)),
    "rental_unit": (("address_id", "standard_address", True),),
    "household": (("address_id", "standard_address", True), ("head_resident_id", "resident", False)),
    "resident": (),
    "residence_registration": (
        ("resident_id", "resident", True),
        ("address_id", "standard_address", True),
        ("household_id", "household", False),
    ),
    "residence_permit": (("resident_id", "resident", True),),
    "visit": (("address_id", "standard_address", True),),
    "verification_sample": (("area_id", "area", False),),
    "verification_assignment": (
        ("sample_id", "verification_sample", True),
        ("address_id", "standard_address", True),
    ),
    "verification_result": (
        ("sample_id", "verification_sample", True),
        ("address_id", "standard_address", True),
    ),
    "rental_check": (
        ("rental_unit_id", "rental_unit", False),
        ("address_id", "standard_address", True),
    ),
    "audit_event": (),
}

#: Schema version of the wire records; central refuses clients outside its accepted range.
SCHEMA_VERSION: Final[int] = 1
YINZHOU_DISTRICT_CODE: Final[str] = "330212"
