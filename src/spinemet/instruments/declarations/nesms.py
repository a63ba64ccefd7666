"""NESMS — New England Spinal Metastasis Score.

Provenance
----------
Derivation: Ghori AK et al., Spine J 2015;15:2345 (``ghori2015``); naming and the published
range 0-3: Schoenfeld AJ et al., Spine J 2016;16:482 (``schoenfeld2016``). Weights: modified
Bauer >= 3 scores 2, ambulatory 1, serum albumin >= 3.5 g/dL 1. Because 2 + 1 + 1 = 4 but the
published range is 0-3, the total is ``min(3, raw)`` ("a ceiling score of three" in the
derivation summary). Each point means lower 1-year mortality; per-score survival figures were
not captured, so each score is its own band without a survival figure.
"""

from __future__ import annotations

from spinemet.case.vocab import Analyte
from spinemet.instruments.constraints import Interval, Options
from spinemet.instruments.declarations._build import S, V, band, fact, yes_no
from spinemet.instruments.declarations.bauer import BAUER_MODIFIED, four_items_at
from spinemet.instruments.engine import Given, possible_totals
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind, Total
from spinemet.instruments.reading import Answers, Reading, ambulatory_item, outside_spinal_metastasis

CAP = Decision(
    "nesms_ceiling_3",
    "The total is min(3, raw): the weights sum to 4 but the published range is 0-3 (ceiling of three).",
    ("ghori2015", "schoenfeld2016"),
    always=True,
)


_ALB_UNITS = Options(("g/dL", "g/L"), what="an albumin unit")


def albumin_normal(value: float, unit: str = "g/dL") -> Given:
    """NESMS albumin item: >= 3.5 g/dL (35 g/L) -> yes. Units g/dL or g/L."""
    u = _ALB_UNITS.check("albumin unit", unit)
    g_dl = Interval(0, None, unit=u).check("albumin", value) / (10 if u == "g/L" else 1)
    return Given("yes" if g_dl >= 3.5 else "no", f"derived from albumin {value:g} {unit}")


def _bauer_3_or_more(bauer_items: Answers) -> Given:
    """The NESMS item from the modified Bauer items read at one primary site (never with a decision)."""
    low, high = possible_totals(BAUER_MODIFIED, bauer_items)
    rng = str(low) if low == high else f"{low}-{high}"
    src = f"derived from modified Bauer {rng}"
    if low >= 3:
        return Given("yes", src)
    if high < 3:
        return Given("no", src)
    return Given(None, src)


def read_nesms(r: Reading) -> Answers:
    """NESMS items: the modified Bauer score read from the same case (>= 3?), walking, albumin."""
    s = r.snapshot
    out: Answers = {}
    bauer = r.by_site(lambda site: _bauer_3_or_more(four_items_at(r, site)), states_decisions=False)
    if bauer is not None:
        out["bauer_modified_3_or_more"] = bauer
    if s.walking is not None:
        out["ambulatory"] = ambulatory_item(s.walking.value)
    alb = s.lab(Analyte.ALBUMIN)
    if alb is not None:
        out["albumin_normal"] = albumin_normal(alb.canonical_value, "g/dL")
    return out



def _outside_nesms(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_spinal_metastasis(r, "NESMS", "spinal (vertebral) metastases")


NESMS = Instrument(
    key="nesms",
    name="New England Spinal Metastasis Score",
    version="Ghori 2015 / Schoenfeld 2016",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="One-year survival after treatment of spinal metastasis; each point lowers mortality.",
    items=(
        yes_no("bauer_modified_3_or_more", "Modified Bauer score >= 3", yes_points=2),
        yes_no("ambulatory", "Independently ambulatory"),
        yes_no("albumin_normal", "Serum albumin >= 3.5 g/dL (35 g/L)"),
    ),
    total=Total(cap=3),
    bands=tuple(band(f"score_{n}", n, n, f"NESMS {n}", "Higher NESMS: lower 1-year mortality.") for n in range(4)),
    citations=("ghori2015", "schoenfeld2016"),
    decisions=(CAP,),
    facts=(
        fact("Three components: modified Bauer, ambulatory status, serum albumin", V, "ghori2015 via summaries"),
        fact("Published range 0-3", V, "schoenfeld2016 abstract"),
        fact("Weights 2/1/1 with a ceiling of 3", S, "ghori2015 via Becker's Spine Review summary"),
        fact("Albumin threshold 3.5 g/dL", S, "ghori2015 via summaries"),
    ),
    reader=read_nesms,
    applies_to=Applicability(
        "spinal metastases, operative or non-operative care",
        "ghori2015",
        outside=_outside_nesms,
    ),
)
