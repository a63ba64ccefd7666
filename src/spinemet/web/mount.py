"""Attach the web pages to a FastAPI app: ``mount_web(app, service)``."""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from spinemet.errors import StoreUnavailable
from spinemet.service import Service
from spinemet.web.context import HERE, LoginRequired, Refused, WebContext, error_page, login_redirect
from spinemet.web.security import SessionStore


def _templates() -> Jinja2Templates:
    """The pages' templates, then the report's (the instrument cards, the plan and the snapshot are
    the same on a page and in the tumour-board summary)."""
    from spinemet.report import present
    from spinemet.report.board import TEMPLATES

    templates = Jinja2Templates(directory=[str(HERE / "templates"), str(TEMPLATES)])
    templates.env.autoescape = True

    templates.env.filters.update(present.FILTERS)
    templates.env.globals.update(present.GLOBALS)
    return templates


def mount_web(
    app: FastAPI, service: Service, *, secret: str | None = None, idle_minutes: int = 30, prefix: str = "/web"
) -> None:
    """Add the clinician pages, their static files and their error pages to ``app``.

    The pages live under ``prefix`` (``/web``; the API owns ``/cases`` and ``/calculator``).
    ``service`` is the service: every page calls its use cases as the logged-in user (its actor);
    ``secret`` signs the session cookie (a random
    one per process by default, so sessions end when the server restarts).
    """
    from spinemet.web.routes_auth import router as auth_router
    from spinemet.web.routes_calc import router as calc_router
    from spinemet.web.routes_case_report import router as case_report_router
    from spinemet.web.routes_cases import router as cases_router
    from spinemet.web.routes_events import router as events_router
    from spinemet.web.routes_extract import router as extract_router
    from spinemet.web.routes_meeting import router as meeting_router
    from spinemet.web.routes_similar import router as similar_router
    from spinemet.web.routes_teams import router as teams_router

    app.state.spinemet_web = WebContext(
        service=service,
        sessions=SessionStore(secret or secrets.token_urlsafe(32), idle_seconds=idle_minutes * 60),
        templates=_templates(),
        prefix=prefix,
    )
    app.include_router(auth_router, prefix=prefix)
    app.include_router(extract_router, prefix=prefix)  # before /cases/{case_id}
    app.include_router(case_report_router, prefix=prefix)
    app.include_router(similar_router, prefix=prefix)
    app.include_router(cases_router, prefix=prefix)
    app.include_router(events_router, prefix=prefix)
    app.include_router(meeting_router, prefix=prefix)
    app.include_router(calc_router, prefix=prefix)
    app.include_router(teams_router, prefix=prefix)
    from spinemet.report.board import STATIC as REPORT_STATIC

    app.mount(prefix + "/static", StaticFiles(directory=str(HERE / "static")), name="web-static")
    app.mount(prefix + "/report-static", StaticFiles(directory=str(REPORT_STATIC)), name="report-static")
    if not any(getattr(r, "path", None) == "/" for r in app.routes):

        @app.get("/", include_in_schema=False)
        def _root() -> Response:
            return RedirectResponse(prefix + "/", status_code=303)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return login_redirect(request, exc.next_url)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return error_page(request, exc.status, exc.title, exc.detail)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> Response:
        """Fail closed, readably: a page for the pages, problem details for the API (both 503)."""
        if not request.url.path.startswith(prefix):
            return JSONResponse({"type": "about:blank", "title": "Service unavailable", "status": 503,
                                 "detail": str(exc)}, status_code=503, media_type="application/problem+json",
                                headers={"Retry-After": "5"})
        page = error_page(request, 503, "The case store cannot be reached",
                          "SpineMet cannot reach its database just now, so nothing can be shown or saved. "
                          "Nothing you saved before is lost. Try again in a minute; if it persists, tell the "
                          "person who runs SpineMet.")
        page.headers["Retry-After"] = "5"
        return page
