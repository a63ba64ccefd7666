"""A SpineMet event read back from its FHIR resources: the inverse of :mod:`spinemet.fhir.events_out`.

Every field :data:`~spinemet.fhir.events_out.CONSUMED` names is read from the FHIR element it was
written to; the detail extension gives the rest. A resource that does not hold what its event type
needs (a vertebra code that does not exist, a code of the wrong system) is a located
:class:`~spinemet.fhir.problems.BundleProblem`, never a guess.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from spinemet.anatomy import Level
from spinemet.fhir import terminology as term
from spinemet.fhir.common import DAYS_SINCE_INDEX, DETAIL, SITE_ROLE, TIMELINE_ENTRY, sm_system, span_of
from spinemet.fhir.events_out import DATE_ELEMENT, FINDING_ITEMS
from spinemet.fhir.problems import BundleProblem

__all__ = ["Located", "decode_event", "detail_of", "ext_value", "level_of", "vertebra_index"]

Located = tuple[str, Mapping[str, Any]]  # (element path of the resource, the resource)


def ext_value(resource: Mapping[str, Any], url: str) -> Any:
    """The value of the first extension ``url`` of ``resource`` (None when absent)."""
    for e in resource.get("extension") or []:
        if isinstance(e, Mapping) and e.get("url") == url:
            return next((v for k, v in e.items() if k.startswith("value")), None)
    return None


def detail_of(path: str, resource: Mapping[str, Any]) -> dict[str, Any]:
    raw = ext_value(resource, DETAIL)
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except (TypeError, ValueError) as exc:
        raise BundleProblem(f"{path}.extension[{DETAIL}]: not a JSON object ({exc})") from exc
    if not isinstance(data, dict):
        raise BundleProblem(f"{path}.extension[{DETAIL}]: not a JSON object")
    return data


@cache
def vertebra_index() -> dict[tuple[str, str], list[Level]]:
    """(system, code) -> the levels coded with it (a sacral code names S1-S5 and the sacrum)."""
    out: dict[tuple[str, str], list[Level]] = {}
    for level in Level:
        coding, _ = term.vertebra(level)
        out.setdefault((coding.system, coding.code), []).append(level)
    return out


def level_of(path: str, concept: Any) -> Level:
    """The vertebral level a CodeableConcept written by SpineMet names (its SNOMED CT code, the level
    in ``text`` where the code names a region: the sacrum)."""
    if not isinstance(concept, Mapping):
        raise BundleProblem(f"{path}: a vertebra (CodeableConcept) is needed")
    codings = [c for c in concept.get("coding") or [] if isinstance(c, Mapping)]
    snomed = term.system("snomed")
    for i, c in enumerate(codings):
        if c.get("system") != snomed:
            raise BundleProblem(f"{path}.coding[{i}].system: '{c.get('system')}' is not a code system SpineMet "
                                f"reads for a vertebra; allowed: {snomed}")
        levels = vertebra_index().get((snomed, str(c.get("code"))))
        if not levels:
            raise BundleProblem(f"{path}.coding[{i}].code: '{c.get('code')}' is not the SNOMED CT code of a "
                                "vertebra (DICOM CID 7603 / CID 4031, C1 to coccyx)")
        if len(levels) == 1:
            return levels[0]
        text = concept.get("text")
        match = [lv for lv in levels if str(lv) == text]
        if match:
            return match[0]
        raise BundleProblem(f"{path}.text: '{text}' does not name which level of {c.get('display') or c.get('code')} "
                            f"is meant; allowed: {', '.join(str(lv) for lv in levels)}")
    raise BundleProblem(f"{path}.coding: a vertebra needs its SNOMED CT code")


def _code(path: str, concept: Any, system_name: str) -> str:
    """The code of SpineMet's CodeSystem ``system_name`` in ``concept``."""
    want = sm_system(system_name)
    for i, c in enumerate((concept or {}).get("coding") or []):
        if c.get("system") == want:
            return str(c.get("code"))
        if str(c.get("system", "")).startswith(sm_system("")):
            raise BundleProblem(f"{path}.coding[{i}].system: '{c.get('system')}' is not allowed here; allowed: {want}")
    raise BundleProblem(f"{path}: no code of {want}")


def _components(path: str, resource: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """(path, item name, value concept) of each component coded in SpineMet's item CodeSystem."""
    out = []
    for i, comp in enumerate(resource.get("component") or []):
        here = f"{path}.component[{i}]"
        out.append((here, _code(f"{here}.code", comp.get("code"), "item"), comp.get("valueCodeableConcept")))
    return out


def _span(path: str, levels: list[Level]) -> str:
    try:
        return str(span_of(levels))
    except ValueError as exc:
        raise BundleProblem(f"{path}: {exc}") from None


def _sites(path: str, resource: Mapping[str, Any]) -> dict[str, list[Level]]:
    by_role: dict[str, list[Level]] = {}
    for i, site in enumerate(resource.get("bodySite") or []):
        role = ext_value(site, SITE_ROLE) or "treated"
        by_role.setdefault(str(role), []).append(level_of(f"{path}.bodySite[{i}]", site))
    return by_role


def _timing(path: str, resource: Mapping[str, Any], fields: dict[str, Any]) -> None:
    day = ext_value(resource, DAYS_SINCE_INDEX)
    if isinstance(day, int) and not isinstance(day, bool):
        fields["day"] = day
    element = DATE_ELEMENT.get(str(resource.get("resourceType")))
    date = resource.get(element) if element else None
    if date is None and isinstance(resource.get("performedPeriod"), Mapping):
        date = resource["performedPeriod"].get("start")
    if date is not None:
        fields["date"] = date


def _finding(path: str, resource: Mapping[str, Any]) -> dict[str, Any]:
    fields = detail_of(path, resource)
    levels: dict[str, list[Level]] = {}
    for here, item, value in _components(path, resource):
        if item in ("level", "span_level"):
            levels.setdefault(item, []).append(level_of(f"{here}.valueCodeableConcept", value))
        elif item == "compartment":
            fields.setdefault("compartments", []).append(_code(f"{here}.valueCodeableConcept", value, item))
        elif item in FINDING_ITEMS:
            fields[item] = _code(f"{here}.valueCodeableConcept", value, item)
        else:
            raise BundleProblem(f"{here}.code: '{item}' is not an imaging finding item; allowed: level, span_level, "
                                f"compartment, {', '.join(FINDING_ITEMS)}")
    if "level" in levels:
        fields["level"] = str(levels["level"][0])
    if "span_level" in levels:
        fields["span"] = _span(f"{path}.component", levels["span_level"])
    return fields


def decode_event(path: str, resource: Mapping[str, Any], event_type: str, companions: list[Located],
                 resolve: Mapping[str, Located]) -> dict[str, Any]:
    """The case-file fields of one event from its event resource (at ``path``) and companions."""
    fields = detail_of(path, resource)
    fields["type"] = event_type
    _timing(path, resource, fields)
    if event_type == "imaging":
        if resource.get("method") is not None:
            fields["modality"] = _code(f"{path}.method", resource["method"], "modality")
        findings = []
        for i, member in enumerate(resource.get("hasMember") or []):
            where, target = resolve[member["reference"]]
            findings.append(_finding(where, target))
            del i
        fields["findings"] = findings
    elif event_type == "performance":
        for where, res in [(path, resource), *companions]:
            codes = {(c.get("system"), c.get("code")) for c in (res.get("code") or {}).get("coding") or []}
            for key, name in (("ecog", "ecog"), ("karnofsky", "kps")):
                c = term.code(key)
                if (c.system, c.code) in codes:
                    if not isinstance(res.get("valueInteger"), int):
                        raise BundleProblem(f"{where}.valueInteger: the {name.upper()} score (an integer) is missing")
                    fields[name] = res["valueInteger"]
    elif event_type == "neuro_exam":
        for here, item, value in _components(path, resource):
            fields[item] = _code(f"{here}.valueCodeableConcept", value, item)
    elif event_type == "surgery":
        coding = ((resource.get("code") or {}).get("coding") or [{}])[0]
        if coding.get("system") == sm_system("surgery-procedure"):
            fields["procedures"] = [coding.get("code")]
        sites = _sites(path, resource)
        if "treated" in sites:
            fields["levels"] = _span(f"{path}.bodySite", sites["treated"])
        if "fixation" in sites:
            fields["fixation_span"] = _span(f"{path}.bodySite", sites["fixation"])
    elif event_type == "radiotherapy":
        _radiotherapy(path, resource, resolve, fields)
    elif event_type == "systemic_therapy":
        coding = ((resource.get("medicationCodeableConcept") or {}).get("coding") or [{}])[0]
        if coding.get("system") == sm_system("drug-class"):
            fields["drug_class"] = coding.get("code")
    elif event_type == "corticosteroids":
        drug = (resource.get("medicationCodeableConcept") or {}).get("text")
        if drug is not None and not isinstance(drug, str):
            raise BundleProblem(f"{path}.medicationCodeableConcept.text: the corticosteroid's name must be text")
        if drug is not None:  # absent: the drug was not named (never filled in)
            fields["drug"] = drug
    elif event_type == "complication":
        fields["kind"] = _code(f"{path}.code", resource.get("code"), "complication")
        sites = _sites(path, resource)
        if "treated" in sites:
            fields["levels"] = _span(f"{path}.bodySite", sites["treated"])
    elif event_type in ("chemoradiotherapy", "embolisation", "ablation", "cement_augmentation"):
        sites = _sites(path, resource)
        if "treated" in sites:
            fields["levels"] = _span(f"{path}.bodySite", sites["treated"])
    return fields


def _radiotherapy(path: str, resource: Mapping[str, Any], resolve: Mapping[str, Located],
                  fields: dict[str, Any]) -> None:
    levels: list[Level] = []
    doses: set[float] = set()
    fractions: set[int] = set()
    for i, e in enumerate(resource.get("extension") or []):
        if e.get("url") != term.extension("rt_dose_to_volume"):
            continue
        here = f"{path}.extension[{i}]"
        for part in e.get("extension") or []:
            if part.get("url") == "volume":
                ref = (part.get("valueReference") or {}).get("reference")
                if not isinstance(ref, str) or ref not in resolve:
                    raise BundleProblem(f"{here}.extension[volume].valueReference: '{ref}' does not resolve")
                where, volume = resolve[ref]
                levels.append(level_of(f"{where}.location", volume.get("location")))
            elif part.get("url") == "totalDoseDelivered":
                q = part.get("valueQuantity") or {}
                if q.get("code") != "cGy":
                    raise BundleProblem(f"{here}.extension[totalDoseDelivered].valueQuantity.code: "
                                        f"'{q.get('code')}' is not allowed; allowed: cGy")
                doses.add(round(float(q["value"]) / 100, 8))
            elif part.get("url") == "fractionsDelivered":
                fractions.add(int(part["valueUnsignedInt"]))
    if len(doses) > 1 or len(fractions) > 1:
        raise BundleProblem(f"{path}.extension: a SpineMet radiotherapy course gives one dose and one fraction "
                            "count to every vertebra of its volume")
    technique = _technique(path, resource)
    if technique is not None:
        fields["technique"] = technique
    for i, e in enumerate(resource.get("extension") or []):
        if e.get("url") == term.extension("procedure_intent"):
            fields["intent"] = _code(f"{path}.extension[{i}].valueCodeableConcept", e.get("valueCodeableConcept"),
                                     "rt-intent")
    if levels:
        fields["levels"] = _span(f"{path}.extension", levels)
    if doses:
        fields["dose_gy"] = doses.pop()
    if fractions:
        fields["fractions"] = fractions.pop()


def _technique(path: str, resource: Mapping[str, Any]) -> str | None:
    """The record's technique key from mCODE's modality-and-technique extension (SpineMet's rt-technique
    coding of its technique); None when the course has none."""
    for i, e in enumerate(resource.get("extension") or []):
        if e.get("url") != term.extension("rt_modality_and_technique"):
            continue
        for j, part in enumerate(e.get("extension") or []):
            if isinstance(part, Mapping) and part.get("url") == term.extension("rt_technique"):
                here = f"{path}.extension[{i}].extension[{j}].valueCodeableConcept"
                return _code(here, part.get("valueCodeableConcept"), "rt-technique")
    return None


def timeline_index(resource: Mapping[str, Any]) -> int | None:
    value = ext_value(resource, TIMELINE_ENTRY)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
