"""A FHIR R4 bundle read back into a case (as case-file data), with a report of what was mapped.

Pure core (no I/O). Two kinds of resources:

- **SpineMet's own** (written by :func:`spinemet.fhir.case_bundle`: an event-type tag, the detail
  extension): read back field for field (:mod:`spinemet.fhir.events_in`); resources tagged *derived*
  (vertebra conditions, disease status, scores) are recomputed from the case and listed as such;
- **other systems'** (mCODE resources without SpineMet's marks): mapped where the case record has the
  field and the code is listed in ``terminology/foreign.yaml`` (:mod:`spinemet.fhir.foreign`);
  everything else is reported resource by resource with the reason, never dropped silently or guessed.

Problems that make a bundle unreadable (not a Bundle, a resource type FHIR does not have, a reference
that does not resolve, a code system SpineMet does not know in an element it reads, a vertebra code
that does not exist) raise :class:`~spinemet.fhir.problems.BundleInvalid` with every problem located.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spinemet.fhir import terminology as term
from spinemet.fhir.bundle_checks import Located, Resolver, check_structure, coding_problems
from spinemet.fhir.common import BASE, DAYS_SINCE_INDEX, DERIVED, DETAIL, EVENT_TYPE, sm_system
from spinemet.fhir.events_in import decode_event, detail_of, ext_value, timeline_index
from spinemet.fhir.problems import BundleInvalid, BundleProblem, located_at

__all__ = ["FOREIGN_ID", "ImportReport", "read_bundle"]

CASE_ID_SYSTEM = f"{BASE}/case-id"
#: the case id of a foreign bundle read without a chosen id; the service adds a random suffix to it
FOREIGN_ID = "fhir-import"
#: event-type tags of companion resources (read with their event, never on their own)
_COMPANIONS = frozenset({"imaging_finding", "performance_score", "radiotherapy_volume"})


@dataclass
class ImportReport:
    """What the import did with each resource of the bundle."""

    mapped: list[dict[str, str]] = field(default_factory=list)
    derived: list[dict[str, str]] = field(default_factory=list)
    not_mapped: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, path: str, resource: Mapping[str, Any], what: str) -> None:
        entry = {"entry": path.removesuffix(".resource"), "resource": _name(resource),
                 ("reason" if kind == "not_mapped" else "to"): what}
        getattr(self, kind).append(entry)

    def as_dict(self) -> dict[str, Any]:
        return {"mapped": self.mapped, "derived": self.derived, "not_mapped": self.not_mapped, "notes": self.notes}


def _name(resource: Mapping[str, Any]) -> str:
    rid = resource.get("id")
    return f"{resource.get('resourceType')}/{rid}" if rid else str(resource.get("resourceType"))


def _tags(resource: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [t for t in (resource.get("meta") or {}).get("tag") or [] if isinstance(t, Mapping)]


def event_type_of(resource: Mapping[str, Any]) -> str | None:
    return next((str(t.get("code")) for t in _tags(resource) if t.get("system") == EVENT_TYPE), None)


def is_derived(resource: Mapping[str, Any]) -> bool:
    return any(t.get("system") == DERIVED["system"] and t.get("code") == DERIVED["code"] for t in _tags(resource))


def is_spinemet(resource: Mapping[str, Any]) -> bool:
    return event_type_of(resource) is not None or is_derived(resource) or ext_value(resource, DETAIL) is not None


def _profiles(resource: Mapping[str, Any]) -> list[str]:
    return [str(p) for p in (resource.get("meta") or {}).get("profile") or []]


def _mapped_codings(path: str, res: Mapping[str, Any]) -> list[str]:
    """Unknown code systems in the elements the import reads."""
    problems: list[str] = []
    for name in ("code", "valueCodeableConcept", "medicationCodeableConcept", "method"):
        problems += coding_problems(f"{path}.{name}", res.get(name))
    for i, site in enumerate(res.get("bodySite") or [] if isinstance(res.get("bodySite"), list)
                             else [res.get("bodySite")] if res.get("bodySite") else []):
        problems += coding_problems(f"{path}.bodySite[{i}]" if isinstance(res.get("bodySite"), list)
                                    else f"{path}.bodySite", site)
    for i, comp in enumerate(res.get("component") or []):
        if isinstance(comp, Mapping):
            problems += coding_problems(f"{path}.component[{i}].code", comp.get("code"))
            problems += coding_problems(f"{path}.component[{i}].valueCodeableConcept", comp.get("valueCodeableConcept"))
    return problems


def _read_spinemet(bundle: Mapping[str, Any], entries: list[Located], resolver: Resolver,
                   report: ImportReport) -> dict[str, Any]:
    patient = [(p, r) for p, r in entries if r.get("resourceType") == "Patient" and is_spinemet(r)]
    if len(patient) != 1:
        raise BundleProblem(f"entry: a SpineMet bundle has exactly one Patient with the case detail (found {len(patient)})")
    ppath, pres = patient[0]
    with located_at(ppath):
        case, pdata = _patient(bundle, ppath, pres)
    case["patient"] = pdata
    report.add("mapped", ppath, pres, "patient")
    primary_profile = term.profile("primary_cancer_condition")
    primaries = [(p, r) for p, r in entries if primary_profile in _profiles(r) and is_spinemet(r)]
    if len(primaries) != 1:
        raise BundleProblem(f"entry: a SpineMet bundle has exactly one primary cancer condition (found {len(primaries)})")
    cpath, cres = primaries[0]
    with located_at(cpath):
        case["primary"] = _primary(cpath, cres)
    report.add("mapped", cpath, cres, "primary")
    groups: dict[int, list[Located]] = {}
    for path, res in entries:
        if res is pres or res is cres:
            continue
        if is_derived(res):
            report.add("derived", path, res, "recomputed from the case")
            continue
        index = timeline_index(res)
        if index is None or not is_spinemet(res):
            report.add("not_mapped", path, res, "not a resource of a SpineMet case (in a SpineMet bundle)")
            continue
        groups.setdefault(index, []).append((path, res))
    case["timeline"] = _timeline(groups, resolver, report)
    return case


def _patient(bundle: Mapping[str, Any], ppath: str, pres: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    detail = detail_of(ppath, pres)
    case: dict[str, Any] = dict(detail.get("case") or {})
    ident = bundle.get("identifier")
    if isinstance(ident, Mapping) and ident.get("system") == CASE_ID_SYSTEM and ident.get("value"):
        case["id"] = ident["value"]
    else:
        raise BundleProblem(f"identifier: the case id ({CASE_ID_SYSTEM}) is missing")
    pdata = dict(detail.get("patient") or {})
    if pres.get("gender") in ("male", "female", "other"):
        pdata["sex"] = pres["gender"]
    if isinstance(pres.get("birthDate"), str):
        pdata["year_of_birth"] = int(pres["birthDate"][:4])
    for ident_ in pres.get("identifier") or []:
        if ident_.get("system") == f"{BASE}/pseudonym":
            pdata["pseudonym"] = ident_.get("value")
    return case, pdata


def _primary(cpath: str, cres: Mapping[str, Any]) -> dict[str, Any]:
    primary = detail_of(cpath, cres)
    site = next((c.get("code") for c in (cres.get("code") or {}).get("coding") or []
                 if c.get("system") == term.spinemet_system("primary_site")), None)
    if site is None:
        raise BundleProblem(f"{cpath}.code: the primary site ({term.spinemet_system('primary_site')}) is missing")
    primary["site"] = site
    for st in cres.get("stage") or []:
        for c in (st.get("summary") or {}).get("coding") or []:
            if c.get("system") == sm_system("stage"):
                primary["stage"] = c.get("code")
    if cres.get("onsetDateTime"):
        primary["diagnosis_date"] = cres["onsetDateTime"]
    day = ext_value(cres, DAYS_SINCE_INDEX)
    if isinstance(day, int) and not isinstance(day, bool):
        primary["diagnosis_day"] = day
    return primary


def _timeline(groups: dict[int, list[Located]], resolver: Resolver, report: ImportReport) -> list[dict[str, Any]]:
    timeline = []
    for expected, index in enumerate(sorted(groups)):
        if index != expected:
            raise BundleProblem(f"entry: the resources of timeline entry {expected} are missing "
                                f"(timeline-entry {index} follows {expected - 1})")
        group = groups[index]
        heads = [(p, r) for p, r in group if ext_value(r, DETAIL) is not None
                 and event_type_of(r) not in (None, *_COMPANIONS)]
        if len(heads) != 1:
            raise BundleProblem(f"{group[0][0]}: timeline entry {index} needs exactly one event resource "
                                f"(found {len(heads)})")
        hpath, head = heads[0]
        event_type = str(event_type_of(head))
        companions = [(p, r) for p, r in group if r is not head]
        with located_at(hpath):
            timeline.append(decode_event(hpath, head, event_type, companions, resolver.by_name))
        report.add("mapped", hpath, head, f"timeline[{index}] ({event_type})")
        for p, r in companions:
            report.add("mapped", p, r, f"timeline[{index}] ({event_type_of(r)})")
    return timeline


def read_bundle(data: Any, foreign_id: str = FOREIGN_ID) -> tuple[dict[str, Any], ImportReport]:
    """The case-file data of the bundle ``data`` (parsed JSON) and the report of what was mapped.

    ``foreign_id`` is the case id given to a bundle of other systems' resources (a SpineMet bundle
    carries its own case id); the service passes a fresh one for each import.

    Raises :class:`BundleInvalid` with every located problem when the bundle cannot be read.
    """
    from spinemet.fhir.foreign import read_foreign

    entries, resolver, problems = check_structure(data)
    if problems:
        raise BundleInvalid(problems)
    for path, res in entries:
        problems += _mapped_codings(path, res)
    if problems:
        raise BundleInvalid(problems)
    report = ImportReport()
    try:
        if any(ext_value(r, DETAIL) is not None and r.get("resourceType") == "Patient" for _p, r in entries):
            return _read_spinemet(data, entries, resolver, report), report
        return read_foreign(data, entries, resolver, report, foreign_id), report
    except BundleProblem as exc:
        raise BundleInvalid([str(exc)]) from exc
