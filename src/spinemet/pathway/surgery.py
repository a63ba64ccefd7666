"""D7: is this patient a candidate for direct decompressive surgery (Patchell 2005)?

Patchell 2005 (verified) randomised patients with tissue-proven cancer (not radiosensitive:
lymphoma, leukaemia, myeloma, germ-cell tumours excluded), MRI evidence of cord displacement
restricted to a single area (one level or contiguous levels), at least one neurological sign
or symptom, expected survival of at least 3 months, fit for surgery, and not totally
paraplegic for more than 48 h; surgery + RT kept more patients walking (84% vs 57%).
Cauda-equina- or root-only compression was excluded (verification finding 12e). Where the cord ends is
read from Saifuddin 1998 (the conus tip lies between the middle third of T12 and the upper third of L3
in adults): compression at T12 or above is of the cord; a lesion wholly from L4 down lies below the end
of the cord, so it cannot compress it and Patchell's decompression criteria do not apply there; at
L1-L3 the level alone cannot tell, and the criterion stays open (laid out as a branch) unless the record
names the conus or the cauda equina. The age
interaction (Chi 2009; Rades 2012) informs without vetoing: at 65 or older the advantage of
surgery was not shown. The rule lists each criterion as met, not met, or unknown.
"""

from __future__ import annotations

from itertools import product

from spinemet.anatomy import Level, are_contiguous
from spinemet.case.events import LevelFinding
from spinemet.case.events.base import Duration
from spinemet.case.events.findings import compressed_structures, has_collapse
from spinemet.case.regions import REGION_LEVELS
from spinemet.case.snapshot import Dated, Snapshot
from spinemet.case.vocab_disease import DeficitWord, Side, Walking
from spinemet.case.vocab_treatment import TreatmentPreference
from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass
from spinemet.pathway.applicability import VERTEBRAL_OR_EPIDURAL, cauda_equina_or_root_only
from spinemet.pathway.base import BRANCHED, DECIDED, NA, NEEDS, RuleSpec, answer, weakest
from spinemet.pathway.context import (
    RuleInput,
    compressed_levels,
    cord_compressed,
    describe,
    expected_survival_months,
    fit_for_surgery,
    has_deficit,
    index_level,
    open_surgeries_given,
    possible,
    preference_words,
    radiotherapies_given,
    surgery_declined,
)
from spinemet.pathway.failure import (
    COMPLICATION_SOURCES,
    complication_compression,
    complication_compression_statement,
    given_before_now,
)
from spinemet.pathway.model import Branch, Reason, Recommendation
from spinemet.pathway.preference import recorded_cautions, unrecorded_caution
from spinemet.pathway.survival import offers_in_words, survival_offers

#: Patchell 2005: expected survival of at least 3 months.
MIN_SURVIVAL_MONTHS = 3.0
#: Patchell 2005 exclusion: total paraplegia for more than 48 hours.
PARAPLEGIA_HOURS = 48.0
#: Chi 2009: at 65 or older surgery + RT and RT alone gave equivalent outcomes.
AGE_INTERACTION = 65
#: Patchell 2005 excluded these radiosensitive histologies.
RADIOSENSITIVE_SITES = ("lymphoma", "myeloma", "germ_cell")
#: The conus tip lies between the middle third of T12 and the upper third of L3 in adults (504 adults on MRI;
#: Saifuddin 1998, ``saifuddin1998``; mean: the lower third of L1). So the cord (its conus) reaches every level
#: down to T12 in every adult of that series: compression there is of the cord.
LOWEST_LEVEL_ALWAYS_CORD = Level.T12
#: ... and no level from L4 down: a lesion or compression wholly there is of the cauda equina or roots only.
#: At L1-L3 the conus ends in some adults and not in others, so the level alone cannot tell cord from cauda
#: equina: the criterion stays open there unless the record names what is compressed (conus, or cauda equina).
#: (Before 2026-11-28 compression below L1 was read as cauda equina by convention, which Saifuddin's range
#: contradicts at L2-L3; and "below the cord" was inferred only from S1 down.)
FIRST_LEVEL_BELOW_THE_CORD = Level.L4


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool | None
    fact: str
    missing: str
    citation: str = "patchell2005"


def _finding_levels(f: LevelFinding) -> tuple[Level, ...] | None:
    """Every level a spinal finding can lie at; None when its place is not stated (diffuse, unstated)."""
    if f.level is not None:
        return (f.level,)
    if f.span is not None:
        return f.span.levels
    if f.region is not None:
        return REGION_LEVELS.get(f.region)
    return None


def below_the_cord(s: Snapshot) -> str | None:
    """The places of the spinal findings, in words, when every one lies wholly from L4 down (lumbar L4-L5, sacrum, coccyx):
    below the conus tip (T12-L3, Saifuddin 1998), so no lesion can compress the spinal cord. None when a
    finding may lie at a lumbar level or above, has no stated place, or there is no spinal finding."""
    places: list[str] = []
    for dated in s.all_findings:
        f = dated.value
        if f.extraspinal_site is not None:
            continue
        levels = _finding_levels(f)
        if not levels or min(levels) < FIRST_LEVEL_BELOW_THE_CORD:
            return None
        place = f"the {f.region.value} region" if f.level is None and f.span is None and f.region else f.place
        if place not in places:
            places.append(place)
    return ", ".join(places) or None


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
    below = below_the_cord(s)
    if below is not None:
        out.append(Criterion("spinal cord, not cauda equina / roots only", False,
                             f"lesion at {below}, below the end of the spinal cord (conus tip T12-L3, Saifuddin 1998): "
                             "it cannot compress the cord", "level of compression", "saifuddin1998"))
    else:
        out.append(_cord_not_roots(s, levels))
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


def _cord_not_roots(s: Snapshot, levels: tuple[Level, ...]) -> Criterion:
    """Patchell's "spinal cord, not cauda equina / roots only", from the compressed structure the record names
    (cord or conus), else from the levels and where the conus ends in adults (T12-L3, Saifuddin 1998)."""
    name = "spinal cord, not cauda equina / roots only"
    named = {x for dated in s.all_findings if dated.value.extraspinal_site is None
             for x in compressed_structures(dated.value) - {"cord"}}
    if "conus" in named:
        return Criterion(name, True, "the conus medullaris (the end of the spinal cord) is compressed",
                         "level of compression")
    if not levels:
        return Criterion(name, None, "unknown", "level of compression")
    at = ", ".join(str(lv) for lv in levels)
    if any(lv <= LOWEST_LEVEL_ALWAYS_CORD for lv in levels):
        return Criterion(name, True, f"compression at {at}", "level of compression")
    if all(lv >= FIRST_LEVEL_BELOW_THE_CORD for lv in levels):
        return Criterion(name, False, f"compression at {at}, below the end of the cord (conus tip T12-L3 in adults, "
                         "Saifuddin 1998): cauda equina or roots only", "level of compression", "saifuddin1998")
    return Criterion(name, None, f"compression at {at}, where the conus ends in some adults and not in others (conus "
                     "tip T12-L3, Saifuddin 1998): cord or cauda equina is not stated",
                     "what is compressed at L1-L3 (the conus, or the cauda equina only)", "saifuddin1998")


#: Hours in a duration unit, least and greatest (a month 28-31 days, a year 365-366 days).
_UNIT_HOURS: dict[str, tuple[float, float]] = {
    "hours": (1.0, 1.0), "days": (24.0, 24.0), "weeks": (168.0, 168.0), "months": (28 * 24.0, 31 * 24.0),
    "years": (365 * 24.0, 366 * 24.0)}


#: The deficits whose stated duration bounds a paraplegia (a sensory-only duration does not).
_MOTOR_WORDS = frozenset({DeficitWord.PARAPLEGIA, DeficitWord.TETRAPLEGIA, DeficitWord.PARAPARESIS,
                          DeficitWord.TETRAPARESIS, DeficitWord.MOTOR_COMPLETE, DeficitWord.MOTOR_INCOMPLETE,
                          DeficitWord.WEAKNESS})
_NOT_WALKING = (Walking.NON_AMBULATORY, Walking.LIMITED)
#: A deficit stated on one side only (a total paraplegia takes both legs).
_ONE_SIDE = (Side.LEFT, Side.RIGHT)


def _deficit_hours(duration: Duration | None) -> tuple[float | None, float | None]:
    """The least and greatest hours a stated state had lasted at the examination (None = not stated)."""
    if duration is None:
        return None, None
    least, most = _UNIT_HOURS[duration.unit.value]
    return duration.at_least * least, None if duration.at_most is None else duration.at_most * most


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
    # The examination's stated duration is how long its deficit had lasted ("unable to walk for 48 hours"):
    # a paraplegia cannot have lasted longer than the deficit it is part of. A longer deficit says nothing
    # of how long it has been complete, so only the upper bound is read.
    _least, most = _deficit_hours(n.duration)
    motor = (n.motor_deficit is True or n.walking in _NOT_WALKING
             or bool(n.deficits and set(n.deficits) & _MOTOR_WORDS))
    if motor and most is not None and most <= PARAPLEGIA_HOURS:
        return Criterion(name, True, f"deficit present for at most {most:g} h (stated duration)", "")
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
    # A deficit stated in words that the Frankel declaration reads as motor function preserved ("weakness",
    # "paraparesis", "motor incomplete": Frankel C or D, its stated reading of the words) is not a total paraplegia.
    words = set(possible(inp.result("frankel")))
    if words and words <= {"C", "D", "E"}:
        return Criterion(name, True, f"deficit in words read as Frankel {' or '.join(sorted(words))} (motor function "
                         "preserved): not a total paraplegia", "")
    # Patchell excluded patients "totally paraplegic", i.e. without motor function in both legs; a deficit the
    # source places on one side only ("weakness on the right side") leaves the other side's power, so it is
    # not a total paraplegia (a reading of the record, not a judgement; 'both' or 'unspecified' says nothing).
    if n.deficit_side in _ONE_SIDE:
        return Criterion(name, True, f"deficit on the {n.deficit_side.value} side only: not a total paraplegia", "")
    return Criterion(name, None, "motor deficit of unrecorded severity",
                     "severity of the deficit (Frankel/ASIA grade) and, if complete, its duration")


# ------------------------------------------------------------------ indications beyond Patchell

#: The sources a not-applicable answer cites (the Patchell rule's own, as before issue 14).
_FIRST_SOURCES = ("patchell2005", "chi_2009_age", "rades_2012_elderly", "rades_2000_tempo", "ghogawala_2001")

YES, NO, UNKNOWN, NOT_IN_QUESTION = "indicated", "not_indicated", "unknown", "not_in_question"
#: Stability not settled: what to do is laid out per SINS band, and the band picks the branch.
BY_BAND = "depends_on_sins_band"
#: Decompression open only on where the compression is (cord in one area, or not): a recorded imaging fact.
BY_SITE = "depends_on_compression_site"
#: Decompression open on the neurological examination (a sign; a total paraplegia > 48 h), with or without the site.
BY_CRITERIA = "depends_on_open_patchell_criteria"
_CONDITIONAL = (BY_BAND, BY_SITE, BY_CRITERIA)
_ACTS = (YES, *_CONDITIONAL)
_OPEN_QUESTION = (UNKNOWN, *_CONDITIONAL)

#: Revised Tokuhashi 12-15 (predicted survival >= 1 year): excisional surgery (Tokuhashi 2005 via NICE CG75).
EXCISION_SURVIVAL_MONTHS = 12.0
#: Tomita 2001 bands whose strategy is excision (2-3 wide or marginal; 4-5 marginal or intralesional).
EXCISION_BANDS = frozenset({"long_term_local_control", "middle_term_local_control"})
_SINS_BANDS = ("stable", "potentially_unstable", "unstable")


@dataclass(frozen=True)
class Indication:
    """One kind of operation weighed for this patient, before the bedside judgements.

    ``state`` reads the recorded facts only (``indicated``, ``not_indicated``, ``unknown`` or
    ``not_in_question``); ``open_surgery`` says whether fitness and expected survival then decide
    it (an open operation needs a fit patient expected to live at least ``min_survival_months``);
    ``if_fit`` / ``if_unfit`` are what to do on each side of that judgement. ``blocking``
    indications (decompression, stabilisation) keep the rule from deciding while unknown; the
    others are shown with what they lack."""

    key: str
    state: str
    headline: str
    if_fit: str = ""
    if_unfit: str = ""
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    evidence_status: EvidenceStatus = EvidenceStatus.VERIFIED
    open_surgery: bool = False
    min_survival_months: float = MIN_SURVIVAL_MONTHS
    blocking: bool = True


def _decompression(inp: RuleInput, crits: list[Criterion]) -> Indication:
    """Patchell 2005 for direct decompression in extradural MSCC; non-contiguous disease handled."""
    s = inp.snapshot
    roots = cauda_equina_or_root_only(s)
    if roots:
        return Indication("decompression", NOT_IN_QUESTION,
                          f"{roots[0].upper()}{roots[1:]}, not the spinal cord: Patchell 2005 excluded cauda-equina- and root-only "
                          "compression, so its surgical criteria do not apply",
                          citations=("patchell2005",))
    if cord_compressed(s) is False:
        return Indication("decompression", NOT_IN_QUESTION, "No cord compression on imaging: decompression is not "
                          "in question", citations=("bilsky2010",))
    below = below_the_cord(s)
    if below is not None:
        return Indication("decompression", NOT_IN_QUESTION,
                          f"Lesion at {below}, below the end of the spinal cord (the conus tip lies at T12-L3, "
                          "Saifuddin 1998): it can compress the cauda equina or roots, not the spinal cord; "
                          "Patchell 2005 excluded cauda-equina- "
                          "and root-only compression, so its decompression criteria do not apply",
                          citations=("patchell2005", "saifuddin1998"), evidence_status=EvidenceStatus.DERIVED)
    reasons = tuple(Reason(f"{c.name}: {'met' if c.met else ('NOT met' if c.met is False else 'unknown')} "
                           f"({c.fact}).", {"criterion": c.name, "met": c.met}, "Patchell 2005 eligibility",
                           c.citation) for c in crits)
    facts = [c for c in crits if c.name not in _BEDSIDE_CRITERIA]
    failed = [c for c in facts if c.met is False]
    if failed:
        names = [c.name for c in failed]
        if names == ["single area (one level or contiguous levels)"]:
            levels = ", ".join(str(lv) for lv in compressed_levels(s))
            return Indication(
                "decompression", NO,
                f"Cord compression at non-contiguous levels ({levels}): outside Patchell's single-area population; "
                "decompression of the level causing the deficit may be weighed by the MDT, with RT to the others "
                "(derived)", reasons=reasons, citations=("patchell2005",), evidence_status=EvidenceStatus.DERIVED)
        radiosensitive = "not a radiosensitive histology (lymphoma, leukaemia, myeloma, germ cell)" in names
        return Indication(
            "decompression", NO,
            "Outside the Patchell criteria (" + "; ".join(names) + "): open decompression is not supported by that "
            "evidence" + ("; radiosensitive histology: RT with systemic therapy (CEPO 2012)" if radiosensitive else
                          "; RT with percutaneous or cement stabilisation where needed (R-S-1)"),
            reasons=reasons, citations=("patchell2005", "lesperance_2012_cepo") if radiosensitive else ("patchell2005",))
    unknown = [c for c in facts if c.met is None]
    if unknown:
        known = [c.name for c in crits if c.met]
        return Indication(
            "decompression", UNKNOWN,
            f"Patchell criteria met so far: {len(known)} of {len(crits)}; still needed: "
            + "; ".join(c.name for c in crits if c.met is None),
            reasons=reasons, missing=tuple(c.missing for c in crits if c.met is None), citations=("patchell2005",))
    return _patchell_met(reasons)


def _patchell_met(reasons: tuple[Reason, ...], headline: str = "") -> Indication:
    """Every Patchell 2005 criterion met on the record: decompression if fit, RT if not (R-SURG-1, R-S-1)."""
    return Indication(
        "decompression", YES,
        headline or "Patchell criteria met on the recorded facts (cord compression in one area, a neurological sign, "
                    "not radiosensitive, not paraplegic > 48 h)",
        if_fit="direct decompressive surgery (with stabilisation as needed) followed by RT, within 24 h of the "
               "decision (Patchell 2005)",
        if_unfit="radiotherapy rather than open decompression (R-S-1)",
        reasons=reasons, citations=("patchell2005", "alcorn_2024_astro"), open_surgery=True)


_BEDSIDE_CRITERIA = frozenset({f"expected survival >= {MIN_SURVIVAL_MONTHS:g} months", "medically fit for surgery"})
_SINGLE_AREA = "single area (one level or contiguous levels)"
_CORD = "spinal cord, not cauda equina / roots only"
_SIGN = "at least one neurological sign or symptom"
_PARAPLEGIA = f"not completely paraplegic for > {PARAPLEGIA_HOURS:g} h"
#: Patchell criteria that read where the compression is.
_SITE_CRITERIA = frozenset({_SINGLE_AREA, _CORD})
#: Patchell criteria that read the neurological examination (a sign or symptom; no total paraplegia > 48 h).
_EXAM_CRITERIA = frozenset({_SIGN, _PARAPLEGIA})
#: The Patchell criteria that, when they are the only ones still open besides the bedside judgements, are laid
#: out as branches: each is a recorded fact (imaging or examination) whose two answers give two different,
#: cited answers (inside Patchell's population: decompression if fit; outside it: no support for decompression
#: from that trial), so the rule names the fact instead of stopping.
_BRANCHABLE_CRITERIA = _SITE_CRITERIA | _EXAM_CRITERIA
_SITE_FACT = ("where the compression is (the spinal cord in one area, or the cauda equina / roots or non-contiguous "
              "levels; its levels are not recorded)")
_SITE_FACT_BY_LEVEL = ("where the compression is (the spinal cord or conus in one area, or the cauda equina / roots "
                       "only, or non-contiguous levels)")
_EXAM_FACT = ("the neurological examination (Patchell required at least one neurological sign or symptom, pain "
              "included, and excluded total paraplegia for more than 48 h)")
_PARAPLEGIA_FACT = "whether the patient has been totally paraplegic for more than 48 h"


def _open_patchell_fact(open_names: set[str], crits: list[Criterion]) -> tuple[str, str, list[str], list[str]]:
    """The recorded fact(s) still open among Patchell's criteria, in words: (fact, key, inside words, outside words)."""
    facts, inside, outside, keys = [], [], [], []
    if open_names & _SITE_CRITERIA:
        levels_known = next(c for c in crits if c.name == _SINGLE_AREA).met is not None
        facts.append(_SITE_FACT_BY_LEVEL if levels_known else _SITE_FACT)
        keys.append("compression_site")
        inside.append("the spinal cord is compressed in one area")
        outside.append("the compression is of the cauda equina or roots only, or at non-contiguous levels")
    if _SIGN in open_names:
        facts.append(_EXAM_FACT)
        keys.append("neurological_examination")
        inside.append("there is a neurological sign or symptom (pain included) and no total paraplegia for more "
                      f"than {PARAPLEGIA_HOURS:g} h")
        outside.append("there is no neurological sign or symptom, or a total paraplegia has lasted more than "
                       f"{PARAPLEGIA_HOURS:g} h")
    elif _PARAPLEGIA in open_names:
        gap = next(c.missing for c in crits if c.name == _PARAPLEGIA)
        facts.append(f"{_PARAPLEGIA_FACT} ({gap})")
        keys.append("paraplegia_over_48_h")
        inside.append(f"the patient has not been totally paraplegic for more than {PARAPLEGIA_HOURS:g} h (not "
                      f"totally paraplegic, or totally paraplegic for {PARAPLEGIA_HOURS:g} h or less)")
        outside.append(f"the patient has been totally paraplegic for more than {PARAPLEGIA_HOURS:g} h")
    return " and ".join(facts), "+".join(keys), inside, outside


def _by_open_criteria(decompression: Indication, crits: list[Criterion],
                      open_names: set[str]) -> tuple[Indication, dict[str, tuple[str, Indication]], str, str]:
    """Every Patchell fact known but where the compression is and/or what the neurological examination shows
    (a sign or symptom; a total paraplegia of more than 48 h): decompression per answer. Inside Patchell's
    population: the Patchell indication (R-SURG-1: decompression then RT if fit and expected to live >= 3 months;
    RT otherwise). Outside it -- cauda equina or roots only, non-contiguous levels, no neurological sign, or total
    paraplegia for more than 48 h, each an exclusion of the trial (Patchell 2005) -- open decompression is not
    supported by that evidence (R-S-3 for the paraplegia), so RT, with stabilisation as the SINS band calls for.
    Returns the combined indication, its two answers, the fact that picks the branch and its key."""
    fact, key, inside, outside = _open_patchell_fact(open_names, crits)
    inside_words = " and ".join(inside)
    outside_words = " or ".join(outside)
    met = _patchell_met(decompression.reasons, f"Patchell criteria met if {inside_words}")
    excluded = Indication(
        "decompression", NO, f"Outside Patchell's population if {outside_words}: the trial excluded these patients "
        "and its results do not extend to them, so open decompression is not supported by that evidence; "
        "radiotherapy, with stabilisation as the SINS band calls for (R-S-1, R-S-3)",
        reasons=decompression.reasons, citations=("patchell2005",))
    per = {"inside_patchell": (inside_words, met), "outside_patchell": (outside_words, excluded)}
    state = BY_SITE if open_names <= _SITE_CRITERIA else BY_CRITERIA
    combined = Indication(
        "decompression", state, decompression.headline + f": what to do depends on {fact}",
        if_fit=f"if {inside_words}: {met.if_fit}; otherwise radiotherapy (open decompression is outside Patchell's "
               "evidence)",
        if_unfit=met.if_unfit, reasons=decompression.reasons,
        missing=tuple(c.missing for c in crits if c.met is None and c.name in open_names),
        citations=met.citations, open_surgery=True, blocking=False)
    return combined, per, fact, key


def _mechanical_pain(inp: RuleInput) -> bool | None:
    pain = inp.snapshot.pain
    if pain is None or pain.value.character is None:
        return None
    return pain.value.character.value == "mechanical"


def _stabilisation(inp: RuleInput, band: str | None = None) -> Indication:
    """SINS 13-18: stabilisation whatever N and O (NOMS); 7-12: surgical opinion, and with mechanical pain
    stabilisation or cement is weighed (SOSG: movement-related pain is instability; derived).

    ``band`` reads the answer as if the SINS band were that one (for the branches per band)."""
    result = inp.result("sins")
    bands = (band,) if band is not None else tuple(b for b in possible(result) if b in _SINS_BANDS)
    if not bands:
        return Indication("stabilisation", UNKNOWN, "Mechanical stability not assessed (SINS)",
                          missing=("SINS (CT/MRI of the level)",), citations=("fisher2010",))
    reading = describe(result)
    reason = Reason(f"SINS {reading}.", {"possible": list(bands)}, "0-6 stable; 7-12 potentially unstable; 13-18 "
                    "unstable (Fisher 2010)", "fisher2010")
    if bands == ("stable",):
        return Indication("stabilisation", NO, "SINS 0-6 (stable): no stabilisation for instability",
                          reasons=(reason,), citations=("fisher2010",))
    if "stable" in bands:
        gaps = tuple(f"SINS item: {m}" for m in (result.missing if result else ()))
        return Indication("stabilisation", UNKNOWN, f"Stability not settled (SINS {reading})", reasons=(reason,),
                          missing=gaps or ("SINS (CT/MRI of the level)",), citations=("fisher2010",))
    unfit = ("percutaneous fixation or cement augmentation if tolerable, otherwise radiotherapy with bracing "
             "(NOMS; percutaneous fixation for patients who cannot stand open surgery, Versteeg 2016)")
    if bands == ("unstable",):
        return Indication(
            "stabilisation", YES, "SINS 13-18 (unstable): stabilisation is indicated whatever N and O",
            if_fit="stabilisation (open or percutaneous pedicle-screw fixation) before or with radiotherapy (NOMS)",
            if_unfit=unfit, reasons=(reason,), citations=("laufer2013", "fisher2010", "ppsf_2016"), open_surgery=True)
    mechanical = _mechanical_pain(inp)
    opinion = "spinal surgical opinion before definitive radiotherapy (SINS >= 7; R-M-2)"
    if "unstable" in bands:
        return Indication(
            "stabilisation", YES, f"SINS {reading} (at least potentially unstable): surgical opinion; stabilisation "
            "if judged unstable",
            if_fit=opinion + "; stabilisation (open or percutaneous) if 13-18 or judged unstable",
            if_unfit=opinion + "; " + unfit, reasons=(reason,), missing=tuple(
                f"SINS item: {m}" for m in (result.missing if result else ())),
            citations=("fisher2010", "laufer2013", "ppsf_2016"), open_surgery=True, blocking=False)
    if mechanical:
        return Indication(
            "stabilisation", YES,
            "SINS 7-12 (potentially unstable) with mechanical pain: movement-related pain is part of neoplastic "
            "instability (SOSG), so stabilisation is weighed (derived)",
            if_fit=opinion + "; stabilisation (percutaneous or open), or cement augmentation for a vertebral-body "
                             "fracture without compression",
            if_unfit=opinion + "; cement augmentation or percutaneous fixation if tolerable, otherwise bracing with RT",
            reasons=(reason, Reason("Mechanical pain recorded.", {"pain": "mechanical"}, "SINS pain item 3 points",
                                    "fisher2010")),
            citations=("fisher2010", "laufer2013", "berenson_2011_cafe", "ppsf_2016"),
            evidence_status=EvidenceStatus.DERIVED, open_surgery=True)
    return Indication(
        "stabilisation", YES, f"SINS {reading} (potentially unstable): " + opinion,
        if_fit=opinion, if_unfit=opinion, reasons=(reason,), citations=("fisher2010",),
        missing=() if mechanical is False else ("pain character (mechanical or not)",))


#: The SINS bands in words (Fisher 2010).
BAND_WORDS = {"stable": "SINS 0-6 (stable)", "potentially_unstable": "SINS 7-12 (potentially unstable)",
              "unstable": "SINS 13-18 (unstable)"}


def stability_bands(inp: RuleInput) -> tuple[str, ...]:
    """The SINS bands still possible when stability is not settled (all three when SINS is not scored)."""
    bands = tuple(b for b in possible(inp.result("sins")) if b in _SINS_BANDS)
    return bands or _SINS_BANDS


def _by_band(inp: RuleInput, unsettled: Indication) -> tuple[Indication, dict[str, Indication]]:
    """Stability not settled: what each SINS band still possible would indicate, and one indication that
    says it band by band (open surgery on the bands that call for it; never blocking, since the SINS band
    is named as the fact that picks the branch)."""
    per = {band: _stabilisation(inp, band) for band in stability_bands(inp)}

    def words(side: str) -> str:
        parts = []
        for band, ind in per.items():
            action = (ind.if_fit if side == "fit" else ind.if_unfit) if ind.state == YES else (
                "no stabilisation for instability")
            parts.append(f"if {BAND_WORDS[band]}: {action}")
        return "stabilisation by the SINS band (" + "; ".join(parts) + ")"

    conditional = Indication(
        "stabilisation", BY_BAND, unsettled.headline + ": what to do depends on the SINS band",
        if_fit=words("fit"), if_unfit=words("unfit"), reasons=unsettled.reasons, missing=unsettled.missing,
        citations=tuple(dict.fromkeys(c for ind in per.values() for c in ind.citations)) or ("fisher2010",),
        evidence_status=weakest(*(ind.evidence_status for ind in per.values())),
        open_surgery=any(ind.open_surgery for ind in per.values()), blocking=False)
    return conditional, per


def _stability_fact(inp: RuleInput, unsettled: Indication) -> str:
    items = [m.removeprefix("SINS item: ") for m in unsettled.missing if m.startswith("SINS item")]
    return ("spinal stability: the SINS band (" + (f"items not recorded: {', '.join(items)}" if items
                                                   else "SINS not scored") + ")")


def _solitary_words(inp: RuleInput) -> str:
    b = inp.snapshot.burden
    if b is None:
        return "bone metastasis count not recorded"
    if b.value.bone_mets_extent is not None:
        return f"bone metastases: {b.value.bone_mets_extent.value}"
    return "bone metastasis count as recorded"


def _excision(inp: RuleInput) -> Indication:
    """Tomita 2001 (surgical strategy by score): 2-3 wide or marginal excision (e.g. en bloc), 4-5 marginal or
    intralesional; revised Tokuhashi 12-15 (>= 1 year) excisional surgery. Non-blocking."""
    result = inp.result("tomita")
    if result is None or not result.applicable:
        return Indication("excision", NOT_IN_QUESTION, "Excisional surgery: the Tomita strategy does not apply",
                          blocking=False)
    bands = possible(result)
    reading = describe(result)
    reasons = [Reason(f"Tomita {reading}: {' or '.join(bands)}.", {"possible": list(bands)},
                      "2-3 wide/marginal excision; 4-5 marginal/intralesional; 6-7 palliative; 8-10 supportive",
                      "tomita2001")]
    tokuhashi = inp.result("tokuhashi_revised")
    if tokuhashi is not None and tokuhashi.applicable and possible(tokuhashi):
        reasons.append(Reason(f"Revised Tokuhashi {describe(tokuhashi)}.", {"possible": list(possible(tokuhashi))},
                              "12-15: excisional surgery; 9-11: excisional if a single lesion and no major-organ "
                              "metastases", "tokuhashi2005"))
    inside = set(bands) & EXCISION_BANDS
    if not inside:
        return Indication("excision", NO, f"Tomita {reading}: excisional surgery not indicated (palliative surgery "
                          "or supportive care by Tomita's strategy)", reasons=tuple(reasons),
                          citations=("tomita2001",), evidence_status=EvidenceStatus.SECONDARY, blocking=False)
    if set(bands) <= EXCISION_BANDS:
        strategy = ("wide or marginal excision (e.g. total en bloc spondylectomy)" if bands == (
            "long_term_local_control",) else "marginal or intralesional excision" if bands == (
            "middle_term_local_control",) else "excision (wide/marginal for Tomita 2-3, marginal/intralesional "
                                               "for 4-5)")
        return Indication(
            "excision", YES, f"Solitary metastasis of a favourable histology (Tomita {reading}): {strategy} is the "
            "Tomita strategy for a patient with a good prognosis",
            if_fit=f"{strategy} for long-term local control (Tomita 2001; revised Tokuhashi 12-15)",
            if_unfit="no excisional surgery",
            reasons=tuple(reasons), citations=("tomita2001", "tokuhashi2005"),
            evidence_status=EvidenceStatus.SECONDARY, open_surgery=True,
            min_survival_months=EXCISION_SURVIVAL_MONTHS, blocking=False)
    gaps = tuple(f"Tomita item: {m}" for m in result.missing) or (_solitary_words(inp),)
    return Indication("excision", UNKNOWN, f"Excisional surgery possible only if the metastasis is solitary with no "
                      f"untreatable visceral disease (Tomita {reading})", reasons=tuple(reasons), missing=gaps,
                      citations=("tomita2001",), evidence_status=EvidenceStatus.SECONDARY, blocking=False)


def _cement(inp: RuleInput) -> Indication:
    """R-NOMS-7: vertebral augmentation for a painful fracture or mechanical pain without cord compression or
    gross instability (NOMS; CAFE trial). Non-blocking."""
    s = inp.snapshot
    level = inp.fact(index_level)
    finding = s.finding(level) if level is not None else None
    fracture = bool(finding and (finding.pathological_fracture or has_collapse(finding)))
    mechanical = _mechanical_pain(inp)
    painful = mechanical or (fracture and s.pain is not None)
    if not (fracture or mechanical):
        return Indication("cement", NOT_IN_QUESTION, "Cement augmentation: no painful fracture or mechanical pain "
                          "recorded", blocking=False)
    reason = Reason("Painful vertebral fracture or mechanical pain." if painful else "Vertebral fracture recorded.",
                    {"fracture": fracture, "mechanical_pain": mechanical}, "R-NOMS-7", "berenson_2011_cafe")
    compressed = cord_compressed(s)
    unstable = "unstable" in possible(inp.result("sins"))
    if compressed or (finding is not None and finding.retropulsion):
        return Indication("cement", NO, "Cement augmentation alone not suited: cord compression or retropulsion "
                          "(R-NOMS-7)", reasons=(reason,), citations=("laufer2013",), blocking=False)
    if possible(inp.result("sins")) == ("unstable",):
        return Indication("cement", NO, "Cement augmentation alone not suited: gross instability (SINS 13-18) needs "
                          "stabilisation", reasons=(reason,), citations=("laufer2013",), blocking=False)
    lacking = []
    if compressed is None:
        lacking.append("ESCC grade (cement needs no cord compression)")
    if finding is None or finding.retropulsion is None:
        lacking.append("retropulsion / posterior wall (cement needs none)")
    if not painful:
        lacking.append("pain at the fractured level")
    if unstable:
        lacking.append("SINS items (cement needs no gross instability)")
    what = "vertebral augmentation (vertebroplasty or kyphoplasty) with RT for the fracture pain (R-NOMS-7; CAFE)"
    if lacking:
        return Indication("cement", UNKNOWN, "Cement augmentation possible once these are known: " + ", ".join(lacking),
                          reasons=(reason,), missing=tuple(lacking), citations=("laufer2013", "berenson_2011_cafe"),
                          blocking=False)
    return Indication("cement", YES, what[0].upper() + what[1:], if_fit=what, if_unfit=what, reasons=(reason,),
                      citations=("laufer2013", "berenson_2011_cafe"), blocking=False)


def _survival_side(months: float | None, threshold: float) -> bool | None:
    return None if months is None else months >= threshold


def _plan(indications: list[Indication], fit: bool, months_ok: dict[float, bool]) -> list[str]:
    """What to do on one side of the bedside judgement: each indicated operation's action."""
    out = []
    for ind in indications:
        if ind.state not in _ACTS:
            continue
        if not ind.open_surgery:
            out.append(ind.if_fit)
            continue
        ok = fit and months_ok.get(ind.min_survival_months, False)
        action = ind.if_fit if ok else ind.if_unfit
        if action:
            out.append(action)
    return list(dict.fromkeys(out))


def _contraindications(inp: RuleInput) -> list[Reason]:
    s = inp.snapshot
    out = []
    months = expected_survival_months(s)
    if months is not None and months < MIN_SURVIVAL_MONTHS:
        out.append(Reason(f"Expected survival {months:g} months: below the 3 months of Patchell's population; open "
                          "surgery not recommended (R-S-1).", {"expected_survival_months": months},
                          "< 3 months", "patchell2005"))
    if fit_for_surgery(s) is False:
        out.append(Reason("Not medically fit for surgery: open surgery not recommended; percutaneous or cement "
                          "stabilisation if tolerable (R-S-1).", {"fit_for_surgery": False}, None, "patchell2005"))
    levels = compressed_levels(s)
    if levels and not are_contiguous(levels):
        out.append(Reason(f"Non-contiguous disease ({', '.join(str(lv) for lv in levels)}): handled level by level; "
                          "Patchell's evidence covers one area.", {"levels": [str(lv) for lv in levels]},
                          "single area (Patchell 2005)", "patchell2005"))
    return out


def _candidacy(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    earlier = open_surgeries_given(inp)
    if earlier:
        return answer(SURGICAL_CANDIDACY, NA, f"Already operated on day {earlier[-1].day}; a further operation "
                                              "is weighed by after_local_recurrence.", citations=_FIRST_SOURCES)
    iatrogenic = inp.fact(complication_compression)
    if iatrogenic:
        return answer(SURGICAL_CANDIDACY, NA, complication_compression_statement(iatrogenic), citations=COMPLICATION_SOURCES)
    given = inp.fact(given_before_now)
    if given:
        return answer(SURGICAL_CANDIDACY, NA, f"Treatment already chosen and given ({', '.join(given)}); after a "
                      "failure an operation is weighed by after_local_recurrence.", citations=_FIRST_SOURCES)
    crits = criteria(inp)
    indications = [_decompression(inp, crits), _stabilisation(inp), _excision(inp), _cement(inp)]
    conditionals: list[Conditional] = []
    if indications[1].state == UNKNOWN:
        fact = _stability_fact(inp, indications[1])
        indications[1], per = _by_band(inp, indications[1])
        conditionals.append(Conditional(1, fact, "sins_band", {b: (BAND_WORDS[b], ind) for b, ind in per.items()}))
    open_names = {c.name for c in crits if c.met is None and c.name not in _BEDSIDE_CRITERIA}
    if indications[0].state == UNKNOWN and open_names and open_names <= _BRANCHABLE_CRITERIA:
        indications[0], per_answer, fact, key = _by_open_criteria(indications[0], crits, open_names)
        conditionals.insert(0, Conditional(0, fact, key, per_answer))
    decompression = indications[0]
    reasons: list[Reason] = [r for ind in indications for r in ind.reasons]
    reasons += [Reason(f"{ind.key.capitalize()}: {ind.headline}.", {"indication": ind.key, "state": ind.state})
                for ind in indications if ind.state != NOT_IN_QUESTION or ind.key == "decompression"]
    cautions: list[str] = recorded_cautions(s)
    age = s.age()
    if decompression.state in (YES, UNKNOWN, BY_SITE, BY_CRITERIA):  # decompression may be indicated
        if age is None:
            cautions.append("Age not recorded: the age interaction (Chi 2009) cannot be shown.")
        elif age >= AGE_INTERACTION:
            reasons.append(Reason(f"Age {age}: at 65 or older surgery + RT and RT alone gave equivalent outcomes.",
                                  {"age": age}, ">= 65 years (Chi 2009; Rades 2012)", "chi_2009_age"))
        else:
            reasons.append(Reason(f"Age {age}: under 65 surgery preserved walking better.", {"age": age},
                                  "< 65 years (Chi 2009)", "chi_2009_age"))
    if radiotherapies_given(s, inp.fact(index_level)):
        cautions.append("Previous radiotherapy to this level: outside the Patchell population, and wound "
                        "complications are about three times as common after RT (Ghogawala 2001).")
    if s.neuro and s.neuro.value.motor_deficit_onset_day is not None:
        hours = (s.day - s.neuro.value.motor_deficit_onset_day) * 24
        if hours < 48:
            reasons.append(Reason("Motor deficit developed within 48 h: after RT alone almost none improve.",
                                  {"onset_hours": hours}, "<48 h -> 0% improved (Rades 2000)", "rades_2000_tempo"))
    reasons += _contraindications(inp)
    for ind in indications:
        if ind.state == UNKNOWN and not ind.blocking:
            cautions.append(f"{ind.key.capitalize()} not yet assessable: {ind.headline}.")
    citations = tuple(dict.fromkeys([*(c for ind in indications for c in ind.citations), "chi_2009_age"]))
    weighed = [ind.evidence_status for ind in indications
               if ind.state in _ACTS or (ind.state == UNKNOWN and ind.blocking)]
    status_of = weakest(*weighed) if weighed else EvidenceStatus.VERIFIED
    data: dict[str, object] = {"criteria": {c.name: c.met for c in crits},
                               "indications": {ind.key: ind.state for ind in indications}}
    prefix = decompression.headline + ". " if decompression.state == NOT_IN_QUESTION and (
        "not the spinal cord" in decompression.headline) else ""
    blocking = [ind for ind in indications if ind.state == UNKNOWN and ind.blocking]
    fit = fit_for_surgery(s)
    months = expected_survival_months(s)
    declined = surgery_declined(s)
    if declined is not None:
        return _declined(inp, indications, conditionals, declined, prefix, reasons, cautions, citations, status_of,
                         data)
    if blocking:
        missing = [m for ind in blocking for m in ind.missing]
        missing += [m for ind in indications if ind.state in _OPEN_QUESTION and not ind.blocking for m in ind.missing]
        shown = [ind for ind in indications if (ind.blocking or ind.state in _CONDITIONAL)
                 and ind.state != NOT_IN_QUESTION]
        statement = prefix + "; ".join(ind.headline for ind in shown) + "."
        if decompression.state == UNKNOWN:
            data["candidate"] = None
        else:
            data["candidate"] = False if decompression.state == NO else None
        return answer(SURGICAL_CANDIDACY, NEEDS, statement, reasons, missing=missing, cautions=cautions,
                      citations=citations, evidence_status=status_of, data=data)
    data["candidate"] = (False if decompression.state == NO or (decompression.state == YES and (
        fit is False or (months is not None and months < MIN_SURVIVAL_MONTHS))) else
        True if decompression.state == YES and fit is True and months is not None else None)
    open_yes = [ind for ind in indications if ind.state in _ACTS and ind.open_surgery]
    others = [ind.if_fit for ind in indications if ind.state in _ACTS and not ind.open_surgery]
    if not open_yes:
        said = [ind.headline for ind in indications if ind.state == NO]
        statement = prefix + "No open operation indicated on the recorded facts" + (
            f" ({'; '.join(said)})" if said else "") + "." + (f" Indicated: {'; '.join(others)}." if others else "")
        return answer(SURGICAL_CANDIDACY, DECIDED, statement, reasons, cautions=cautions, citations=citations,
                      evidence_status=status_of, data={**data, "operations": others},
                      missing=[m for ind in indications if ind.state in _OPEN_QUESTION for m in ind.missing])
    if decompression.state == NO:
        prefix += decompression.headline + ". "
    thresholds = sorted({ind.min_survival_months for ind in open_yes})
    known_side = {t: _survival_side(months, t) for t in thresholds}
    if fit is not None and (fit is False or all(v is not None for v in known_side.values())) and conditionals:
        return _branched_by_fact(indications, conditionals, bool(fit), known_side, prefix, reasons, cautions,
                                 citations, status_of, data)
    if fit is not None and (fit is False or all(v is not None for v in known_side.values())):
        chosen = _plan(indications, bool(fit), {t: bool(v) for t, v in known_side.items()})
        statement = prefix + ("Fit for surgery" if fit else "Not fit for surgery") + (
            f", expected survival {months:g} months" if months is not None else "") + ": " + "; ".join(chosen) + "."
        return answer(SURGICAL_CANDIDACY, DECIDED, statement, reasons, cautions=cautions, citations=citations,
                      evidence_status=status_of, data={**data, "operations": chosen},
                      missing=[m for ind in indications if ind.state in _OPEN_QUESTION for m in ind.missing])
    return _branched(inp, indications, open_yes, thresholds, prefix, reasons, cautions, citations, status_of, data,
                     tuple(c.fact for c in conditionals))


def _declined(inp: RuleInput, indications: list[Indication], conditionals: list[Conditional],
              declined: Dated[TreatmentPreference], prefix: str, reasons: list[Reason], cautions: list[str],
              citations: tuple[str, ...], status_of: EvidenceStatus, data: dict[str, object]) -> Recommendation:
    """A recorded refusal of surgery picks the non-surgical side, whatever else is still open: an open
    question about decompression no longer changes the answer (LMNOP "patient wishes", Ivanishvili 2014)."""
    said = preference_words(declined)
    reasons = [*reasons, Reason(f"{said[:1].upper()}{said[1:]}: the non-surgical branch is taken.",
                                {"preference": declined.value.value, "day": declined.day}, None,
                                "ivanishvili_2014_lmnop")]
    citations = tuple(dict.fromkeys([*citations, "ivanishvili_2014_lmnop"]))
    data = {**data, "candidate": False, "preference": declined.value.value}
    prefix = prefix + f"No open operation: {said}. "
    moot = tuple(f"{ind.key.capitalize()} not yet assessable" for ind in indications if ind.open_surgery)
    cautions = [c for c in cautions if not c.startswith(moot)]
    if conditionals:
        return _branched_by_fact(indications, conditionals, False, {}, prefix, reasons, cautions, citations,
                                 status_of, data)
    chosen = [a for a in _plan(indications, False, {}) if a]
    actions = "; ".join(chosen) + "." if chosen else "Radiotherapy and supportive care."
    statement = prefix[:1].upper() + prefix[1:] + actions[:1].upper() + actions[1:]
    return answer(SURGICAL_CANDIDACY, DECIDED, statement, reasons, cautions=cautions,
                  citations=citations, evidence_status=status_of, data={**data, "operations": chosen})


@dataclass(frozen=True)
class Conditional:
    """A recorded fact still open that changes which operation is indicated (the SINS band): ``values`` maps each answer to its words and the indication it gives, which
    replaces ``indications[index]`` on that branch."""

    index: int
    fact: str
    key: str
    values: dict[str, tuple[str, Indication]]


def _branched_by_fact(indications: list[Indication], conditionals: list[Conditional], fit: bool,
                      known_side: dict[float, bool | None], prefix: str, reasons: list[Reason], cautions: list[str],
                      citations: tuple[str, ...], status_of: EvidenceStatus, data: dict[str, object]) -> Recommendation:
    """Fitness and survival recorded, a fact still open: one branch per answer (answers giving the same
    operations share a branch)."""
    branches: list[Branch] = []
    seen: dict[tuple[str, ...], int] = {}
    for combo in product(*(c.values.items() for c in conditionals)):
        chosen = list(indications)
        for c, (_value, (_words, ind)) in zip(conditionals, combo, strict=True):
            chosen[c.index] = ind
        actions = _plan(chosen, fit, {t: bool(v) for t, v in known_side.items()})
        condition = " and ".join(words for _value, (words, _ind) in combo)
        when: dict[str, list[str]] = {c.key: [value] for c, (value, _w) in zip(conditionals, combo, strict=True)}
        key = tuple(actions)
        if key in seen:
            old = branches[seen[key]]
            merged = {k: [*old.when[k], *v] for k, v in when.items()}
            branches[seen[key]] = Branch(condition=f"{old.condition} or {condition}", statement=old.statement,
                                         when=merged, reasons=old.reasons, citations=old.citations,
                                         evidence_status=old.evidence_status)
            continue
        seen[key] = len(branches)
        used = [ind for _value, (_words, ind) in combo]
        branches.append(Branch(condition=condition, statement="; ".join(actions) + "." if actions else
                               "No operation; radiotherapy and supportive care.", when=when,
                               reasons=tuple(Reason(f"{ind.key.capitalize()}: {ind.headline}.",
                                                    {"indication": ind.key, "state": ind.state}, None,
                                                    ind.citations[0] if ind.citations else None) for ind in used),
                               citations=tuple(dict.fromkeys(c for ind in used for c in ind.citations)),
                               evidence_status=weakest(*(ind.evidence_status for ind in used))))
    facts = tuple(c.fact for c in conditionals)
    statement = prefix + f"Surgical candidacy depends on {' and on '.join(facts)}: " + "; ".join(
        f"if {b.condition}: {b.statement[:-1]}" for b in branches) + "."
    missing = [m for ind in indications if ind.state in _OPEN_QUESTION for m in ind.missing]
    return answer(SURGICAL_CANDIDACY, BRANCHED, statement, reasons, cautions=cautions, citations=citations,
                  evidence_status=status_of, missing=missing, branches=branches, branch_on=facts,
                  data={**data, "branch_on": facts[0] if len(facts) == 1 else list(facts)})


def _branched(inp: RuleInput, indications: list[Indication], open_yes: list[Indication], thresholds: list[float],
              prefix: str, reasons: list[Reason], cautions: list[str], citations: tuple[str, ...],
              status_of: EvidenceStatus, data: dict[str, object], open_facts: tuple[str, ...] = ()) -> Recommendation:
    """One branch per answer of the bedside judgement (fitness; expected survival against each threshold)."""
    fit = fit_for_surgery(inp.snapshot)
    months = expected_survival_months(inp.snapshot)
    sides: list[tuple[str, dict[str, object], list[str]]] = []
    top = thresholds[-1]
    for i, t in enumerate(reversed(thresholds)):
        ok = {th: th <= t for th in thresholds}
        cond_fit = "" if fit is True else "fit for surgery and "
        upper = f" and < {thresholds[-i]:g} months" if i else ""
        sides.append((f"{cond_fit}expected survival >= {t:g} months{upper}",
                      {"fit_for_surgery": True, "expected_survival_at_least_months": t}, _plan(indications, True, ok)))
    lowest = thresholds[0]
    unfit_words = (f"expected survival < {lowest:g} months" if fit is True else
                   "not fit for surgery" if months is not None and months >= top else
                   f"not fit for surgery, or expected survival < {lowest:g} months")
    sides.append((unfit_words, {"fit_for_surgery_or_survival": False}, _plan(indications, False, {})))
    branches = []
    seen: set[tuple[str, ...]] = set()
    for condition, when, actions in sides:
        key = tuple(actions)
        if key in seen:
            continue
        seen.add(key)
        on = list(open_yes)
        branches.append(Branch(condition=condition, statement="; ".join(actions) + "." if actions else
                               "No operation; radiotherapy and supportive care.", when=when,
                               reasons=tuple(Reason(f"{ind.key.capitalize()}: {ind.headline}.", {"indication": ind.key},
                                                    None, ind.citations[0] if ind.citations else None) for ind in on),
                               citations=tuple(dict.fromkeys(c for ind in on for c in ind.citations)),
                               evidence_status=weakest(*(ind.evidence_status for ind in on))))
    picked = ("fitness for surgery" if months is not None and months >= top else
              "expected survival (team estimate)" if fit is True else
              "fitness for surgery and expected survival (team assessment)")
    offers = survival_offers(inp, lowest)
    reasons = [*reasons, Reason(offers_in_words(offers), {"offers": [o.instrument for o in offers]},
                                f"Patchell 2005: >= {MIN_SURVIVAL_MONTHS:g} months; revised Tokuhashi 12-15 "
                                "(>= 1 year): excisional surgery", "patchell2005")]
    branch_on = (picked, *open_facts)
    statement = prefix + f"Surgical candidacy depends on {' and on '.join(branch_on)}: " + " Otherwise, ".join(
        f"if {b.condition}: {b.statement}" for b in branches)
    missing = []
    if fit is None:
        missing.append("fitness for surgery (team assessment)")
    if months is None or any(_survival_side(months, t) is None for t in thresholds):
        missing.append("expected survival (months)")
    missing += [m for ind in indications if ind.state in _OPEN_QUESTION for m in ind.missing]
    return answer(SURGICAL_CANDIDACY, BRANCHED, statement, reasons, cautions=[*cautions, *unrecorded_caution(inp.snapshot)],
                  citations=citations, evidence_status=status_of, missing=missing, branches=branches,
                  branch_on=branch_on, survival_offers=offers,
                  data={**data, "branch_on": picked if not open_facts else list(branch_on)})


SURGICAL_CANDIDACY = RuleSpec(
    key="surgical_candidacy",
    decision_point="D7",
    title="Surgical candidacy (decompression, stabilisation, excision, cement)",
    summary="Patchell criteria for decompression in MSCC (cord compression in one area, neurological sign, not "
            "radiosensitive, survival >= 3 months, fit, not paraplegic > 48 h; age >= 65 shown); stabilisation for "
            "SINS instability; excision by Tomita's strategy for a solitary favourable metastasis; cement for a "
            "painful fracture without compression; contraindications; branches on fitness and expected survival.",
    inputs=("cord compression and its levels", "neurological examination (grade, paraplegia duration)",
            "primary site", "expected survival (months)", "fitness for surgery", "age", "previous RT",
            "sins result", "tomita and tokuhashi results", "pain character, fracture, retropulsion"),
    outputs=("operations indicated (decided) or one branch per bedside judgement, criterion by criterion",),
    sources=("patchell2005", "chi_2009_age", "rades_2012_elderly", "rades_2000_tempo", "ghogawala_2001",
             "fisher2010", "laufer2013", "tomita2001", "tokuhashi2005", "berenson_2011_cafe", "ppsf_2016"),
    pathway_rules=("R-SURG-1", "R-S-1", "R-S-2", "R-S-3", "R-N-2", "R-M-2", "R-NOMS-6", "R-NOMS-7"),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_candidacy,
    applies_to=VERTEBRAL_OR_EPIDURAL,
)
