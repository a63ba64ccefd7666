"""The web app's state on the FastAPI app, and the helpers every route uses.

``render``/``redirect`` attach the session cookie; ``require_user`` sends an anonymous
visitor to the login page; ``posted_form`` refuses a POST whose CSRF token is missing or
wrong (403) before the route sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from spinemet.errors import NotFound, PermissionDenied, SpineMetError, ValidationFailed
from spinemet.service import Actor, Service
from spinemet.web.security import COOKIE, CSRF_FIELD, SECURE_COOKIE, Session, SessionStore, csrf_ok

HERE = Path(__file__).parent
MAX_FORM_BYTES = 2_000_000


class LoginRequired(Exception):
    """The page needs a logged-in user; answered with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class Refused(Exception):
    """A request the web refuses with an HTML error page (403, 404, 409, 400, 413)."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        self.status = status
        self.title = title
        self.detail = detail
        super().__init__(f"{status} {title}: {detail}")


def no_such_case(case_id: str) -> Refused:
    """404 for a case that does not exist or that the user may not see: the two are not told apart,
    so that a page never reveals that a hidden case exists."""
    return Refused(404, "No such case", f"There is no case '{case_id}' (or it is not visible to you).")


def not_allowed(user: Actor, what: str) -> Refused:
    """403 for an action the user's role does not allow (``what``: e.g. 'open this case')."""
    return Refused(403, "Not allowed", f"Your role ({user.role.value}) may not {what}.")


@contextmanager
def opening_case(user: Actor, case_id: str) -> Iterator[None]:
    """Turns the service's refusals while opening one case on one day into the web's error pages:
    no such case (404), a role that may not open it (403), a day it cannot be assessed on (400)."""
    try:
        yield
    except NotFound:
        raise no_such_case(case_id) from None
    except PermissionDenied:
        raise not_allowed(user, "open this case") from None
    except ValidationFailed as exc:
        raise Refused(400, "Day not usable", "; ".join(p.message for p in exc.problems)) from None


def day_param(raw: str | None) -> int | None:
    """The ``day`` query parameter as a day number (``None``: not given, the case's latest day)."""
    if raw is None or not raw.strip():
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise Refused(400, "Not a day", f"'{raw}' is not a day number; give days since the index date, e.g. 28.") from None


@dataclass
class WebContext:
    service: Service
    sessions: SessionStore
    templates: Jinja2Templates
    prefix: str = "/web"


def ctx(request: Request) -> WebContext:
    context: WebContext = request.app.state.spinemet_web
    return context


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _cookie_name(request: Request) -> str:
    return SECURE_COOKIE if _secure(request) else COOKIE


def session_of(request: Request) -> Session:
    """The visitor's session, creating an anonymous one (it carries the login form's CSRF token)."""
    cached = getattr(request.state, "web_session", None)
    if isinstance(cached, Session):
        return cached
    store = ctx(request).sessions
    session = store.load(request.cookies.get(_cookie_name(request)))
    if session is None:
        session = store.new()
        request.state.web_session_new = True
    request.state.web_session = session
    return session


def replace_session(request: Request, session: Session) -> None:
    request.state.web_session = session
    request.state.web_session_new = True


def _still_active(service: Service, user: Actor) -> bool:
    """Asked on every request: a user disabled, removed or given another role loses the session."""
    try:
        actor = service.session_actor(user.name)
    except SpineMetError:
        return False
    return actor.role is user.role and actor.user_id == user.user_id


def current_user(request: Request) -> Actor | None:
    """The logged-in user: the service's actor, checked once per request."""
    session = session_of(request)
    user = session.user
    if user is None:
        return None
    if getattr(request.state, "web_user_checked", False):
        return user
    request.state.web_user_checked = True
    if not _still_active(ctx(request).service, user):  # account removed or disabled: its sessions end
        ctx(request).sessions.drop_user(user.name)
        replace_session(request, ctx(request).sessions.new())
        return None
    return user


def require_user(request: Request) -> Actor:
    user = current_user(request)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return user


def require_writer(request: Request) -> Actor:
    user = require_user(request)
    if not user.can_write:
        raise Refused(403, "Not allowed", f"Your role ({user.role.value}) can read cases but not change them.")
    return user


async def posted_form(request: Request) -> FormData:
    """The posted form, after the CSRF check (403 without the session's token)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise Refused(413, "Too large", f"A form may carry at most {MAX_FORM_BYTES // 1_000_000} MB.")
    try:
        form = await request.form(max_files=2, max_fields=400)
    except Exception:  # malformed multipart or urlencoded body
        raise Refused(400, "Unreadable form", "The form could not be read; reload the page and try again.") from None
    if not csrf_ok(session_of(request), form.get(CSRF_FIELD)):
        raise Refused(
            403,
            "Form refused",
            "This form was refused because its security token is missing or out of date. "
            "Reload the page and submit it again.",
        )
    return form


def _with_cookie(request: Request, response: Response) -> Response:
    if getattr(request.state, "web_session_new", False):
        session: Session = request.state.web_session
        response.set_cookie(
            _cookie_name(request),
            ctx(request).sessions.cookie_value(session),
            httponly=True,
            samesite="lax",
            secure=_secure(request),
            path="/",
        )
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    return response


def render(request: Request, template: str, status: int = 200, **data: Any) -> Response:
    session = session_of(request)
    user = data.pop("user", None)
    if user is None and session.user is not None:
        user = current_user(request)
    body: dict[str, Any] = {
        "request": request,
        "user": user,
        "csrf_token": session.csrf,
        "csrf_field": CSRF_FIELD,
        "flashes": session.pop_flashes(),
        "P": ctx(request).prefix,
    }
    body.update(data)
    response = ctx(request).templates.TemplateResponse(request, template, body, status_code=status)
    return _with_cookie(request, response)


def wants_fragment(request: Request) -> bool:
    """A background request of the page's own script (live-scores.js) asking for the results alone."""
    return request.headers.get("x-spinemet-fragment") == "results"


def render_fragment(request: Request, template: str, status: int = 200, **data: Any) -> Response:
    """A part of a page (the calculator's results) for the page's script; the session's messages
    are left for the next full page."""
    body: dict[str, Any] = {"request": request, "P": ctx(request).prefix, "live": True}
    body.update(data)
    response = ctx(request).templates.TemplateResponse(request, template, body, status_code=status)
    return _with_cookie(request, response)


def send(request: Request, response: Response) -> Response:
    """Any response made by a route (a PDF, a picture), with the session cookie and the headers."""
    return _with_cookie(request, response)


def html_page(request: Request, text: str, status: int = 200) -> Response:
    """A complete HTML page made elsewhere (a report), sent with the session cookie and the headers."""
    return _with_cookie(request, HTMLResponse(text, status_code=status))


def url(request: Request, path: str) -> str:
    """A page's address under the web prefix: url(request, '/cases') -> '/web/cases'."""
    return ctx(request).prefix + path


def redirect(request: Request, path: str) -> Response:
    """303 to a page given by its path under the prefix (or to an already prefixed path)."""
    prefix = ctx(request).prefix
    target = path if path.startswith(prefix + "/") or path == prefix else prefix + path
    return _with_cookie(request, RedirectResponse(target, status_code=303))


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return render(request, "error.html", status=status, title=title, detail=detail)


def login_redirect(request: Request, next_url: str) -> Response:
    return redirect(request, "/login?next=" + quote(next_url, safe="/"))


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)
