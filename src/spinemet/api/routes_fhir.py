"""FHIR R4 / mCODE on the API (issue 18): a stored case as a bundle, a bundle imported as a case.

Thin calls into the service (:mod:`spinemet.service.fhir_export`, :mod:`spinemet.service.fhir_import`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem, problem_responses
from spinemet.api.schemas import TeamName
from spinemet.io.limits import excerpt
from spinemet.service.views import CaseView

router = APIRouter(tags=["fhir"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 422))

FHIR_JSON = "application/fhir+json"


class ReportItem(BaseModel):
    """One resource of the bundle and what the import did with it."""

    entry: str = Field(description="Where it is in the bundle, e.g. 'entry[3]'.")
    resource: str = Field(description="Its type (and id when it has one), e.g. 'Observation/ecog-1'.")
    to: str | None = Field(default=None, description="What it became in the case (mapped, derived).")
    reason: str | None = Field(default=None, description="Why it was not mapped.")


class ImportReportOut(BaseModel):
    """What was mapped, what was derived (recomputed from the case) and what was not mapped, and why."""

    mapped: list[ReportItem]
    derived: list[ReportItem]
    not_mapped: list[ReportItem]
    notes: list[str] = Field(description="Choices the import made, e.g. the index date of a foreign bundle.")


class FhirImportOut(BaseModel):
    """The stored case and the import report."""

    case: CaseView
    report: ImportReportOut


@router.get(
    "/cases/{case_id}/fhir", summary="A case as a FHIR R4 / mCODE bundle",
    responses={**problem_responses(404), 200: {"description": "A FHIR Bundle (collection); a researcher's is the "
                                                "bundle of the de-identified case",
                                               "content": {FHIR_JSON: {"schema": {"type": "object"}}}}},
)
def case_fhir(
    caller: CallerDep,
    case_id: Annotated[str, Path(min_length=1, max_length=200, description="Case id (research id for researchers).")],
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="The case as of this version.")] = None,
    score_days: Annotated[Literal["last", "decision-points"], Query(
        description="Instrument results of the last day (default), or of every decision point (each day a "
                    "treatment was decided or given, as the case report chooses them, and the last day).")] = "last",
) -> Response:
    """The case with its events, disease status and instrument results (on the last day) as a FHIR bundle
    (docs/fhir.md). Researchers get the bundle of the de-identified case: no name, date or free text."""
    import json

    from spinemet.service.fhir_export import stored_bundle

    service, actor = caller.authenticate()
    bundle = stored_bundle(service, actor, case_id, version, score_days)
    return Response(json.dumps(bundle, ensure_ascii=False), media_type=FHIR_JSON)


_BUNDLE_BODY = {"required": True, "content": {
    media: {"schema": {"type": "object", "description": "A FHIR R4 Bundle (resourceType Bundle, its entries)."}}
    for media in (FHIR_JSON, "application/json")}}


@router.post("/fhir/import", status_code=201, response_model=FhirImportOut, summary="Import a FHIR bundle as a case",
             responses={**problem_responses(404, 409, 415)}, openapi_extra={"requestBody": _BUNDLE_BODY})
async def fhir_import(
    caller: CallerDep, request: Request,
    team: Annotated[list[TeamName] | None, Query(max_length=50, description="Care team(s) the new case goes to.")] = None,
) -> FhirImportOut | Response:
    """The body is a FHIR R4 Bundle (JSON). A SpineMet bundle reads back field for field; other systems'
    mCODE resources are mapped where SpineMet has the field, and the report lists, resource by resource,
    what was not mapped. A bundle that cannot be read is a 422 naming the entry and element; nothing is
    stored."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        return problem(415, "Unsupported media type", f"'{excerpt(media)}' is not a FHIR bundle's type; allowed: "
                                                      f"{FHIR_JSON}, application/json")
    from spinemet.service.fhir_import import import_bundle_data

    raw = await request.body()
    data: Any = await request.json() if raw else None
    service, actor = await run_in_threadpool(caller.authenticate)
    view, report = await run_in_threadpool(import_bundle_data, service, actor, data, team)
    return FhirImportOut(case=view, report=ImportReportOut.model_validate(report))
