"""Request bodies of the API. Clinical content is validated by the service (located errors)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TeamName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImportRequest(Body):
    text: str = Field(description="A case file's content.", max_length=2_000_000)
    format: Literal["yaml", "json"] = "yaml"
    source: str = Field(default="", max_length=200, description="A file name, for messages.")


class EventWrite(Body):
    expected_version: int = Field(ge=1, description="The case version this change is based on.")
    event: dict[str, Any] = Field(description="The event as in a case file's timeline.")


class AssessmentRequest(Body):
    day: int | None = Field(default=None, ge=-36500, le=36500, description="Day offset (default: last event).")
    date: dt.date | None = Field(default=None, description="A calendar date instead of a day (needs the index date).")
    version: int | None = Field(default=None, ge=1, description="Assess the case as it was at this version.")


class ScoreRequest(Body):
    answers: dict[str, Any] = Field(default_factory=dict, description="Item key -> answer key or value.")


class CalculatorRequest(Body):
    case: dict[str, Any] = Field(description="A case (not stored): patient, primary, timeline.")
    day: int | None = Field(default=None, ge=-36500, le=36500)


class NewUser(Body):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")
    role: Literal["clinician", "researcher", "admin"]
    teams: list[TeamName] | None = Field(
        default=None, max_length=50,
        description="Care teams the user joins (the first is their default); default: the team 'default'.")


class NewTeam(Body):
    name: TeamName


class NewMember(Body):
    user: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")
    default: bool = Field(default=False, description="Cases this user creates without naming a team go here.")


class CaseRef(Body):
    case_id: str = Field(min_length=1, max_length=200)


class CaseTeams(BaseModel):
    case_id: str
    teams: list[str]


class NewToken(Body):
    label: str = Field(default="api", min_length=1, max_length=100)


class Revoke(Body):
    token_id: int | None = Field(default=None, ge=1, description="One token; omit to revoke them all.")


class Revoked(BaseModel):
    revoked: int


class Me(BaseModel):
    name: str
    role: str


class Health(BaseModel):
    status: str
    version: str
