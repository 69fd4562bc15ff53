"""The application's error hierarchy. Layers below the UI raise these; the UI maps codes to Chinese.

Each error has a stable ``code`` (the key the UI translates) and ``params`` for the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class AppError(Exception):
    """Base of every error the app shows to a user."""

    code = "app.error"

    def __init__(self, detail: str = "", params: Mapping[str, object] | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params: dict[str, object] = dict(params or {})


class StoreError(AppError):
    """The local store cannot be opened or used."""

    code = "store.error"


class WrongPassphrase(StoreError):
    """The passphrase does not open the store."""

    code = "store.wrong_passphrase"


class NotFound(AppError):
    """A record asked for does not exist."""

    code = "record.not_found"


class Invalid(AppError):
    """Input failed validation; ``problems`` lists each field's problem."""

    code = "record.invalid"

    def __init__(self, problems: object, detail: str = "") -> None:
        super().__init__(detail or "invalid input")
        self.problems = problems


class UndoUnavailable(AppError):
    """Nothing to undo, or the last operation's records changed since (``undo.changed``)."""

    code = "undo.nothing"


class UndoConflict(UndoUnavailable):
    """The records of the operation to undo were changed again since; nothing was written."""

    code = "undo.changed"


class AddressClosed(AppError):
    """The address was closed (valid-to date passed): no new children or visits."""

    code = "address.closed"


class Cancelled(AppError):
    """The user cancelled a running task."""

    code = "task.cancelled"


class SyncErrorKind(StrEnum):
    """Classes of sync failure, each with its own advice to the officer."""

    NETWORK = "network"
    AUTH = "auth"
    VALIDATION = "validation"
    SERVER = "server"
    WRONG_SERVER = "wrong_server"
    UPGRADE_REQUIRED = "upgrade_required"
    RATE_LIMITED = "rate_limited"  # 429: too many failed sign-ins; wait, do not retry at once


class SyncError(AppError):
    """A sync step failed; nothing queued was lost."""

    code = "sync.error"

    def __init__(self, kind: SyncErrorKind, detail: str = "", status: int | None = None) -> None:
        super().__init__(detail or kind.value)
        self.kind = kind
        #: the HTTP status central answered with (None: no answer, e.g. a network error)
        self.status = status


class AlreadyLivingHere(AppError):
    """A move or registration to the address the person already lives at."""

    code = "residency.already_living_here"


class NotAMember(AppError):
    """The person is not a living member of the household (e.g. a new head from elsewhere)."""

    code = "residency.not_a_member"


class PlateConflict(AppError):
    """A door-plate code is already on another address (reused or conflicting); params code, address."""

    code = "plate.conflict"


class PlateUnknown(AppError):
    """No address carries the door-plate code; params code."""

    code = "plate.unknown"


class PlateUnreadable(AppError):
    """No door-plate QR code could be decoded in an image."""

    code = "plate.unreadable"


class UnsentChanges(AppError):
    """Signing out, switching user, resetting or upgrading is refused while edits are unsent;
    params ``count`` (pending + needing attention). Export the outbox first or sync."""

    code = "sync.unsent"


class NotSupervisor(AppError):
    """Only a supervisor may resolve a sync conflict."""

    code = "sync.not_supervisor"
