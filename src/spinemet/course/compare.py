"""Comparing two imaging findings at one level: what got worse, what got better.

Epidural disease is compared on the Bilsky ESCC scale (Bilsky 2010). A finding that only
says "cord compression" (ESCC 2-3) or "no cord compression" (ESCC 0-1c) is a *range* of
grades, and a change is called only when the ranges do not overlap: ESCC 2-3 followed by
ESCC 3 is not a proven worsening. "Tumour resolved" reads as ESCC 0 at that level.
Compression of the conus, cauda equina or nerve roots is recorded apart from the cord (it is not
cord compression) and counts as new when the earlier study excluded it.
"""

from __future__ import annotations

from spinemet.anatomy import Span
from spinemet.case.events import LevelFinding
from spinemet.case.vocab import EsccGrade
from spinemet.course.config import CourseConfig
from spinemet.frozen import dataclass, quick_init

_GRADES = [g.value for g in EsccGrade]
#: Each grade's rank (``EsccGrade.rank``) looked up once: read for every finding the course compares.
_RANK = {g: g.rank for g in EsccGrade}
_G2_G3 = (EsccGrade.G2.rank, EsccGrade.G3.rank)
_G0_G1C = (EsccGrade.G0.rank, EsccGrade.G1C.rank)
#: The ranks the comparisons test against (``rank`` is a property that searches the grade order at each read).
_G0, _G1A, _G2 = EsccGrade.G0.rank, EsccGrade.G1A.rank, EsccGrade.G2.rank
_IMPROVING_BONE = frozenset({"sclerotic_rim", "partial_fill_in", "complete_fill_in", "regression"})


def escc_range(finding: LevelFinding | None) -> tuple[int, int] | None:
    """The ESCC ranks (0 = grade 0 ... 5 = grade 3) a finding allows; None when unknown."""
    if finding is None:
        return None
    escc = finding.escc
    if escc is not None:
        rank = _RANK[escc]
        return (rank, rank)
    if finding.tumour_resolved:
        return (0, 0)
    if finding.cord_compression is True:
        return _G2_G3
    if finding.cord_compression is False:
        return _G0_G1C
    return None


def escc_words(ranks: tuple[int, int] | None) -> str:
    if ranks is None:
        return "ESCC unknown"
    lo, hi = ranks
    if lo == hi:
        return f"ESCC {_GRADES[lo]}"
    return f"ESCC {_GRADES[lo]}–{_GRADES[hi]}"


def compressed(finding: LevelFinding) -> bool | None:
    """True when the cord is compressed (ESCC >= 2), False when it is not, None when unknown."""
    ranks = escc_range(finding)
    if ranks is None:
        return None
    if ranks[0] >= _G2:
        return True
    if ranks[1] < _G2:
        return False
    return None


def epidural_disease(finding: LevelFinding) -> bool | None:
    """True when tumour is in the epidural space (ESCC >= 1a or an epidural extent is recorded)."""
    if finding.epidural_extent is not None:
        return True
    ranks = escc_range(finding)
    if ranks is None:
        return None
    if ranks[0] >= _G1A:
        return True
    if ranks[1] == _G0:
        return False
    return None


#: Neural structures below or beside the cord whose compression is recorded apart from ESCC.
_ROOT_FIELDS = (("conus", "conus_compression"), ("cauda equina", "cauda_equina_compression"),
                ("nerve root", "nerve_root_compression"))


def _new_root_compression(before: LevelFinding, after: LevelFinding, b_rank: tuple[int, int] | None) -> list[str]:
    """Compression of the conus, cauda equina or a nerve root that the earlier study excluded.

    Excluded = recorded as absent, or no epidural disease at all (ESCC 0) on the earlier study;
    an earlier study silent on it proves no change."""
    out = []
    for words, name in _ROOT_FIELDS:
        if getattr(after, name) is not True or getattr(before, name) is True:
            continue
        if getattr(before, name) is False or b_rank == (0, 0) or before.epidural_present is False:
            out.append(f"new {words} compression")
    return out


def _extent_grew(before: Span | None, after: Span | None) -> bool:
    if after is None or before is None:
        return False
    return after.start < before.start or after.end > before.end


@quick_init
@dataclass(frozen=True)
class Delta:
    """The differences between an earlier and a later finding at the same level."""

    epidural_worse: tuple[str, ...] = ()
    enlarged: tuple[str, ...] = ()
    new_lesion: bool = False
    improved: tuple[str, ...] = ()
    resolved: bool = False
    escc_before: tuple[int, int] | None = None
    """The ESCC ranks the earlier finding allows (:func:`escc_range`; None: unknown or no earlier finding)."""
    escc_after: tuple[int, int] | None = None
    """The ESCC ranks the later finding allows."""

    @property
    def worse(self) -> bool:
        return bool(self.epidural_worse or self.enlarged or self.new_lesion)

    @property
    def reasons(self) -> tuple[str, ...]:
        extra = ("new lesion (not seen on the previous study)",) if self.new_lesion else ()
        return self.epidural_worse + self.enlarged + extra


def compare(before: LevelFinding | None, after: LevelFinding, config: CourseConfig) -> Delta:
    """What changed from ``before`` (None: no earlier study of this level) to ``after``."""
    worse: list[str] = []
    enlarged: list[str] = []
    improved: list[str] = []
    b_rank, a_rank = escc_range(before), escc_range(after)
    if b_rank is not None and a_rank is not None:
        if a_rank[0] > b_rank[1]:
            worse.append(f"epidural compression up from {escc_words(b_rank)} to {escc_words(a_rank)}")
        elif a_rank[1] < b_rank[0]:
            improved.append(f"epidural compression down from {escc_words(b_rank)} to {escc_words(a_rank)}")
    # Each field of a finding is read once below: a case record's field costs more to read than a local, and a
    # long course compares hundreds of findings.
    if before is not None:
        if after.conus_compression is True or after.cauda_equina_compression is True or \
                after.nerve_root_compression is True:  # (most findings record none: nothing new to look for)
            worse.extend(_new_root_compression(before, after, b_rank))
        b, a = before.canal_compromise_percent, after.canal_compromise_percent
        if b is not None and a is not None:
            if a > b:
                worse.append(f"canal compromise up from {b:g}% to {a:g}%")
            elif a < b:
                improved.append(f"canal compromise down from {b:g}% to {a:g}%")
        b_extent, a_extent = before.epidural_extent, after.epidural_extent
        if b_extent is not None and a_extent is not None and _extent_grew(b_extent, a_extent):
            worse.append(f"epidural tumour now spans {a_extent} (was {b_extent})")
        elif b_extent is None and a_extent is not None and b_rank == (0, 0):
            worse.append(f"new epidural tumour spanning {a_extent}")
        b_mm, a_mm = before.lesion_size_mm, after.lesion_size_mm
        if b_mm and a_mm is not None:
            if a_mm >= b_mm * (1 + config.enlargement_fraction):
                enlarged.append(f"lesion enlarged from {b_mm:g} to {a_mm:g} mm")
            elif a_mm <= b_mm * (1 - config.regression_fraction):
                improved.append(f"lesion regressed from {b_mm:g} to {a_mm:g} mm")
    bone = after.bone_response
    if bone == "enlargement":
        enlarged.append("bone lesion enlarged (reported)")
    elif bone in _IMPROVING_BONE:
        improved.append(f"bone response: {bone.replace('_', ' ')}")
    resolved = after.tumour_resolved
    if resolved:
        improved.append("no residual tumour visible")
    # epidural_worse, enlarged, new_lesion, improved, resolved, escc_before, escc_after (in their declared order:
    # keyword arguments cost more than the rest of the call, and a long course compares hundreds of findings)
    return Delta(tuple(worse), tuple(enlarged), bool(after.new_lesion), tuple(improved), bool(resolved), b_rank, a_rank)
