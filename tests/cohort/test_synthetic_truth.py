"""The validation recovers the known truth of the synthetic registry (:mod:`spinemet.cohort.synth`).

* C of a score equal to the true risk (the hazard model's linear predictor) is higher than C of the
  same score with noise added, and both beat chance;
* Kaplan-Meier medians per band equal the medians of the simulation's uncensored (latent) survival
  times of the same patients, within the 95% CI (and 15%);
* a correctly specified band survival (the latent survival of each band at 6 and 12 months) lies on
  the calibration diagonal within the observed CI.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from spinemet.cohort import survival as sv
from spinemet.cohort.compile import result_column, score_registry
from spinemet.cohort.synth import synthesise

N = 6000


@pytest.fixture(scope="module")
def registry() -> pl.DataFrame:
    data = synthesise(N, seed=11)
    frame = pl.DataFrame({k: v for k, v in data.items()}, strict=False)
    return score_registry(frame.lazy(), ("tokuhashi_revised", "tomita")).collect()


def test_the_true_risk_discriminates_better_than_the_true_risk_with_noise(registry: pl.DataFrame) -> None:
    time = registry["survival_months"].to_numpy()
    event = registry["death"].to_numpy().astype(bool)
    truth = registry["true_risk"].to_numpy()
    noisy = truth + np.random.default_rng(3).normal(0, 1.0, len(truth))
    c_true, c_noisy = sv.harrell_c(time, event, truth), sv.harrell_c(time, event, noisy)
    assert c_true > c_noisy > 0.5
    assert sv.uno_c(time, event, truth, 24) > sv.uno_c(time, event, noisy, 24)


@pytest.mark.parametrize("instrument", ["tokuhashi_revised", "tomita"])
def test_kaplan_meier_median_of_each_band_matches_the_simulated_latent_median(registry: pl.DataFrame,
                                                                             instrument: str) -> None:
    exact = registry.filter(pl.col(result_column(instrument, "status")) == "exact")
    checked = 0
    for band in exact[result_column(instrument, "band")].unique().to_list():
        rows = exact.filter(pl.col(result_column(instrument, "band")) == band)
        if rows.height < 300:
            continue
        km = sv.kaplan_meier(rows["survival_months"].to_numpy(), rows["death"].to_numpy().astype(bool), [6.0])
        latent = float(np.median(rows["latent_survival_months"].to_numpy()))
        assert km.median is not None and km.median_ci[0] is not None and km.median_ci[1] is not None
        assert km.median_ci[0] - 0.5 <= latent <= km.median_ci[1] + 0.5, (band, km.median, km.median_ci, latent)
        assert km.median == pytest.approx(latent, rel=0.15)
        checked += 1
    assert checked >= 2


def test_a_correctly_specified_band_survival_lies_on_the_calibration_diagonal(registry: pl.DataFrame) -> None:
    key = "tokuhashi_revised"
    exact = registry.filter(pl.col(result_column(key, "status")) == "exact")
    misses = total = 0
    for band in exact[result_column(key, "band")].unique().to_list():
        rows = exact.filter(pl.col(result_column(key, "band")) == band)
        latent = rows["latent_survival_months"].to_numpy()
        km = sv.kaplan_meier(rows["survival_months"].to_numpy(), rows["death"].to_numpy().astype(bool), [6.0, 12.0])
        for month in (6.0, 12.0):
            specified = float(np.mean(latent > month))  # the band's true survival at that month
            _, low, high = km.survival[month]
            total += 1
            misses += not (low <= specified <= high)
    assert total >= 4 and misses == 0
