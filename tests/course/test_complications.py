"""A new compression caused by a complication of a procedure is not tumour recurrence
(issue 12 item 6): cement extrusion after vertebroplasty, a haematoma after decompression, a
retropulsed bone fragment. Hand-built cases; the analysis must name the cause, raise an urgent
complication alert, and raise no recurrence alert."""

from __future__ import annotations

from typing import Any

from tests.course.conftest import make_case

from spinemet.anatomy import Level
from spinemet.course import EventKind, LocalStatus, analyse

_RECURRENCE_KINDS = (EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION)


def _vertebroplasty(*tail: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri",
         "findings": [{"level": "L1", "escc": "0", "lesion_size_mm": 20, "pathological_fracture": True}]},
        {"id": "vp-1", "type": "cement_augmentation", "day": 2, "procedure": "vertebroplasty", "levels": "L1"},
        *tail,
    ]


def test_cement_extrusion_compressing_the_cord_is_a_complication_not_an_early_recurrence() -> None:
    case = make_case("cement-extrusion", _vertebroplasty(
        {"id": "leak-1", "type": "complication", "kind": "cement_extrusion", "procedure": "vp-1", "levels": "L1",
         "causes_compression": True, "compressed": "cord", "after": {"event": "vp-1", "at_least": 0, "at_most": 3}},
        {"id": "mri1", "type": "imaging", "day": 5, "modality": "mri",
         "findings": [{"level": "L1", "escc": "2", "lesion_size_mm": 20}]},
    ))
    analysis = analyse(case)
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]
    [event] = [e for e in analysis.events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    assert event.level == Level.L1 and "cement extrusion" in event.title and "not tumour" in event.title
    assert "ESCC 0 to ESCC 2" in event.detail
    keys = {a.key for a in analysis.alerts}
    assert "compression_from_complication" in keys
    assert not {k for k in keys if "recurrence" in k or "progression" in k}
    [l1] = analysis.local
    assert l1.status is LocalStatus.CONTROLLED


def test_a_finding_that_names_its_complication_is_read_as_that_complication() -> None:
    # the haematoma is linked from the finding (caused_by), not by level
    case = make_case("haematoma", [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "2"}]},
        {"id": "op", "type": "surgery", "day": 1, "procedures": ["decompression"], "levels": "T10"},
        {"id": "mri1", "type": "imaging", "day": 3, "modality": "mri", "findings": [{"level": "T10", "escc": "0"}]},
        {"id": "haem", "type": "complication", "day": 4, "kind": "haematoma", "procedure": "op"},
        {"id": "mri2", "type": "imaging", "day": 4, "modality": "mri",
         "findings": [{"level": "T10", "escc": "3", "compression_cause": "complication", "caused_by": "haem"}]},
    ])
    analysis = analyse(case)
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]
    [event] = [e for e in analysis.events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    assert "haematoma (complication of op)" in event.title


def test_compression_by_a_bone_fragment_is_not_tumour_recurrence() -> None:
    case = make_case("fragment", _vertebroplasty(
        {"id": "mri1", "type": "imaging", "day": 30, "modality": "mri",
         "findings": [{"level": "L1", "cord_compression": True, "compression_cause": "bone_fragment",
                       "epidural_present": False}]},
    ))
    analysis = analyse(case)
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]
    [event] = [e for e in analysis.events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    assert "a bone fragment" in event.title


def test_cauda_equina_compression_from_cement_is_recognised_without_an_escc_grade() -> None:
    case = make_case("cauda", [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "L3", "escc": "0"}]},
        {"id": "vp-1", "type": "cement_augmentation", "day": 1, "levels": "L3"},
        {"id": "leak-1", "type": "complication", "day": 2, "kind": "cement_extrusion", "procedure": "vp-1",
         "causes_compression": True, "compressed": "cauda_equina"},
        {"id": "mri1", "type": "imaging", "day": 2, "modality": "mri",
         "findings": [{"level": "L3", "cauda_equina_compression": True}]},
    ])
    [event] = [e for e in analyse(case).events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    assert event.data["compressed"] == ["cauda_equina"] and "cauda equina" in event.detail


def test_tumour_growth_beside_a_complication_is_still_recurrence() -> None:
    # the lesion grows from 20 to 30 mm: enlargement is tumour even though cement also compresses
    case = make_case("both", _vertebroplasty(
        {"id": "leak-1", "type": "complication", "day": 3, "kind": "cement_leakage", "procedure": "vp-1",
         "levels": "L1", "causes_compression": True},
        {"id": "mri1", "type": "imaging", "day": 60, "modality": "mri",
         "findings": [{"level": "L1", "escc": "2", "lesion_size_mm": 30}]},
    ))
    analysis = analyse(case)
    kinds = {e.kind for e in analysis.events}
    assert EventKind.COMPLICATION_COMPRESSION in kinds and EventKind.LOCAL_RECURRENCE in kinds
    [recurrence] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert "lesion enlarged from 20 to 30 mm" in recurrence.detail and "ESCC" not in recurrence.basis[0]


def test_without_a_recorded_cause_new_compression_after_cement_stays_recurrence() -> None:
    case = make_case("no-cause", _vertebroplasty(
        {"id": "mri1", "type": "imaging", "day": 60, "modality": "mri", "findings": [{"level": "L1", "escc": "2"}]},
    ))
    analysis = analyse(case)
    assert not [e for e in analysis.events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.category == "early"


def test_new_cauda_equina_compression_by_tumour_after_rt_is_recurrence_without_cord_compression() -> None:
    case = make_case("cauda-tumour", [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri",
         "findings": [{"level": "L3", "escc": "0", "cauda_equina_compression": False}]},
        {"id": "rt", "type": "radiotherapy", "day": 2, "technique": "cebrt", "levels": "L3"},
        {"id": "mri1", "type": "imaging", "day": 150, "modality": "mri",
         "findings": [{"level": "L3", "epidural_present": True, "cauda_equina_compression": True}]},
    ])
    [event] = [e for e in analyse(case).events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert "new cauda equina compression" in event.detail and event.category == "late"
    assert event.data["cord_compression"] is not True and event.data["compressed"] == ["cauda_equina"]
    [alert] = [a for a in analyse(case).alerts if a.key == "late_local_recurrence"]
    assert alert.severity.value == "urgent" and "mscc_urgency" in alert.reopens
