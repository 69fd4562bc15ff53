"""Turn problem keys and error codes into the user's language, and show errors.

The core never translates: it reports :class:`~desktop.domain.problems.Problem` keys and
:class:`~desktop.errors.AppError` codes. This module maps each one to an English source text
marked for lupdate (``QT_TRANSLATE_NOOP``) and translates it at run time; ``{name}`` placeholders
are filled from the problem's params after translation.
"""

from __future__ import annotations

import logging
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
    if isinstance(exc, SyncError):
        kind = exc.kind.value if isinstance(exc.kind, SyncErrorKind) else str(exc.kind)
        source = ERROR_TEXTS.get("sync." + kind, ERROR_TEXTS["sync.error"])
        return QCoreApplication.translate("Errors", source)
    if isinstance(exc, AppError):
        source = ERROR_TEXTS.get(exc.code, ERROR_TEXTS["app.error"])
        return fill(QCoreApplication.translate("Errors", source), exc.params)
    return fill(QCoreApplication.translate("Errors", ERROR_TEXTS["unexpected"]), {"detail": str(exc)})


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
