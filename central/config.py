"""Central settings, read from the environment (``DOORSTEP_CENTRAL_*``) and overridden by the CLI.

| variable | default | meaning |
| --- | --- | --- |
| ``DOORSTEP_CENTRAL_DB`` | ``sqlite:///./central.sqlite`` | SQLAlchemy URL (SQLite file or PostgreSQL) |
| ``DOORSTEP_CENTRAL_HOST`` | ``127.0.0.1`` | interface to listen on |
| ``DOORSTEP_CENTRAL_PORT`` | ``8765`` | TCP port |
| ``DOORSTEP_CENTRAL_WORKERS`` | ``1`` | uvicorn worker processes |
| ``DOORSTEP_CENTRAL_MAX_BODY`` | ``10485760`` | largest request body in bytes (413 above) |
| ``DOORSTEP_CENTRAL_LOG_LEVEL`` | ``info`` | log level |
| ``DOORSTEP_CENTRAL_LOG_FORMAT`` | ``text`` | ``text`` or ``json`` (one JSON object per line) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DB_URL = "sqlite:///./central.sqlite"
DEFAULT_PORT = 8765
#: Largest request body accepted, in bytes (10 MB).
MAX_BODY_BYTES = 10 * 1024 * 1024
#: Largest pull page, in rows.
MAX_PULL_LIMIT = 5000


@dataclass(frozen=True)
class Settings:
    """Everything central needs to start; no other global state exists (DESIGN §9)."""

    db_url: str = DEFAULT_DB_URL
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    workers: int = 1
    max_body_bytes: int = MAX_BODY_BYTES
    log_level: str = "info"
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the ``DOORSTEP_CENTRAL_*`` variables (see the module docstring).

        Raises:
            ValueError: a numeric variable is not an integer.
        """
        env = os.environ if environ is None else environ
        return cls(
            db_url=env.get("DOORSTEP_CENTRAL_DB", DEFAULT_DB_URL),
            host=env.get("DOORSTEP_CENTRAL_HOST", "127.0.0.1"),
            port=int(env.get("DOORSTEP_CENTRAL_PORT", str(DEFAULT_PORT))),
            workers=int(env.get("DOORSTEP_CENTRAL_WORKERS", "1")),
            max_body_bytes=int(env.get("DOORSTEP_CENTRAL_MAX_BODY", str(MAX_BODY_BYTES))),
            log_level=env.get("DOORSTEP_CENTRAL_LOG_LEVEL", "info"),
            log_format=env.get("DOORSTEP_CENTRAL_LOG_FORMAT", "text").lower(),
        )
