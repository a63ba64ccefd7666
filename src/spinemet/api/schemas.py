"""Request bodies of the API. Clinical content is validated by the service (located errors)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from spinemet.io.ids import ID_PATTERN

TeamName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImportRequest(Body):
    text: str = Field(description="A case file's content.", max_length=2_000_000)
    format: Literal["yaml", "json"] = "yaml"
    source: str = Field(default="", max_length=200, description="A file name, for messages.")


#: Version-2 events as a clinician states them (docs/case-file.md): partial knowledge, a place without
#: a level, a time relative to another event, the new event types. Shown in the OpenAPI document.
EVENT_EXAMPLES: list[dict[str, Any]] = [
    {"type": "imaging", "day": 0, "findings": [{"level": "T8", "compartments": ["intramedullary"]},
                                              {"span": "T2-T10", "compartments": ["epidural"], "cord_compression": True},
                                              {"level": "L1", "collapse_present": True}]},
    {"type": "neuro_exam", "day": 0, "deficits": ["paraplegia"], "walking": "with_aid",
     "power": [{"muscle": "hip_flexors", "side": "left", "grade": 3}]},
    {"type": "complication", "kind": "cement_leakage", "procedure": "vp-1",
     "after": {"event": "vp-1", "at_least": 0, "at_most": 1, "unit": "months"}},
    {"type": "embolisation", "id": "emb-1", "day_range": {"earliest": -3, "latest": -1}, "purpose": "preoperative",
     "levels": "L1"},
    {"type": "outcome", "aspect": "neurological", "change": "improved", "compared_with": "surgery-1"},
]

#: A version-2 case as created by ``POST /cases``: "probably lung", multiple bone metastases.
CASE_EXAMPLE: dict[str, Any] = {
    "schema_version": 2, "id": "case-1", "primary": {"site": "lung_other", "site_certainty": "probable"},
    "timeline": [{"type": "disease_burden", "day": 0, "bone_mets_extent": "multiple"}, EVENT_EXAMPLES[0]],
}


class EventAmend(Body):
    """The body of an amendment: the event's new content. An amended event keeps its place in the
    timeline, so an amendment has no ``place_after`` (refused as an unknown field, 422)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expected_version": 3, "event": e} for e in EVENT_EXAMPLES]})

    expected_version: StrictInt = Field(ge=1, le=2**31 - 1, description="The case version this change is based on.")
    event: dict[str, Any] = Field(description="The event as in a case file's timeline (case-file version 2; "
                                              "`spinemet schema` and docs/case-file.md describe every field).")


class EventWrite(EventAmend):
    """The body of an appended event, which may be placed after an earlier one."""

    place_after: str | None = Field(
        default=None, min_length=1, max_length=200,
        description="Put the new event right after this event of the case (its key or id) instead of at the end "
        "of the timeline, e.g. an event known only to have happened 'after the embolisation'. An event that is "
        "not in the case is refused (422, location 'place_after'). Amending keeps an event's place: to move an "
        "event, retract it and append it again.")


class AssessmentRequest(Body):
    # A day and a date together are refused (422): the published schema says so, so that a client
    # (or a contract tester) knows that request is invalid before sending it.
    model_config = ConfigDict(json_schema_extra={"not": {
        "required": ["day", "date"],
        "properties": {"day": {"type": "integer"}, "date": {"type": "string"}}}})

    day: StrictInt | None = Field(default=None, ge=-36500, le=36500, description="Day offset (default: last event).")
    date: dt.date | None = Field(default=None, description="A calendar date instead of a day (needs the index date).")
    version: StrictInt | None = Field(default=None, ge=1, le=2**31 - 1,
                                      description="Assess the case as it was at this version.")


class ScoreRequest(Body):
    answers: dict[str, Any] = Field(default_factory=dict, description="Item key -> answer key or value.")


class CalculatorRequest(Body):
    case: dict[str, Any] = Field(description="A case (not stored): patient, primary, timeline.")
    day: StrictInt | None = Field(default=None, ge=-36500, le=36500)


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
    default: StrictBool = Field(default=False, description="Cases this user creates without naming a team go here.")


class CaseRef(Body):
    case_id: str = Field(min_length=1, max_length=200, pattern=ID_PATTERN,
                         description="A case id (the id grammar of docs/service.md).")


class CaseTeams(BaseModel):
    case_id: str
    teams: list[str]


class NewToken(Body):
    label: str = Field(default="api", min_length=1, max_length=100)


class Revoke(Body):
    token_id: StrictInt | None = Field(default=None, ge=1, le=2**31 - 1, description="One token; omit to revoke them all.")


class Unlock(Body):
    address: str | None = Field(default=None, min_length=1, max_length=64,
                                description="Also clear the failed logins of this client address.")


class Unlocked(BaseModel):
    cleared: int = Field(description="How many failed-login counters were cleared.")


class Revoked(BaseModel):
    revoked: int


class Me(BaseModel):
    name: str
    role: str


class Health(BaseModel):
    status: str
    version: str
