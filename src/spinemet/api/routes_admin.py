"""Routes for administrators: users, tokens and the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem_responses
from spinemet.api.schemas import NewToken, NewUser, Revoke, Revoked, Unlock, Unlocked
from spinemet.service.views import AuditEntryView, AuditVerification, Credentials, TokenView, UserView

router = APIRouter(tags=["admin"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 404, 409, 422))
Name = Annotated[str, Path(min_length=1, max_length=100)]


@router.get("/users", response_model=list[UserView], summary="Every user")
def list_users(caller: CallerDep) -> list[UserView]:
    service, actor = caller.authenticate()
    return service.list_users(actor)


@router.post("/users", status_code=201, response_model=Credentials,
             summary="Create a user; the password and token are shown once")
def add_user(caller: CallerDep, body: NewUser) -> Credentials:
    service, actor = caller.authenticate()
    return service.add_user(actor, body.name, body.role, teams=body.teams)


@router.get("/users/{name}/tokens", response_model=list[TokenView], summary="A user's tokens")
def list_tokens(caller: CallerDep, name: Name) -> list[TokenView]:
    service, actor = caller.authenticate()
    return service.list_tokens(actor, name)


@router.post("/users/{name}/tokens", status_code=201, response_model=Credentials,
             summary="Issue a new token (shown once)")
def issue_token(caller: CallerDep, name: Name, body: NewToken) -> Credentials:
    service, actor = caller.authenticate()
    return service.issue_token(actor, name, body.label)


@router.post("/users/{name}/revoke", response_model=Revoked, summary="Revoke one token or all of a user's tokens")
def revoke(caller: CallerDep, name: Name, body: Revoke) -> Revoked:
    service, actor = caller.authenticate()
    return Revoked(revoked=service.revoke_tokens(actor, name, body.token_id))


@router.post("/users/{name}/unlock", response_model=Unlocked,
             summary="Clear a user name's failed logins (delays and lock), and optionally a client address's")
def unlock(caller: CallerDep, name: Name, body: Unlock) -> Unlocked:
    service, actor = caller.authenticate()
    return Unlocked(cleared=service.unlock_login(actor, name, body.address))


@router.get("/audit", response_model=list[AuditEntryView], summary="Audit entries (newest first)")
def audit_entries(
    caller: CallerDep,
    case_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> list[AuditEntryView]:
    service, actor = caller.authenticate()
    return service.audit_entries(actor, case_id, limit, newest_first=True)


@router.get("/audit/verify", response_model=AuditVerification, summary="Verify the audit hash chain")
def audit_verify(caller: CallerDep) -> AuditVerification:
    service, actor = caller.authenticate()
    return service.verify_audit(actor)
