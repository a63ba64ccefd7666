"""The course reads the timeline in one ordered pass: look-ups by bisection answer exactly what a
scan of the whole timeline answers, same-day events keep their recorded order, and a systemic
line's response window closes when the next line starts."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.course.conftest import make_case

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.course import analyse
from spinemet.course.imaging import FindingIndex
from spinemet.course.interventions import TreatmentIndex, interventions
from spinemet.course.timeline import OrderedTimeline

_LEVELS = ("T9", "T10", "T11", "L2")


def _random_case(seed: int, size: int) -> Case:
    """Imaging, examinations and treatments on random days, several on the same day."""
    rng = random.Random(seed)
    timeline: list[dict[str, object]] = []
    for i in range(size):
        day = rng.randint(0, 60)
        kind = rng.choice(("imaging", "imaging", "neuro", "rt", "surgery", "systemic", "rehab"))
        if kind == "imaging":
            findings = [{"level": lv, "escc": rng.choice(("0", "1a", "2"))} for lv in rng.sample(_LEVELS, 2)]
            timeline.append({"id": f"e{i}", "type": "imaging", "day": day, "modality": "mri", "findings": findings})
        elif kind == "neuro":
            timeline.append({"id": f"e{i}", "type": "neuro_exam", "day": day, "frankel": rng.choice("CDE")})
        elif kind == "rt":
            timeline.append({"id": f"e{i}", "type": "radiotherapy", "day": day, "levels": rng.choice(_LEVELS)})
        elif kind == "surgery":
            timeline.append({"id": f"e{i}", "type": "surgery", "day": day, "procedures": ["decompression"],
                             "levels": rng.choice(_LEVELS)})
        elif kind == "systemic":
            timeline.append({"id": f"e{i}", "type": "systemic_therapy", "day": day, "regimen": "x"})
        else:
            timeline.append({"id": f"e{i}", "type": "rehabilitation", "day": day})
    return make_case(f"random-{seed}", timeline)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40))
def test_bisection_lookups_equal_a_scan_of_the_whole_timeline(seed: int, size: int) -> None:
    case = _random_case(seed, size)
    timeline = OrderedTimeline.of(case)
    scan = case.ordered_events()
    assert list(timeline.events) == scan
    exams = [(d, e) for d, e in scan if e.type == "neuro_exam"]
    treatments = interventions(timeline)
    index, findings = TreatmentIndex(treatments), FindingIndex(timeline)
    for day in range(-1, 63):
        on_or_before = [x for x in exams if x[0] <= day]
        assert timeline.exam_on_or_before(day) == (on_or_before[-1] if on_or_before else None)
        after = [x for x in exams if x[0] > day]
        assert timeline.exam_after(day) == (after[0] if after else None)
        prior = [t for t in treatments if t.day < day and t.kind != "rehabilitation"]
        assert index.last_before(day) == (prior[-1] if prior else None)
        for level in (Level.T10, None):
            answering = [
                t for t in treatments
                if t.day >= day and t.kind != "rehabilitation" and (level is None or t.covers(level) or not t.local)
            ]
            assert index.next_answering(day, level) == (answering[0] if answering else None)
        for level in map(Level.__getitem__, _LEVELS):
            for moment in ((day, 0), (day, size // 2), (day, size)):
                until = (day + 10, size // 3)
                studies = findings.by_level.get(level, [])
                seen = [s for s in studies if s.moment < moment]
                assert findings.before(level, moment) == (seen[-1] if seen else None)
                assert findings.between(level, moment, until) == [s for s in studies if moment < s.moment < until]
    for position, t in enumerate(treatments):
        for level in map(Level.__getitem__, _LEVELS):
            later = [o for o in treatments[position + 1:] if o.key != t.key and o.covers(level)]
            assert index.next_local(t, level) == (later[0] if later else None)


def test_a_study_recorded_after_a_same_day_operation_follows_it() -> None:
    """An MRI written after the operation on the same day is a post-operative study (compared with
    the pre-operative one), while an MRI written before it is the baseline."""
    case = make_case(
        "same-day-study",
        [
            {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "3"}]},
            {"id": "op", "type": "surgery", "day": 0, "procedures": ["decompression"], "levels": "T10"},
            {"id": "mri1", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]},
        ],
    )
    [t10] = [a for a in analyse(case).local if a.level == Level.T10]
    assert t10.status.value == "controlled" and t10.imaging_days == (0,)


def test_same_day_treatments_follow_the_recorded_order() -> None:
    """RT recorded after surgery on the same day closes the operation's window at that level,
    and not the other way round."""
    case = make_case(
        "same-day",
        [
            {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "2"}]},
            {"id": "op", "type": "surgery", "day": 1, "procedures": ["decompression"], "levels": "T10"},
            {"id": "rt", "type": "radiotherapy", "day": 1, "levels": "T10"},
            {"id": "mri1", "type": "imaging", "day": 30, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]},
        ],
    )
    by_intervention = {a.intervention: a for a in analyse(case).local if a.level == Level.T10}
    assert by_intervention["op"].window_end == 1 and by_intervention["op"].status.value == "cannot_assess"
    assert by_intervention["rt"].window_end is None and by_intervention["rt"].imaging_days == (30,)


def test_systemic_response_is_read_per_line_until_the_next_line_starts() -> None:
    """L2 lesion 20 mm before line 1 (day 0), 20 mm on day 60, 30 mm on day 150 after line 2
    started on day 100: day 60 is line 1's stable disease (MDA, >= 8 weeks); day 150 is line 2's
    progression (50 % larger than its day-60 baseline), never line 1's."""
    case = make_case(
        "two-lines",
        [
            {"id": "mri0", "type": "imaging", "day": -5, "modality": "mri",
             "findings": [{"level": "L2", "lesion_size_mm": 20}]},
            {"id": "line1", "type": "systemic_therapy", "day": 0, "regimen": "letrozole"},
            {"id": "mri1", "type": "imaging", "day": 60, "modality": "mri",
             "findings": [{"level": "L2", "lesion_size_mm": 20}]},
            {"id": "line2", "type": "systemic_therapy", "day": 100, "regimen": "fulvestrant"},
            {"id": "mri2", "type": "imaging", "day": 150, "modality": "mri",
             "findings": [{"level": "L2", "lesion_size_mm": 30}]},
        ],
        site="breast",
    )
    responses = [(r.intervention, r.day, r.baseline_day, r.mda) for r in analyse(case).responses]
    assert responses == [("line1", 60, -5, "SD"), ("line2", 150, 60, "PD")]
