"""Error bodies of the API, documented in the OpenAPI spec, and the handlers that make them.

* every error is JSON: ``{"detail": "..."}`` (:class:`ErrorBody`), or for 422 the list of
  :class:`fastapi.exceptions.RequestValidationError` items without the ``input`` they were given
  (a password or an ID number sent in the wrong field is not echoed back);
* an unexpected error answers 500 with ``{"detail": "internal server error", "error_id": "…"}``:
  no stack trace or exception text reaches the client; the traceback is logged with that id.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    """An error answer: what went wrong, in English (the desktop shows its own text per status)."""

    model_config = ConfigDict(extra="forbid")
    detail: str


class ServerErrorBody(BaseModel):
    """A 500 answer: ``error_id`` finds the logged traceback."""

    model_config = ConfigDict(extra="forbid")
    detail: str
    error_id: str


class ValidationItem(BaseModel):
    """One reason a request was refused: where (``loc``), what (``msg``), which rule (``type``)."""

    loc: list[str | int]
    msg: str
    type: str
    ctx: dict[str, Any] | None = None


class ValidationErrorBody(BaseModel):
    """A 422 answer (FastAPI's shape without the ``input`` echoed back)."""

    model_config = ConfigDict(extra="forbid")
    detail: list[ValidationItem]


#: Responses every ``/api/v1`` route may give (documented once on the API router).
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "the body is not JSON (or not UTF-8)"},
    401: {"model": ErrorBody, "description": "sign-in required, or the token, device or user is not accepted"},
    403: {"model": ErrorBody, "description": "signed in, but not allowed"},
    413: {"model": ErrorBody, "description": "request body too large"},
    422: {"model": ValidationErrorBody, "description": "invalid request (a NUL in the URL, a bad parameter or body)"},
    500: {"model": ServerErrorBody, "description": "unexpected error (logged under error_id)"},
}

#: Further responses, added per route.
ERROR_RESPONSES: dict[int, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "not found"},
    429: {"model": ErrorBody, "description": "too many failed sign-ins",
          "headers": {"Retry-After": {"description": "seconds until a sign-in is accepted again",
                                      "schema": {"type": "integer"}}}},
}


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 with FastAPI's usual item list, minus each item's ``input`` and ``url``."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    items = [{k: v for k, v in err.items() if k in ("loc", "msg", "type", "ctx")} for err in errors]
    for item in items:
        if "ctx" in item:  # ctx may hold an exception object: keep it JSON
            item["ctx"] = {k: str(v) for k, v in dict(item["ctx"]).items()}
    return JSONResponse({"detail": items}, status_code=422)


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    """An ``HTTPException`` as ``{"detail": ...}``; a 422 raised by a route gets the one 422 shape."""
    assert isinstance(exc, StarletteHTTPException)
    detail: Any = exc.detail
    if exc.status_code == 422 and isinstance(detail, str):
        detail = [{"loc": ["body"], "msg": detail, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


def nul_in_url_body() -> dict[str, Any]:
    """The 422 body for a NUL character in the path or query (PostgreSQL text cannot hold one)."""
    return {"detail": [{"loc": ["query"], "msg": "NUL characters are not allowed in the URL", "type": "value_error"}]}


def internal_error_response(request: Request, exc: BaseException, headers: dict[str, str]) -> JSONResponse:
    """Log ``exc`` with its traceback under a new error id; answer a 500 that says only the id."""
    error_id = uuid.uuid4().hex[:16]
    logger.error("unhandled error %s on %s %s", error_id, request.method, request.url.path,
                 exc_info=(type(exc), exc, exc.__traceback__))
    return JSONResponse({"detail": "internal server error", "error_id": error_id}, status_code=500,
                        headers=headers)
