"""The import's first look at a bundle: is it a FHIR Bundle, are its entries resources of FHIR
resource types, do its references resolve, are its codes of systems SpineMet knows. Every problem is
located (``entry[3].resource.subject.reference: ...``); any problem stops the import.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from spinemet.fhir import terminology as term
from spinemet.fhir.common import BASE

__all__ = ["KNOWN_SPINEMET_SYSTEMS", "Resolver", "check_structure", "coding_problems", "resource_types"]

#: SpineMet's CodeSystems (their codes are the case file's vocabulary keys; see docs/fhir.md)
KNOWN_SPINEMET_SYSTEMS = frozenset({
    "event-type", "resource-role", "item", "escc", "collapse", "alignment", "posterolateral", "lesion_type",
    "compartment", "modality", "frankel", "asia", "ambulatory", "surgery-procedure", "drug-class",
    "complication", "stage", "primary-site", "instrument", "course-event", "rt-technique", "rt-intent",
})
_SPINEMET_PREFIXES = ("band-", "item-", "answer-", "category-")

#: code systems other than SpineMet's that the import reads or reports (a coding of any other system in
#: an element the import maps is an unknown code system: the resource cannot be understood)
_OTHER_SYSTEMS = ("http://snomed.info/sct", "http://loinc.org", "http://hl7.org/fhir/sid/icd-10-cm",
                  "http://unitsofmeasure.org", "http://www.nlm.nih.gov/research/umls/rxnorm",
                  "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#")
_OTHER_PREFIXES = ("http://terminology.hl7.org/CodeSystem/", "urn:oid:", "urn:ietf:bcp:47")


def excerpt(value: object, chars: int = 40) -> str:
    """A short printable excerpt of a value for a message (its type's name when it is not text)."""
    text = value if isinstance(value, str) else type(value).__name__
    text = "".join(c if c.isprintable() else "?" for c in text[: chars + 1])
    return text if len(text) <= chars else text[:chars] + "…"


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


_OBJECT_KEYS = frozenset(_OBJECTS)
_LIST_KEYS = frozenset(_LISTS)
_STRING_KEYS = frozenset(_STRINGS)


def _walk(node: Any, path: str, out: list[str], refs: list[tuple[str, str]]) -> None:
    """One pass over a resource (parsed JSON: dicts, lists, scalars): elements whose JSON type is not
    FHIR's (an object where a list belongs, ...) into ``out``, every ``reference`` string into ``refs``."""
    if type(node) is dict:
        for key, value in node.items():
            here = f"{path}.{key}"
            kind = type(value)
            if key == "reference" and kind is str:
                refs.append((here, value))
                continue
            if key in _OBJECT_KEYS and kind is not dict:
                out.append(f"{here}: a JSON object is needed")
                continue
            if (key in _LIST_KEYS or key in ("coding", "tag")) and not (
                    kind is list and all(type(v) is dict for v in value)):
                out.append(f"{here}: a list of JSON objects is needed")
                continue
            if key == "profile" and not (kind is list and all(type(v) is str for v in value)):
                out.append(f"{here}: a list of URLs is needed")
                continue
            if key in _STRING_KEYS and kind not in (str, dict, list):
                out.append(f"{here}: a string is needed")
                continue
            if key == "bodySite" and kind not in (dict, list):
                out.append(f"{here}: a CodeableConcept (or a list of them) is needed")
                continue
            if kind is dict or kind is list:
                _walk(value, here, out, refs)
    elif type(node) is list:
        for i, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                _walk(value, f"{path}[{i}]", out, refs)


def shape_problems(node: Any, path: str) -> list[str]:
    """Elements whose JSON type is not FHIR's (an object where a list belongs, ...), located."""
    out: list[str] = []
    _walk(node, path, out, [])
    return out


def _references(node: Any, path: str) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []
    _walk(node, path, [], refs)
    return refs


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
    refs: list[tuple[str, str, set[str]]] = []
    for path, res in entries:
        found: list[tuple[str, str]] = []
        _walk(res, path, problems, found)
        inside = res.get("contained")
        contained = {f"#{c.get('id')}" for c in inside if isinstance(c, dict)} if isinstance(inside, list) else set()
        refs.extend((where, ref, contained) for where, ref in found)
    if problems:
        return entries, Resolver([], []), problems
    resolver = Resolver(entries, urls)
    for where, ref, contained in refs:
        if ref not in resolver and ref not in contained:
            problems.append(f"{where}: '{ref}' does not resolve to an entry of this bundle")
    return entries, resolver, problems
