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

from spinemet.case.events import NeuroExam
from spinemet.case.vocab import Ambulatory
from spinemet.course.model import NeuroChange, NeuroPoint, Trend
from spinemet.course.timeline import OrderedTimeline
from spinemet.instruments.scorad import scorad_grades

_GRADE_ORDER = "ABCDE"
_AMBULATORY_RANK = {Ambulatory.NON_AMBULATORY: 0, Ambulatory.WITH_AID: 1, Ambulatory.INDEPENDENT: 2}
_LOWER_LIMB = re.compile(
    r"lower|leg|hip|knee|ankle|toe|foot|quadriceps|iliopsoas|tibialis|gastroc|hallucis|\bl[2-5]\b|\bs1\b",
    re.IGNORECASE,
)


def lower_limb_power(exam: NeuroExam) -> int | None:
    """The weakest MRC grade of the lower-limb groups (all groups when none is named as lower limb)."""
    if not exam.mrc:
        return None
    lower = [v for k, v in exam.mrc.items() if _LOWER_LIMB.search(k.replace("_", " "))]
    values = lower or list(exam.mrc.values())
    return min(values)


def _grade_change(name: str, before: str | None, after: str | None, worse: list[str], better: list[str]) -> None:
    if before is None or after is None or before == after:
        return
    (worse if _GRADE_ORDER.index(after) < _GRADE_ORDER.index(before) else better).append(
        f"{name} {before} → {after}"
    )


def compare_neuro(before: NeuroExam, after: NeuroExam, before_day: int, after_day: int) -> NeuroChange:
    """How ``after`` compares with ``before`` (see the module docstring for the rules)."""
    worse: list[str] = []
    better: list[str] = []
    stable: list[str] = []
    _grade_change(
        "Frankel", before.frankel.value if before.frankel else None, after.frankel.value if after.frankel else None, worse, better
    )
    _grade_change("ASIA", before.asia.value if before.asia else None, after.asia.value if after.asia else None, worse, better)
    for name, g_before, g_after in (
        ("Frankel", before.frankel, after.frankel),
        ("ASIA", before.asia, after.asia),
    ):
        if g_before is not None and g_after is not None and g_after == g_before:
            stable.append(f"{name} {g_after.value} unchanged")
    if before.mrc and after.mrc:
        common = sorted(set(before.mrc) & set(after.mrc))
        if common:
            for key in common:
                b, a = before.mrc[key], after.mrc[key]
                if a < b:
                    worse.append(f"MRC {key.replace('_', ' ')} {b} → {a}")
                elif a > b:
                    better.append(f"MRC {key.replace('_', ' ')} {b} → {a}")
                else:
                    stable.append(f"MRC {key.replace('_', ' ')} {a} unchanged")
        else:
            b_min, a_min = min(before.mrc.values()), min(after.mrc.values())
            if a_min != b_min:
                (worse if a_min < b_min else better).append(f"weakest MRC grade {b_min} → {a_min}")
            else:
                stable.append(f"weakest MRC grade {a_min} unchanged")
    if before.ambulatory is not None and after.ambulatory is not None:
        b_r, a_r = _AMBULATORY_RANK[before.ambulatory], _AMBULATORY_RANK[after.ambulatory]
        words = f"ambulatory {before.ambulatory.value.replace('_', ' ')} → {after.ambulatory.value.replace('_', ' ')}"
        if a_r < b_r:
            worse.append(words)
        elif a_r > b_r:
            better.append(words)
        else:
            stable.append(f"ambulatory status {after.ambulatory.value.replace('_', ' ')} unchanged")
    if before.sphincter is not None and after.sphincter is not None and before.sphincter != after.sphincter:
        (worse if after.sphincter.value == "impaired" else better).append(
            f"sphincter {before.sphincter.value} → {after.sphincter.value}"
        )
    if before.motor_deficit is not None and after.motor_deficit is not None:
        if after.motor_deficit and not before.motor_deficit:
            worse.append("motor deficit appeared")
        elif before.motor_deficit and not after.motor_deficit:
            better.append("motor deficit resolved")
        else:
            stable.append("motor deficit " + ("still present" if after.motor_deficit else "still absent"))
    if after.new_deficit:
        worse.append("examiner recorded a new neurological deficit")
    if worse and better:
        trend = Trend.MIXED
    elif worse:
        trend = Trend.DETERIORATED
    elif better:
        trend = Trend.IMPROVED
    elif stable:
        trend = Trend.STABLE
    else:
        trend = Trend.CANNOT_ASSESS
    return NeuroChange(before_day, after_day, trend, tuple(worse + better + ([] if worse or better else stable)))


def trajectory(timeline: OrderedTimeline) -> tuple[NeuroPoint, ...]:
    """One point per examination, each compared with the examination before it."""
    points: list[NeuroPoint] = []
    previous: tuple[int, NeuroExam] | None = None
    for day, exam in timeline.exams:
        change = compare_neuro(previous[1], exam, previous[0], day) if previous else None
        points.append(
            NeuroPoint(
                day=day,
                exam_id=exam.id,
                frankel=exam.frankel.value if exam.frankel else None,
                asia=exam.asia.value if exam.asia else None,
                mrc_min=lower_limb_power(exam),
                ambulatory=exam.ambulatory.value if exam.ambulatory else None,
                motor_deficit=exam.motor_deficit,
                scorad=scorad_grades(exam),
                change=change,
            )
        )
        previous = (day, exam)
    return tuple(points)
