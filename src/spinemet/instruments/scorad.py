"""SCORAD ambulatory grade (a functional classification used across the course and the pathway).

As defined in the trial's own Table 1 (Hoskin PJ et al., JAMA 2019;322:2084; PMC6902166;
``hoskin_2019_scorad``, verified in ``docs/verification-findings.md``, second pass):
1 walks without aids; 2 walks with aids; 3 unable to walk; 4 absent or flicker motor power
(MRC 0-1) in any muscle group. The grades are defined by walking; the MRC qualifiers once
listed in ``pathway.md`` (5/5, 4/5, 2-3/5) are not part of the trial's definition and are not
used, except that grade 4 reads the weakest recorded muscle group.
"""

from __future__ import annotations

from functools import cache

from spinemet.case.events import NeuroExam
from spinemet.case.vocab import Ambulatory
from spinemet.case.vocab_disease import Walking


def _grade(ambulatory: Ambulatory, weakest_power: int) -> int:
    if ambulatory is Ambulatory.NON_AMBULATORY:
        return 4 if weakest_power <= 1 else 3
    return 2 if ambulatory is Ambulatory.WITH_AID else 1


#: Walking as sources state it -> the walking statuses SCORAD grades it may be: "ambulant" without
#: detail and limited walking are walking, with or without an aid (grade 1 or 2).
WALKING_STATUSES: dict[Walking, tuple[Ambulatory, ...]] = {
    Walking.INDEPENDENT: (Ambulatory.INDEPENDENT,),
    Walking.WITH_AID: (Ambulatory.WITH_AID,),
    Walking.AMBULATORY_UNSPECIFIED: (Ambulatory.INDEPENDENT, Ambulatory.WITH_AID),
    Walking.LIMITED: (Ambulatory.INDEPENDENT, Ambulatory.WITH_AID),
    Walking.NON_AMBULATORY: (Ambulatory.NON_AMBULATORY,),
    Walking.DIFFICULTY: (Ambulatory.INDEPENDENT, Ambulatory.WITH_AID),
    Walking.WHEELCHAIR: (Ambulatory.WITH_AID, Ambulatory.NON_AMBULATORY),
}


def scorad_grades(exam: NeuroExam) -> tuple[int, ...]:
    """The SCORAD ambulatory grades (1-4) the examination allows; empty when nothing is known.

    Unknown inputs give every grade still possible: Frankel A-C means not walking and
    Frankel D walking; no motor deficit means no muscle group at 0-1 when MRC is not recorded.
    Walking stated in words counts as walking (:data:`WALKING_STATUSES`).
    """
    grades = [*(exam.mrc or {}).values(), *(g.grade for g in exam.power or ())]
    power = min(grades) if grades else None
    if (exam.ambulatory is None and exam.walking is None and power is None and exam.frankel is None
            and exam.motor_deficit is None):
        return ()
    if exam.ambulatory is not None:
        walks: tuple[Ambulatory, ...] = (exam.ambulatory,)
    elif exam.walking is not None:
        walks = WALKING_STATUSES[exam.walking]
    elif exam.frankel is not None and exam.frankel.value in "ABC":
        walks = (Ambulatory.NON_AMBULATORY,)
    elif exam.frankel is not None and exam.frankel.value == "D":
        walks = (Ambulatory.INDEPENDENT, Ambulatory.WITH_AID)
    else:
        walks = _EVERY_WALK
    if power is not None:
        powers: tuple[int, ...] = (power,)
    elif exam.motor_deficit is False:
        powers = (5,)
    elif exam.motor_deficit is True:
        powers = _ANY_DEFICIT
    else:
        powers = _ANY_POWER
    return _grades_allowed(walks, powers)


_EVERY_WALK = tuple(Ambulatory)
_ANY_DEFICIT = tuple(range(0, 5))  # a motor deficit: the weakest group is below MRC 5
_ANY_POWER = tuple(range(0, 6))


@cache
def _grades_allowed(walks: tuple[Ambulatory, ...], powers: tuple[int, ...]) -> tuple[int, ...]:
    # The grades over every (walking, weakest power) pair allowed; a small finite table (walking
    # statuses x powers 0-5), so each combination is worked out once per process, not per examination.
    return tuple(sorted({_grade(w, p) for w in walks for p in powers}))


def scorad_grade(exam: NeuroExam) -> int | None:
    """The SCORAD grade when the examination settles it, else None."""
    grades = scorad_grades(exam)
    return grades[0] if len(grades) == 1 else None
