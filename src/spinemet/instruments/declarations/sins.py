"""SINS — Spinal Instability Neoplastic Score (Spine Oncology Study Group).

Provenance
----------
* Items, answers and points: Fisher CG et al., Spine 2010;35(22):E1221–E1229
  (``fisher2010``); reliability and the 0–18 range: Fourney DR et al., J Clin Oncol
  2011;29:3072 (``fourney2011``). Binary use (0–6 vs 7–18, surgical consultation):
  Fisher CG et al., Radiat Oncol 2014;9:69 (``fisher2014``).
* Implementation decision: vertebral-body collapse of *exactly* 50% scores 3 (">=50%"). Every
  reproduction seen prints ">50%" / "<50%", leaving exactly 50% undefined; the original table
  was not seen, so this is our decision, shown with every result that uses it.
* Traps guarded by tests: pain is 3/1/0 (one notes site prints 2/1); the stable band starts
  at 0, not 1; T6 is semirigid (1), not junctional.

Reading a case: SINS is scored per lesion, at the snapshot's index level (worst ESCC, else the
first level recorded); :func:`read_sins_at` reads any level. A lesion known only by a span or a
region ("thoracic pathological fracture") is scored with its location narrowed to the classes of the
levels it can lie at (Fisher 2010 table; :mod:`spinemet.case.regions`). Location comes from the level,
collapse from a recorded category or the height loss in percent, pain from the recorded
character; the other items as recorded at that level.
"""

from __future__ import annotations

from spinemet.anatomy import Level, Span, parse_level, sins_location
from spinemet.case.events.findings import LevelFinding, has_posterior_elements
from spinemet.case.regions import REGION_SOURCES, region_levels
from spinemet.case.vocab_disease import Compartment, SpinalRegion
from spinemet.instruments.declarations._build import S, V, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, BandSet, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import PERCENT, Answers, Reading, outside_lesion_at_level

COLLAPSE_50 = Decision(
    key="sins_collapse_50_percent",
    text=(
        "Collapse of exactly 50% is scored as '>=50% collapse' (3 points). This is SpineMet's decision, "
        "not the published wording: every reproduction of the Fisher 2010 table seen prints '>50%' and "
        "'<50%', which leaves exactly 50% undefined; '>=50%' closes that gap (instruments.md section 1, trap 1)."
    ),
    citations=("fisher2010",),
)



def sins_location_from_level(level: Level | str) -> Given:
    """SINS location class of a vertebral level (Fisher 2010): T6 -> semirigid.

    Uses :func:`spinemet.anatomy.sins_location`; the coccyx and transitional labels (T13, L6)
    are rejected with the anatomy module's message.
    """
    lvl = parse_level(level)
    return Given(sins_location(lvl).value, f"derived from level {lvl}")


def sins_collapse_from_percent(collapse_percent: float, body_involvement_percent: float | None = None) -> Given:
    """SINS collapse answer from height loss (%) and, without collapse, body involvement (%).

    Exactly 50% collapse scores '>=50%' (decision ``sins_collapse_50_percent``). With no collapse,
    involvement > 50% scores 1; unknown involvement leaves both no-collapse answers possible.
    """
    pct = PERCENT.check("collapse_percent", collapse_percent)
    src = f"derived from collapse {pct:g}%"
    if pct >= 50:
        return Given("at_least_50", src)
    if pct > 0:
        return Given("under_50", src)
    if body_involvement_percent is None:
        return Given(None, src + " (body involvement unknown)", candidates=("none_over_50_involved", "none"))
    inv = PERCENT.check("body_involvement_percent", body_involvement_percent)
    src = f"derived from no collapse and {inv:g}% body involvement"
    return Given("none_over_50_involved" if inv > 50 else "none", src)


#: What a finding states without the detail SINS grades -> the SINS answers it allows (Fisher 2010
#: rows): collapse present without a percentage is one of the two collapse rows (never 'none');
#: absent is one of the two no-collapse rows (body involvement decides between them).
COLLAPSE_STATED: dict[bool, tuple[str, ...]] = {True: ("at_least_50", "under_50"),
                                                False: ("none_over_50_involved", "none")}
#: Pain present without its character is mechanical or occasional; absent is a pain-free lesion.
PAIN_STATED: dict[bool, tuple[str, ...]] = {True: ("mechanical", "occasional"), False: ("none",)}
#: Posterior elements involved without a side are unilateral or bilateral; not involved is 'none'.
POSTERIOR_STATED: dict[bool, tuple[str, ...]] = {True: ("bilateral", "unilateral"), False: ("none",)}


def stated(table: dict[bool, tuple[str, ...]], present: bool, what: str, detail: str) -> Given:
    """The SINS answers a stated presence (or absence) allows, e.g. collapse present -> 3 or 2 points."""
    answers = table[present]
    src = f"derived from {what} present ({detail} not stated)" if present else f"derived from {what} absent"
    return Given(answers[0], src) if len(answers) == 1 else Given(None, src, candidates=answers)


def sins_location_over_span(span: Span) -> Given:
    """SINS location of a lesion known only by a span: the location classes of the span's levels
    (Fisher 2010 table), settled when they agree (T4-T8: semirigid), else open (T9-T12: semirigid
    or junctional). The level itself is not stated, so nothing narrower is claimed."""
    classes = tuple(dict.fromkeys(sins_location(lvl).value for lvl in span.levels))
    src = f"derived from span {span} (level not stated: any of {span.start} to {span.end})"
    ordered = tuple(answer for answer in _LOCATION_ORDER if answer in classes)
    return Given(ordered[0], src) if len(ordered) == 1 else Given(None, src, candidates=ordered)


_LOCATION_ORDER = ("junctional", "mobile", "semirigid", "rigid")


def sins_location_over_region(region: SpinalRegion) -> Given:
    """SINS location of a lesion known only by a region ("thoracic pathological fracture"): the
    location classes of every level the region can mean (:data:`spinemet.case.regions.REGION_LEVELS`)
    in the Fisher 2010 table. Settled only when they all agree; otherwise open over exactly those
    classes (thoracic: junctional or semirigid -- T1-T2 and T11-T12 are junctional, T3-T10
    semirigid). The level is not stated, so nothing narrower is claimed."""
    levels = region_levels(region)
    classes = {sins_location(lvl).value for lvl in levels if lvl is not Level.Co}
    cited = REGION_SOURCES.get(region)
    src = (f"derived from region {region.value} (level not stated: any of {levels[0]} to {levels[-1]}"
           f"{f', {cited}' if cited else ''})")
    ordered = tuple(answer for answer in _LOCATION_ORDER if answer in classes)
    return Given(ordered[0], src) if len(ordered) == 1 else Given(None, src, candidates=ordered)


def read_sins_at(r: Reading, level: Level) -> Answers:
    """SINS items of the lesion at ``level``; a presence stated without its detail (collapse, pain,
    posterior elements) narrows the item to the rows it allows (:data:`COLLAPSE_STATED` ...)."""
    return _read_sins_finding(r, r.snapshot.finding(level), str(level), sins_location_from_level(level))


def read_sins_over_span(r: Reading, span: Span, f: LevelFinding) -> Answers:
    """SINS items of a lesion known only by a span: the location open over the span's levels
    (:func:`sins_location_over_span`), the other items as the finding states them."""
    return _read_sins_finding(r, f, str(span), sins_location_over_span(span))


def read_sins_over_region(r: Reading, region: SpinalRegion, f: LevelFinding) -> Answers:
    """SINS items of a lesion known only by a region: the location narrowed to the region's levels
    (:func:`sins_location_over_region`), the other items as the finding states them."""
    return _read_sins_finding(r, f, f"region {region.value}", sins_location_over_region(region))


def _read_sins_finding(r: Reading, f: LevelFinding | None, where: str, location: Given) -> Answers:
    s = r.snapshot
    out: Answers = {"location": location}
    if s.pain is not None and s.pain.value.character is not None:
        out["pain"] = Given(s.pain.value.character.value, f"recorded pain character (day {s.pain.day})")
    elif s.pain is not None and s.pain.value.mechanical is not None and s.pain_present is not False:
        # "non-mechanical back pain": of Fisher 2010's rows only 'occasional pain but not mechanical' is painful
        # and not mechanical; stated mechanical is the mechanical row
        answer = "mechanical" if s.pain.value.mechanical else "occasional"
        said = "mechanical" if s.pain.value.mechanical else "not mechanical"
        out["pain"] = Given(answer, f"derived from pain stated as {said} (day {s.pain.day})")
    elif s.pain_present is not None:
        out["pain"] = stated(PAIN_STATED, s.pain_present, "pain", "character")
    if f is None:
        return out
    if f.lesion_type is not None:
        out["bone_lesion"] = Given(f.lesion_type.value, f"recorded at {where}")
    if f.alignment is not None:
        out["alignment"] = Given(f.alignment.value, f"recorded at {where}")
    if f.collapse is not None:
        out["collapse"] = Given(f.collapse.value, f"recorded at {where}")
    elif f.collapse_percent is not None:
        out["collapse"] = sins_collapse_from_percent(f.collapse_percent, f.body_involvement_percent)
    elif f.collapse_present is False and f.body_involvement_percent is not None:
        out["collapse"] = sins_collapse_from_percent(0, f.body_involvement_percent)
    elif f.collapse_present is not None:
        out["collapse"] = stated(COLLAPSE_STATED, f.collapse_present, f"collapse at {where}", "percentage")
    elif f.compartments_spared and Compartment.VERTEBRAL_BODY in f.compartments_spared:
        # a lesion that spares the body neither collapses it nor replaces any of it (Fisher 2010: 0 points)
        out["collapse"] = Given("none", f"derived from the vertebral body spared at {where}")
    if f.posterolateral is not None:
        out["posterolateral"] = Given(f.posterolateral.value, f"recorded at {where}")
    else:
        involved = has_posterior_elements(f)
        if involved is not None:
            out["posterolateral"] = stated(POSTERIOR_STATED, involved, f"posterior elements at {where}", "side")
    return out


def read_sins(r: Reading) -> Answers:
    """SINS items at the index level; with no finding at one level, of the lesion known only by a
    span (location open over its levels), else only by a region (location narrowed to the region's
    levels); nothing when none was recorded."""
    found = r.index_finding()
    if found is not None:
        return read_sins_at(r, found[0])
    spanned = r.index_span_finding()
    if spanned is not None:
        return read_sins_over_span(r, spanned[0], spanned[1])
    regional = r.index_region_finding()
    return {} if regional is None else read_sins_over_region(r, regional[0], regional[1])



def _outside_sins(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_lesion_at_level(r, "SINS", by_region=True)


SINS = Instrument(
    key="sins",
    name="Spinal Instability Neoplastic Score",
    version="Fisher 2010 (SOSG); bands as Fourney 2011",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_WORSE,
    description="Neoplastic spinal instability of one lesion, scored per level from CT/MRI and the pain history.",
    items=(
        item("location", "Location",
             a("junctional", "Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)", 3),
             a("mobile", "Mobile spine (C3-C6, L2-L4)", 2),
             a("semirigid", "Semirigid (T3-T10)", 1),
             a("rigid", "Rigid (S2-S5)", 0)),
        item("pain", "Pain",
             a("mechanical", "Mechanical pain (relief with recumbency and/or pain with movement or loading)", 3),
             a("occasional", "Occasional pain, not mechanical", 1),
             a("none", "Pain-free lesion", 0)),
        item("bone_lesion", "Bone lesion quality",
             a("lytic", "Lytic", 2),
             a("mixed", "Mixed (lytic/blastic)", 1),
             a("blastic", "Blastic", 0)),
        item("alignment", "Radiographic spinal alignment",
             a("subluxation", "Subluxation/translation present", 4),
             a("deformity", "De novo deformity (kyphosis/scoliosis)", 2),
             a("normal", "Normal alignment", 0)),
        item("collapse", "Vertebral body collapse",
             a("at_least_50", ">50% collapse (exactly 50% counted here: decision)", 3, decision=COLLAPSE_50.key),
             a("under_50", "<50% collapse", 2),
             a("none_over_50_involved", "No collapse with >50% of the body involved", 1),
             a("none", "None of the above", 0)),
        item("posterolateral", "Posterolateral involvement of spinal elements",
             a("bilateral", "Bilateral", 3),
             a("unilateral", "Unilateral", 1),
             a("none", "None of the above", 0),
             meaning="Facet, pedicle or costovertebral joint fracture or replacement with tumour."),
    ),
    bands=(
        band("stable", 0, 6, "Stable (0-6)"),
        band("potentially_unstable", 7, 12, "Potentially unstable (7-12)",
             "Indeterminate (possibly impending) instability; surgical consultation recommended."),
        band("unstable", 13, 18, "Unstable (13-18)", "Instability; surgical consultation recommended."),
    ),
    alternative_bands=(
        BandSet("binary_fisher2014", "Binary use by radiation oncologists (Fisher 2014)", (
            band("stable", 0, 6, "Stable (0-6)"),
            band("surgical_consultation", 7, 18, "Current or possible instability (7-18)",
                 "Surgical consultation recommended."),
        ), "fisher2014"),
    ),
    citations=("fisher2010", "fourney2011", "fisher2014"),
    decisions=(COLLAPSE_50,),
    facts=(
        fact("Item point values (location 3/2/1/0, pain 3/1/0, bone 2/1/0, alignment 4/2/0, "
             "collapse 3/2/1/0, posterolateral 3/1/0)", S, "fisher2010 via radiopaedia, cancercalc, spinemd"),
        fact("Total is the sum of six items, 0-18", V, "fourney2011"),
        fact("Bands 0-6 stable, 7-12 potentially unstable, 13-18 unstable", V, "fourney2011; fisher2014"),
        fact("Level to location table", S, "fisher2010 via reproductions"),
    ),
    reader=read_sins,
    applies_to=Applicability(
        "a neoplastic lesion of the spinal column (vertebral, with or without epidural extension) at a known level, "
        "or over a known span or in a named region (location then open over the levels they allow); SINS scores "
        "one lesion, so diffuse disease is outside it",
        "fisher2010",
        outside=_outside_sins,
    ),
)
