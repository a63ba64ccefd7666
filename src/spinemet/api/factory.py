"""The FastAPI application factory: the APIs routes over a :class:`~spinemet.service.Service`, and the
web pages mounted beside them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

import spinemet
from spinemet.api import (
    contract,
    docs_page,
    problems,
    routes_admin,
    routes_cases,
    routes_extract,
    routes_fhir,
    routes_similar,
    routes_teams,
    routes_tools,
)
from spinemet.api.hardening import BodyLimit
from spinemet.api.schemas import Health
from spinemet.service import Service, Settings

_SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    # every response that renders (pages, the course picture, the docs page): only this origin's
    # scripts, styles and images; never framed (ASVS 3.4.3). JSON is not rendered but gets it too.
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
]
_HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """ASGI middleware: no caching of patient data, no MIME sniffing, no referrer (ASVS 14.3.2, 3.4),
    a Content-Security-Policy on every response, and HSTS when the request came over TLS: its own
    scheme, or ``X-Forwarded-Proto: https`` from a trusted proxy (``Settings.trusted_proxies``)."""

    def __init__(self, app: Any, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.trusted = frozenset(trusted_proxies)

    def _over_tls(self, scope: Any) -> bool:
        if scope.get("scheme") == "https":
            return True
        client = scope.get("client")
        if client and client[0] in self.trusted:
            for name, value in scope.get("headers", []):
                if name == b"x-forwarded-proto":
                    return bool(value.split(b",")[0].strip().lower() == b"https")
        return False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = [*_SECURITY_HEADERS, _HSTS] if self._over_tls(scope) else _SECURITY_HEADERS

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in wanted if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, *, include_web: bool | None = None,
               service: Service | None = None) -> FastAPI:
    """The API over ``settings.database_url`` (migrations applied when ``settings.migrate``).

    With ``include_web`` (default: ``settings.include_web``) the web pages are mounted under ``/web``.
    """
    settings = settings or Settings.from_env()
    service = service or Service.open(settings)
    app = FastAPI(
        docs_url=None, redoc_url=None,  # /docs is served from the package (no CDN): see docs_page
        title="SpineMet API",
        version=spinemet.__version__ if hasattr(spinemet, "__version__") else "0",
        description=(
            "Decision support for metastatic spine disease: cases with an append-only timeline, validated "
            "instruments, the explained plan and the course. Authenticate with `Authorization: Bearer <token>`. "
            "Errors are RFC 9457 problem details naming each offending field."
        ),
    )
    app.state.service = service
    app.state.limits = service.limits
    app.state.settings = settings
    problems.install(app)

    @app.get("/health", response_model=Health, tags=["service"], summary="Liveness (no authentication)")
    def health() -> Health:
        return Health(status="ok", version=app.version)

    app.include_router(docs_page.router)
    app.include_router(routes_cases.router)
    app.include_router(routes_similar.router)
    app.include_router(routes_tools.router)
    app.include_router(routes_admin.router)
    app.include_router(routes_teams.router)
    app.include_router(routes_extract.router)
    app.include_router(routes_fhir.router)
    _publish_contract(app, service)
    if include_web if include_web is not None else settings.include_web:
        _mount_web(app, service)
    app.add_middleware(BodyLimit, limits=service.limits)
    app.add_middleware(SecurityHeaders, trusted_proxies=settings.trusted_proxies)
    return app


def _publish_contract(app: FastAPI, service: Service) -> None:
    """The OpenAPI description with the case data's request bodies as precise as the service
    (:mod:`spinemet.api.contract`), built once on first request."""
    from fastapi.openapi.utils import get_openapi

    from spinemet.service.offline import instrument_list

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, openapi_version=app.openapi_version,
                               description=app.description, routes=app.routes)
            implemented = [i for i in instrument_list() if i.get("implemented")]
            app.openapi_schema = contract.install(spec, service.limits, implemented)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_web(app: FastAPI, service: Service) -> None:
    from spinemet.web import mount_web  # the pages' templates and routes load only when served

    mount_web(app, service)
