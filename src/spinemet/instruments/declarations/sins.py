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
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, V, a, band, fact, item
from spinemet.instruments.model import BandSet, Decision, Direction, Instrument, Kind

COLLAPSE_50 = Decision(
    key="sins_collapse_50_percent",
    text=(
        "Collapse of exactly 50% is scored as '>=50% collapse' (3 points). This is SpineMet's decision, "
        "not the published wording: every reproduction of the Fisher 2010 table seen prints '>50%' and "
        "'<50%', which leaves exactly 50% undefined; '>=50%' closes that gap (instruments.md section 1, trap 1)."
    ),
    citations=("fisher2010",),
)

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
)
