"""Van der Linden score (2005) for spinal metastases treated with radiotherapy.

Provenance
----------
van der Linden YM et al., Cancer 2005;103:320 (``van_der_linden2005``), derived from the
Dutch Bone Metastasis Study. KPS 80-100 = 2, 50-70 = 1, <= 40 = 0; primary breast 3,
prostate 2, lung 1, other 0; visceral metastases absent 1; total 0-6, higher = better;
groups A 0-3, B 4-5, C 6 (median survival 3, 9, 19 months). Tables seen only in a
secondary reproduction (medicalalgorithms); the abstract confirms the three predictors and the
group medians. Note: derived in patients with painful spinal metastases **without**
neurological impairment, not in MSCC.
"""

from __future__ import annotations

from spinemet.instruments.constraints import InvalidAnswer
from spinemet.instruments.conversions import check_kps
from spinemet.instruments.declarations._build import S, V, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import (
    Answers,
    Reading,
    from_values,
    neurological_impairment,
    outside_spinal_metastasis,
    supportive_care_only,
)
from spinemet.instruments.sites import (
    CARCINOID_NOT_LUNG_CANCER,
    LUNG_CANCERS,
    SITE,
    groups,
    site_source,
    site_table,
)

VDL_OTHER = Decision(
    "van_der_linden_unlisted_site_other",
    "Van der Linden's primaries are breast, prostate, lung and other; every other site, including a lung "
    "carcinoid, is 'other'.",
    ("van_der_linden2005",),
)

#: Primary of the sites Van der Linden names; every other site is 'other' (:data:`VDL_OTHER`).
PRIMARY = groups(("breast", ("breast",)), ("prostate", ("prostate",)), ("lung", sorted(LUNG_CANCERS)))


def van_der_linden_primary(site: str) -> Given:
    """Van der Linden primary tumour."""
    key = SITE.check("primary_site", site)
    if key in PRIMARY:
        return Given(PRIMARY[key], site_source(key))
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given("other", site_source(key), (VDL_OTHER, *extra) if key != "other" else ())


_primary_at = site_table(van_der_linden_primary)


def van_der_linden_kps(kps: int) -> Given:
    """Van der Linden KPS bin: 80-100, 50-70, <=40 (KPS 0 rejected)."""
    value = check_kps(kps)
    if value == 0:
        raise InvalidAnswer("kps", value, [str(v) for v in range(10, 101, 10)], "a KPS value the score reads")
    answer = "up_to_40" if value <= 40 else "50_to_70" if value <= 70 else "80_to_100"
    return Given(answer, f"derived from KPS {value}")


def read_van_der_linden(r: Reading) -> Answers:
    """Van der Linden items: the site table, KPS (or ECOG converted) and visceral metastases (organs only)."""
    out: Answers = {}
    primary = r.from_table(_primary_at)
    if primary is not None:
        out["primary"] = primary
    kps = r.kps()
    if kps is not None and 0 not in kps[0]:
        out["kps"] = from_values(kps[0], van_der_linden_kps, kps[1], kps[2])
    present = r.visceral(brain=False)
    if present is not None:
        out["visceral_mets"] = Given("present" if present else "absent", "derived from visceral metastases")
    return out



COHORT = ("patients irradiated for painful spinal metastases without neurological impairment (van der Linden 2005: "
          "342 patients of the Dutch Bone Metastasis Study)")


def _outside_van_der_linden(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies).

    Besides a non-metastatic or intradural-only disease: the derivation cohort (van der Linden
    2005, Cancer 103:320, abstract) was 342 patients with painful spinal metastases without
    neurological impairment, treated with radiotherapy in the Dutch Bone Metastasis Study, so the
    score does not apply when the latest examination states a neurological impairment, or when
    supportive care only is recorded. Facts not stated never put a case outside. (Pain recorded
    as absent is not used: after treatment it says the treatment worked, not that the patient was
    outside the cohort.)
    """
    outside = outside_spinal_metastasis(r, "the Van der Linden score", "painful spinal (bone) metastases")
    if outside is not None:
        return outside
    impairment = neurological_impairment(r)
    if impairment is not None:
        return f"neurological impairment recorded ({impairment}): the Van der Linden score was derived in {COHORT}"
    if supportive_care_only(r):
        return f"supportive care only (no radiotherapy): the Van der Linden score was derived in {COHORT}"
    return None


VAN_DER_LINDEN = Instrument(
    key="van_der_linden",
    name="Van der Linden score",
    version="van der Linden 2005",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="Survival of patients irradiated for spinal metastases.",
    items=(
        item("kps", "Karnofsky performance status",
             a("80_to_100", "KPS 80-100", 2), a("50_to_70", "KPS 50-70", 1), a("up_to_40", "KPS <= 40", 0)),
        item("primary", "Primary tumour",
             a("breast", "Breast", 3), a("prostate", "Prostate", 2), a("lung", "Lung", 1), a("other", "Other", 0)),
        item("visceral_mets", "Visceral metastases", a("absent", "Absent", 1), a("present", "Present", 0)),
    ),
    bands=(
        band("group_a", 0, 3, "Group A (0-3)", "Median survival 3 months."),
        band("group_b", 4, 5, "Group B (4-5)", "Median survival 9 months."),
        band("group_c", 6, 6, "Group C (6)", "Median survival 19 months."),
    ),
    citations=("van_der_linden2005",),
    facts=(
        fact("Item points (KPS 2/1/0, primary 3/2/1/0, visceral 1/0)", S, "van_der_linden2005 via medicalalgorithms"),
        fact("Groups A 0-3, B 4-5, C 6", S, "van_der_linden2005 via medicalalgorithms"),
        fact("Median survival 3.0 / 9.0 / 18.7 months; group C = breast, good KPS, no visceral mets", V,
             "van_der_linden2005 abstract (PMID 15593360)"),
    ),
    reader=read_van_der_linden,
    applies_to=Applicability(
        "painful spinal metastases without neurological impairment, treated with radiotherapy (the derivation cohort)",
        "van_der_linden2005",
        outside=_outside_van_der_linden,
    ),
)
