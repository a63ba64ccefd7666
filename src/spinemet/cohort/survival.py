"""Survival metrics on (time, event, score) columns: pure functions of numpy arrays.

* Kaplan-Meier per group (median with its confidence interval, survival with CI at given months,
  numbers at risk) and the log-rank test: lifelines (MIT), imported when first used.
* Concordance: :func:`concordance` computes Harrell's C (all weights 1) and Uno's C (weights
  1/G(T_i)^2 from the Kaplan-Meier estimate of the censoring distribution, pairs truncated at
  ``tau``; Uno et al., Stat Med 2011) with one algorithm. A pair (i, j) is comparable when i had the
  event and j's time is later, or equal and censored; a tie in the score counts one half. Scores
  with few distinct values (every instrument) are counted per score value with sorted searches
  (O(K n log n)); others pairwise in blocks.
* :func:`cumulative_dynamic_auc` (cases: event by t; controls: alive after t; cases weighted by
  1/G(T_i); Uno 2007, Hung & Chiang 2010) and :func:`brier_score` (Graf et al. 1999, inverse
  probability of censoring weights).

These follow the definitions of scikit-survival's estimators (GPL-3), which the tests use as the
reference (agreement to 1e-6, ties and censoring included); no code of it is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


class NoComparablePairs(ValueError):
    """No pair of patients can be compared (e.g. no event)."""


# ---------------------------------------------------------------------- censoring distribution
@dataclass(frozen=True)
class StepFunction:
    """A right-continuous step function given by its jump times and values (value 1 before the first)."""

    times: Floats
    values: Floats

    def __call__(self, t: Floats) -> Floats:
        idx = np.searchsorted(self.times, t, side="right") - 1
        out = np.ones(np.shape(t), dtype=float)
        inside = idx >= 0
        out[inside] = self.values[idx[inside]]
        return out


def censoring_km(time: Floats, event: Bools) -> StepFunction:
    """Kaplan-Meier estimate of the censoring distribution G(t) = P(C > t) (censorings are the events;
    at a tied time, deaths leave the risk set first)."""
    uniq, inverse = np.unique(time, return_inverse=True)
    n_total = np.bincount(inverse, minlength=len(uniq))
    n_event = np.bincount(inverse, weights=event.astype(float), minlength=len(uniq))
    n_cens = n_total - n_event
    at_risk = len(time) - np.concatenate(([0], np.cumsum(n_total)[:-1])) - n_event
    ratio = np.divide(n_cens, at_risk, out=np.zeros(len(uniq)), where=n_cens != 0)
    return StepFunction(uniq, np.cumprod(1.0 - ratio))


# ---------------------------------------------------------------------- concordance
def _counts_per_value(time: Floats, event: Bools, score: Floats, values: Floats) -> tuple[Floats, Floats, Floats]:
    """For each patient: comparable partners with a lower score, an equal score, and in total."""
    n = len(time)
    lower = np.zeros(n)
    equal = np.zeros(n)
    total = np.zeros(n)
    code = np.searchsorted(values, score)
    for k, _ in enumerate(values):
        mine = code == k
        t_all = np.sort(time[mine])
        t_cens = np.sort(time[mine & ~event])
        later = len(t_all) - np.searchsorted(t_all, time, side="right")
        tied_cens = np.searchsorted(t_cens, time, side="right") - np.searchsorted(t_cens, time, side="left")
        comparable = (later + tied_cens).astype(float)
        total += comparable
        lower += np.where(code > k, comparable, 0.0)
        equal += np.where(code == k, comparable, 0.0)
    return lower, equal, total


def _counts_pairwise(time: Floats, event: Bools, score: Floats, tol: float) -> tuple[Floats, Floats, Floats]:
    n = len(time)
    lower = np.zeros(n)
    equal = np.zeros(n)
    total = np.zeros(n)
    rows = np.flatnonzero(event)
    block = max(1, 4_000_000 // max(n, 1))
    for start in range(0, len(rows), block):
        i = rows[start:start + block]
        comp = (time[None, :] > time[i, None]) | ((time[None, :] == time[i, None]) & ~event[None, :])
        ties = np.abs(score[None, :] - score[i, None]) <= tol
        lower[i] = (comp & ~ties & (score[None, :] < score[i, None])).sum(axis=1)
        equal[i] = (comp & ties).sum(axis=1)
        total[i] = comp.sum(axis=1)
    return lower, equal, total


@dataclass(frozen=True)
class Concordance:
    estimate: float
    comparable: float
    concordant: float
    tied_risk: float


def concordance(time: Sequence[float] | Floats, event: Sequence[bool] | Bools, risk: Sequence[float] | Floats,
                weights: Floats | None = None, tied_tol: float = 1e-8) -> Concordance:
    """C-index of a risk score (higher = earlier death) with optional weights per patient i (the one
    with the event). Harrell's C: no weights; Uno's C: :func:`uno_weights`."""
    t = np.asarray(time, dtype=float)
    e = np.asarray(event, dtype=bool)
    s = np.asarray(risk, dtype=float)
    values = np.unique(s)
    if len(values) <= 512 and np.all(np.diff(values) > tied_tol):
        lower, equal, total = _counts_per_value(t, e, s, values)
    else:
        lower, equal, total = _counts_pairwise(t, e, s, tied_tol)
    w = e.astype(float) if weights is None else np.where(e, weights, 0.0)
    denominator = float(np.sum(w * total))
    if denominator == 0 or not np.any(e & (total > 0)):
        raise NoComparablePairs("no comparable pair of patients (is there any death before the last follow-up?)")
    numerator = float(np.sum(w * (lower + 0.5 * equal)))
    return Concordance(numerator / denominator, float(np.sum(e * total)), float(np.sum(e * lower)),
                       float(np.sum(e * equal)))


def uno_weights(time: Floats, event: Bools, tau: float | None = None) -> Floats:
    """1/G(T_i)^2 for each patient with the event before ``tau`` (0 otherwise)."""
    g = censoring_km(time, event)(time)
    used = event if tau is None else event & (time < tau)
    if np.any((g == 0) & used):
        raise NoComparablePairs("the censoring survival reaches 0 before a death: truncate with tau")
    return np.divide(1.0, np.square(g), out=np.zeros(len(time)), where=used & (g > 0))


def harrell_c(time: Floats, event: Bools, risk: Floats) -> float:
    return concordance(time, event, risk).estimate


def uno_c(time: Floats, event: Bools, risk: Floats, tau: float | None = None) -> float:
    return concordance(time, event, risk, uno_weights(time, event, tau)).estimate


# ---------------------------------------------------------------------- time-dependent AUC, Brier
def cumulative_dynamic_auc(time: Floats, event: Bools, risk: Floats, t: float, tied_tol: float = 1e-8) -> float:
    """AUC at ``t``: cases died by t (weighted 1/G(T_i)), controls alive after t; tied scores share one
    threshold."""
    g = censoring_km(time, event)(time)
    ipcw = np.divide(1.0, g, out=np.zeros(len(time)), where=(g > 0) & event)
    order = np.argsort(-risk, kind="quicksort")
    tt, ee, ss, ww = time[order], event[order], risk[order], ipcw[order]
    is_case = (tt <= t) & ee
    is_control = tt > t
    if not is_control.any() or not is_case.any():
        raise NoComparablePairs(f"no cases or no controls at {t:g} months")
    tp = np.cumsum(is_case * ww)
    fp = np.cumsum(is_control).astype(float)
    tp, fp = tp / tp[-1], fp / is_control.sum()
    tied = np.abs(np.diff(np.concatenate(([np.inf], ss)))) <= tied_tol
    keep = np.ones(len(ss), dtype=bool)
    keep[np.flatnonzero(tied) - 1] = False
    tp = np.concatenate(([0.0], tp[keep]))
    fp = np.concatenate(([0.0], fp[keep]))
    return float(np.trapezoid(tp, fp))


def brier_score(time: Floats, event: Bools, survival_at_t: Floats, t: float) -> float:
    """Brier score at ``t`` of predicted survival probabilities (inverse probability of censoring
    weights: deaths by t weighted 1/G(T_i), survivors past t 1/G(t))."""
    g = censoring_km(time, event)
    g_t = float(g(np.array([t]))[0]) or np.inf
    g_y = g(time)
    g_y[g_y == 0] = np.inf
    is_case = (time <= t) & event
    is_control = time > t
    return float(np.mean(np.square(survival_at_t) * is_case / g_y + np.square(1.0 - survival_at_t) * is_control / g_t))


# ---------------------------------------------------------------------- Kaplan-Meier, log-rank
@dataclass(frozen=True)
class KaplanMeier:
    n: int
    events: int
    median: float | None
    median_ci: tuple[float | None, float | None]
    survival: dict[float, tuple[float, float, float]]  # month -> (estimate, low, high)
    at_risk: dict[float, int]
    curve: tuple[Floats, Floats, Floats, Floats]  # times, survival, low, high


def _finite(x: Any) -> float | None:
    value = float(x)
    return value if np.isfinite(value) else None


def kaplan_meier(time: Floats, event: Bools, months: Sequence[float], alpha: float = 0.05) -> KaplanMeier:
    """Kaplan-Meier estimate (lifelines) with its log(-log) confidence band, median with CI, survival at
    ``months`` and the numbers at risk there."""
    from lifelines import KaplanMeierFitter  # type: ignore[import-untyped]
    from lifelines.utils import median_survival_times  # type: ignore[import-untyped]

    kmf = KaplanMeierFitter(alpha=alpha).fit(time, event)
    sf = kmf.survival_function_.iloc[:, 0]
    ci = kmf.confidence_interval_survival_function_
    times = sf.index.to_numpy(dtype=float)
    est, low, high = sf.to_numpy(float), ci.iloc[:, 0].to_numpy(float), ci.iloc[:, 1].to_numpy(float)
    median_ci = median_survival_times(ci)
    survival = {}
    for m in months:
        idx = int(np.searchsorted(times, m, side="right")) - 1
        survival[m] = (float(est[idx]), float(low[idx]), float(high[idx])) if idx >= 0 else (1.0, 1.0, 1.0)
        if m > times.max():
            survival[m] = (float("nan"), float("nan"), float("nan"))
    at_risk = {m: int(np.sum(time >= m)) for m in months}
    return KaplanMeier(len(time), int(event.sum()), _finite(kmf.median_survival_time_),
                       (_finite(median_ci.iloc[0, 0]), _finite(median_ci.iloc[0, 1])), survival, at_risk,
                       (times, est, low, high))


def logrank_p(time: Floats, event: Bools, group: Sequence[object]) -> float | None:
    """p-value of the log-rank test across the groups (lifelines); ``None`` with fewer than two groups."""
    from lifelines.statistics import multivariate_logrank_test  # type: ignore[import-untyped]

    if len(set(group)) < 2:
        return None
    return float(multivariate_logrank_test(time, np.asarray(group), event).p_value)


# ---------------------------------------------------------------------- bootstrap
def bootstrap_ci(stat: Any, n: int, draws: int, seed: int, alpha: float = 0.05) -> tuple[float, float] | None:
    """Percentile interval of ``stat(index)`` over ``draws`` resamples of ``n`` patients (``None`` when
    no resample could be evaluated)."""
    if draws <= 0:
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(draws):
        idx = rng.integers(0, n, n)
        try:
            values.append(stat(idx))
        except NoComparablePairs:
            continue
    if not values:
        return None
    arr = np.asarray(values, dtype=float)
    return float(np.quantile(arr, alpha / 2)), float(np.quantile(arr, 1 - alpha / 2))
