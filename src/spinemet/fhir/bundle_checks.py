"""The import's first look at a bundle: is it a FHIR Bundle, are its entries resources of FHIR
resource types, do its references resolve, are its codes of systems SpineMet knows. Every problem is
located (``entry[3].resource.subject.reference: ...``); any problem stops the import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from spinemet.fhir import terminology as term
from spinemet.fhir.common import BASE
from spinemet.io.limits import excerpt

__all__ = ["KNOWN_SPINEMET_SYSTEMS", "Resolver", "check_structure", "coding_problems", "resource_types"]

#: SpineMet's CodeSystems (their codes are the case file's vocabulary keys; see docs/fhir.md)
KNOWN_SPINEMET_SYSTEMS = frozenset({
    "event-type", "resource-role", "item", "escc", "collapse", "alignment", "posterolateral", "lesion_type",
    "compartment", "modality", "frankel", "asia", "ambulatory", "surgery-procedure", "drug-class",
    "corticosteroid", "complication", "stage", "primary-site", "instrument", "course-event",
})
_SPINEMET_PREFIXES = ("band-", "item-", "answer-", "category-")

#: code systems other than SpineMet's that the import reads or reports (a coding of any other system in
#: an element the import maps is an unknown code system: the resource cannot be understood)
_OTHER_SYSTEMS = ("http://snomed.info/sct", "http://loinc.org", "http://hl7.org/fhir/sid/icd-10-cm",
                  "http://unitsofmeasure.org", "http://www.nlm.nih.gov/research/umls/rxnorm",
                  "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#")
_OTHER_PREFIXES = ("http://terminology.hl7.org/CodeSystem/", "urn:oid:", "urn:ietf:bcp:47")


@cache
def resource_types() -> frozenset[str]:
    """The FHIR resource type names (``terminology/resource_types.yaml``, with its source)."""
    text = resources.files(term.__name__).joinpath("resource_types.yaml").read_text(encoding="utf-8")
    return frozenset(yaml.safe_load(text)["types"])


def known_system(system: str) -> bool:
    prefix = f"{BASE}/CodeSystem/"
    if system.startswith(prefix):
        name = system[len(prefix):]
        return name in KNOWN_SPINEMET_SYSTEMS or name.startswith(_SPINEMET_PREFIXES)
    return system in _OTHER_SYSTEMS or system.startswith(_OTHER_PREFIXES)


def coding_problems(path: str, concept: Any) -> list[str]:
    """Codings of ``concept`` whose system SpineMet does not know."""
    if not isinstance(concept, Mapping):
        return []
    out = []
    for i, c in enumerate(concept.get("coding") or []):
        system = c.get("system") if isinstance(c, Mapping) else None
        if not isinstance(system, str) or not known_system(system):
            out.append(f"{path}.coding[{i}].system: '{system}' is not a code system SpineMet knows; allowed: "
                       "SNOMED CT, LOINC, ICD-10-CM, UCUM, RxNorm, NCI Thesaurus, HL7 terminology, "
                       f"SpineMet's ({BASE}/CodeSystem/...)")
    return out


#: elements the import reads, with the JSON type FHIR gives them (object, list of objects, string)
_OBJECTS = ("meta", "valueCodeableConcept", "medicationCodeableConcept", "verificationStatus",
            "valueQuantity", "valueReference", "performedPeriod", "effectivePeriod")
_LISTS = ("extension", "component", "hasMember", "focus", "stage", "reasonReference")
_STRINGS = ("resourceType", "id", "gender", "birthDate", "effectiveDateTime", "performedDateTime", "onsetDateTime",
            "deceasedDateTime", "valueString", "reference", "system", "url", "valueCode", "description")


def shape_problems(node: Any, path: str) -> list[str]:
    """Elements whose JSON type is not FHIR's (an object where a list belongs, ...), located."""
    out: list[str] = []
    if isinstance(node, Mapping):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in _OBJECTS and not isinstance(value, Mapping):
                out.append(f"{here}: a JSON object is needed")
            elif key in _LISTS and not (isinstance(value, list) and all(isinstance(v, Mapping) for v in value)):
                out.append(f"{here}: a list of JSON objects is needed")
            elif key == "coding" and not (isinstance(value, list) and all(isinstance(v, Mapping) for v in value)):
                out.append(f"{here}: a list of codings (JSON objects) is needed")
            elif key in ("profile",) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                out.append(f"{here}: a list of URLs is needed")
            elif key == "tag" and not (isinstance(value, list) and all(isinstance(v, Mapping) for v in value)):
                out.append(f"{here}: a list of codings is needed")
            elif key in _STRINGS and not isinstance(value, str | Mapping | list):
                out.append(f"{here}: a string is needed")
            elif key == "bodySite" and not isinstance(value, Mapping | list):
                out.append(f"{here}: a CodeableConcept (or a list of them) is needed")
            else:
                out.extend(shape_problems(value, here))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(shape_problems(value, f"{path}[{i}]"))
    return out


def _references(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "reference" and isinstance(value, str):
                yield here, value
            else:
                yield from _references(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _references(value, f"{path}[{i}]")


Located = tuple[str, Mapping[str, Any]]


class Resolver:
    """The entries of a bundle by every name a reference may use: the ``fullUrl``, ``Type/id`` and the
    ``Type/id`` tail of an absolute ``fullUrl``."""

    def __init__(self, entries: list[Located], urls: list[str | None]) -> None:
        self.by_name: dict[str, Located] = {}
        for (path, res), url in zip(entries, urls, strict=True):
            names = []
            if url:
                names.append(url)
                parts = url.rstrip("/").split("/")
                if len(parts) >= 2 and parts[-2] == res.get("resourceType"):
                    names.append(f"{parts[-2]}/{parts[-1]}")
            if isinstance(res.get("id"), str):
                names.append(f"{res['resourceType']}/{res['id']}")
            for name in names:
                self.by_name.setdefault(name, (path, res))

    def __contains__(self, ref: object) -> bool:
        return ref in self.by_name

    def __getitem__(self, ref: str) -> Located:
        return self.by_name[ref]


def check_structure(data: Any) -> tuple[list[Located], Resolver, list[str]]:
    """The bundle's resources (with their paths), a resolver, and the problems found."""
    if not isinstance(data, Mapping):
        return [], Resolver([], []), [f"(top level): a JSON object is needed (a FHIR Bundle), not {type(data).__name__}"]
    if data.get("resourceType") != "Bundle":
        return [], Resolver([], []), [f"resourceType: '{data.get('resourceType')}' is not allowed; allowed: Bundle"]
    raw = data.get("entry", [])
    if not isinstance(raw, list):
        return [], Resolver([], []), ["entry: a list of entries is needed"]
    problems: list[str] = []
    entries: list[Located] = []
    urls: list[str | None] = []
    types = resource_types()
    for i, entry in enumerate(raw):
        res = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(res, Mapping):
            problems.append(f"entry[{i}].resource: a resource (JSON object) is needed")
            continue
        rtype = res.get("resourceType")
        if not isinstance(rtype, str) or rtype not in types:
            problems.append(f"entry[{i}].resource.resourceType: '{excerpt(rtype)}' is not a FHIR R4 resource type")
            continue
        url = entry.get("fullUrl")
        entries.append((f"entry[{i}].resource", res))
        urls.append(url if isinstance(url, str) else None)
    seen: set[str] = set()
    for url, (path, _res) in zip(urls, entries, strict=True):
        if url is not None:
            if url in seen:
                problems.append(f"{path.removesuffix('.resource')}.fullUrl: '{url}' is used by an earlier entry")
            seen.add(url)
    for path, res in entries:
        problems.extend(shape_problems(res, path))
    if problems:
        return entries, Resolver([], []), problems
    resolver = Resolver(entries, urls)
    for path, res in entries:
        contained = {f"#{c.get('id')}" for c in res.get("contained") or [] if isinstance(c, Mapping)}
        for where, ref in _references(res, path):
            if ref not in resolver and ref not in contained:
                problems.append(f"{where}: '{ref}' does not resolve to an entry of this bundle")
    return entries, resolver, problems
