"""D8/D10: which radiotherapy schedule, and when after surgery.

``adjuvant_rt_timing`` (R-POST-1/2/4, derived): after spinal decompression or stabilisation,
give postoperative RT (ESMO 2020 [III,B]; ASTRO 2024: strong without cord compression,
conditional with it); start once the wound is sound, no earlier than about 7 days (cEBRT
preferably >= 14 days: Itshayek 2010, the timing survey, Eur Spine J 2020), and aim to start
within about 4 weeks: progression before delayed RT reached 24% by 3 months (Radiat Oncol 2020).

``rt_schedule`` (ASTRO 2024, verified): MSCC not for surgery -> 8 Gy/1, 16 Gy/2, 20 Gy/5 or
30 Gy/10, started within 24 h of the decision (QS56 st. 6); uncomplicated painful metastasis
-> 8/1, 20/5, 24/6 or 30/10 (single fraction: more retreatment, ASTRO 2017); SBRT may be
preferred for good performance status, no neurological signs, no surgery planned, SINS < 12
and <= 3 contiguous segments (SC.24 eligibility); after separation surgery high-dose
hypofractionated SBRT (24-30 Gy/3, or 24 Gy/1) over low-dose (Laufer 2013).
"""

from __future__ import annotations

from spinemet.anatomy import are_contiguous
from spinemet.case.timing import days_words
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import BONE_METASTASIS_RT, OPERATED_VERTEBRAL_METASTASIS
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    before_now,
    cord_compressed,
    days_between,
    has_deficit,
    index_level,
    on_words,
    radiotherapies_given,
    spinal_operations,
    wound_after,
)
from spinemet.pathway.failure import failures
from spinemet.pathway.model import Reason, Recommendation

EARLIEST_DAYS = 7
PREFERRED_CEBRT_DAYS = 14
LATEST_DAYS = 28

MSCC_SCHEDULES = ("8 Gy/1", "16 Gy/2", "20 Gy/5", "30 Gy/10")
UNCOMPLICATED_SCHEDULES = ("8 Gy/1", "20 Gy/5", "24 Gy/6", "30 Gy/10")
POSTOP_SBRT = ("24-30 Gy/3", "24 Gy/1")
SC24_MAX_ECOG = 2
SC24_SINS_BELOW = 12
SC24_MAX_SEGMENTS = 3


def _adjuvant(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    surgeries = inp.fact(spinal_operations)
    if not surgeries:
        return not_applicable(ADJUVANT_RT_TIMING, "No spinal operation recorded.")
    op = surgeries[-1]
    after = [r for r in s.radiotherapies() if r.day >= op.day]
    if after and before_now(s, after[0]):
        # Retrospective: whether it started early, in time or late is the course's to say.
        rt = after[0]
        return not_applicable(
            ADJUVANT_RT_TIMING,
            f"Postoperative {rt.value.type.replace('chemoradiotherapy', 'chemo-radiotherapy')} was given "
            f"({on_words(s, rt)}); its timing after the operation is "
            "judged in the course, not the plan.")
    earliest, preferred, latest = op.day + EARLIEST_DAYS, op.day + PREFERRED_CEBRT_DAYS, op.day + LATEST_DAYS
    window = Reason(
        f"Operation on day {op.day}: RT once the wound is sound, not before day {earliest} (cEBRT preferably from "
        f"day {preferred}), and started by about day {latest}.",
        {"surgery_day": op.day, "earliest_day": earliest, "preferred_cebrt_day": preferred, "latest_day": latest},
        ">= 7 days (>= 14 for cEBRT); <= ~4 weeks", "itshayek_2010")
    post = Reason("Postoperative RT after spinal decompression/stabilisation for metastasis.", {},
                  "ESMO [III,B]; ASTRO 2024 strong without / conditional with cord compression", "esmo_2020_bone")
    delay = Reason("Progression before RT: 1.2% at 1 month, 24.1% at 3 months when RT is delayed.", {},
                   "delay beyond ~4 weeks", "delayed_rt_2020")
    data = {"surgery_day": op.day, "earliest_day": earliest, "preferred_cebrt_day": preferred, "latest_day": latest}
    cites = ("esmo_2020_bone", "alcorn_2024_astro", "itshayek_2010", "timing_survey", "timing_review_2020",
             "delayed_rt_2020")
    if after:  # started at this moment (one given before it is answered above)
        rt = after[0]
        least, greatest = days_between(s, op, rt)
        gap_words = days_words((least, greatest))
        return answer(ADJUVANT_RT_TIMING, DECIDED,
                      f"Postoperative {rt.value.type.replace('chemoradiotherapy', 'chemo-radiotherapy')} started "
                      f"today, {gap_words} after surgery ({on_words(s, op)}): in progress. Follow-up due: wound and "
                      "neurological checks during the course.",
                      [window, post, delay], citations=cites,
                      data={**data, "rt_day": rt.day, "state": "in_progress", "interval_range": [least, greatest]})
    today = s.day
    least, greatest = days_between(s, op)
    if least != greatest or least is None:
        # The operation (or today) is dated by order or by a range: judge the window on the days since
        # the operation as a range, and say 'cannot tell' where it straddles a threshold.
        since = days_words((least, greatest))
        if greatest is not None and greatest < EARLIEST_DAYS:
            when = f"not yet: {since} since surgery, before the earliest start at {EARLIEST_DAYS} days"
        elif least is not None and least > LATEST_DAYS:
            when = f"OVERDUE: {since} since surgery, beyond ~4 weeks"
        elif least is not None and greatest is not None and least >= EARLIEST_DAYS and greatest <= LATEST_DAYS:
            when = f"now, if the wound is sound ({since} since surgery; window {EARLIEST_DAYS}-{LATEST_DAYS} days)"
        else:
            when = (f"cannot tell from the recorded dates ({since} since surgery): start from {EARLIEST_DAYS} days "
                    f"after it (cEBRT preferably from {PREFERRED_CEBRT_DAYS}) and by about {LATEST_DAYS} days")
    elif today < earliest:
        when = f"not yet: earliest start day {earliest} (cEBRT preferably from day {preferred})"
    elif today <= latest:
        when = f"now, if the wound is sound (window day {earliest}-{latest})"
    else:
        when = f"OVERDUE: {today - op.day} days since surgery, beyond ~4 weeks"
    wound = wound_after(s, op.day)
    cautions: list[str] = []
    reasons = [window, post, delay]
    if wound is None:
        cautions.append("Wound status is not recorded: start only once the wound is sound.")
    elif wound == "healed":
        reasons.append(Reason(f"Wound recorded as healed (day {s.wound.day if s.wound else '?'}).",
                              {"wound": wound}, "RT once the wound is sound", "itshayek_2010"))
    else:
        when = f"after the wound has healed (recorded {wound.replace('_', ' ')}); window day {earliest}-{latest}"
        reasons.append(Reason(f"Wound recorded as {wound.replace('_', ' ')}: radiotherapy waits for a sound wound.",
                              {"wound": wound}, "RT once the wound is sound", "itshayek_2010"))
    if failures(inp):  # a course alert, or a failure the record states (outcome or imaging status)
        cautions.append("A local recurrence is active: the recurrence rule governs the next step.")
    return answer(ADJUVANT_RT_TIMING, DECIDED, f"Postoperative RT to the operated level: start {when}.",
                  reasons, cautions=cautions, citations=cites, data={**data, "wound": wound})


ADJUVANT_RT_TIMING = RuleSpec(
    key="adjuvant_rt_timing",
    decision_point="D10",
    title="Postoperative radiotherapy timing",
    summary="Postoperative RT; not before ~7 days (cEBRT >= 14), flag beyond ~4 weeks.",
    inputs=("spinal operation (day)", "radiotherapy after it (day)", "wound status (wound event)"),
    outputs=("RT window (days)", "interval and verdict when RT was given"),
    sources=("esmo_2020_bone", "alcorn_2024_astro", "itshayek_2010", "timing_survey", "timing_review_2020",
             "delayed_rt_2020"),
    pathway_rules=("R-POST-1", "R-POST-2", "R-POST-4"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_adjuvant,
    applies_to=OPERATED_VERTEBRAL_METASTASIS,
)


# ------------------------------------------------------------------ rt_schedule


def sbrt_eligibility(inp: RuleInput) -> tuple[bool | None, list[Reason], list[str]]:
    """SC.24-style SBRT eligibility: ECOG 0-2, no neurological signs, no surgery, SINS < 12, <= 3 segments."""
    s = inp.snapshot
    reasons: list[Reason] = []
    missing: list[str] = []
    verdicts: list[bool | None] = []
    ecog = s.ecog.value if s.ecog else None
    ecog_result = inp.result("ecog")
    if ecog is None and ecog_result is not None:
        ecog = ecog_result.total
    verdicts.append(None if ecog is None else ecog <= SC24_MAX_ECOG)
    if ecog is None:
        missing.append("ECOG performance status")
    else:
        reasons.append(Reason(f"ECOG {ecog}.", {"ecog": ecog}, "ECOG 0-2 (SC.24)", "sahgal_2021_sc24"))
    deficit = has_deficit(s)
    verdicts.append(None if deficit is None else not deficit)
    if deficit is None:
        missing.append("neurological examination")
    sins = inp.result("sins")
    if sins is None or sins.max_total is None:
        verdicts.append(None)
        missing.append("SINS")
    elif sins.max_total < SC24_SINS_BELOW:
        verdicts.append(True)
    elif sins.min_total is not None and sins.min_total >= SC24_SINS_BELOW:
        verdicts.append(False)
        reasons.append(Reason(f"SINS {sins.min_total} or more.", {"sins_min": sins.min_total}, "SINS < 12 (SC.24)",
                              "sahgal_2021_sc24"))
    else:
        verdicts.append(None)
        missing.extend(f"SINS item: {m}" for m in sins.missing)
    levels = s.levels
    verdicts.append(None if not levels else (len(levels) <= SC24_MAX_SEGMENTS and are_contiguous(levels)))
    if not levels:
        missing.append("involved levels")
    if any(v is False for v in verdicts):
        return False, reasons, []
    if any(v is None for v in verdicts):
        return None, reasons, missing
    return True, reasons, []


def _schedule(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    level = inp.fact(index_level)
    prior = radiotherapies_given(s, level)
    recurrence = bool(failures(inp))  # course alert, or stated in the record (outcome or imaging status)
    if prior and not recurrence:
        return not_applicable(RT_SCHEDULE, f"Radiotherapy already given to this level (day {prior[-1].day}); "
                                           "re-opened by a recurrence or progression.")
    if prior:
        last = prior[-1]
        return answer(
            RT_SCHEDULE, DECIDED,
            f"Re-irradiation (previous {last.value.type} on day {last.day}): conventional spine re-irradiation "
            "8 Gy/1, 20 Gy/5, 24 Gy/6 or 20 Gy/8; SBRT only within the cord limits of reirradiation_safety.",
            [Reason("Previous radiotherapy to this level.", {"previous_rt_day": last.day}, None, "alcorn_2024_astro")],
            options=("8 Gy/1", "20 Gy/5", "24 Gy/6", "20 Gy/8"), evidence_status=EvidenceStatus.UNVERIFIED,
            cautions=("The ASTRO 2024 re-irradiation list was not found by the verification pass.",),
            citations=("alcorn_2024_astro", "lutz_2017_astro"), data={"situation": "reirradiation"})
    compressed = cord_compressed(s)
    deficit = has_deficit(s)
    surgeries = inp.fact(spinal_operations)
    operated_without_rt = bool(surgeries) and not [r for r in s.radiotherapies() if r.day >= surgeries[-1].day]
    if operated_without_rt and not recurrence:
        separation = any(p.value == "separation_surgery" for p in surgeries[-1].value.procedures or ())
        if separation:
            return answer(RT_SCHEDULE, DECIDED,
                          "Postoperative SBRT after separation surgery: high-dose hypofractionated 24-30 Gy/3 or "
                          "24 Gy/1 rather than low-dose 18-36 Gy in 5-6 fractions.",
                          [Reason("1-year local progression 4.1% (24-30 Gy/3) vs 22.6% (18-36 Gy in 5-6).", {},
                                  None, "laufer_2013_separation")],
                          options=POSTOP_SBRT, citations=("laufer_2013_separation", "alomair_2013"),
                          data={"situation": "postoperative_sbrt"})
        return answer(RT_SCHEDULE, DECIDED,
                      "Postoperative conventional RT; 30 Gy in 10 fractions was the postoperative dose in the "
                      "Patchell trial.",
                      [Reason("Both arms of Patchell 2005 received 30 Gy/10.", {}, None, "patchell2005")],
                      options=("30 Gy/10",), citations=("patchell2005", "alcorn_2024_astro"),
                      data={"situation": "postoperative_cebrt"})
    if compressed or deficit:
        return answer(
            RT_SCHEDULE, DECIDED,
            "If MSCC is treated by radiotherapy without surgery: 8 Gy/1, 16 Gy/2, 20 Gy/5 or 30 Gy/10; short "
            "course for short expected survival, longer course for good expected survival; start within 24 h of "
            "the decision.",
            [Reason("Cord compression or neurological signs.", {"cord_compression": compressed, "deficit": deficit},
                    "ASTRO 2024 (strong)", "alcorn_2024_astro"),
             Reason("Short-course for short life expectancy, long-course if inoperable with good life expectancy.",
                    {}, None, "lesperance_2012_cepo"),
             Reason("8 Gy/1 vs 20 Gy/5: ambulatory at 8 weeks 69.3% vs 72.7%.", {}, None, "hoskin_2019_scorad"),
             Reason("RT within 24 h of the decision to treat.", {}, "QS56 st. 6", "nice_qs56")],
            options=MSCC_SCHEDULES, citations=("alcorn_2024_astro", "lesperance_2012_cepo", "hoskin_2019_scorad",
                                               "nice_qs56"),
            cautions=("SBRT is not the default with neurological signs (ASTRO 2024 SBRT recommendation excludes them).",),
            data={"situation": "mscc"})
    if compressed is None and deficit is None:
        return answer(RT_SCHEDULE, NEEDS, "The RT situation (MSCC or uncomplicated) cannot be set.",
                      missing=("cord compression on MRI", "neurological examination"))
    eligible, reasons, missing = sbrt_eligibility(inp)
    base = [Reason("No cord compression and no neurological signs: uncomplicated painful metastasis.", {},
                   "ASTRO 2024", "alcorn_2024_astro"),
            Reason("Single fraction: more retreatment.", {}, None, "lutz_2017_astro")]
    if eligible is None:
        return answer(RT_SCHEDULE, NEEDS,
                      "Conventional RT 8/1, 20/5, 24/6 or 30/10; whether SBRT (e.g. 24 Gy/2) is preferable cannot be "
                      "decided yet.", base + reasons, missing=missing, options=UNCOMPLICATED_SCHEDULES,
                      citations=("alcorn_2024_astro", "sahgal_2021_sc24", "lutz_2017_astro"),
                      data={"situation": "uncomplicated", "sbrt_eligible": None})
    if eligible:
        return answer(RT_SCHEDULE, DECIDED,
                      "SBRT (e.g. 24 Gy/2) may be preferred over conventional RT: SC.24 eligibility met.",
                      base + reasons + [Reason("Complete pain response at 3 months 35% vs 14%.", {}, None,
                                               "sahgal_2021_sc24")],
                      options=("24 Gy/2 (SBRT)", *UNCOMPLICATED_SCHEDULES),
                      citations=("alcorn_2024_astro", "sahgal_2021_sc24", "lutz_2017_astro"),
                      data={"situation": "uncomplicated", "sbrt_eligible": True})
    return answer(RT_SCHEDULE, DECIDED, "Conventional RT: 8 Gy/1, 20 Gy/5, 24 Gy/6 or 30 Gy/10 (SBRT eligibility not met).",
                  base + reasons, options=UNCOMPLICATED_SCHEDULES,
                  citations=("alcorn_2024_astro", "sahgal_2021_sc24", "lutz_2017_astro"),
                  data={"situation": "uncomplicated", "sbrt_eligible": False})


RT_SCHEDULE = RuleSpec(
    key="rt_schedule",
    decision_point="D8",
    title="Radiotherapy schedule",
    summary="ASTRO 2024 schedules for MSCC, uncomplicated, postoperative and re-irradiation settings; SBRT "
            "eligibility as in SC.24.",
    inputs=("cord compression", "neurological examination", "operations and RT so far", "ECOG", "SINS",
            "involved levels", "recurrence alerts"),
    outputs=("situation", "schedules", "SBRT eligibility"),
    sources=("alcorn_2024_astro", "lutz_2017_astro", "sahgal_2021_sc24", "hoskin_2019_scorad",
             "lesperance_2012_cepo", "laufer_2013_separation", "nice_qs56", "patchell2005"),
    pathway_rules=("R-RT-1", "R-RT-2", "R-RT-3", "R-RT-4", "R-RT-5", "R-REC-5"),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_schedule,
    applies_to=BONE_METASTASIS_RT,
)

