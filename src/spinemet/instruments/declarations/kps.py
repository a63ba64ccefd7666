"""Karnofsky Performance Status (KPS).

Provenance
----------
Karnofsky DA, Burchenal JH, 1949 (``karnofsky1949``); descriptors and the A/B/C categories
seen only in secondary reproductions. Only multiples of 10 are valid: a KPS of 55 is
rejected, never rounded. KPS 0 means dead.
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Direction, Instrument, Kind
from spinemet.instruments.reading import Answers, Reading, from_values

_DESCRIPTORS = {
    100: "Normal; no complaints; no evidence of disease",
    90: "Able to carry on normal activity; minor signs or symptoms",
    80: "Normal activity with effort; some signs or symptoms",
    70: "Cares for self; unable to carry on normal activity or do active work",
    60: "Requires occasional assistance; able to care for most needs",
    50: "Requires considerable assistance and frequent medical care",
    40: "Disabled; requires special care and assistance",
    30: "Severely disabled; hospital admission indicated, death not imminent",
    20: "Very sick; hospital admission and active supportive treatment necessary",
    10: "Moribund; fatal processes progressing rapidly",
    0: "Dead",
}


def read_kps(r: Reading) -> Answers:
    """KPS as measured, else the KPS values an ECOG grade converts to (named table, flagged)."""
    kps = r.kps()
    if kps is None:
        return {}
    return {"score": from_values(kps[0], lambda v: Given(str(v)), kps[1], kps[2])}


KPS = Instrument(
    key="kps",
    name="Karnofsky Performance Status",
    version="Karnofsky & Burchenal 1949",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="Functional status, 0 (dead) to 100 (normal), in steps of 10.",
    items=(item("score", "KPS", *(a(str(v), f"{v}: {d}", v) for v, d in _DESCRIPTORS.items())),),
    bands=(
        band("c", 0, 40, "C (0-40)", "Unable to care for self; requires institutional or hospital care."),
        band("b", 50, 70, "B (50-70)", "Unable to work; lives at home and cares for most personal needs."),
        band("a", 80, 100, "A (80-100)", "Able to carry on normal activity and to work; no special care."),
    ),
    citations=("karnofsky1949",),
    facts=(
        fact("Descriptors 0-100 in steps of 10", S, "karnofsky1949 via myelomacomorbidityindex.org, BMJ Thorax"),
        fact("Categories A 80-100, B 50-70, C 0-40", S, "karnofsky1949 via reproductions"),
    ),
    reader=read_kps,
    applies_to=Applicability("any patient: performance status", "karnofsky1949"),
)
