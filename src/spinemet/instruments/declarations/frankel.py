"""Frankel grade of neurological function.

Provenance
----------
Frankel HL et al., Paraplegia 1969;7:179 (``frankel1969``); definitions seen only in
secondary reproductions. The modified Frankel sub-grades (D1-D3) and the 'Tokyo' sub-grades
are different scales and are not accepted here. Used by Tokuhashi: A-B complete palsy, C-D
incomplete, E none (NICE CG75 reproduction; see
:func:`spinemet.instruments.declarations.tokuhashi.palsy_from_frankel`).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, a, category, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Direction, Instrument, Kind, rule
from spinemet.instruments.reading import Answers, Reading

_GRADES = (
    ("A", "Complete", "No motor and no sensory function below the lesion level."),
    ("B", "Sensory only", "Some sensation below the level; motor paralysis complete."),
    ("C", "Motor useless", "Some motor power below the level, of no practical use."),
    ("D", "Motor useful", "Useful motor power below the level; many walk with or without aids."),
    ("E", "Recovery", "No neurological symptoms; abnormal reflexes may persist."),
)


def read_frankel(r: Reading) -> Answers:
    """The Frankel grade of the latest neurological examination, as recorded."""
    neuro = r.snapshot.neuro
    if neuro is None or neuro.value.frankel is None:
        return {}
    return {"grade": Given(neuro.value.frankel.value, f"recorded (day {neuro.day})")}


FRANKEL = Instrument(
    key="frankel",
    name="Frankel grade",
    version="Frankel 1969",
    kind=Kind.CLASSIFIER,
    direction=Direction.HIGHER_IS_BETTER,
    description="Neurological function below the level of a spinal cord lesion, A (complete) to E (normal).",
    items=(item("grade", "Frankel grade", *(a(g, f"{g}: {name}", i, meaning) for i, (g, name, meaning) in
                                          enumerate(_GRADES))),),
    bands=tuple(category(g, f"Frankel {g}: {name}", meaning) for g, name, meaning in _GRADES),
    rules=tuple(rule(g, grade=g) for g, _, _ in _GRADES),
    citations=("frankel1969",),
    facts=(fact("Grade definitions A-E", S, "frankel1969 via traumascores.com and others"),),
    reader=read_frankel,
)
