"""Survival metrics on (time, event, score) columns: pure, vectorised functions of numpy arrays.

Every metric is computed from arrays sorted once (:class:`Sample`: the distinct times, deaths and
numbers at risk, the censoring distribution at each patient's time), with no Python loop over
patients, so a registry of a million patients is validated in seconds:

* :func:`kaplan_meier` (survival with the exponential-Greenwood log(-log) confidence band, median with
  its CI read off the band, survival at given months, numbers at risk) and :func:`logrank_p` (the
  K-group log-rank test, chi-square with K-1 degrees of freedom). They follow the estimators of
  lifelines (MIT), which the tests use as the reference.
* Concordance: :func:`concordance` computes Harrell's C (all weights 1) and Uno's C (weights
  1/G(T_i)^2 from the Kaplan-Meier estimate of the censoring distribution, pairs truncated at
  ``tau``; Uno et al., Stat Med 2011) with one algorithm. A pair (i, j) is comparable when i had the
  event and j's time is later, or equal and censored; a tie in the score counts one half. The pairs are
  *counted*, never enumerated: in a table of (distinct death time x score rank) with cumulative sums
  when it is small (O(n + D K): every instrument on times in days or months), else along the
  patients ordered once by time, by cumulative counts per score rank (O(n K), few distinct scores) or
  by dominance counting over a merge-sort tree (O(n log^2 n), any score).
* :func:`cumulative_dynamic_auc` (cases: event by t; controls: alive after t; cases weighted by
  1/G(T_i); Uno 2007, Hung & Chiang 2010) and :func:`brier_score` (Graf et al. 1999, inverse
  probability of censoring weights).

These follow the definitions of scikit-survival's estimators (GPL-3), which the tests use as the
reference (agreement to 1e-6, ties and censoring included); no code of it is used.

:func:`bootstrap_ci`: percentile bootstrap; above ``max_sample`` patients each draw resamples
``max_sample`` of the n patients (m-out-of-n bootstrap, Bickel, Goetze & van Zwet, Statistica Sinica
1997) and the interval is rescaled by sqrt(m/n) around the full-sample estimate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

#: The (distinct death time x score rank) table is used up to this many cells; above it, scores with
#: up to ``_RANK_PASSES`` distinct values are counted one rank at a time, others by the tree.
_TABLE_CELLS = 1 << 22
_RANK_PASSES = 64


class NoComparablePairs(ValueError):
    """No pair of patients can be compared (e.g. no event)."""


# ---------------------------------------------------------------------- a sample, sorted once
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


@dataclass(frozen=True)
class Sample:
    """(time, event) of n patients with what every metric needs, computed once.

    ``uniq``: the distinct times, ascending; ``inverse``: each patient's index in ``uniq``;
    ``n_total``/``n_event``: patients and deaths at each distinct time; ``at_risk``: patients with
    time >= each distinct time.
    """

    time: Floats
    event: Bools
    uniq: Floats
    inverse: Ints
    n_total: Floats
    n_event: Floats
    at_risk: Floats
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n(self) -> int:
        return len(self.time)

    def censoring(self) -> StepFunction:
        """Kaplan-Meier estimate of the censoring distribution G(t) = P(C > t) (censorings are the
        events; at a tied time, deaths leave the risk set first)."""
        if "g" not in self._cache:
            n_cens = self.n_total - self.n_event
            risk = self.at_risk - self.n_event
            ratio = np.divide(n_cens, risk, out=np.zeros(len(self.uniq)), where=n_cens != 0)
            self._cache["g"] = StepFunction(self.uniq, np.cumprod(1.0 - ratio).astype(np.float64))
        g: StepFunction = self._cache["g"]
        return g

    def subset(self, index: NDArray[Any]) -> Sample:
        """The sample of the patients ``index`` selects (a boolean mask, or positions, repeats allowed:
        a bootstrap resample), without sorting again."""
        inverse = self.inverse[index]
        present = np.bincount(inverse, minlength=len(self.uniq)) > 0
        new_index = np.cumsum(present) - 1
        sub = new_index[inverse].astype(np.int64)
        e = self.event[index]
        u = int(present.sum())
        n_total = np.bincount(sub, minlength=u).astype(float)
        n_event = np.bincount(sub, weights=e.astype(float), minlength=u).astype(np.float64)
        at_risk = len(sub) - np.concatenate(([0.0], np.cumsum(n_total)[:-1]))
        return Sample(self.time[index], e, self.uniq[present], sub, n_total, n_event, at_risk)

    def g_at_time(self) -> Floats:
        """G(T_i) for every patient."""
        if "g_t" not in self._cache:
            self._cache["g_t"] = self.censoring().values[self.inverse]
        out: Floats = self._cache["g_t"]
        return out


def sample(time: Sequence[float] | Floats, event: Sequence[bool] | Bools) -> Sample:
    """The (time, event) columns prepared for every metric (one sort)."""
    t = np.asarray(time, dtype=float)
    e = np.asarray(event, dtype=bool)
    uniq, inverse = np.unique(t, return_inverse=True)
    n_total = np.bincount(inverse, minlength=len(uniq)).astype(float)
    n_event = np.bincount(inverse, weights=e.astype(float), minlength=len(uniq)).astype(np.float64)
    at_risk = len(t) - np.concatenate(([0.0], np.cumsum(n_total)[:-1]))
    return Sample(t, e, uniq, inverse.astype(np.int64), n_total, n_event, at_risk)


def _as_sample(time: Sample | Sequence[float] | Floats, event: Sequence[bool] | Bools | None) -> Sample:
    if isinstance(time, Sample):
        return time
    assert event is not None
    return sample(time, event)


def censoring_km(time: Floats, event: Bools) -> StepFunction:
    """Kaplan-Meier estimate of the censoring distribution G(t) = P(C > t)."""
    return sample(time, event).censoring()


# ---------------------------------------------------------------------- concordance
def score_ranks(score: Floats, tied_tol: float = 1e-8) -> tuple[Ints, int]:
    """Each score's rank among the distinct scores (scores closer than ``tied_tol`` to the next
    lower one share its rank), and the number of ranks."""
    if len(score) and np.isfinite(score).all():
        low, high = float(score.min()), float(score.max())
        if high - low <= 1_000_000 and np.array_equal(score, np.round(score)):  # whole numbers: counted
            shifted = (score - low).astype(np.int64)
            present = np.bincount(shifted) > 0
            rank_of = np.cumsum(present) - 1
            return rank_of[shifted].astype(np.int64), int(present.sum())
    values, inverse = np.unique(score, return_inverse=True)
    step = np.concatenate(([0], (np.diff(values) > tied_tol).astype(np.int64)))
    rank_of_value = np.cumsum(step)
    return rank_of_value[inverse].astype(np.int64), int(rank_of_value[-1]) + 1 if len(values) else 0


def _counts_table(s: Sample, rank: Ints, k: int) -> tuple[Floats, Floats, Floats]:
    """(lower, equal, total) counted in a table of (distinct death time x score rank): row q holds the
    patients later than death time q, and the censored at it (O(n + D K), D distinct death times)."""
    has_death = s.n_event > 0
    m = int(has_death.sum())
    before: Ints = (np.cumsum(has_death) - has_death).astype(np.int64)  # death times strictly before each time
    q_of = before[s.inverse]  # for a death: its own death time's row
    later = np.bincount(q_of * k + rank, minlength=(m + 1) * k).reshape(m + 1, k)
    table = np.cumsum(later[::-1], axis=0)[::-1][1:].copy()  # row q: patients with time > death time q
    cens = ~s.event & has_death[s.inverse]  # censored at a death time: comparable to its deaths
    if cens.any():
        table += np.bincount(q_of[cens] * k + rank[cens], minlength=m * k).reshape(m, k)
    below = np.cumsum(table, axis=1) - table
    dead = np.flatnonzero(s.event)
    q, r = q_of[dead], rank[dead]
    n = s.n
    lower, equal, total = np.zeros(n), np.zeros(n), np.zeros(n)
    lower[dead] = below[q, r]
    equal[dead] = table[q, r]
    total[dead] = table.sum(axis=1)[q]
    return lower, equal, total


def _order_and_prefix(s: Sample) -> tuple[Ints, Ints]:
    """The patients ordered by time descending (censored before deaths at a tied time), and for each
    patient the length of the prefix of that order that holds a death's comparable partners: every
    patient with a later time, and the censored at the same time."""
    u = len(s.uniq)
    key = (u - 1 - s.inverse) * 2 + s.event
    order = np.argsort(key).astype(np.int64)  # equal keys: same time and status, same prefix
    later = s.n - np.cumsum(s.n_total)
    prefix = (later + s.n_total - s.n_event).astype(np.int64)[s.inverse]
    return order, prefix


def _counts_by_rank(s: Sample, rank: Ints, k: int) -> tuple[Floats, Floats, Floats]:
    """(lower, equal, total) for few distinct scores: one pass per score rank b, counting along the
    time order how many patients of rank <= b each prefix holds (O(n K))."""
    order, prefix = _order_and_prefix(s)
    in_order = rank[order]
    dead = np.flatnonzero(s.event)
    dead_rank, dead_prefix = rank[dead], prefix[dead]
    n = s.n
    lower, equal, total = np.zeros(n), np.zeros(n), np.zeros(n)
    below = np.zeros(n + 1, dtype=np.int64)  # below[p]: patients of rank < b among the first p
    for b in range(k):
        upto = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(in_order <= b, out=upto[1:])
        mine = dead_rank == b
        at = dead_prefix[mine]
        lower[dead[mine]] = below[at]
        equal[dead[mine]] = upto[at] - below[at]
        below = upto
    total[dead] = dead_prefix
    return lower, equal, total


def _dominance(values: Ints, prefix: Ints, below: Ints) -> Ints:
    """For each query j: how many of ``values[:prefix[j]]`` are < ``below[j]`` (merge-sort tree:
    the prefix is split into aligned blocks of 2^L, each counted by a search in its sorted block)."""
    n = len(values)
    span = int(values.max()) + 2 if n else 1
    out = np.zeros(len(prefix), dtype=np.int64)
    block_of = np.arange(n, dtype=np.int64)
    level = 0
    while (1 << level) <= n:
        has = (prefix >> level) & 1 == 1
        if has.any():
            keys = np.sort((block_of >> level) * span + values)
            b = (prefix[has] >> level) - 1
            out[has] += np.searchsorted(keys, b * span + below[has], side="left") - (b << level)
        level += 1
    return out


def _counts_tree(s: Sample, rank: Ints) -> tuple[Floats, Floats, Floats]:
    """(lower, equal, total) for any score, by dominance counting over the time order (O(n log^2 n))."""
    order, prefix = _order_and_prefix(s)
    dead = np.flatnonzero(s.event)
    ranks_in_order = rank[order]
    below = _dominance(ranks_in_order, prefix[dead], rank[dead])
    below_or_equal = _dominance(ranks_in_order, prefix[dead], rank[dead] + 1)
    n = s.n
    lower, equal, total = np.zeros(n), np.zeros(n), np.zeros(n)
    lower[dead] = below
    equal[dead] = below_or_equal - below
    total[dead] = prefix[dead]
    return lower, equal, total


def concordance_counts(s: Sample, risk: Floats, tied_tol: float = 1e-8) -> tuple[Floats, Floats, Floats]:
    """For each patient with the event: comparable partners with a lower risk, an equal risk, and in
    total (0 for the censored)."""
    rank, k = score_ranks(np.asarray(risk, dtype=float), tied_tol)
    if not s.event.any():
        zero = np.zeros(s.n)
        return zero, zero, zero
    if (int(np.count_nonzero(s.n_event)) + 1) * k <= _TABLE_CELLS:
        return _counts_table(s, rank, k)
    if k <= _RANK_PASSES:
        return _counts_by_rank(s, rank, k)
    return _counts_tree(s, rank)


@dataclass(frozen=True)
class Concordance:
    estimate: float
    comparable: float
    concordant: float
    tied_risk: float


def _concordance_of(e: Bools, counts: tuple[Floats, Floats, Floats], weights: Floats | None) -> Concordance:
    lower, equal, total = counts
    w = e.astype(float) if weights is None else np.where(e, weights, 0.0)
    denominator = float(np.sum(w * total))
    if denominator == 0 or not np.any(e & (total > 0)):
        raise NoComparablePairs("no comparable pair of patients (is there any death before the last follow-up?)")
    numerator = float(np.sum(w * (lower + 0.5 * equal)))
    return Concordance(numerator / denominator, float(np.sum(e * total)), float(np.sum(e * lower)),
                       float(np.sum(e * equal)))


def concordance(time: Sample | Sequence[float] | Floats, event: Sequence[bool] | Bools | None,
                risk: Sequence[float] | Floats, weights: Floats | None = None, tied_tol: float = 1e-8) -> Concordance:
    """C-index of a risk score (higher = earlier death) with optional weights per patient i (the one
    with the event). Harrell's C: no weights; Uno's C: :func:`uno_weights`."""
    s = _as_sample(time, event)
    return _concordance_of(s.event, concordance_counts(s, np.asarray(risk, dtype=float), tied_tol), weights)


def uno_weights(time: Sample | Floats, event: Bools | None = None, tau: float | None = None) -> Floats:
    """1/G(T_i)^2 for each patient with the event before ``tau`` (0 otherwise)."""
    s = _as_sample(time, event)
    g = s.g_at_time()
    used = s.event if tau is None else s.event & (s.time < tau)
    if np.any((g == 0) & used):
        raise NoComparablePairs("the censoring survival reaches 0 before a death: truncate with tau")
    return np.divide(1.0, np.square(g), out=np.zeros(s.n), where=used & (g > 0))


def harrell_c(time: Sample | Floats, event: Bools | None, risk: Floats) -> float:
    return concordance(time, event, risk).estimate


def uno_c(time: Sample | Floats, event: Bools | None, risk: Floats, tau: float | None = None) -> float:
    s = _as_sample(time, event)
    return concordance(s, None, risk, uno_weights(s, None, tau)).estimate


def harrell_and_uno(s: Sample, risk: Floats, tau: float | None) -> tuple[float | None, float | None]:
    """Harrell's C and Uno's C from one count of the comparable pairs (``None``: not estimable)."""
    counts = concordance_counts(s, risk)
    try:
        harrell: float | None = _concordance_of(s.event, counts, None).estimate
    except NoComparablePairs:
        harrell = None
    try:
        uno: float | None = _concordance_of(s.event, counts, uno_weights(s, None, tau)).estimate
    except NoComparablePairs:
        uno = None
    return harrell, uno


# ---------------------------------------------------------------------- time-dependent AUC, Brier
def cumulative_dynamic_auc(time: Sample | Floats, event: Bools | None, risk: Floats, t: float,
                           tied_tol: float = 1e-8) -> float:
    """AUC at ``t``: cases died by t (weighted 1/G(T_i)), controls alive after t; tied scores share one
    threshold."""
    s = _as_sample(time, event)
    g = s.g_at_time()
    is_case = (s.time <= t) & s.event
    is_control = s.time > t
    if not is_control.any() or not is_case.any():
        raise NoComparablePairs(f"no cases or no controls at {t:g} months")
    ipcw = np.divide(1.0, g, out=np.zeros(s.n), where=(g > 0) & is_case)
    rank, k = score_ranks(np.asarray(risk, dtype=float), tied_tol)
    # thresholds from the highest score down; tied scores enter together
    tp = np.cumsum(np.bincount(rank, weights=ipcw, minlength=k)[::-1])
    fp = np.cumsum(np.bincount(rank, weights=is_control.astype(float), minlength=k)[::-1])
    tp = np.concatenate(([0.0], tp / tp[-1]))
    fp = np.concatenate(([0.0], fp / fp[-1]))
    return float(np.trapezoid(tp, fp))


def brier_score(time: Sample | Floats, event: Bools | None, survival_at_t: Floats, t: float) -> float:
    """Brier score at ``t`` of predicted survival probabilities (inverse probability of censoring
    weights: deaths by t weighted 1/G(T_i), survivors past t 1/G(t))."""
    s = _as_sample(time, event)
    g = s.censoring()
    g_t = float(g(np.array([t]))[0]) or np.inf
    g_y = s.g_at_time().copy()
    g_y[g_y == 0] = np.inf
    is_case = (s.time <= t) & s.event
    is_control = s.time > t
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
    last_time: float = 0.0

    def at(self, month: float) -> tuple[float, float, float]:
        """Survival with its CI at ``month`` (NaN after the last follow-up)."""
        times, est, low, high = self.curve
        if month > self.last_time:
            return float("nan"), float("nan"), float("nan")
        idx = int(np.searchsorted(times, month, side="right")) - 1
        return (float(est[idx]), float(low[idx]), float(high[idx])) if idx >= 0 else (1.0, 1.0, 1.0)


def _first_at_or_below(times: Floats, curve: Floats, q: float) -> float | None:
    """The first time the curve is at or below ``q`` (lifelines' qth_survival_time); ``None``: never."""
    if len(curve) == 0 or curve[-1] > q:
        return None
    return float(times[int(np.searchsorted(-curve, -q, side="left"))])


_Z = {0.05: 1.959963984540054}


def kaplan_meier(time: Sample | Floats, event: Bools | None, months: Sequence[float],
                 alpha: float = 0.05) -> KaplanMeier:
    """Kaplan-Meier estimate with its exponential-Greenwood (log(-log)) confidence band, median with
    CI (where the band crosses 0.5), survival at ``months`` and the numbers at risk there."""
    s = _as_sample(time, event)
    z = _Z.get(alpha) or NormalDist().inv_cdf(1 - alpha / 2)
    d, r = s.n_event, s.at_risk
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.cumsum(np.log(r - d) - np.log(r))
        var = np.cumsum(np.where(r == d, 0.0, d / (r * (r - d))))
        est = np.exp(log_s)
        v = log_s
        spread = z * np.sqrt(var) / v
        low = np.exp(-np.exp(np.log(-v) - spread))
        high = np.exp(-np.exp(np.log(-v) + spread))
    low = np.where(np.isnan(low), 1.0, low)
    high = np.where(np.isnan(high), 1.0, high)
    start = not (len(s.uniq) and s.uniq[0] == 0)
    times = np.concatenate(([0.0], s.uniq)) if start else s.uniq
    if start:
        est, low, high = (np.concatenate(([1.0], a)) for a in (est, low, high))
    last = float(s.uniq[-1]) if len(s.uniq) else 0.0
    km = KaplanMeier(s.n, int(s.event.sum()), _first_at_or_below(times, est, 0.5),
                     (_first_at_or_below(times, low, 0.5), _first_at_or_below(times, high, 0.5)), {},
                     {m: int(np.sum(s.time >= m)) for m in months}, (times, est, low, high), last)
    km.survival.update({m: km.at(m) for m in months})
    return km


def logrank_p(time: Sample | Floats, event: Bools | None, group: Sequence[object] | NDArray[Any]) -> float | None:
    """p-value of the log-rank test across the groups (chi-square, groups - 1 degrees of freedom);
    ``None`` with fewer than two groups."""
    labels, g = np.unique(np.asarray(group), return_inverse=True)
    k = len(labels)
    if k < 2:
        return None
    s = _as_sample(time, event)
    u = len(s.uniq)
    # patients and deaths per (distinct time, group), then numbers at risk per group
    n_tg = np.bincount(s.inverse * k + g, minlength=u * k).reshape(u, k).astype(float)
    d_tg = np.bincount(s.inverse * k + g, weights=s.event.astype(float), minlength=u * k).reshape(u, k)
    r_tg = np.cumsum(n_tg[::-1], axis=0)[::-1]
    keep = s.n_event > 0
    d, r, d_k, r_k = s.n_event[keep], s.at_risk[keep], d_tg[keep], r_tg[keep]
    expected = d_k - r_k * (d / r)[:, None]
    z = expected.sum(axis=0)[: k - 1]
    c = np.divide(d * (r - d), r * r * (r - 1), out=np.zeros(len(r)), where=r > 1)
    rk = r_k[:, : k - 1]
    v = np.diag(((c * r)[:, None] * rk).sum(axis=0)) - (c[:, None] * rk).T @ rk
    stat = float(z @ np.linalg.solve(v, z))
    return chi2_sf(stat, k - 1)


def chi2_sf(x: float, df: int) -> float:
    """P(X > x) for X chi-square with ``df`` (a whole number) degrees of freedom, in closed form."""
    y = max(x, 0.0) / 2.0
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= y / i
            total += term
        return float(math.exp(-y) * total)
    total = math.erfc(math.sqrt(y))
    term = math.sqrt(y) / math.gamma(1.5)
    for i in range(1, (df - 1) // 2 + 1):
        total += math.exp(-y) * term
        term *= y / (i + 0.5)
    return float(total)


# ---------------------------------------------------------------------- bootstrap
def bootstrap_cis(stat: Callable[[Ints], Sequence[float | None]], n: int, draws: int, seed: int,
                  estimates: Sequence[float | None], alpha: float = 0.05,
                  max_sample: int | None = None) -> list[tuple[float, float] | None]:
    """Percentile intervals of each component of ``stat(index)`` over ``draws`` resamples of the ``n``
    patients (one resample serves every component; a component a resample cannot evaluate, ``None``,
    is left out of that component's draws; ``None``: no draw or no estimate).

    Above ``max_sample`` patients each draw resamples m = ``max_sample`` patients and the interval is
    the m-out-of-n bootstrap's: the estimate minus the quantiles of (draw - estimate) scaled by
    sqrt(m/n) (Bickel, Goetze & van Zwet 1997).
    """
    if draws <= 0 or n == 0:
        return [None] * len(estimates)
    m = n if max_sample is None or n <= max_sample else max_sample
    rng = np.random.default_rng(seed)
    values: list[list[float]] = [[] for _ in estimates]
    for _ in range(draws):
        idx = rng.integers(0, n, m)
        try:
            got = stat(idx)
        except NoComparablePairs:
            continue
        for store, value in zip(values, got, strict=True):
            if value is not None and np.isfinite(value):
                store.append(float(value))
    out: list[tuple[float, float] | None] = []
    for est, got_values in zip(estimates, values, strict=True):
        if est is None or not got_values:
            out.append(None)
            continue
        arr = np.asarray(got_values)
        low, high = float(np.quantile(arr, alpha / 2)), float(np.quantile(arr, 1 - alpha / 2))
        if m == n:
            out.append((low, high))
        else:
            scale = float(np.sqrt(m / n))
            out.append((est - scale * (high - est), est - scale * (low - est)))
    return out


def bootstrap_ci(stat: Callable[[Ints], float], n: int, draws: int, seed: int, alpha: float = 0.05,
                 max_sample: int | None = None, estimate: float | None = None) -> tuple[float, float] | None:
    """:func:`bootstrap_cis` of one statistic (without ``estimate``, resamples are always of n)."""
    if estimate is None:
        max_sample = None
        estimate = 0.0
    return bootstrap_cis(lambda i: (stat(i),), n, draws, seed, (estimate,), alpha, max_sample)[0]
