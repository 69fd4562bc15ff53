"""The central FastAPI application: :func:`create_app` wires the database, routes and error handlers.

Shape after the full-stack-fastapi-template: ``api/routes/*`` (HTTP only) call ``crud`` (no HTTP),
which works on the tables of ``models``. OpenAPI is served at ``/docs``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central import auth
from central.api.routes import auth as auth_routes
from central.api.routes import info, sync
from central.api.routes import search as search_routes
from central.config import MAX_BODY_BYTES, Settings
from central.db import init_db, make_engine
from desktop.sync.protocol import API_PREFIX

logger = logging.getLogger(__name__)


class BodyLimitMiddleware:
    """Answer 413 for request bodies over ``max_bytes`` (declared length or streamed bytes).

    A streamed (chunked) body that grows too large gets the 413 as soon as the limit is passed;
    the app then sees a disconnect and whatever it answers is dropped.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
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
                if received > self.max_bytes and not started:
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
    logger.error("unhandled error on %s %s", request.method, request.url.path,
                 exc_info=(type(exc), exc, exc.__traceback__))
    return JSONResponse({"detail": "internal server error"}, status_code=500)


def create_app(db_url: str, *, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """Build the app on the database at ``db_url`` (tables are created on first use).

    Args:
        db_url: SQLAlchemy URL, e.g. ``sqlite:///./central.sqlite`` or
            ``postgresql+psycopg://postgres@127.0.0.1/test``.
        max_body_bytes: largest request body; larger ones get 413.

    Returns:
        The FastAPI app; its engine is ``app.state.engine`` (disposed on shutdown).
    """
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
    app.state.max_body_bytes = max_body_bytes
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(info.router)
    api.include_router(auth_routes.router)
    api.include_router(sync.router)
    api.include_router(search_routes.router)  # issue 4: search before create
    app.include_router(api)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)

    logger.info("central ready on %s (server_id %s)",
                engine.url.render_as_string(hide_password=True), server_id)
    return app


def app_from_env(**_: Any) -> FastAPI:
    """Uvicorn factory for multi-worker runs: the app for ``DOORSTEP_CENTRAL_DB``."""
    settings = Settings.from_env()
    return create_app(settings.db_url, max_body_bytes=settings.max_body_bytes)
