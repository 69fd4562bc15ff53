"""Display labels of the data model's stable codes (enum values, area levels, rate names).

The store keeps English codes; the UI shows these labels, translated at run time. GB code tables
(ethnicity, education, relationship, ...) carry their official Chinese names and are shown as is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.domain.codes import load_code_tables

_CTX = "Labels"

ADDRESS_LEVELS: dict[str, str] = {
    "road": QT_TRANSLATE_NOOP("Labels", "Road / village"),
    "door": QT_TRANSLATE_NOOP("Labels", "Door number"),
    "compound": QT_TRANSLATE_NOOP("Labels", "Compound"),
    "building": QT_TRANSLATE_NOOP("Labels", "Building"),
    "unit": QT_TRANSLATE_NOOP("Labels", "Unit"),
    "floor": QT_TRANSLATE_NOOP("Labels", "Floor"),
    "room": QT_TRANSLATE_NOOP("Labels", "Room"),
}

AREA_LEVELS: dict[str, str] = {
    "district": QT_TRANSLATE_NOOP("Labels", "District"),
    "town": QT_TRANSLATE_NOOP("Labels", "Town / street"),
    "community": QT_TRANSLATE_NOOP("Labels", "Community / village"),
    "grid": QT_TRANSLATE_NOOP("Labels", "Grid"),
}

ID_TYPES: dict[str, str] = {
    "resident_id": QT_TRANSLATE_NOOP("Labels", "Resident ID card"),
    "passport": QT_TRANSLATE_NOOP("Labels", "Passport"),
    "hk_macau_permit": QT_TRANSLATE_NOOP("Labels", "Mainland travel permit for HK/Macau residents"),
    "taiwan_permit": QT_TRANSLATE_NOOP("Labels", "Mainland travel permit for Taiwan residents"),
    "foreign_permanent": QT_TRANSLATE_NOOP("Labels", "Foreign permanent resident ID card"),
}

REASONS: dict[str, str] = {
    "work": QT_TRANSLATE_NOOP("Labels", "Work"),
    "business": QT_TRANSLATE_NOOP("Labels", "Business"),
    "accompany": QT_TRANSLATE_NOOP("Labels", "Accompanying family"),
    "relatives": QT_TRANSLATE_NOOP("Labels", "Staying with relatives or friends"),
    "study": QT_TRANSLATE_NOOP("Labels", "Study"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}

SEXES: dict[str, str] = {
    "0": QT_TRANSLATE_NOOP("Labels", "Unknown"),
    "1": QT_TRANSLATE_NOOP("Labels", "Male"),
    "2": QT_TRANSLATE_NOOP("Labels", "Female"),
    "9": QT_TRANSLATE_NOOP("Labels", "Unspecified"),
}

HOUSEHOLD_TYPES: dict[str, str] = {
    "family": QT_TRANSLATE_NOOP("Labels", "Family household"),
    "collective": QT_TRANSLATE_NOOP("Labels", "Collective household"),
    "dormitory": QT_TRANSLATE_NOOP("Labels", "Dormitory"),
}

RENTAL_USES: dict[str, str] = {
    "residential": QT_TRANSLATE_NOOP("Labels", "Residential"),
    "business": QT_TRANSLATE_NOOP("Labels", "Production / business"),
    "storage": QT_TRANSLATE_NOOP("Labels", "Storage"),
    "mixed": QT_TRANSLATE_NOOP("Labels", "Mixed"),
    "group": QT_TRANSLATE_NOOP("Labels", "Group rental"),
}

RENTAL_STATUSES: dict[str, str] = {
    "let": QT_TRANSLATE_NOOP("Labels", "Let"),
    "vacant": QT_TRANSLATE_NOOP("Labels", "Vacant"),
    "suspended": QT_TRANSLATE_NOOP("Labels", "Letting suspended"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
}

TABLES: dict[str, str] = {
    "sex": QT_TRANSLATE_NOOP("Labels", "sex"),
    "ethnicity": QT_TRANSLATE_NOOP("Labels", "ethnicity"),
    "education": QT_TRANSLATE_NOOP("Labels", "education"),
    "marital_status": QT_TRANSLATE_NOOP("Labels", "marital status"),
    "political_status": QT_TRANSLATE_NOOP("Labels", "political status"),
    "relationship": QT_TRANSLATE_NOOP("Labels", "family relationship"),
    "town": QT_TRANSLATE_NOOP("Labels", "town"),
}

RATES: dict[str, str] = {
    "registration_rate": QT_TRANSLATE_NOOP("Labels", "Residence registration rate"),
    "accuracy_rate": QT_TRANSLATE_NOOP("Labels", "Registration accuracy rate"),
    "rental_registration_rate": QT_TRANSLATE_NOOP("Labels", "Rental housing registration rate"),
}


def label(table: dict[str, str], code: str) -> str:
    """Return the translated label of ``code`` in ``table``, or the code itself when unknown."""
    source = table.get(code)
    return QCoreApplication.translate(_CTX, source) if source is not None else code


def sex_label(code: str) -> str:
    """Return the label of a GB/T 2261.1 sex code ("" → "")."""
    return label(SEXES, code) if code else ""


def table_label(name: str) -> str:
    """Return the label of a code table name (for ``code.unknown`` messages)."""
    return label(TABLES, name)


def relationship_label(code: str) -> str:
    """Return the GB/T 4761 name of a relationship code (the code when unknown)."""
    return load_code_tables().relationship.name_of(code) or code

#: The task list's room statuses (desktop.domain.layout.TASK_STATUSES): 未走访 and the visit outcomes.
VISIT_STATUSES: dict[str, str] = {
    "not_visited": QT_TRANSLATE_NOOP("Labels", "Not visited"),
    "registered": QT_TRANSLATE_NOOP("Labels", "Registered"),
    "nobody_home": QT_TRANSLATE_NOOP("Labels", "Nobody home"),
    "vacant": QT_TRANSLATE_NOOP("Labels", "Vacant"),
    "refused": QT_TRANSLATE_NOOP("Labels", "Refused"),
    "revisit": QT_TRANSLATE_NOOP("Labels", "Revisit needed"),
}

#: What the officer can undo (desktop.services.undo.Operation.kind), as "Undo <this>".
UNDO_KINDS: dict[str, str] = {
    "visit": QT_TRANSLATE_NOOP("Labels", "visit"),
    "building": QT_TRANSLATE_NOOP("Labels", "new building"),
    "copy_unit": QT_TRANSLATE_NOOP("Labels", "unit copy"),
    "rename": QT_TRANSLATE_NOOP("Labels", "rename"),
    "close": QT_TRANSLATE_NOOP("Labels", "closing"),
    "address": QT_TRANSLATE_NOOP("Labels", "new address"),
}
