"""Search before create: who in the store could this new person be? (issue 4, item 4)

As the officer types a new resident's ID number, name, phone or birth date, :meth:`find_matches`
lists existing residents that match any of them, with where each one lives now, so that a person
registered elsewhere is *moved* (``ResidencyService.move_resident``) instead of created twice.

Indexed paths only (DESIGN §7: p95 < 2 ms by ID, < 50 ms for the rest at 1M residents):

=====================  ==========================================  ===========================
criterion              query                                       index
=====================  ==========================================  ===========================
ID number              ``id_number = ?`` (normalised, 15 → 18)      ix_resident_id_number
name (1+ characters)   ``name >= q AND name < q || U+10FFFF``      ix_resident_name (prefix:
                       (exact or prefix; 2-character names too)    a range, not LIKE)
pinyin initials        ``name_initials`` range on the Latin query  ix_resident_initials
phone (full)           ``phone = ?``                               ix_resident_phone
phone tail (4–10 dig.) ``substr(phone, -4) = ? AND phone LIKE …``  ix_resident_phone_tail
birth date             ``birth_date = ?``                          ix_resident_birth_date
=====================  ==========================================  ===========================

Substring name search (not a prefix) is deliberately absent here: it is a scan, and a registered
person's name is typed from their card, so the prefix finds them. Each path is capped at
:data:`PER_PATH_LIMIT` rows; matches are merged per resident and ranked by how strong the evidence
is (ID number, then name + birth date, then phone, then the rest).

Likely duplicates among *existing* records (same name and birth date, or same phone) are listed
by :meth:`likely_duplicates` for review (a grouped scan, run on the DB thread, never per keystroke).
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, literal_column, select

from desktop.domain.idnumber import normalize_id_number, upgrade_15_to_18
from desktop.domain.phone import normalize_phone
from desktop.domain.pinyin import name_initials
from desktop.domain.resident import normalize_name
from desktop.errors import NotFound, SyncError, SyncErrorKind
from desktop.store import tables as t
from desktop.store.db import Store

if TYPE_CHECKING:  # the HTTP client (requests) loads when central is first asked, not at start-up (issue 8)
    from desktop.sync.client import SyncClient
    from desktop.sync.protocol import CentralResidentMatch

logger = logging.getLogger(__name__)

PER_PATH_LIMIT = 20
MAX_MATCHES = 30
_HIGH = "\U0010ffff"
_RE_LETTERS = re.compile(r"[a-z]+")
_RE_DIGITS = re.compile(r"\d+")


class MatchReason(StrEnum):
    """Why an existing resident is shown as a possible match."""

    ID_NUMBER = "id_number"
    NAME = "name"  # exact name
    NAME_PREFIX = "name_prefix"
    INITIALS = "initials"
    PHONE = "phone"
    PHONE_TAIL = "phone_tail"
    BIRTH_DATE = "birth_date"


class CentralStatus(StrEnum):
    """Whether central's answer is in a :class:`MatchResult` (issue 4: search central when online)."""

    NOT_ASKED = "not_asked"  # local only (no central configured, or not answered yet)
    ONLINE = "online"  # central answered; its matches are merged in
    OFFLINE = "offline"  # central unreachable or too slow: local data only
    SIGNED_OUT = "signed_out"  # nobody signed in (or central refused the token): local data only


class DuplicateFlag(StrEnum):
    """Why a match is a *likely duplicate* of the person being entered (flag for review)."""

    SAME_ID = "same_id"
    SAME_NAME_BIRTH = "same_name_birth"
    SAME_PHONE = "same_phone"


_WEIGHTS = {
    MatchReason.ID_NUMBER: 100, MatchReason.NAME: 20, MatchReason.BIRTH_DATE: 15, MatchReason.PHONE: 30,
    MatchReason.PHONE_TAIL: 5, MatchReason.NAME_PREFIX: 4, MatchReason.INITIALS: 2,
}


@dataclass(frozen=True)
class MatchQuery:
    """What the officer has typed so far (any field may be empty)."""

    id_number: str = ""
    name: str = ""
    phone: str = ""
    birth_date: date | None = None

    def is_empty(self) -> bool:
        """True when nothing searchable has been typed."""
        return not (self.id_number.strip() or self.name.strip() or self.phone.strip() or self.birth_date)


@dataclass(frozen=True)
class Residence:
    """A current (living) registration of a matched resident."""

    registration_id: str
    address_id: str
    address_text: str
    household_id: str | None


@dataclass(frozen=True)
class Match:
    """An existing resident who may be the person being entered."""

    resident_id: str
    name: str
    id_number: str
    birth_date: str | None
    phone: str
    reasons: frozenset[MatchReason]
    flags: frozenset[DuplicateFlag]
    living_at: tuple[Residence, ...] = ()
    score: int = 0
    local: bool = True  # in this device's store
    on_central: bool = False  # central answered it (tagged 中心 when not local)

    @property
    def is_same_person(self) -> bool:
        """True when the ID number is the same: this *is* the person (move, never create)."""
        return DuplicateFlag.SAME_ID in self.flags

    def lives_at(self, address_id: str) -> bool:
        """True when one of the person's living registrations is at ``address_id``."""
        return any(r.address_id == address_id for r in self.living_at)


@dataclass(frozen=True)
class MatchResult:
    """Matches, strongest first; ``query`` is what was searched; ``central`` whether central was asked."""

    query: MatchQuery
    matches: tuple[Match, ...] = field(default_factory=tuple)
    central: CentralStatus = CentralStatus.NOT_ASKED

    @property
    def same_person(self) -> Match | None:
        """The match with the same ID number, if any."""
        return next((m for m in self.matches if m.is_same_person), None)


@dataclass(frozen=True)
class DuplicateGroup:
    """Existing residents that look like one person recorded twice."""

    flag: DuplicateFlag
    key: str  # "name|birth date" or the phone
    resident_ids: tuple[str, ...]


def _normalize_id(raw: str) -> str:
    number = normalize_id_number(raw)
    if len(number) == 15 and number.isdigit():
        return upgrade_15_to_18(number)
    return number


class SearchService:
    """Read-only matching over the local store; runs on the DB thread (never per keystroke on the GUI)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: Central's half of the search (None: local only); set by :meth:`attach_central`.
        self.central: CentralSearch | None = None

    def attach_central(self, base_url: str) -> CentralSearch:
        """Also search central at ``base_url`` when online (issue 4); return the lookup."""
        self.central = CentralSearch(self.store, base_url)
        return self.central

    def find_matches(self, query: MatchQuery, limit: int = MAX_MATCHES) -> MatchResult:
        """Return residents matching any typed criterion, merged and ranked (see module doc)."""
        if query.is_empty():
            return MatchResult(query)
        res = t.resident
        id_number = _normalize_id(query.id_number) if query.id_number.strip() else ""
        name = normalize_name(query.name)
        phone_digits = "".join(_RE_DIGITS.findall(unicodedata.normalize("NFKC", query.phone)))
        phone_full = normalize_phone(query.phone) if len(phone_digits) >= 7 else ""
        birth = query.birth_date.isoformat() if query.birth_date else ""
        reasons: dict[str, set[MatchReason]] = {}
        found: dict[str, Any] = {}  # id -> row: each path reads the columns it shows (one index range + rows)

        def add(conn: Connection, cond: object, reason: MatchReason) -> None:
            stmt = (select(res.c.id, res.c.name, res.c.id_number, res.c.birth_date, res.c.phone)
                    .where(cond, res.c.deleted == 0).limit(PER_PATH_LIMIT))  # type: ignore[arg-type]
            for row in conn.execute(stmt):
                reasons.setdefault(str(row.id), set()).add(reason)
                found[str(row.id)] = row

        with self.store.read() as conn:
            if len(id_number) >= 15:
                add(conn, res.c.id_number == id_number, MatchReason.ID_NUMBER)
            if name:
                add(conn, res.c.name == name, MatchReason.NAME)
                add(conn, and_(res.c.name > name, res.c.name < name + _HIGH), MatchReason.NAME_PREFIX)
                low = name.lower()
                if _RE_LETTERS.fullmatch(low):
                    add(conn, and_(res.c.name_initials >= low, res.c.name_initials < low + _HIGH),
                        MatchReason.INITIALS)
            if phone_full:
                add(conn, res.c.phone == phone_full, MatchReason.PHONE)
            if 4 <= len(phone_digits) < 11:
                tail = phone_digits
                add(conn, and_(func.substr(res.c.phone, literal_column("-4")) == tail[-4:],
                               res.c.phone.endswith(tail, autoescape=True)), MatchReason.PHONE_TAIL)
            if birth:
                add(conn, res.c.birth_date == birth, MatchReason.BIRTH_DATE)
            if not reasons:
                return MatchResult(query)
            rows = list(found.values())
            living = self._living(conn, [r.id for r in rows])
        matches = []
        for r in rows:
            why = reasons[r.id]
            if why == {MatchReason.BIRTH_DATE} and (name or id_number or phone_digits):
                continue  # a shared birthday alone is noise once anything else was typed
            flags: set[DuplicateFlag] = set()
            if id_number and r.id_number == id_number:
                flags.add(DuplicateFlag.SAME_ID)
            if name and r.name == name and birth and r.birth_date == birth:
                flags.add(DuplicateFlag.SAME_NAME_BIRTH)
            if phone_full and r.phone == phone_full:
                flags.add(DuplicateFlag.SAME_PHONE)
            score = sum(_WEIGHTS[w] for w in why)
            matches.append(Match(r.id, r.name, r.id_number, r.birth_date, r.phone, frozenset(why),
                                 frozenset(flags), tuple(living.get(r.id, ())), score))
        matches.sort(key=lambda m: (-m.score, m.name, m.resident_id))
        return MatchResult(query, tuple(matches[:limit]))

    @staticmethod
    def _living(conn: Connection, resident_ids: Sequence[str]) -> dict[str, list[Residence]]:
        reg, sa = t.residence_registration, t.standard_address
        out: dict[str, list[Residence]] = {}
        if not resident_ids:
            return out
        rows = conn.execute(
            select(reg.c.resident_id, reg.c.id, reg.c.address_id, sa.c.full_text, reg.c.household_id)
            .join(sa, sa.c.id == reg.c.address_id)
            .where(reg.c.resident_id.in_(list(resident_ids)), reg.c.status == "living", reg.c.deleted == 0)
            .order_by(reg.c.registered_date)
        ).all()
        for row in rows:
            out.setdefault(row.resident_id, []).append(
                Residence(row.id, row.address_id, row.full_text, row.household_id))
        return out

    def likely_duplicates(self, limit: int = 500) -> list[DuplicateGroup]:
        """Return groups of live residents sharing name + birth date, or a phone (for review).

        Residents with the same ID number are not listed here: the ID is the identity, and the
        registry refuses a second one through search before create.
        """
        res = t.resident
        groups: list[DuplicateGroup] = []
        with self.store.read() as conn:
            by_name = conn.execute(
                select(res.c.name, res.c.birth_date, func.group_concat(res.c.id))
                .where(res.c.deleted == 0, res.c.birth_date.is_not(None), res.c.name != "")
                .group_by(res.c.name, res.c.birth_date)
                .having(func.count() > 1)
                .limit(limit)
            ).all()
            groups += [DuplicateGroup(DuplicateFlag.SAME_NAME_BIRTH, f"{n}|{b}", tuple(sorted(ids.split(","))))
                       for n, b, ids in by_name]
            by_phone = conn.execute(
                select(res.c.phone, func.group_concat(res.c.id))
                .where(res.c.deleted == 0, res.c.phone != "")
                .group_by(res.c.phone)
                .having(func.count() > 1)
                .limit(limit)
            ).all()
            groups += [DuplicateGroup(DuplicateFlag.SAME_PHONE, p, tuple(sorted(ids.split(","))))
                       for p, ids in by_phone]
        return groups


# ---- central (issue 4: "… in the local store and — when online — on the central endpoint") ------

#: (connect, read) seconds for the central lookup: it must never hold the officer up.
CENTRAL_TIMEOUT = (2.0, 3.0)
_CENTRAL_REASONS = {"id_number": MatchReason.ID_NUMBER, "name": MatchReason.NAME, "phone": MatchReason.PHONE}


class CentralSearch:
    """Ask central who the person being entered could be; make a central-only match local.

    :meth:`find` runs on the TaskRunner's *network pool* (it only reads ``sync_state`` and talks
    HTTP with a short timeout, no retries); it never raises: an unreachable or slow central is
    :attr:`CentralStatus.OFFLINE`, a missing or refused sign-in :attr:`CentralStatus.SIGNED_OUT`.
    An access token about to expire is renewed in memory with the device credential (nothing is
    written: the DB worker's sync stores tokens).

    :meth:`make_local` runs on the DB worker: a central-only match is fetched by an ordinary sync
    (push, then pull) so the move is written against the same records every device has
    (docs/decisions.md, "A central-only match is pulled by a sync before the move").

    Args:
        store: the local store (``sync_state`` holds the tokens).
        base_url: central's base URL.
        timeout: (connect, read) seconds.
        sync: runs one sync of the store (default: ``SyncService(store, base_url).sync``).
    """

    def __init__(self, store: Store, base_url: str, *, timeout: tuple[float, float] = CENTRAL_TIMEOUT,
                 sync: Callable[[], object] | None = None) -> None:
        self.store = store
        self.base_url = base_url
        self.timeout = timeout
        self._sync = sync

    def _token(self, client: SyncClient) -> str | None:
        token = self.store.state("access_token")
        if not token:
            return None
        if int(self.store.state("access_expires") or 0) - time.time() > 30:
            return token
        device_token = self.store.state("device_token")
        if not device_token:
            return None
        return client.refresh(self.store.device_id, device_token).access_token

    def find(self, query: MatchQuery,
             limit: int = MAX_MATCHES) -> tuple[CentralStatus, tuple[CentralResidentMatch, ...]]:
        """Return central's status and its matches for ``query`` (network pool; never raises SyncError)."""
        if not (query.id_number.strip() or query.name.strip() or query.phone.strip()):
            return CentralStatus.NOT_ASKED, ()
        from desktop.sync.client import SyncClient
        from desktop.sync.protocol import MAX_SEARCH_LIMIT

        client = SyncClient(self.base_url, timeout=self.timeout, retries=0)
        try:
            token = self._token(client)
            if token is None:
                return CentralStatus.SIGNED_OUT, ()
            client.set_token(token)
            resp = client.search_residents(id_number=query.id_number, name=query.name, phone=query.phone,
                                           limit=min(limit, MAX_SEARCH_LIMIT))
        except SyncError as exc:
            logger.info("central search unavailable: %s", exc.kind)
            return (CentralStatus.SIGNED_OUT if exc.kind is SyncErrorKind.AUTH else CentralStatus.OFFLINE), ()
        finally:
            client.close()
        return CentralStatus.ONLINE, tuple(resp.matches)

    def make_local(self, resident_id: str) -> None:
        """Bring a resident known only to central into the store (DB worker): one sync.

        Raises:
            NotFound: still not in the store after the sync (not visible to this device).
            SyncError: the sync failed (offline, signed out …).
        """
        if _resident_exists(self.store, resident_id):
            return
        if self._sync is not None:
            self._sync()
        else:
            from desktop.services.sync_service import SyncService

            service = SyncService(self.store, self.base_url)
            try:
                service.sync()
            finally:
                service.close()
        if not _resident_exists(self.store, resident_id):
            raise NotFound(resident_id)


def _resident_exists(store: Store, resident_id: str) -> bool:
    with store.read() as conn:
        return conn.execute(select(t.resident.c.id).where(t.resident.c.id == resident_id,
                                                          t.resident.c.deleted == 0)).first() is not None


def merge_central(local: MatchResult, status: CentralStatus,
                  central: Sequence[CentralResidentMatch], limit: int = MAX_MATCHES) -> MatchResult:
    """Merge central's matches into a local result (same query): a resident in both is marked
    ``on_central``; one only on central is added with ``local=False`` and central's living address."""
    query = local.query
    by_id = {m.resident_id: m for m in local.matches}
    id_number = _normalize_id(query.id_number) if query.id_number.strip() else ""
    name = normalize_name(query.name)
    phone = normalize_phone(query.phone) if query.phone.strip() else ""
    birth = query.birth_date.isoformat() if query.birth_date else ""
    for c in central:
        known = by_id.get(c.resident_id)
        if known is not None:
            by_id[c.resident_id] = replace(known, on_central=True)
            continue
        why = frozenset(_CENTRAL_REASONS[r] for r in c.reasons)
        flags: set[DuplicateFlag] = set()
        if id_number and c.id_number == id_number:
            flags.add(DuplicateFlag.SAME_ID)
        if name and c.name == name and birth and c.birth_date == birth:
            flags.add(DuplicateFlag.SAME_NAME_BIRTH)
        if phone and c.phone == phone:
            flags.add(DuplicateFlag.SAME_PHONE)
        living = tuple(Residence(r.registration_id, r.address_id, r.address_text, r.household_id)
                       for r in c.living_at)
        by_id[c.resident_id] = Match(c.resident_id, c.name, c.id_number, c.birth_date, c.phone, why,
                                     frozenset(flags), living, sum(_WEIGHTS[w] for w in why),
                                     local=False, on_central=True)
    matches = sorted(by_id.values(), key=lambda m: (-m.score, m.name, m.resident_id))
    return MatchResult(query, tuple(matches[:limit]), central=status)


def find_everywhere(search: SearchService, central: CentralSearch | None, query: MatchQuery) -> MatchResult:
    """Local matches merged with central's (one call, for scripts and tests; the dialog runs the
    two halves on their own threads and merges with :func:`merge_central`)."""
    local = search.find_matches(query)
    if central is None:
        return local
    status, found = central.find(query)
    return merge_central(local, status, found)


def initials_of(name: str) -> str:
    """Pinyin initials of a typed name (re-exported for the UI's hint text)."""
    return name_initials(normalize_name(name))
