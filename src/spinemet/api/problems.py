"""Errors as RFC 9457 problem details (``application/problem+json``), naming the field and what is allowed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from spinemet.case.problems import location_text
from spinemet.errors import (
    Conflict,
    InvalidValue,
    NotFound,
    NotPlaceable,
    PermissionDenied,
    SpineMetError,
    StoreUnavailable,
    ValidationFailed,
)
from spinemet.service import NotAuthenticated

MEDIA = "application/problem+json"
log = logging.getLogger("spinemet.api")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["location", "message"],
                "properties": {"location": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "current_version": {"type": ["integer", "null"]},
    },
}

_DESCRIPTIONS = {
    400: "Bad request", 401: "Not authenticated (missing, unknown or revoked token)",
    403: "The role may not do this", 404: "Not found", 409: "Conflict: the case changed (current_version given), or the case cannot answer a valid request "
         "(a calendar date for a case without an index date)",
    415: "The body's media type is not one this route reads",
    422: "Invalid input: each error names its location and what is allowed",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI response declarations for the given problem status codes."""
    return {c: {"description": _DESCRIPTIONS.get(c, "Problem"), "content": {MEDIA: {"schema": PROBLEM_SCHEMA}}}
            for c in codes}


def problem(status: int, title: str, detail: str = "", errors: Sequence[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = list(errors)
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=headers)


def _spinemet_error(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, ValidationFailed):
        errors = [{"location": p.location, "message": p.message} for p in exc.problems]
        head = f"{exc.source}: " if exc.source else ""
        if isinstance(exc, NotPlaceable):
            return problem(409, "Conflict", f"{head}the case cannot answer this request", errors)
        return problem(422, "Invalid input", f"{head}{len(errors)} problem(s)", errors)
    if isinstance(exc, InvalidValue):
        return problem(422, "Invalid input", str(exc), [{"location": exc.field, "message": exc.detail}])
    if isinstance(exc, NotAuthenticated):
        return problem(401, "Not authenticated", str(exc), headers={"WWW-Authenticate": "Bearer"})
    if isinstance(exc, PermissionDenied):
        return problem(403, "Forbidden", str(exc))
    if isinstance(exc, NotFound):
        return problem(404, "Not found", str(exc))
    if isinstance(exc, StoreUnavailable):
        return problem(503, "Service unavailable", str(exc), headers={"Retry-After": "5"})
    if isinstance(exc, Conflict):
        return problem(409, "Conflict", str(exc), current_version=exc.current_version)
    return problem(400, "Bad request", str(exc))


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [p for p in err.get("loc", ()) if p != "body"]
        msg = str(err.get("msg", "invalid"))
        ctx = err.get("ctx") or {}
        if "expected" in ctx:
            msg = f"{msg}; allowed: {ctx['expected']}".replace("'", "")
        errors.append({"location": location_text(loc) or "body", "message": msg})
    return problem(422, "Invalid input", f"{len(errors)} problem(s)", errors)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at the request's path (Starlette names only those of the
    first route it tried, so ``OPTIONS /cases`` said ``Allow: GET`` although POST is served too)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, APIRoute | Route) and route.methods and route.path_regex.match(request.url.path):
            methods |= route.methods
    return sorted(methods)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        return problem(405, "Method not allowed", f"{request.method} is not served here; allowed: "
                                                   f"{', '.join(allowed)}", headers=headers)
    return problem(exc.status_code, str(exc.detail) or "Error", headers=headers or None)


def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "Internal error", "an unexpected error occurred; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(SpineMetError, _spinemet_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
