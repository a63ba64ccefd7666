"""Bauer score (1995) and modified Bauer score (Leithner 2008).

Provenance
----------
* Original: Bauer HC, Wedin R, Acta Orthop Scand 1995;66:143 (``bauer1995``): five
  favourable factors, 1 point each, 0-5; 1-year survival about 50% for 4-5, about 25% for
  2-3, all died within 6 months for 0-1 (as reproduced in CORR 2015).
* Modified: Leithner A et al., Eur Spine J 2008;17:1488 (``leithner2008``): the
  pathological-fracture item dropped; 0-4; bands 0-1 / 2 / 3-4 with treatment suggestions as
  reproduced by dign.eu. Another reproduction labels the bands '<6 / >6 / >12 months'; the
  dign.eu labels are used and the band meanings are unverified.
* Visceral metastases include brain metastases (Bauer's negative factor was visceral *or*
  brain). Histology counts twice: breast, kidney, lymphoma and myeloma gain both 'not lung
  cancer' and 'favourable primary'; prostate is **not** favourable here.
* The two versions disagree in exactly two situations (tested): no fracture plus one other
  favourable factor (original 2, middle band; modified 1, lowest band), and a fracture with
  three favourable factors (both 3; original middle band, modified top band).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, V, band, fact, yes_no
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind
from spinemet.instruments.reading import (
    Answers,
    Reading,
    outside_spinal_metastasis,
    solitary_item,
    yes_no_answer,
)
from spinemet.instruments.sites import (
    CARCINOID_NOT_LUNG_CANCER,
    LUNG_CANCERS,
    SITE,
    SiteTable,
    site_source,
    site_table,
)

_FOUR = (
    yes_no("no_visceral_mets", "No visceral or brain metastases"),
    yes_no("not_lung_cancer", "Primary tumour is not lung cancer"),
    yes_no("favourable_primary", "Primary is breast, kidney, lymphoma or multiple myeloma"),
    yes_no("solitary_skeletal_met", "Solitary skeletal metastasis"),
)


BAUER_UNKNOWN_NOT_FAVOURABLE = Decision(
    "bauer_unknown_primary_not_favourable",
    "An unknown primary is not one of Bauer's favourable histologies (breast, kidney, lymphoma, myeloma); "
    "whether it is lung cancer stays unknown.",
    ("bauer1995",),
)
COLLAPSE_IS_FRACTURE = Decision(
    "bauer_collapse_is_pathological_fracture",
    "A vertebral body collapse (any height loss) at a metastatic level counts as a pathological fracture.",
    ("bauer1995",),
)

#: Bauer's favourable histologies (prostate is not one).
FAVOURABLE = frozenset({"breast", "kidney", "lymphoma", "myeloma"})


def bauer_primary(site: str) -> dict[str, Given]:
    """Bauer's two histology items: ``not_lung_cancer`` and ``favourable_primary``."""
    key = SITE.check("primary_site", site)
    src = site_source(key)
    out: dict[str, Given] = {}
    if key == "unknown":
        out["not_lung_cancer"] = Given(None, site_source(key, "lung cancer not excluded"))
        out["favourable_primary"] = Given("no", src, (BAUER_UNKNOWN_NOT_FAVOURABLE,))
        return out
    carcinoid = (CARCINOID_NOT_LUNG_CANCER,) if key == "lung_carcinoid" else ()
    out["not_lung_cancer"] = Given("no" if key in LUNG_CANCERS else "yes", src, carcinoid)
    out["favourable_primary"] = Given("yes" if key in FAVOURABLE else "no", src)
    return out


def _fracture(r: Reading) -> Given:
    fractured, unknown = [], False
    for lvl, dated in r.snapshot.findings.items():
        f = dated.value
        collapsed = f.collapse is not None and f.collapse.value in ("at_least_50", "under_50")
        collapsed = collapsed or (f.collapse_percent is not None and f.collapse_percent > 0)
        if f.pathological_fracture or collapsed:
            fractured.append(str(lvl))
        elif f.pathological_fracture is None:
            unknown = True
    if fractured:
        return Given("no", f"derived from fracture or collapse at {', '.join(fractured)}", (COLLAPSE_IS_FRACTURE,))
    if r.snapshot.findings and not unknown:
        return Given("yes", "derived from no fracture recorded at any level")
    return Given(None, "pathological fracture not recorded")


#: Bauer's two histology items at every primary site (:func:`bauer_primary` as site tables).
def _histology_at(item: str) -> SiteTable:
    return site_table(lambda site: bauer_primary(site)[item])


_HISTOLOGY_AT = {item: _histology_at(item) for item in ("not_lung_cancer", "favourable_primary")}


def read_bauer_modified(r: Reading) -> Answers:
    """The four items both versions share: histology (twice), visceral or brain metastases, solitary."""
    return dict(shared_four_items(r))


def shared_four_items(r: Reading) -> Answers:
    """:func:`read_bauer_modified`'s answers as kept for the reading, not copied: read once per reading
    (both versions ask; NESMS reads them at each candidate site, :func:`four_items_at`); for readers that
    only read them."""
    return r.once(read_bauer_modified, lambda: _four_items(r))


def _four_items(r: Reading) -> Answers:
    out: Answers = {}
    for key, histology_at in _HISTOLOGY_AT.items():
        answer = r.from_table(histology_at)
        if answer is not None:
            out[key] = answer
    out.update(_not_histology(r))
    return out


def four_items_at(r: Reading, site: str) -> Answers:
    """The four items at one candidate primary site (NESMS reads the modified score at each): the
    histology items from the site tables, the others as read once for the snapshot."""
    out: Answers = {key: answer for key, histology_at in _HISTOLOGY_AT.items()
                    if (answer := histology_at[site]) is not None}
    out.update(_not_histology(r))
    return out


def _not_histology(r: Reading) -> Answers:
    """The two items that do not read the primary site (read once per snapshot)."""
    return r.cached("bauer_not_histology", lambda: _visceral_and_solitary(r))


def _visceral_and_solitary(r: Reading) -> Answers:
    out: Answers = {"no_visceral_mets": yes_no_answer(r.visceral(brain=True),
                                                      "derived from visceral and brain metastases", invert=True)}
    solitary = solitary_item(r)
    if solitary is not None:
        out["solitary_skeletal_met"] = solitary
    return out


def read_bauer(r: Reading) -> Answers:
    """The modified items plus 'no pathological fracture' at any recorded level (collapse counts)."""
    out = read_bauer_modified(r)
    out["no_pathological_fracture"] = _fracture(r)
    return out



def _outside_bauer(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_spinal_metastasis(r, "the Bauer score", "skeletal (bone) metastases")


BAUER = Instrument(
    key="bauer",
    name="Bauer score",
    version="Bauer & Wedin 1995",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="Survival after surgery for skeletal metastases; one point per favourable factor.",
    items=(*_FOUR, yes_no("no_pathological_fracture", "No pathological fracture")),
    bands=(
        band("poor_prognosis", 0, 1, "0-1", "All patients died within 6 months."),
        band("intermediate_prognosis", 2, 3, "2-3", "1-year survival about 25%."),
        band("good_prognosis", 4, 5, "4-5", "1-year survival about 50%."),
    ),
    citations=("bauer1995",),
    facts=(
        fact("Five factors (visceral/brain mets, lung cancer, favourable histology, solitary, fracture)", V,
             "bauer1995 abstract"),
        fact("One point per favourable factor; bands 0-1 / 2-3 / 4-5 with 1-year survival", V,
             "bauer1995 via CORR 2015 (doi:10.1007/s11999-015-4446-z)"),
    ),
    reader=read_bauer,
    applies_to=Applicability(
        "skeletal (bone) metastases, spine or extremities, considered for surgery",
        "bauer1995",
        outside=_outside_bauer,
    ),
)


def _outside_bauer_modified(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_spinal_metastasis(r, "the modified Bauer score", "skeletal (bone) metastases")


BAUER_MODIFIED = Instrument(
    key="bauer_modified",
    name="Modified Bauer score",
    version="Leithner 2008",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="The Bauer score without the pathological-fracture item.",
    items=_FOUR,
    bands=(
        band("poor_prognosis", 0, 1, "0-1", "Supportive care, no surgery."),
        band("intermediate_prognosis", 2, 2, "2", "Short-term palliation; posterior surgery."),
        band("good_prognosis", 3, 4, "3-4", "Middle-term local control; anterior-posterior surgery."),
    ),
    citations=("leithner2008", "bauer1995"),
    facts=(
        fact("Modification drops the pathological-fracture item", V, "leithner2008 abstract"),
        fact("Bands 0-1 / 2 / 3-4 and their treatment suggestions", S, "leithner2008 via dign.eu"),
    ),
    reader=read_bauer_modified,
    applies_to=Applicability(
        "skeletal (bone) metastases of the spine considered for surgery",
        "leithner2008",
        outside=_outside_bauer_modified,
    ),
)
