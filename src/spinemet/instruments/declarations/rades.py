"""Rades survival score (2008) for metastatic spinal cord compression treated with radiotherapy.

Provenance
----------
Rades D, Dunst J, Schild SE, Cancer 2008;112:157 (``rades2008``). Six factors; each option's
points are its 6-month survival rate divided by 10; total 20-45; five groups. The simplified
three groups 20-30 / 31-35 / 36-45 are from Rades 2010, Cancer 116:3670 (``rades2010``) and
are offered as an alternative grouping. Tumour type does not separate lung subtypes; a lung
carcinoid is 'other' (site table :data:`TUMOUR_TYPE` below). 'Time developing motor
deficits' is undefined without a motor deficit (the cohorts all had MSCC).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import M, V, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, BandSet, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import (
    DAYS,
    Answers,
    Reading,
    ambulatory_item,
    compression_ever_stated,
    from_count_range,
    no_compression_stated,
    outside_spinal_metastasis,
    supportive_care_only,
    yes_no_answer,
)
from spinemet.instruments.sites import (
    CARCINOID_NOT_LUNG_CANCER,
    LUNG_CANCERS,
    SITE,
    groups,
    site_source,
    site_table,
)

RADES_OTHER = Decision(
    "rades_unlisted_site_other",
    "Rades' tumour types are breast, prostate, myeloma/lymphoma, lung and other; every other site, including a "
    "lung carcinoid, is 'other tumours'.",
    ("rades2008",),
)
RADES_MONTHS = Decision(
    "rades_interval_month_length",
    "Intervals in days are converted to months at 365.25/12 days per month (15 months = 456.6 days).",
    ("rades2008",),
)
RADES_SAME_DAY = Decision(
    "rades_motor_deficit_same_day",
    "A motor deficit that began on the day radiotherapy started is counted in '1-7 days'.",
    ("rades2008",),
)
DAYS_PER_MONTH = 365.25 / 12

#: Tumour type of the sites Rades names; every other site is 'other' (:data:`RADES_OTHER`).
TUMOUR_TYPE = groups(
    ("breast", ("breast",)),
    ("prostate", ("prostate",)),
    ("myeloma_lymphoma", ("myeloma", "lymphoma")),
    ("lung", sorted(LUNG_CANCERS)),
)


def rades_tumour_type(site: str) -> Given:
    """Rades survival score tumour type."""
    key = SITE.check("primary_site", site)
    if key in TUMOUR_TYPE:
        return Given(TUMOUR_TYPE[key], site_source(key))
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given("other", site_source(key), (RADES_OTHER, *extra) if key != "other" else ())


_tumour_type_at = site_table(rades_tumour_type)


def interval_to_mscc(days: float) -> Given:
    """Rades interval from tumour diagnosis to MSCC: > 15 months or <= 15 months."""
    d = DAYS.check("interval_to_mscc_days", days)
    months = d / DAYS_PER_MONTH
    return Given("over_15_months" if months > 15 else "up_to_15_months",
                 f"derived from {d:g} days ({months:.1f} months) from diagnosis to MSCC", (RADES_MONTHS,))


def motor_deficit_time(days: float) -> Given:
    """Rades time developing motor deficits before radiotherapy: 1-7, 8-14, > 14 days."""
    d = DAYS.check("motor_deficit_days", days)
    answer = "1_to_7_days" if d <= 7 else "8_to_14_days" if d <= 14 else "over_14_days"
    decisions = (RADES_SAME_DAY,) if d < 1 else ()
    return Given(answer, f"derived from {d:g} days of motor deficit before radiotherapy", decisions)


def read_rades(r: Reading) -> Answers:
    """Rades items: tumour type, other bone and visceral metastases, the interval from diagnosis to
    the index finding, walking, and the days from motor-deficit onset to the first radiotherapy."""
    s = r.snapshot
    out: Answers = {}
    tumour = r.from_table(_tumour_type_at)
    if tumour is not None:
        out["tumour_type"] = tumour
    counts = r.bone_counts()
    total = r.bone_total_range()
    if counts is not None:
        other = counts[0] > 0 or counts[1] > 1
        out["other_bone_mets"] = Given("yes" if other else "no", f"derived from {sum(counts)} bone metastases")
    elif total is not None:
        # Other bone metastases besides the spinal one treated: a total above one.
        out["other_bone_mets"] = from_count_range(*total, lambda n: Given("yes" if n > 1 else "no"),
                                                  "bone metastases in total")
    out["visceral_mets"] = yes_no_answer(r.visceral(brain=False), "derived from visceral metastases")
    found = r.index_finding()
    if found is not None and s.primary.diagnosis_day is not None:
        out["interval_to_mscc"] = interval_to_mscc(max(found[2] - s.primary.diagnosis_day, 0))
    if s.walking is not None:
        out["ambulatory"] = ambulatory_item(s.walking.value)
    onset = s.neuro.value.motor_deficit_onset_day if s.neuro is not None else None
    if onset is not None:
        rts = [rt.day for rt in s.radiotherapies() if rt.day >= onset]
        if rts:
            out["motor_deficit_time"] = motor_deficit_time(min(rts) - onset)
    return out



COHORT = "patients irradiated for metastatic spinal cord compression (Rades 2008: 1852 patients treated with RT for MSCC)"


def _outside_rades_survival(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies).

    Besides a non-metastatic or intradural-only disease: the derivation cohort (Rades 2008,
    Cancer 112:157, abstract) was patients treated with radiotherapy for MSCC, so the score does
    not apply when every current finding states no compression of the cord, conus or cauda
    equina, when no study records such a compression at all (the population-defining fact: a
    score is given only inside the population it was derived in, as SINS needs a lesion at a
    level; changed 2026-11-28, before which an unrecorded compression kept Rades applicable), or
    when supportive care only (no anti-cancer treatment) is recorded.
    """
    outside = outside_spinal_metastasis(r, "the Rades score", "metastatic (epidural) spinal cord compression")
    if outside is not None:
        return outside
    free = no_compression_stated(r)
    if free is not None:
        return f"no spinal cord or cauda equina compression recorded (at {free}): the Rades score was derived in {COHORT}"
    if not compression_ever_stated(r):
        return f"no spinal cord or cauda equina compression recorded: the Rades score was derived in {COHORT}"
    if supportive_care_only(r):
        return f"supportive care only (no radiotherapy): the Rades score was derived in {COHORT}"
    return None


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
    reader=read_rades,
    applies_to=Applicability(
        "metastatic spinal cord compression treated with radiotherapy (the derivation cohort)",
        "rades2008",
        outside=_outside_rades_survival,
    ),
)
