"""New Katagiri score (2014) for skeletal metastasis.

Provenance
----------
Katagiri H et al., Cancer Med 2014;3:1359 (``katagiri2014``; PMC4302686). Six factors:
primary growth (slow 0 / moderate 2 / rapid 3), visceral metastases (nodular 1 /
disseminated 2), laboratory data (abnormal 1 / critical 2), ECOG 3-4 (1), previous
chemotherapy (1), multiple skeletal metastases (1); total 0-10; higher = worse; 0-3 low,
4-6 intermediate, 7-10 high risk. Derived for skeletal metastases in general, not spine
only. The laboratory item takes the worst category present (critical beats abnormal); its
cut-offs are below (:data:`ABNORMAL`, :data:`CRITICAL`), in canonical units.

Reading a case: the primary-growth group is a site table (:data:`GROWTH`); breast and prostate
need hormone dependence and non-small-cell lung a targeted drug, else both groups stay possible.
Visceral metastases include brain metastases ('nodular visceral or cerebral').
"""

from __future__ import annotations

from collections.abc import Mapping

from spinemet.case.events import ChemoRadiotherapy, SystemicTherapy
from spinemet.case.vocab import DrugClass
from spinemet.instruments.constraints import Interval
from spinemet.instruments.declarations._build import M, S, V, a, band, fact, item, yes_no
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import (
    Answers,
    Reading,
    from_values,
    outside_spinal_metastasis,
    solitary_item,
)
from spinemet.instruments.sites import CARCINOID_NOT_LUNG_CANCER, SITE, groups, site_source, site_table

KATAGIRI_OTHERS = Decision(
    "katagiri_unlisted_site_others",
    "Sites Katagiri 2014 does not name (neuroendocrine tumours including lung carcinoid, paraganglioma, "
    "germ-cell tumours, other) are 'others' (moderate growth).",
    ("katagiri2014",),
)
KATAGIRI_NO_TARGETED = Decision(
    "katagiri_sclc_lcnec_without_targeted_drug",
    "Small-cell and large-cell neuroendocrine lung carcinomas are 'lung cancer without molecularly targeted "
    "drugs' (rapid growth).",
    ("katagiri2014",),
)

#: Primary growth of the sites whose group does not depend on another fact (Katagiri 2014 lists).
GROWTH = groups(
    ("slow", ("thyroid", "myeloma", "lymphoma")),
    ("moderate", ("kidney", "uterus", "ovary", "sarcoma", "osteosarcoma")),
    ("rapid", ("colon", "rectum", "stomach", "pancreas", "head_neck", "oesophagus", "bladder", "melanoma",
               "liver", "gallbladder", "cervix", "unknown", "lung_sclc", "lung_lcnec")),
)
#: Sites Katagiri does not name: 'others' (moderate growth).
OTHERS = ("gep_net", "lung_carcinoid", "paraganglioma", "germ_cell", "other",
          # Primary-site keys added with case-file version 2 (issue 12), none named by Katagiri 2014:
          # 'others' by the same decision, which is what an unlisted site already received. To be
          # reviewed by the instrument owner (appendix and anus next to colorectal, cholangiocarcinoma
          # next to gallbladder and hepatocellular).
          "cholangiocarcinoma", "small_intestine", "appendix", "anus", "adrenal", "thymus", "mesothelioma",
          "skin_other", "ependymoma", "glioma", "meningioma", "merkel_cell")
#: Sites whose group depends on hormone dependence (slow if hormone-dependent, else moderate).
HORMONE_DEPENDENT = ("breast", "prostate")
#: Lung carcinomas whose group depends on a molecularly targeted drug.
TARGETED_DRUG = ("lung_nsclc", "lung_other")
#: Sites whose group rests on a decision beyond the published list.
SITE_DECISIONS: dict[str, tuple[Decision, ...]] = {
    "lung_sclc": (KATAGIRI_NO_TARGETED,), "lung_lcnec": (KATAGIRI_NO_TARGETED,),
    **{site: (KATAGIRI_OTHERS,) for site in OTHERS},
    "lung_carcinoid": (KATAGIRI_OTHERS, CARCINOID_NOT_LUNG_CANCER),
}


def katagiri_growth(site: str, hormone_dependent: bool | None = None, targeted_therapy: bool | None = None) -> Given:
    """New Katagiri primary-growth group; breast/prostate need hormone dependence and
    non-small-cell lung needs targeted-therapy status, else both candidates remain."""
    key = SITE.check("primary_site", site)
    if key in HORMONE_DEPENDENT:
        if hormone_dependent is None:
            return Given(None, site_source(key, "hormone dependence unknown"), candidates=("slow", "moderate"))
        return Given("slow" if hormone_dependent else "moderate",
                     site_source(key, "hormone-dependent" if hormone_dependent else "hormone-independent"))
    if key in TARGETED_DRUG:
        if targeted_therapy is None:
            return Given(None, site_source(key, "targeted-therapy status unknown"), candidates=("moderate", "rapid"))
        return Given("moderate" if targeted_therapy else "rapid",
                     site_source(key, "with targeted drug" if targeted_therapy else "without targeted drug"))
    decisions = SITE_DECISIONS.get(key, () if key in GROWTH else (KATAGIRI_OTHERS,))
    return Given(growth_group(key), site_source(key), decisions)


def growth_group(site: str) -> str:
    """The growth group of a site whose group depends on no other fact (unnamed sites: 'others')."""
    return GROWTH.get(site, "moderate")


#: The sites whose growth group reads another fact (hormone dependence, a targeted drug).
_NEEDS_FACTS = frozenset(HORMONE_DEPENDENT + TARGETED_DRUG)
#: The growth group at every site, read from the site alone (used when no candidate site needs another fact).
_GROWTH_AT = site_table(katagiri_growth)


# Katagiri 2014 laboratory cut-offs, in canonical units (secondary sources; instruments.md §8a).
ABNORMAL = {"crp": (">=", 0.4, "mg/dL"), "ldh": (">=", 250.0, "U/L"), "albumin": ("<", 3.7, "g/dL")}
CRITICAL = {"platelets": ("<", 100.0, "10^9/L"), "calcium": (">=", 10.3, "mg/dL"),
            "bilirubin": (">=", 1.4, "mg/dL")}


def _hit(op: str, value: float, cut: float) -> bool:
    return value >= cut if op == ">=" else value < cut


def katagiri_laboratory(labs: Mapping[str, float | None]) -> Given:
    """New Katagiri laboratory category from canonical-unit values (worst category wins).

    ``labs`` maps analyte -> value in the canonical unit (CRP mg/dL, LDH U/L, albumin g/dL,
    platelets 10^9/L, calcium mg/dL, bilirubin mg/dL; see :mod:`spinemet.case.units` for
    conversions); ``None`` or absent means not measured. Critical: platelets < 100, calcium >= 10.3
    or bilirubin >= 1.4. Abnormal: CRP >= 0.4, LDH >= 250 or albumin < 3.7. A critical value settles
    the item even when others are missing; otherwise unmeasured analytes keep the worse
    categories possible.
    """
    def state(table: dict[str, tuple[str, float, str]]) -> tuple[list[str], bool]:
        hits, unknown = [], False
        for analyte, (op, cut, unit) in table.items():
            v = labs.get(analyte)
            if v is None:
                unknown = True
            elif _hit(op, float(Interval(0, None, unit=unit).check(analyte, v)), cut):
                hits.append(f"{analyte} {v:g} {unit}")
        return hits, unknown

    crit, crit_unknown = state(CRITICAL)
    abn, abn_unknown = state(ABNORMAL)
    if crit:
        return Given("critical", "derived from " + ", ".join(crit))
    measured = ", ".join(f"{k} {v:g}" for k, v in labs.items() if v is not None) or "no laboratory values"
    src = f"derived from {measured}"
    if abn:
        return Given(None if crit_unknown else "abnormal", "derived from " + ", ".join(abn),
                     candidates=("abnormal", "critical") if crit_unknown else ())
    possible = ["normal"] + (["abnormal"] if abn_unknown else []) + (["critical"] if crit_unknown else [])
    if len(possible) == 1:
        return Given("normal", src)
    return Given(None, src + " (some analytes not measured)", candidates=tuple(possible))


def _visceral(r: Reading) -> Given | None:
    b = r.burden
    if b is None:
        return None
    dissem = [b.pleural_or_peritoneal_dissemination, b.leptomeningeal_dissemination]
    nodular = r.visceral(brain=True)
    src = "derived from visceral, cerebral and disseminated metastases"
    if any(d is True for d in dissem):
        return Given("disseminated", src)
    if nodular is None:
        return None
    possible = (["nodular"] if nodular else ["none"]) + (["disseminated"] if any(d is None for d in dissem) else [])
    return Given(possible[0], src) if len(possible) == 1 else Given(None, src, candidates=tuple(possible))


def _chemotherapy(t: object) -> bool:
    """Chemotherapy given: chemo-radiotherapy, or a systemic therapy recorded as chemotherapy.
    A systemic therapy of unrecorded drug class is not assumed to be chemotherapy."""
    return isinstance(t, ChemoRadiotherapy) or (
        isinstance(t, SystemicTherapy) and t.drug_class is DrugClass.CHEMOTHERAPY)


def read_katagiri(r: Reading) -> Answers:
    """New Katagiri items from the site (with hormone and targeted-drug facts), metastases, labs,
    ECOG (or KPS converted), systemic therapy given so far and the bone metastasis count."""
    s = r.snapshot
    p = s.primary
    out: Answers = {}
    if _NEEDS_FACTS.isdisjoint(r.sites):
        growth = r.from_table(_GROWTH_AT)
    else:
        growth = r.over_sites(lambda at: katagiri_growth(at.site, s.hormone_dependent, p.targeted_therapy))
    if growth is not None:
        out["primary_growth"] = growth
    visceral = _visceral(r)
    if visceral is not None:
        out["visceral_mets"] = visceral
    labs = {a.value: reading.value.canonical_value for a, reading in s.labs.items()}
    if labs:
        out["laboratory"] = katagiri_laboratory(labs)
    ecog = r.ecog()
    if ecog is not None:
        out["ecog_3_or_4"] = from_values(ecog[0], lambda e: Given("yes" if e in (3, 4) else "no"), ecog[1], ecog[2])
    chemo = [t for t in s.systemic_therapies() if _chemotherapy(t.value)]
    if chemo:
        out["previous_chemotherapy"] = Given("yes", f"derived from systemic therapy on day {chemo[0].day}")
    multiple = solitary_item(r, yes="no", no="yes")
    if multiple is not None:
        out["multiple_skeletal_mets"] = multiple
    return out



def _outside_katagiri_new(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_spinal_metastasis(r, "the new Katagiri score", "skeletal (bone) metastases")


KATAGIRI_NEW = Instrument(
    key="katagiri_new",
    name="New Katagiri score",
    version="Katagiri 2014",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_WORSE,
    description="Prognosis of survival in skeletal metastasis; higher = worse.",
    items=(
        item("primary_growth", "Primary lesion",
             a("slow", "Slow growth: hormone-dependent breast/prostate, thyroid, myeloma, lymphoma", 0),
             a("moderate", "Moderate growth: lung with targeted drugs, hormone-independent breast/prostate, "
                           "renal cell, endometrial, ovarian, sarcoma, others", 2),
             a("rapid", "Rapid growth: lung without targeted drugs, colorectal, gastric, pancreatic, head and "
                        "neck, oesophageal, other urological, melanoma, hepatocellular, gallbladder, cervical, "
                        "unknown origin", 3)),
        item("visceral_mets", "Visceral metastases",
             a("none", "None", 0),
             a("nodular", "Nodular visceral or cerebral metastases", 1),
             a("disseminated", "Disseminated (pleural, peritoneal or leptomeningeal dissemination)", 2)),
        item("laboratory", "Laboratory data",
             a("normal", "Normal", 0),
             a("abnormal", "Abnormal: CRP >=0.4 mg/dL, LDH >=250 IU/L or albumin <3.7 g/dL", 1),
             a("critical", "Critical: platelets <100,000/uL, calcium >=10.3 mg/dL or bilirubin >=1.4 mg/dL", 2)),
        yes_no("ecog_3_or_4", "ECOG performance status 3 or 4"),
        yes_no("previous_chemotherapy", "Previous chemotherapy"),
        yes_no("multiple_skeletal_mets", "Multiple skeletal metastases"),
    ),
    bands=(
        band("low_risk", 0, 3, "Low risk (0-3)", "Derivation: 1-year survival 91%, 2-year 78%."),
        band("intermediate_risk", 4, 6, "Intermediate risk (4-6)"),
        band("high_risk", 7, 10, "High risk (7-10)", "Derivation: 6-month survival 27%, 1-year 6%."),
    ),
    citations=("katagiri2014",),
    facts=(
        fact("Six factors; primary, visceral and laboratory weighted more; total 0-10; bands 0-3/4-6/7-10", V,
             "katagiri2014 abstract"),
        fact("Tumour lists of the three growth groups (common members)", S,
             "katagiri2014 via an independent implementation (verification-findings §2)"),
        fact("Tumour list members endometrial, ovarian, others (moderate); other urological, gallbladder, "
             "cervical (rapid)", M, "katagiri2014 (background knowledge)"),
        fact("Laboratory cut-offs (CRP, LDH, albumin; platelets, calcium, bilirubin) and worst-tier rule", S,
             "katagiri2014 via an independent implementation (verification-findings §2)"),
    ),
    reader=read_katagiri,
    applies_to=Applicability(
        "skeletal (bone) metastases",
        "katagiri2014",
        outside=_outside_katagiri_new,
    ),
)
