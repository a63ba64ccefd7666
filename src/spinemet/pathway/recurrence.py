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
from spinemet.pathway.base import BRANCHED, DECIDED, NA, NEEDS, RuleSpec, answer
from spinemet.pathway.context import (
    RuleInput,
    cord_compressed,
    days_between,
    expected_survival_months,
    fit_for_surgery,
    has_deficit,
    index_level,
    open_surgeries,
    possible,
    started_today,
    touches,
    worst_escc,
    wound_after,
)
from spinemet.pathway.failure import Failure, Prior, failure_count, failures, history
from spinemet.pathway.model import Branch, Reason, Recommendation
from spinemet.pathway.net import CLASS_RADIOSENSITIVITY, net_class
from spinemet.pathway.survival import offers_in_words, survival_offers

RECENT_SURGERY_DAYS = 28  # R-REC-2: <= 4 weeks (derived)
MIN_SURVIVAL_MONTHS = 3.0  # "adequate" survival read with Patchell's 3 months (derived)
CHEMO_RADIO_SITES = ("lymphoma", "myeloma", "germ_cell", "lung_sclc", "lung_lcnec")
CHEMO_RADIO_NET = ("nec", "lcnec", "sclc")
#: Neuro-endocrine, but outside the WHO GEP/lung grading (and not among CEPO's chemo- and radiosensitive
#: histologies that R-REC-3 names): no grade to ask for.
NOT_WHO_GRADED = ("paraganglioma",)


def _chemo_radiosensitive(inp: RuleInput) -> bool | None:
    s = inp.snapshot
    if s.primary.site.value in CHEMO_RADIO_SITES:
        return True
    if s.primary.site.value in NOT_WHO_GRADED:
        return False  # phaeochromocytoma / paraganglioma: outside WHO NEN grading, not among R-REC-3's histologies
    classes, _where = net_class(inp)  # the WHO class wherever recorded, the histology text included
    if s.net is not None or s.primary.site.value in ("lung_carcinoid", "gep_net") or classes:
        grades = tuple(g for g in classes if g != "not_classified")
        if grades and all(g in CHEMO_RADIO_NET for g in grades):
            return True
        if grades and not any(g in CHEMO_RADIO_NET for g in grades):
            return False
        return None
    return False if s.primary.site.value != "unknown" else None


def _recurrence(inp: RuleInput) -> Recommendation:
    found = failures(inp)
    if not found:
        return answer(AFTER_LOCAL_RECURRENCE, NA, "No active local recurrence or progression alert.",
                      citations=AFTER_LOCAL_RECURRENCE.sources[:6])
    sensitive = _chemo_radiosensitive(inp)
    rec = None
    if sensitive is None:
        groups = _class_groups(inp)
        if groups is not None:
            rec = _per_class(inp, found, *groups)
    rec = rec or _evaluate(inp, found, sensitive)
    return _in_progress(inp, found, rec)


_RESPONSE_FOLLOW_UP = ("Follow-up due: imaging of the level to judge the response (SPINO), and a neurological "
                       "examination, with re-triage at once if any deficit appears or worsens.")


def _in_progress(inp: RuleInput, found: tuple[Failure, ...], rec: Recommendation) -> Recommendation:
    """The decision once a definitive treatment has started on the snapshot's day, after the failure was known:
    the treatment answers it, so the plan shows it as in progress with what is due next, not the open decision
    (issue 14: an emergency that treatment has started to address is not repeated). The decision that was laid
    out is kept as a reason; branches are dropped, because the team has chosen."""
    s = inp.snapshot
    if rec.status is NA or s.day <= max(f.day for f in found):
        return rec  # a treatment on the day the failure is found may be the one that failed: not read as an answer
    # only a treatment that reaches the recurrent level (or whose levels are not recorded) answers it
    started = [words for dated, words in started_today(s)
               if touches(getattr(dated.value, "levels", None), inp.fact(index_level)) is not False]
    if not started:
        return rec
    treated = "; ".join(started)
    reasons = (*rec.reasons,
               Reason(f"Before the treatment the decision read: {rec.statement}", {"status_before": rec.status.value},
                      "kept for the record"),
               Reason(f"Definitive treatment started today, after the recurrence was known: {treated}.",
                      {"started_today": started}, "the state after the day's events, in their recorded order"))
    return Recommendation(
        rule=rec.rule, decision_point=rec.decision_point, status=DECIDED,
        statement=f"IN PROGRESS: {treated} started today answers the local recurrence. {_RESPONSE_FOLLOW_UP}",
        reasons=reasons, citations=tuple(dict.fromkeys((*rec.citations, "thibault_2015_spino"))),
        evidence_status=rec.evidence_status, options=rec.options, cautions=rec.cautions,
        data={**rec.data, "state": "in_progress", "answered_by": started},
    )


def _class_groups(inp: RuleInput) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """(high-grade NEC classes, other classes, where read) when the WHO classes the record still allows
    span both R-REC-3 groups and each other class has a radiosensitivity group (R-O-3): the grade is bounded,
    so the rule lays out one answer per group instead of stopping (issue 14 item 1)."""
    classes, where = net_class(inp)
    grades = tuple(g for g in classes if g != "not_classified")
    nec = tuple(g for g in grades if g in CHEMO_RADIO_NET)
    other = tuple(g for g in grades if g not in CHEMO_RADIO_NET)
    if not nec or not other or any(g not in CLASS_RADIOSENSITIVITY for g in other):
        return None
    return nec, other, where


def _evaluate(inp: RuleInput, found: tuple[Failure, ...], sensitive: bool | None,
              resistant_override: bool | None = None) -> Recommendation:
    """The recurrence answer with the histology's chemo- and radiosensitivity taken as ``sensitive`` (and its
    radioresistance as ``resistant_override`` when a WHO class group fixes it)."""
    s = inp.snapshot
    first = found[0]
    if first.alert is not None:
        alert = first.alert
        reasons = [Reason(f"Course alert: {alert.title}.", {"alert": alert.key, "day": alert.day}, None,
                          alert.citations[0] if alert.citations else None)]
    else:
        reasons = [Reason(f"Recorded on day {first.day}: {first.title}.", {"outcome_day": first.day,
                          "local_recurrence": True})]
    prior = history(s, first.day)
    count = failure_count(inp)
    risks: list[str] = []
    missing: list[str] = []
    surgeries = inp.fact(open_surgeries)
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
    prior_rt = [p for p in prior if p.radiotherapy]
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
    radio = possible(inp.result("radiosensitivity"))
    # "not classified" (e.g. phaeochromocytoma, paraganglioma) says nothing about radioresistance: unknown, not "no".
    resistant = True if radio == ("resistant",) else (
        False if radio and "resistant" not in radio and "not_classified" not in radio else None)
    if resistant_override is not None:
        resistant = resistant_override
    # Imaging/pathology facts R-REC-1 needs that no bedside judgement can supply (named when they decide).
    facts_missing: list[str] = []
    if high is None:
        facts_missing.append("ESCC grade at the recurrence (axial T2 MRI; nothing recorded about the canal)")
    if resistant is None and not prior_rt:
        site = s.primary.site.value.replace("_", " ")
        facts_missing.append(f"radiosensitivity of the histology ({site}: not classified by a source here)")
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
    operation = ("Revision decompression" if surgeries else
                 "Surgery after " + (_history_words(prior) if prior else "the failed treatment")
                 + " failure (decompression, with stabilisation as needed)")
    if all(revision_facts):
        options.append(f"{operation}{' (posterolateral, keeping the hardware)' if surgeries else ''} may be "
                       "considered: fit, "
                       "high-grade ESCC, adequate survival, radioresistant or no further safe RT (Laufer 2010: "
                       "major complications 5%, 65% ambulatory)" + (f"; risk: {', '.join(risks)}" if risks else ""))
    else:
        lacking = [name for name, ok in zip(("high-grade ESCC", "fitness for surgery", "expected survival >= 3 months",
                                             "radioresistant histology or no further safe RT"), revision_facts,
                                            strict=True) if not ok]
        options.append(f"{operation} NOT recommended on the recorded facts (lacking: "
                       + ", ".join(lacking) + ")" + (f"; high risk: {', '.join(risks)}" if risks else ""))
    if sensitive:
        options.insert(0, "Systemic therapy with RT (concurrent chemo-radiotherapy where the regimen allows), in "
                          "preference to revision: chemo- and radiosensitive histology (CEPO 2012; index case).")
    elif sensitive is None:
        options.insert(0, "Concurrent chemo-radiotherapy if the histology is a high-grade NEC or otherwise chemo- "
                          "and radiosensitive (CEPO 2012; index case) - grade not known.")
    options[len(options):] = _history_options(inp, prior, high, sensitive)
    options.append("Best supportive care if performance status is poor or expected survival short.")
    if prior:
        reasons.append(Reason("Treated before at this level: " + "; ".join(p.label for p in prior) + ".",
                              {"history": [p.kind for p in prior]}, "options fit the history (D12)",
                              "laufer_2010_repeat"))
    if count >= 2:
        reasons.append(Reason(f"Failure number {count} at this level: the options already used have failed once; "
                              "weigh the remaining ones (and supportive care) with the patient.",
                              {"failures": count}, None, None))
    excluded: str | None = None
    if sensitive and high is not False:
        statement = ("Local recurrence: systemic therapy with RT (concurrent chemo-RT) preferred over revision "
                     "surgery for this chemo- and radiosensitive histology.")
        status = DECIDED
    elif all(revision_facts) and not risks:
        statement = "Local recurrence: revision decompression is an option for this fit patient (see options)."
        status = DECIDED
    elif (high is True and revision_facts[3] and fit is not False and not (months is not None and months <
          MIN_SURVIVAL_MONTHS) and (fit is None or months is None)):
        return _branched(inp, operation, prior, risks, reasons, options, missing, sensitive, deficit, count)
    else:
        statement = ("Local recurrence" + (f" after {_history_words(prior)}" if prior else "")
                     + (f" with {', '.join(risks)}" if risks else "")
                     + ": non-operative management (RT, with systemic therapy if the histology is chemosensitive) "
                     "unless facts justifying a second operation are recorded.")
        excluded = _revision_excluded(high, fit, months, resistant, bool(prior_rt))
        if excluded is not None:
            # A recorded fact already rules R-REC-1 out: fitness and survival cannot bring revision back.
            reasons.append(Reason(f"Revision decompression not indicated: {excluded} (R-REC-1).", {},
                                  "R-REC-1", "laufer_2010_repeat"))
            missing = [m for m in missing if m.startswith("histology grade")]
            statement = statement.split(": non-operative")[0] + (": non-operative management (RT, with systemic "
                                                                  f"therapy by histology); revision not indicated: "
                                                                  f"{excluded} (R-REC-1).")
        else:
            missing = [*facts_missing, *missing]
        status = NEEDS if missing else DECIDED
    for d in s.decisions:
        if d.day <= s.day:
            reasons.append(Reason(f"Team decision recorded on day {d.day}: {d.value.summary}", {"decision_day": d.day}))
    return answer(AFTER_LOCAL_RECURRENCE, status, statement, reasons, missing=missing, options=options,
                  cautions=(("Wound status is not in the record: check it before any re-operation.",)
                            if surgeries and wound_after(s, surgeries[-1].day) is None else ()),
                  evidence_status=EvidenceStatus.DERIVED,
                  data={"risks": risks, "revision_justified": all(revision_facts),
                        "chemo_radiosensitive": sensitive, "deficit": deficit,
                        "history": [p.kind for p in prior], "failures": count,
                        **({"revision_excluded": excluded} if excluded else {})})


def _revision_excluded(high: bool | None, fit: bool | None, months: float | None, resistant: bool | None,
                       irradiated: bool) -> str | None:
    """Why a recorded fact already rules out revision decompression by R-REC-1 (Laufer 2010), or None."""
    if high is False:
        return "no high-grade ESCC at the recurrence"
    if fit is False:
        return "recorded as not fit for surgery"
    if months is not None and months < MIN_SURVIVAL_MONTHS:
        return f"expected survival recorded below {MIN_SURVIVAL_MONTHS:g} months"
    if resistant is False and not irradiated:
        return "the tumour is not radioresistant and no RT has been given at this level, so RT remains"
    return None


def _per_class(inp: RuleInput, found: tuple[Failure, ...], nec: tuple[str, ...], other: tuple[str, ...],
               where: str) -> Recommendation:
    """The NEN's WHO class is bounded but not fixed (e.g. a lung NEN of unreported subtype: carcinoid or
    high-grade carcinoma): R-REC-3 (CEPO 2012; index case) answers the high-grade NEC classes, R-REC-1 (Laufer
    2010) with the other classes' radiosensitivity (R-O-3) answers the rest; the class picks the branch."""
    base = _evaluate(inp, found, None)
    groups = {CLASS_RADIOSENSITIVITY[g] for g in other}
    answers = ((nec, _evaluate(inp, found, True)),
               (other, _evaluate(inp, found, False, True if groups == {"resistant"} else
                                 False if "resistant" not in groups else None)))
    if any(rec.status is NEEDS for _c, rec in answers):
        return base
    grade_result = inp.result("net_grade")
    gaps = grade_result.missing if grade_result is not None else ()
    fact = ("the WHO class of the neuro-endocrine tumour (" + where + "; still possible: "
            + ", ".join(_class_words(g) for g in (*nec, *other)) + ")"
            + (f": {', '.join(gaps)}" if gaps else ""))
    why = {nec: Reason("High-grade neuro-endocrine carcinoma is chemo- and radiosensitive: systemic therapy with RT "
                       "in preference to revision (R-REC-3).", {"net_class": list(nec)}, "R-REC-3",
                       "lesperance_2012_cepo"),
           other: Reason("Well-differentiated NEN: intermediate radiosensitivity to conventional RT (R-O-3), not "
                         "among R-REC-3's chemo- and radiosensitive histologies.", {"net_class": list(other)},
                         "R-O-3", "net_rt_2019")}
    branches: list[Branch] = []
    for classes, rec in answers:
        words = " or ".join(_class_words(g) for g in classes)
        if rec.status is BRANCHED:
            for b in rec.branches:
                then = f"({b.condition})" if ", or " in b.condition else b.condition
                branches.append(Branch(f"{words} and {then}", b.statement, {"net_class": list(classes), **b.when},
                                       (why[classes], *b.reasons), b.citations, b.evidence_status))
        else:
            excluded = rec.data.get("revision_excluded")
            short = ("Systemic therapy with RT (concurrent chemo-RT) in preference to revision (R-REC-3)."
                     if classes == nec else
                     f"RT with systemic therapy by grade; revision not indicated: {excluded} (R-REC-1)."
                     if excluded else rec.statement)
            cited = (("lesperance_2012_cepo", "kaliya_perumal_2019") if classes == nec else
                     ("laufer_2010_repeat", "net_rt_2019") if excluded else rec.citations)
            branches.append(Branch(words, short, {"net_class": list(classes)},
                                   (why[classes], *(r for r in rec.reasons if r not in base.reasons)), cited,
                                   rec.evidence_status))
    branch_on = [fact, *(f for _c, rec in answers for f in rec.branch_on)]
    statement = (f"Local recurrence: depends on {fact.split(' (')[0]}: "
                 + " ".join(f"If {b.condition}: {b.statement}" for b in branches))
    missing = [fact, *(m for _c, rec in answers if rec.status is BRANCHED for m in rec.missing)]
    offers = next((rec.survival_offers for _c, rec in answers if rec.survival_offers), ())
    return answer(AFTER_LOCAL_RECURRENCE, BRANCHED, statement, base.reasons, missing=missing,
                  options=base.options, cautions=base.cautions, branches=branches,
                  branch_on=dict.fromkeys(branch_on), survival_offers=offers,
                  evidence_status=EvidenceStatus.DERIVED,
                  data={**base.data, "revision_justified": _all_or_none([rec.data.get("revision_justified")
                                                                          for _c, rec in answers]),
                        "branch_on": fact})


def _all_or_none(values: list[object]) -> bool | None:
    """False when no branch justifies a revision, True when every one does, None when the branch decides."""
    return False if all(v is False for v in values) else True if all(v is True for v in values) else None


def _class_words(klass: str) -> str:
    return {"nec": "neuro-endocrine carcinoma", "lcnec": "LCNEC", "sclc": "SCLC", "typical_carcinoid": "typical carcinoid",
            "atypical_carcinoid": "atypical carcinoid", "net_g1": "NET G1", "net_g2": "NET G2",
            "net_g3": "NET G3"}.get(klass, klass.replace("_", " "))


def _branched(inp: RuleInput, operation: str, prior: list[Prior], risks: list[str], reasons: list[Reason],
              options: list[str], missing: list[str], sensitive: bool | None, deficit: bool | None,
              count: int) -> Recommendation:
    """High-grade recurrence, radioresistant or no further safe RT: only fitness and expected survival
    decide between an operation and non-operative care (R-REC-1, Laufer 2010; R-S-1, Patchell 2005)."""
    fit = fit_for_surgery(inp.snapshot)
    months = expected_survival_months(inp.snapshot)
    limit = f"{MIN_SURVIVAL_MONTHS:g} months"
    picked = ("expected survival (team estimate)" if fit is True else "fitness for surgery (team assessment)"
              if months is not None else "fitness for surgery and expected survival (team assessment)")
    yes = (f"fit for surgery and expected survival >= {limit}" if fit is None and months is None else
           f"expected survival >= {limit}" if fit is True else "medically fit for surgery")
    no = (f"not fit for surgery, or expected survival < {limit}" if fit is None and months is None else
          f"expected survival < {limit}" if fit is True else "not medically fit for surgery")
    non_operative = ("Non-operative: " + ("systemic therapy with RT" if sensitive else
                     "re-irradiation or RT as the history allows, systemic therapy by histology") + "; best "
                     "supportive care if performance is poor.")
    branches = (
        Branch(yes, f"{operation} (Laufer 2010: major complications 5%, 65% ambulatory)"
               + (f"; risks: {', '.join(risks)}." if risks else "."),
               {"fit_for_surgery": True, "expected_survival_at_least_months": MIN_SURVIVAL_MONTHS},
               (Reason("High-grade recurrence, radioresistant histology or no further safe RT (R-REC-1).", {},
                       "R-REC-1", "laufer_2010_repeat"),), ("laufer_2010_repeat", "ghogawala_2001"),
               EvidenceStatus.DERIVED),
        Branch(no, non_operative, {"fit_for_surgery_or_survival": False},
               (Reason("Open surgery not recommended below 3 months or when unfit (R-S-1).", {}, "R-S-1",
                       "patchell2005"),), ("patchell2005", "alcorn_2024_astro"), EvidenceStatus.DERIVED),
    )
    offers = survival_offers(inp, MIN_SURVIVAL_MONTHS)
    statement = (f"Local recurrence after {_history_words(prior) or 'treatment'}: depends on {picked}: if {yes}: "
                 f"{branches[0].statement} Otherwise: {non_operative}")
    return answer(AFTER_LOCAL_RECURRENCE, BRANCHED, statement, [*reasons, Reason(offers_in_words(offers), {})],
                  missing=missing, options=[o for o in options if not o.startswith(operation)], branches=branches, branch_on=(picked,), survival_offers=offers,
                  evidence_status=EvidenceStatus.DERIVED,
                  data={"risks": risks, "revision_justified": None, "chemo_radiosensitive": sensitive,
                        "deficit": deficit, "history": [p.kind for p in prior], "failures": count,
                        "branch_on": picked})


def _history_words(prior: list[Prior]) -> str:
    words = {"cebrt": "conventional RT", "sbrt": "SBRT", "rt": "radiotherapy", "surgery": "surgery",
             "cement": "cement augmentation", "ablation": "ablation"}
    return ", ".join(dict.fromkeys(words[p.kind] for p in prior))


def _history_options(inp: RuleInput, prior: list[Prior], high: bool | None, sensitive: bool | None) -> list[str]:
    """Options that fit what was given before at this level (pathway.md 5.3; derived where marked)."""
    out: list[str] = []
    rt = [p for p in prior if p.radiotherapy]
    operated = any(p.kind == "surgery" for p in prior)
    if rt and not operated:
        out.append("Stabilisation after radiotherapy failure when the level is unstable (SINS; radiation does not "
                   "restore stability, NOMS); an irradiated field triples major wound complications (Ghogawala "
                   "2001).")
    if rt:
        last = rt[-1]
        if last.kind == "sbrt":
            out.append(f"Re-irradiation after SBRT ({last.label}): the Sahgal 2012 cumulative cord limits were "
                       "derived for SBRT after conventional RT; no verified limit covers SBRT after SBRT here, so "
                       "a re-treatment needs specialist physics review of the first plan.")
        elif any(p.dose_gy is None or p.fractions is None for p in rt):
            unknown = "; ".join(p.label for p in rt if p.dose_gy is None or p.fractions is None)
            out.append(f"SBRT re-irradiation: the dose and fractions of {unknown} are not recorded, so the "
                       "cumulative cord dose (Sahgal 2012: >= 5 months, cumulative <= ~70 Gy2/2) cannot be checked.")
        else:
            out.append("SBRT re-irradiation within the Sahgal 2012 cord limits (>= 5 months after the first course, "
                       "cumulative Pmax nBED <= ~70 Gy2/2): see reirradiation_safety for the dose budget.")
        out.append("Conventional re-irradiation of the spine: 8 Gy/1, 20 Gy/5, 24 Gy/6 or 20 Gy/8 (ASTRO 2024).")
        if high is not True:
            out.append("Radiofrequency ablation (with cement augmentation for a fractured body) for painful "
                       "radiotherapy-resistant disease without epidural compression (Murali 2021 systematic "
                       "review: low-quality evidence).")
    else:
        local = [p for p in prior if p.kind in ("cement", "ablation")]
        if local:
            out.append(f"{_history_words(local).capitalize()} did not treat the tumour for good: radiotherapy "
                       "(SBRT for radioresistant histology) as the first course at this level (see rt_schedule).")
        else:
            out.append("Radiotherapy to the recurrence (first course at this level): see rt_schedule.")
    if not sensitive:
        site = inp.snapshot.primary.site.value
        if inp.snapshot.net is not None or site in ("lung_carcinoid", "gep_net"):
            out.append("Systemic therapy for the neuro-endocrine tumour by grade and SSTR status: see net_systemic.")
        else:
            out.append(f"Systemic therapy appropriate to the histology ({site.replace('_', ' ')}), including "
                       "targeted or immune therapy (NOMS 'O', Newman 2020): oncology review.")
    return out


AFTER_LOCAL_RECURRENCE = RuleSpec(
    key="after_local_recurrence",
    decision_point="D12",
    title="Manage local recurrence or progression",
    summary="Revision (selected fit patients) vs re-irradiation vs systemic/chemo-RT vs supportive care.",
    inputs=("recurrence alert (course)", "time since surgery", "hardware", "ESCC now", "new deficit",
            "previous RT", "histology chemo/radiosensitivity (NET grade)", "fitness", "expected survival"),
    outputs=("preferred approach", "options with reasons", "revision risk markers"),
    sources=("laufer_2010_repeat", "ghogawala_2001", "lesperance_2012_cepo", "kaliya_perumal_2019",
             "sahgal_2012_reirr", "alcorn_2024_astro", "newman_2020_noms", "murali_2021_rfa"),
    pathway_rules=("R-REC-1", "R-REC-2", "R-REC-3", "R-REC-4", "R-REC-5"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_recurrence,
    applies_to=VERTEBRAL_RECURRENCE,
)
