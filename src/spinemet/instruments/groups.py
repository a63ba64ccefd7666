"""Primary site (+ histology) -> each instrument's tumour group, as explicit decision tables.

Every instrument groups primaries differently and none lists every site SpineMet records.
The tables below map each primary-site key (``vocabulary.md``) to the instrument's answer.
Where the instrument names the site the mapping carries no decision; where it does not, the
answer carries a :class:`~spinemet.instruments.model.Decision` that every result using it lists
(``instruments.md`` §16). Where the answer depends on a fact that is unknown (hormone
dependence, targeted therapy), the derivation returns the answers still possible instead of
guessing.

One principle runs through every table: a **lung carcinoid** (typical or atypical; a
well-differentiated neuroendocrine tumour, WHO 2021) is **not 'lung cancer'**; small-cell and
large-cell neuroendocrine carcinomas of the lung are.
"""

from __future__ import annotations

from spinemet.instruments.constraints import Options
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Decision
from spinemet.instruments.sites import LUNG_CANCERS, PRIMARY_SITES

_SITE = Options(PRIMARY_SITES, what="a primary-site key")

CARCINOID_NOT_LUNG_CANCER = Decision(
    "lung_carcinoid_not_lung_cancer",
    "A lung carcinoid (typical or atypical, a well-differentiated neuroendocrine tumour) is not counted as "
    "'lung cancer'; small-cell and large-cell neuroendocrine carcinomas are. WHO 2021 separates carcinoids "
    "(neuroendocrine tumours) from carcinomas, and Tokuhashi lists 'carcinoid tumour' apart from 'lung'.",
    ("who2021_thoracic", "tokuhashi2005"),
)
TOMITA_UNLISTED = Decision(
    "tomita_unlisted_site_by_katagiri_growth",
    "Tomita's growth lists end in 'etc.'; a site Tomita does not name takes the growth group (slow, moderate, "
    "rapid) that Katagiri 2014 gives it, the same growth-rate concept (e.g. myeloma and lymphoma slow; "
    "sarcoma, ovary, neuroendocrine tumours and 'others' moderate; rectum, pancreas, melanoma rapid).",
    ("tomita2001", "katagiri2014"),
)
TOMITA_PROSTATE = Decision(
    "tomita_prostate_slow",
    "Prostate cancer is scored as slow growth; whether Tomita's slow list prints prostate differs between "
    "reproductions.",
    ("tomita2001",),
)
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
BAUER_UNKNOWN_NOT_FAVOURABLE = Decision(
    "bauer_unknown_primary_not_favourable",
    "An unknown primary is not one of Bauer's favourable histologies (breast, kidney, lymphoma, myeloma); "
    "whether it is lung cancer stays unknown.",
    ("bauer1995",),
)
RADES_OTHER = Decision(
    "rades_unlisted_site_other",
    "Rades' tumour types are breast, prostate, myeloma/lymphoma, lung and other; every other site, including a "
    "lung carcinoid, is 'other tumours'.",
    ("rades2008",),
)
VDL_OTHER = Decision(
    "van_der_linden_unlisted_site_other",
    "Van der Linden's primaries are breast, prostate, lung and other; every other site, including a lung "
    "carcinoid, is 'other'.",
    ("van_der_linden2005",),
)


def _src(site: str, extra: str = "") -> str:
    return f"derived from primary site {site}" + (f" ({extra})" if extra else "")


def tokuhashi_primary(site: str, net_grade: str | None = None, net_grade_candidates: tuple[str, ...] = ()) -> Given:
    """Revised Tokuhashi primary item: the site key itself (the declaration maps it to 0-5).

    A GEP neuroendocrine *carcinoma* (``net_grade='nec'``) is not a carcinoid: derived as 'other'.
    When the grading facts leave NEC among the possible grades, both answers stay possible.
    """
    key = _SITE.check("primary_site", site)
    if key == "gep_net" and net_grade == "nec":
        return Given("other", _src(key, "neuroendocrine carcinoma, not a carcinoid"))
    if key == "gep_net" and net_grade is None and "nec" in net_grade_candidates:
        return Given(None, _src(key, "neuroendocrine carcinoma not excluded"), candidates=("gep_net", "other"))
    return Given(key, _src(key))


_TOMITA_LISTED = {
    "breast": "slow", "thyroid": "slow", "kidney": "moderate", "uterus": "moderate",
    "lung_nsclc": "rapid", "lung_sclc": "rapid", "lung_lcnec": "rapid", "lung_other": "rapid",
    "liver": "rapid", "stomach": "rapid", "colon": "rapid", "unknown": "rapid",
}
_KATAGIRI_FIXED = {
    "thyroid": "slow", "myeloma": "slow", "lymphoma": "slow",
    "kidney": "moderate", "uterus": "moderate", "ovary": "moderate", "sarcoma": "moderate",
    "osteosarcoma": "moderate",
    "colon": "rapid", "rectum": "rapid", "stomach": "rapid", "pancreas": "rapid", "head_neck": "rapid",
    "oesophagus": "rapid", "bladder": "rapid", "melanoma": "rapid", "liver": "rapid", "gallbladder": "rapid",
    "cervix": "rapid", "unknown": "rapid", "lung_sclc": "rapid", "lung_lcnec": "rapid",
}
_KATAGIRI_OTHERS = ("gep_net", "lung_carcinoid", "paraganglioma", "germ_cell", "other")


def katagiri_growth(site: str, hormone_dependent: bool | None = None, targeted_therapy: bool | None = None) -> Given:
    """New Katagiri primary-growth group; breast/prostate need hormone dependence and
    non-small-cell lung needs targeted-therapy status, else both candidates remain."""
    key = _SITE.check("primary_site", site)
    if key in ("breast", "prostate"):
        if hormone_dependent is None:
            return Given(None, _src(key, "hormone dependence unknown"), candidates=("slow", "moderate"))
        return Given("slow" if hormone_dependent else "moderate",
                     _src(key, "hormone-dependent" if hormone_dependent else "hormone-independent"))
    if key in ("lung_nsclc", "lung_other"):
        if targeted_therapy is None:
            return Given(None, _src(key, "targeted-therapy status unknown"), candidates=("moderate", "rapid"))
        return Given("moderate" if targeted_therapy else "rapid",
                     _src(key, "with targeted drug" if targeted_therapy else "without targeted drug"))
    if key in _KATAGIRI_OTHERS:
        extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
        return Given("moderate", _src(key), (KATAGIRI_OTHERS, *extra))
    decisions = (KATAGIRI_NO_TARGETED,) if key in ("lung_sclc", "lung_lcnec") else ()
    return Given(_KATAGIRI_FIXED[key], _src(key), decisions)


def tomita_growth(site: str) -> Given:
    """Tomita primary-growth group; unlisted sites via Katagiri's growth group (a decision)."""
    key = _SITE.check("primary_site", site)
    if key in _TOMITA_LISTED:
        return Given(_TOMITA_LISTED[key], _src(key))
    if key == "prostate":
        return Given("slow", _src(key), (TOMITA_PROSTATE,))
    growth = "moderate" if key in _KATAGIRI_OTHERS else _KATAGIRI_FIXED[key]
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given(growth, _src(key), (TOMITA_UNLISTED, *extra))


_BAUER_FAVOURABLE = frozenset({"breast", "kidney", "lymphoma", "myeloma"})


def bauer_primary(site: str) -> dict[str, Given]:
    """Bauer's two histology items: ``not_lung_cancer`` and ``favourable_primary``."""
    key = _SITE.check("primary_site", site)
    src = _src(key)
    out: dict[str, Given] = {}
    if key == "unknown":
        out["not_lung_cancer"] = Given(None, _src(key, "lung cancer not excluded"))
        out["favourable_primary"] = Given("no", src, (BAUER_UNKNOWN_NOT_FAVOURABLE,))
        return out
    carcinoid = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    out["not_lung_cancer"] = Given("no" if key in LUNG_CANCERS else "yes", src, carcinoid)
    out["favourable_primary"] = Given("yes" if key in _BAUER_FAVOURABLE else "no", src)
    return out


def rades_tumour_type(site: str) -> Given:
    """Rades survival score tumour type."""
    key = _SITE.check("primary_site", site)
    if key in ("breast", "prostate"):
        return Given(key, _src(key))
    if key in ("myeloma", "lymphoma"):
        return Given("myeloma_lymphoma", _src(key))
    if key in LUNG_CANCERS:
        return Given("lung", _src(key))
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given("other", _src(key), (RADES_OTHER, *extra) if key != "other" else ())


def van_der_linden_primary(site: str) -> Given:
    """Van der Linden primary tumour."""
    key = _SITE.check("primary_site", site)
    if key in ("breast", "prostate"):
        return Given(key, _src(key))
    if key in LUNG_CANCERS:
        return Given("lung", _src(key))
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given("other", _src(key), (VDL_OTHER, *extra) if key != "other" else ())
