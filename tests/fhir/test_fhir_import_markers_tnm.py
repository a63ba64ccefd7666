"""Import of tumour markers (mCODE TumorMarkerTest) and TNM staging from other systems' bundles: a marker the
record holds, in a unit it holds, becomes a labs value; the stage group the bundle states becomes the primary's
stage (I-IV) when every statement agrees; T, N and M categories, receptor status, markers in other units and
markers without a listed LOINC code are reported resource by resource. Test data: tests/fhir/data/SOURCE.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spinemet.case.vocab import Analyte
from spinemet.service.fhir_import import read_bundle_data

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def _reasons(report: dict[str, Any]) -> dict[str, str]:
    return {item["entry"]: item["reason"] for item in report["not_mapped"]}


def test_markers_the_record_holds_become_labs_values_in_the_stated_unit_and_date() -> None:
    case, _report = read_bundle_data(_load("partial-markers.json"))
    values = [(e.date.isoformat() if e.date else None, v.analyte, v.value, v.unit)
              for e in case.timeline if e.type == "labs" for v in e.values]
    assert values == [("2024-03-01", Analyte.CHROMOGRANIN_A, 412.0, "ng/mL"),  # LOINC 9811-1
                      ("2024-03-01", Analyte.NSE, 21.5, "µg/L"),               # LOINC 15060-7, UCUM ug/L
                      ("2024-03-02", Analyte.URINE_5_HIAA, 48.0, "mg/24h")]    # LOINC 1695-6, UCUM mg/(24.h)
    # the record converts them as it converts a case file's values (µg/L = ng/mL)
    nse = next(v for e in case.timeline if e.type == "labs" for v in e.values if v.analyte is Analyte.NSE)
    assert nse.canonical == 21.5


def test_markers_in_other_units_or_without_a_listed_code_are_reported_each_with_its_reason() -> None:
    _case, report = read_bundle_data(_load("partial-markers.json"))
    reasons = _reasons(report)
    assert "('http://loinc.org', '25587-7')" in reasons["entry[4]"]  # chromogranin A in moles: not converted
    assert reasons["entry[5]"] == ("thyroglobulin: unit 'g/L' is not a UCUM unit the import maps "
                                   "(terminology/foreign.yaml ucum_units)")
    assert "whose code [] is not one the record holds" in reasons["entry[6]"]  # 'PSA' as text only: no code
    assert len(report["mapped"]) + len(report["not_mapped"]) == len(_load("partial-markers.json")["entry"])


def test_jenny_m_stage_iiic_in_the_primary_and_iib_in_the_stage_group_disagree_so_no_stage_is_imported() -> None:
    """The guide's own example states stage IIIC in the primary's stage.summary and IIB in its TNM stage
    group: the record's stage stays unknown, both statements are named, nothing is picked."""
    case, report = read_bundle_data(_load("mcode-jenny-m-staging.json"))
    assert case.primary.stage is None
    (note,) = [n for n in report["notes"] if n.startswith("primary.stage")]
    assert "1222806003 = stage III" in note and "1222769001 = stage II" in note and "different stage groups" in note
    reasons = _reasons(report)
    assert reasons["entry[3]"] == "a TNM stage group that disagrees with another stage the bundle states"
    for entry in ("entry[4]", "entry[5]", "entry[6]"):  # cT3, cN0, cM0
        assert reasons[entry] == ("a TNM category (T, N or M): the case record holds the stage group only, no T, N "
                                  "or M category")
    for entry in ("entry[7]", "entry[8]", "entry[9]"):  # ER, PR, HER2: receptor status, no record field
        assert "is not one the record holds" in reasons[entry]


def test_jenny_m_primary_alone_states_iiic_and_the_record_holds_stage_iii() -> None:
    case, report = read_bundle_data(_load("mcode-jenny-m.json"))
    assert case.primary.stage is not None and case.primary.stage.value == "III"
    assert any(n.startswith("primary.stage: III, the group of http://snomed.info/sct|1222806003") for n in report["notes"])


def test_a_stage_group_that_agrees_with_the_primary_is_mapped() -> None:
    bundle = _load("mcode-jenny-m-staging.json")
    group = bundle["entry"][3]["resource"]
    group["valueCodeableConcept"]["coding"][0].update(code="1222806003", display="American Joint Committee on "
                                                      "Cancer stage IIIC (qualifier value)")
    case, report = read_bundle_data(bundle)
    assert case.primary.stage is not None and case.primary.stage.value == "III"
    assert {"entry": "entry[3]", "resource": "Observation/tnm-clinical-stage-group-jenny-m",
            "to": "primary stage III (TNM stage group)"} in report["mapped"]
