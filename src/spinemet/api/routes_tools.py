"""Routes with no stored patient data: instruments, scoring, the calculator, and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from spinemet.api.deps import ActorDep, ServiceDep
from spinemet.api.problems import problem_responses
from spinemet.api.schemas import CalculatorRequest, Me, ScoreRequest

router = APIRouter(tags=["instruments"], responses=problem_responses(401, 403, 404, 422))
Key = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/me", response_model=Me, summary="The authenticated user")
def me(actor: ActorDep) -> Me:
    return Me(name=actor.name, role=actor.role.value)


@router.get("/instruments", response_model=list[dict[str, Any]], summary="Every instrument")
def instruments(service: ServiceDep, actor: ActorDep) -> list[dict[str, Any]]:
    return service.instruments(actor)


@router.get("/instruments/{key}", response_model=dict[str, Any], summary="One instrument's declaration")
def instrument(service: ServiceDep, actor: ActorDep, key: Key) -> dict[str, Any]:
    return service.instrument(actor, key)


@router.post("/instruments/{key}/score", response_model=dict[str, Any],
             summary="Score one instrument; unknown items give a range")
def score(service: ServiceDep, actor: ActorDep, key: Key, body: ScoreRequest) -> dict[str, Any]:
    return service.score(actor, key, body.answers)


@router.post("/calculator", response_model=dict[str, Any],
             summary="Every instrument (and the plan) for a case that is not stored")
def calculator(service: ServiceDep, actor: ActorDep, body: CalculatorRequest) -> dict[str, Any]:
    return service.calculate(actor, body.case, body.day)
