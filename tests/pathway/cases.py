"""Builders of synthetic cases for the pathway tests (Case objects; no example files except the story)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spinemet.assessment import Assessment, assess
from spinemet.case.model import Case

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"

# SINS item sets at L3 (mobile = 2 points) with mechanical pain (3 points) added by ``sins_pain``.
SINS_ITEMS: dict[int, dict[str, str]] = {
    6: {"lesion_type": "mixed", "alignment": "normal", "collapse": "none", "posterolateral": "none"},
    7: {"lesion_type": "lytic", "alignment": "normal", "collapse": "none", "posterolateral": "none"},
    12: {"lesion_type": "lytic", "alignment": "deformity", "collapse": "under_50", "posterolateral": "unilateral"},
    13: {"lesion_type": "lytic", "alignment": "deformity", "collapse": "at_least_50", "posterolateral": "unilateral"},
    14: {"lesion_type": "lytic", "alignment": "deformity", "collapse": "under_50", "posterolateral": "bilateral"},
}


def mri(day: int, level: str, escc: str | None = None, sins: int | None = None, **extra: Any) -> dict[str, Any]:
    finding: dict[str, Any] = {"level": level, **extra}
    if escc is not None:
        finding["escc"] = escc
    if sins is not None:
        finding.update(SINS_ITEMS[sins])
    return {"type": "imaging", "day": day, "modality": "mri", "whole_spine": True, "findings": [finding]}


def neuro(day: int, **fields: Any) -> dict[str, Any]:
    return {"type": "neuro_exam", "day": day, **fields}


def pain(day: int, character: str = "mechanical", **fields: Any) -> dict[str, Any]:
    return {"type": "pain", "day": day, "character": character, **fields}


def fitness(day: int, fit: bool | None = True, months: float | None = 12, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "fitness", "day": day, **fields}
    if fit is not None:
        out["fit_for_surgery"] = fit
    if months is not None:
        out["expected_survival_months"] = months
    return out


def make_case(site: str, *events: dict[str, Any], age: int | None = 60, net: dict[str, Any] | None = None,
              case_id: str = "synthetic") -> Case:
    primary: dict[str, Any] = {"site": site}
    if net is not None:
        primary["neuroendocrine"] = net
    patient = {"age": age} if age is not None else {}
    return Case.model_validate({"id": case_id, "synthetic": True, "patient": patient, "primary": primary,
                                "timeline": list(events)})


def standard(site: str, escc: str, sins: int, fit: bool | None = True, months: float | None = 12,
             level: str = "L3", deficit: bool = False, **kw: Any) -> Case:
    """A complete NOMS work-up on day 0: MRI with ESCC and SINS items, pain, neuro exam, fitness."""
    events = [mri(0, level, escc=escc, sins=sins), pain(0, nrs=6), neuro(0, motor_deficit=deficit, frankel="D" if deficit else "E"),
              fitness(0, fit, months)]
    return make_case(site, *events, **kw)


def run(case: Case, day: int | None = None) -> Assessment:
    return assess(case, day)
