"""The user's settings: one typed :class:`Settings`, stored as JSON in the user config folder.

``settings.json`` carries a ``schema_version``; older files pass through :data:`MIGRATORS` in order
(style guide §8). A missing or damaged file gives the defaults (logged, never fatal); unknown keys
and invalid values are dropped. No Qt here: the UI reads and writes through :func:`load_settings`
and :func:`save_settings`, and window geometry lives in Qt's own QSettings (``desktop/ui/geometry.py``).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from desktop.paths import config_dir

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.json"
#: Languages the app ships (English is the source text).
LANGUAGES = ("zh_CN", "en")
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Settings:
    """Device preferences. ``language`` and ``theme`` apply at the next start (theme also at once).

    Attributes:
        language: ``zh_CN`` (default) or ``en``.
        theme: ``light`` (default) or ``dark``.
        last_profile: the profile folder opened last ("" = none yet); used when no ``--profile`` is given.
        lock_minutes: lock the window after this many idle minutes (issue 7; 0 = never; 1-240;
            default 10). Set by a supervisor (the menu item is the supervisor's).
        retention_years: residents who moved out longer ago are due for archiving (issue 7 item 7;
            1-30; default 2).
    """

    language: str = "zh_CN"
    theme: str = "light"
    last_profile: str = ""
    lock_minutes: int = 10
    retention_years: int = 2

    def validated(self) -> Settings:
        """Return a copy with every invalid value replaced by its default."""
        default = Settings()
        return replace(
            self,
            language=self.language if self.language in LANGUAGES else default.language,
            theme=self.theme if self.theme in THEMES else default.theme,
            last_profile=self.last_profile if isinstance(self.last_profile, str) else "",
            lock_minutes=self.lock_minutes if _int_in(self.lock_minutes, 0, 240) else default.lock_minutes,
            retention_years=(self.retention_years if _int_in(self.retention_years, 1, 30)
                             else default.retention_years),
        )


def _int_in(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _from_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (unversioned) files said ``locale`` for the language."""
    out = dict(data)
    if "locale" in out:
        out.setdefault("language", out.pop("locale"))
    return out


#: ``MIGRATORS[n]`` turns a version-n dict into a version-(n+1) dict.
MIGRATORS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_v0}


def settings_path(folder: Path | None = None) -> Path:
    """Return the settings file in ``folder`` (default: :func:`desktop.paths.config_dir`)."""
    return (folder or config_dir()) / SETTINGS_FILE


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings dict of any older ``schema_version`` up to :data:`SCHEMA_VERSION`."""
    version = int(data.get("schema_version", 0))
    while version < SCHEMA_VERSION:
        data = MIGRATORS[version](data)
        version += 1
    data["schema_version"] = version
    return data


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings (defaults when the file is missing, damaged or from a newer version)."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        logger.warning("settings file %s unreadable (%s): using defaults", path, type(exc).__name__)
        return Settings()
    if not isinstance(raw, dict) or int(raw.get("schema_version", 0)) > SCHEMA_VERSION:
        logger.warning("settings file %s is not a settings object of this version: using defaults", path)
        return Settings()
    data = migrate(raw)
    types = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in types and isinstance(v, types[k]) and not isinstance(v, bool)}
    return Settings(**values).validated()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically (a temporary file renamed over the old one)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"schema_version": SCHEMA_VERSION, **asdict(settings.validated())},
                      ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body + "\n")
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
