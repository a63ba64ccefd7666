"""SpineMet's own CodeSystems as FHIR R4 ``CodeSystem`` resources, built from the case record's
vocabulary and the instrument declarations (the codes a bundle carries are exactly these keys).

``spinemet fhir codesystems`` writes them (a ``Bundle`` of type ``collection``); the tests check that
every SpineMet coding of every exported bundle is a concept of one of them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from spinemet.case.events import EVENT_TYPES
from spinemet.case.vocab import (
    Alignment,
    Ambulatory,
    AsiaGrade,
    Collapse,
    DrugClass,
    EsccGrade,
    FrankelGrade,
    LesionType,
    Modality,
    Posterolateral,
    PrimarySite,
    RtTechnique,
    SurgeryProcedure,
)
from spinemet.case.vocab_detail import RtIntent, Stage
from spinemet.case.vocab_disease import Compartment
from spinemet.case.vocab_treatment import ComplicationKind
from spinemet.course.model import EventKind
from spinemet.fhir.common import full_url, sm_system
from spinemet.fhir.events_out import FINDING_ITEMS
from spinemet.instruments.registry import INSTRUMENTS

__all__ = ["code_systems", "code_systems_bundle"]

#: event types of companion resources (written with their event, never on their own)
COMPANION_TYPES = ("imaging_finding", "performance_score", "radiotherapy_volume")

_ENUMS: dict[str, type[Enum]] = {
    "escc": EsccGrade, "collapse": Collapse, "alignment": Alignment, "posterolateral": Posterolateral,
    "lesion_type": LesionType, "compartment": Compartment, "modality": Modality, "frankel": FrankelGrade,
    "asia": AsiaGrade, "ambulatory": Ambulatory, "surgery-procedure": SurgeryProcedure, "drug-class": DrugClass,
    "complication": ComplicationKind, "stage": Stage, "primary-site": PrimarySite, "course-event": EventKind,
    "rt-technique": RtTechnique, "rt-intent": RtIntent,
}


def _code_system(name: str, codes: list[str], title: str) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem", "url": sm_system(name), "name": name.replace("-", "_"), "title": title,
        "status": "draft", "content": "complete", "caseSensitive": True,
        "concept": [{"code": c} for c in dict.fromkeys(codes)],
    }


def code_systems() -> list[dict[str, Any]]:
    """Every SpineMet CodeSystem (FHIR R4 ``CodeSystem``, status draft, content complete)."""
    out = [
        _code_system("event-type", [*EVENT_TYPES, *COMPANION_TYPES], "Case event types (case file 'type')"),
        _code_system("resource-role", ["derived"], "Resources derived from the case, recomputed on import"),
        _code_system("item", ["level", "span_level", "compartment", *FINDING_ITEMS, "frankel", "asia", "ambulatory"],
                     "Components of SpineMet's observations"),
    ]
    for name, enum in _ENUMS.items():
        out.append(_code_system(name, [str(m.value) for m in enum], f"Case-file vocabulary: {name}"))
    out.append(_code_system("instrument", list(INSTRUMENTS), "SpineMet's instruments"))
    for key, inst in INSTRUMENTS.items():
        out.append(_code_system(f"item-{key}", [it.key for it in inst.items], f"{inst.name}: items"))
        out.append(_code_system(f"answer-{key}", [a for it in inst.items for a in it.answer_keys],
                                f"{inst.name}: answers"))
        out.append(_code_system(f"band-{key}", [b.key for b in inst.bands], f"{inst.name}: bands"))
        if inst.kind.value == "classifier":
            out.append(_code_system(f"category-{key}", [b.key for b in inst.bands], f"{inst.name}: categories"))
    return out


def code_systems_bundle() -> dict[str, Any]:
    """The CodeSystems as one collection bundle."""
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": full_url(f"codesystem/{cs['url']}"), "resource": cs} for cs in code_systems()]}
