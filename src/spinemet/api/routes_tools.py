"""Routes with no stored patient data: instruments, scoring, the calculator, and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem_responses
from spinemet.api.schemas import CalculatorRequest, Me, ScoreRequest
from spinemet.service.jsonable import jsonable
from spinemet.service.outputs import AssessmentOut, InstrumentOut, ResultOut

router = APIRouter(tags=["instruments"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 404, 422))
Key = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/me", response_model=Me, summary="The authenticated user")
def me(caller: CallerDep) -> Me:
    _, actor = caller.authenticate()
    return Me(name=actor.name, role=actor.role.value)


@router.get("/instruments", response_model=list[InstrumentOut], response_model_exclude_unset=True, summary="Every instrument")
def instruments(caller: CallerDep) -> list[dict[str, Any]]:
    service, actor = caller.authenticate()
    return service.instruments(actor)


@router.get("/instruments/{key}", response_model=InstrumentOut, response_model_exclude_unset=True, summary="One instrument's declaration")
def instrument(caller: CallerDep, key: Key) -> dict[str, Any]:
    service, actor = caller.authenticate()
    return service.instrument(actor, key)


@router.post("/instruments/{key}/score", response_model=ResultOut, response_model_exclude_unset=True,
             summary="Score one instrument; unknown items give a range")
def score(caller: CallerDep, key: Key, body: ScoreRequest) -> dict[str, Any]:
    service, actor = caller.authenticate()
    out: dict[str, Any] = jsonable(service.score(actor, key, body.answers).as_dict())
    return out


@router.post("/calculator", response_model=AssessmentOut, response_model_exclude_unset=True,
             summary="Every instrument (and the plan) for a case that is not stored")
def calculator(caller: CallerDep, body: CalculatorRequest) -> dict[str, Any]:
    service, actor = caller.authenticate()
    out: dict[str, Any] = jsonable(service.calculate(actor, body.case, body.day).as_dict())
    return out
