"""The fourth pass (2026-11-28): keys for what seven published cases, entered fresh to simulate the
held-out measurement, stated and the record could not hold. They read back as stated; bad input for each
is a located message naming what is allowed (model, CLI exit 1); a corticosteroid whose drug is not
named stays unnamed (no default any more).

Checked against the statements of those cases (tests/cases/published): "Gleason 4 + 3" and "27 Gy to
the 85 % isodose line" (jmcr2012), "a relapse ... a second relapse" (abdullah2025), "cement leaked into
the spinal canal" (noma2025), "severe neck pain" (li2021), "numbness in the right C6 distribution" and
"high-dose intravenous steroids" (jain2012), "multiple metastases" (hori2012)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _support.cli_refusal import assert_parse_refuses, assert_validate_refuses
from spinemet.case import parse_case
from spinemet.case.events import Corticosteroids

KP = {"type": "cement_augmentation", "id": "kp-1", "day": 0, "procedure": "kyphoplasty", "levels": "L3"}


def _case(*timeline: dict[str, Any], primary: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": "fourth-pass", "primary": primary or {"site": "prostate"}, "timeline": list(timeline)}


def test_the_new_keys_read_back_as_stated() -> None:
    case = parse_case(_case(
        KP,
        {"type": "complication", "day": 0, "kind": "cement_leakage", "procedure": "kp-1", "levels": "L3",
         "leak_sites": ["spinal_canal"]},
        {"type": "radiotherapy", "day": 10, "technique": "sbrt", "dose_gy": 27, "prescription_isodose_percent": 85,
         "complications_stated": "none"},
        {"type": "pain", "day": 0, "present": True, "sites": ["neck"], "severity": "Severe"},
        {"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "deficit_side": "right",
         "sensory_dermatomes": ["C6"]},
        {"type": "disease_burden", "day": 0, "metastases_extent": "multiple"},
        {"type": "outcome", "day": 90, "relapse": True},
        {"type": "corticosteroids", "day": 0, "route": "intravenous", "high_dose": True},
        primary={"site": "prostate", "gleason_primary": 4, "gleason_secondary": 3},
    ))
    leak, rt, pain, exam, burden, relapse, steroid = case.timeline[1:]
    assert [s.value for s in leak.leak_sites] == ["spinal_canal"]
    assert (rt.dose_gy, rt.prescription_isodose_percent, rt.fractions) == (27, 85, None)
    assert rt.complications_stated.value == "none"  # "without complication" (clineuro2009)
    assert pain.severity.value == "severe" and pain.nrs is None  # a word, never an NRS
    assert [str(d) for d in exam.sensory_dermatomes] == ["C6"] and exam.sensory_level is None
    assert burden.metastases_extent.value == "multiple" and burden.bone_mets_extent is None
    assert relapse.relapse is True and relapse.local_recurrence is None and relapse.distant_recurrence is None
    assert (case.primary.gleason_primary, case.primary.gleason_secondary) == (4, 3)
    # "high-dose steroids": the drug is not named, and nothing names it
    assert isinstance(steroid, Corticosteroids) and steroid.drug is None
    assert steroid.route == "intravenous" and steroid.high_dose is True and steroid.daily_dose_mg is None


def test_a_named_corticosteroid_is_kept_as_named() -> None:
    case = parse_case(_case({"type": "corticosteroids", "day": 0, "drug": "dexamethasone", "daily_dose_mg": 16}))
    assert case.timeline[0].drug == "dexamethasone"


BAD: list[tuple[dict[str, Any], list[dict[str, Any]], str, tuple[str, ...]]] = [
    ({}, [{"type": "outcome", "day": 0, "relapse": True, "local_recurrence": True}], "timeline[0].relapse",
     ("site is stated",)),
    ({}, [{"type": "outcome", "day": 0, "relapse": True, "disease_free": True}], "timeline[0].relapse",
     ("contradict",)),
    ({}, [{"type": "outcome", "day": 0, "relapse": "often"}], "timeline[0].relapse", ("boolean",)),
    ({}, [{"type": "radiotherapy", "day": 0, "prescription_isodose_percent": 85}],
     "timeline[0].prescription_isodose_percent", ("give dose_gy too",)),
    ({}, [{"type": "radiotherapy", "day": 0, "dose_gy": 27, "prescription_isodose_percent": 120}],
     "timeline[0].prescription_isodose_percent", ("less than or equal to 100",)),
    ({"site": "prostate", "gleason_primary": 4}, [], "primary.gleason_primary", ("needs gleason_secondary",)),
    ({"site": "prostate", "gleason_primary": 4, "gleason_secondary": 6}, [], "primary.gleason_secondary",
     ("less than or equal to 5",)),
    ({"site": "breast", "gleason_primary": 4, "gleason_secondary": 3}, [], "primary.gleason_primary",
     ("'breast'", "allowed only with site: prostate")),
    ({}, [{"type": "pain", "day": 0, "present": True, "severity": "unbearable"}], "timeline[0].severity",
     ("'unbearable' is not allowed", "mild", "moderate", "severe")),
    ({}, [{"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "sensory_dermatomes": ["C1"]}],
     "timeline[0].sensory_dermatomes", ("C1 has no dermatome", "C2 to S5")),
    ({}, [{"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "sensory_dermatomes": ["C6", "C6"]}],
     "timeline[0].sensory_dermatomes", ("each dermatome once",)),
    ({}, [{"type": "neuro_exam", "day": 0, "deficits": ["no_deficit"], "sensory_dermatomes": ["C6"]}],
     "timeline[0].sensory_dermatomes", ("'no_deficit' has no dermatomes",)),
    ({}, [{"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "sensory_dermatomes": ["T13"]}],
     "timeline[0].sensory_dermatomes[0]", ("'T13'",)),
    ({}, [{"type": "disease_burden", "day": 0, "metastases_extent": "several"}], "timeline[0].metastases_extent",
     ("'several' is not allowed", "multiple")),
    ({}, [{"type": "corticosteroids", "day": 0, "route": "rectal"}], "timeline[0].route", ("oral", "intravenous")),
    ({}, [KP, {"type": "complication", "day": 0, "kind": "cement_leakage", "procedure": "kp-1",
               "leak_sites": ["canal"]}], "timeline[1].leak_sites[0]", ("'canal' is not allowed", "spinal_canal")),
]


@pytest.mark.parametrize(("primary", "timeline", "location", "phrases"), BAD,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_for_every_new_field_is_located_and_names_what_is_allowed(
        primary: dict[str, Any], timeline: list[dict[str, Any]], location: str, phrases: tuple[str, ...]) -> None:
    assert_parse_refuses(_case(*timeline, primary=primary or None), location, phrases)


@pytest.mark.parametrize(("primary", "timeline", "location", "phrases"), [BAD[0], BAD[3], BAD[7], BAD[9], BAD[-1]])
def test_the_cli_refuses_them_with_exit_1_and_the_location(primary: dict[str, Any], timeline: list[dict[str, Any]],
                                                           location: str, phrases: tuple[str, ...],
                                                           tmp_path: Path) -> None:
    assert_validate_refuses(_case(*timeline, primary=primary or None), location, phrases, tmp_path)


def test_the_web_forms_carry_the_new_fields_and_place_a_problem_at_its_field() -> None:
    from spinemet.web.event_forms import FORMS_BY_TYPE
    from spinemet.web.forms import read_event

    rt = FORMS_BY_TYPE["radiotherapy"]
    ok = read_event(rt, {"day": "9", "dose_gy": "27", "prescription_isodose_percent": "85",
                         "complications_stated": "none"}, {})
    assert ok.ok and ok.event.prescription_isodose_percent == 85, (ok.field_errors, ok.form_errors)
    assert ok.event.complications_stated.value == "none"
    alone = read_event(rt, {"day": "9", "prescription_isodose_percent": "85"}, {})
    assert "prescription_isodose_percent" in alone.field_errors, (alone.field_errors, alone.form_errors)
    exam = read_event(FORMS_BY_TYPE["neuro_exam"], {"day": "0", "deficits": "numbness", "deficit_side": "right",
                                                    "sensory_dermatomes": "C6; C7"}, {})
    assert exam.ok and [str(d) for d in exam.event.sensory_dermatomes] == ["C6", "C7"], exam.field_errors
    bad = read_event(FORMS_BY_TYPE["neuro_exam"], {"day": "0", "deficits": "numbness", "sensory_dermatomes": "C1"}, {})
    assert any("C1 has no dermatome" in m for m in bad.field_errors.get("sensory_dermatomes", [])), bad.field_errors
    pain = read_event(FORMS_BY_TYPE["pain"], {"day": "0", "present": "true", "severity": "severe"}, {})
    assert pain.ok and pain.event.severity.value == "severe"
    burden = read_event(FORMS_BY_TYPE["disease_burden"], {"day": "0", "metastases_extent": "multiple"}, {})
    assert burden.ok and burden.event.metastases_extent.value == "multiple"
    relapse = read_event(FORMS_BY_TYPE["outcome"], {"day": "90", "relapse": "true", "local_recurrence": "true"}, {})
    assert any("site is stated" in m for m in relapse.field_errors.get("relapse", [])), relapse.field_errors
    steroid = read_event(FORMS_BY_TYPE["corticosteroids"], {"day": "0", "route": "intravenous", "high_dose": "true"}, {})
    assert steroid.ok and steroid.event.drug is None and steroid.event.route == "intravenous", steroid.field_errors
    leak_options = [value for field in FORMS_BY_TYPE["complication"].fields if field.name == "leak_sites"
                    for value, _ in field.options]
    assert "spinal_canal" in leak_options
