"""Rades survival score (2008) for metastatic spinal cord compression treated with radiotherapy.

Provenance
----------
Rades D, Dunst J, Schild SE, Cancer 2008;112:157 (``rades2008``). Six factors; each option's
points are its 6-month survival rate divided by 10; total 20-45; five groups. The simplified
three groups 20-30 / 31-35 / 36-45 are from Rades 2010, Cancer 116:3670 (``rades2010``) and
are offered as an alternative grouping. Tumour type does not separate lung subtypes; a lung
carcinoid is 'other' (see :mod:`spinemet.instruments.groups`). 'Time developing motor
deficits' is undefined without a motor deficit (the cohorts all had MSCC).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import M, V, a, band, fact, item
from spinemet.instruments.model import BandSet, Direction, Instrument, Kind

RADES_SURVIVAL = Instrument(
    key="rades_survival",
    name="Rades survival score (MSCC)",
    version="Rades 2008",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="Six-month survival after radiotherapy for metastatic spinal cord compression.",
    items=(
        item("tumour_type", "Type of primary tumour",
             a("breast", "Breast cancer", 8), a("prostate", "Prostate cancer", 7),
             a("myeloma_lymphoma", "Myeloma / lymphoma", 9), a("lung", "Lung cancer", 3),
             a("other", "Other tumours", 4)),
        item("other_bone_mets", "Other bone metastases at the time of radiotherapy",
             a("yes", "Yes", 5), a("no", "No", 6)),
        item("visceral_mets", "Visceral metastases at the time of radiotherapy",
             a("yes", "Yes", 2), a("no", "No", 8)),
        item("interval_to_mscc", "Interval from tumour diagnosis to MSCC",
             a("over_15_months", "> 15 months", 7), a("up_to_15_months", "<= 15 months", 4)),
        item("ambulatory", "Ambulatory before radiotherapy", a("yes", "Yes", 7), a("no", "No", 3)),
        item("motor_deficit_time", "Time developing motor deficits before radiotherapy",
             a("over_14_days", "> 14 days", 8), a("8_to_14_days", "8-14 days", 6),
             a("1_to_7_days", "1-7 days", 3)),
    ),
    bands=(
        band("points_20_25", 20, 25, "20-25 points", "6-month survival 4% (derivation)."),
        band("points_26_30", 26, 30, "26-30 points", "6-month survival 11% (derivation)."),
        band("points_31_35", 31, 35, "31-35 points", "6-month survival 48% (derivation)."),
        band("points_36_40", 36, 40, "36-40 points", "6-month survival about 87% (derivation; unverified)."),
        band("points_41_45", 41, 45, "41-45 points", "6-month survival about 99% (derivation; unverified)."),
    ),
    alternative_bands=(
        BandSet("simplified_rades2010", "Simplified three groups (Rades 2010)", (
            band("points_20_30", 20, 30, "20-30 points", "6-month survival 14% (validation)."),
            band("points_31_35", 31, 35, "31-35 points", "6-month survival 56% (validation)."),
            band("points_36_45", 36, 45, "36-45 points", "6-month survival 80% (validation)."),
        ), "rades2010"),
    ),
    citations=("rades2008", "rades2010"),
    facts=(
        fact("Six factors; points = 6-month survival / 10; range 20-45; five groups", V, "rades2008 abstract"),
        fact("Per-option points (Table 2)", M, "rades2008 (background knowledge; range check passes)"),
        fact("Group boundaries 20-25 / 26-30 / 31-35 / 36-40 / 41-45", V,
             "rades2010 abstract restating the five groups (verification-findings, second pass S1)"),
        fact("Simplified groups 20-30 / 31-35 / 36-45", V, "rades2010 abstract"),
    ),
)
