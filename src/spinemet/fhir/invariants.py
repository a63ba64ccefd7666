"""SpineMet's own rules for an exported bundle, beyond the FHIR resource models.

Each problem is located by the entry's index and the element path, e.g.
``entry[2].resource.bodySite: a secondary cancer condition needs a vertebra code``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from spinemet.fhir import terminology as term
from spinemet.fhir.common import sm_system
from spinemet.fhir.scores import SCORE_EXT

__all__ = ["bundle_problems"]


def _references(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every ``reference`` string below ``node`` with its element path (JSON data: dicts and lists)."""
    if type(node) is dict:
        for key, value in node.items():
            if key == "reference" and type(value) is str:
                yield f"{path}.{key}", value
            elif type(value) is dict or type(value) is list:
                yield from _references(value, f"{path}.{key}")
    elif type(node) is list:
        for i, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                yield from _references(value, f"{path}[{i}]")


def _reference_values(resource: Any) -> list[str]:
    """Every ``reference`` string below ``resource``, without paths: the fast check; the located walk
    (:func:`_references`) runs only for a resource with a reference that does not resolve."""
    found: list[str] = []
    stack = [resource]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for key, value in node.items():
                kind = type(value)
                if kind is dict or kind is list:
                    stack.append(value)
                elif key == "reference" and kind is str:
                    found.append(value)
        else:
            for value in node:
                if type(value) is dict or type(value) is list:
                    stack.append(value)
    return found


#: a ``"reference": "<string>"`` member in JSON text; inside a JSON string its quotes would be escaped
_REFERENCE_MEMBER = re.compile(r'"reference"\s*:\s*"((?:[^"\\]|\\.)*)"')


def references_in_json(text: str) -> list[str]:
    """Every ``reference`` string member of a JSON text (the bundle as it is written), unescaped."""
    return [json.loads(f'"{raw}"') if "\\" in raw else raw for raw in _REFERENCE_MEMBER.findall(text)]


def _vertebra_codes() -> set[tuple[str, str]]:
    from spinemet.anatomy import Level

    return {(c.system, c.code) for c in (term.vertebra(level)[0] for level in Level)}


def bundle_problems(bundle: Mapping[str, Any], text: str | None = None) -> list[str]:
    """What in ``bundle`` breaks SpineMet's invariants (empty when none). ``text``, when given, is the
    bundle as JSON text (written by the caller anyway): its references are read from the text in one
    pass, and the resources are walked for them only when one does not resolve.

    - it is a ``Bundle`` of type ``collection`` and every entry has a unique ``fullUrl``;
    - every reference resolves to an entry of the same bundle;
    - every secondary cancer condition has exactly one body site coded with a vertebra's SNOMED CT
      code (``terminology/vertebrae.yaml``);
    - every instrument result that is applicable carries its components (items, answers, points),
      its verification status and its citation;
    - every cancer disease status is LOINC 97509-4 with a value.
    """
    problems: list[str] = []
    if bundle.get("resourceType") != "Bundle":
        return [f"resourceType: '{bundle.get('resourceType')}' is not allowed; allowed: Bundle"]
    if bundle.get("type") != "collection":
        problems.append(f"type: '{bundle.get('type')}' is not allowed; allowed: collection")
    entries = bundle.get("entry") or []
    urls: set[str] = set()
    for i, entry in enumerate(entries):
        url = entry.get("fullUrl")
        if not url:
            problems.append(f"entry[{i}].fullUrl: missing")
        elif url in urls:
            problems.append(f"entry[{i}].fullUrl: '{url}' is used by an earlier entry")
        else:
            urls.add(url)
    vertebrae = _vertebra_codes()
    secondary = term.profile("secondary_cancer_condition")
    resolved = text is not None and urls.issuperset(references_in_json(text))
    for i, entry in enumerate(entries):
        resource = entry.get("resource") or {}
        if not resolved and not urls.issuperset(_reference_values(resource)):
            for path, ref in _references(resource, f"entry[{i}].resource"):
                if ref not in urls:
                    problems.append(f"{path}: '{ref}' does not resolve to an entry of this bundle")
        if secondary in (resource.get("meta") or {}).get("profile", []):
            sites = resource.get("bodySite") or []
            codes = [(c.get("system"), c.get("code")) for site in sites for c in site.get("coding") or []]
            if len(sites) != 1 or not any(c in vertebrae for c in codes):
                problems.append(f"entry[{i}].resource.bodySite: a secondary cancer condition needs exactly one "
                                "body site coded with a vertebra's SNOMED CT code")
        problems.extend(_score_problems(i, resource))
        if term.profile("cancer_disease_status") in (resource.get("meta") or {}).get("profile", []):
            code = term.code("cancer_disease_status")
            codes = [(c.get("system"), c.get("code")) for c in (resource.get("code") or {}).get("coding") or []]
            if (code.system, code.code) not in codes or not resource.get("valueCodeableConcept"):
                problems.append(f"entry[{i}].resource: a cancer disease status needs code LOINC 97509-4 and a value")
    return problems


def _score_problems(i: int, resource: Mapping[str, Any]) -> list[str]:
    codes = [c.get("system") for c in (resource.get("code") or {}).get("coding") or []]
    if sm_system("instrument") not in codes:
        return []
    urls = {e.get("url") for e in resource.get("extension") or []}
    out = []
    if SCORE_EXT["verification-status"] not in urls:
        out.append(f"entry[{i}].resource.extension: an instrument result needs its verification status")
    if SCORE_EXT["citation"] not in urls:
        out.append(f"entry[{i}].resource.extension: an instrument result needs its citation")
    if "dataAbsentReason" not in resource and not resource.get("component"):
        out.append(f"entry[{i}].resource.component: an applicable instrument result needs its components")
    return out
