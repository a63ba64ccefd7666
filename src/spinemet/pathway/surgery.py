"""D7: is this patient a candidate for direct decompressive surgery (Patchell 2005)?

Patchell 2005 (verified) randomised patients with tissue-proven cancer (not radiosensitive:
lymphoma, leukaemia, myeloma, germ-cell tumours excluded), MRI evidence of cord displacement
restricted to a single area (one level or contiguous levels), at least one neurological sign
or symptom, expected survival of at least 3 months, fit for surgery, and not totally
paraplegic for more than 48 h; surgery + RT kept more patients walking (84% vs 57%).
Cauda-equina- or root-only compression was excluded (verification finding 12e). The age
interaction (Chi 2009; Rades 2012) informs without vetoing: at 65 or older the advantage of
surgery was not shown. The rule lists each criterion as met, not met, or unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.anatomy import Level, are_contiguous
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import EXTRADURAL_CORD_COMPRESSION
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    compressed_levels,
    cord_compressed,
    expected_survival_months,
    fit_for_surgery,
    has_deficit,
    open_surgeries,
    radiotherapies_at,
)
from spinemet.pathway.model import Reason, Recommendation

#: Patchell 2005: expected survival of at least 3 months.
MIN_SURVIVAL_MONTHS = 3.0
#: Patchell 2005 exclusion: total paraplegia for more than 48 hours.
PARAPLEGIA_HOURS = 48.0
#: Chi 2009: at 65 or older surgery + RT and RT alone gave equivalent outcomes.
AGE_INTERACTION = 65
#: Patchell 2005 excluded these radiosensitive histologies.
RADIOSENSITIVE_SITES = ("lymphoma", "myeloma", "germ_cell")
#: The cord ends about L1-L2; compression below L1 is cauda equina (anatomical convention, derived).
LOWEST_CORD_LEVEL = Level.L1


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool | None
    fact: str
    missing: str


def criteria(inp: RuleInput) -> list[Criterion]:
    s = inp.snapshot
    out: list[Criterion] = []
    compressed = cord_compressed(s)
    out.append(Criterion("MRI cord compression (ESCC 2-3)", compressed,
                         {True: "cord compressed", False: "no cord compression", None: "not graded"}[compressed],
                         "ESCC grade / cord compression on MRI"))
    levels = compressed_levels(s)
    single = are_contiguous(levels) if levels else None
    out.append(Criterion("single area (one level or contiguous levels)", single,
                         ", ".join(str(lv) for lv in levels) or "no compressed level recorded",
                         "levels of cord compression"))
    cord = None if not levels else all(lv <= LOWEST_CORD_LEVEL for lv in levels)
    out.append(Criterion("spinal cord, not cauda equina / roots only", cord,
                         f"compression at {', '.join(str(lv) for lv in levels)}" if levels else "unknown",
                         "level of compression"))
    deficit = has_deficit(s)
    pain = s.pain is not None and (s.pain.value.nrs or 0) > 0
    sign = True if (deficit or pain) else (False if deficit is False and s.pain is not None else None)
    out.append(Criterion("at least one neurological sign or symptom", sign,
                         "deficit" if deficit else ("pain" if pain else "none recorded"),
                         "neurological examination"))
    site = s.primary.site.value
    radio = None if site == "unknown" else site not in RADIOSENSITIVE_SITES
    out.append(Criterion("not a radiosensitive histology (lymphoma, leukaemia, myeloma, germ cell)", radio,
                         f"primary {site}", "primary tumour histology"))
    months = expected_survival_months(s)
    out.append(Criterion(f"expected survival >= {MIN_SURVIVAL_MONTHS:g} months",
                         None if months is None else months >= MIN_SURVIVAL_MONTHS,
                         "unknown" if months is None else f"{months:g} months", "expected survival (months)"))
    fit = fit_for_surgery(s)
    out.append(Criterion("medically fit for surgery", fit, {True: "yes", False: "no", None: "unknown"}[fit],
                         "fitness for surgery (team assessment)"))
    out.append(_paraplegia(inp))
    return out


def _paraplegia(inp: RuleInput) -> Criterion:
    name = f"not completely paraplegic for > {PARAPLEGIA_HOURS:g} h"
    s = inp.snapshot
    if s.neuro is None:
        return Criterion(name, None, "no examination", "neurological examination")
    n = s.neuro.value
    hours = n.complete_paraplegia_hours
    if hours is not None:
        return Criterion(name, hours <= PARAPLEGIA_HOURS, f"complete paraplegia for {hours:g} h",
                         "duration of complete paraplegia")
    grade = n.frankel or n.asia
    if grade is not None:
        if grade.value != "A":
            return Criterion(name, True, f"Frankel/ASIA {grade.value} (not complete)", "")
        return Criterion(name, None, "complete (grade A), duration not recorded",
                         "duration of complete paraplegia (hours)")
    if n.motor_deficit is False or (n.ambulatory is not None and n.ambulatory.value != "non_ambulatory"):
        return Criterion(name, True, "not paraplegic", "")
    if n.mrc and any(v > 0 for v in n.mrc.values()):
        return Criterion(name, True, "some motor power preserved", "")
    return Criterion(name, None, "motor deficit of unrecorded severity",
                     "severity of the deficit (Frankel/ASIA grade) and, if complete, its duration")


def _candidacy(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    earlier = open_surgeries(s, before=s.day)
    if earlier:
        return not_applicable(SURGICAL_CANDIDACY, f"Already operated on day {earlier[-1].day}; a further operation "
                                                  "is weighed by after_local_recurrence.")
    if cord_compressed(s) is False:
        return not_applicable(SURGICAL_CANDIDACY, "No cord compression on imaging: decompression is not in question "
                                                  "(stability is weighed by noms).")
    crits = criteria(inp)
    reasons = [Reason(f"{c.name}: {'met' if c.met else ('NOT met' if c.met is False else 'unknown')} ({c.fact}).",
                      {"criterion": c.name, "met": c.met}, "Patchell 2005 eligibility", "patchell2005")
               for c in crits]
    cautions = []
    age = s.age()
    if age is None:
        cautions.append("Age not recorded: the age interaction (Chi 2009) cannot be shown.")
    elif age >= AGE_INTERACTION:
        reasons.append(Reason(f"Age {age}: at 65 or older surgery + RT and RT alone gave equivalent outcomes.",
                              {"age": age}, ">= 65 years (Chi 2009; Rades 2012)", "chi_2009_age"))
    else:
        reasons.append(Reason(f"Age {age}: under 65 surgery preserved walking better.", {"age": age},
                              "< 65 years (Chi 2009)", "chi_2009_age"))
    if radiotherapies_at(s, s.index_level, before=s.day):
        cautions.append("Previous radiotherapy to this level: outside the Patchell population, and wound "
                        "complications are about three times as common after RT (Ghogawala 2001).")
    if s.neuro and s.neuro.value.motor_deficit_onset_day is not None:
        hours = (s.day - s.neuro.value.motor_deficit_onset_day) * 24
        if hours < 48:
            reasons.append(Reason("Motor deficit developed within 48 h: after RT alone almost none improve.",
                                  {"onset_hours": hours}, "<48 h -> 0% improved (Rades 2000)", "rades_2000_tempo"))
    failed = [c for c in crits if c.met is False]
    unknown = [c for c in crits if c.met is None]
    data = {"criteria": {c.name: c.met for c in crits}}
    if failed:
        return answer(
            SURGICAL_CANDIDACY, DECIDED,
            "Outside the Patchell criteria (" + "; ".join(c.name for c in failed) + "): open decompression is not "
            "supported by that evidence; consider RT with percutaneous or cement stabilisation where needed (R-S-1).",
            reasons, cautions=cautions, data={**data, "candidate": False},
            citations=("patchell2005", "chi_2009_age", "rades_2012_elderly"))
    if unknown:
        known = [c.name for c in crits if c.met]
        return answer(
            SURGICAL_CANDIDACY, NEEDS,
            f"Patchell criteria met so far: {len(known)} of {len(crits)}; still needed: "
            + "; ".join(c.name for c in unknown) + ".",
            reasons, missing=[c.missing for c in unknown], cautions=cautions,
            data={**data, "candidate": None}, citations=("patchell2005", "chi_2009_age"))
    return answer(
        SURGICAL_CANDIDACY, DECIDED,
        "Candidate for direct decompressive surgery (with stabilisation as needed) followed by RT: all Patchell "
        "criteria met; operate within 24 h of the decision.",
        reasons, cautions=cautions, data={**data, "candidate": True},
        citations=("patchell2005", "chi_2009_age", "alcorn_2024_astro"))


SURGICAL_CANDIDACY = RuleSpec(
    key="surgical_candidacy",
    decision_point="D7",
    title="Surgical candidacy (Patchell criteria)",
    summary="Cord compression in one area, neurological sign, not radiosensitive, survival >= 3 months, fit, "
            "not paraplegic > 48 h; age >= 65 shown as an interaction.",
    inputs=("cord compression and its levels", "neurological examination (grade, paraplegia duration)",
            "primary site", "expected survival (months)", "fitness for surgery", "age", "previous RT"),
    outputs=("candidate yes/no/unknown, criterion by criterion",),
    sources=("patchell2005", "chi_2009_age", "rades_2012_elderly", "rades_2000_tempo", "ghogawala_2001"),
    pathway_rules=("R-SURG-1", "R-S-1", "R-S-2", "R-S-3", "R-N-2"),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_candidacy,
    applies_to=EXTRADURAL_CORD_COMPRESSION,
)
