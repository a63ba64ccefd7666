"""De-identification of version-2 records: references survive under neutral ids, date ranges become day ranges."""

from __future__ import annotations

from spinemet.case import parse_case
from spinemet.case.timing import DayInterval
from spinemet.service.deident import deidentify


def test_deidentified_v2_case_keeps_its_links_and_time_ranges_without_ids_or_dates() -> None:
    case = parse_case({
        "id": "x", "index_date": "2020-01-01", "primary": {"site": "kidney"},
        "timeline": [
            {"type": "cement_augmentation", "id": "smith-vp", "date": "2020-01-03", "levels": "L1"},
            {"type": "complication", "kind": "cement_leakage", "procedure": "smith-vp",
             "after": {"event": "smith-vp", "at_most": 2}},
            {"type": "imaging", "date_range": {"earliest": "2020-02-01", "latest": "2020-02-10"},
             "findings": [{"level": "L1", "caused_by": "smith-vp"}]},
            {"type": "surgery", "id": "unreferenced-op"},
        ],
    })
    data = deidentify(case, "R-1")
    text = repr(data)
    assert "smith" not in text and "unreferenced-op" not in text and "2020" not in text
    again = parse_case(data)
    # 2020-02-01 is day 31 and 2020-02-10 day 40 after 2020-01-01.
    assert again.interval_of(again.timeline[2]) == DayInterval(31, 40)
    assert again.interval_of(again.timeline[1]) == DayInterval(2, 4)
    assert again.timeline[1].procedure == again.timeline[0].id == "e1"  # type: ignore[union-attr]
    assert again.timeline[3].id is None
