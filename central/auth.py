"""Users, device credentials and access tokens (issue 3 §8).

* Passwords: argon2id through ``argon2-cffi`` (``PasswordHasher`` defaults); only the hash is stored.
* A device is registered once, at its first sign-in: it gets a random credential (``secrets``,
  256 bits) that central stores as a SHA-256 hash; a supervisor can revoke it.
* Access tokens: JWT (PyJWT, HS256) with ``sub`` (user), ``dev`` (device), ``role``, ``area``
  and ``exp``; signed with a random secret kept in the ``server_secret`` table, so every worker
  and host of one database agrees (DESIGN §9). Default lifetime :data:`ACCESS_TTL_S`. Every request
  checks the device (revoked: 401 at once) and the user (disabled: 401 at once) in the database.
* Login rate limit (issue 7 §6): failed sign-ins are rows of ``login_failure`` keyed by user name
  and by client address; :class:`~central.config.LoginLimit` says how many within a sliding window
  refuse the next attempt (:class:`RateLimited`, 429) before the password is even checked.
* Central's own audit events (:mod:`central.audit`): every sign-in (ok, failed, refused) and every
  device revocation.
Tokens and passwords are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import time
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from central import models as m
from central.audit import record_event
from central.config import ACCESS_TTL_S as ACCESS_TTL_S
from central.config import LoginLimit
from central.db import read_tx, utc_now, write_tx
from desktop.sync.protocol import TokenResponse

logger = logging.getLogger(__name__)

_ALGORITHM = "HS256"
_HASHER = PasswordHasher()
# verified against when the user does not exist, so timing does not tell which names exist
_DUMMY_HASH = _HASHER.hash("doorstep-no-such-user")


class AuthFailed(Exception):
    """Wrong user name or password, a disabled user, or a bad/expired/revoked credential (401)."""


class Forbidden(Exception):
    """Signed in, but not allowed to do this (403)."""


class RateLimited(Exception):
    """Too many failed sign-ins for this user name or client address (429); retry after ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Principal:
    """Who a valid access token speaks for."""

    username: str
    role: str
    area: str
    device_id: str


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _HASHER.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(engine: Engine, username: str, password: str, role: str, area: str = "",
                *, replace: bool = False, password_hash: str | None = None) -> None:
    """Create (or with ``replace``, reset) a user.

    ``password_hash``: an argon2 hash made earlier by :func:`hash_password` (used instead of
    hashing ``password``, e.g. by tests creating the same users many times).

    Raises:
        ValueError: unknown role, empty name/password, or the user exists and ``replace`` is False.
    """
    if role not in m.ROLES:
        raise ValueError(f"role must be one of {', '.join(m.ROLES)}")
    if not username or not (password or password_hash) or len(username) > 64:
        raise ValueError("user name (1-64 characters) and password are required")
    values = {"password_hash": password_hash or hash_password(password), "role": role, "area": area,
              "disabled": False}
    with write_tx(engine) as conn:
        exists = conn.execute(select(m.app_user.c.username).where(m.app_user.c.username == username)).first()
        if exists is not None and not replace:
            raise ValueError(f"user {username!r} exists")
        if exists is None:
            conn.execute(insert(m.app_user).values(username=username, created_at=utc_now(), **values))
        else:
            conn.execute(update(m.app_user).where(m.app_user.c.username == username).values(**values))
    logger.info("user %s saved (role %s)", username, role)


def signing_secret(engine: Engine) -> str:
    """Return the token signing secret, creating it on first use (safe under concurrent starts)."""
    for _attempt in range(3):
        with read_tx(engine) as conn:
            secret = conn.execute(select(m.server_secret.c.secret).where(m.server_secret.c.id == 1)).scalar()
        if secret is not None:
            return str(secret)
        try:
            with write_tx(engine) as conn:
                conn.execute(insert(m.server_secret).values(id=1, secret=secrets.token_urlsafe(48)))
        except IntegrityError:
            continue
    raise RuntimeError("cannot create the token signing secret")


def _issue(secret: str, username: str, role: str, area: str, device_id: str, ttl: int) -> str:
    now = int(time.time())
    claims = {"sub": username, "dev": device_id, "role": role, "area": area, "iat": now, "exp": now + ttl,
              "typ": "access"}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def login(engine: Engine, secret: str, username: str, password: str, device_id: str,
          ttl: int = ACCESS_TTL_S, *, client_ip: str = "", limit: LoginLimit | None = None) -> TokenResponse:
    """Check the password; register the device on its first sign-in; return an access token.

    ``limit``: the login rate limit (None: none); ``client_ip``: the client's address ('' = unknown,
    only the user name is limited). Every outcome is an audit event (``sign_in``).

    Raises:
        RateLimited: the user name or the address failed too often within the window (checked
            before the password, so a locked name costs no hashing).
        AuthFailed: unknown user, wrong password or disabled user (counted as a failure).
        Forbidden: the device's credential was revoked.
    """
    now = time.time()
    if limit is not None:
        with read_tx(engine) as conn:
            wait = max(_retry_after(conn, "user", _name_key(username), limit.max_user_failures, limit.window_s, now),
                       _retry_after(conn, "ip", client_ip, limit.max_ip_failures, limit.window_s, now))
        if wait:
            logger.warning("sign-in refused: too many failures (retry after %d s)", wait)
            raise RateLimited(wait)
    with read_tx(engine) as conn:
        user = conn.execute(select(m.app_user).where(m.app_user.c.username == username)).first()
    try:
        _HASHER.verify(user.password_hash if user is not None else _DUMMY_HASH, password)
        reason = "unknown user name" if user is None else ("disabled user" if user.disabled else "")
    except (VerificationError, InvalidHashError):
        reason = "unknown user name" if user is None else "wrong password"
    if reason or user is None:
        _failed(engine, username, user is not None, "" if user is None else user.role, device_id, client_ip,
                now, limit, reason)
        raise AuthFailed("wrong user name or password")
    device_token: str | None = None
    revoked = False
    with write_tx(engine) as conn:
        cred = conn.execute(select(m.device_credential).where(m.device_credential.c.device_id == device_id)
                            .with_for_update()).first()
        if cred is not None and cred.revoked_at is not None:
            revoked = True
        elif cred is None:
            device_token = secrets.token_urlsafe(32)
            conn.execute(insert(m.device_credential).values(
                device_id=device_id, token_hash=_token_hash(device_token), registered_by=username,
                signed_in_user=username, registered_at=utc_now()))
            logger.info("device %s registered by %s", device_id, username)
        else:
            conn.execute(update(m.device_credential).where(m.device_credential.c.device_id == device_id)
                         .values(signed_in_user=username))
        if not revoked:
            conn.execute(delete(m.login_failure).where(m.login_failure.c.kind == "user",
                                                       m.login_failure.c.key == _name_key(username)))
        record_event(conn, user=username, role=user.role, action="sign_in", entity="device", record_id=device_id,
                     device_id=device_id, count=0 if revoked else 1,
                     detail=_with_ip("refused: device revoked" if revoked else "ok", client_ip))
    if revoked:
        raise Forbidden("device revoked")
    token = _issue(secret, username, user.role, user.area, device_id, ttl)
    return TokenResponse(access_token=token, expires_in=ttl, username=username, role=user.role, area=user.area,
                         device_token=device_token)


def _with_ip(detail: str, client_ip: str) -> str:
    return f"{detail} (from {client_ip})" if client_ip else detail


def _retry_after(conn: Connection, kind: str, key: str, max_failures: int, window_s: int, now: float) -> int:
    """Seconds until ``key`` has fewer than ``max_failures`` failures in the window (0: not limited now)."""
    if max_failures <= 0 or not key:
        return 0
    f = m.login_failure
    recent = conn.execute(select(f.c.at).where(f.c.kind == kind, f.c.key == key[:128], f.c.at > now - window_s)
                          .order_by(f.c.at.desc()).limit(max_failures)).scalars().all()
    if len(recent) < max_failures:
        return 0
    return max(1, math.ceil(float(recent[-1]) + window_s - now))


def _name_key(username: str) -> str:
    """The ``login_failure`` key of a user name: its SHA-256 (a password typed into the name field
    is never stored as text; unknown and known names are limited alike)."""
    return hashlib.sha256(username.encode("utf-8")).hexdigest()


def _failed(engine: Engine, tried: str, known: bool, role: str, device_id: str, client_ip: str, now: float,
            limit: LoginLimit | None, reason: str) -> None:
    """Count a failed sign-in (by the name tried and by address), forget old ones, audit it.

    The audit event names the user only when ``known`` (a name no user has may be a password).
    """
    with write_tx(engine) as conn:
        locked = ""
        if limit is not None:
            f = m.login_failure
            conn.execute(delete(f).where(f.c.at <= now - limit.window_s))
            conn.execute(insert(f), [{"kind": kind, "key": key[:128], "at": now}
                                     for kind, key in (("user", _name_key(tried)), ("ip", client_ip)) if key])
            if _retry_after(conn, "user", _name_key(tried), limit.max_user_failures, limit.window_s, now):
                locked = f"; sign-in locked for {limit.window_s} s"
        username = tried if known else ""
        record_event(conn, user=username, role=role, action="sign_in", entity="device", record_id=device_id,
                     device_id=device_id, count=0, detail=_with_ip(f"failed: {reason}{locked}", client_ip))
    logger.info("sign-in failed: %s", reason)


def refresh(engine: Engine, secret: str, device_id: str, device_token: str,
            ttl: int = ACCESS_TTL_S) -> TokenResponse:
    """Return a new access token for the device's signed-in user, given the device credential.

    Raises:
        AuthFailed: unknown device, wrong credential, revoked device or disabled user.
    """
    with read_tx(engine) as conn:
        cred = conn.execute(select(m.device_credential)
                            .where(m.device_credential.c.device_id == device_id)).first()
        user = None if cred is None else conn.execute(
            select(m.app_user).where(m.app_user.c.username == cred.signed_in_user)).first()
    if (cred is None or cred.revoked_at is not None or user is None or user.disabled
            or not hmac.compare_digest(cred.token_hash, _token_hash(device_token))):
        raise AuthFailed("device credential not accepted")
    token = _issue(secret, user.username, user.role, user.area, device_id, ttl)
    return TokenResponse(access_token=token, expires_in=ttl, username=user.username, role=user.role,
                         area=user.area)


def revoke(engine: Engine, device_id: str, by: str, role: str = "supervisor") -> bool:
    """Revoke a device's credential (its tokens stop working at once); return False if unknown.

    Audited as action ``lock`` on entity ``device``.
    """
    with write_tx(engine) as conn:
        result = conn.execute(update(m.device_credential).where(m.device_credential.c.device_id == device_id)
                              .values(revoked_at=utc_now(), revoked_by=by))
        if result.rowcount:
            record_event(conn, user=by, role=role, action="lock", entity="device", record_id=device_id,
                         device_id=device_id, count=1, detail="device revoked")
    logger.info("device %s revoked by %s", device_id, by)
    return bool(result.rowcount)


def authenticate(engine: Engine, secret: str, token: str) -> Principal:
    """Check an access token's signature, expiry and device; return who it speaks for.

    Raises:
        AuthFailed: bad signature, expired, malformed, the device is revoked/unknown, or the user
            is disabled or gone.
    """
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub", "dev"]})
    except jwt.PyJWTError as exc:
        raise AuthFailed(type(exc).__name__) from exc
    if claims.get("typ") != "access":
        raise AuthFailed("not an access token")
    device_id, username = str(claims["dev"]), str(claims["sub"])
    disabled = (select(m.app_user.c.disabled).where(m.app_user.c.username == username)
                .scalar_subquery())
    with read_tx(engine) as conn:
        row = conn.execute(select(m.device_credential.c.revoked_at, disabled)
                           .where(m.device_credential.c.device_id == device_id)).first()
    if row is None or row[0] is not None:
        raise AuthFailed("device not registered or revoked")
    if row[1] is None or row[1]:
        raise AuthFailed("user disabled or removed")
    return Principal(username=username, role=str(claims.get("role", "")),
                     area=str(claims.get("area", "")), device_id=device_id)


def registered_by(engine: Engine, device_id: str) -> str:
    """Return the user who registered ``device_id`` ('' if unknown)."""
    with read_tx(engine) as conn:
        value = conn.execute(select(m.device_credential.c.registered_by)
                             .where(m.device_credential.c.device_id == device_id)).scalar()
    return "" if value is None else str(value)
