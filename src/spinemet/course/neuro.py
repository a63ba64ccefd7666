"""Neurological and functional trajectory: exam-to-exam change and the SCORAD ambulatory grade.

Change is judged field by field on what both examinations recorded: Frankel grade (Frankel
1969), ASIA impairment grade (ISNCSCI), MRC power per muscle group, ambulatory status,
sphincter function, the presence of a motor deficit, and an examiner's explicit "new
deficit". Worse in something and better in nothing is *deteriorated*; the reverse is
*improved*; both is *mixed*; nothing comparable is *cannot assess*. A fall of one Frankel
or ASIA grade, or of one ambulatory grade, is the re-triage trigger of R-FUNC-2 (derived).

The SCORAD ambulatory grade is :func:`spinemet.instruments.scorad.scorad_grades` (one
definition, shared with the pathway).
"""

from __future__ import annotations

import re
from operator import attrgetter

from spinemet.case.events import NeuroExam
from spinemet.case.muscles import MUSCLE_GROUPS
from spinemet.case.vocab import Ambulatory, AsiaGrade, FrankelGrade, Sphincter
from spinemet.course.model import NeuroChange, NeuroPoint, Trend
from spinemet.course.timeline import OrderedTimeline
from spinemet.instruments.scorad import scorad_grades

_GRADE_ORDER = "ABCDE"
#: Each Frankel and ASIA grade's value and rank (A = 0 ... E = 4), looked up once: the course reads them
#: for every examination (an enum's ``value`` is a Python-level property).
_FRANKEL = {g: (g.value, _GRADE_ORDER.index(g.value)) for g in FrankelGrade}
_ASIA = {g: (g.value, _GRADE_ORDER.index(g.value)) for g in AsiaGrade}
_AMBULATORY_RANK = {Ambulatory.NON_AMBULATORY: 0, Ambulatory.WITH_AID: 1, Ambulatory.INDEPENDENT: 2}
_AMBULATORY_VALUE = {a: a.value for a in Ambulatory}
#: The trends a comparison ends in (read once: on Python 3.11 a member read through its class, ``Trend.STABLE``, costs about 1,000 instructions).
_MIXED, _DETERIORATED, _IMPROVED, _STABLE, _CANNOT_ASSESS = (
    Trend.MIXED, Trend.DETERIORATED, Trend.IMPROVED, Trend.STABLE, Trend.CANNOT_ASSESS)
_LOWER_LIMB = re.compile(
    r"lower|leg|hip|knee|ankle|toe|foot|quadriceps|iliopsoas|tibialis|gastroc|hallucis|\bl[2-5]\b|\bs1\b",
    re.IGNORECASE,
)


def _is_lower_limb(group: str) -> bool:
    """Whether an MRC muscle-group key names a lower-limb group."""
    return _LOWER_LIMB.search(group.replace("_", " ")) is not None


#: The MRC keys a case usually records -- each limb by side ({left_lower: 3}, as the case forms write them) and
#: the muscle groups of :data:`spinemet.case.muscles.MUSCLE_GROUPS`, alone and by side -- with whether each names
#: a lower-limb group, worked out at import by :func:`_is_lower_limb` itself (a regular-expression search costs
#: about 8,000 instructions per key and per analysis). Other keys are searched once per timeline.
_KNOWN_LOWER: dict[str, bool] = {
    key: _is_lower_limb(key)
    for group in ("upper", "lower", *MUSCLE_GROUPS)
    for key in (group, f"left_{group}", f"right_{group}")
}


def lower_limb_power(mrc: dict[str, int] | None, lower: dict[str, bool] | None = None) -> int | None:
    """The weakest MRC grade of an examination's lower-limb groups (``mrc``: its grades by muscle group; all
    groups when none is named as lower limb).

    ``lower`` keeps which keys name a lower-limb group across the examinations of one timeline (they
    repeat the same keys)."""
    if not mrc:
        return None
    if lower is None:
        lower = {}
    values = []
    for k, v in mrc.items():
        found = _KNOWN_LOWER.get(k)
        if found is None:
            found = lower.get(k)
            if found is None:
                found = lower[k] = _is_lower_limb(k)
        if found:
            values.append(v)
    return min(values or mrc.values())


#: The fields of an examination a comparison reads, read in one call: Frankel, ASIA, MRC, ambulatory status,
#: sphincter, motor deficit, new deficit. The trajectory reads them once per examination and compares each
#: examination with the one before and the one after it (a case record's field costs about 400 instructions).
_COMPARED = attrgetter("frankel", "asia", "mrc", "ambulatory", "sphincter", "motor_deficit", "new_deficit")
_Compared = tuple[FrankelGrade | None, AsiaGrade | None, dict[str, int] | None, Ambulatory | None, Sphincter | None,
                  bool | None, bool | None]


def compare_neuro(before: NeuroExam, after: NeuroExam, before_day: int, after_day: int) -> NeuroChange:
    """How ``after`` compares with ``before`` (see the module docstring for the rules)."""
    return _compare(_COMPARED(before), _COMPARED(after), before_day, after_day)


def _compare(before: _Compared, after: _Compared, before_day: int, after_day: int) -> NeuroChange:
    """:func:`compare_neuro` on the examinations' fields as :data:`_COMPARED` reads them."""
    worse: list[str] = []
    better: list[str] = []
    stable: list[str] = []
    b_frankel, b_asia, b_mrc, b_amb, b_sphincter, b_motor, _ = before
    a_frankel, a_asia, a_mrc, a_amb, a_sphincter, a_motor, a_new = after
    # Frankel, then ASIA: a grade (value, rank) compared when both examinations record it
    grades: tuple[tuple[str, tuple[str, int] | None, tuple[str, int] | None], ...] = (
        ("Frankel", None if b_frankel is None else _FRANKEL[b_frankel],
         None if a_frankel is None else _FRANKEL[a_frankel]),
        ("ASIA", None if b_asia is None else _ASIA[b_asia], None if a_asia is None else _ASIA[a_asia]),
    )
    for scale, b_known, a_known in grades:
        if b_known is not None and a_known is not None:
            (b_grade, b_rank), (a_grade, a_rank) = b_known, a_known
            if a_rank == b_rank:
                stable.append(f"{scale} {a_grade} unchanged")
            else:
                (worse if a_rank < b_rank else better).append(f"{scale} {b_grade} → {a_grade}")
    if b_mrc and a_mrc:
        common = sorted(b_mrc.keys() & a_mrc.keys())
        if common:
            for key in common:
                b, a = b_mrc[key], a_mrc[key]
                if a < b:
                    worse.append(f"MRC {key.replace('_', ' ')} {b} → {a}")
                elif a > b:
                    better.append(f"MRC {key.replace('_', ' ')} {b} → {a}")
                else:
                    stable.append(f"MRC {key.replace('_', ' ')} {a} unchanged")
        else:
            b_min, a_min = min(b_mrc.values()), min(a_mrc.values())
            if a_min != b_min:
                (worse if a_min < b_min else better).append(f"weakest MRC grade {b_min} → {a_min}")
            else:
                stable.append(f"weakest MRC grade {a_min} unchanged")
    if b_amb is not None and a_amb is not None:
        b_r, a_r = _AMBULATORY_RANK[b_amb], _AMBULATORY_RANK[a_amb]
        if a_r == b_r:
            stable.append(f"ambulatory status {_AMBULATORY_VALUE[a_amb].replace('_', ' ')} unchanged")
        else:
            (worse if a_r < b_r else better).append(
                f"ambulatory {_AMBULATORY_VALUE[b_amb].replace('_', ' ')} → {_AMBULATORY_VALUE[a_amb].replace('_', ' ')}")
    if b_sphincter is not None and a_sphincter is not None and b_sphincter != a_sphincter:
        (worse if a_sphincter is Sphincter.IMPAIRED else better).append(
            f"sphincter {b_sphincter.value} → {a_sphincter.value}"
        )
    if b_motor is not None and a_motor is not None:
        if a_motor and not b_motor:
            worse.append("motor deficit appeared")
        elif b_motor and not a_motor:
            better.append("motor deficit resolved")
        else:
            stable.append("motor deficit " + ("still present" if a_motor else "still absent"))
    if a_new:
        worse.append("examiner recorded a new neurological deficit")
    if worse and better:
        trend = _MIXED
    elif worse:
        trend = _DETERIORATED
    elif better:
        trend = _IMPROVED
    elif stable:
        trend = _STABLE
    else:
        trend = _CANNOT_ASSESS
    return NeuroChange(before_day, after_day, trend, tuple(worse + better + ([] if worse or better else stable)))


def trajectory(timeline: OrderedTimeline) -> tuple[NeuroPoint, ...]:
    """One point per examination, each compared with the examination before it."""
    points: list[NeuroPoint] = []
    previous: tuple[int, _Compared] | None = None
    lower: dict[str, bool] = {}  # which MRC keys name lower-limb groups, worked out once per key
    for day, exam in timeline.exams:
        fields = _COMPARED(exam)  # read once: compared with the examination before and the one after
        change = _compare(previous[1], fields, previous[0], day) if previous else None
        frankel, asia, mrc, ambulatory, _, motor_deficit, _ = fields
        # the fields in their declared order (keyword arguments cost more than the rest of the call)
        points.append(NeuroPoint(
            day, exam.id, _FRANKEL[frankel][0] if frankel else None, _ASIA[asia][0] if asia else None,
            lower_limb_power(mrc, lower) if mrc else None, _AMBULATORY_VALUE[ambulatory] if ambulatory else None,
            motor_deficit, scorad_grades(exam), change,
        ))
        previous = (day, fields)
    return tuple(points)
