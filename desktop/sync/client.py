"""HTTP client of the central endpoint (DESIGN §5.8): every failure becomes a :class:`SyncError`.

Idempotent GETs are retried by urllib3 (connect errors, 502/503/504, with backoff). A push is
never retried here: the sync engine re-sends, and central answers repeats as duplicates.
No ``requests`` exception reaches callers:

* connection errors, timeouts, resets → ``SyncError(NETWORK)``
* 401/403 → ``SyncError(AUTH)``; 409 → ``SyncError(WRONG_SERVER)``; 426 → ``SyncError(UPGRADE_REQUIRED)``
* every answered error keeps central's HTTP status in ``SyncError.status``
* 413 → :class:`BatchTooLarge` (a ``SyncError(SERVER)``; the engine halves the batch)
* 422 → ``SyncError(VALIDATION)``; other statuses, 5xx, or a 200 whose body is not the expected
  JSON (a captive portal's HTML page) → ``SyncError(SERVER)``

Runs on a worker thread; must not touch Qt. One client per thread (``requests.Session``).
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, TypeAdapter, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from desktop.errors import SyncError, SyncErrorKind
from desktop.sync.protocol import (
    API_PREFIX,
    ConflictsResponse,
    Handshake,
    Health,
    LoginRequest,
    PullPage,
    PushRequest,
    PushResponse,
    RatesResponse,
    RefreshRequest,
    ResidentSearchResponse,
    TokenResponse,
)

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
_COUNTS = TypeAdapter(dict[str, int])


class BatchTooLarge(SyncError):
    """The server refused a push as too large (413): send a smaller batch (kind SERVER)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(SyncErrorKind.SERVER, detail or "batch too large", 413)


class SyncClient:
    """Talk to central at ``base_url`` (e.g. ``http://127.0.0.1:8765``).

    Args:
        base_url: scheme, host and port of central; the ``/api/v1`` prefix is added here.
        timeout: (connect, read) timeouts in seconds.
        retries: attempts after the first for idempotent GETs (connect errors and 502/503/504).
        backoff: urllib3 backoff factor in seconds (0.3 → 0.3 s, 0.6 s, 1.2 s …).
        token: the access token sent as ``Authorization: Bearer`` (set later with :meth:`set_token`).
    """

    def __init__(self, base_url: str, timeout: tuple[float, float] = (5, 30), *,
                 retries: int = 3, backoff: float = 0.3, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(
            total=retries, connect=retries, read=retries, status=retries, other=0,
            allowed_methods=frozenset({"GET"}), status_forcelist=(502, 503, 504),
            backoff_factor=backoff, raise_on_status=False, respect_retry_after_header=True,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["Accept"] = "application/json"
        self.set_token(token)

    def set_token(self, token: str | None) -> None:
        """Send ``token`` as the Bearer access token from now on (None: send none). Never logged."""
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            self.session.headers.pop("Authorization", None)

    def login(self, username: str, password: str, device_id: str) -> TokenResponse:
        """``POST /auth/login``. Raises: SyncError (AUTH: ``status`` 401 a wrong user name or password, 403 a
        revoked device; central/api/routes/auth.py)."""
        body = LoginRequest(username=username, password=password, device_id=device_id).model_dump_json()
        return self._parse(self._request("POST", "/auth/login", data=body.encode("utf-8"),
                                         headers={"Content-Type": "application/json"}), TokenResponse)

    def refresh(self, device_id: str, device_token: str) -> TokenResponse:
        """``POST /auth/refresh`` with the device credential. Raises: SyncError (AUTH when refused)."""
        body = RefreshRequest(device_id=device_id, device_token=device_token).model_dump_json()
        return self._parse(self._request("POST", "/auth/refresh", data=body.encode("utf-8"),
                                         headers={"Content-Type": "application/json"}), TokenResponse)

    def conflicts(self) -> ConflictsResponse:
        """``GET /sync/conflicts``: every open conflict. Raises: SyncError."""
        return self._parse(self._request("GET", "/sync/conflicts"), ConflictsResponse)

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    # ---- endpoints ---------------------------------------------------------------------------

    def health(self) -> Health:
        """``GET /health``. Raises: SyncError."""
        return self._parse(self._request("GET", "/health"), Health)

    def handshake(self, device_id: str) -> Handshake:
        """``GET /handshake``: server identity and this device's high-water mark. Raises: SyncError."""
        return self._parse(self._request("GET", "/handshake", params={"device_id": device_id}), Handshake)

    def push(self, request: PushRequest) -> PushResponse:
        """``POST /sync/push`` one batch; return its receipts.

        Raises:
            BatchTooLarge: 413 — resend in smaller batches.
            SyncError: any other failure (nothing was acknowledged).
        """
        return self.push_body(request.model_dump_json().encode("utf-8"))

    def push_body(self, body: bytes) -> PushResponse:
        """``POST /sync/push`` a batch already encoded as a :class:`PushRequest` JSON body (UTF-8).

        Raises:
            BatchTooLarge: 413 — resend in smaller batches.
            SyncError: any other failure (nothing was acknowledged).
        """
        resp = self._request("POST", "/sync/push", data=body,
                             headers={"Content-Type": "application/json; charset=utf-8"})
        return self._parse(resp, PushResponse)

    def pull(self, cursor: int, limit: int, since: int | None = None) -> PullPage:
        """``GET /sync/pull``: up to ``limit`` rows after ``cursor``; ``since``: the cursor this pull run
        started from (issue 7: central adds persons the device passed while outside its scope). Raises: SyncError."""
        params = {"cursor": cursor, "limit": limit} if since is None else {"cursor": cursor, "limit": limit,
                                                                           "since": since}
        return self._parse(self._request("GET", "/sync/pull", params=params), PullPage)

    def rates(self, area: str) -> RatesResponse:
        """``GET /rates`` for an area code or id. Raises: SyncError."""
        return self._parse(self._request("GET", "/rates", params={"area": area}), RatesResponse)

    def counts(self) -> dict[str, int]:
        """``GET /stats/counts``: {entity: non-deleted records on central}. Raises: SyncError."""
        resp = self._request("GET", "/stats/counts")
        try:
            return _COUNTS.validate_python(resp.json())
        except (ValueError, ValidationError) as exc:
            raise SyncError(SyncErrorKind.SERVER, "unexpected response from central") from exc

    def search_residents(self, *, id_number: str = "", name: str = "", phone: str = "",
                         limit: int = 20) -> ResidentSearchResponse:
        """``GET /residents/search`` (issue 4, search before create): residents on central matching
        the ID number, the exact name or the phone, with where they live now. Raises: SyncError."""
        params: dict[str, str | int] = {"limit": limit}
        for key, value in (("id_number", id_number), ("name", name), ("phone", phone)):
            if value.strip():
                params[key] = value.strip()
        return self._parse(self._request("GET", "/residents/search", params=params), ResidentSearchResponse)

    # ---- plumbing ----------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            resp = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            logger.warning("%s %s: %s", method, path, type(exc).__name__)
            raise SyncError(SyncErrorKind.NETWORK,
                            f"cannot reach central at {self.base_url}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            logger.warning("%s %s: %s", method, path, type(exc).__name__)
            raise SyncError(SyncErrorKind.NETWORK, f"request failed: {type(exc).__name__}") from exc
        logger.info("%s %s -> %d", method, path, resp.status_code)
        if resp.status_code == 200:
            return resp
        detail = _detail(resp)
        if resp.status_code in (401, 403):
            raise SyncError(SyncErrorKind.AUTH, detail, resp.status_code)
        if resp.status_code == 409:
            raise SyncError(SyncErrorKind.WRONG_SERVER, detail, resp.status_code)
        if resp.status_code == 413:
            raise BatchTooLarge(detail)
        if resp.status_code == 422:
            raise SyncError(SyncErrorKind.VALIDATION, detail, resp.status_code)
        if resp.status_code == 429:
            wait = resp.headers.get("Retry-After", "")
            raise SyncError(SyncErrorKind.RATE_LIMITED,
                            f"too many failed sign-ins; retry after {wait} s" if wait.isdigit() else detail,
                            resp.status_code)
        if resp.status_code == 426:
            raise SyncError(SyncErrorKind.UPGRADE_REQUIRED, detail, resp.status_code)
        raise SyncError(SyncErrorKind.SERVER, f"HTTP {resp.status_code}: {detail}", resp.status_code)

    @staticmethod
    def _parse(resp: requests.Response, model: type[M]) -> M:
        try:
            return model.model_validate_json(resp.content)
        except ValidationError as exc:
            kind = resp.headers.get("Content-Type", "?")
            logger.warning("unexpected %s body from central (%d bytes)", kind, len(resp.content))
            raise SyncError(SyncErrorKind.SERVER, "unexpected response from central") from exc


def _detail(resp: requests.Response) -> str:
    """Return the ``detail`` of a JSON error body, or a short text excerpt."""
    try:
        body = resp.json()
    except ValueError:
        text = resp.text.lstrip()
        if text[:15].lower().startswith(("<!doctype", "<html")):
            return f"an HTML page from {resp.url}, not the Doorstep API: is this the central endpoint's address?"
        return text[:200]
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    return json.dumps(body, ensure_ascii=False)[:200]
