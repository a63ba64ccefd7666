"""Routes for administrators: care teams, their members and the cases they hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem_responses
from spinemet.api.schemas import CaseRef, CaseTeams, NewMember, NewTeam
from spinemet.service.teams import MembershipView, TeamView

router = APIRouter(prefix="/teams", tags=["admin"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 404, 409, 422))
Team = Annotated[str, Path(min_length=1, max_length=100, description="The team's name.")]
User = Annotated[str, Path(min_length=1, max_length=100, description="A user's name.")]
CaseId = Annotated[str, Path(min_length=1, max_length=200, description="A case id.")]


@router.get("", response_model=list[TeamView], summary="Every care team with its members and case count")
def list_teams(caller: CallerDep) -> list[TeamView]:
    service, actor = caller.authenticate()
    return service.list_teams(actor)


@router.post("", status_code=201, response_model=TeamView, summary="Create a care team")
def create_team(caller: CallerDep, body: NewTeam) -> TeamView:
    service, actor = caller.authenticate()
    return service.create_team(actor, body.name)


@router.post("/{team}/members", status_code=201, response_model=MembershipView,
             summary="Add a user to a team (a clinician reaches its cases; a researcher is granted its data)")
def add_member(caller: CallerDep, team: Team, body: NewMember) -> MembershipView:
    service, actor = caller.authenticate()
    return service.add_member(actor, team, body.user, body.default)


@router.delete("/{team}/members/{user}", response_model=list[MembershipView],
               summary="Take a user out of a team; the user's teams after the change")
def remove_member(caller: CallerDep, team: Team, user: User) -> list[MembershipView]:
    service, actor = caller.authenticate()
    return service.remove_member(actor, team, user)


@router.post("/{team}/cases", response_model=CaseTeams, summary="Put a case in a team as well")
def add_case(caller: CallerDep, team: Team, body: CaseRef) -> CaseTeams:
    service, actor = caller.authenticate()
    return CaseTeams(case_id=body.case_id, teams=service.assign_case(actor, team, body.case_id))


@router.delete("/{team}/cases/{case_id}", response_model=CaseTeams,
               summary="Take a case out of a team (it keeps at least one)")
def remove_case(caller: CallerDep, team: Team, case_id: CaseId) -> CaseTeams:
    service, actor = caller.authenticate()
    return CaseTeams(case_id=case_id, teams=service.unassign_case(actor, team, case_id))
