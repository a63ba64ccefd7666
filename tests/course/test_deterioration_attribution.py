"""A neurological deterioration is said to follow a treatment only when that treatment is a spinal one
(surgery, radiotherapy, chemo-radiotherapy, cement, ablation) or the record times the examination from it.

Checked against the published case jmcr2012-prostate-intramedullary-conus (J Med Case Rep 2012;6:139):
androgen blockade was given years before the presentation (dated only "before the presentation"); the
presentation brought new saddle anaesthesia. The course called that presenting deficit "Neurological
deterioration after hormonal" (cases3 item 10). A deficit at presentation, before any spinal treatment,
is not a deterioration after a systemic therapy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from spinemet.course import analyse
from spinemet.course.model import EventKind
from spinemet.io.casefile import load_case, parse_case

CASE = Path(__file__).resolve().parents[1] / "cases" / "published" / "jmcr2012-prostate-intramedullary-conus" / "case.yaml"
DETERIORATION = (EventKind.NEW_DEFICIT, EventKind.UNIMAGED_DETERIORATION)


def test_the_presenting_deficit_is_not_a_deterioration_after_hormonal_therapy_jmcr2012() -> None:
    course = analyse(load_case(CASE))
    presenting = [e for e in course.events if e.kind in DETERIORATION and e.data.get("exam") == "presentation"]
    assert len(presenting) == 1
    assert presenting[0].intervention is None
    assert "after" not in presenting[0].title
    assert not any("hormonal" in a.title or "androgen" in a.title for a in course.alerts)


def _with_presentation(change: dict[str, Any]) -> dict[str, Any]:
    data = yaml.safe_load(CASE.read_text())
    for event in data["timeline"]:
        if event.get("id") == "presentation":
            event.update(change)
    return data


def test_a_deficit_the_record_times_from_the_systemic_therapy_names_it_jmcr2012_variant() -> None:
    # the same case, the presentation recorded as timed from the androgen blockade (a stated link)
    data = _with_presentation({"after": {"event": "androgen-blockade"}})
    for event in data["timeline"]:
        if event.get("id") == "presentation":
            del event["day"]
        if event.get("id") == "androgen-blockade":
            event["day"] = 0
            del event["before"]
    course = analyse(parse_case(data))
    presenting = [e for e in course.events if e.kind in DETERIORATION and e.data.get("exam") == "presentation"]
    assert [e.intervention for e in presenting] == ["androgen-blockade"]
    assert "after hormonal" in presenting[0].title


KALOOSTIAN = CASE.parents[1] / "kaloostian2013-pheochromocytoma-t10" / "case.yaml"


def test_a_deficit_after_embolisation_names_the_embolisation_kaloostian2013_variant() -> None:
    # Kaloostian 2013 (pheochromocytoma T10): pre-operative embolisation, en bloc resection, then a new deficit.
    # Variant: the examination recorded the day after the embolisation, before the operation, with the earlier
    # T10 radiotherapy and chemotherapy still in the record; the embolisation is the spinal procedure it follows.
    data = yaml.safe_load(KALOOSTIAN.read_text())
    drop = {"hypotension", "dopamine", "strength-back", "recovered", "last-contact"}
    data["timeline"] = [e for e in data["timeline"] if e.get("id") not in drop]
    for event in data["timeline"]:
        if event.get("id") == "hypotension-neuro":
            event["after"] = {"event": "embolisation", "at_least": 1, "at_most": 1, "unit": "days"}
        if event.get("id") == "en-bloc":
            event["after"] = {"event": "hypotension-neuro"}
    course = analyse(parse_case(data))
    found = [e for e in course.events if e.kind in DETERIORATION and e.data.get("exam") == "hypotension-neuro"]
    assert [e.intervention for e in found] == ["embolisation"]
    assert "after pre-operative embolisation T10" in found[0].title


def test_radiotherapy_aimed_elsewhere_is_not_a_spinal_treatment_jmcr2012_variant() -> None:
    # the same presentation, with a brain radiotherapy recorded before it: not "deterioration after RT"
    data = yaml.safe_load(CASE.read_text())
    data["timeline"].insert(0, {"id": "brain-rt", "type": "radiotherapy", "before": {"event": "presentation"},
                                "target": "brain"})
    course = analyse(parse_case(data))
    presenting = [e for e in course.events if e.kind in DETERIORATION and e.data.get("exam") == "presentation"]
    assert len(presenting) == 1 and presenting[0].intervention is None
    assert "after" not in presenting[0].title
