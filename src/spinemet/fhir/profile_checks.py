"""The constraints of the mCODE profiles a resource claims in ``meta.profile``, checked as SpineMet
invariants on every exported bundle.

The rules are data (``terminology/profile_rules.yaml``), each with the mCODE FSH file and rule it comes
from (HL7/fhir-mCODE-ig 4.0.0): required elements, fixed codes, the types a choice element may take,
the resources a reference may point at, extension values, and the profiles' named invariants (below, in
Python, each quoting its FHIRPath). Only what mCODE's own FSH states is checked; the constraints of the
US Core parents are not (docs/fhir.md says which).

Every problem is located: ``entry[12].resource.code: the mCODE profile mcode-ecog-performance-status
fixes code http://loinc.org|89247-1 (input/fsh/SD_PerformanceStatus.fsh)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from spinemet.fhir import terminology as term

__all__ = ["INVARIANTS", "profile_problems"]

Resource = Mapping[str, Any]
ByUrl = Mapping[Any, Resource]


def _reason_required(path: str, resource: Resource, _by_url: ByUrl) -> list[str]:
    # mcode-reason-required (SD_Medications.fsh): "reasonCode.exists() or reasonReference.exists()"
    if resource.get("reasonCode") or resource.get("reasonReference"):
        return []
    return [f"{path}: mcode-reason-required: one of reasonCode or reasonReference SHALL be present"]


def _description_or_id(path: str, resource: Resource, _by_url: ByUrl) -> list[str]:
    # mcode-description-or-id-required (SD_Radiotherapy.fsh): "description.exists() or identifier.exists()"
    if resource.get("description") or resource.get("identifier"):
        return []
    return [f"{path}: mcode-description-or-id-required: one of description or identifier MUST be present"]


def _un_encoded_needs_text(where: str, concept: Any) -> list[str]:
    # ModalityTextRequiredForOther / TechniqueTextRequiredForOther: NullFlavor UNC implies value.text
    if not isinstance(concept, Mapping):
        return [f"{where}: value[x] 1..1, only CodeableConcept"]
    codes = {(c.get("system"), c.get("code")) for c in concept.get("coding") or [] if isinstance(c, Mapping)}
    if (term.system("nullflavor"), "UNC") in codes and not concept.get("text"):
        return [f"{where}.text: a code 'UNC' (un-encoded) needs its text (ModalityTextRequiredForOther / "
                "TechniqueTextRequiredForOther)"]
    return []


def _modality_and_technique(path: str, resource: Resource, _by_url: ByUrl) -> list[str]:
    # RadiotherapyModalityAndTechnique: modality 1..1, technique 0..*; each value[x] 1..1 CodeableConcept
    out: list[str] = []
    url, modality_url, technique_url = (term.extension(k) for k in
                                        ("rt_modality_and_technique", "rt_modality", "rt_technique"))
    for i, e in enumerate(resource.get("extension") or []):
        if e.get("url") != url:
            continue
        here = f"{path}.extension[{i}]"
        parts = list(enumerate(e.get("extension") or []))
        modalities = [(j, p) for j, p in parts if p.get("url") == modality_url]
        if len(modalities) != 1:
            out.append(f"{here}.extension: modalityAndTechnique needs exactly one modality (1..1; found "
                       f"{len(modalities)})")
        for j, part in parts:
            if part.get("url") in (modality_url, technique_url):
                out += _un_encoded_needs_text(f"{here}.extension[{j}].valueCodeableConcept",
                                              part.get("valueCodeableConcept"))
    return out


def _dose_to_volume(path: str, resource: Resource, by_url: ByUrl) -> list[str]:
    # RadiotherapyDoseDeliveredToVolume: volume 1..1 only Reference(RadiotherapyVolume); totalDoseDelivered
    # only Quantity = UCUM#cGy; fractionsDelivered only unsignedInt
    out: list[str] = []
    volume_profile = term.profile("radiotherapy_volume")
    ucum = term.code("cgy").system
    for i, e in enumerate(resource.get("extension") or []):
        if e.get("url") != term.extension("rt_dose_to_volume"):
            continue
        here = f"{path}.extension[{i}]"
        parts = list(enumerate(e.get("extension") or []))
        volumes = [(j, p) for j, p in parts if p.get("url") == "volume"]
        if len(volumes) != 1:
            out.append(f"{here}.extension: doseDeliveredToVolume needs exactly one volume (1..1; found {len(volumes)})")
        for j, part in volumes:
            ref = (part.get("valueReference") or {}).get("reference")
            target = by_url.get(ref)
            if target is not None and volume_profile not in _profiles(target):
                out.append(f"{here}.extension[{j}].valueReference: the volume must be a RadiotherapyVolume "
                           f"({volume_profile})")
        for j, part in parts:
            if part.get("url") == "totalDoseDelivered":
                q = part.get("valueQuantity")
                if not isinstance(q, Mapping) or q.get("system") != ucum or q.get("code") != "cGy":
                    out.append(f"{here}.extension[{j}].valueQuantity: totalDoseDelivered is fixed to UCUM cGy")
            elif part.get("url") == "fractionsDelivered":
                n = part.get("valueUnsignedInt")
                if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                    out.append(f"{here}.extension[{j}]: fractionsDelivered only unsignedInt")
    return out


#: the profiles' named invariants (profile_rules.yaml ``invariants``)
INVARIANTS: dict[str, Callable[[str, Resource, ByUrl], list[str]]] = {
    "mcode-reason-required": _reason_required,
    "mcode-description-or-id-required": _description_or_id,
    "modality-and-technique": _modality_and_technique,
    "dose-delivered-to-volume": _dose_to_volume,
}


def _profiles(resource: Resource) -> list[Any]:
    meta = resource.get("meta")
    return list(meta.get("profile") or []) if isinstance(meta, Mapping) else []


@cache
def _by_profile_url() -> dict[str, tuple[str, dict[str, Any]]]:
    return {term.profile(key): (key, rules) for key, rules in term.profile_rules().items()}


def _target_ok(target: Resource, allowed: list[str]) -> bool:
    for spec in allowed:
        rtype, _, profile_key = spec.partition(":")
        if target.get("resourceType") == rtype and (not profile_key or term.profile(profile_key) in _profiles(target)):
            return True
    return False


def _references(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v["reference"]) for v in items if isinstance(v, Mapping) and isinstance(v.get("reference"), str)]


def profile_problems(path: str, resource: Resource, by_url: ByUrl) -> list[str]:
    """What in ``resource`` (at ``path``) breaks the mCODE profiles it claims (``profile_rules.yaml``)."""
    table = _by_profile_url()
    out: list[str] = []
    for url in _profiles(resource):
        found = table.get(url)
        if found is None:
            continue
        _key, rules = found
        name = url.rsplit("/", 1)[-1]
        source = str(rules.get("source", "")).split(":", 1)[0]
        if resource.get("resourceType") != rules["resource"]:
            out.append(f"{path}.resourceType: the mCODE profile {name} is a profile of {rules['resource']}")
            continue
        for element in rules.get("required", ()):
            if not resource.get(element):
                out.append(f"{path}.{element}: required by the mCODE profile {name} ({source})")
        fixed = rules.get("fixed_coding")
        if fixed:
            codings = (resource.get(fixed["element"]) or {}).get("coding") or []
            if not any(isinstance(c, Mapping) and c.get("system") == fixed["system"] and c.get("code") == str(fixed["code"])
                       for c in codings):
                out.append(f"{path}.{fixed['element']}: the mCODE profile {name} fixes {fixed['element']} "
                           f"{fixed['system']}|{fixed['code']} ({source})")
        for prefix, allowed in (rules.get("only") or {}).items():
            for element in resource:
                if element.startswith(prefix) and element[len(prefix):][:1].isupper() and element not in allowed:
                    out.append(f"{path}.{element}: the mCODE profile {name} allows {prefix}[x] only as "
                               f"{' or '.join(allowed)} ({source})")
        for element, allowed in (rules.get("reference_to") or {}).items():
            for ref in _references(resource.get(element)):
                target = by_url.get(ref)
                if target is not None and not _target_ok(target, allowed):
                    out.append(f"{path}.{element}: the mCODE profile {name} allows a reference only to "
                               f"{' or '.join(allowed)} ({source})")
        for ext_key, value_element in (rules.get("extension_value") or {}).items():
            ext_url = term.extension(ext_key)
            for i, e in enumerate(resource.get("extension") or []):
                if e.get("url") == ext_url and [k for k in e if k.startswith("value")] != [value_element]:
                    out.append(f"{path}.extension[{i}]: {ext_url.rsplit('/', 1)[-1]} needs exactly one "
                               f"{value_element} ({source})")
        if rules.get("related_primary"):
            primary = term.profile("primary_cancer_condition")
            for i, e in enumerate(resource.get("extension") or []):
                if e.get("url") == term.extension("condition_related"):
                    target = by_url.get((e.get("valueReference") or {}).get("reference"))
                    if target is not None and primary not in _profiles(target):
                        out.append(f"{path}.extension[{i}].valueReference: relatedPrimaryCancerCondition only "
                                   f"Reference(PrimaryCancerCondition) ({source})")
        for invariant in rules.get("invariants", ()):
            out += INVARIANTS[invariant](path, resource, by_url)
    return out
