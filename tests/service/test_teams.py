"""Care teams on SQLite and PostgreSQL (issue 13 item 6): clinicians see and edit the cases of their
teams only, researchers see the de-identified cases of the teams they are granted, administrators
manage membership and see no case data, and a case created without a team goes to the creator's
default team."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.service import Actor, Service, system_actor

OPERATOR = system_actor()


@dataclass
class Teams:
    service: Service
    onc: Actor  # clinician in oncology (default) and spine
    spine: Actor  # clinician in spine only
    res_onc: Actor  # researcher granted oncology
    res_none: Actor  # researcher granted nothing but a new, empty team
    admin: Actor


def _actor(service: Service, name: str, role: str, teams: list[str]) -> Actor:
    creds = service.add_user(OPERATOR, name, role, teams=teams)
    assert creds.token
    return service.authenticate_token(creds.token)


@pytest.fixture
def world(service: Service) -> Teams:
    for name in ("oncology", "spine", "empty"):
        service.create_team(OPERATOR, name)
    return Teams(
        service,
        onc=_actor(service, "olga", "clinician", ["oncology", "spine"]),
        spine=_actor(service, "sam", "clinician", ["spine"]),
        res_onc=_actor(service, "rosa", "researcher", ["oncology"]),
        res_none=_actor(service, "rick", "researcher", ["empty"]),
        admin=_actor(service, "ada", "admin", []),
    )


def _case(case_id: str) -> dict[str, object]:
    return {"id": case_id, "primary": {"site": "breast"},
            "timeline": [{"type": "performance", "day": 0, "kps": 70}]}


def test_a_case_created_without_a_team_goes_to_the_creators_default_team(world: Teams) -> None:
    s = world.service
    s.create_case(world.onc, _case("onc-1"))
    s.create_case(world.spine, _case("spine-1"))
    counts = {t.name: t.cases for t in s.list_teams(world.admin)}
    assert counts == {"default": 0, "oncology": 1, "spine": 1, "empty": 0}


def test_clinicians_see_and_edit_only_the_cases_of_their_teams(world: Teams) -> None:
    s = world.service
    s.create_case(world.onc, _case("onc-1"))
    s.create_case(world.spine, _case("spine-1"))
    assert sorted(c.id for c in s.list_cases(world.onc).items) == ["onc-1", "spine-1"]
    assert [c.id for c in s.list_cases(world.spine).items] == ["spine-1"]
    for call in (lambda: s.get_case(world.spine, "onc-1"), lambda: s.assess(world.spine, "onc-1"),
                 lambda: s.course(world.spine, "onc-1"), lambda: s.export_case(world.spine, "onc-1"),
                 lambda: s.case_history(world.spine, "onc-1"), lambda: s.case_sheet(world.spine, "onc-1"),
                 lambda: s.append_event(world.spine, "onc-1", {"type": "performance", "day": 5, "kps": 60}, 1)):
        with pytest.raises(NotFound, match="case 'onc-1' does not exist"):  # the same answer as an unknown id
            call()
    assert s.get_case(world.onc, "onc-1").current_version == 1  # nothing was written


def test_a_case_named_into_a_team_reaches_its_members(world: Teams) -> None:
    s = world.service
    s.create_case(world.onc, _case("shared"), teams=["oncology", "spine"])
    s.append_event(world.spine, "shared", {"type": "performance", "day": 5, "kps": 60}, 1)
    assert s.get_case(world.onc, "shared").current_version == 2
    with pytest.raises(NotFound, match="team 'empty' is not one of your teams"):  # not there for them
        s.create_case(world.spine, _case("x"), teams=["empty"])


def test_researchers_see_deidentified_cases_of_granted_teams_only(world: Teams) -> None:
    s = world.service
    s.create_case(world.onc, _case("onc-1"))
    s.create_case(world.spine, _case("spine-1"))
    granted = s.list_cases(world.res_onc).items
    assert len(granted) == 1 and granted[0].id.startswith("R-")
    assert s.list_cases(world.res_none).total == 0
    rid = granted[0].id
    assert s.get_case(world.res_onc, rid).deidentified
    with pytest.raises(NotFound):
        s.get_case(world.res_none, rid)
    with pytest.raises(NotFound):
        s.assessment_json(world.res_none, rid)


def test_admins_manage_membership_and_placement_and_the_change_takes_effect_at_once(world: Teams) -> None:
    s = world.service
    s.create_case(world.onc, _case("onc-1"))
    with pytest.raises(NotFound):
        s.get_case(world.spine, "onc-1")
    assert s.assign_case(world.admin, "spine", "onc-1") == ["oncology", "spine"]
    assert s.get_case(world.spine, "onc-1").id == "onc-1"
    assert s.unassign_case(world.admin, "spine", "onc-1") == ["oncology"]
    with pytest.raises(Conflict, match="at least one team"):
        s.unassign_case(world.admin, "oncology", "onc-1")
    s.add_member(world.admin, "oncology", "sam")
    assert s.get_case(world.spine, "onc-1").id == "onc-1"
    s.remove_member(world.admin, "oncology", "sam")
    with pytest.raises(NotFound):
        s.get_case(world.spine, "onc-1")
    # membership and placement are administrators' work, and they see no case data
    for call in (lambda: s.add_member(world.onc, "spine", "olga"), lambda: s.list_teams(world.res_onc),
                 lambda: s.get_case(world.admin, "onc-1")):
        with pytest.raises(PermissionDenied):
            call()


def test_the_default_team_follows_the_membership(world: Teams) -> None:
    s = world.service
    assert [(m.team, m.default) for m in s.teams_of_user(world.admin, "olga")] == [("oncology", True), ("spine", False)]
    s.add_member(world.admin, "spine", "olga", default=True)
    s.create_case(world.onc, _case("goes-to-spine"))
    assert s.get_case(world.spine, "goes-to-spine").id == "goes-to-spine"
    s.remove_member(world.admin, "spine", "olga")
    assert [(m.team, m.default) for m in s.teams_of_user(world.admin, "olga")] == [("oncology", True)]


def test_a_clinician_in_no_team_is_told_how_to_get_one(world: Teams) -> None:
    s = world.service
    s.remove_member(world.admin, "spine", "sam")
    with pytest.raises(ValidationFailed, match="no care team"):
        s.create_case(world.spine, _case("nowhere"))
    assert s.list_cases(world.spine).total == 0


def test_membership_changes_are_audited(world: Teams) -> None:
    s = world.service
    s.add_member(world.admin, "spine", "rosa")
    entries = [e for e in s.audit_entries(world.admin) if e.action.startswith("team.")]
    assert [(e.actor, e.action, e.detail.get("team"), e.detail.get("user")) for e in entries][-1] == (
        "ada", "team.member.add", "spine", "rosa")
