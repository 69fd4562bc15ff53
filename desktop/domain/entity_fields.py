"""The fields a mutation may carry for each synced entity (DESIGN §3, §5.2).

These are the columns of the synced tables other than the sync columns
(:data:`desktop.domain.entities.SYNC_COLUMNS`). Central checks every pushed mutation against
them (an unknown field is a rejection); ``tests/sync/test_entity_fields.py`` checks that they
equal the local tables in :mod:`desktop.store.tables`, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Final

ENTITY_FIELDS: Final[dict[str, frozenset[str]]] = {
    "area": frozenset((
        "district_code", "parent_id", "level", "code", "name", "invented", "officer", "local_population",
    )),
    "standard_address": frozenset((
        "district_code", "parent_id", "grid_id", "level", "name", "full_text", "code", "is_leaf",
        "housing_type", "plate_code", "valid_from", "valid_to", "invented",
    )),
    "rental_unit": frozenset((
        "district_code", "address_id", "landlord_type", "landlord_name", "landlord_id_number",
        "landlord_uscc", "landlord_phone", "use", "area_m2", "rooms_let", "occupancy_limit",
        "lease_start", "lease_end", "rent", "pledge_signed_date", "safety", "hazard_level", "status",
    )),
    "household": frozenset(("district_code", "address_id", "type", "head_resident_id")),
    "resident": frozenset((
        "district_code", "id_type", "id_number", "name", "name_initials", "sex", "birth_date",
        "ethnicity", "hukou_code", "hukou_address", "phone", "education", "marital_status",
        "political_status", "employer_name", "employer_uscc", "occupation", "social_insurance",
        "arrival_date", "reason", "note", "archived_at",
    )),
    "residence_registration": frozenset((
        "district_code", "resident_id", "address_id", "household_id", "relationship", "declared_date",
        "registered_date", "moved_out_date", "moved_out_reason", "status", "registered_by",
    )),
    "residence_permit": frozenset((
        "district_code", "resident_id", "number", "issue_date", "endorsements", "status",
    )),
    "visit": frozenset((
        "district_code", "address_id", "officer", "visited_at", "outcome", "revisit_due", "note",
    )),
    "verification_sample": frozenset((
        "district_code", "area_id", "name", "seed", "design", "created_by", "created_at",
    )),
    "verification_assignment": frozenset((
        "district_code", "sample_id", "address_id", "stratum", "verifier", "status",
    )),
    "verification_result": frozenset((
        "district_code", "sample_id", "address_id", "area_path", "stratum", "verifier", "kind",
        "resident_id", "registration_id", "rental_unit_id", "found", "registered", "exempt",
        "all_correct", "field_checks", "verified_at",
        "person_name", "person_id_number", "person_birth_date", "match_method",
    )),
    "rental_check": frozenset((
        "district_code", "rental_unit_id", "address_id", "grid_id", "area_path", "checker", "checked_at",
        "landlord_ok", "tenants_ok", "lease_ok", "pledge_ok", "safety", "outcome", "items", "reason",
        "status", "fixed_by", "fixed_at", "fix_note",
    )),
    # issue 7 item 5: the audit log (never personal data in detail); central serves it to supervisors
    "audit_event": frozenset((
        "district_code", "at", "user", "role", "action", "entity", "record_id", "detail", "count",
    )),
}
"""Entity name → the field names its mutations may set (``district_code`` included)."""

#: Fields a new record must carry (NOT NULL without a default in the local tables).
REQUIRED_FIELDS: Final[dict[str, frozenset[str]]] = {
    "area": frozenset(("level", "name")),
    "standard_address": frozenset(("grid_id", "level", "name")),
    "rental_unit": frozenset(("address_id",)),
    "household": frozenset(("address_id",)),
    "resident": frozenset(("name",)),
    "residence_registration": frozenset(("resident_id", "address_id")),
    "residence_permit": frozenset(("resident_id", "issue_date")),
    "visit": frozenset(("address_id", "visited_at", "outcome")),
    "verification_sample": frozenset(("seed",)),
    "verification_assignment": frozenset(("sample_id", "address_id")),
    "verification_result": frozenset(("sample_id", "address_id", "kind")),
    "rental_check": frozenset(("address_id", "outcome")),
    "audit_event": frozenset(("at", "user", "action")),
}

#: Fields that may hold null (None); every other field must not (the local column is NOT NULL).
NULLABLE_FIELDS: Final[dict[str, frozenset[str]]] = {
    "area": frozenset(("parent_id", "code", "local_population")),
    "standard_address": frozenset(("parent_id", "code", "plate_code", "valid_to")),
    "rental_unit": frozenset((
        "area_m2", "rooms_let", "occupancy_limit", "lease_start", "lease_end", "rent", "pledge_signed_date",
    )),
    "household": frozenset(("head_resident_id",)),
    "resident": frozenset(("birth_date", "arrival_date")),
    "residence_registration": frozenset(("household_id", "declared_date", "moved_out_date")),
    "residence_permit": frozenset(),
    "visit": frozenset(("revisit_due",)),
    "verification_sample": frozenset(("area_id",)),
    "verification_assignment": frozenset(),
    "verification_result": frozenset((
        "resident_id", "registration_id", "rental_unit_id", "all_correct", "person_birth_date",
    )),
    "rental_check": frozenset(("rental_unit_id",)),
    "audit_event": frozenset(),
}
