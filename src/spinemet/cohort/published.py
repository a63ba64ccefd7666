"""Published survival of each band and published external c-indices, as cited data.

A calibration point says: in the cited cohort, patients of this band had survival ``survival`` at
``month`` months (a published median m is the point (m, 0.5)). Only figures tagged as seen in the
source or its abstract in ``instruments.md`` ([V], or [S] where stated) are kept; figures from
memory ([M], e.g. Tomita's mean survival per band, Katagiri's intermediate-risk survival, Rades'
36-45 derivation survival) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BandSurvival:
    instrument: str
    band: str
    month: float
    survival: float
    source: str
    what: str


@dataclass(frozen=True)
class PublishedC:
    instrument: str
    c: float
    n: int
    source: str
    what: str


def _median(instrument: str, band: str, months: float, source: str) -> BandSurvival:
    return BandSurvival(instrument, band, months, 0.5, source, f"median survival {months:g} months")


BAND_SURVIVAL: tuple[BandSurvival, ...] = (
    _median("tokuhashi_revised", "under_6_months", 4, "zeng2007"),
    _median("tokuhashi_revised", "at_least_6_months", 10, "zeng2007"),
    _median("tokuhashi_revised", "at_least_1_year", 29, "zeng2007"),
    BandSurvival("bauer", "good_prognosis", 12, 0.50, "bauer1995", "1-year survival about 50%"),
    BandSurvival("bauer", "intermediate_prognosis", 12, 0.25, "bauer1995", "1-year survival about 25%"),
    BandSurvival("bauer", "poor_prognosis", 6, 0.0, "bauer1995", "all died within 6 months"),
    BandSurvival("katagiri_new", "low_risk", 12, 0.91, "katagiri2014", "derivation 1-year survival 91%"),
    BandSurvival("katagiri_new", "low_risk", 24, 0.78, "katagiri2014", "derivation 2-year survival 78%"),
    BandSurvival("katagiri_new", "high_risk", 6, 0.27, "katagiri2014", "derivation 6-month survival 27%"),
    BandSurvival("katagiri_new", "high_risk", 12, 0.06, "katagiri2014", "derivation 1-year survival 6%"),
    *(BandSurvival("katagiri_new", band, month, s, "kubota2019", f"{month}-month survival {s:.1%} (validation)")
      for band, values in (("low_risk", (0.944, 0.778, 0.611)), ("intermediate_risk", (0.677, 0.487, 0.312)),
                           ("high_risk", (0.391, 0.221, 0.090)))
      for month, s in zip((3, 6, 12), values, strict=True)),
    BandSurvival("rades_survival", "points_20_25", 6, 0.04, "rades2008", "derivation 6-month survival 4%"),
    BandSurvival("rades_survival", "points_26_30", 6, 0.11, "rades2008", "derivation 6-month survival 11%"),
    BandSurvival("rades_survival", "points_31_35", 6, 0.48, "rades2008", "derivation 6-month survival 48%"),
    *(BandSurvival("rades_survival", band, 6, s, "rades2010", f"validation 6-month survival {s:.0%}")
      for band, s in (("points_20_25", 0.07), ("points_26_30", 0.19), ("points_31_35", 0.56),
                      ("points_36_40", 0.73), ("points_41_45", 0.90))),
    _median("van_der_linden", "group_a", 3, "van_der_linden2005"),
    _median("van_der_linden", "group_b", 9, "van_der_linden2005"),
    _median("van_der_linden", "group_c", 19, "van_der_linden2005"),
)

PUBLISHED_C: tuple[PublishedC, ...] = (
    PublishedC("nesms", 0.79, 202, "schoenfeld2022", "1-year survival, prospective"),
    PublishedC("tomita", 0.69, 202, "schoenfeld2022", "1-year survival, prospective"),
    PublishedC("tokuhashi_revised", 0.67, 202, "schoenfeld2022", "1-year survival, prospective"),
    PublishedC("bauer", 0.69, 144, "bulthuis2023", "external validation"),
)


def band_survival(instrument: str) -> tuple[BandSurvival, ...]:
    return tuple(b for b in BAND_SURVIVAL if b.instrument == instrument)


def published_c(instrument: str) -> tuple[PublishedC, ...]:
    return tuple(c for c in PUBLISHED_C if c.instrument == instrument)
