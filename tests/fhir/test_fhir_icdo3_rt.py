"""ICD-O-3 in the bundle (the primary's morphology from the record's keys, the vertebral column's topography
on the vertebra conditions) and the radiotherapy technique in mCODE's modality-and-technique extension,
checked against ``terminology/icdo3.yaml`` (codes read on public pages, the rest unverified and not exported)
and the published cases."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from spinemet.case.vocab import NetClassification, PrimarySite
from spinemet.fhir.terminology import icdo3_morphology
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import read_bundle_data

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "tests" / "cases" / "published"
TABLE = yaml.safe_load((ROOT / "src" / "spinemet" / "fhir" / "terminology" / "icdo3.yaml").read_text(encoding="utf-8"))
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
MORPHOLOGY = MCODE + "mcode-histology-morphology-behavior"
MODALITY_AND_TECHNIQUE = MCODE + "mcode-radiotherapy-modality-and-technique"


def _profiled(bundle: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if MCODE + profile in e["resource"].get("meta", {}).get("profile", [])]


def _morphology(path: Path) -> list[str]:
    (primary,) = _profiled(export_bundle(load_case(path)), "mcode-primary-cancer-condition")
    return [c["code"] for x in primary.get("extension", []) if x["url"] == MORPHOLOGY
            for c in x["valueCodeableConcept"]["coding"] if c["system"] == ICDO3]


@pytest.mark.parametrize(("case", "expected"), [
    ("hadgaonkar2020-sclc-lumbar", ["8041/3"]),        # site lung_sclc, classification sclc (SEER, IARC)
    ("tsimpas2010-lcnec-cauda-equina", ["8013/3"]),    # lung_lcnec / lcnec (IARC)
    ("li2021-plasmacytoma-c2", []),                    # site myeloma, histology a solitary plasmacytoma: 9731/3, not 9732/3
    ("jcen2024-pheochromocytoma-c6", []),              # site paraganglioma, a phaeochromocytoma: 8700/3, not 8680/3
    ("kaliyaperumal2019-lung-net-t6", []),             # lung NET of unreported WHO type: no code
])
def test_published_primaries_get_the_morphology_their_keys_name_and_none_where_a_key_covers_two(
        case: str, expected: list[str]) -> None:
    assert _morphology(PUBLISHED / case / "case.yaml") == expected


def test_every_published_melanoma_is_8720_3_and_every_nsclc_8046_3() -> None:
    found = {}
    for path in sorted(PUBLISHED.glob("*/case.yaml")):
        site = load_case(path).primary.site
        if site in (PrimarySite.MELANOMA, PrimarySite.LUNG_NSCLC):
            found[path.parent.name] = (site, _morphology(path))
    assert {s for s, _m in found.values()} == {PrimarySite.MELANOMA, PrimarySite.LUNG_NSCLC}
    for site, codes in found.values():
        assert codes == (["8720/3"] if site is PrimarySite.MELANOMA else ["8046/3"])


def test_the_icdo3_table_exports_only_verified_codes_each_with_a_source_and_names_real_keys() -> None:
    morphology = TABLE["morphology"]
    assert set(morphology["net_classification"]) == {m.value for m in NetClassification}
    assert set(morphology["primary_site"]) <= {m.value for m in PrimarySite}
    for group in morphology.values():
        for key, entry in group.items():
            if entry["code"] is not None:
                assert entry["verification"] == "verified" and entry["sources"], key
                assert entry["code"].endswith("/3")  # a primary cancer: malignant, primary site (mCODE)
            else:
                assert entry["verification"] in ("unverified", "not_one_code") and entry["why"], key
    assert icdo3_morphology("atypical_carcinoid", "lung_carcinoid") is None  # unverified code, ambiguous key
    assert icdo3_morphology("net_g2", "lung_sclc") is not None  # the site key still names one verified code


def test_vertebra_conditions_c1_to_l5_carry_icdo3_c41_2_and_the_sacrum_only_its_snomed_code() -> None:
    case = load_case(ROOT / "examples" / "story-lung-net-t6.yaml")
    case = case.model_validate({**case.model_dump(mode="json", exclude_none=True), "timeline": [
        {"type": "imaging", "day": 0, "findings": [{"span": "L5-S1"}]}]})
    secondaries = _profiled(export_bundle(case), "mcode-secondary-cancer-condition")
    codes = {s["bodySite"][0]["text"]: [(c["system"], c["code"]) for c in s["bodySite"][0]["coding"]]
             for s in secondaries}
    assert codes == {"L5": [("http://snomed.info/sct", "49668003"), (ICDO3, "C41.2")],
                     "S1": [("http://snomed.info/sct", "54735007")]}
    assert TABLE["topography"]["vertebral_column"]["verification"] == "verified"


def _technique_extension(bundle: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    (course,) = _profiled(bundle, "mcode-radiotherapy-course-summary")[:1]
    (ext,) = [x for x in course["extension"] if x["url"] == MODALITY_AND_TECHNIQUE]
    return course, ext


def test_sbrt_is_written_as_mcode_does_for_what_its_value_sets_lack_and_read_back_from_the_extension() -> None:
    path = ROOT / "examples" / "synthetic-rcc-t12-unstable.yaml"
    case = load_case(path)
    rt = next(e for e in case.timeline if e.type == "radiotherapy" and getattr(e, "technique", None) is not None)
    bundle = export_bundle(case)
    _course, ext = _technique_extension(bundle)
    modality, technique = (p["valueCodeableConcept"] for p in ext["extension"])
    unc = {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNC", "display": "un-encoded"}
    assert modality["coding"] == [unc] and "particle" in modality["text"]  # the record holds no particle
    assert technique["coding"] == [unc, {"system": "https://spinemet.org/fhir/CodeSystem/rt-technique",
                                         "code": rt.technique.value}]
    assert technique["text"]
    # the import reads the technique from this element: change it there and the case changes
    other = "cebrt" if rt.technique.value == "sbrt" else "sbrt"
    changed = copy.deepcopy(bundle)
    _c, ext2 = _technique_extension(changed)
    ext2["extension"][1]["valueCodeableConcept"]["coding"][1]["code"] = other
    back, _report = read_bundle_data(changed)
    techniques = [e.technique.value for e in back.timeline if e.type == "radiotherapy" and e.technique is not None]
    assert other in techniques


INTENT = MCODE + "mcode-procedure-intent"


@pytest.mark.parametrize(("intent", "snomed"), [("palliative", ["363676003"]), ("salvage", []), ("definitive", [])])
def test_radiotherapy_intent_is_mcode_treatment_intent_with_snomed_only_where_the_value_set_means_the_same(
        intent: str, snomed: list[str]) -> None:
    """ProcedureIntentVS has 'Palliative - procedure intent'; 'definitive' is not 'curative', and adjuvant and
    salvage have no code there: SpineMet's rt-intent code and the word only. Read back from the element."""
    path = ROOT / "examples" / "synthetic-rcc-t12-unstable.yaml"
    case = load_case(path)
    data = case.model_dump(mode="json", exclude_none=True)
    index = next(i for i, e in enumerate(data["timeline"]) if e["type"] == "radiotherapy")
    data["timeline"][index]["intent"] = intent
    case = case.model_validate(data)
    bundle = export_bundle(case)
    (course,) = _profiled(bundle, "mcode-radiotherapy-course-summary")[:1]
    (ext,) = [x for x in course["extension"] if x["url"] == INTENT]
    codings = ext["valueCodeableConcept"]["coding"]
    assert [c["code"] for c in codings if c["system"] == "http://snomed.info/sct"] == snomed
    assert {"system": "https://spinemet.org/fhir/CodeSystem/rt-intent", "code": intent} in codings
    back, _report = read_bundle_data(bundle)
    assert back == case
