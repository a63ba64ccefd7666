"""ASIA Impairment Scale (AIS) of the International Standards (ISNCSCI).

Provenance
----------
ASIA/ISCoS International Standards, revised 2011 (Kirshblum SC et al., J Spinal Cord Med
2011;34:535; ``kirshblum2011``) and 2019. AIS needs the full ISNCSCI examination: it is
**not** computable from walking ability, and C versus D is decided by the half rule on key
muscles below the neurological level, so Frankel D is not necessarily AIS D. Grade E requires
a documented prior deficit (a person without spinal cord injury receives no AIS grade).
"""

from __future__ import annotations

from collections.abc import Iterable

from spinemet.instruments.declarations._build import V, a, category, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind, rule
from spinemet.instruments.reading import Answers, Reading, narrowed_by_words, recorded_grade_else_deficits

_GRADES = (
    ("A", "Complete", "No sensory or motor function preserved in the sacral segments S4-S5."),
    ("B", "Sensory incomplete",
     "Sensory but not motor function preserved below the neurological level, including S4-S5, and no "
     "motor function more than three levels below the motor level on either side."),
    ("C", "Motor incomplete",
     "Motor function preserved below the neurological level, and fewer than half of the key muscle "
     "functions below the single neurological level have grade 3 or more."),
    ("D", "Motor incomplete",
     "Motor function preserved below the neurological level, and at least half of the key muscle "
     "functions below the single neurological level have grade 3 or more."),
    ("E", "Normal", "Normal sensory and motor function in a person who had prior deficits."),
)


GRADES = tuple(g for g, _, _ in _GRADES)

DEFICIT_WORDS = Decision(
    "asia_grades_from_deficit_words",
    "A deficit stated in words is read as the AIS grades whose ISNCSCI definitions it fits: 'motor complete' A "
    "or B; 'motor incomplete', 'weakness' and '-paresis' C or D (motor function preserved below the level); "
    "'paraplegia' and 'tetraplegia' A to D (impairment or loss of motor and/or sensory function, complete or "
    "incomplete); numbness, sensory loss, a gait disturbance or a deficit of unstated kind A to D. 'No deficit' gives no AIS grade (E "
    "needs a documented prior deficit). Several words: the grades all of them allow.",
    ("kirshblum2011",),
)

_IMPAIRED = frozenset("ABCD")
_MOTOR_INCOMPLETE = frozenset("CD")
#: Deficit words (case vocabulary) -> the AIS grades each allows (ISNCSCI 2011 definitions).
DEFICIT_GRADES: dict[str, frozenset[str]] = {
    "motor_complete": frozenset("AB"),
    "motor_incomplete": _MOTOR_INCOMPLETE,
    "weakness": _MOTOR_INCOMPLETE,
    "paraparesis": _MOTOR_INCOMPLETE,
    "tetraparesis": _MOTOR_INCOMPLETE,
    "monoparesis": _MOTOR_INCOMPLETE,
    "paraplegia": _IMPAIRED,
    "tetraplegia": _IMPAIRED,
    "numbness": _IMPAIRED,
    "sensory_loss": _IMPAIRED,
    "gait_disturbance": _IMPAIRED,
    "unspecified_deficit": _IMPAIRED,
}


def asia_from_deficits(words: Iterable[str]) -> Given | None:
    """The AIS grades the deficit words allow (``None``: no word names a deficit)."""
    return narrowed_by_words(words, DEFICIT_GRADES, GRADES, "deficit", (DEFICIT_WORDS,))


def read_asia(r: Reading) -> Answers:
    """The AIS grade of the latest neurological examination as recorded, else the grades its
    deficits stated in words allow (:data:`DEFICIT_GRADES`)."""
    return recorded_grade_else_deficits(r, lambda exam: exam.asia, asia_from_deficits)


ASIA = Instrument(
    key="asia",
    name="ASIA Impairment Scale (ISNCSCI)",
    version="ISNCSCI 2011/2019",
    kind=Kind.CLASSIFIER,
    direction=Direction.HIGHER_IS_BETTER,
    description="Completeness of a spinal cord injury from the full ISNCSCI examination.",
    items=(item("grade", "AIS grade", *(a(g, f"{g}: {name}", i, meaning) for i, (g, name, meaning) in
                                       enumerate(_GRADES))),),
    bands=tuple(category(g, f"AIS {g}: {name}", meaning) for g, name, meaning in _GRADES),
    rules=tuple(rule(g, grade=g) for g, _, _ in _GRADES),
    citations=("kirshblum2011",),
    decisions=(DEFICIT_WORDS,),
    facts=(fact("Grade definitions A-E (ISNCSCI)", V, "kirshblum2011 via BMC Medicine 2022 and AORTH 2018 tables"),),
    reader=read_asia,
    applies_to=Applicability("a spinal cord lesion examined by the International Standards (ISNCSCI)", "kirshblum2011"),
)
