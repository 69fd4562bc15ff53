"""Central's log lines: plain text (default) or one JSON object per line (``DOORSTEP_CENTRAL_LOG_FORMAT=json``).

Both formats go to stderr (systemd's journal or the container log collects them). Every line passes
:func:`redact` first: central logs ids, counts and statuses only, and as a second guard a Bearer
token, a JWT, an 18-character ID number or a mainland mobile number that slips into a message is
masked. Passwords never reach a log call (``LoginRequest`` is not logged anywhere).
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

from desktop.domain.redact import redact

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

class RedactingFormatter(logging.Formatter):
    """The plain text format, with :func:`redact` applied to the whole line."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``ts`` (UTC, ms), ``level``, ``logger``, ``msg``, and ``exc`` when any."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": redact(record.getMessage()),
            "pid": record.process,
        }
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def log_config(level: str = "info", fmt: str = "text") -> dict[str, Any]:
    """Return a :func:`logging.config.dictConfig` dict for central and uvicorn (each worker applies it).

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    formatter: dict[str, Any] = ({"()": "central.logs.JsonFormatter"} if fmt == "json"
                                 else {"()": "central.logs.RedactingFormatter", "fmt": TEXT_FORMAT})
    upper = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "default",
                                "stream": "ext://sys.stderr"}},
        "root": {"level": upper, "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": upper, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": upper, "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
        },
    }


def setup_logging(level: str = "info", fmt: str = "text") -> None:
    """Configure the process's logging (see :func:`log_config`)."""
    logging.config.dictConfig(log_config(level, fmt))
    logging.captureWarnings(True)
