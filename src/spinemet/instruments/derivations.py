"""Fact -> answer derivations: small pure functions beside the declarations, each tested.

Each returns a :class:`~spinemet.instruments.engine.Given` whose ``source`` names the fact it
was read from ("derived from level T6"). When a fact leaves more than one answer possible,
the answer stays ``None`` and ``candidates`` lists the answers still possible; nothing is
guessed. Numeric inputs are checked against declared :class:`Interval` constraints, so bad
input gives the uniform message naming the field and the allowed range.
"""

from __future__ import annotations

from collections.abc import Mapping

from spinemet.anatomy import Level, parse_level, sins_location
from spinemet.instruments.constraints import Interval, InvalidAnswer, Options
from spinemet.instruments.conversions import check_kps
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Decision

PERCENT = Interval(0, 100, unit="%")
COUNT = Interval(0, None, integer=True)
VERTEBRAE = Interval(1, None, integer=True)
DAYS = Interval(0, None, unit="days")

DAYS_PER_MONTH = 365.25 / 12

RADES_MONTHS = Decision(
    "rades_interval_month_length",
    "Intervals in days are converted to months at 365.25/12 days per month (15 months = 456.6 days).",
    ("rades2008",),
)
RADES_SAME_DAY = Decision(
    "rades_motor_deficit_same_day",
    "A motor deficit that began on the day radiotherapy started is counted in '1-7 days'.",
    ("rades2008",),
)
SOLITARY_COUNT = Decision(
    "solitary_means_one_bone_metastasis",
    "'Solitary' means exactly one bone metastasis in total, the spinal lesion included (extraspinal foci + "
    "involved vertebrae = 1); Tomita's 'isolated' (confined to one region) needs clinician input.",
    ("tomita2001", "bauer1995"),
)


def sins_location_from_level(level: Level | str) -> Given:
    """SINS location class of a vertebral level (Fisher 2010): T6 -> semirigid.

    Uses :func:`spinemet.anatomy.sins_location`; the coccyx and transitional labels (T13, L6)
    are rejected with the anatomy module's message.
    """
    lvl = parse_level(level)
    return Given(sins_location(lvl).value, f"derived from level {lvl}")


def sins_collapse_from_percent(collapse_percent: float, body_involvement_percent: float | None = None) -> Given:
    """SINS collapse answer from height loss (%) and, without collapse, body involvement (%).

    Exactly 50% collapse scores '>=50%' (decision ``sins_collapse_50_percent``). With no collapse,
    involvement > 50% scores 1; unknown involvement leaves both no-collapse answers possible.
    """
    pct = PERCENT.check("collapse_percent", collapse_percent)
    src = f"derived from collapse {pct:g}%"
    if pct >= 50:
        return Given("at_least_50", src)
    if pct > 0:
        return Given("under_50", src)
    if body_involvement_percent is None:
        return Given(None, src + " (body involvement unknown)", candidates=("none_over_50_involved", "none"))
    inv = PERCENT.check("body_involvement_percent", body_involvement_percent)
    src = f"derived from no collapse and {inv:g}% body involvement"
    return Given("none_over_50_involved" if inv > 50 else "none", src)


def general_condition_from_kps(kps: int) -> Given:
    """Tokuhashi general condition from KPS: 10-40 poor, 50-70 moderate, 80-100 good.

    KPS must be a multiple of 10; KPS 0 (dead) is outside the instrument and rejected.
    """
    value = check_kps(kps)
    if value == 0:
        raise InvalidAnswer("kps", value, [str(v) for v in range(10, 101, 10)], "a KPS value Tokuhashi scores")
    answer = "poor" if value <= 40 else "moderate" if value <= 70 else "good"
    return Given(answer, f"derived from KPS {value}")


def van_der_linden_kps(kps: int) -> Given:
    """Van der Linden KPS bin: 80-100, 50-70, <=40 (KPS 0 rejected)."""
    value = check_kps(kps)
    if value == 0:
        raise InvalidAnswer("kps", value, [str(v) for v in range(10, 101, 10)], "a KPS value the score reads")
    answer = "up_to_40" if value <= 40 else "50_to_70" if value <= 70 else "80_to_100"
    return Given(answer, f"derived from KPS {value}")


_FRANKEL = Options(("A", "B", "C", "D", "E"), what="a Frankel grade")


def palsy_from_frankel(grade: str) -> Given:
    """Tokuhashi palsy from Frankel: A-B complete, C-D incomplete, E none (NICE CG75)."""
    g = _FRANKEL.check("frankel", grade)
    answer = "complete" if g in "AB" else "incomplete" if g in "CD" else "none"
    return Given(answer, f"derived from Frankel {g}")


def extraspinal_bin(count: int) -> Given:
    """Tokuhashi extraspinal bone metastasis foci: >=3, 1-2, 0."""
    n = int(COUNT.check("extraspinal_bone_mets", count))
    answer = "three_or_more" if n >= 3 else "one_or_two" if n >= 1 else "none"
    return Given(answer, f"derived from {n} extraspinal bone foci")


def vertebral_bin(count: int) -> Given:
    """Tokuhashi vertebral-body metastases: >=3, 2, 1. A count of 0 is impossible for a patient
    being scored (they have a spinal metastasis) and is rejected."""
    n = int(VERTEBRAE.check("vertebral_body_mets", count))
    answer = "three_or_more" if n >= 3 else "two" if n == 2 else "one"
    return Given(answer, f"derived from {n} involved vertebrae")


def bone_met_total(extraspinal: int, vertebral: int) -> int:
    """Total bone metastases: extraspinal foci + involved vertebrae (>= 1)."""
    return int(COUNT.check("extraspinal_bone_mets", extraspinal)) + int(
        VERTEBRAE.check("vertebral_body_mets", vertebral))


def solitary_from_counts(extraspinal: int, vertebral: int, yes: str = "yes", no: str = "no") -> Given:
    """A solitary bone metastasis (exactly one in total) -> ``yes``; more -> ``no``."""
    total = bone_met_total(extraspinal, vertebral)
    return Given(yes if total == 1 else no, f"derived from {total} bone metastases in total", (SOLITARY_COUNT,))


def albumin_normal(value: float, unit: str = "g/dL") -> Given:
    """NESMS albumin item: >= 3.5 g/dL (35 g/L) -> yes. Units g/dL or g/L."""
    g_dl = _albumin_g_dl(value, unit)
    return Given("yes" if g_dl >= 3.5 else "no", f"derived from albumin {value:g} {unit}")


_ALB_UNITS = Options(("g/dL", "g/L"), what="an albumin unit")


def _albumin_g_dl(value: float, unit: str) -> float:
    u = _ALB_UNITS.check("albumin unit", unit)
    return Interval(0, None, unit=u).check("albumin", value) / (10 if u == "g/L" else 1)


_AMBULATORY = Options(("independent", "with_aid", "non_ambulatory"), what="an ambulatory status")


def ambulatory_item(status: str) -> Given:
    """NESMS / Rades 'ambulatory': independent -> yes; non-ambulatory -> no; walking with an aid
    is not defined by either source, so both answers stay possible."""
    s = _AMBULATORY.check("ambulatory", status)
    src = f"derived from ambulatory status {s}"
    if s == "with_aid":
        return Given(None, src + " (walking with an aid is not defined by the score)", candidates=("yes", "no"))
    return Given("yes" if s == "independent" else "no", src)


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


def interval_to_mscc(days: float) -> Given:
    """Rades interval from tumour diagnosis to MSCC: > 15 months or <= 15 months."""
    d = DAYS.check("interval_to_mscc_days", days)
    months = d / DAYS_PER_MONTH
    return Given("over_15_months" if months > 15 else "up_to_15_months",
                 f"derived from {d:g} days ({months:.1f} months) from diagnosis to MSCC", (RADES_MONTHS,))


def motor_deficit_time(days: float) -> Given:
    """Rades time developing motor deficits before radiotherapy: 1-7, 8-14, > 14 days."""
    d = DAYS.check("motor_deficit_days", days)
    answer = "1_to_7_days" if d <= 7 else "8_to_14_days" if d <= 14 else "over_14_days"
    decisions = (RADES_SAME_DAY,) if d < 1 else ()
    return Given(answer, f"derived from {d:g} days of motor deficit before radiotherapy", decisions)


def ki67_bin(percent: float) -> Given:
    """WHO GEP Ki-67 bin: < 3, 3-20, > 20 % (applied exactly: 2.9 -> under_3, 20 -> 3_to_20)."""
    p = PERCENT.check("ki67_percent", percent)
    answer = "under_3" if p < 3 else "3_to_20" if p <= 20 else "over_20"
    return Given(answer, f"derived from Ki-67 {p:g}%")


def mitoses_bin(per_2mm2: float) -> Given:
    """Mitoses per 2 mm²: < 2, 2-10, > 10 to 20, > 20 (serves both WHO GEP and lung cut-offs)."""
    m = Interval(0, None, unit="per 2 mm²").check("mitoses_per_2mm2", per_2mm2)
    answer = "under_2" if m < 2 else "2_to_10" if m <= 10 else "over_10_to_20" if m <= 20 else "over_20"
    return Given(answer, f"derived from {m:g} mitoses per 2 mm²")
