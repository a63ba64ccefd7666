"""D12: what to do when the tumour comes back at a treated level.

Options (pathway.md 5.3): revision decompression for a fit patient with high-grade ESCC, a
meaningful expected survival and a radioresistant tumour or no further safe RT (Laufer 2010:
major complications 5%, 65% ambulatory at last follow-up; R-REC-1); high revision risk when
the recurrence comes within 4 weeks of the operation, the wound is not healed or the field
was irradiated (wound complications about x3 after RT, Ghogawala 2001; R-REC-2, derived for
time); systemic therapy with RT (concurrent where possible) in preference to revision for
chemo- and radiosensitive histology (CEPO 2012; the index case; R-REC-3); re-irradiation within
cord limits (R-REC-4/5); best supportive care for poor performance or short survival.
The rule never recommends a second operation unless the facts that justify it are recorded.
"""

from __future__ import annotations

from spinemet.case.timing import days_words
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import VERTEBRAL_RECURRENCE
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    cord_compressed,
    days_between,
    expected_survival_months,
    fit_for_surgery,
    has_deficit,
    open_surgeries,
    possible,
    radiotherapies_at,
    worst_escc,
    wound_after,
)
from spinemet.pathway.model import Reason, Recommendation

RECENT_SURGERY_DAYS = 28  # R-REC-2: <= 4 weeks (derived)
MIN_SURVIVAL_MONTHS = 3.0  # "adequate" survival read with Patchell's 3 months (derived)
CHEMO_RADIO_SITES = ("lymphoma", "myeloma", "germ_cell", "lung_sclc", "lung_lcnec")
CHEMO_RADIO_NET = ("nec", "lcnec", "sclc")


def _chemo_radiosensitive(inp: RuleInput) -> bool | None:
    s = inp.snapshot
    if s.primary.site.value in CHEMO_RADIO_SITES:
        return True
    if s.net is not None or s.primary.site.value in ("lung_carcinoid", "gep_net"):
        grades = possible(inp.result("net_grade"))
        grades = tuple(g for g in grades if g != "not_classified")
        if grades and all(g in CHEMO_RADIO_NET for g in grades):
            return True
        if grades and not any(g in CHEMO_RADIO_NET for g in grades):
            return False
        return None
    return False if s.primary.site.value != "unknown" else None


def _recurrence(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    alerts = inp.reopened("after_local_recurrence")
    if not alerts:
        return not_applicable(AFTER_LOCAL_RECURRENCE, "No active local recurrence or progression alert.")
    alert = alerts[0]
    reasons = [Reason(f"Course alert: {alert.title}.", {"alert": alert.key, "day": alert.day}, None,
                      alert.citations[0] if alert.citations else None)]
    risks: list[str] = []
    missing: list[str] = []
    surgeries = open_surgeries(s)
    if surgeries:
        op = surgeries[-1]
        least, greatest = days_between(s, op)
        if least is not None and least == greatest:
            since = least
            if since <= RECENT_SURGERY_DAYS:
                risks.append(f"recent surgery ({since} days ago)")
                reasons.append(Reason(f"Recurrence {since} days after the operation: tissues not healed.",
                                      {"days_since_surgery": since}, "<= 4 weeks -> high revision risk (derived)",
                                      "ghogawala_2001"))
        elif greatest is not None and greatest <= RECENT_SURGERY_DAYS:
            risks.append(f"recent surgery ({days_words((least, greatest))} ago)")
            reasons.append(Reason(f"Recurrence {days_words((least, greatest))} after the operation: tissues not "
                                  "healed.", {"days_since_surgery": [least, greatest]},
                                  "<= 4 weeks -> high revision risk (derived)", "ghogawala_2001"))
        elif least is None or least <= RECENT_SURGERY_DAYS:
            risks.append(f"possibly recent surgery ({days_words((least, greatest))} ago; the dates do not tell "
                         "whether it is within 4 weeks)")
            reasons.append(Reason(f"Recurrence {days_words((least, greatest))} after the operation: whether the "
                                  "tissues have healed (4 weeks) cannot be told from the recorded dates.",
                                  {"days_since_surgery": [least, greatest]},
                                  "<= 4 weeks -> high revision risk (derived)", "ghogawala_2001"))
        wound = wound_after(s, op.day)
        if wound is not None and wound != "healed":
            risks.append(f"wound {wound.replace('_', ' ')}")
            reasons.append(Reason(f"Wound recorded as {wound.replace('_', ' ')}: high revision risk.",
                                  {"wound": wound}, "wound not healed -> high revision risk (R-REC-2, derived)",
                                  "ghogawala_2001"))
        if op.value.fixation_span is not None or any(
                f.value.instrumented for f in s.findings.values()):
            risks.append("instrumented field")
            reasons.append(Reason(f"Instrumented field ({op.value.fixation_span or 'hardware in place'}): revision "
                                  "works around hardware with imaging artefact.", {"instrumented": True},
                                  "re-operation risk marker", "kumar_2021_failure"))
    prior_rt = radiotherapies_at(s, s.index_level, before=s.day)
    if prior_rt:
        risks.append("irradiated field")
        reasons.append(Reason("Previous RT to the field: major wound complications about 3x (32% vs 12%).",
                              {"previous_rt_day": prior_rt[-1].day}, None, "ghogawala_2001"))
    grade = worst_escc(s)
    high = cord_compressed(s)
    if grade is not None or high:
        reasons.append(Reason(f"{'ESCC ' + grade.value if grade else 'Cord compression'} at recurrence.",
                              {"escc": grade.value if grade else None}, "ESCC >= 2 = high grade", "bilsky2010"))
    deficit = has_deficit(s)
    new = bool(s.neuro and s.neuro.value.new_deficit) or any(a.key == "neurological_deterioration"
                                                                for a in inp.alerts)
    if new:
        reasons.append(Reason("New neurological deficit: MSCC emergency measures apply again (mscc_urgency).",
                              {"new_deficit": True}, "R-SURV-2 (derived)", "nice_ng234"))
    fit = fit_for_surgery(s)
    months = expected_survival_months(s)
    sensitive = _chemo_radiosensitive(inp)
    radio = possible(inp.result("radiosensitivity"))
    resistant = True if radio == ("resistant",) else (False if radio and "resistant" not in radio else None)
    if fit is None:
        missing.append("fitness for surgery (team assessment)")
    if months is None:
        missing.append("expected survival (months)")
    if sensitive is None:
        grade_result = inp.result("net_grade")
        gaps = grade_result.missing if grade_result is not None else ()
        missing.append("histology grade (chemo- and radiosensitivity)" + (f": {', '.join(gaps)}" if gaps else ""))
    options: list[str] = []
    # Revision decompression (R-REC-1): only when every justifying fact is recorded.
    revision_facts = (high is True, fit is True, months is not None and months >= MIN_SURVIVAL_MONTHS,
                      resistant is True or (bool(prior_rt)))
    if all(revision_facts):
        options.append("Revision decompression (posterolateral, keeping the hardware) may be considered: fit, "
                       "high-grade ESCC, adequate survival, radioresistant or no further safe RT (Laufer 2010: "
                       "major complications 5%, 65% ambulatory)" + (f"; risk: {', '.join(risks)}" if risks else ""))
    else:
        lacking = [name for name, ok in zip(("high-grade ESCC", "fitness for surgery", "expected survival >= 3 months",
                                             "radioresistant histology or no further safe RT"), revision_facts,
                                            strict=True) if not ok]
        options.append("Revision decompression NOT recommended on the recorded facts (lacking: "
                       + ", ".join(lacking) + ")" + (f"; high risk: {', '.join(risks)}" if risks else ""))
    if sensitive:
        options.insert(0, "Systemic therapy with RT (concurrent chemo-radiotherapy where the regimen allows), in "
                          "preference to revision: chemo- and radiosensitive histology (CEPO 2012; index case).")
    elif sensitive is None:
        options.insert(0, "Concurrent chemo-radiotherapy if the histology is a high-grade NEC or otherwise chemo- "
                          "and radiosensitive (CEPO 2012; index case) - grade not known.")
    if prior_rt:
        options.append("Re-irradiation: conventional 8/1, 20/5, 24/6 or 20/8, or SBRT within cord limits "
                       "(see reirradiation_safety).")
    else:
        options.append("Radiotherapy to the recurrence (first course at this level): see rt_schedule.")
    options.append("Best supportive care if performance status is poor or expected survival short.")
    if sensitive and high is not False:
        statement = ("Local recurrence: systemic therapy with RT (concurrent chemo-RT) preferred over revision "
                     "surgery for this chemo- and radiosensitive histology.")
        status = DECIDED
    elif all(revision_facts) and not risks:
        statement = "Local recurrence: revision decompression is an option for this fit patient (see options)."
        status = DECIDED
    else:
        statement = ("Local recurrence" + (f" with {', '.join(risks)}" if risks else "")
                     + ": non-operative management (RT, with systemic therapy if the histology is chemosensitive) "
                     "unless facts justifying a second operation are recorded.")
        status = NEEDS if missing else DECIDED
    for d in s.decisions:
        if d.day <= s.day:
            reasons.append(Reason(f"Team decision recorded on day {d.day}: {d.value.summary}", {"decision_day": d.day}))
    return answer(AFTER_LOCAL_RECURRENCE, status, statement, reasons, missing=missing, options=options,
                  cautions=(() if surgeries and wound_after(s, surgeries[-1].day) is not None
                            else ("Wound status is not in the record: check it before any re-operation.",)),
                  evidence_status=EvidenceStatus.DERIVED,
                  data={"risks": risks, "revision_justified": all(revision_facts),
                        "chemo_radiosensitive": sensitive, "deficit": deficit})


AFTER_LOCAL_RECURRENCE = RuleSpec(
    key="after_local_recurrence",
    decision_point="D12",
    title="Manage local recurrence or progression",
    summary="Revision (selected fit patients) vs re-irradiation vs systemic/chemo-RT vs supportive care.",
    inputs=("recurrence alert (course)", "time since surgery", "hardware", "ESCC now", "new deficit",
            "previous RT", "histology chemo/radiosensitivity (NET grade)", "fitness", "expected survival"),
    outputs=("preferred approach", "options with reasons", "revision risk markers"),
    sources=("laufer_2010_repeat", "ghogawala_2001", "lesperance_2012_cepo", "kaliya_perumal_2019",
             "sahgal_2012_reirr", "alcorn_2024_astro"),
    pathway_rules=("R-REC-1", "R-REC-2", "R-REC-3", "R-REC-4", "R-REC-5"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_recurrence,
    applies_to=VERTEBRAL_RECURRENCE,
)
