"""Neurological and functional trajectory: exam-to-exam change and the SCORAD ambulatory grade.

Change is judged field by field on what both examinations recorded: Frankel grade (Frankel
1969), ASIA impairment grade (ISNCSCI), MRC power per muscle group, ambulatory status,
sphincter function, the presence of a motor deficit, and an examiner's explicit "new
deficit". Worse in something and better in nothing is *deteriorated*; the reverse is
*improved*; both is *mixed*; nothing comparable is *cannot assess*. A fall of one Frankel
or ASIA grade, or of one ambulatory grade, is the re-triage trigger of R-FUNC-2 (derived).

SCORAD ambulatory grade (Hoskin 2019, ``pathway.md`` §8): 1 walks without aids and power
5/5; 2 walks with aids or power 4/5; 3 not ambulatory, power 2-3/5; 4 not ambulatory, power
0-1/5 (grades 1-2 seen in the source, 3-4 recalled). Unknown inputs give the set of grades
still possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spinemet.case.events import NeuroExam
from spinemet.case.model import Case
from spinemet.case.vocab import Ambulatory
from spinemet.course.model import NeuroChange, NeuroPoint, Trend

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


def _scorad(ambulatory: Ambulatory, power: int) -> int:
    if ambulatory is Ambulatory.NON_AMBULATORY:
        return 4 if power <= 1 else 3
    if ambulatory is Ambulatory.WITH_AID:
        return 2
    return 1 if power == 5 else 2


def scorad_grades(exam: NeuroExam) -> tuple[int, ...]:
    """The SCORAD ambulatory grades (1-4) the examination allows; empty when nothing is known.

    Frankel A-C constrains the patient to non-ambulatory and Frankel D to ambulatory; no
    motor deficit means power 5/5 when MRC is not recorded.
    """
    power = lower_limb_power(exam)
    if exam.ambulatory is None and power is None and exam.frankel is None and exam.motor_deficit is None:
        return ()
    if exam.ambulatory is not None:
        walks: Iterable[Ambulatory] = (exam.ambulatory,)
    elif exam.frankel is not None and exam.frankel.value in "ABC":
        walks = (Ambulatory.NON_AMBULATORY,)
    elif exam.frankel is not None and exam.frankel.value == "D":
        walks = (Ambulatory.INDEPENDENT, Ambulatory.WITH_AID)
    else:
        walks = tuple(Ambulatory)
    if power is not None:
        powers: Iterable[int] = (power,)
    elif exam.motor_deficit is False:
        powers = (5,)
    elif exam.motor_deficit is True:
        powers = range(0, 5)
    else:
        powers = range(0, 6)
    return tuple(sorted({_scorad(w, p) for w in walks for p in powers}))


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


def exams(case: Case) -> list[tuple[int, NeuroExam]]:
    """The neurological examinations of ``case`` in day order."""
    return [(d, e) for d, e in case.ordered_events() if isinstance(e, NeuroExam)]


def trajectory(case: Case) -> tuple[NeuroPoint, ...]:
    """One point per examination, each compared with the examination before it."""
    points: list[NeuroPoint] = []
    previous: tuple[int, NeuroExam] | None = None
    for day, exam in exams(case):
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


def exam_on_or_before(case: Case, day: int) -> tuple[int, NeuroExam] | None:
    found = [(d, e) for d, e in exams(case) if d <= day]
    return found[-1] if found else None


def exam_after(case: Case, day: int) -> tuple[int, NeuroExam] | None:
    found = [(d, e) for d, e in exams(case) if d > day]
    return found[0] if found else None
