"""The thresholds the course analysis uses, each with where it comes from.

None of these numbers is hidden: :func:`thresholds` lists every one with its source and its
evidence status, and the commands print them. Values that no single source states are
``derived``; values recalled from a source that has not been re-read are ``unverified``
(``docs/verification-findings.md``, items 12d and 12h; ``pathway.md`` §5-§6 and §8).
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from typing import Any

from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass


@dataclass(frozen=True)
class Threshold:
    """One documented threshold: its name, value, meaning, sources and evidence status."""

    name: str
    value: float
    meaning: str
    status: EvidenceStatus
    citations: tuple[str, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "meaning": self.meaning,
            "status": self.status.value,
            "citations": list(self.citations),
            "note": self.note,
        }


@dataclass(frozen=True)
class CourseConfig:
    """Configurable thresholds of the course analysis (see :func:`thresholds` for sources)."""

    early_recurrence_days: int = 90
    """A recurrence within this many days of the intervention is *early* (derived, see below)."""

    adjacent_levels: int = 1
    """Levels within this distance of a treated level count as adjacent (marginal) levels."""

    enlargement_fraction: float = 0.25
    """A lesion diameter up by at least this fraction is an enlargement (UICC convention)."""

    regression_fraction: float = 0.50
    """A lesion diameter down by at least this fraction is a regression (UICC convention)."""

    pseudoprogression_window_days: int = 180
    """Enlargement after SBRT within this many days, without epidural or neurological change,
    is labelled *possible pseudoprogression* rather than progression (derived)."""

    attribution_window_days: int = 14
    """A neurological change and an imaging study this many days apart or closer are read as
    one episode (derived)."""

    no_change_min_days: int = 56
    """'No change' in bone is not called before 8 weeks of therapy (WHO convention)."""

    surveillance_interval_days: int = 90
    """Follow-up imaging is expected within this many days of a local treatment (derived from
    the SPINO schedule of MRI every 2-3 months in year 1, not yet verified)."""

    adjuvant_rt_earliest_days: int = 7
    """Postoperative radiotherapy earlier than this many days after the operation risks the wound
    (Itshayek 2010; the timing survey; derived, as pathway rule R-POST-1)."""

    adjuvant_rt_latest_days: int = 28
    """Postoperative radiotherapy later than this many days after the operation risks progression
    before it (delayed RT 2020; derived, as pathway rule R-POST-2)."""

    complication_window_days: int = 14
    """A new compression at a treated level this close to a procedure, with no recorded cause, is
    'recurrence or complication not yet known' (derived)."""

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_CONFIG = CourseConfig()


@lru_cache(maxsize=32)
def thresholds(config: CourseConfig = DEFAULT_CONFIG) -> tuple[Threshold, ...]:
    """Every threshold in ``config`` with its meaning, sources and evidence status."""
    c = config
    return (
        Threshold(
            "early_recurrence_days",
            c.early_recurrence_days,
            "a local recurrence within this many days of the intervention is called early",
            EvidenceStatus.DERIVED,
            ("delayed_rt_2020", "lau_2014_recurrence", "kaliya_perumal_2019"),
            "No source defines 'early'. Progression before delayed postoperative RT was 1.2% at 1 month "
            "and 24.1% at 3 months (Radiat Oncol 2020); mean time to recurrence was 9.8 months in Lau 2014; "
            "the index case recurred within one month and its authors call that early.",
        ),
        Threshold(
            "adjacent_levels",
            c.adjacent_levels,
            "levels this close to a treated level are adjacent (marginal) levels",
            EvidenceStatus.DERIVED,
            ("thibault_2015_spino",),
            "SPINO counts new or progressive epidural tumour as progression; how far from the treated "
            "level a marginal failure may lie is a SpineMet choice.",
        ),
        Threshold(
            "enlargement_fraction",
            c.enlargement_fraction,
            "lesion diameter increase that counts as enlargement",
            EvidenceStatus.UNVERIFIED,
            ("hamaoka_2004_mda", "thibault_2015_spino"),
            "In the Hayashi 2013 table the 25% increase sits in the UICC column, not the MDA column; "
            "SPINO asks for a 'gross, unequivocal' increase without a number.",
        ),
        Threshold(
            "regression_fraction",
            c.regression_fraction,
            "lesion diameter decrease that counts as regression",
            EvidenceStatus.UNVERIFIED,
            ("hamaoka_2004_mda",),
            "The 50% decrease is a UICC definition in the Hayashi 2013 table; MDA's own is qualitative.",
        ),
        Threshold(
            "pseudoprogression_window_days",
            c.pseudoprogression_window_days,
            "enlargement after SBRT within this window, without epidural or neurological change, "
            "is possible pseudoprogression",
            EvidenceStatus.DERIVED,
            ("thibault_2015_spino",),
            "SPINO defines pseudoprogression (transient enlargement that stabilises or resolves); "
            "the window is a SpineMet choice.",
        ),
        Threshold(
            "attribution_window_days",
            c.attribution_window_days,
            "a neurological change and an imaging study this close are read as one episode",
            EvidenceStatus.DERIVED,
        ),
        Threshold(
            "no_change_min_days",
            c.no_change_min_days,
            "bone 'no change' is not called before this many days of therapy",
            EvidenceStatus.SECONDARY,
            ("hamaoka_2004_mda",),
            "A WHO convention printed beside the MDA criteria in the Hayashi 2013 table.",
        ),
        Threshold(
            "surveillance_interval_days",
            c.surveillance_interval_days,
            "follow-up imaging expected within this many days of a local treatment",
            EvidenceStatus.DERIVED,
            ("thibault_2015_spino",),
            "No guideline fixes a post-decompression MRI schedule; SPINO's post-SBRT schedule "
            "(every 2-3 months in year 1) is recalled, not verified.",
        ),
        Threshold(
            "adjuvant_rt_earliest_days",
            c.adjuvant_rt_earliest_days,
            "postoperative radiotherapy earlier than this many days after the operation risks the wound",
            EvidenceStatus.DERIVED,
            ("itshayek_2010", "timing_survey", "timing_review_2020"),
            "Published intervals were 5-21 days (Itshayek 2010); most surgeons accept 1-2 weeks and the survey "
            "authors recommend at least 2 weeks. The plan's rule R-POST-1 uses the same 7 days.",
        ),
        Threshold(
            "adjuvant_rt_latest_days",
            c.adjuvant_rt_latest_days,
            "postoperative radiotherapy later than this many days after the operation risks progression before it",
            EvidenceStatus.DERIVED,
            ("delayed_rt_2020",),
            "Progression before delayed postoperative RT: 1.2% at 1 month, 24.1% at 3 months (Radiat Oncol 2020). "
            "The plan's rule R-POST-2 uses the same ~4 weeks.",
        ),
        Threshold(
            "complication_window_days",
            c.complication_window_days,
            "a new compression at a treated level this close to a procedure, without a recorded cause, is "
            "'recurrence or complication not yet known'",
            EvidenceStatus.DERIVED,
            ("delayed_rt_2020", "kaliya_perumal_2019"),
            "Tumour regrowth within weeks of an operation is rare (1.2% progression at 1 month before delayed RT; "
            "the index case's recurrence within a month was called rare and early), while leaked cement, a "
            "haematoma or displaced hardware compress at once; the window is a SpineMet choice, set equal to the "
            "attribution window.",
        ),
    )
