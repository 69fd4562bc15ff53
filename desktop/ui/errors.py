"""Turn problem keys and error codes into the user's language, and show errors.

The core never translates: it reports :class:`~desktop.domain.problems.Problem` keys and
:class:`~desktop.errors.AppError` codes. This module maps each one to an English source text
marked for lupdate (``QT_TRANSLATE_NOOP``) and translates it at run time; ``{name}`` placeholders
are filled from the problem's params after translation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.problems import Problem
from desktop.errors import AppError, Invalid, SyncError, SyncErrorKind
from desktop.ui import labels

logger = logging.getLogger(__name__)

_CTX = "Problems"

#: English source text of every problem key (same wording as ``domain.problems.MESSAGE_KEYS``),
#: plus the UI's own keys (``ui.*``) and service keys not in that table.
PROBLEM_TEXTS: dict[str, str] = {
    "id_number.required": QT_TRANSLATE_NOOP("Problems", "The ID number is required."),
    "id_number.format": QT_TRANSLATE_NOOP(
        "Problems", "The ID number must be 17 digits followed by a digit or X (or a legacy 15-digit "
        "number); got '{value}' ({length} characters)."),
    "id_number.excel_mangled": QT_TRANSLATE_NOOP(
        "Problems", "The ID number '{value}' looks like it was converted to a number by Excel "
        "(scientific notation, a decimal point or trailing zeros); digits were lost and cannot be "
        "recovered. Re-enter it from the card, and format the spreadsheet column as text."),
    "id_number.checksum": QT_TRANSLATE_NOOP(
        "Problems", "The ID number's check character is wrong: expected {expected}, got {got}."),
    "id_number.birth_date_invalid": QT_TRANSLATE_NOOP(
        "Problems", "The birth date in the ID number ({value}) is not a real date."),
    "id_number.birth_date_future": QT_TRANSLATE_NOOP(
        "Problems", "The birth date in the ID number ({value}) is in the future."),
    "id_number.birth_date_too_early": QT_TRANSLATE_NOOP(
        "Problems", "The birth date in the ID number ({value}) is before 1900."),
    "id_number.upgraded_15": QT_TRANSLATE_NOOP(
        "Problems", "Legacy 15-digit ID number {old} was converted to the 18-digit {new}."),
    "id_number.region_unknown": QT_TRANSLATE_NOOP(
        "Problems", "The region code {region_code} of the ID number is not in the division table."),
    "phone.invalid": QT_TRANSLATE_NOOP("Problems", "'{value}' is not a valid mobile or landline number."),
    "phone.assumed_0574": QT_TRANSLATE_NOOP(
        "Problems", "Local number {value} has no area code; assumed Ningbo (0574): {normalized}."),
    "uscc.format": QT_TRANSLATE_NOOP(
        "Problems", "The unified social credit code must be 18 characters from 0-9 and A-Y without "
        "I, O, S, V, Z; got '{value}'."),
    "uscc.checksum": QT_TRANSLATE_NOOP(
        "Problems", "The unified social credit code's check character is wrong: expected {expected}, "
        "got {got}."),
    "uscc.legacy_registration_number": QT_TRANSLATE_NOOP(
        "Problems", "'{value}' is a pre-2015 15-digit business registration number, not a unified "
        "social credit code."),
    "resident.name_required": QT_TRANSLATE_NOOP("Problems", "The name is required."),
    "text.too_long": QT_TRANSLATE_NOOP(
        "Problems", "This text is {length} characters long; at most {limit} are allowed."),
    "text.invalid": QT_TRANSLATE_NOOP(
        "Problems", "Character {position} ({character}) is a control character or part of a broken character "
        "and cannot be stored; delete it."),
    "resident.name_unusual": QT_TRANSLATE_NOOP(
        "Problems", "The name '{value}' contains digits or Latin letters."),
    "resident.id_number_required": QT_TRANSLATE_NOOP("Problems", "The document number is required."),
    "resident.sex_mismatch": QT_TRANSLATE_NOOP(
        "Problems", "The declared sex ({declared}) differs from the ID number ({from_id})."),
    "resident.birth_date_mismatch": QT_TRANSLATE_NOOP(
        "Problems", "The declared birth date ({declared}) differs from the ID number ({from_id})."),
    "resident.birth_date_future": QT_TRANSLATE_NOOP("Problems", "The birth date {value} is in the future."),
    "resident.arrival_before_birth": QT_TRANSLATE_NOOP(
        "Problems", "The arrival date {arrival} is before the birth date {birth}."),
    "resident.arrival_future": QT_TRANSLATE_NOOP("Problems", "The arrival date {value} is in the future."),
    "code.unknown": QT_TRANSLATE_NOOP("Problems", "'{value}' is not a code of the {table} table."),
    "address.name_required": QT_TRANSLATE_NOOP(
        "Problems", "The address part needs a name (e.g. a road, a door number, a building or a room)."),
    "permit.number_required": QT_TRANSLATE_NOOP("Problems", "The residence permit number is required."),
    "permit.issue_date_required": QT_TRANSLATE_NOOP("Problems", "The permit's issue date is required."),
    "permit.issue_date_future": QT_TRANSLATE_NOOP("Problems", "The issue date {value} is in the future."),
    "permit.endorsement_before_issue": QT_TRANSLATE_NOOP(
        "Problems", "The endorsement on {value} is not after the issue date {issue}."),
    "permit.endorsement_early": QT_TRANSLATE_NOOP(
        "Problems", "The endorsement on {value} is before its window opened; it does not count."),
    "rental.landlord_name_required": QT_TRANSLATE_NOOP("Problems", "The landlord's name is required."),
    "rental.landlord_document_missing": QT_TRANSLATE_NOOP(
        "Problems", "The landlord's ID number or credit code is missing."),
    "rental.negative": QT_TRANSLATE_NOOP("Problems", "The value {value} cannot be negative."),
    "rental.lease_end_before_start": QT_TRANSLATE_NOOP(
        "Problems", "The lease ends ({end}) before it starts ({start})."),
    "rental.date_future": QT_TRANSLATE_NOOP("Problems", "The date {value} is in the future."),
    "rental.over_limit": QT_TRANSLATE_NOOP(
        "Problems", "Group rental: {occupants} people live here but the limit is {limit}."),
    "rental.hazard_understated": QT_TRANSLATE_NOOP(
        "Problems", "{items} safety check(s) failed but the hazard level says none."),
    "plate.format": QT_TRANSLATE_NOOP(
        "Problems", "'{value}' is not a door-plate code (10 characters, no 0, 1, I, L or O)."),
    "plate.checksum": QT_TRANSLATE_NOOP(
        "Problems", "The door-plate code '{value}' has a wrong check character; re-scan or re-type it."),
    "ui.date_invalid": QT_TRANSLATE_NOOP("Problems", "'{value}' is not a date; type it as YYYY-MM-DD."),
    "ui.number_invalid": QT_TRANSLATE_NOOP("Problems", "'{value}' is not a number."),
    "address.parent_is_room": QT_TRANSLATE_NOOP(
        "Problems", "A room-level address has no addresses below it; choose its building or unit."),
    "layout.floors_range": QT_TRANSLATE_NOOP("Problems", "A building has 1 to {max} floors above ground."),
    "layout.rooms_range": QT_TRANSLATE_NOOP("Problems", "A floor has 1 to {max} rooms (per unit)."),
    "layout.units_range": QT_TRANSLATE_NOOP("Problems", "A building has 0 to {max} units."),
    "layout.basements_range": QT_TRANSLATE_NOOP(
        "Problems", "A building has 0 to {max} basement floors with rooms."),
    "layout.no_rooms": QT_TRANSLATE_NOOP("Problems", "The building needs at least one room."),
    "layout.duplicate_unit": QT_TRANSLATE_NOOP("Problems", "Unit '{name}' is listed twice."),
    "layout.duplicate_room": QT_TRANSLATE_NOOP("Problems", "Room '{name}' is listed twice in unit '{unit}'."),
    "visit.outcome_unknown": QT_TRANSLATE_NOOP("Problems", "'{value}' is not a visit outcome."),
}

#: English source text of every AppError code and sync failure kind.
ERROR_TEXTS: dict[str, str] = {
    "app.error": QT_TRANSLATE_NOOP("Errors", "Something went wrong."),
    "store.error": QT_TRANSLATE_NOOP("Errors", "The local data file cannot be used."),
    "store.wrong_passphrase": QT_TRANSLATE_NOOP("Errors", "The passphrase does not open this profile."),
    "store.unlock_delayed": QT_TRANSLATE_NOOP("Errors", "Too many wrong passphrases. Try again in {seconds} s."),
    "store.passphrase_rejected": QT_TRANSLATE_NOOP("Errors", "This passphrase cannot be used ({reason})."),
    "store.key_file_missing": QT_TRANSLATE_NOOP(
        "Errors", "The key file of this profile (doorstep.key.json) is missing, so its data cannot be opened. "
                  "Restore the file from a backup of the profile folder."),
    "record.not_found": QT_TRANSLATE_NOOP("Errors", "The record no longer exists."),
    "record.invalid": QT_TRANSLATE_NOOP("Errors", "The input has errors; see the marked fields."),
    "task.cancelled": QT_TRANSLATE_NOOP("Errors", "Cancelled."),
    "sync.error": QT_TRANSLATE_NOOP("Errors", "Sync failed; nothing queued was lost."),
    "sync.network": QT_TRANSLATE_NOOP(
        "Errors", "Cannot reach the central server. Your edits stay queued; try again when online."),
    "sync.auth": QT_TRANSLATE_NOOP(
        "Errors", "The central server did not accept your sign-in. Sign in again."),
    "sync.validation": QT_TRANSLATE_NOOP("Errors", "The central server refused some records as invalid."),
    "sync.server": QT_TRANSLATE_NOOP(
        "Errors", "The central server had an error. Your edits stay queued; try again later."),
    "sync.wrong_server": QT_TRANSLATE_NOOP(
        "Errors", "This is not the central server of this profile. Nothing was sent or deleted."),
    "sync.upgrade_required": QT_TRANSLATE_NOOP(
        "Errors", "The central server needs a newer version of this app."),
    "sync.rate_limited": QT_TRANSLATE_NOOP(
        "Errors", "Too many failed sign-ins. Wait a few minutes and try again; if you forgot the password, "
                  "ask your supervisor to reset it."),
    "undo.nothing": QT_TRANSLATE_NOOP("Errors", "There is nothing to undo."),
    "undo.changed": QT_TRANSLATE_NOOP(
        "Errors", "Cannot undo: the record was changed again since (by you or by a sync). Nothing was changed."),
    "address.closed": QT_TRANSLATE_NOOP("Errors", "This address is closed; reopen or choose an open one."),
    "verification.not_captured": QT_TRANSLATE_NOOP(
        "Errors", "Record who lives here first; the registrations are shown after that."),
    "verification.already_captured": QT_TRANSLATE_NOOP(
        "Errors", "What was found at this address is already recorded and cannot be changed."),
    "dashboard.not_allowed": QT_TRANSLATE_NOOP("Errors", "Your role may not open the records behind the figures."),
    "residency.already_living_here": QT_TRANSLATE_NOOP(
        "Errors", "This person is already registered as living at this address."),
    "residency.not_a_member": QT_TRANSLATE_NOOP(
        "Errors", "This person is not a living member of the household."),
    "plate.conflict": QT_TRANSLATE_NOOP(
        "Errors", "Door-plate code {code} is already used by {address}; it cannot be reused."),
    "plate.unknown": QT_TRANSLATE_NOOP("Errors", "No address has door-plate code {code}."),
    "plate.unreadable": QT_TRANSLATE_NOOP("Errors", "No door-plate QR code could be read in this picture."),
    "sync.unsent": QT_TRANSLATE_NOOP(
        "Errors", "{count} records are still waiting to be sent. Sync first, or export them to an encrypted "
        "file before signing out or switching user."),
    "sync.not_supervisor": QT_TRANSLATE_NOOP("Errors", "Only a supervisor can resolve a conflict."),
    "sync.wrong_credentials": QT_TRANSLATE_NOOP(
        "Errors", "The user name or password is wrong. Check them and sign in again."),
    "unexpected": QT_TRANSLATE_NOOP("Errors", "Unexpected error: {detail}"),
}


def _param_text(key: str, name: str, value: str | int) -> str:
    """Show code-valued params by their label (sex codes, table names)."""
    text = str(value)
    if name in ("declared", "from_id") and key == "resident.sex_mismatch":
        return labels.sex_label(text)
    if name == "table" and key == "code.unknown":
        return labels.table_label(text)
    return text


def fill(template: str, params: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders; a missing param leaves its placeholder visible, never raises."""
    out = template
    for name, value in params.items():
        out = out.replace("{" + name + "}", str(value))
    return out


def problem_text(problem: Problem) -> str:
    """Return the translated message of ``problem`` with its params filled in."""
    source = PROBLEM_TEXTS.get(problem.key)
    if source is None:
        logger.warning("no UI text for problem key %s", problem.key)
        return problem.describe()
    params = {k: _param_text(problem.key, k, v) for k, v in problem.params.items()}
    return fill(QCoreApplication.translate(_CTX, source), params)


def problems_text(problems: Iterable[Problem]) -> str:
    """Return one line per problem, translated."""
    return "\n".join(problem_text(p) for p in problems)


def error_text(exc: BaseException) -> str:
    """Return the translated message for an exception (AppError codes; anything else as unexpected)."""
    if isinstance(exc, Invalid):
        problems = exc.problems if isinstance(exc.problems, Iterable) else ()
        listed = [p for p in problems if isinstance(p, Problem)]
        head = QCoreApplication.translate("Errors", ERROR_TEXTS["record.invalid"])
        return head + ("\n" + problems_text(listed) if listed else "")
    if isinstance(exc, SyncError) and exc.code != SyncError.code and exc.code in ERROR_TEXTS:
        return QCoreApplication.translate("Errors", ERROR_TEXTS[exc.code])  # e.g. sync.wrong_credentials
    if isinstance(exc, SyncError):
        kind = exc.kind.value if isinstance(exc.kind, SyncErrorKind) else str(exc.kind)
        source = ERROR_TEXTS.get("sync." + kind, ERROR_TEXTS["sync.error"])
        return QCoreApplication.translate("Errors", source)
    if isinstance(exc, AppError):
        source = ERROR_TEXTS.get(exc.code, ERROR_TEXTS["app.error"])
        return fill(QCoreApplication.translate("Errors", source), exc.params)
    return fill(QCoreApplication.translate("Errors", ERROR_TEXTS["unexpected"]), {"detail": str(exc)})


_SYNC_CTX = "SyncReasons"

#: Synced entity names (needs-attention list; the names central uses in its reasons).
ENTITY_TEXTS: dict[str, str] = {
    "area": QT_TRANSLATE_NOOP("SyncReasons", "Area"),
    "standard_address": QT_TRANSLATE_NOOP("SyncReasons", "Address"),
    "rental_unit": QT_TRANSLATE_NOOP("SyncReasons", "Rental unit"),
    "household": QT_TRANSLATE_NOOP("SyncReasons", "Household"),
    "resident": QT_TRANSLATE_NOOP("SyncReasons", "Resident"),
    "residence_registration": QT_TRANSLATE_NOOP("SyncReasons", "Residence registration"),
    "residence_permit": QT_TRANSLATE_NOOP("SyncReasons", "Residence permit"),
    "visit": QT_TRANSLATE_NOOP("SyncReasons", "Visit"),
    "verification_sample": QT_TRANSLATE_NOOP("SyncReasons", "Verification sample"),
    "verification_assignment": QT_TRANSLATE_NOOP("SyncReasons", "Verification assignment"),
    "verification_result": QT_TRANSLATE_NOOP("SyncReasons", "Verification result"),
    "rental_check": QT_TRANSLATE_NOOP("SyncReasons", "Rental housing check"),
    "audit_event": QT_TRANSLATE_NOOP("SyncReasons", "Audit record"),
}

#: Field names in central's reasons, as the column labels the app shows.
FIELD_TEXTS: dict[str, str] = {
    "address_id": QT_TRANSLATE_NOOP("SyncReasons", "address"),
    "resident_id": QT_TRANSLATE_NOOP("SyncReasons", "person"),
    "household_id": QT_TRANSLATE_NOOP("SyncReasons", "household"),
    "head_resident_id": QT_TRANSLATE_NOOP("SyncReasons", "head of household"),
    "parent_id": QT_TRANSLATE_NOOP("SyncReasons", "parent address"),
    "grid_id": QT_TRANSLATE_NOOP("SyncReasons", "grid"),
    "area_id": QT_TRANSLATE_NOOP("SyncReasons", "area"),
    "sample_id": QT_TRANSLATE_NOOP("SyncReasons", "verification sample"),
    "rental_unit_id": QT_TRANSLATE_NOOP("SyncReasons", "rental unit"),
    "registration_id": QT_TRANSLATE_NOOP("SyncReasons", "residence registration"),
    "name": QT_TRANSLATE_NOOP("SyncReasons", "name"),
    "id_type": QT_TRANSLATE_NOOP("SyncReasons", "document type"),
    "id_number": QT_TRANSLATE_NOOP("SyncReasons", "ID number"),
    "sex": QT_TRANSLATE_NOOP("SyncReasons", "sex"),
    "birth_date": QT_TRANSLATE_NOOP("SyncReasons", "birth date"),
    "ethnicity": QT_TRANSLATE_NOOP("SyncReasons", "ethnicity"),
    "phone": QT_TRANSLATE_NOOP("SyncReasons", "phone"),
    "hukou_address": QT_TRANSLATE_NOOP("SyncReasons", "hukou address"),
    "education": QT_TRANSLATE_NOOP("SyncReasons", "education"),
    "employer_name": QT_TRANSLATE_NOOP("SyncReasons", "employer"),
    "arrival_date": QT_TRANSLATE_NOOP("SyncReasons", "arrival date"),
    "relationship": QT_TRANSLATE_NOOP("SyncReasons", "relationship"),
    "status": QT_TRANSLATE_NOOP("SyncReasons", "status"),
    "issue_date": QT_TRANSLATE_NOOP("SyncReasons", "issue date"),
    "number": QT_TRANSLATE_NOOP("SyncReasons", "permit number"),
    "level": QT_TRANSLATE_NOOP("SyncReasons", "level"),
    "note": QT_TRANSLATE_NOOP("SyncReasons", "note"),
    "moved_out_date": QT_TRANSLATE_NOOP("SyncReasons", "moved out"),
    "outcome": QT_TRANSLATE_NOOP("SyncReasons", "outcome"),
}

#: Why central refused a mutation and what to do, by reason key (``prefix:field`` keys by prefix).
SYNC_REASON_TEXTS: dict[str, str] = {
    "missing_parent": QT_TRANSLATE_NOOP(
        "SyncReasons", "The {field} it refers to is not on the central server (not sent yet, or deleted). "
        "Sync that {field} first or choose another one, then send again."),
    "missing_field": QT_TRANSLATE_NOOP("SyncReasons", "The {field} is missing. Fill it in, then send again."),
    "null_field": QT_TRANSLATE_NOOP("SyncReasons", "The {field} cannot be empty. Fill it in, then send again."),
    "unknown_field": QT_TRANSLATE_NOOP(
        "SyncReasons", "The central server does not know the field {field}: this app and the server are "
        "different versions. Tell your supervisor."),
    "invalid_value": QT_TRANSLATE_NOOP(
        "SyncReasons", "The value of {field} has the wrong form. Correct it, then send again."),
    "text.invalid:": QT_TRANSLATE_NOOP(
        "SyncReasons", "The {field} contains a control character or a broken character. Delete it, then send "
        "again."),
    "text.invalid": QT_TRANSLATE_NOOP(
        "SyncReasons", "A text contains a control character or a broken character. Delete it, then send again."),
    "scope.forbidden": QT_TRANSLATE_NOOP(
        "SyncReasons", "This record is outside your area, or your role may not change it. Ask your supervisor."),
    "entity_mismatch": QT_TRANSLATE_NOOP(
        "SyncReasons", "On the central server this record is a {field}, not this kind of record. Tell your "
        "supervisor."),
    "not_found": QT_TRANSLATE_NOOP(
        "SyncReasons", "The record is not on the central server (it may have been deleted). Tell your "
        "supervisor."),
    "audit.immutable": QT_TRANSLATE_NOOP(
        "SyncReasons", "An audit record cannot be changed once it is on the central server. Tell your supervisor."),
    "forbidden:resolve": QT_TRANSLATE_NOOP(
        "SyncReasons", "Only a supervisor can resolve a conflict. Ask your supervisor to resolve it."),
    "unknown_entity": QT_TRANSLATE_NOOP(
        "SyncReasons", "The central server does not know this kind of record: this app and the server are "
        "different versions. Tell your supervisor."),
    "id_type.invalid": QT_TRANSLATE_NOOP("SyncReasons", "The document type is not valid. Correct it, then send again."),
    "reason.invalid": QT_TRANSLATE_NOOP(
        "SyncReasons", "The reason for living here is not valid. Correct it, then send again."),
    "birth_date.invalid": QT_TRANSLATE_NOOP(
        "SyncReasons", "The birth date is not a date. Correct it, then send again."),
    "arrival_date.invalid": QT_TRANSLATE_NOOP(
        "SyncReasons", "The arrival date is not a date. Correct it, then send again."),
    "fix_problem": QT_TRANSLATE_NOOP("SyncReasons", "Correct the record, then send again."),
}


def entity_text(entity: str) -> str:
    """The translated name of a synced entity (the code itself when unknown)."""
    source = ENTITY_TEXTS.get(entity)
    return QCoreApplication.translate(_SYNC_CTX, source) if source is not None else entity


def field_text(field: str) -> str:
    """The translated label of a synced field (the field name itself when unknown)."""
    source = FIELD_TEXTS.get(field)
    return QCoreApplication.translate(_SYNC_CTX, source) if source is not None else field


def _without_placeholders(text: str) -> str:
    """A problem text without its (unfilled) ``{name}`` placeholders: central sends keys only."""
    if "{" not in text:
        return text
    for colon in ("：", ": "):
        head, sep, tail = text.partition(colon)
        if sep and "{" in tail and "{" not in head:
            return head + ("。" if colon == "：" else ".")
    text = re.sub(r"\s?[（(]?['‘“]?\{\w+\}['’”]?[）)]?", "", text)
    return text


def sync_reason_text(key: str) -> str:
    """Why central refused a mutation and what to do, translated; an unknown key is shown as is."""
    prefix, sep, arg = key.partition(":")
    if key in SYNC_REASON_TEXTS:
        return QCoreApplication.translate(_SYNC_CTX, SYNC_REASON_TEXTS[key])
    if sep and prefix + ":" in SYNC_REASON_TEXTS:
        source = SYNC_REASON_TEXTS[prefix + ":"]
    elif sep and prefix in SYNC_REASON_TEXTS:
        source = SYNC_REASON_TEXTS[prefix]
    elif key in PROBLEM_TEXTS:  # the resident validation keys (issue 3): central sends no params
        fix = QCoreApplication.translate(_SYNC_CTX, SYNC_REASON_TEXTS["fix_problem"])
        return _without_placeholders(QCoreApplication.translate(_CTX, PROBLEM_TEXTS[key])) + fix
    else:
        return key
    value = entity_text(arg) if prefix == "entity_mismatch" else field_text(arg)
    return fill(QCoreApplication.translate(_SYNC_CTX, source), {"field": value})


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in a window-modal message box that does not block the caller; return it."""
    if not isinstance(exc, AppError):
        logger.error("unexpected error", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Errors", "Doorstep"),
                      error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
