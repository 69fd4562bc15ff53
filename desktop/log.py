"""Logging set-up, called once by :mod:`desktop.app`: a rotating file in the profile, stderr in dev.

Nothing personal is logged: record ids and counts only, never names, ID numbers or phones.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.domain.redact import redact

__all__ = ["RedactingFormatter", "redact", "setup_logging"]


class RedactingFormatter(logging.Formatter):
    """A formatter that passes every formatted line (message and traceback) through :func:`redact`,
    so an ID number or phone that slipped into a message never reaches the file (issue 7)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(folder: Path, *, to_stderr: bool = True, level: int = logging.INFO) -> None:
    """Send log records to ``folder/doorstep.log`` (rotating, 5 × 1 MB) and optionally stderr."""
    folder.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_doorstep", False):
            root.removeHandler(handler)
    fmt = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(folder / "doorstep.log", maxBytes=1_000_000,
                                                        backupCount=5, encoding="utf-8")
    file_handler.setFormatter(fmt)
    file_handler._doorstep = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        stream.setLevel(logging.WARNING)
        stream._doorstep = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    logging.captureWarnings(True)


