"""Request bodies of the API. Clinical content is validated by the service (located errors)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
