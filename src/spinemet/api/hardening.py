"""Refusing hostile requests before any expensive work: body size, strict JSON, bad characters.

:class:`BodyLimit` (ASGI) counts the bytes of a request body as they arrive and answers 413 as
soon as they pass the limit (a declared ``Content-Length`` beyond it is refused before a byte is
read), on every route, API and web alike. It also refuses a NUL character in the path or the
query (PostgreSQL cannot store it: it reached the database and gave a 500).

:class:`StrictJsonRoute` parses JSON bodies of the API strictly (:func:`spinemet.io.guard.strict_json`:
duplicate keys, giant integers, nesting) and checks every value within the limits
(:func:`spinemet.io.limits.inspect`: NUL and lone surrogates, booleans or texts given as days)
before FastAPI and pydantic see them; pydantic's lax mode would turn ``true`` into day 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from spinemet.errors import Problem, ValidationFailed
from spinemet.io.guard import strict_json
from spinemet.io.limits import DEFAULT, Limits, inspect

MEDIA = "application/problem+json"


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body too large: more than {limit:,} bytes; allowed: {limit:,}")


def _problem_bytes(status: int, title: str, detail: str, location: str | None = None) -> bytes:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if location is not None:
        body["errors"] = [{"location": location, "message": detail}]
    return json.dumps(body).encode()


class BodyLimit:
    """ASGI middleware: at most ``limits.body_bytes`` of request body (413 beyond), no NUL in the
    path or query (422 naming the parameter)."""

    def __init__(self, app: Any, limits: Limits = DEFAULT) -> None:
        self.app = app
        self.limit = limits.body_bytes

    async def _send_problem(self, send: Any, status: int, title: str, detail: str,
                            location: str | None = None) -> None:
        body = _problem_bytes(status, title, detail, location)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", MEDIA.encode()), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        bad = _nul_location(scope)
        if bad is not None:
            await self._send_problem(send, 422, "Invalid input",
                                     f"{bad}: contains a NUL character (\\u0000); remove it", bad)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._send_problem(send, 413, "Payload too large",
                                             f"the body has {declared:,} bytes; allowed: at most {self.limit:,}")
                    return
        received = 0
        started = False

        async def counted_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await self._send_problem(send, 413, "Payload too large",
                                     f"the body has more than {self.limit:,} bytes; allowed: at most {self.limit:,}")


def _nul_location(scope: Any) -> str | None:
    if "\x00" in scope.get("path", ""):
        return "path"
    query = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
            if "\x00" in key or "\x00" in value:
                return f"query.{key.replace(chr(0), '?')[:40]}"
        return "query"
    return None


def _is_json(request: Request) -> bool:
    ctype = request.headers.get("content-type", "")
    media = ctype.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class StrictJsonRoute(APIRoute):
    """An API route whose JSON body is parsed strictly and checked within the limits first."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH") and _is_json(request):
                raw = await request.body()
                if raw:
                    limits: Limits = getattr(request.app.state, "limits", DEFAULT)
                    data = strict_json(raw, "", limits)
                    # any text may be a whole case file (import): only characters and shapes here;
                    # the lengths of case texts are checked by the service
                    problems = inspect(data, replace(limits, text_chars=limits.body_bytes))
                    if problems:
                        raise ValidationFailed([Problem(p.location or "body", p.message) for p in problems])
                    request._json = data  # what FastAPI reads next (Request.json caches it)
            return await handler(request)

        return strict
