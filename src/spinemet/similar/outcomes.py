"""The neighbours' outcomes in a few numbers: how many recurred, died, walked at the last
examination, and -- when at least :data:`KM_MIN` neighbours have follow-up -- the Kaplan-Meier
estimate of survival (Kaplan and Meier 1958) with its median, from the first event to death or the
last recorded event (censored)."""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.similar.features import Outcome

KM_MIN = 5


@dataclass(frozen=True)
class OutcomeSummary:
    cases: int
    with_follow_up: int
    local_recurrence: int
    died: int
    walking_known: int
    walking: int
    median_follow_up_days: float | None
    km: tuple[tuple[int, float], ...]
    km_median_days: int | None
    note: str

    def as_dict(self) -> dict[str, object]:
        return {"cases": self.cases, "with_follow_up": self.with_follow_up, "local_recurrence": self.local_recurrence,
                "died": self.died, "walking_known": self.walking_known, "walking": self.walking,
                "median_follow_up_days": self.median_follow_up_days,
                "kaplan_meier": [{"day": d, "survival": s} for d, s in self.km],
                "km_median_days": self.km_median_days, "note": self.note}


def kaplan_meier(times: list[int], deaths: list[bool]) -> list[tuple[int, float]]:
    """(day, survival just after it) at each day with a death."""
    pairs = sorted(zip(times, deaths, strict=True))
    at_risk = len(pairs)
    s = 1.0
    out: list[tuple[int, float]] = []
    i = 0
    while i < len(pairs):
        day = pairs[i][0]
        d = c = 0
        while i < len(pairs) and pairs[i][0] == day:
            d += pairs[i][1]
            c += 1
            i += 1
        if d:
            s *= 1 - d / at_risk
            out.append((day, round(s, 4)))
        at_risk -= c
    return out


def summarise(outcomes: list[Outcome]) -> OutcomeSummary:
    followed = [o for o in outcomes if o.follow_up_days is not None]
    days = sorted(o.follow_up_days for o in followed if o.follow_up_days is not None)
    median = None
    if days:
        mid = len(days) // 2
        median = float(days[mid]) if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    km: list[tuple[int, float]] = []
    km_median = None
    if len(followed) >= KM_MIN:
        km = kaplan_meier([o.follow_up_days or 0 for o in followed], [o.died for o in followed])
        km_median = next((d for d, s in km if s <= 0.5), None)
        note = f"Kaplan-Meier over {len(followed)} neighbours with follow-up"
    else:
        note = f"too few neighbours with follow-up for a Kaplan-Meier estimate ({len(followed)} < {KM_MIN})"
    walking_known = [o for o in outcomes if o.walking_at_last_exam is not None]
    return OutcomeSummary(len(outcomes), len(followed), sum(o.local_recurrence for o in outcomes),
                          sum(o.died for o in outcomes), len(walking_known),
                          sum(1 for o in walking_known if o.walking_at_last_exam), median, tuple(km), km_median, note)
