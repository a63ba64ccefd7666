"""Pain response after radiotherapy by the international consensus (Chow 2012).

Worst pain at the treated site on 0-10 plus the oral morphine equivalent dose (OMED):

* complete response: pain 0 with no increase in OMED;
* partial response: pain down >= 2 points without an OMED increase, or OMED down >= 25%
  without a pain increase;
* pain progression: pain up >= 2 points with stable OMED, or OMED up >= 25% with pain
  stable or up by 1;
* indeterminate: anything else.

The definitions are recalled in ``pathway.md`` §6.4 ([m]) and were NOT FOUND by the
verification pass (``docs/verification-findings.md`` 12h), so every result carries the
evidence status ``unverified``. "Stable OMED" is read as "changed by less than 25%" (an
implementation decision). When NRS or OMED is missing at either point, the categories
that every possible value would give are listed instead of one guess.
"""

from __future__ import annotations

from functools import lru_cache

from spinemet.case.events import Pain
from spinemet.course.model import PainResponse

COMPLETE = "complete_response"
PARTIAL = "partial_response"
PROGRESSION = "pain_progression"
INDETERMINATE = "indeterminate"
ORDER = (COMPLETE, PARTIAL, INDETERMINATE, PROGRESSION)

# OMED multipliers standing for every way the dose can move relative to the 25% thresholds.
_OMED_SCENARIOS = (1.0, 1.1, 0.9, 1.5, 0.5)


def classify(nrs_before: int, nrs_after: int, omed_before: float, omed_after: float) -> str:
    """The Chow 2012 category for fully known values."""
    d_pain = nrs_after - nrs_before
    increased = omed_after > omed_before
    up25 = omed_after >= omed_before * 1.25 and increased
    down25 = omed_before > 0 and omed_after <= omed_before * 0.75
    stable = not up25 and not down25
    if nrs_after == 0 and not increased:
        return COMPLETE
    if (d_pain <= -2 and not increased) or (down25 and d_pain <= 0):
        return PARTIAL
    if (d_pain >= 2 and stable) or (up25 and 0 <= d_pain <= 1):
        return PROGRESSION
    return INDETERMINATE


@lru_cache(maxsize=4096)
def possible_categories(
    nrs_before: int | None, nrs_after: int | None, omed_before: float | None, omed_after: float | None
) -> tuple[str, ...]:
    """Every category still possible given what is known (ordered best to worst).

    A pure function of four values that tries up to some 700 completions when values are unknown,
    so its answers are kept (a long course repeats the same scores)."""
    befores = [nrs_before] if nrs_before is not None else list(range(2, 11))
    afters = [nrs_after] if nrs_after is not None else list(range(0, 11))
    if omed_before is not None and omed_after is not None:
        omeds = [(omed_before, omed_after)]
    else:
        base = omed_before if omed_before is not None else 60.0
        if omed_before is not None and omed_before == 0:
            omeds = [(0.0, 0.0), (0.0, 10.0)]
        elif omed_after is not None and omed_before is None:
            omeds = [(omed_after / m, omed_after) for m in _OMED_SCENARIOS] + [(0.0, omed_after)]
        else:
            omeds = [(base, base * m) for m in _OMED_SCENARIOS] + ([(0.0, 0.0), (0.0, 10.0)] if omed_before is None else [])
    found = {classify(b, a, ob, oa) for b in befores for a in afters for ob, oa in omeds}
    return tuple(c for c in ORDER if c in found)


def pain_response(intervention: str, baseline: tuple[int, Pain], follow_up: tuple[int, Pain]) -> PainResponse | None:
    """The response between a baseline pain record (on or before RT) and a later one.

    None when pain was not scored at baseline (there is nothing to respond from) or the
    baseline pain is below 2, which the consensus does not evaluate.
    """
    (b_day, before), (a_day, after) = baseline, follow_up
    nrs_before = before.nrs
    if nrs_before is None or nrs_before < 2:
        return None
    # each field read once (a case record's field costs more to read than a local; hundreds of pairs on a long course)
    nrs_after, omed_before, omed_after = after.nrs, before.omed_mg, after.omed_mg
    possible = possible_categories(nrs_before, nrs_after, omed_before, omed_after)
    basis = [f"worst pain {nrs_before}/10 on day {b_day} → " + (f"{nrs_after}/10" if nrs_after is not None else "not scored") + f" on day {a_day}"]
    if omed_before is not None and omed_after is not None:
        basis.append(f"OMED {omed_before:g} → {omed_after:g} mg/day")
    else:
        basis.append("OMED not recorded at both points: the categories every possible dose would give are listed")
    # intervention, baseline_day, day, possible, nrs_before, nrs_after, omed_before, omed_after, basis (in order:
    # keyword arguments cost more than the rest of the call, and a long course has hundreds of responses)
    return PainResponse(intervention, b_day, a_day, possible, nrs_before, nrs_after, omed_before, omed_after,
                        tuple(basis))
