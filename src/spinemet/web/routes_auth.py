"""Log in and log out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.errors import NotFound
from spinemet.service import Actor, LoginThrottled, NotAuthenticated
from spinemet.web.context import ctx, current_user, posted_form, redirect, render, replace_session, session_of

router = APIRouter(include_in_schema=False)


def _safe_next(request: Request, target: object) -> str:
    """Only a page of this app may follow a login (no open redirect)."""
    prefix = ctx(request).prefix
    if (
        isinstance(target, str) and target.startswith(prefix + "/") and not target.startswith("//")
        and "\\" not in target and "\n" not in target and "\r" not in target
    ):
        return target
    return prefix + "/cases"


def _authenticate(request: Request, username: str, password: str) -> Actor | LoginThrottled | None:
    client = request.client.host if request.client else None
    try:
        return ctx(request).service.authenticate_password(username, password, client)
    except LoginThrottled as exc:
        return exc
    except (NotAuthenticated, NotFound):
        return None


@router.get("")
@router.get("/")
def home(request: Request) -> Response:
    return redirect(request, "/cases" if current_user(request) else "/login")


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    if current_user(request) is not None:
        return redirect(request, _safe_next(request, next))
    return render(request, "login.html", next=_safe_next(request, next), username="", error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await posted_form(request)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    target = _safe_next(request, form.get("next"))
    user = _authenticate(request, username, password) if username and password else None
    if isinstance(user, LoginThrottled):
        return render(
            request, "login.html", status=429, next=target, username=username,
            error=f"Too many failed logins. Try again in {user.retry_after} seconds, or ask an administrator.",
        )
    if user is None:
        return render(
            request, "login.html", status=401, next=target, username=username,
            error="The user name or password is not right.",
        )
    fresh = ctx(request).sessions.rotate(session_of(request), user)
    replace_session(request, fresh)
    return redirect(request, target)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await posted_form(request)
    ctx(request).sessions.drop(session_of(request))
    replace_session(request, ctx(request).sessions.new())
    session_of(request).flash("You are logged out.")
    return redirect(request, "/login")
