"""Tomita score (2001): surgical strategy for spinal metastases.

Provenance
----------
Tomita K et al., Spine 2001;26:298 (``tomita2001``). Three items; total 2-10; higher =
worse. Rapid growth scores **4** (a review table printing 3 breaks the 2-10 range; the
maximum of 10 is tested). The tumour lists end in "etc."; the primary-site to growth-group
mapping for unlisted sites is an explicit decision in :mod:`spinemet.instruments.groups`.
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, a, band, fact, item
from spinemet.instruments.model import Direction, Instrument, Kind

TOMITA = Instrument(
    key="tomita",
    name="Tomita score",
    version="Tomita 2001",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_WORSE,
    description="Prognostic score that sets the goal and type of surgery for spinal metastases.",
    items=(
        item("primary_growth", "Primary tumour",
             a("slow", "Slow growth (breast, thyroid, etc.)", 1),
             a("moderate", "Moderate growth (kidney, uterus, etc.)", 2),
             a("rapid", "Rapid growth (lung, liver, stomach, colon, primary unknown, etc.)", 4)),
        item("visceral_mets", "Visceral metastases",
             a("none", "None", 0), a("treatable", "Treatable", 2), a("untreatable", "Untreatable", 4)),
        item("bone_mets", "Bone metastases (including spine)",
             a("solitary", "Solitary or isolated", 1), a("multiple", "Multiple", 2)),
    ),
    bands=(
        band("long_term_local_control", 2, 3, "Long-term local control (2-3)",
             "Wide or marginal excision (e.g. total en bloc spondylectomy)."),
        band("middle_term_local_control", 4, 5, "Middle-term local control (4-5)",
             "Marginal or intralesional excision."),
        band("short_term_palliation", 6, 7, "Short-term palliation (6-7)", "Palliative surgery."),
        band("terminal_care", 8, 10, "Terminal care (8-10)", "Non-operative supportive care."),
    ),
    citations=("tomita2001",),
    facts=(
        fact("Item points (growth 1/2/4, visceral 0/2/4, bone 1/2)", S, "tomita2001 via reproductions"),
        fact("Bands 2-3 / 4-5 / 6-7 / 8-10 and treatment goals", S, "tomita2001 via a hospital form export"),
        fact("Surgical strategy per band (wide/marginal; marginal/intralesional; palliative; supportive care)", S,
             "tomita2001 via three independent implementations (verification-findings §4)"),
    ),
)
