"""The central FastAPI application: :func:`create_app` wires the database, routes and error handlers.

Shape after the full-stack-fastapi-template: ``api/routes/*`` (HTTP only) call ``crud`` (no HTTP),
which works on the tables of ``models``. OpenAPI is served at ``/docs``.

Hardening (issue 7 §6; docs/security.md): every response carries :data:`SECURITY_HEADERS`
(:class:`SecurityHeadersMiddleware`), request bodies are limited before they are parsed
(:class:`BodyLimitMiddleware`: the push limit on ``/sync/push``, a small one everywhere else),
errors never carry a stack trace (:mod:`central.api.errors`), and there is no CORS middleware:
browsers on other origins get no ``Access-Control-Allow-Origin`` and cannot read any answer.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central import auth
from central.api import errors
from central.api.routes import audit as audit_routes
from central.api.routes import auth as auth_routes
from central.api.routes import info, sync
from central.api.routes import search as search_routes
from central.config import MAX_BODY_BYTES, MAX_SMALL_BODY_BYTES, Settings
from central.db import init_db, make_engine
from desktop.sync.protocol import API_PREFIX

logger = logging.getLogger(__name__)

#: Paths whose bodies may reach the push limit; every other request gets the small limit.
LARGE_BODY_PATHS = frozenset({f"{API_PREFIX}/sync/push"})

#: Headers on every response (OWASP Secure Headers / REST Security cheat sheets): no MIME sniffing,
#: no framing, no referrer, nothing cached, and for JSON a policy that allows loading nothing.
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: The interactive API page (``/docs``, Swagger UI) loads its script and style from its CDN.
DOCS_CSP = ("default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
            "connect-src 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    """Set :data:`SECURITY_HEADERS` on every HTTP response (``/docs`` gets :data:`DOCS_CSP`).

    Pure ASGI (no per-request task as with ``BaseHTTPMiddleware``), so a push pays nothing measurable.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path") == "/docs"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if docs:
                    headers["Content-Security-Policy"] = DOCS_CSP
            await send(message)

        await self.app(scope, receive, with_headers)


class UrlGuardMiddleware:
    """Answer 422 for a NUL character in the path or the query string, before any route sees it.

    PostgreSQL text cannot hold NUL: a NUL in a parameter used in a query failed with a 500
    (found by probing central on PostgreSQL; ``tests/central/test_security.py``).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query: bytes = scope.get("query_string", b"")
            if "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query:
                response = JSONResponse(errors.nul_in_url_body(), status_code=422)
                await response(scope, _no_receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Answer 413 for request bodies over the limit (declared length or streamed bytes), before
    anything parses them: ``max_bytes`` on :data:`LARGE_BODY_PATHS` (the push), ``small_bytes``
    on every other path (sign-in and refresh bodies are well under 1 kB).

    A streamed (chunked) body that grows too large gets the 413 as soon as the limit is passed;
    the app then sees a disconnect and whatever it answers is dropped.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES,
                 small_bytes: int = MAX_SMALL_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.small_bytes = small_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes if scope.get("path") in LARGE_BODY_PATHS else self.small_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(send)
                return
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not started:
                    refused = True
                    await _too_large(send)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


async def _too_large(send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413)
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # answered by Starlette's outermost middleware: the security headers are added here
    return errors.internal_error_response(request, exc, SECURITY_HEADERS)


def create_app(db_url: str, *, max_body_bytes: int | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app on the database at ``db_url`` (tables are created on first use).

    Args:
        db_url: SQLAlchemy URL, e.g. ``sqlite:///./central.sqlite`` or
            ``postgresql+psycopg://postgres@127.0.0.1/test``.
        max_body_bytes: largest push body; larger ones get 413 (default: ``settings``').
        settings: limits, token lifetime and login rate limit (default :class:`Settings` ()).

    Returns:
        The FastAPI app; its engine is ``app.state.engine`` (disposed on shutdown).
    """
    settings = replace(settings or Settings(), db_url=db_url)
    if max_body_bytes is not None:
        settings = replace(settings, max_body_bytes=max_body_bytes)
    engine = make_engine(db_url)
    server_id = init_db(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="Doorstep central", version="0.1.0", docs_url="/docs",
                  openapi_url=f"{API_PREFIX}/openapi.json", lifespan=lifespan)
    app.state.engine = engine
    app.state.server_id = server_id
    app.state.token_secret = auth.signing_secret(engine)
    app.state.max_body_bytes = settings.max_body_bytes
    app.state.token_ttl_s = settings.token_ttl_s
    app.state.login_limit = settings.login_limit
    api = APIRouter(prefix=API_PREFIX, responses=errors.COMMON_RESPONSES)
    api.include_router(info.router)
    api.include_router(auth_routes.router)
    api.include_router(sync.router)
    api.include_router(search_routes.router)  # issue 4: search before create
    api.include_router(audit_routes.router)  # issue 7: the audit trail, for supervisors
    app.include_router(api)
    app.add_exception_handler(RequestValidationError, errors.validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.http_error)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(UrlGuardMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       small_bytes=settings.max_small_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: the 413s get the headers too

    logger.info("central ready on %s (server_id %s)",
                engine.url.render_as_string(hide_password=True), server_id)
    return app


def app_from_env(**_: Any) -> FastAPI:
    """Uvicorn factory for multi-worker runs: the app for ``DOORSTEP_CENTRAL_DB``."""
    settings = Settings.from_env()
    app = create_app(settings.db_url, settings=settings)
    tune_gc()
    return app


#: Allocations between two young-generation collections in a server process (CPython's default: 700).
GC_GEN0_THRESHOLD = 50_000


def tune_gc() -> None:
    """Make CPython's cyclic garbage collector cheap for a server process (called once per worker).

    A push batch allocates several dicts and models per mutation; with the default threshold the
    collector ran hundreds of times per 2,000-mutation batch and re-scanned every long-lived object
    (the app, SQLAlchemy metadata, code tables) each time it reached the old generation: ~15 % of
    central's push time in a py-spy profile (bench/profiles). ``gc.freeze()`` moves what start-up
    built out of the collector's sight, and a higher young-generation threshold makes collections
    rarer; nothing is disabled (reference cycles are still freed). Source: Python docs, ``gc``
    module (``freeze``, ``set_threshold``)."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
