"""Bad version-2 input: each problem located at its field, with what is allowed (issue 12, Bad input)."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case import parse_case
from spinemet.errors import ValidationFailed


def _problems(*timeline: dict[str, Any], primary: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        parse_case({"id": "bad", "primary": primary or {"site": "breast"}, "timeline": list(timeline)})
    return [(p.location, p.message) for p in info.value.problems]


def _img(**finding: Any) -> dict[str, Any]:
    return {"type": "imaging", "day": 0, "findings": [finding]}


@pytest.mark.parametrize(("timeline", "location", "phrases"), [
    ([_img(level="T6", collapse_percent=140)], "timeline[0].findings[0].collapse_percent", ("140", "less than or equal to 100")),
    ([{"type": "surgery", "day_range": {"earliest": 9, "latest": 2}}], "timeline[0].day_range.latest",
     ("day 2 is before earliest day 9",)),
    ([{"type": "surgery", "day": 0, "levels": "T3/T8"}], "timeline[0].levels", ("'T3/T8'", "adjacent", "T3-T8")),
    ([{"type": "neuro_exam", "day": 0, "power": [{"muscle": "knee_extensors", "grade": 6}]}],
     "timeline[0].power[0].grade", ("6", "less than or equal to 5")),
    ([{"type": "neuro_exam", "day": 0, "power": [{"muscle": "knee_extensors", "grade": "6/5"}]}],
     "timeline[0].power[0].grade", ("6", "less than or equal to 5")),
    ([{"type": "neuro_exam", "day": 0, "power": [{"muscle": "knee_extensors", "grade": "strong"}]}],
     "timeline[0].power[0].grade", ("'strong' is not an MRC grade", "0, 1, 2, 3, 4, 5")),
    ([_img(level="T8", compartments=["intramedular"])], "timeline[0].findings[0].compartments[0]",
     ("'intramedular' is not allowed", "intramedullary", "leptomeningeal", "paraspinal")),
    ([_img(region="chest")], "timeline[0].findings[0].region", ("'chest' is not allowed", "thoracic", "whole_spine")),
    ([_img(level="T8", region="thoracic")], "timeline[0].findings[0].region", ("without a level",)),
    ([_img(level="T8", posterolateral="bilateral", posterior_elements_involved=False)],
     "timeline[0].findings[0].posterior_elements_involved", ("disagrees with posterolateral 'bilateral'",)),
    ([_img(level="T8", collapse="none", collapse_present=True)], "timeline[0].findings[0].collapse_present",
     ("true disagrees with collapse 'none'",)),
    ([{"type": "pain", "day": 0, "present": False, "character": "mechanical"}], "timeline[0].present",
     ("false disagrees with character 'mechanical'",)),
    ([{"type": "neuro_exam", "day": 0, "deficits": ["no_deficit", "weakness"]}], "timeline[0].deficits",
     ("'no_deficit' cannot be listed with a deficit",)),
    ([{"type": "complication", "day": 0, "kind": "csf_leak", "compressed": "cord", "causes_compression": False}],
     "timeline[0].compressed", ("disagrees with causes_compression false",)),
    ([{"type": "surgery", "day": 0, "after": {"event": "x", "at_most": 1}}], "timeline[0].after",
     ("dated one way", "day, after")),
    ([{"type": "outcome", "day": 0, "change": "better"}], "timeline[0].change",
     ("'better' is not allowed", "improved", "unchanged", "worse")),
    ([{"type": "labs", "day": 0, "values": [{"analyte": "urine_5_hiaa", "value": 40, "unit": "mg/L"}]}],
     "timeline[0].values[0].unit", ("'mg/L' is not a unit for urine_5_hiaa", "mg/24h", "µmol/24h")),
    # keys added for facts the published cases had kept only as text
    ([{"type": "neuro_exam", "day": 0, "deficits": ["weakness"], "deficit_side": "leftish"}],
     "timeline[0].deficit_side", ("'leftish' is not allowed", "left, right, both or unspecified")),
    ([{"type": "neuro_exam", "day": 0, "deficits": ["weakness"], "deficit_limbs": ["arm"]}],
     "timeline[0].deficit_limbs[0]", ("'arm' is not allowed", "upper or lower")),
    ([{"type": "neuro_exam", "day": 0, "deficits": ["weakness"], "deficit_limbs": ["lower", "lower"]}],
     "timeline[0].deficit_limbs", ("list each limb once", "upper, lower")),
    ([{"type": "neuro_exam", "day": 0, "deficits": ["no_deficit"], "deficit_side": "left"}],
     "timeline[0].deficit_side", ("'no_deficit' has no side or limbs",)),
    ([_img(level="T10", certainty="suspected")], "timeline[0].findings[0].certainty",
     ("'suspected' is not allowed", "confirmed, probable or possible")),
    ([{"type": "surgery", "day": 0, "complications_stated": "few"}], "timeline[0].complications_stated",
     ("'few' is not allowed", "allowed: none")),
    ([{"type": "complication", "day": 0, "kind": "hypotensive"}], "timeline[0].kind",
     ("'hypotensive' is not allowed", "delayed_wound_healing", "skin_defect", "hypotension", "other")),
    ([{"type": "radiotherapy", "day": 0, "region": "dorsal"}], "timeline[0].region",
     ("'dorsal' is not allowed", "thoracic", "whole_spine")),
    ([{"type": "radiotherapy", "day": 0, "region": "thoracic", "levels": "T6"}], "timeline[0].region",
     ("without stated levels",)),
    ([{"type": "surgery", "id": "op", "day": 0, "complications_stated": "none"},
      {"type": "complication", "day": 3, "kind": "wound_infection", "procedure": "op"}], "timeline[1].procedure",
     ("'op' is recorded with complications_stated: none",)),
])
def test_bad_v2_input_is_located_and_names_what_is_allowed(timeline: list[dict[str, Any]], location: str,
                                                          phrases: tuple[str, ...]) -> None:
    problems = _problems(*timeline)
    assert any(loc == location and all(p in msg for p in phrases) for loc, msg in problems), problems


def test_a_site_certainty_on_an_unknown_site_is_refused() -> None:
    problems = _problems(primary={"site": "unknown", "site_certainty": "probable"})
    assert any(loc == "primary.site_certainty" and "list candidates instead" in msg for loc, msg in problems)


def test_reference_to_a_missing_event_names_the_ids_that_exist() -> None:
    problems = _problems({"type": "surgery", "id": "op", "day": 0},
                         {"type": "outcome", "day": 9, "change": "improved", "compared_with": "op-2"})
    assert ("timeline[1].compared_with",
            "'op-2' is not the id of an event of this case; allowed: op") in problems


def test_keys_for_facts_once_kept_as_text_are_read_as_stated() -> None:
    # "left arm and leg weakness"; "suspected progression at T10"; "no complications"; "delayed wound
    # healing"; "radiotherapy to the dorsal spine" (no level) -- each now a value, none invented.
    c = parse_case({"id": "ok", "primary": {"site": "kidney"}, "timeline": [
        {"type": "neuro_exam", "day": 0, "deficits": ["weakness"], "deficit_side": "Left",
         "deficit_limbs": ["upper", "lower"]},
        {"type": "imaging", "day": 1, "findings": [{"level": "T10", "certainty": "possible"}]},
        {"type": "surgery", "id": "op", "day": 2, "complications_stated": "none"},
        {"type": "cement_augmentation", "id": "vp", "day": 3, "levels": "L1"},
        {"type": "complication", "day": 9, "kind": "delayed_wound_healing", "procedure": "vp"},
        {"type": "radiotherapy", "day": 20, "region": "thoracic"},
    ]})
    exam, imaging, op, _vp, comp, rt = c.timeline
    assert (exam.deficit_side, exam.deficit_limbs) == ("left", ["upper", "lower"])
    assert imaging.findings[0].certainty == "possible"
    assert op.complications_stated == "none"
    assert comp.kind == "delayed_wound_healing"
    assert (rt.region, rt.levels, rt.spans, rt.all_spans) == ("thoracic", None, None, ())
