"""ECOG (WHO/Zubrod) performance status.

Provenance
----------
Oken MM et al., Am J Clin Oncol 1982;5:649 (``oken1982``). Each grade is its own band.
Wording trap: some reproductions put exactly 50% of waking hours in bed in grade 3 (e.g.
pallipedia: "50% or more"); the wording that reproductions citing Oken 1982 print
("more than 50%" for both grade 2 and grade 3) is kept. Third verification pass: grade wording
seen in four reproductions that cite Oken 1982 (one printed by permission of ECOG); the 1982
paper itself was not seen, so the fact is ``secondary``, not ``verified``. KPS <-> ECOG conversions live in
:mod:`spinemet.instruments.conversions`.
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Direction, Instrument, Kind
from spinemet.instruments.reading import Answers, Reading, from_values

_GRADES = (
    (0, "Fully active; able to carry on all pre-disease performance without restriction"),
    (1, "Restricted in strenuous activity but ambulatory and able to do light or sedentary work"),
    (2, "Ambulatory and capable of all self-care but unable to work; up and about >50% of waking hours"),
    (3, "Capable of only limited self-care; confined to bed or chair >50% of waking hours"),
    (4, "Completely disabled; cannot carry on any self-care; totally confined to bed or chair"),
    (5, "Dead"),
)


def read_ecog(r: Reading) -> Answers:
    """ECOG as measured, else the grade a KPS converts to (named table, flagged)."""
    ecog = r.ecog()
    if ecog is None:
        return {}
    return {"score": from_values(ecog[0], lambda v: Given(str(v)), ecog[1], ecog[2])}


ECOG = Instrument(
    key="ecog",
    name="ECOG performance status",
    version="Oken 1982",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_WORSE,
    description="Functional status, 0 (fully active) to 5 (dead).",
    items=(item("score", "ECOG", *(a(str(g), f"{g}: {d}", g) for g, d in _GRADES)),),
    bands=tuple(band(f"ecog_{g}", g, g, f"ECOG {g}", d) for g, d in _GRADES),
    citations=("oken1982",),
    facts=(fact("Grades 0-5 and their definitions ('more than 50%' in grades 2 and 3)", S,
                "oken1982 via ACCC glossary, ackc.org (printed by permission of ECOG), ECOG-ACRIN statement copy "
                "(verification-findings, third pass T5)"),),
    reader=read_ecog,
    applies_to=Applicability("any patient: performance status", "oken1982"),
)
