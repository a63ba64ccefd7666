"""Expected survival as the prognostic scores state it, offered to the team and never assumed.

Whether a patient is expected to live at least 3 months (Patchell 2005) or at least a year
(revised Tokuhashi 12-15: excisional surgery) is the team's judgement at the bedside. The
prognostic scores SpineMet already computes publish a survival for each band; this module puts
those figures beside the question, naming the instrument, the band (or the bands still possible)
and the instrument's verification status, and says whether the band's *stated bound* reads as at
least the threshold, below it, or cannot tell. Only bounds printed in a band's label are used
(``BAND_BOUNDS``): a median or a percentage surviving is shown in words and never turned into a
bound. A branch is always picked by the team's own answer, not by an offer.
"""

from __future__ import annotations

from collections.abc import Mapping

from spinemet.instruments.registry import INSTRUMENTS
from spinemet.instruments.result import Result
from spinemet.pathway.context import RuleInput, possible
from spinemet.pathway.model import SurvivalOffer

#: The survival bound each band's label states, in months: (at least, below). Read from the band
#: labels of the declarations (revised Tokuhashi 2005 via NICE CG75; Tokuhashi 1990 via NICE CG75;
#: Bauer 1995 "all died within 6 months"). None = the label states no bound on that side.
BAND_BOUNDS: Mapping[str, Mapping[str, tuple[float | None, float | None]]] = {
    "tokuhashi_revised": {
        "under_6_months": (None, 6.0),
        "at_least_6_months": (6.0, None),
        "at_least_1_year": (12.0, None),
    },
    "tokuhashi_1990": {
        # "Survival <= 3 months": at most 3, so it cannot tell against "at least 3".
        "up_to_3_months": (None, 3.0),
        "up_to_12_months": (None, None),
        "at_least_12_months": (12.0, None),
    },
    "bauer": {
        "poor_prognosis": (None, 6.0),
        "intermediate_prognosis": (None, None),
        "good_prognosis": (None, None),
    },
}

#: The scores offered, in the order shown (survival scores for spinal metastasis; Tomita's bands state a
#: surgical goal, not a survival, so Tomita is read by the candidacy rule instead).
OFFERED = ("tokuhashi_revised", "katagiri_new", "van_der_linden", "bauer", "rades_survival",
           "tokuhashi_1990")


def _relation(bound: tuple[float | None, float | None], threshold: float) -> str:
    at_least, below = bound
    if at_least is not None and at_least >= threshold:
        return "at_least"
    if below is not None and below <= threshold:
        # "< 6 months" cannot tell against 3; "<= 3 months" cannot tell against 3 either (it may be 3).
        return "below" if below < threshold else "cannot_tell"
    return "cannot_tell"


def _band_words(key: str, band_key: str) -> str:
    instrument = INSTRUMENTS.get(key)
    if instrument is None:
        return band_key
    for band in instrument.bands:
        if band.key == band_key:
            return band.label + (f": {band.meaning}" if band.meaning else "")
    return band_key


def offer(result: Result, threshold_months: float) -> SurvivalOffer | None:
    """The survival one score's band (or bands still possible) states, read against a threshold."""
    if not result.applicable:
        return None
    bands = possible(result)
    if not bands:
        return None
    bounds = BAND_BOUNDS.get(result.instrument, {})
    relations = {_relation(bounds.get(b, (None, None)), threshold_months) for b in bands}
    supports = relations.pop() if len(relations) == 1 else "cannot_tell"
    if result.total is not None:
        reading = f"{result.total}"
    elif result.min_total is not None:
        reading = f"range {result.min_total}-{result.max_total} (items missing: {', '.join(result.missing)})"
    else:
        reading = result.category or "unknown"
    survival = " or ".join(_band_words(result.instrument, b) for b in bands)
    cited = tuple(v for k, v in result.citation.items() if k == "key" and v)
    return SurvivalOffer(result.instrument, result.name, reading, survival, result.verification,
                         threshold_months, supports, cited)


def survival_offers(inp: RuleInput, threshold_months: float) -> tuple[SurvivalOffer, ...]:
    """Every prognostic score computed today that has a band (or a narrowed set of bands) to offer.

    A score whose every band is still possible says nothing and is left out."""
    out = []
    for key in OFFERED:
        result = inp.result(key)
        if result is None:
            continue
        declared = INSTRUMENTS.get(key)
        if declared is not None and len(possible(result)) >= len(declared.bands):
            continue
        found = offer(result, threshold_months)
        if found is not None:
            out.append(found)
    return tuple(out)


def offers_in_words(offers: tuple[SurvivalOffer, ...]) -> str:
    """One reason line: which scores offer a survival (their figures are in ``survival_offers``)."""
    if not offers:
        return "Expected survival: no prognostic score narrows it yet; the team's estimate picks the branch."
    names = ", ".join(f"{o.name} ({o.verification})" for o in offers)
    return (f"Expected survival offered by {names} (see the survival offers); the team's estimate, not the "
            "scores, picks the branch.")
