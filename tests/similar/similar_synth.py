"""Synthetic cases where the truth is known: a query case, planted near-duplicates of it, cases that
differ from it in exactly one clinical feature, and unrelated cases."""

from __future__ import annotations

import copy
from typing import Any


def query_case(case_id: str, *, site: str = "breast", level: str = "T8", deficit: bool = True, recurrence: bool = True,
               day_shift: int = 0) -> dict[str, Any]:
    """Breast cancer, T8 with ESCC 3, a motor deficit, decompression and T7-T9 fixation on day 1, and
    ESCC 3 again at the operated level on day 40 (a local recurrence after decompression)."""
    timeline: list[dict[str, Any]] = [
        {"id": "mri", "type": "imaging", "day": 0, "modality": "mri",
         "findings": [{"level": level, "escc": "3", "cord_compression": True}]},
        {"id": "neuro", "type": "neuro_exam", "day": 0, "motor_deficit": deficit},
        {"id": "op", "type": "surgery", "day": 1, "procedures": ["decompression", "posterior_fixation"], "levels": level,
         "fixation_span": _around(level)},
    ]
    if recurrence:
        timeline.append({"id": "mri2", "type": "imaging", "day": 40 + day_shift, "modality": "mri",
                         "findings": [{"level": level, "escc": "3", "instrumented": True}]})
    else:
        timeline.append({"id": "mri2", "type": "imaging", "day": 40 + day_shift, "modality": "mri",
                         "findings": [{"level": level, "escc": "0", "instrumented": True}]})
    return {"schema_version": 2, "id": case_id, "title": f"Synthetic case {case_id}", "synthetic": True,
            "patient": {"pseudonym": f"PSN-{case_id}", "age": 61}, "primary": {"site": site}, "timeline": timeline}


def _around(level: str) -> str:
    letter, n = level[0], int(level[1:])
    return f"{letter}{n - 1}-{letter}{n + 1}"


def unrelated_case(case_id: str, n: int) -> dict[str, Any]:
    """A case sharing nothing planted with the query: another primary, the cervical spine, no
    compression, no deficit, radiotherapy alone."""
    site = ("kidney", "melanoma", "thyroid", "myeloma")[n % 4]
    return {"schema_version": 2, "id": case_id, "synthetic": True, "primary": {"site": site},
            "timeline": [
                {"id": "mri", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": f"C{2 + n % 5}", "escc": "0"}]},
                {"id": "neuro", "type": "neuro_exam", "day": 0, "motor_deficit": False},
                {"id": "rt", "type": "radiotherapy", "day": 3, "dose_gy": 8, "fractions": 1, "levels": f"C{2 + n % 5}"},
            ]}


def planted() -> dict[str, dict[str, Any]]:
    """id -> case data: 'q' (the query), 'dup-1', 'dup-2' (near-duplicates: only days differ),
    'one-primary', 'one-level', 'one-deficit', 'one-course' (one feature each), 'far-0'... 'far-11'."""
    cases = {"q": query_case("q"), "dup-1": query_case("dup-1", day_shift=5), "dup-2": query_case("dup-2", day_shift=-3),
             "one-primary": query_case("one-primary", site="prostate"),
             "one-level": query_case("one-level", level="L3"),
             "one-deficit": query_case("one-deficit", deficit=False),
             "one-course": query_case("one-course", recurrence=False)}
    for n in range(12):
        cases[f"far-{n}"] = unrelated_case(f"far-{n}", n)
    return copy.deepcopy(cases)


ONE_FEATURE = ("one-primary", "one-level", "one-deficit", "one-course")
DUPLICATES = ("dup-1", "dup-2")
