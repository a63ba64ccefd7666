"""The OpenAPI description's request bodies for case data, as precise as the service is.

FastAPI describes ``POST /cases``, an event and the calculator's case as free-form objects (the
routes take the case file's data as it is and let the service validate it, so that every problem is
located the same way as at the command line). A client, or schemathesis, reading such a
description cannot tell a case the API accepts from one it refuses. Here the description is given
the case file's own JSON Schema (``spinemet schema``, the record's models) with the limits of the
running service written into it (the id grammar, text lengths, dates and day offsets, events per
case), so that a request valid by the description is a case the service accepts, and anything else
is a located 422.

The case schema's definitions go into ``components/schemas`` under the prefix ``case.`` (e.g.
``case.Imaging``); ``CaseFile`` is the case and ``CaseEvent`` one timeline event.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from spinemet.io.limits import Limits
from spinemet.service.offline import UNKNOWN_ANSWERS
from spinemet.service.schemas import schema as published_schema

PREFIX = "case."
CASE = "CaseFile"
EVENT = "CaseEvent"
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _rename_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = "#/components/schemas/" + PREFIX + value.removeprefix("#/$defs/")
            elif key == "mapping" and isinstance(value, dict):
                out[key] = {k: "#/components/schemas/" + PREFIX + v.removeprefix("#/$defs/") for k, v in value.items()}
            else:
                out[key] = _rename_refs(value)
        return out
    if isinstance(node, list):
        return [_rename_refs(v) for v in node]
    return node


_SPAN_DESCRIPTION = "A level or a span as clinicians write it"
_LEVEL_PATTERN = r"^\s*([CcTtLlSs]\s*\d{1,2}|[Cc][Oo])\s*$"
#: a level exactly as the record reads one (``parse_level``): C1-C7, T1-T12, L1-L5, S1-S5, Co,
#: any case, spaces around and between, a leading zero; the coccyx also as ``coccyx`` or ``cx``
EXACT_LEVEL = (r"^\s*(?:[Cc]\s*0?[1-7]|[Tt]\s*(?:0?[1-9]|1[0-2])|[Ll]\s*0?[1-5]|[Ss]\s*0?[1-5]"
               r"|[Cc][Oo](?:[Cc][Cc][Yy][Xx])?|[Cc][Xx])\s*$")
NO_NUL = "^[^\\x00]*$"
#: fields naming another event of the case by its id
REFERENCES = {"procedure", "compared_with", "embolised_before", "caused_by", "treated_by", "event"}


def _levels() -> list[str]:
    return [*(f"C{i}" for i in range(1, 8)), *(f"T{i}" for i in range(1, 13)), *(f"L{i}" for i in range(1, 6)),
            *(f"S{i}" for i in range(1, 6)), "Co"]


def span_enum() -> list[str]:
    """Every level and every span (cranial end first) in the record's own spelling ('T3-T8')."""
    levels = _levels()
    return [*levels, *(f"{a}-{b}" for i, a in enumerate(levels) for b in levels[i + 1:])]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def date_pattern(limits: Limits) -> str:
    """A regular expression matching exactly the ISO dates of the whole years within the limits."""
    years = range(limits.earliest_date.year + (limits.earliest_date.timetuple().tm_yday > 1),
                   limits.latest_date.year + (limits.latest_date.month == 12 and limits.latest_date.day == 31))
    if not years:
        return "^$"
    month_day = (r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
                 r"|(?:0[13578]|1[02])-31)")
    every = "|".join(str(y) for y in years)
    leap = "|".join(str(y) for y in years if _leap(y))
    return f"^(?:(?:{every})-{month_day}" + (f"|(?:{leap})-02-29" if leap else "") + ")$"


def _tighten(node: Any, limits: Limits, key: str | None = None) -> None:
    """Write the service's limits into one case schema (in place): what the record's models do not
    say but the service checks on entry (:func:`spinemet.io.limits.inspect`, :mod:`spinemet.io.ids`)."""
    if isinstance(node, list):
        for item in node:
            _tighten(item, limits, key)
        return
    if not isinstance(node, dict):
        return
    for k, v in node.get("properties", {}).items():
        _tighten(v, limits, k)
    for k in ("anyOf", "oneOf", "allOf", "items"):
        if k in node:
            _tighten(node[k], limits, key)
    # the record's examples are of single parts (a dating, a finding): schemathesis combines them
    # into events dated several ways at once; the case example of POST /cases stays
    node.pop("examples", None)
    for odd, keyword in (("ge", "minimum"), ("le", "maximum")):  # pydantic's names, not JSON Schema's
        if odd in node:
            node[keyword] = node.pop(odd)
    kind = node.get("type")
    if kind == "number":
        most = 10 ** limits.int_digits - 1  # a whole number is read as an integer (12.0 is 12)
        node["minimum"] = max(node.get("minimum", -most), -most)
        node["maximum"] = min(node.get("maximum", most), most)
    elif kind == "integer":
        most = limits.day_offset if key is not None and (key == "day" or key.endswith("_day")) \
            else 10 ** limits.int_digits - 1
        node["minimum"] = max(node.get("minimum", -most), -most)
        node["maximum"] = min(node.get("maximum", most), most)
    elif kind == "string" and "enum" not in node and "const" not in node:
        if node.get("format") == "date":
            node["pattern"] = date_pattern(limits)
        elif node.get("pattern") == _LEVEL_PATTERN:
            node["pattern"] = EXACT_LEVEL
        elif str(node.get("description", "")).startswith(_SPAN_DESCRIPTION):
            node["enum"] = span_enum()
            node["description"] = (f"{node['description']} Listed here in the record's own spelling (cranial "
                                   "level first); the other spellings are read too.")
        elif key == "id" or key in REFERENCES:
            node["pattern"] = ID_PATTERN
            node["maxLength"] = min(node.get("maxLength", limits.id_chars), limits.id_chars)
        else:
            node["maxLength"] = min(node.get("maxLength", limits.text_chars), limits.text_chars)
            node.setdefault("pattern", NO_NUL)


def case_components(limits: Limits) -> dict[str, Any]:
    """``components/schemas`` entries describing a case file as this service accepts it."""
    source = copy.deepcopy(published_schema("case"))
    defs: dict[str, Any] = source.pop("$defs", {})
    for key in ("$schema", "$id"):
        source.pop(key, None)
    for d in defs.values():
        _tighten(d, limits)
    _tighten(source, limits)
    source["properties"]["schema_version"]["enum"] = [1, 2]
    out = {PREFIX + name: _rename_refs(s) for name, s in defs.items()}
    case = _rename_refs(source)
    timeline = case["properties"]["timeline"]
    out[EVENT] = timeline["items"]
    for ref in out[EVENT].get("discriminator", {}).get("mapping", {}).values():
        event = out[ref.rsplit("/", 1)[-1]]  # the discriminator needs its type: it is required
        event["required"] = sorted({*event.get("required", []), "type"})
    timeline["items"] = {"$ref": f"#/components/schemas/{EVENT}"}
    timeline["maxItems"] = limits.events
    out[CASE] = case
    return out


YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")
# The body of POST /fhir/import: a FHIR R4 Bundle (hl7.org/fhir/R4/bundle.html). Only its outer shape is
# stated here; the entries' resources are checked by the import against FHIR's resource models.
FHIR_BUNDLE: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType"],
    "properties": {
        "resourceType": {"const": "Bundle"},
        "type": {"enum": ["document", "message", "transaction", "transaction-response", "batch", "batch-response",
                          "history", "searchset", "collection"]},
        "entry": {"type": "array", "items": {"type": "object"}},
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answers_schema(instrument: Mapping[str, Any]) -> dict[str, Any]:
    """The answers one instrument takes: per item one of its answer keys (a number where the key is
    one), or null for "not known" (the result is then a range)."""
    properties: dict[str, Any] = {}
    for item in instrument.get("items", []):
        keys: list[Any] = [a["key"] for a in item.get("answers", [])]
        keys += [int(k) for k in keys if isinstance(k, str) and k.lstrip("-").isdigit()]
        forms: list[dict[str, Any]] = [{"enum": keys}, {"type": "null"}, {"enum": sorted(UNKNOWN_ANSWERS)}]
        if {"yes", "no"} <= set(keys):
            forms.append({"type": "boolean"})  # true is yes, false is no
        properties[item["key"]] = {"anyOf": forms, "description": f"{item.get('label', '')}: an answer key; "
                                   "null, '' or 'unknown' when not known (the result is then a range)."}
    return {"type": "object", "additionalProperties": False, "properties": properties}


def _strings_without_nul(node: Any) -> None:
    """Every free string of a parameter or a request body: no NUL character (refused, 422)."""
    if isinstance(node, list):
        for item in node:
            _strings_without_nul(item)
    elif isinstance(node, dict):
        if node.get("type") == "string" and not {"enum", "const", "pattern", "format"} & node.keys():
            node["pattern"] = NO_NUL
        for value in node.values():
            if isinstance(value, dict | list):
                _strings_without_nul(value)


def install(spec: dict[str, Any], limits: Limits, instruments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``spec`` (FastAPI's OpenAPI description) with the case data's request bodies made precise:
    ``POST /cases`` and the calculator take a :data:`CASE`, an event write a :data:`EVENT`,
    ``POST /cases/import`` a case file as YAML or JSON text, each instrument's score its own answers;
    the export answers a case file."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("EventWrite", "EventAmend", "CalculatorRequest", "NewToken", "Unlock", "ImportRequest"):
        if name in schemas:
            _strings_without_nul(schemas[name])
    for parameters in (op.get("parameters", []) for ops in spec["paths"].values() for op in ops.values()):
        _strings_without_nul(parameters)
    schemas.update(case_components(limits))
    paths = spec["paths"]
    examples = paths["/cases"]["post"]["requestBody"]["content"]["application/json"]["schema"].get("examples", [])
    case_body = {"required": True, "content": {"application/json": {"schema": {**_ref(CASE), "examples": examples}}}}
    paths["/cases"]["post"]["requestBody"] = {**case_body, "description": "A case file's content as JSON "
                                              "(version 1 or 2); `spinemet schema` prints the same schema."}
    for name in ("EventWrite", "EventAmend"):
        schemas[name]["properties"]["event"] = {**_ref(EVENT), "description": "The event as in a case file's "
                                                "timeline (case-file version 2)."}
    schemas["CalculatorRequest"]["properties"]["case"] = {**_ref(CASE), "description": "A case (not stored)."}
    imported = paths["/cases/import"]["post"]
    imported["requestBody"] = {
        "required": True,
        "description": ("The case file itself: YAML (`application/yaml`; also `application/x-yaml`, `text/yaml`) "
                        "or JSON (`application/json`), at most the body limit. The JSON form "
                        '`{"text": ..., "format": "yaml"|"json", "source": ...}` of earlier versions is still read.'),
        "content": {media: {"schema": _ref(CASE)} for media in ("application/yaml", "application/json")},
    }
    fhir_import = paths.get("/fhir/import", {}).get("post")
    if fhir_import is not None:
        fhir_import["requestBody"] = {
            "required": True,
            "description": ("A FHIR R4 Bundle as JSON (`application/fhir+json` or `application/json`). What makes "
                            "its entries valid is FHIR's own resource definitions (docs/fhir.md), which this "
                            "description does not repeat: an entry the import cannot read is a 422 naming it."),
            "content": {media: {"schema": _ref("FhirBundle")} for media in ("application/fhir+json", "application/json")},
        }
    fhir_export = paths.get("/cases/{case_id}/fhir", {}).get("get")
    if fhir_export is not None:
        fhir_export["responses"]["200"]["content"] = {"application/fhir+json": {"schema": _ref("FhirBundle")}}
    schemas["FhirBundle"] = {**FHIR_BUNDLE, "title": "FhirBundle",
                             "description": "A FHIR R4 Bundle (hl7.org/fhir/R4/bundle.html); docs/fhir.md lists "
                                            "the resources and profiles SpineMet writes and reads."}
    exported = paths["/cases/{case_id}/export"]["get"]["responses"]["200"]
    exported["content"] = {media: {"schema": _ref(CASE)} for media in ("application/yaml", "application/json")}
    generic = paths.pop("/instruments/{key}/score", None)
    if generic is not None:
        for instrument in instruments:
            op = copy.deepcopy(generic["post"])
            key = instrument["key"]
            op["operationId"] = f"score_{key}"
            op["summary"] = f"Score {instrument.get('name', key)}; unknown items give a range"
            op["parameters"] = [p for p in op.get("parameters", []) if p.get("name") != "key"]
            body = {"type": "object", "additionalProperties": False,
                    "properties": {"answers": _answers_schema(instrument)}}
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
            paths[f"/instruments/{key}/score"] = {"post": op}
    json.dumps(spec)  # a description that cannot be served is a bug here, not at the first request
    return spec
