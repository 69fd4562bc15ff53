"""Central settings, read from the environment (``DOORSTEP_CENTRAL_*``) and overridden by the CLI.

| variable | default | meaning |
| --- | --- | --- |
| ``DOORSTEP_CENTRAL_DB`` | ``sqlite:///./central.sqlite`` | SQLAlchemy URL (SQLite file or PostgreSQL) |
| ``DOORSTEP_CENTRAL_HOST`` | ``127.0.0.1`` | interface to listen on |
| ``DOORSTEP_CENTRAL_PORT`` | ``8765`` | TCP port |
| ``DOORSTEP_CENTRAL_WORKERS`` | ``1`` | uvicorn worker processes |
| ``DOORSTEP_CENTRAL_MAX_BODY`` | ``10485760`` | largest push body in bytes (413 above) |
| ``DOORSTEP_CENTRAL_MAX_SMALL_BODY`` | ``65536`` | largest body of every other request (413 above) |
| ``DOORSTEP_CENTRAL_LOGIN_MAX_FAILURES`` | ``5`` | failed sign-ins per user name within the window before 429 |
| ``DOORSTEP_CENTRAL_LOGIN_MAX_FAILURES_IP`` | ``20`` | the same per client address |
| ``DOORSTEP_CENTRAL_LOGIN_WINDOW`` | ``900`` | the sliding window of the login limit, seconds |
| ``DOORSTEP_CENTRAL_TOKEN_TTL`` | ``900`` | access token lifetime, seconds |
| ``DOORSTEP_CENTRAL_FORWARDED_ALLOW_IPS`` | ``127.0.0.1`` | proxies whose ``X-Forwarded-For`` is believed |
| ``DOORSTEP_CENTRAL_LOG_LEVEL`` | ``info`` | log level |
| ``DOORSTEP_CENTRAL_LOG_FORMAT`` | ``text`` | ``text`` or ``json`` (one JSON object per line) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DB_URL = "sqlite:///./central.sqlite"
DEFAULT_PORT = 8765
#: Largest push body accepted, in bytes (10 MB).
MAX_BODY_BYTES = 10 * 1024 * 1024
#: Largest body of any request but a push, in bytes (sign-in, refresh: well under 1 kB).
MAX_SMALL_BODY_BYTES = 64 * 1024
#: Largest pull page, in rows.
MAX_PULL_LIMIT = 5000
#: Access token lifetime, seconds.
ACCESS_TTL_S = 15 * 60


@dataclass(frozen=True)
class LoginLimit:
    """The login rate limit (issue 7 §6; OWASP Authentication Cheat Sheet, "login throttling").

    A sign-in is refused with 429 while the user name has ``max_user_failures`` failed attempts,
    or the client address ``max_ip_failures``, within the last ``window_s`` seconds (sliding).
    The failures are rows in the database, so every worker and host agrees (DESIGN §9).
    """

    max_user_failures: int = 5
    max_ip_failures: int = 20
    window_s: int = 15 * 60


@dataclass(frozen=True)
class Settings:
    """Everything central needs to start; no other global state exists (DESIGN §9)."""

    db_url: str = DEFAULT_DB_URL
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    workers: int = 1
    max_body_bytes: int = MAX_BODY_BYTES
    max_small_body_bytes: int = MAX_SMALL_BODY_BYTES
    login_limit: LoginLimit = LoginLimit()
    token_ttl_s: int = ACCESS_TTL_S
    forwarded_allow_ips: str = "127.0.0.1"
    log_level: str = "info"
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the ``DOORSTEP_CENTRAL_*`` variables (see the module docstring).

        Raises:
            ValueError: a numeric variable is not an integer.
        """
        env = os.environ if environ is None else environ
        default = LoginLimit()
        return cls(
            db_url=env.get("DOORSTEP_CENTRAL_DB", DEFAULT_DB_URL),
            host=env.get("DOORSTEP_CENTRAL_HOST", "127.0.0.1"),
            port=int(env.get("DOORSTEP_CENTRAL_PORT", str(DEFAULT_PORT))),
            workers=int(env.get("DOORSTEP_CENTRAL_WORKERS", "1")),
            max_body_bytes=int(env.get("DOORSTEP_CENTRAL_MAX_BODY", str(MAX_BODY_BYTES))),
            max_small_body_bytes=int(env.get("DOORSTEP_CENTRAL_MAX_SMALL_BODY", str(MAX_SMALL_BODY_BYTES))),
            login_limit=LoginLimit(
                max_user_failures=int(env.get("DOORSTEP_CENTRAL_LOGIN_MAX_FAILURES", str(default.max_user_failures))),
                max_ip_failures=int(env.get("DOORSTEP_CENTRAL_LOGIN_MAX_FAILURES_IP", str(default.max_ip_failures))),
                window_s=int(env.get("DOORSTEP_CENTRAL_LOGIN_WINDOW", str(default.window_s))),
            ),
            token_ttl_s=int(env.get("DOORSTEP_CENTRAL_TOKEN_TTL", str(ACCESS_TTL_S))),
            forwarded_allow_ips=env.get("DOORSTEP_CENTRAL_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            log_level=env.get("DOORSTEP_CENTRAL_LOG_LEVEL", "info"),
            log_format=env.get("DOORSTEP_CENTRAL_LOG_FORMAT", "text").lower(),
        )
