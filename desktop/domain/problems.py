"""Validation problems: a field, a severity and a message *key* (never a user-facing sentence).

The domain layer reports what is wrong with an input as :class:`Problem` values.  The UI
translates ``key`` (e.g. ``"id_number.checksum"``) to Chinese using ``params``; the English
descriptions in :data:`MESSAGE_KEYS` are the reference wording for translators and logs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: an ERROR blocks saving, a WARNING only asks for a second look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding about one input field.

    Attributes:
        field: name of the input field (e.g. ``"id_number"``, ``"phone"``).
        severity: :class:`Severity`.
        key: message key, one of :data:`MESSAGE_KEYS` (e.g. ``"id_number.checksum"``).
        params: values for the ``{placeholders}`` of the message (str or int).
    """

    field: str
    severity: Severity
    key: str
    params: Mapping[str, str | int] = dataclasses.field(default_factory=dict)

    def describe(self) -> str:
        """Return the English description with params filled in (for logs and tests, not the UI)."""
        template = MESSAGE_KEYS.get(self.key, self.key)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template


def has_errors(problems: Iterable[Problem]) -> bool:
    """Return True if any problem has severity ERROR."""
    return any(p.severity is Severity.ERROR for p in problems)


def error(field_name: str, key: str, **params: str | int) -> Problem:
    """Shorthand for an ERROR :class:`Problem`."""
    return Problem(field_name, Severity.ERROR, key, dict(params))


def warning(field_name: str, key: str, **params: str | int) -> Problem:
    """Shorthand for a WARNING :class:`Problem`."""
    return Problem(field_name, Severity.WARNING, key, dict(params))


MESSAGE_KEYS: dict[str, str] = {
    # standard addresses
    "address.name_required": "The address part needs a name (e.g. a road, a door number, a building or a room).",
    # building layouts and visits (desktop.domain.layout)
    "address.parent_is_room": "A room-level address has no addresses below it; choose its building or unit.",
    "layout.floors_range": "A building has 1 to {max} floors above ground.",
    "layout.rooms_range": "A floor has 1 to {max} rooms (per unit).",
    "layout.units_range": "A building has 0 to {max} units.",
    "layout.basements_range": "A building has 0 to {max} basement floors with rooms.",
    "layout.no_rooms": "The building needs at least one room.",
    "layout.duplicate_unit": "Unit '{name}' is listed twice.",
    "layout.duplicate_room": "Room '{name}' is listed twice in unit '{unit}'.",
    "visit.outcome_unknown": "'{value}' is not a visit outcome.",
    # ID numbers (GB 11643-1999, GB 11643-1989)
    "id_number.required": "The ID number is required.",
    "id_number.format": "The ID number must be 17 digits followed by a digit or X (or a legacy "
    "15-digit number); got '{value}' ({length} characters).",
    "id_number.excel_mangled": "The ID number '{value}' looks like it was converted to a number by "
    "Excel (scientific notation, a decimal point or trailing zeros); digits were lost and cannot be "
    "recovered. Re-enter it from the card, and format the spreadsheet column as text.",
    "id_number.checksum": "The ID number's check character is wrong: expected {expected}, got {got}.",
    "id_number.birth_date_invalid": "The birth date in the ID number ({value}) is not a real date.",
    "id_number.birth_date_future": "The birth date in the ID number ({value}) is in the future.",
    "id_number.birth_date_too_early": "The birth date in the ID number ({value}) is before 1900.",
    "id_number.upgraded_15": "Legacy 15-digit ID number {old} was converted to the 18-digit {new}.",
    "id_number.region_unknown": "The region code {region_code} of the ID number is not in the "
    "division table.",
    # phones
    "phone.invalid": "'{value}' is not a valid mobile or landline number.",
    "phone.assumed_0574": "Local number {value} has no area code; assumed Ningbo (0574): {normalized}.",
    # unified social credit codes (GB 32100-2015)
    "uscc.format": "The unified social credit code must be 18 characters from "
    "0-9 and A-Y without I, O, S, V, Z; got '{value}'.",
    "uscc.checksum": "The unified social credit code's check character is wrong: expected "
    "{expected}, got {got}.",
    "uscc.legacy_registration_number": "'{value}' is a pre-2015 15-digit business registration "
    "number, not a unified social credit code.",
    # resident records
    "resident.name_required": "The name is required.",
    "resident.name_unusual": "The name '{value}' contains digits or Latin letters.",
    "resident.id_number_required": "The document number is required.",
    "resident.sex_mismatch": "The declared sex ({declared}) differs from the ID number ({from_id}).",
    "resident.birth_date_mismatch": "The declared birth date ({declared}) differs from the ID "
    "number ({from_id}).",
    "resident.birth_date_future": "The birth date {value} is in the future.",
    "resident.arrival_before_birth": "The arrival date {arrival} is before the birth date {birth}.",
    "resident.arrival_future": "The arrival date {value} is in the future.",
    "code.unknown": "'{value}' is not a code of the {table} table.",
    "text.too_long": "This text is {length} characters long; at most {limit} are allowed.",
    "text.invalid": "Character {position} ({character}) is a control character or part of a broken character "
    "and cannot be stored; delete it.",
    # residence permits (desktop/domain/permit.py)
    "permit.number_required": "The residence permit number is required.",
    "permit.issue_date_required": "The permit's issue date is required.",
    "permit.issue_date_future": "The issue date {value} is in the future.",
    "permit.endorsement_before_issue": "The endorsement on {value} is not after the issue date {issue}.",
    "permit.endorsement_early": "The endorsement on {value} is before its window opened; it does not count.",
    # rental units (desktop/domain/rental.py)
    "rental.landlord_name_required": "The landlord's name is required.",
    "rental.landlord_document_missing": "The landlord's ID number or credit code is missing.",
    "rental.negative": "The value {value} cannot be negative.",
    "rental.lease_end_before_start": "The lease ends ({end}) before it starts ({start}).",
    "rental.date_future": "The date {value} is in the future.",
    "rental.over_limit": "Group rental: {occupants} people live here but the limit is {limit}.",
    "rental.hazard_understated": "{items} safety check(s) failed but the hazard level says none.",
    # door plates (desktop/domain/plate.py)
    "plate.format": "'{value}' is not a door-plate code (10 characters, no 0, 1, I, L or O).",
    "plate.checksum": "The door-plate code '{value}' has a wrong check character; re-scan or re-type it.",
}
