"""Other systems' bundles (mCODE resources without SpineMet's marks), mapped where the case record has
the field and the code is listed in ``terminology/foreign.yaml``; everything else reported.

What is mapped (each event dated by the resource's date; the case's index date is the earliest date
of the mapped resources, said in the report):

- ``Patient``: gender -> sex; birthDate -> year of birth (the year only); deceased -> a death event.
  Names, identifiers, addresses, telecoms, race and ethnicity are identifying or outside the record
  and are reported as not imported;
- mCODE Primary Cancer Condition: the primary site (and laterality) for the codes listed, else site
  ``unknown`` (reported); onset -> diagnosis date;
- mCODE Secondary Cancer Condition: a vertebra in ``bodySite`` (SNOMED CT, DICOM) -> an imaging
  finding at that level (certainty from the verification status); the brain code listed -> disease
  burden ``brain_mets``; anything else is reported;
- ECOG / Karnofsky (LOINC 89247-1 / 89243-0) -> a performance event;
- mCODE Cancer-Related Surgical Procedure with vertebrae in ``bodySite`` -> surgery (those levels);
- mCODE Radiotherapy Course Summary whose volumes are vertebrae -> radiotherapy (levels, dose in Gy,
  fractions); volumes elsewhere are reported (SpineMet records spinal radiotherapy by its levels);
- mCODE Cancer Disease Status (LOINC 97509-4) -> an outcome of the local control (focus on a vertebra
  condition) or of the systemic disease (no focus), change improved / unchanged / worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from spinemet.anatomy import Level
from spinemet.case.units import to_canonical
from spinemet.case.vocab import Analyte
from spinemet.fhir import terminology as term
from spinemet.fhir.bundle_checks import Located, Resolver
from spinemet.fhir.common import levels_fields
from spinemet.fhir.events_in import vertebra_index
from spinemet.fhir.importer import ImportReport
from spinemet.fhir.problems import located_at

__all__ = ["read_foreign"]

_IDENTIFYING = ("identifier", "name", "telecom", "address", "contact", "photo", "communication")


@cache
def _table() -> dict[str, Any]:
    text = resources.files(term.__name__).joinpath("foreign.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _codes(concept: Any) -> list[tuple[str, str]]:
    if not isinstance(concept, Mapping):
        return []
    return [(str(c.get("system")), str(c.get("code"))) for c in concept.get("coding") or [] if isinstance(c, Mapping)]


def _lookup(table: str, concept: Any) -> dict[str, Any] | None:
    codes = set(_codes(concept))
    return next((row for row in _table()[table] if (row["system"], str(row["code"])) in codes), None)


def _vertebrae(concepts: list[Any]) -> tuple[list[Level], list[str]]:
    """The levels the concepts code (SNOMED CT vertebra codes) and the codes that are no vertebra."""
    index = vertebra_index()
    levels: list[Level] = []
    other: list[str] = []
    for concept in concepts:
        found = False
        for system, code in _codes(concept):
            match = index.get((system, code))
            if match:
                text = concept.get("text") if isinstance(concept, Mapping) else None
                named = [lv for lv in match if str(lv) == text]
                if len(match) == 1 or named:
                    levels.append(named[0] if named else match[0])
                    found = True
                    break
        if not found:
            other.append(", ".join(f"{s}|{c}" for s, c in _codes(concept)) or "(no code)")
    return levels, other


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _when(res: Mapping[str, Any]) -> dt.date | None:
    for name in ("effectiveDateTime", "performedDateTime", "onsetDateTime", "deceasedDateTime"):
        if res.get(name):
            return _date(res[name])
    for name in ("performedPeriod", "effectivePeriod"):
        if isinstance(res.get(name), Mapping):
            return _date(res[name].get("start"))
    return None


def _has_profile(res: Mapping[str, Any], key: str) -> bool:
    return term.profile(key) in ((res.get("meta") or {}).get("profile") or [])


def _has_profile_url(res: Mapping[str, Any], profile_id: str) -> bool:
    """Whether ``res`` claims the mCODE profile with this id (a profile SpineMet does not write)."""
    return f"http://hl7.org/fhir/us/mcode/StructureDefinition/{profile_id}" in ((res.get("meta") or {}).get("profile") or [])


class _Reader:
    def __init__(self, resolver: Resolver, report: ImportReport) -> None:
        self.resolver = resolver
        self.report = report
        self.events: list[tuple[dt.date | None, dict[str, Any]]] = []
        self.patient: dict[str, Any] = {}
        self.primary: dict[str, Any] | None = None
        self.primary_date: dt.date | None = None
        #: (element path, stated stage group code, the record's stage) of every stage the bundle states
        self.stages: list[tuple[str, str, str | None]] = []
        #: the TNM stage group Observations (path, resource), reported once the stage is settled
        self.stage_groups: list[tuple[str, Mapping[str, Any]]] = []

    def stage(self, where: str, concept: Any) -> None:
        """A stated stage group (the primary's stage.summary or a TNM stage group Observation's value)."""
        row = _lookup("tnm_stage_groups", concept)
        stated = ", ".join(f"{s}|{c}" for s, c in _codes(concept)) or "(no code)"
        self.stages.append((where, stated, str(row["stage"]) if row else None))

    def event(self, path: str, res: Mapping[str, Any], fields: dict[str, Any], what: str) -> None:
        self.events.append((_when(res), fields))
        self.report.add("mapped", path, res, what)

    def skip(self, path: str, res: Mapping[str, Any], why: str) -> None:
        self.report.add("not_mapped", path, res, why)

    def patient_(self, path: str, res: Mapping[str, Any]) -> None:
        if self.patient:
            self.skip(path, res, "a second Patient: a case is one patient")
            return
        if res.get("gender") in ("male", "female", "other"):
            self.patient["sex"] = res["gender"]
        if isinstance(res.get("birthDate"), str) and res["birthDate"][:4].isdigit():
            self.patient["year_of_birth"] = int(res["birthDate"][:4])
        left = [k for k in _IDENTIFYING if res.get(k)]
        left += ["extension (" + ", ".join(str(e.get("url", "")).rsplit("/", 1)[-1] for e in res["extension"]) + ")"
                 ] if res.get("extension") else []
        self.report.add("mapped", path, res, "patient (sex, year of birth)" +
                        (f"; not imported: {', '.join(left)}" if left else ""))
        if res.get("deceasedBoolean") is True or res.get("deceasedDateTime"):
            self.events.append((_date(res.get("deceasedDateTime")), {"type": "death"}))
            self.report.add("mapped", path, res, "death")

    def condition(self, path: str, res: Mapping[str, Any]) -> None:
        if _has_profile(res, "primary_cancer_condition"):
            if self.primary is not None:
                self.skip(path, res, "a second primary cancer condition: the case records one primary (others "
                                     "as other_primaries, which the import does not map)")
                return
            row = _lookup("primary_sites", res.get("code"))
            self.primary = {"site": row["site"] if row else "unknown"}
            if row and row.get("laterality"):
                self.primary["laterality"] = row["laterality"]
            self.primary_date = _date(res.get("onsetDateTime"))
            what = f"primary (site {self.primary['site']})" if row else \
                f"primary: site recorded as unknown, code {_codes(res.get('code'))} is not in terminology/foreign.yaml"
            self.report.add("mapped", path, res, what)
            for i, st in enumerate(res.get("stage") or []):
                if isinstance(st, Mapping) and st.get("summary") is not None:
                    self.stage(f"{path}.stage[{i}].summary", st.get("summary"))
            left = [k for k in ("bodySite", "extension", "clinicalStatus") if res.get(k)]
            if left:
                self.report.notes.append(f"{path}: not imported from the primary: {', '.join(left)}")
            return
        if _has_profile(res, "secondary_cancer_condition"):
            row = _lookup("secondary_sites", res.get("code"))
            levels, _other = _vertebrae(list(res.get("bodySite") or []))
            if levels:
                status = next((c for _s, c in _codes(res.get("verificationStatus"))), None)
                certainty = {"confirmed": "confirmed", "provisional": "probable", "differential": "possible"}.get(
                    status or "")
                findings = [{"level": str(lv), **({"certainty": certainty} if certainty else {})} for lv in levels]
                self.event(path, res, {"type": "imaging", "findings": findings},
                           "imaging finding at " + ", ".join(str(lv) for lv in levels))
            elif row is not None:
                self.event(path, res, {"type": "disease_burden", row["field"]: True}, f"disease burden ({row['field']})")
            else:
                self.skip(path, res, "a secondary cancer condition without a vertebra in bodySite (SNOMED CT, "
                                     f"DICOM CID 7603/4031) and with a code not listed: {_codes(res.get('code'))}")
            return
        self.skip(path, res, "a Condition that is neither an mCODE primary nor secondary cancer condition")

    def observation(self, path: str, res: Mapping[str, Any]) -> None:
        codes = set(_codes(res.get("code")))
        for key, name in (("ecog", "ecog"), ("karnofsky", "kps")):
            c = term.code(key)
            if (c.system, c.code) in codes:
                if isinstance(res.get("valueInteger"), int):
                    self.event(path, res, {"type": "performance", name: res["valueInteger"]}, f"performance ({name})")
                else:
                    self.skip(path, res, f"{key} without valueInteger")
                return
        if _lookup("tumour_markers", res.get("code")) is not None or _has_profile_url(res, "mcode-tumor-marker-test"):
            self.marker(path, res)
            return
        if _lookup("tnm_stage_group_codes", res.get("code")) is not None:
            self.stage(f"{path}.valueCodeableConcept", res.get("valueCodeableConcept"))
            self.stage_groups.append((path, res))
            return
        if _lookup("tnm_category_codes", res.get("code")) is not None:
            self.skip(path, res, "a TNM category (T, N or M): the case record holds the stage group only, no "
                                 "T, N or M category")
            return
        status = term.code("cancer_disease_status")
        if (status.system, status.code) in codes:
            row = _lookup("disease_status", res.get("valueCodeableConcept"))
            if row is None:
                self.skip(path, res, f"disease status value {_codes(res.get('valueCodeableConcept'))} has no "
                                     "outcome change (improved, unchanged, worse)")
                return
            focus_levels: list[Level] = []
            for f in res.get("focus") or []:
                _fp, target = self.resolver[f["reference"]]
                focus_levels += _vertebrae(list(target.get("bodySite") or []))[0]
            aspect = "local_control" if focus_levels else "systemic_disease"
            self.event(path, res, {"type": "outcome", "aspect": aspect, "change": row["change"]},
                       f"outcome ({aspect}, {row['change']})")
            return
        self.skip(path, res, f"an Observation whose code {sorted(codes)} SpineMet does not map")

    def marker(self, path: str, res: Mapping[str, Any]) -> None:
        """A tumour marker test -> a labs value, where the record holds the analyte in that quantity."""
        row = _lookup("tumour_markers", res.get("code"))
        if row is None:
            self.skip(path, res, f"a tumour marker test whose code {_codes(res.get('code'))} is not one the record "
                                 "holds (terminology/foreign.yaml lists the serum markers and units it maps)")
            return
        raw = res.get("valueQuantity")
        quantity: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        value = quantity.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            kind = next((k for k in res if k.startswith("value")), "no value")
            self.skip(path, res, f"{row['analyte']}: the record keeps a marker's number with its unit; this test "
                                 f"gives {kind}")
            return
        ucum = quantity.get("code") if quantity.get("system") == "http://unitsofmeasure.org" else None
        unit = _table()["ucum_units"].get(ucum) if isinstance(ucum, str) else None
        if unit is None:
            self.skip(path, res, f"{row['analyte']}: unit {quantity.get('code') or quantity.get('unit')!r} is not a "
                                 "UCUM unit the import maps (terminology/foreign.yaml ucum_units)")
            return
        try:
            to_canonical(Analyte(row["analyte"]), float(value), unit)
        except ValueError as exc:
            self.skip(path, res, f"{row['analyte']}: {exc}")
            return
        self.event(path, res, {"type": "labs", "values": [{"analyte": row["analyte"], "value": value, "unit": unit}]},
                   f"labs ({row['analyte']} {value} {unit})")

    def settle_stage(self) -> None:
        """The primary's stage (I-IV) from every stage group the bundle states (the primary's stage.summary,
        TNM stage group Observations): set when they agree, left unknown and reported when they differ."""
        if not self.stages:
            return
        known = {stage for _w, _c, stage in self.stages if stage is not None}
        for where, stated, stage in self.stages:
            if stage is None:
                self.report.notes.append(f"{where}: stage group {stated} is not in terminology/foreign.yaml; not "
                                         "imported")
        which = "; ".join(f"{stated} = stage {s} ({where})" for where, stated, s in self.stages if s)
        agreed = len(known) == 1 and self.primary is not None
        if agreed and self.primary is not None:
            self.primary["stage"] = next(iter(known))
            self.report.notes.append(f"primary.stage: {self.primary['stage']}, the group of {which} (the record "
                                     "holds I-IV; the stated sub-stage is in this note only)")
        elif len(known) > 1:
            self.report.notes.append(f"primary.stage: not imported, the bundle states different stage groups: {which}")
        for path, res in self.stage_groups:
            row = _lookup("tnm_stage_groups", res.get("valueCodeableConcept"))
            if agreed and row is not None:
                self.report.add("mapped", path, res, f"primary stage {row['stage']} (TNM stage group)")
            else:
                self.skip(path, res, "a TNM stage group that " + ("disagrees with another stage the bundle states"
                                                                   if row is not None else
                                                                   "is not in terminology/foreign.yaml"))

    def procedure(self, path: str, res: Mapping[str, Any]) -> None:
        if _has_profile(res, "radiotherapy_course_summary"):
            self.radiotherapy(path, res)
            return
        levels, other = _vertebrae(list(res.get("bodySite") or []))
        if _has_profile(res, "surgical_procedure") and levels and not other:
            where = levels_fields(levels)
            self.event(path, res, {"type": "surgery", **where},
                       f"surgery at {where.get('levels') or ', '.join(where['spans'])} (levels treated)")
            return
        self.skip(path, res, f"a Procedure ({_codes(res.get('code'))}) that is not spinal surgery at coded vertebrae "
                             "(SpineMet does not map its code)")

    def radiotherapy(self, path: str, res: Mapping[str, Any]) -> None:
        volumes = []
        for e in res.get("extension") or []:
            if e.get("url") != term.extension("rt_dose_to_volume"):
                continue
            parts = {p.get("url"): p for p in e.get("extension") or []}
            ref = (parts.get("volume", {}).get("valueReference") or {}).get("reference")
            vpath, volume = self.resolver[ref] if isinstance(ref, str) and ref in self.resolver else ("", {})
            levels, _other = _vertebrae([volume.get("location")]) if volume else ([], [])
            dose = (parts.get("totalDoseDelivered", {}).get("valueQuantity") or {})
            fractions = parts.get("fractionsDelivered", {}).get("valueUnsignedInt")
            volumes.append((vpath, volume, levels, dose, fractions))
        spinal = [v for v in volumes if v[2]]
        for vpath, volume, levels, _dose, _fr in volumes:
            if not levels and volume:
                self.skip(vpath, volume, "a radiotherapy volume that is not a vertebra (its course is not mapped "
                                         "as spinal radiotherapy)")
        if not spinal:
            self.skip(path, res, "a radiotherapy course with no vertebra among its volumes")
            return
        doses = {(d.get("value"), d.get("code")) for _p, _v, _l, d, _f in spinal}
        fractions = {f for *_x, f in spinal}
        fields: dict[str, Any] = {"type": "radiotherapy", **levels_fields([lv for v in spinal for lv in v[2]])}
        if len(doses) == 1:
            value, unit = doses.pop()
            if value is not None and unit == "cGy":
                fields["dose_gy"] = round(float(value) / 100, 8)
        if len(fractions) == 1 and None not in fractions:
            fields["fractions"] = fractions.pop()
        self.event(path, res, fields, f"radiotherapy at {fields.get('levels') or ', '.join(fields['spans'])}")
        for vpath, volume, *_rest in spinal:
            self.report.add("mapped", vpath, volume, "radiotherapy volume (levels)")


def read_foreign(bundle: Mapping[str, Any], entries: list[Located], resolver: Resolver,
                 report: ImportReport, case_id: str) -> dict[str, Any]:
    """Case-file data from a bundle of other systems' resources (see the module doc).

    ``case_id`` is the id the caller chose for the case (the service gives each foreign import its own,
    random one): a foreign bundle's identifiers (MRN, bundle id) are the patient's and are never used.
    """
    reader = _Reader(resolver, report)
    volumes = []
    for path, res in entries:
        kind = res.get("resourceType")
        with located_at(path):
            if kind == "Patient":
                reader.patient_(path, res)
            elif kind == "Condition":
                reader.condition(path, res)
            elif kind == "Observation":
                reader.observation(path, res)
            elif kind == "Procedure":
                reader.procedure(path, res)
            elif kind == "BodyStructure":
                volumes.append((path, res))
            else:
                reader.skip(path, res, f"SpineMet does not map {kind} resources")
    mapped = {m["entry"] for m in report.mapped} | {m["entry"] for m in report.not_mapped}
    for path, res in volumes:
        if path.removesuffix(".resource") not in mapped:
            reader.skip(path, res, "a BodyStructure no mapped radiotherapy course uses")
    if reader.primary is None:
        reader.primary = {"site": "unknown"}
        report.notes.append("primary: no mCODE primary cancer condition in the bundle; site recorded as unknown")
    reader.settle_stage()
    dates = [d for d, _f in reader.events if d is not None] + ([reader.primary_date] if reader.primary_date else [])
    report.notes.append(f"id: '{case_id}' (chosen at random: a foreign bundle's identifiers are the patient's, "
                        "never a SpineMet case id; rename the case)")
    case: dict[str, Any] = {"id": case_id, "patient": reader.patient, "primary": reader.primary}
    timeline = []
    for when, fields in sorted(reader.events, key=lambda e: (e[0] is None, e[0] or dt.date.min)):
        if when is not None:
            fields["date"] = when.isoformat()
        timeline.append(fields)
    if dates:
        index = min(dates)
        case["index_date"] = index.isoformat()
        report.notes.append(f"index_date: {index.isoformat()}, the earliest date of the mapped resources")
    if reader.primary_date is not None:
        reader.primary["diagnosis_date"] = reader.primary_date.isoformat()
    case["timeline"] = timeline
    return case

