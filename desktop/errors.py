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


class SyncError(AppError):
    """A sync step failed; nothing queued was lost."""

    code = "sync.error"

    def __init__(self, kind: SyncErrorKind, detail: str = "") -> None:
        super().__init__(detail or kind.value)
        self.kind = kind
