"""``GET /cases/{id}/similar``: cases like this one, in the caller's store or in the published
library; a thin call into :mod:`spinemet.service.similar` (role, team scope and audit are the
service's: a researcher gets research ids only, a clinician only cases of their teams)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem_responses
from spinemet.service import similar
from spinemet.service.similar import SimilarOut

router = APIRouter(prefix="/cases", tags=["cases"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 404, 422))

CaseId = Annotated[str, Path(min_length=1, max_length=200, description="Case id (research id for researchers).")]


@router.get("/{case_id}/similar", response_model=SimilarOut, summary="Cases like this one, explained, with their outcomes")
def similar_cases(
    caller: CallerDep,
    case_id: CaseId,
    top: Annotated[int, Query(ge=1, le=similar.MOST, description="How many similar cases.")] = similar.DEFAULT_TOP,
    source: Annotated[Literal["store", "published"], Query(description="The team's store, or the curated "
                                                                        "library of published cases.")] = "store",
) -> SimilarOut:
    service, actor = caller.authenticate()
    if source == "published":
        return similar.similar_published_to_stored(service, actor, case_id, top)
    return similar.similar_in_store(service, actor, case_id, top)
