"""Bilsky ESCC — epidural spinal cord compression scale, with its NOMS group.

Provenance
----------
* Six ordinal grades on axial T2 MRI at the level of worst compression: Bilsky MH et al.,
  J Neurosurg Spine 2010;13:324 (``bilsky2010``). Order ``0 < 1a < 1b < 1c < 2 < 3``: the
  answer's points are its rank, never the grade read as a number.
* NOMS grouping (low grade 0-1b, 1c debated, high grade 2-3): the NOMS framework, Laufer I
  et al., Oncologist 2013;18:744 (``laufer2013``); secondary summaries only. Conventions
  differ for 1c: NOMS treats it as a grey zone (SpineMet's ``borderline`` group, sent to the
  MDT), while some later series count 1c as high grade (Hallinan 2022, Cancers 14:4231). SpineMet
  follows NOMS; the pathway's NOMS rule shows 1c as a grey zone rather than deciding it.
* Below the conus the scale is extrapolated (the reliability study used cervical and thoracic
  images); a grade at a lumbar level is flagged by the derivation, not by this table.
"""

from __future__ import annotations

from spinemet.anatomy import Level, Span
from spinemet.case.vocab_disease import Compartment, CompressionCause
from spinemet.instruments.declarations._build import S, V, a, category, fact, item
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind, rule
from spinemet.instruments.reading import Answers, Reading, outside_lesion_at_level

ESCC_GRADES = ("0", "1a", "1b", "1c", "2", "3")


ESCC_BELOW_CONUS = Decision(
    "escc_extrapolated_below_conus",
    "The ESCC scale describes the spinal cord; at L2 and below it is extrapolated to the thecal sac and roots.",
    ("bilsky2010",),
)


#: Epidural tumour stated without a grade: present is any grade above 0 (1a to 3); absent is grade 0
#: (Bilsky 2010: grade 0 = bone-only disease). 'Cord compression' without a grade is 2 or 3, no cord
#: compression 0 to 1c. Conus, cauda equina or root compression is not cord compression and adds
#: nothing beyond the epidural tumour it implies.
EPIDURAL_STATED: dict[bool, tuple[str, ...]] = {True: ("1a", "1b", "1c", "2", "3"), False: ("0",)}
CORD_STATED: dict[bool, tuple[str, ...]] = {True: ("2", "3"), False: ("0", "1a", "1b", "1c")}


def grades_stated(cord_compression: bool | None, epidural_present: bool | None) -> tuple[str, ...]:
    """The ESCC grades what was stated allows (every grade when nothing was stated)."""
    allowed = set(ESCC_GRADES)
    if cord_compression is not None:
        allowed &= set(CORD_STATED[cord_compression])
    if epidural_present is not None:
        allowed &= set(EPIDURAL_STATED[epidural_present])
    return tuple(g for g in ESCC_GRADES if g in allowed)


def read_escc(r: Reading) -> Answers:
    """The grade at the index level as recorded; else what was stated narrows it: cord compression by
    tumour (2-3; none: 0-1c), epidural tumour present (1a-3) or absent (0), both together."""
    found = r.index_finding()
    where: Level | Span
    if found is not None:
        where, f, day = found
        extra = (ESCC_BELOW_CONUS,) if where >= Level.L2 else ()
    else:
        # A lesion known only by a span: the grade stated for it is the grade of its worst level,
        # whichever level that is (Bilsky 2010 grades the level of worst compression).
        spanned = r.index_span_finding()
        if spanned is None:
            return {}
        where, f, day = spanned
        extra = (ESCC_BELOW_CONUS,) if where.end >= Level.L2 else ()
    lvl = where
    if f.escc is not None:
        return {"grade": Given(f.escc.value, f"recorded at {lvl} (day {day})", extra)}
    by_tumour = f.compression_cause in (None, CompressionCause.TUMOUR)
    cord = f.cord_compression if by_tumour else None
    epidural = f.epidural_present
    if epidural is None and f.compartments and Compartment.EPIDURAL in f.compartments:
        epidural = True
    if cord is None and epidural is None:
        return {}
    cands = grades_stated(cord, epidural)
    if not cands:
        return {}
    if cord is not None:
        what = "cord compression" if cord else "no cord compression"
        if f.epidural_present is not None:
            what += " and epidural tumour" if epidural else " and no epidural tumour"
    else:
        what = "epidural tumour (grade not stated)" if epidural else "no epidural tumour"
    src = f"derived from {what} at {lvl} (day {day})"
    return {"grade": Given(cands[0], src, extra) if len(cands) == 1 else Given(None, src, extra, cands)}



def _outside_escc(r: Reading) -> str | None:
    """Why a case is outside the disease this instrument applies to (``None``: it applies)."""
    return outside_lesion_at_level(r, "the ESCC scale")


ESCC = Instrument(
    key="escc",
    name="Epidural Spinal Cord Compression scale (Bilsky)",
    version="Bilsky 2010",
    kind=Kind.CLASSIFIER,
    direction=Direction.HIGHER_IS_WORSE,
    description="Grade of epidural compression at the worst level; the category is its NOMS group.",
    items=(
        item("grade", "ESCC grade (axial T2 MRI, worst level)",
             a("0", "0: bone-only disease", 0),
             a("1a", "1a: epidural impingement without deformation of the thecal sac", 1),
             a("1b", "1b: deformation of the thecal sac without spinal cord abutment", 2),
             a("1c", "1c: deformation of the thecal sac with cord abutment, without compression", 3),
             a("2", "2: spinal cord compression, CSF visible around the cord", 4),
             a("3", "3: spinal cord compression, no CSF visible around the cord", 5)),
    ),
    bands=(
        category("low_grade", "Low-grade compression (0, 1a, 1b)",
                 "NOMS: radiation first if the spine is stable."),
        category("borderline", "Grade 1c (cord abutment)",
                 "NOMS: role of surgery versus radiosurgery debated."),
        category("high_grade", "High-grade compression (2, 3)",
                 "NOMS: separation surgery before radiation unless the tumour is highly radiosensitive."),
    ),
    rules=(
        rule("low_grade", grade=("0", "1a", "1b")),
        rule("borderline", grade="1c"),
        rule("high_grade", grade=("2", "3")),
    ),
    citations=("bilsky2010", "laufer2013"),
    facts=(
        fact("Six grades 0, 1a, 1b, 1c, 2, 3 on axial T2 MRI (reliability design)", V,
             "bilsky2010 abstract (PubMed 20809724)"),
        fact("Wording of the six grade definitions", S,
             "bilsky2010 via Uei 2018 (PMC5895138) figure legend and radiopaedia; the Bilsky abstract does not "
             "print them (verification-findings, second pass S3; third pass T2)"),
        fact("NOMS groups: low grade 0-1b; 1c debated; high grade 2-3", S, "laufer2013 via secondary summaries"),
        fact("NOMS framework paper identifiers (PMID 23709750)", V,
             "read.qxmd.com/read/23709750 (verification-findings, second pass S3)"),
    ),
    reader=read_escc,
    applies_to=Applicability(
        "epidural disease from a vertebral or epidural lesion at a known level or span, graded on axial T2 MRI",
        "bilsky2010",
        outside=_outside_escc,
    ),
)


def escc_rank(grade: str) -> int:
    """The ordinal rank of an ESCC grade (0 for '0' ... 5 for '3'); for comparing levels."""
    return ESCC.item("grade").answer(grade).points
