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
