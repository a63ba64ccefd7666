"""SpineMet's survival metrics agree with the reference implementations to 1e-6, ties and censoring included.

References (test-time only): scikit-survival (GPL-3; Harrell's C ``concordance_index_censored``,
Uno's C ``concordance_index_ipcw``, ``cumulative_dynamic_auc``, ``brier_score``) and lifelines
(``concordance_index``, ``KaplanMeierFitter``). Data: random follow-up in whole months (many tied
times), about 40% censored, scores with few values (tied scores, as instruments give) and continuous.
"""

from __future__ import annotations

import numpy as np
import pytest
from lifelines.utils import concordance_index
from sksurv.metrics import (
    brier_score,
    concordance_index_censored,
    concordance_index_ipcw,
    cumulative_dynamic_auc,
)
from sksurv.nonparametric import kaplan_meier_estimator
from sksurv.util import Surv

from spinemet.cohort import survival as sv


def _data(seed: int, n: int, tied_scores: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    time = rng.integers(1, 40, n).astype(float)
    event = rng.random(n) < 0.6
    event[time == time.max()] = True  # the censoring distribution stays above 0 at every death
    score = rng.integers(0, 8, n).astype(float) if tied_scores else rng.normal(size=n)
    return time, event, score


CASES = [(seed, n, tied) for seed in range(6) for n in (50, 400) for tied in (True, False)]


@pytest.mark.parametrize(("seed", "n", "tied"), CASES)
def test_harrell_c_equals_scikit_survival_and_lifelines(seed: int, n: int, tied: bool) -> None:
    time, event, score = _data(seed, n, tied)
    ours = sv.harrell_c(time, event, score)
    assert ours == pytest.approx(concordance_index_censored(event, time, score)[0], abs=1e-6)
    assert ours == pytest.approx(concordance_index(time, -score, event), abs=1e-6)


@pytest.mark.parametrize(("seed", "n", "tied"), CASES)
def test_uno_c_equals_scikit_survival_with_and_without_truncation(seed: int, n: int, tied: bool) -> None:
    time, event, score = _data(seed, n, tied)
    y = Surv.from_arrays(event, time)
    for tau in (None, 20.0, 30.5):
        assert sv.uno_c(time, event, score, tau) == pytest.approx(
            concordance_index_ipcw(y, y, score, tau=tau)[0], abs=1e-6)


@pytest.mark.parametrize(("seed", "n", "tied"), CASES)
def test_time_dependent_auc_equals_scikit_survival_cumulative_dynamic_auc(seed: int, n: int, tied: bool) -> None:
    time, event, score = _data(seed, n, tied)
    y = Surv.from_arrays(event, time)
    for month in (3.0, 6.0, 12.0):
        with np.errstate(invalid="ignore"):
            expected = cumulative_dynamic_auc(y, y, score, [month])[0][0]
        if np.isnan(expected):  # no death by that month: no AUC, and ours says so
            with pytest.raises(sv.NoComparablePairs, match="no cases"):
                sv.cumulative_dynamic_auc(time, event, score, month)
            continue
        assert sv.cumulative_dynamic_auc(time, event, score, month) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("seed", "n", "tied"), CASES)
def test_brier_score_equals_scikit_survival(seed: int, n: int, tied: bool) -> None:
    time, event, score = _data(seed, n, tied)
    y = Surv.from_arrays(event, time)
    predicted = 1 / (1 + np.exp(score))
    for month in (6.0, 12.0):
        expected = brier_score(y, y, predicted, [month])[1][0]
        assert sv.brier_score(time, event, predicted, month) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_censoring_distribution_equals_scikit_survival_reverse_kaplan_meier(seed: int) -> None:
    time, event, _ = _data(seed, 300, True)
    times, expected = kaplan_meier_estimator(event, time, reverse=True)
    assert sv.censoring_km(time, event)(times) == pytest.approx(expected, abs=1e-9)


def test_kaplan_meier_survival_and_median_equal_scikit_survival() -> None:
    time, event, _ = _data(3, 500, True)
    times, expected = kaplan_meier_estimator(event, time)
    km = sv.kaplan_meier(time, event, [3.0, 6.0, 12.0, 24.0])
    for month in (3.0, 6.0, 12.0, 24.0):
        idx = np.searchsorted(times, month, side="right") - 1
        assert km.survival[month][0] == pytest.approx(expected[idx], abs=1e-6)
    below = times[expected <= 0.5]
    assert km.median == pytest.approx(below[0])


def test_a_score_with_no_comparable_pair_is_refused_plainly() -> None:
    with pytest.raises(sv.NoComparablePairs, match="no comparable pair"):
        sv.harrell_c(np.array([1.0, 2.0]), np.array([False, False]), np.array([1.0, 2.0]))


# ---------------------------------------------------------------------- the vectorised paths, each checked
@pytest.mark.parametrize("seed", range(8))
def test_kaplan_meier_curve_band_and_median_ci_equal_lifelines(seed: int) -> None:
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 500))
    # whole months with time 0 present (seed 0, 3, 6), or continuous times
    time = (rng.integers(0 if seed % 3 == 0 else 1, 30, n) if seed % 2 else rng.exponential(10, n).round(1)).astype(float)
    event = rng.random(n) < 0.6
    ref = KaplanMeierFitter().fit(time, event)
    km = sv.kaplan_meier(time, event, [3.0, 6.0, 12.0, 24.0])
    band = ref.confidence_interval_survival_function_
    times, est, low, high = km.curve
    assert times == pytest.approx(ref.survival_function_.index.to_numpy())
    assert est == pytest.approx(ref.survival_function_.iloc[:, 0].to_numpy(), abs=1e-9)
    assert low == pytest.approx(band.iloc[:, 0].to_numpy(), abs=1e-9)
    assert high == pytest.approx(band.iloc[:, 1].to_numpy(), abs=1e-9)
    median = ref.median_survival_time_
    assert km.median == (median if np.isfinite(median) else None)
    ref_ci = median_survival_times(band)
    for ours, theirs in zip(km.median_ci, (ref_ci.iloc[0, 0], ref_ci.iloc[0, 1]), strict=True):
        assert ours == (theirs if np.isfinite(theirs) else None)


@pytest.mark.parametrize("seed", range(8))
def test_logrank_p_equals_lifelines_multivariate_logrank_test(seed: int) -> None:
    from lifelines.statistics import multivariate_logrank_test

    time, event, _ = _data(seed, 300, True)
    group = np.random.default_rng(seed + 100).integers(0, 2 + seed % 4, len(time))
    expected = multivariate_logrank_test(time, group, event).p_value
    assert sv.logrank_p(time, event, group) == pytest.approx(expected, abs=1e-9)


def test_chi_square_survival_equals_scipy_for_every_degree_of_freedom() -> None:
    from scipy.stats import chi2

    for df in range(1, 15):
        for x in (0.0, 0.3, 1.0, 3.84, 10.0, 40.0):
            assert sv.chi2_sf(x, df) == pytest.approx(chi2.sf(x, df), abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_the_three_counting_paths_count_the_same_pairs(seed: int) -> None:
    """The (death time x rank) table, the per-rank passes and the merge-sort tree agree exactly, and
    Harrell's C from each equals scikit-survival's (continuous times: many distinct death times)."""
    rng = np.random.default_rng(seed)
    n = 3000
    time = np.round(rng.exponential(10, n), 1 + seed % 2)
    event = rng.random(n) < 0.6
    score = rng.integers(0, 12, n).astype(float)
    s = sv.sample(time, event)
    rank, k = sv.score_ranks(score)
    table = sv._counts_table(s, rank, k)
    passes = sv._counts_by_rank(s, rank, k)
    tree = sv._counts_tree(s, rank)
    for a, b, c in zip(table, passes, tree, strict=True):
        assert np.array_equal(a, b) and np.array_equal(a, c)
    expected = concordance_index_censored(event, time, score)[0]
    assert sv._concordance_of(event, tree, None).estimate == pytest.approx(expected, abs=1e-9)


def test_a_subset_of_a_sample_equals_the_sample_of_the_subset_including_repeats() -> None:
    time, event, score = _data(2, 400, True)
    root = sv.sample(time, event)
    index = np.random.default_rng(5).integers(0, 400, 400)  # a bootstrap resample
    for picked in (index, score > 3):
        sub, direct = root.subset(picked), sv.sample(time[picked], event[picked])
        for field in ("time", "event", "uniq", "inverse", "n_total", "n_event", "at_risk"):
            assert np.array_equal(getattr(sub, field), getattr(direct, field)), field
        assert sv.harrell_c(sub, None, score[picked]) == pytest.approx(
            concordance_index_censored(event[picked], time[picked], score[picked])[0], abs=1e-9)


def test_the_m_out_of_n_bootstrap_interval_is_close_to_the_full_bootstrap_interval() -> None:
    """Resampling 1,000 of 8,000 patients and rescaling by sqrt(m/n) gives an interval of Harrell's C
    whose width is within 35% of the full bootstrap's, and which holds the estimate."""
    rng = np.random.default_rng(9)
    n = 8000
    risk = rng.integers(0, 10, n).astype(float)
    time = np.round(rng.exponential(12 * np.exp(-0.15 * risk)), 1)
    censor = rng.uniform(1, 40, n)
    event = time <= censor
    time = np.minimum(time, censor)
    s = sv.sample(time, event)
    estimate = sv.harrell_c(s, None, risk)

    def stat(i: np.ndarray) -> float:
        return sv.harrell_c(s.subset(i), None, risk[i])

    full = sv.bootstrap_ci(stat, n, 200, 3)
    sub = sv.bootstrap_ci(stat, n, 200, 3, max_sample=1000, estimate=estimate)
    assert full is not None and sub is not None
    assert sub[0] < estimate < sub[1] and full[0] < estimate < full[1]
    assert (sub[1] - sub[0]) == pytest.approx(full[1] - full[0], rel=0.35)
