"""D12: is SBRT re-irradiation of the same level within published cord tolerance? (Sahgal 2012)

Sahgal 2012 (verified; consolidated by HyTEC 2019): SBRT after conventional RT appears safe
when given at least 5 months after the first course, with a retreatment thecal-sac Pmax
nBED of 20-25 Gy2/2, a cumulative Pmax nBED of at most about 70 Gy2/2, and the SBRT share at
most about 50% of the cumulative (alpha/beta = 2 Gy for the cord). nBED in Gy2/2 is the
EQD2: BED / (1 + 2/alpha_beta), BED = D (1 + d / alpha_beta). Computed here from the
prescribed dose and fractions, which only *estimate* the thecal-sac Pmax of a plan.
"""

from __future__ import annotations

from spinemet.case.events import Ablation, CementAugmentation, ChemoRadiotherapy, Radiotherapy, Surgery
from spinemet.case.snapshot import Dated
from spinemet.case.timing import days_words
from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass
from spinemet.pathway.applicability import IRRADIATED_SPINE
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, days_between, index_level, radiotherapies_at
from spinemet.pathway.failure import failures, treated_before
from spinemet.pathway.model import Reason, Recommendation

ALPHA_BETA_CORD = 2.0
MIN_INTERVAL_MONTHS = 5.0
RETREATMENT_NBED_MAX = 25.0  # upper end of the 20-25 Gy2/2 range seen without myelopathy
CUMULATIVE_NBED_MAX = 70.0
SBRT_SHARE_MAX = 0.5
DAYS_PER_MONTH = 365.25 / 12


def bed(dose_gy: float, fractions: int, alpha_beta: float = ALPHA_BETA_CORD) -> float:
    """Biologically effective dose: D (1 + d / alpha_beta), d = dose per fraction."""
    return dose_gy * (1 + (dose_gy / fractions) / alpha_beta)


def eqd2(dose_gy: float, fractions: int, alpha_beta: float = ALPHA_BETA_CORD) -> float:
    """Equivalent dose in 2-Gy fractions (= nBED in Gy2/2 for alpha_beta 2)."""
    return bed(dose_gy, fractions, alpha_beta) / (1 + 2 / alpha_beta)


@dataclass(frozen=True)
class Course:
    day: int
    dose_gy: float
    fractions: int

    @property
    def nbed(self) -> float:
        return eqd2(self.dose_gy, self.fractions)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    value: str
    threshold: str


def check_reirradiation(previous: list[Course], proposed: Course | None, day: int) -> list[Check]:
    """The Sahgal 2012 checks for a proposed SBRT course (or the remaining budget when none is proposed)."""
    first = previous[-1]
    at = proposed.day if proposed else day
    months = (at - first.day) / DAYS_PER_MONTH
    prior = sum(c.nbed for c in previous)
    checks = [Check("interval since previous RT", months >= MIN_INTERVAL_MONTHS,
                    f"{months:.1f} months ({at - first.day} days)", f">= {MIN_INTERVAL_MONTHS:g} months")]
    if proposed is None:
        budget = min(RETREATMENT_NBED_MAX, CUMULATIVE_NBED_MAX - prior, prior * SBRT_SHARE_MAX / (1 - SBRT_SHARE_MAX))
        checks.append(Check("dose budget left for SBRT", budget > 0, f"{max(budget, 0):.1f} Gy2/2 Pmax nBED",
                            "min(25, 70 - previous, previous) Gy2/2"))
        return checks
    total = prior + proposed.nbed
    checks.append(Check("retreatment Pmax nBED", proposed.nbed <= RETREATMENT_NBED_MAX,
                        f"{proposed.nbed:.1f} Gy2/2", f"<= {RETREATMENT_NBED_MAX:g} Gy2/2 (20-25)"))
    checks.append(Check("cumulative Pmax nBED", total <= CUMULATIVE_NBED_MAX, f"{total:.1f} Gy2/2",
                        f"<= ~{CUMULATIVE_NBED_MAX:g} Gy2/2"))
    share = proposed.nbed / total if total else 0.0
    checks.append(Check("SBRT share of cumulative", share <= SBRT_SHARE_MAX, f"{share:.0%}",
                        f"<= ~{SBRT_SHARE_MAX:.0%}"))
    return checks


def _reirradiation(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    courses = radiotherapies_at(s, inp.fact(index_level))
    found = failures(inp)
    reopened = bool(found) or bool(inp.reopened("reirradiation_safety"))
    if found:
        # only courses given before the failure failed: a course answering it is not a re-irradiation
        irradiated = [c for c in courses if treated_before(s, c, found[0])]
    else:
        irradiated = list(courses)
    latest_local = None
    for t in reversed(s.treatments):  # a plain loop: a generator costs a frame and a resumption per treatment
        if isinstance(t.value, _LOCAL):
            latest_local = t
            break
    latest_is_rt = bool(courses) and latest_local is not None and latest_local.value is courses[-1].value
    if len(courses) >= 2 and latest_is_rt:
        # the latest local treatment re-irradiates an irradiated level: that course is the one checked
        proposed_dated: Dated[Radiotherapy | ChemoRadiotherapy] | None = courses[-1]
        previous_dated = courses[:-1]
    elif irradiated and reopened:
        # a failure after radiotherapy re-opens the question: the budget left after those courses
        proposed_dated, previous_dated = None, irradiated
    else:
        return not_applicable(REIRRADIATION_SAFETY, "No re-irradiation of a previously irradiated level is in question.")
    missing: list[str] = []
    if proposed_dated is not None:
        least, greatest = days_between(s, previous_dated[-1], proposed_dated)
        if least is None or least != greatest:
            limit = MIN_INTERVAL_MONTHS * DAYS_PER_MONTH
            if not ((least is not None and least >= limit) or (greatest is not None and greatest < limit)):
                missing.append(f"interval between the courses (recorded as {days_words((least, greatest))})")
    for c in [*previous_dated, *([proposed_dated] if proposed_dated else [])]:
        if c.value.dose_gy is None:
            missing.append(f"total dose (Gy) of the {c.value.type} on day {c.day}")
        if c.value.fractions is None:
            missing.append(f"number of fractions of the {c.value.type} on day {c.day}")
    cautions = _technique_cautions([*previous_dated])
    if missing:
        doses = sorted({m.split(" of the ", 1)[1] for m in missing if " of the " in m})
        gaps = ([f"the dose and fractions of {'; '.join(doses)} are not recorded"] if doses else [])
        gaps += [f"the {m} is not exact" for m in missing if m.startswith("interval")]
        return answer(REIRRADIATION_SAFETY, NEEDS,
                      "Re-irradiation safety cannot be checked: " + "; ".join(gaps) + ", so the cumulative cord "
                      "dose (Sahgal 2012: interval >= 5 months, cumulative Pmax nBED <= ~70 Gy2/2, SBRT share "
                      "<= ~50%) is unknown.",
                      missing=missing, cautions=cautions)
    previous = [Course(c.day, c.value.dose_gy, c.value.fractions)  # type: ignore[arg-type]
                for c in previous_dated]
    proposed = (Course(proposed_dated.day, proposed_dated.value.dose_gy, proposed_dated.value.fractions)  # type: ignore[arg-type]
                if proposed_dated else None)
    checks = check_reirradiation(previous, proposed, s.day)
    reasons = [Reason(f"Previous course day {c.day}: {c.dose_gy:g} Gy/{c.fractions} -> EQD2 (alpha/beta 2) "
                      f"{c.nbed:.1f} Gy2/2.", {"dose_gy": c.dose_gy, "fractions": c.fractions, "nbed": round(c.nbed, 1)},
                      "alpha/beta = 2 Gy", "sahgal_2012_reirr") for c in previous]
    if proposed:
        reasons.append(Reason(f"Re-irradiation day {proposed.day}: {proposed.dose_gy:g} Gy/{proposed.fractions} -> "
                              f"{proposed.nbed:.1f} Gy2/2.", {"nbed": round(proposed.nbed, 1)}, None, "sahgal_2012_reirr"))
    reasons += [Reason(f"{c.name}: {c.value} ({'within' if c.ok else 'OUTSIDE'} {c.threshold}).",
                       {"check": c.name, "ok": c.ok}, c.threshold, "sahgal_2012_reirr") for c in checks]
    failed = [c.name for c in checks if not c.ok]
    words = {"dose budget left for SBRT": "no dose budget left for SBRT (previous courses already at or above the "
             "cumulative limit)"}
    statement = ("SBRT re-irradiation NOT within the Sahgal 2012 limits: " + ", ".join(words.get(f, f) for f in failed)
                 + "."
                 if failed else "SBRT re-irradiation within the Sahgal 2012 limits (interval, cumulative dose and "
                 "SBRT share).")
    return answer(REIRRADIATION_SAFETY, DECIDED, statement, reasons,
                  cautions=(*cautions, "Doses are computed from the prescription; the thecal-sac Pmax of the actual "
                            "plans decides."),
                  data={"checks": {c.name: c.ok for c in checks}, "safe": not failed})


_LOCAL = (Radiotherapy, ChemoRadiotherapy, Surgery, CementAugmentation, Ablation)


def _technique_cautions(previous: list[Dated[Radiotherapy | ChemoRadiotherapy]]) -> tuple[str, ...]:
    """Sahgal 2012 studied SBRT after *conventional* RT: say so when an earlier course was SBRT or of
    unrecorded technique."""
    sbrt = [d for d in previous if d.value.technique is not None and d.value.technique.value == "sbrt"]
    unknown = [d for d in previous if d.value.technique is None]
    out = []
    if sbrt:
        out.append("An earlier course at this level was SBRT (day " + ", ".join(str(d.day) for d in sbrt) + "): "
                   "the Sahgal 2012 limits were derived for SBRT after conventional RT; no verified limit covers "
                   "SBRT after SBRT, so these checks are indicative only and the first plan needs physics review.")
    if unknown:
        out.append("The technique of an earlier course is not recorded (day " + ", ".join(str(d.day) for d in unknown)
                   + "): the Sahgal 2012 limits assume the first course was conventional RT.")
    return tuple(out)


REIRRADIATION_SAFETY = RuleSpec(
    key="reirradiation_safety",
    decision_point="D12",
    title="Re-irradiation safety (SBRT after prior RT)",
    summary="Interval >= 5 months; retreatment nBED <= 25, cumulative <= ~70 Gy2/2, SBRT share <= ~50% "
            "(alpha/beta 2).",
    inputs=("RT courses at the level: day, dose, fractions", "recurrence alerts"),
    outputs=("each check with its value", "safe / not safe"),
    sources=("sahgal_2012_reirr", "sahgal_2019_hytec"),
    pathway_rules=("R-REC-4",),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_reirradiation,
    applies_to=IRRADIATED_SPINE,
)
