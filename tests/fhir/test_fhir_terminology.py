"""The vertebra codes and the other codes of the FHIR export, checked against their published sources.

Expected values are copied from the DICOM value sets as rendered in bvdh/dicom-terminology-in-fhir
(CID 7603 "Vertebra", CID 4031 "Common Anatomic Regions") and from the mCODE 4.0.0 FSH sources
(HL7/fhir-mCODE-ig), the files named in ``terminology/*.yaml``.
"""

from __future__ import annotations

from spinemet.anatomy import Level
from spinemet.fhir import terminology as term

SCT = "http://snomed.info/sct"

# DICOM CID 7603 "Vertebra", value set version 20220115 (one line per level, as published)
CID_7603 = {
    "C1": "14806007", "C2": "39976000", "C3": "113205007", "C4": "5329002", "C5": "36978003",
    "C6": "36054005", "C7": "87391001", "T1": "64864005", "T2": "53733008", "T3": "1626008",
    "T4": "73071006", "T5": "56401006", "T6": "45296009", "T7": "62487009", "T8": "11068009",
    "T9": "82687006", "T10": "7610001", "T11": "12989004", "T12": "23215003", "L1": "66794005",
    "L2": "14293000", "L3": "36470004", "L4": "11994002", "L5": "49668003",
}


def test_t6_is_snomed_45296009_as_in_dicom_cid_7603_and_issue_18() -> None:
    coding, whole = term.vertebra(Level.T6)
    assert (coding.system, coding.code, coding.display) == (SCT, "45296009", "T6 vertebra")
    assert whole is False


def test_every_presacral_level_has_its_dicom_cid_7603_code() -> None:
    for name, code in CID_7603.items():
        coding, whole = term.vertebra(Level[name])
        assert (coding.system, coding.code, whole) == (SCT, code, False), name
        assert coding.display == f"{name} vertebra"


def test_presacral_codes_are_distinct() -> None:
    codes = [term.vertebra(Level[name])[0].code for name in CID_7603]
    assert len(set(codes)) == 24


def test_sacral_segments_are_the_sacrum_and_the_coccyx_its_own_code_per_dicom_cid_4031() -> None:
    for name in ("S1", "S2", "S3", "S4", "S5"):
        coding, whole = term.vertebra(Level[name])
        assert (coding.code, coding.display, whole) == ("54735007", "Sacrum", True), name
    coding, whole = term.vertebra(Level.Co)
    assert (coding.code, coding.display, whole) == ("64688005", "Coccyx", False)


def test_every_level_of_spinemet_has_a_code() -> None:
    for level in Level:
        assert term.vertebra(level)[0].code.isdigit(), level


def test_loinc_codes_are_the_ones_mcode_fixes_for_its_profiles() -> None:
    assert (term.code("ecog").system, term.code("ecog").code) == ("http://loinc.org", "89247-1")
    assert term.code("karnofsky").code == "89243-0"
    assert term.code("cancer_disease_status").code == "97509-4"


def test_mcode_profile_urls_are_the_ig_canonical_plus_the_profile_id() -> None:
    base = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
    assert term.profile("cancer_patient") == base + "mcode-cancer-patient"
    assert term.profile("secondary_cancer_condition") == base + "mcode-secondary-cancer-condition"
    assert term.profile("ecog_performance_status") == base + "mcode-ecog-performance-status"


def test_provenance_names_the_source_files_and_versions() -> None:
    prov = term.provenance()
    assert "ValueSet-dicom-cid-7603-Vertebra.fsh" in prov["vertebrae"]["presacral"]["file"]
    assert "20220115" in prov["vertebrae"]["presacral"]["standard"]
    assert "ValueSet-dicom-cid-4031-CommonAnatomicRegion.fsh" in prov["vertebrae"]["sacrum_coccyx"]["file"]
    assert prov["codes"]["mcode"]["version"] == "4.0.0"
