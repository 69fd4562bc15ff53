"""Where things live: the resource folder (source tree or frozen bundle) and user data dirs.

This is the only module that knows about PyInstaller's ``sys._MEIPASS``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Doorstep"


def resource_dir() -> Path:
    """Return the ``resources/`` folder: beside the package in a checkout, in the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def schema_path() -> Path:
    """Return the path of ``schema.sql``, the schema a fresh local store gets."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "schema.sql"
    return Path(__file__).resolve().parent.parent / "schema.sql"


def default_profiles_dir() -> Path:
    """Return the folder holding user profiles (one SQLite store each), per platformdirs."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def config_dir() -> Path:
    """Return the user config folder (settings, window state): ``DOORSTEP_CONFIG_DIR`` or platformdirs'.

    The variable lets tests and portable installs keep settings out of the user's own folder.
    """
    override = os.environ.get("DOORSTEP_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
