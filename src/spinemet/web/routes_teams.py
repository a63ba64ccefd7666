"""The care-team page for administrators: create teams, add and remove members, set a member's
default team, and put cases in teams or take them out.

Every change goes through the service's use cases (:mod:`spinemet.service.teams`), which check the
role and write the audit entry; the forms carry the CSRF token like every other form. Only an
administrator reaches the page (others are told their role may not manage teams).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.service import Actor, Service
from spinemet.web.context import (
    Refused,
    ctx,
    not_allowed,
    posted_form,
    redirect,
    render,
    require_user,
    session_of,
)

router = APIRouter(include_in_schema=False)


def _refused(user: Actor) -> Refused:
    return not_allowed(user, "manage care teams; an administrator does")


def _page(request: Request, user: Actor, status: int = 200, errors: list[str] | None = None,
          values: dict[str, str] | None = None) -> Response:
    service: Service = ctx(request).service
    try:
        teams = service.list_teams(user)
        users = [u for u in service.list_users(user) if u.role != "admin"]
        memberships = {u.name: service.teams_of_user(user, u.name) for u in users}
    except PermissionDenied:
        raise _refused(user) from None
    defaults = {name: next((m.team for m in ms if m.default), None) for name, ms in memberships.items()}
    return render(request, "teams.html", status=status, user=user, nav="teams", teams=teams, users=users,
                  defaults=defaults, errors=errors or [], values=values or {})


def _admin(request: Request) -> Actor:
    user = require_user(request)
    if user.role.value != "admin":
        raise _refused(user)
    return user


@router.get("/teams")
def teams_page(request: Request) -> Response:
    return _page(request, _admin(request))


async def _change(request: Request, action: Callable[[Service, Actor, Any], str]) -> Response:
    """Run one change from a posted form; back to the page with what was done, or the page again
    with the service's message (422 for a bad value, 404 for an unknown team, user or case, 409)."""
    user = _admin(request)
    form = await posted_form(request)
    service: Service = ctx(request).service
    try:
        done = action(service, user, form)
    except PermissionDenied:
        raise _refused(user) from None
    except ValidationFailed as exc:
        return _page(request, user, 422, [p.message for p in exc.problems],
                     {k: str(v) for k, v in form.items() if k != "csrf_token"})
    except NotFound as exc:
        return _page(request, user, 404, [str(exc)])
    except Conflict as exc:
        return _page(request, user, 409, [str(exc)])
    session_of(request).flash(done)
    return redirect(request, "/teams")


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/teams")
async def create_team(request: Request) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        team = service.create_team(user, _text(form, "name"))
        return f"Team '{team.name}' created."

    return await _change(request, act)


@router.post("/teams/{team}/members")
async def add_member(request: Request, team: str) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        member = service.add_member(user, team, _text(form, "user"), default=form.get("default") == "yes")
        return f"{member.user} is a member of '{team}'" + (" (their default team)." if member.default else ".")

    return await _change(request, act)


@router.post("/teams/{team}/members/{name}/remove")
async def remove_member(request: Request, team: str, name: str) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        left = service.remove_member(user, team, name)
        rest = ", ".join(m.team for m in left) or "no team"
        return f"{name} left '{team}'; their teams now: {rest}."

    return await _change(request, act)


@router.post("/teams/{team}/members/{name}/default")
async def make_default(request: Request, team: str, name: str) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        service.set_default_team(user, team, name)
        return f"'{team}' is now {name}'s default team: cases they create without naming a team go there."

    return await _change(request, act)


@router.post("/teams/{team}/cases")
async def add_case(request: Request, team: str) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        case_id = _text(form, "case_id")
        teams = service.assign_case(user, team, case_id)
        return f"Case {case_id} is in: {', '.join(teams)}."

    return await _change(request, act)


@router.post("/teams/{team}/cases/remove")
async def remove_case(request: Request, team: str) -> Response:
    def act(service: Service, user: Actor, form: Any) -> str:
        case_id = _text(form, "case_id")
        teams = service.unassign_case(user, team, case_id)
        return f"Case {case_id} left '{team}'; it is in: {', '.join(teams)}."

    return await _change(request, act)
