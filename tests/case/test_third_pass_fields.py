"""The third pass over the published cases (issue 12): the new keys read as stated, and bad input
for each is a located message naming what is allowed -- in the case model, the CLI (exit 1), the
API (422, nothing stored lost) and the web forms (the message at the field).

Checked against the statements of the published development set (tests/cases/published): "two
courses, 70 Gy in total" (ishino2021), "an exophytic component at operation" (pmid32827737),
"roots encased by tumour" (tsimpas2010), "enhancing intramedullary metastasis in the conus"
(manan2021), "lumbar spine surgery" (chen2022), "emergency operation" (petrucci2021),
"percutaneous vertebral augmentation" (wneu2018), "did well" (pmid32874728)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _support.cli_refusal import assert_parse_refuses, assert_validate_refuses
from spinemet.case import parse_case
from spinemet.web.event_forms import FORMS_BY_TYPE
from spinemet.web.forms import read_event

RT1 = {"type": "radiotherapy", "id": "rt-1", "day": 0, "levels": "T12-L1"}
OP = {"type": "surgery", "id": "op-1", "day": 5}


def _case(*timeline: dict[str, Any]) -> dict[str, Any]:
    return {"id": "third-pass", "primary": {"site": "kidney"}, "timeline": list(timeline)}


def test_the_new_keys_read_back_as_stated() -> None:
    case = parse_case(_case(
        RT1,
        {"type": "radiotherapy", "id": "rt-2", "day": 60, "levels": "T12-L1", "cumulative_dose_gy": 70,
         "cumulative_with": ["rt-1"]},
        {"type": "surgery", "id": "op-1", "day": 90, "emergency": True, "region": "lumbar",
         "intraoperative_findings": [{"level": "L2", "exophytic": True, "nerve_roots_encased": True}]},
        {"type": "cement_augmentation", "day": 91, "procedure": "unspecified", "percutaneous": True, "levels": "L1"},
        {"type": "imaging", "day": 92, "findings": [{"region": "conus", "compartments": ["intramedullary"],
                                                     "contrast_enhancing": True}]},
        {"type": "outcome", "day": 400, "aspect": "overall", "course": "favourable"},
    ))
    rt2, op, vp, mri, outcome = case.timeline[1:]
    assert (rt2.cumulative_dose_gy, rt2.cumulative_with, rt2.dose_gy, rt2.fractions) == (70, ["rt-1"], None, None)
    assert op.emergency is True and op.region is not None and op.region.value == "lumbar"
    assert op.intraoperative_findings[0].exophytic and op.intraoperative_findings[0].nerve_roots_encased
    assert vp.percutaneous is True
    assert mri.findings[0].region.value == "conus" and mri.findings[0].contrast_enhancing is True
    assert outcome.course.value == "favourable"


BAD: list[tuple[list[dict[str, Any]], str, tuple[str, ...]]] = [
    ([RT1, {"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 70}], "timeline[1].cumulative_dose_gy",
     ("needs cumulative_with too",)),
    ([RT1, {"type": "radiotherapy", "day": 60, "cumulative_with": ["rt-1"]}], "timeline[1].cumulative_with",
     ("needs cumulative_dose_gy too",)),
    ([RT1, {"type": "radiotherapy", "day": 60, "dose_gy": 30, "cumulative_dose_gy": 20, "cumulative_with": ["rt-1"]}],
     "timeline[1].cumulative_dose_gy", ("less than this course's dose_gy 30 Gy",)),
    ([RT1, {"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 250, "cumulative_with": ["rt-1"]}],
     "timeline[1].cumulative_dose_gy", ("250 Gy over 2 courses", "allowed: above 0 up to 200 Gy")),
    ([RT1, {"type": "radiotherapy", "day": 60, "cumulative_dose_gy": -5, "cumulative_with": ["rt-1"]}],
     "timeline[1].cumulative_dose_gy", ("greater than 0",)),
    ([OP, {"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 70, "cumulative_with": ["op-1"]}],
     "timeline[1].cumulative_with[0]", ("'op-1' is a surgery event", "allowed: the id of an earlier radiotherapy")),
    ([RT1, {"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 70, "cumulative_with": ["rt-9"]}],
     "timeline[1].cumulative_with[0]", ("'rt-9' is not the id of an event", "allowed: rt-1")),
    ([{"type": "surgery", "day": 0, "region": "lumbar", "levels": "L2"}], "timeline[0].region",
     ("without stated levels",)),
    ([{"type": "surgery", "day": 0, "region": "belly"}], "timeline[0].region",
     ("'belly' is not allowed", "lumbar", "conus")),
    ([{"type": "surgery", "day": 0, "emergency": "very"}], "timeline[0].emergency", ("boolean",)),
    ([{"type": "surgery", "day": 0, "intraoperative_findings": [{"level": "T13", "exophytic": True}]}],
     "timeline[0].intraoperative_findings[0].level", ("'T13'", "C1–C7, T1–T12")),
    ([{"type": "surgery", "day": 0, "intraoperative_findings": []}], "timeline[0].intraoperative_findings",
     ("at least 1",)),
    ([OP, {"type": "cement_augmentation", "day": 5, "percutaneous": True, "performed_during": "op-1"}],
     "timeline[1].percutaneous", ("not done within an operation",)),
    ([{"type": "imaging", "day": 0, "findings": [{"region": "conus", "contrast_enhancing": "bright"}]}],
     "timeline[0].findings[0].contrast_enhancing", ("boolean",)),
    ([{"type": "imaging", "day": 0, "findings": [{"region": "conus-medullaris"}]}], "timeline[0].findings[0].region",
     ("'conus-medullaris' is not allowed", "conus")),
    ([{"type": "outcome", "day": 0, "course": "great"}], "timeline[0].course",
     ("'great' is not allowed", "favourable", "unfavourable")),
]


@pytest.mark.parametrize(("timeline", "location", "phrases"), BAD, ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_for_every_new_field_is_located_and_names_what_is_allowed(
        timeline: list[dict[str, Any]], location: str, phrases: tuple[str, ...]) -> None:
    assert_parse_refuses(_case(*timeline), location, phrases)


@pytest.mark.parametrize(("timeline", "location", "phrases"), BAD[:4] + BAD[8:9] + BAD[-1:])
def test_the_cli_refuses_them_with_exit_1_and_the_location(timeline: list[dict[str, Any]], location: str,
                                                           phrases: tuple[str, ...], tmp_path: Path) -> None:
    assert_validate_refuses(_case(*timeline), location, phrases, tmp_path)


def test_the_web_forms_carry_the_new_fields_and_place_a_problem_at_its_field() -> None:
    rt = FORMS_BY_TYPE["radiotherapy"]
    ok = read_event(rt, {"day": "60", "levels": "T12-L1", "cumulative_dose_gy": "70", "cumulative_with": "rt-1"}, {})
    assert ok.ok, (ok.field_errors, ok.form_errors)
    assert ok.event.cumulative_dose_gy == 70 and ok.event.cumulative_with == ["rt-1"]
    alone = read_event(rt, {"day": "60", "cumulative_dose_gy": "70"}, {})
    assert "cumulative_dose_gy" in alone.field_errors, (alone.field_errors, alone.form_errors)
    without_total = read_event(rt, {"day": "60", "cumulative_with": "rt-1"}, {})
    assert "cumulative_with" in without_total.field_errors, (without_total.field_errors, without_total.form_errors)
    surgery = FORMS_BY_TYPE["surgery"]
    op = read_event(surgery, {"day": "3", "emergency": "true", "region": "lumbar", "intraoperative.level": "T4",
                              "intraoperative.exophytic": "true"}, {})
    assert op.ok, (op.field_errors, op.form_errors)
    assert op.event.emergency and op.event.intraoperative_findings[0].exophytic
    bad_level = read_event(surgery, {"day": "3", "intraoperative.level": "T13"}, {})
    assert "intraoperative.level" in bad_level.field_errors
    both = read_event(surgery, {"day": "3", "region": "lumbar", "levels": "L2"}, {})
    assert "region" in both.field_errors
    outcome = read_event(FORMS_BY_TYPE["outcome"], {"day": "9", "course": "great"}, {})
    assert any("favourable" in m for m in outcome.field_errors.get("course", [])), outcome.field_errors
    vp = read_event(FORMS_BY_TYPE["cement_augmentation"], {"day": "1", "percutaneous": "true"}, {})
    assert vp.ok and vp.event.percutaneous is True
    img = read_event(FORMS_BY_TYPE["imaging"], {"day": "1", "region": "conus", "contrast_enhancing": "true",
                                                "nerve_roots_encased": "true"}, {})
    assert img.ok and img.event.findings[0].contrast_enhancing and img.event.findings[0].nerve_roots_encased
