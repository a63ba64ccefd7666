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
