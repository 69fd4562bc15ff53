"""Use cases of the encrypted profile (issue 7 items 1, 2, 4): set up, unlock, lock, change the
passphrase, reveal a masked value.

Key derivation (docs/decisions.md): the passphrase (NFC) goes through Argon2id (argon2-cffi; time 3,
memory 64 MiB, 2 lanes) with a per-profile random 16-byte salt into a 32-byte key, once per unlock.
Every SQLite connection is then keyed with that raw key, so SQLCipher's per-connection PBKDF2 does
not run. The salt and parameters are kept beside the store in ``doorstep.key.json`` (not secret:
without the passphrase they give nothing). The key lives only in memory (``Store.key``).

Wrong passphrases: the first :data:`FREE_ATTEMPTS` failures cost nothing but the KDF; each further
failure makes the next attempt wait :func:`delay_after` seconds (30 s doubling, at most 15 min).
The count and the time of the next allowed attempt live in ``unlock.json`` in the profile, so a
restart does not reset them; failed attempts are written to the audit log at the next successful
unlock (a locked store cannot be written). This slows a person at the keyboard; someone who copied
the files attacks the KDF instead (docs/security.md).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from argon2.low_level import Type, hash_secret_raw
from sqlalchemy import select

from desktop.errors import AppError, StoreError, WrongPassphrase
from desktop.services import audit
from desktop.store import tables as t
from desktop.store.db import Store, encrypt_plaintext, is_plaintext, open_store

logger = logging.getLogger(__name__)

STORE_FILE: Final = "doorstep.sqlite"
KEY_FILE: Final = "doorstep.key.json"
THROTTLE_FILE: Final = "unlock.json"
#: The demo profiles' passphrase (README): the demo is synthetic data and opens without a prompt.
DEMO_PASSPHRASE: Final = "doorstep-demo"
#: Environment variable the command-line paths read the passphrase from (or ``--passphrase-file``).
PASSPHRASE_ENV: Final = "DOORSTEP_PASSPHRASE"
MIN_LENGTH: Final = 8
#: zxcvbn score (0-4) below which the setup dialog refuses a passphrase.
MIN_SCORE: Final = 2
FREE_ATTEMPTS: Final = 5
MAX_DELAY_S: Final = 900.0
#: Argon2id cost of new key files (RFC 9106 §4 second choice, with 2 lanes for a 2-core laptop:
#: ~0.3 s here). Stored per profile, so a later change affects only new or changed passphrases.
KDF_DEFAULTS: dict[str, int] = {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}
#: Auto-lock after this many idle minutes unless the supervisor set another value (0 = never).
DEFAULT_LOCK_MINUTES: Final = 10


class UnlockDelayed(AppError):
    """Too many wrong passphrases: the next attempt is allowed after ``params['seconds']``."""

    code = "store.unlock_delayed"


class PassphraseRejected(AppError):
    """A new passphrase does not meet the rules (``params['reason']``: too_short, mismatch, weak)."""

    code = "store.passphrase_rejected"


class KeyFileMissing(StoreError):
    """The store is encrypted but its key file (salt) is gone: it cannot be opened."""

    code = "store.key_file_missing"


# ---- key derivation ------------------------------------------------------------------------


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters and salt of one profile (``doorstep.key.json``)."""

    salt: bytes
    time_cost: int = 3
    memory_cost: int = 65536  # KiB
    parallelism: int = 2

    @staticmethod
    def new() -> KdfParams:
        """Fresh parameters (:data:`KDF_DEFAULTS`) with a random 16-byte salt."""
        return KdfParams(salt=secrets.token_bytes(16), **KDF_DEFAULTS)

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "kdf": "argon2id", "salt": self.salt.hex(), "time_cost": self.time_cost,
                "memory_cost": self.memory_cost, "parallelism": self.parallelism}

    @staticmethod
    def from_json(data: dict[str, Any]) -> KdfParams:
        if data.get("kdf") != "argon2id":
            raise StoreError(f"unknown key derivation {data.get('kdf')!r}")
        return KdfParams(salt=bytes.fromhex(str(data["salt"])), time_cost=int(data["time_cost"]),
                         memory_cost=int(data["memory_cost"]), parallelism=int(data["parallelism"]))


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    """Return the 32-byte store key for ``passphrase`` (NFC-normalised, UTF-8) under ``params``."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hash_secret_raw(secret, params.salt, time_cost=params.time_cost, memory_cost=params.memory_cost,
                           parallelism=params.parallelism, hash_len=32, type=Type.ID)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix="." + path.name, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_params(path: Path) -> KdfParams | None:
    try:
        return KdfParams.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as exc:
        raise StoreError(f"{path.name} is damaged ({type(exc).__name__})") from exc


# ---- the throttle --------------------------------------------------------------------------


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` wrong passphrases in a row:
    0 up to :data:`FREE_ATTEMPTS`, then 30, 60, 120 … at most :data:`MAX_DELAY_S`."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY_S, 30.0 * 2 ** (failures - FREE_ATTEMPTS)))


class UnlockThrottle:
    """Wrong-passphrase count and next allowed attempt of a profile, persisted in ``unlock.json``."""

    def __init__(self, profile: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = profile / THROTTLE_FILE
        self.clock = clock

    def _load(self) -> tuple[int, float, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data.get("failures", 0)), float(data.get("not_before", 0.0)), int(data.get("unlogged", 0))
        except FileNotFoundError:
            return 0, 0.0, 0
        except (OSError, ValueError, TypeError):  # damaged: keep the delay rather than drop it
            return FREE_ATTEMPTS, self.clock() + 30.0, 0

    @property
    def failures(self) -> int:
        """Wrong passphrases since the last success."""
        return self._load()[0]

    def wait_seconds(self) -> float:
        """Seconds until the next attempt is allowed (0: now)."""
        _, not_before, _ = self._load()
        return max(0.0, not_before - self.clock())

    def check(self) -> None:
        """Raise :class:`UnlockDelayed` while an attempt is not allowed."""
        wait = self.wait_seconds()
        if wait > 0:
            raise UnlockDelayed(f"wait {wait:.0f} s", {"seconds": int(wait + 0.999)})

    def failed(self) -> int:
        """Count one wrong passphrase; return the failures so far."""
        failures, _, unlogged = self._load()
        failures += 1
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _write_json(self.path, {"failures": failures, "not_before": self.clock() + delay_after(failures),
                                "unlogged": unlogged + 1})
        return failures

    def succeeded(self) -> int:
        """Reset after a correct passphrase; return the failures not yet written to the audit log."""
        _, _, unlogged = self._load()
        self.path.unlink(missing_ok=True)
        return unlogged


# ---- profile states ------------------------------------------------------------------------


def profile_needs_setup(profile: Path) -> bool:
    """True when the profile has no encrypted store yet: none at all (first run) or a plain one from
    before encryption (it is encrypted at setup). Either way the user chooses a passphrase."""
    store = profile / STORE_FILE
    return not store.exists() or store.stat().st_size == 0 or is_plaintext(store)


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Raise :class:`PassphraseRejected` unless ``passphrase`` may protect a profile: the two
    entries equal, at least :data:`MIN_LENGTH` characters, zxcvbn score ≥ :data:`MIN_SCORE`, not the
    public :data:`DEMO_PASSPHRASE`."""
    if passphrase != repeated:
        raise PassphraseRejected("entries differ", {"reason": "mismatch"})
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseRejected("too short", {"reason": "too_short", "min": MIN_LENGTH})
    if passphrase == DEMO_PASSPHRASE or strength(passphrase).score < MIN_SCORE:  # the demo's is public
        raise PassphraseRejected("too weak", {"reason": "weak"})


@dataclass(frozen=True)
class Strength:
    """zxcvbn's estimate: ``score`` 0 (guessed at once) … 4 (very hard); ``crack_time`` its offline
    slow-hash estimate in seconds; ``warning`` zxcvbn's English hint ('' when none)."""

    score: int
    crack_time: float
    warning: str


def strength(passphrase: str) -> Strength:
    """Estimate a passphrase's strength with zxcvbn (Dropbox's estimator; checks dictionary words,
    names, keyboard patterns, dates and repeats). Empty text scores 0."""
    if not passphrase:
        return Strength(0, 0.0, "")
    from zxcvbn import zxcvbn  # ~30 ms to import: only the setup and change dialogs need it

    result = zxcvbn(passphrase[:100])
    seconds = result.get("crack_times_seconds", {}).get("offline_slow_hashing_1e4_per_second", 0)
    return Strength(int(result["score"]), float(seconds), str(result.get("feedback", {}).get("warning") or ""))


# ---- set up, unlock, change ----------------------------------------------------------------


def setup_profile(profile: Path, passphrase: str, *, user: str = "", demo: bool = False) -> Store:
    """Give ``profile`` its passphrase and return the open encrypted store.

    A missing store is created encrypted; a plain store (from before issue 7) is encrypted in place
    (:func:`desktop.store.db.encrypt_plaintext`: checked copy, swap, plain file shredded). The
    passphrase must pass :func:`check_new_passphrase` on every path (dialog, command line), except
    the documented :data:`DEMO_PASSPHRASE` of a demo profile (``demo=True``). The profile folder is
    made private (0700, POSIX).

    Raises:
        PassphraseRejected: the passphrase is too short or too weak (nothing is created).
        StoreError: the profile already has an encrypted store, or encrypting failed (unchanged).
    """
    store_path = profile / STORE_FILE
    if not profile_needs_setup(profile):
        raise StoreError("this profile already has a passphrase")
    if not (demo and passphrase == DEMO_PASSPHRASE):
        check_new_passphrase(passphrase, passphrase)
    make_private_folder(profile)
    params = KdfParams.new()
    key = derive_key(passphrase, params)
    _write_json(profile / KEY_FILE, params.to_json())
    was_plain = store_path.exists() and is_plaintext(store_path)
    if was_plain:
        encrypt_plaintext(store_path, key)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(store_path) + suffix).unlink(missing_ok=True)
    store = open_store(store_path, key=key)
    UnlockThrottle(profile).succeeded()
    if user:
        audit.log_event(store, user=user, action="update", entity="store",
                        detail="encrypted an existing store" if was_plain else "set up an encrypted store")
    return store


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) and make it readable by its owner only (0700; POSIX only:
    on Windows the profile folder inherits the user's profile ACL)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def unlock_profile(profile: Path, passphrase: str, *, user: str = "",
                   clock: Callable[[], float] = time.time) -> Store:
    """Open the profile's encrypted store with ``passphrase``.

    Raises:
        UnlockDelayed: too many wrong passphrases; wait ``params['seconds']``.
        WrongPassphrase: the passphrase is wrong (``params['failures']``, ``params['wait']`` seconds
            until the next attempt, 0 = at once); counted in ``unlock.json``.
        KeyFileMissing: the store is encrypted but ``doorstep.key.json`` is gone.
        StoreError: anything else that keeps the store shut.
    """
    throttle = UnlockThrottle(profile, clock)
    throttle.check()
    key = _key_for(profile, passphrase, throttle)
    store = open_store(profile / STORE_FILE, key=key)
    _after_unlock(store, throttle, user)
    return store


def _key_for(profile: Path, passphrase: str, throttle: UnlockThrottle) -> bytes:
    """Derive the key and check it against the file (trying a key file left by an interrupted
    passphrase change as well); count a failure on a mismatch."""
    params = _read_params(profile / KEY_FILE)
    if params is None:
        raise KeyFileMissing(str(profile / KEY_FILE))
    candidates: list[tuple[KdfParams, Path | None]] = [(params, None)]
    pending = _read_params(profile / (KEY_FILE + ".new"))
    if pending is not None:
        candidates.append((pending, profile / (KEY_FILE + ".new")))
    for candidate, source in candidates:
        key = derive_key(passphrase, candidate)
        if _opens(profile / STORE_FILE, key):
            if source is not None:  # the rekey finished but the key file was not swapped: finish it
                os.replace(source, profile / KEY_FILE)
            return key
    failures = throttle.failed()
    raise WrongPassphrase("wrong passphrase", {"failures": failures, "wait": int(throttle.wait_seconds() + 0.999)})


def _opens(path: Path, key: bytes) -> bool:
    import sqlcipher3

    from desktop.store.db import key_pragma

    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # before the key: no hmac errors on stderr
        conn.execute(f"PRAGMA key = {key_pragma(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _after_unlock(store: Store, throttle: UnlockThrottle, user: str) -> None:
    """Reset the throttle and write the failures before this unlock (GUI and command line alike;
    no user given: :func:`desktop.services.audit.acting_user`)."""
    unlogged = throttle.succeeded()
    if unlogged:
        audit.log_event(store, user=user or audit.acting_user(store), action="unlock_failed", entity="store",
                        count=unlogged, detail="wrong passphrases before this unlock")


def verify_passphrase(store: Store, profile: Path, passphrase: str, *, user: str = "",
                      clock: Callable[[], float] = time.time) -> None:
    """Unlock a locked window: check ``passphrase`` against the open store's key (the store stays
    open while locked; the widgets keep their state).

    Raises:
        UnlockDelayed, WrongPassphrase: as :func:`unlock_profile` (failures count the same).
    """
    throttle = UnlockThrottle(profile, clock)
    throttle.check()
    params = _read_params(profile / KEY_FILE)
    if params is None:
        raise KeyFileMissing(str(profile / KEY_FILE))
    if not store.matches_key(derive_key(passphrase, params)):
        failures = throttle.failed()
        raise WrongPassphrase("wrong passphrase", {"failures": failures,
                                                   "wait": int(throttle.wait_seconds() + 0.999)})
    _after_unlock(store, throttle, user)


def change_passphrase(store: Store, profile: Path, old: str, new: str, *, user: str = "") -> None:
    """Re-encrypt the store under ``new`` (SQLCipher ``PRAGMA rekey``; the data stays).

    The new salt is written to ``doorstep.key.json.new`` before the rekey and swapped in after it,
    so an interruption leaves a profile that either passphrase opens (:func:`unlock_profile`
    tries both key files). Run on the DB worker with no other connection checked out.

    Raises:
        WrongPassphrase, UnlockDelayed: ``old`` is wrong (counted like an unlock).
        PassphraseRejected: ``new`` is too short or too weak (:func:`check_new_passphrase`).
    """
    verify_passphrase(store, profile, old)
    check_new_passphrase(new, new)
    params = KdfParams.new()
    key = derive_key(new, params)
    pending = profile / (KEY_FILE + ".new")
    _write_json(pending, params.to_json())
    store.rekey(key)
    os.replace(pending, profile / KEY_FILE)
    if user:
        audit.log_event(store, user=user, action="update", entity="store", detail="passphrase changed")
    logger.info("store passphrase changed")


def open_profile_store(profile: Path, passphrase: str, *, user: str = "", demo: bool = False) -> Store:
    """Open a profile for a command-line path or the demo: set it up with ``passphrase`` when it has
    no encrypted store yet (rules and ``demo`` as :func:`setup_profile`; raises
    :class:`PassphraseRejected`), else unlock it (same rules and errors as :func:`unlock_profile`)."""
    if profile_needs_setup(profile):
        return setup_profile(profile, passphrase, user=user, demo=demo)
    return unlock_profile(profile, passphrase, user=user)


def cli_passphrase(passphrase_file: Path | None, *, new: bool = False) -> str:
    """Return the passphrase of a command-line run: the first line of ``passphrase_file`` (UTF-8; a
    leading BOM, as Windows Notepad saves, and the line end, LF or CRLF, are not part of it), else
    the environment variable :data:`PASSPHRASE_ENV`. ``new``: the profile does not exist yet (only
    changes the message when neither is given).

    Raises:
        AppError: neither is given, or the file is unreadable or empty (never echoes the text).
    """
    if passphrase_file is not None:
        try:
            lines = passphrase_file.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise AppError(f"cannot read the passphrase file {passphrase_file} ({type(exc).__name__})") from exc
        if not lines or not lines[0]:
            raise AppError(f"the passphrase file {passphrase_file} is empty")
        return lines[0]
    value = os.environ.get(PASSPHRASE_ENV, "")
    if not value and new:
        raise AppError(f"a new profile needs a passphrase (at least {MIN_LENGTH} characters, not easy to guess; "
                       f"新配置需要设置口令): give --passphrase-file FILE or set {PASSPHRASE_ENV}")
    if not value:
        raise AppError(f"the profile is encrypted (配置已加密，需要口令): give --passphrase-file FILE or set "
                       f"{PASSPHRASE_ENV}")
    return value


# ---- reveal --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revealed:
    """The full values of one record, shown after a deliberate reveal (audited)."""

    record_id: str
    id_number: str
    phone: str


def reveal_resident(store: Store, user: str, resident_id: str) -> Revealed:
    """Read one resident's full ID number and phone and write a ``reveal`` audit event, in one
    transaction (the reveal is recorded if and only if the values were read).

    Raises:
        desktop.errors.NotFound: no such resident.
    """
    from desktop.errors import NotFound

    r = t.resident
    with store.write() as conn:
        row = conn.execute(select(r.c.id_number, r.c.phone).where(r.c.id == resident_id)).first()
        if row is None:
            raise NotFound(resident_id)
        audit.record(conn, user=user, device_id=store.device_id, action="reveal", entity="resident",
                     record_id=resident_id, detail="id_number, phone", count=1)
    return Revealed(resident_id, str(row[0] or ""), str(row[1] or ""))


def open_for_cli(profile: Path, passphrase_file: Path | None, *, user: str = "") -> Store:
    """Open a profile's store for a command-line run (``import-ledger``, ``export-ledger``).

    An encrypted or a new profile needs the passphrase (:func:`cli_passphrase`); a new one is created
    encrypted with it. A plain store from before issue 7 is opened as it is, with a warning: the app
    encrypts it when it next starts (a script should not choose a user's passphrase for them).

    Raises:
        AppError: no passphrase given; PassphraseRejected: a new profile's passphrase is too weak;
        WrongPassphrase, UnlockDelayed: as :func:`unlock_profile` (failures before a successful run are
        written to the audit log like the app's, under ``user`` or :func:`audit.acting_user`).
    """
    path = profile / STORE_FILE
    if path.exists() and path.stat().st_size > 0 and is_plaintext(path):
        logger.warning("the store in %s is not encrypted yet: start Doorstep once to set a passphrase", profile)
        return open_store(path)
    new = profile_needs_setup(profile)
    return open_profile_store(profile, cli_passphrase(passphrase_file, new=new), user=user)
