"""Tomita score (2001): surgical strategy for spinal metastases.

Provenance
----------
Tomita K et al., Spine 2001;26:298 (``tomita2001``). Three items; total 2-10; higher =
worse. Rapid growth scores **4** (a review table printing 3 breaks the 2-10 range; the
maximum of 10 is tested). The tumour lists end in "etc."; the growth of a site Tomita does not
name is Katagiri's growth group, an explicit decision (:data:`TOMITA_UNLISTED`) listed with every
result that uses it.
"""

from __future__ import annotations

from spinemet.instruments.declarations import katagiri
from spinemet.instruments.declarations._build import S, a, band, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import Answers, Reading, outside_spinal_metastasis, solitary_item
from spinemet.instruments.sites import CARCINOID_NOT_LUNG_CANCER, SITE, groups, site_source, site_table

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

#: Primary growth of the sites Tomita names (prostate by decision); any other site takes
#: Katagiri's growth group (:data:`TOMITA_UNLISTED`).
GROWTH = groups(
    ("slow", ("breast", "thyroid", "prostate")),
    ("moderate", ("kidney", "uterus")),
    ("rapid", ("lung_nsclc", "lung_sclc", "lung_lcnec", "lung_other", "liver", "stomach", "colon", "unknown")),
)
SITE_DECISIONS: dict[str, tuple[Decision, ...]] = {"prostate": (TOMITA_PROSTATE,)}


def tomita_growth(site: str) -> Given:
    """Tomita primary-growth group; unlisted sites via Katagiri's growth group (a decision)."""
    key = SITE.check("primary_site", site)
    if key in GROWTH:
        return Given(GROWTH[key], site_source(key), SITE_DECISIONS.get(key, ()))
    extra = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    return Given(katagiri.growth_group(key), site_source(key), (TOMITA_UNLISTED, *extra))


#: The growth group at every site (:func:`tomita_growth` as a site table).
_GROWTH_AT = site_table(tomita_growth)


def _visceral(r: Reading) -> Given | None:
    present = r.visceral(brain=False)
    src = "derived from visceral metastases"
    if present is False:
        return Given("none", src)
    b = r.burden
    if not present or b is None:
        return None
    flags = [v.treatable for v in (b.visceral or [])]
    if flags and all(f is True for f in flags):
        return Given("treatable", src)
    if any(f is False for f in flags):
        return Given("untreatable", src)
    return Given(None, src, candidates=("treatable", "untreatable"))


def read_tomita(r: Reading) -> Answers:
    """Tomita items: growth from the site table, visceral metastases (organs only, treatability as
    recorded) and solitary vs multiple bone metastases from the counts."""
    out: Answers = {}
    growth = r.from_table(_GROWTH_AT)
    if growth is not None:
        out["primary_growth"] = growth
    visceral = _visceral(r)
    if visceral is not None:
        out["visceral_mets"] = visceral
    bone = solitary_item(r, yes="solitary", no="multiple")
    if bone is not None:
        out["bone_mets"] = bone
    return out



def _outside_tomita(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_spinal_metastasis(r, "the Tomita score", "vertebral metastases")


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
    reader=read_tomita,
    applies_to=Applicability(
        "spinal (vertebral) metastases, to choose the goal and type of surgery",
        "tomita2001",
        outside=_outside_tomita,
    ),
)
