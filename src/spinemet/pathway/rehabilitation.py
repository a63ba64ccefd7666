"""D13: rehabilitation and functional follow-up.

Early assessment for rehabilitation and coordinated ongoing care (QS56 statement 5). Record at
each visit the neurological grade, MRC power, ambulatory grade, pain and continence (R-FUNC-1).
The SCORAD ambulatory grade is read with :func:`spinemet.instruments.scorad.scorad_grade`
(Hoskin 2019 Table 1: 1 walks without aids, 2 with aids, 3 unable to walk, 4 absent or flicker
power). If walking or the Frankel/ASIA grade worsens,
re-triage (R-FUNC-2, derived). Inpatient rehabilitation after MSCC gained about 20 FIM points
(Fortin 2015).
"""

from __future__ import annotations

from spinemet.evidence import EvidenceStatus
from spinemet.instruments.scorad import scorad_grade
from spinemet.pathway.applicability import ANY_AFTER_TREATMENT
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, has_deficit, open_surgeries
from spinemet.pathway.model import Reason, Recommendation

_ORDER = "ABCDE"
_WALK = {"independent": 0, "with_aid": 1, "non_ambulatory": 2}


def _treated_by_today(inp: RuleInput) -> bool:
    """Whether a definitive treatment (an open operation, radiotherapy) was given before the snapshot's day or
    any treatment is recorded on it: whether :func:`definitive_before_today` or the day's treatments name any
    (only that is asked here, so the labels are not worded)."""
    s = inp.snapshot
    day = s.day
    # plain loops: a generator in ``any`` costs a frame and a resumption per treatment
    for d in inp.fact(open_surgeries):
        if d.day < day:
            return True
    for r in s.radiotherapies():
        if r.day < day:
            return True
    for t in s.treatments:
        if t.day == day:
            return True
    return False


def _rehab(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    if not _treated_by_today(inp) and not has_deficit(s):
        return not_applicable(REHABILITATION, "No treatment yet and no deficit recorded.")
    if s.neuro is None:
        return answer(REHABILITATION, NEEDS, "Rehabilitation needs a functional baseline.",
                      missing=("neurological examination (grade, MRC power, walking, continence)",))
    n = s.neuro.value
    recorded = {"Frankel/ASIA": (n.frankel or n.asia), "MRC power": n.mrc, "walking": n.ambulatory,
                "continence": n.sphincter, "pain NRS": s.pain.value.nrs if s.pain else None}
    missing = [k for k, v in recorded.items() if v is None]
    reasons = [Reason("Early rehabilitation assessment and coordinated ongoing care.", {}, "QS56 st. 5", "nice_qs56")]
    grade = scorad_grade(n)
    if grade is not None:
        reasons.append(Reason(f"SCORAD ambulatory grade {grade}.", {"scorad": grade},
                              "Hoskin 2019 Table 1 (verified)", "hoskin_2019_scorad"))
    trend = None
    if s.previous_neuro is not None:
        p = s.previous_neuro.value
        before, now = (p.frankel or p.asia), (n.frankel or n.asia)
        if before and now:
            # the grades are str enums, each equal to its letter (``.value`` is a property call per read)
            trend = "worse" if _ORDER.index(now) < _ORDER.index(before) else (
                "better" if _ORDER.index(now) > _ORDER.index(before) else "same")
        elif p.ambulatory and n.ambulatory:
            diff = _WALK[n.ambulatory] - _WALK[p.ambulatory]
            trend = "worse" if diff > 0 else ("better" if diff < 0 else "same")
        elif p.motor_deficit and n.motor_deficit is False:
            trend = "better"
        elif p.motor_deficit is False and n.motor_deficit:
            trend = "worse"
    if trend:
        reasons.append(Reason(f"Function since day {s.previous_neuro.day if s.previous_neuro else '?'}: {trend}.",
                              {"trend": trend}, "re-triage if worse (R-FUNC-2, derived)", "nice_ng234"))
    if trend == "worse":
        statement = "Function has worsened: re-triage now (MSCC urgency and MRI), then adjust the rehabilitation plan."
    else:
        statement = ("Rehabilitation: assess early, set goals and follow walking, power, continence and pain at each "
                     "visit" + (f" (function {trend} since the last examination)." if trend else "."))
    status = DECIDED if len(missing) < len(recorded) else NEEDS
    return answer(REHABILITATION, status, statement, reasons,
                  missing=missing if status is NEEDS else (),
                  cautions=[f"Not recorded at the last examination: {', '.join(missing)}."] if missing else (),
                  options=("Inpatient rehabilitation gained about 20 FIM points after MSCC (Fortin et al.).",),
                  data={"scorad": grade, "trend": trend})


REHABILITATION = RuleSpec(
    key="rehabilitation",
    decision_point="D13",
    title="Rehabilitation and functional follow-up",
    summary="Early rehabilitation; record grade, MRC, walking (SCORAD), continence, pain; re-triage if worse.",
    inputs=("neurological examinations (this and previous)", "pain", "treatments so far"),
    outputs=("rehabilitation instruction", "SCORAD grade", "trend"),
    sources=("nice_qs56", "hoskin_2019_scorad", "fortin_2015_rehab", "mckinley_1999_rehab"),
    pathway_rules=("R-FUNC-1", "R-FUNC-2"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_rehab,
    applies_to=ANY_AFTER_TREATMENT,
)
