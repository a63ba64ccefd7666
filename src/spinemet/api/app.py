"""The FastAPI application factory."""

from __future__ import annotations

import gc
import importlib
from typing import Any

from fastapi import FastAPI

import spinemet
from spinemet.api import problems, routes_admin, routes_cases, routes_tools
from spinemet.api.schemas import Health
from spinemet.service import Service, Settings

_SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """ASGI middleware: no caching of patient data, no MIME sniffing, no referrer (ASVS 14.3.2, 3.4)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, *, include_web: bool | None = None,
               service: Service | None = None) -> FastAPI:
    """The API over ``settings.database_url`` (migrations applied when ``settings.migrate``).

    With ``include_web`` (default: ``settings.include_web``) the web pages are mounted when
    :mod:`spinemet.web` exists and provides ``mount(app, service)``.
    """
    settings = settings or Settings.from_env()
    service = service or Service.open(settings)
    app = FastAPI(
        title="SpineMet API",
        version=spinemet.__version__ if hasattr(spinemet, "__version__") else "0",
        description=(
            "Decision support for metastatic spine disease: cases with an append-only timeline, validated "
            "instruments, the explained plan and the course. Authenticate with `Authorization: Bearer <token>`. "
            "Errors are RFC 9457 problem details naming each offending field."
        ),
    )
    app.state.service = service
    app.state.settings = settings
    problems.install(app)

    @app.get("/health", response_model=Health, tags=["service"], summary="Liveness (no authentication)")
    def health() -> Health:
        return Health(status="ok", version=app.version)

    app.include_router(routes_cases.router)
    app.include_router(routes_tools.router)
    app.include_router(routes_admin.router)
    if include_web if include_web is not None else settings.include_web:
        _mount_web(app, service)
    app.add_middleware(SecurityHeaders)
    return app


def settle_heap() -> None:
    """Prepare a server process for steady latency: import what the use cases load lazily, then
    move every object allocated so far (modules, instrument declarations, the app) out of the
    cycle collector's view (:func:`gc.freeze`). Those objects live as long as the process, yet each
    full collection scanned them all: a pause of about 39 ms (measured 2026-11-24 with the app
    loaded) for every request in flight, which set the tail latency under load."""
    from spinemet.service.core import preload

    preload()
    gc.collect()
    gc.freeze()


def worker_app() -> FastAPI:
    """The API of one of several server processes (``spinemet serve --workers N``): the database from
    ``SPINEMET_DATABASE_URL``, migrations already applied by the parent, no web pages (their sessions
    live in one process)."""
    app = create_app(Settings.from_env(migrate=False, include_web=False), include_web=False)
    settle_heap()
    return app


def _mount_web(app: FastAPI, service: Service) -> None:
    try:
        web = importlib.import_module("spinemet.web")
    except ModuleNotFoundError as exc:
        if exc.name and "spinemet.web".startswith(exc.name):
            return
        raise
    mount = getattr(web, "mount", None)
    if callable(mount):
        mount(app, service)
    elif getattr(web, "router", None) is not None:
        app.include_router(web.router)
