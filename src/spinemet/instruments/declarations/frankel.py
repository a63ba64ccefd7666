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

from collections.abc import Iterable

from spinemet.instruments.declarations._build import S, a, category, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind, rule
from spinemet.instruments.reading import Answers, Reading, narrowed_by_words, recorded_grade_else_deficits

_GRADES = (
    ("A", "Complete", "No motor and no sensory function below the lesion level."),
    ("B", "Sensory only", "Some sensation below the level; motor paralysis complete."),
    ("C", "Motor useless", "Some motor power below the level, of no practical use."),
    ("D", "Motor useful", "Useful motor power below the level; many walk with or without aids."),
    ("E", "Recovery", "No neurological symptoms; abnormal reflexes may persist."),
)


GRADES = tuple(g for g, _, _ in _GRADES)

DEFICIT_WORDS = Decision(
    "frankel_grades_from_deficit_words",
    "A deficit stated in words is read as the Frankel grades whose definitions it fits: 'motor complete' A or B "
    "(no motor power below the level); 'motor incomplete', 'weakness' and '-paresis' C or D (some motor power "
    "kept); 'paraplegia' and 'tetraplegia' A to D (ISNCSCI: impairment or loss of motor and/or sensory "
    "function, complete or incomplete); numbness, sensory loss, a gait disturbance or a deficit of unstated "
    "kind exclude E (a "
    "neurological symptom); 'no deficit' is E. Several words: the grades all of them allow.",
    ("frankel1969", "kirshblum2011"),
)

_NOT_E = frozenset("ABCD")
_MOTOR_KEPT = frozenset("CD")
#: Deficit words (case vocabulary) -> the Frankel grades each allows (definitions above; ISNCSCI for
#: para-/tetraplegia).
DEFICIT_GRADES: dict[str, frozenset[str]] = {
    "motor_complete": frozenset("AB"),
    "motor_incomplete": _MOTOR_KEPT,
    "weakness": _MOTOR_KEPT,
    "paraparesis": _MOTOR_KEPT,
    "tetraparesis": _MOTOR_KEPT,
    "monoparesis": _MOTOR_KEPT,
    "paraplegia": _NOT_E,
    "tetraplegia": _NOT_E,
    "numbness": _NOT_E,
    "sensory_loss": _NOT_E,
    "gait_disturbance": _NOT_E,
    "unspecified_deficit": _NOT_E,
    "no_deficit": frozenset("E"),
}


def frankel_from_deficits(words: Iterable[str]) -> Given | None:
    """The Frankel grades the deficit words allow (``None``: no word names a deficit)."""
    return narrowed_by_words(words, DEFICIT_GRADES, GRADES, "deficit", (DEFICIT_WORDS,))


def read_frankel(r: Reading) -> Answers:
    """The Frankel grade of the latest neurological examination as recorded, else the grades its
    deficits stated in words allow (:data:`DEFICIT_GRADES`)."""
    return recorded_grade_else_deficits(r, lambda exam: exam.frankel, frankel_from_deficits)


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
    decisions=(DEFICIT_WORDS,),
    facts=(fact("Grade definitions A-E", S, "frankel1969 via traumascores.com and others"),),
    reader=read_frankel,
    applies_to=Applicability("neurological function below a lesion of the spinal cord or cauda equina", "frankel1969"),
)
