"""The user's own column mapping for ledger imports, saved in the profile folder for next time.

Offices name their columns in many ways; :data:`desktop.services.ledger_parse.COLUMN_SYNONYMS`
knows the common ones.  When the user fixes a column in the import wizard (or ``--map`` on the
command line) and asks to keep it, the header text → field pairs are saved in
``<profile>/ledger_mapping.json`` and applied to every later import from that profile.  It is a
per-device preference, not a record: nothing to sync, so no table and no migration
(docs/decisions.md).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from desktop.services.ledger_parse import COLUMN_SYNONYMS, normalize_header

logger = logging.getLogger(__name__)

MAPPING_FILE = "ledger_mapping.json"


def mapping_path(profile_dir: Path) -> Path:
    """The mapping file of a profile folder."""
    return profile_dir / MAPPING_FILE


def load_mapping(profile_dir: Path) -> dict[str, str]:
    """Return the saved mapping (normalised header → field, ``""`` = not imported); {} if none.

    A damaged file or unknown fields are ignored (logged), never fatal: the synonyms still work.
    """
    path = mapping_path(profile_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    columns = data.get("columns", {}) if isinstance(data, dict) else {}
    out: dict[str, str] = {}
    for header, field_name in columns.items() if isinstance(columns, dict) else ():
        if isinstance(header, str) and isinstance(field_name, str) and (
            field_name == "" or field_name in COLUMN_SYNONYMS
        ):
            out[normalize_header(header)] = field_name
    return out


def save_mapping(profile_dir: Path, mapping: Mapping[str, str], *, merge: bool = True) -> dict[str, str]:
    """Save ``mapping`` (header → field or ``""``) into the profile, merged with what is saved.

    Written atomically (temporary file, then rename).  Returns the mapping now saved.

    Raises:
        ValueError: a field that is not a ledger field.
    """
    unknown = sorted({f for f in mapping.values() if f and f not in COLUMN_SYNONYMS})
    if unknown:
        raise ValueError(f"unknown ledger fields: {', '.join(unknown)}")
    saved = load_mapping(profile_dir) if merge else {}
    saved.update({normalize_header(h): f for h, f in mapping.items() if normalize_header(h)})
    profile_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ledger_mapping-", suffix=".json", dir=profile_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"version": 1, "columns": dict(sorted(saved.items()))}, f, ensure_ascii=False, indent=1)
    os.replace(tmp, mapping_path(profile_dir))
    return saved
