"""Routes on cases and their events: thin calls into the service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError as PydanticValidationError
from starlette.concurrency import run_in_threadpool

from spinemet.api.contract import EXACT_LEVEL, YAML_TYPES
from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem, problem_responses
from spinemet.api.schemas import (
    CASE_EXAMPLE,
    AssessmentRequest,
    EventAmend,
    EventWrite,
    ImportRequest,
    TeamName,
)
from spinemet.errors import Problem, ValidationFailed
from spinemet.io.limits import excerpt
from spinemet.service.outputs import AssessmentOut, CourseOut
from spinemet.service.views import CaseList, CaseView, EventHistoryEntry, VersionView

router = APIRouter(prefix="/cases", tags=["cases"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 404, 422))

CaseId = Annotated[str, Path(min_length=1, max_length=200, description="Case id (research id for researchers).")]
EventKey = Annotated[str, Path(min_length=1, max_length=200)]
Version = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Read the case as of this version.")]
_WRITE = problem_responses(409)
Teams = Annotated[list[TeamName] | None, Query(max_length=50, description="Care team(s) the new case goes to (each one "
                                          "of yours; repeatable); default: your default team.")]


@router.get("", response_model=CaseList, summary="List and search cases")
def list_cases(
    caller: CallerDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of a case id.")] = None,
    primary_site: Annotated[str | None, Query(max_length=64)] = None,
    level: Annotated[str | None, Query(max_length=10, pattern=EXACT_LEVEL,
                                       description="A vertebral level, e.g. T6.")] = None,
    open_alerts: Annotated[bool | None, Query(description="Only cases with (true) or without (false) alerts.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> CaseList:
    service, actor = caller.authenticate()
    return service.list_cases(actor, q, primary_site, level, open_alerts, limit, offset)


@router.post("", status_code=201, response_model=CaseView, summary="Create a case", responses=_WRITE)
def create_case(
    caller: CallerDep,
    case: Annotated[dict[str, Any], Body(description="A case file's content as JSON (version 1 or 2).",
                                         examples=[CASE_EXAMPLE])],
    team: Teams = None,
) -> CaseView:
    service, actor = caller.authenticate()
    return service.create_case(actor, case, team)


@router.post("/import", status_code=201, response_model=CaseView, summary="Import a case file (YAML or JSON text)",
             responses={**_WRITE, **problem_responses(415)})
async def import_case(
    caller: CallerDep, request: Request, team: Teams = None,
    source: Annotated[str, Query(max_length=200, description="A file name, for messages.")] = "",
) -> CaseView | Response:
    """The body is the case file (``Content-Type`` says YAML or JSON); the JSON form
    ``{"text", "format", "source"}`` of earlier versions is read too."""
    service, actor = await run_in_threadpool(caller.authenticate)
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media in YAML_TYPES:
        try:
            text, fmt = (await request.body()).decode("utf-8"), "yaml"
        except UnicodeDecodeError:
            raise ValidationFailed([Problem("body", "not UTF-8 text; allowed: a YAML case file in UTF-8")]) from None
    elif media == "application/json" or media.endswith("+json"):
        raw = await request.body()
        data = await request.json() if raw else None
        if isinstance(data, dict) and "text" in data and set(data) <= {"text", "format", "source"}:
            try:
                wrapped = ImportRequest.model_validate(data)
            except PydanticValidationError as exc:
                raise RequestValidationError(exc.errors()) from None
            text, fmt, source = wrapped.text, wrapped.format, wrapped.source or source
        else:
            text, fmt = raw.decode("utf-8"), "json"
    else:
        return problem(415, "Unsupported media type", f"'{excerpt(media)}' is not a case file's type; allowed: "
                                                      f"application/json, {', '.join(YAML_TYPES)}")
    view: CaseView = await run_in_threadpool(service.import_case_text, actor, text, fmt, source, team)
    return view


@router.get("/{case_id}", response_model=CaseView, summary="Read a case (now or as of a version)")
def get_case(caller: CallerDep, case_id: CaseId, version: Version = None) -> Response:
    service, actor = caller.authenticate()
    return Response(service.case_json(actor, case_id, version), media_type="application/json")


@router.get("/{case_id}/history", response_model=list[VersionView], summary="The versions of a case")
def case_history(caller: CallerDep, case_id: CaseId) -> list[VersionView]:
    service, actor = caller.authenticate()
    return service.case_history(actor, case_id)


@router.get(
    "/{case_id}/export", summary="Export a case file",
    responses={200: {"description": "The case file", "content": {"application/yaml": {"schema": {"type": "string"}},
                                                                  "application/json": {"schema": {"type": "object"}}}}},
)
def export_case(
    caller: CallerDep, case_id: CaseId,
    format: Annotated[Literal["yaml", "json"], Query()] = "yaml", version: Version = None,
) -> Response:
    service, actor = caller.authenticate()
    text = service.export_case(actor, case_id, format, version)
    media = "application/json" if format == "json" else "application/yaml"
    return Response(text, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="case.{format}"'})


@router.post("/{case_id}/events", status_code=201, response_model=CaseView, summary="Append an event",
             responses=_WRITE)
def append_event(caller: CallerDep, case_id: CaseId, body: EventWrite) -> CaseView:
    service, actor = caller.authenticate()
    return service.append_event(actor, case_id, body.event, body.expected_version, body.place_after)


@router.put("/{case_id}/events/{event_key}", response_model=CaseView, summary="Amend an event (new version)",
            responses=_WRITE)
def amend_event(caller: CallerDep, case_id: CaseId, event_key: EventKey,
                body: EventAmend) -> CaseView:
    service, actor = caller.authenticate()
    return service.amend_event(actor, case_id, event_key, body.event, body.expected_version)


@router.delete("/{case_id}/events/{event_key}", response_model=CaseView,
               summary="Retract an event entered in error (new version; history kept)", responses=_WRITE)
def retract_event(caller: CallerDep, case_id: CaseId, event_key: EventKey,
                  expected_version: Annotated[int, Query(ge=1, le=2**31 - 1)]) -> CaseView:
    service, actor = caller.authenticate()
    return service.retract_event(actor, case_id, event_key, expected_version)


@router.get("/{case_id}/events/{event_key}/history", response_model=list[EventHistoryEntry],
            summary="Every form of one event")
def event_history(caller: CallerDep, case_id: CaseId, event_key: EventKey) -> list[EventHistoryEntry]:
    service, actor = caller.authenticate()
    return service.event_history(actor, case_id, event_key)


@router.post("/{case_id}/assessments", response_model=AssessmentOut, response_model_exclude_unset=True,
             responses=problem_responses(409), summary="Assess the case on a day: every instrument, the plan and the alerts")
def assess(caller: CallerDep, case_id: CaseId, body: AssessmentRequest) -> Response:
    service, actor = caller.authenticate()
    return Response(service.assessment_json(actor, case_id, body.day, body.date, body.version),
                    media_type="application/json")


@router.get("/{case_id}/course", response_model=CourseOut, response_model_exclude_unset=True, summary="The course: recurrence, response, alerts")
def course(caller: CallerDep, case_id: CaseId, version: Version = None) -> dict[str, Any]:
    service, actor = caller.authenticate()
    return service.course(actor, case_id, version)
