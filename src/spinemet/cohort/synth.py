"""A synthetic registry with a known truth (for demonstrations, tests and benchmarks; no real patient).

Each patient's facts are drawn first (every one recorded, the "truth"), then survival from a stated
proportional-hazards model on those facts, then some facts are hidden as registries lose them
(missingness), so the scores see a registry and the truth stays known.

**Hazard model** (time in months): T ~ Exponential(rate = ln 2 / 12 * exp(lp)), so a patient with
lp = 0 has a median of 12 months, with the linear predictor

    lp = SITE_LOG_HAZARD[site] + 0.035 (70 - KPS) + 0.55 visceral + 0.45 brain
         + 0.12 min(extraspinal foci + involved vertebrae - 1, 8) + 0.5 [Frankel A-B] + 0.2 [Frankel C-D]
         + 0.4 [albumin < 3.5 g/dL] + 0.3 [not walking]

(``true_risk`` = lp). Censoring: uniform loss to follow-up between 1 and 60 months (the registry's
follow-up window), independent of everything else. The site effects follow the published ordering
of spinal-metastasis survival (breast, prostate, thyroid, myeloma long; lung, liver, stomach, unknown
primary short: Tokuhashi 2005, Katagiri 2014), their sizes are chosen for the simulation.

**Missingness** (each independently): primary site 2%; KPS 12% (of which ECOG kept in half);
counts 8%; visceral 5%; resectability/treatability of visceral metastases 40%; Frankel 10%;
walking 10%; albumin 30%; other laboratory values 55%; index level 5%; fracture 20%; interval
from diagnosis 20%; motor-deficit time 50% (recorded only with a deficit); chemotherapy 15%;
compression of the cord or cauda equina (``mscc``) 10%.

**Compression** (``mscc``, which the Rades survival score needs to apply): present in 85% of patients
with a motor deficit (Frankel A-D) and 20% of those without, shares chosen for the simulation; it is
not in the hazard model. It is drawn after everything else, so the other columns are those of a
registry drawn without it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

#: Site -> (share of patients, log hazard relative to the lp = 0 patient).
SITES: dict[str, tuple[float, float]] = {
    "breast": (0.20, -0.7), "prostate": (0.14, -0.5), "lung_nsclc": (0.17, 0.7), "lung_sclc": (0.03, 0.9),
    "kidney": (0.07, -0.1), "myeloma": (0.05, -0.6), "lymphoma": (0.02, -0.4), "thyroid": (0.02, -0.8),
    "colon": (0.03, 0.4), "rectum": (0.02, 0.3), "liver": (0.03, 0.8), "stomach": (0.02, 0.8),
    "uterus": (0.02, 0.1), "unknown": (0.04, 0.6), "melanoma": (0.02, 0.6), "pancreas": (0.02, 0.9),
    "bladder": (0.02, 0.5), "oesophagus": (0.02, 0.8), "sarcoma": (0.02, 0.2), "head_neck": (0.02, 0.4),
    "gep_net": (0.01, -0.6), "lung_carcinoid": (0.01, -0.5),
}
LEVELS = ("C3", "C5", "C7", "T2", "T4", "T6", "T8", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1")
BASE_RATE = np.log(2) / 12


def _hide(rng: np.random.Generator, values: np.ndarray[Any, Any] | pl.Series, share: float) -> pl.Series:
    """``values`` with a random ``share`` of them null (one uniform draw per patient)."""
    mask = rng.random(len(values)) < share
    return _null_where(pl.Series(values), mask)


def _null_where(values: pl.Series, mask: np.ndarray[Any, Any]) -> pl.Series:
    return pl.select(pl.when(pl.lit(pl.Series(mask))).then(None).otherwise(pl.lit(values))).to_series()


def _words(flags: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.where(flags, "yes", "no")


def synthesise(n: int, seed: int = 1) -> dict[str, list[Any]]:
    """``n`` synthetic patients as columns of Python values (see :func:`synthesise_frame`)."""
    return synthesise_frame(n, seed).to_dict(as_series=False)


def synthesise_frame(n: int, seed: int = 1, first_patient: int = 1, id_digits: int = 7) -> pl.DataFrame:
    """``n`` synthetic patients (dictionary columns, plus ``patient``, ``survival_months``, ``death``,
    ``true_risk`` and ``latent_survival_months``, the uncensored time -- the truth), built column-wise
    (no Python object per patient, so a registry of any size is written a part at a time)."""
    rng = np.random.default_rng(seed)
    names = list(SITES)
    shares = np.array([SITES[s][0] for s in names])
    site = rng.choice(len(names), size=n, p=shares / shares.sum())
    site_names = np.array(names)[site]
    site_hazard = np.array([SITES[s][1] for s in names])[site]
    frailty = rng.normal(0, 1, n)
    kps = np.clip(np.round((72 - 10 * frailty + rng.normal(0, 8, n)) / 10) * 10, 20, 100).astype(np.int64)
    ecog = np.select([kps >= 90, kps >= 70, kps >= 50, kps >= 30], [0, 1, 2, 3], 4).astype(np.int64)
    poor_site = site_hazard > 0.3
    visceral = rng.random(n) < np.where(poor_site, 0.45, 0.25)
    removable = rng.random(n) < 0.3
    treatable = rng.random(n) < 0.6
    brain = rng.random(n) < np.where(site_names == "lung_nsclc", 0.12, 0.04)
    extraspinal = rng.poisson(np.where(poor_site, 2.0, 1.3), n).astype(np.int64)
    vertebral = (1 + rng.geometric(0.45, n) - 1).astype(np.int64)
    frankel = rng.choice(np.array(list("ABCDE")), size=n, p=[0.04, 0.04, 0.1, 0.2, 0.62])
    walking = np.where(np.isin(frankel, ["A", "B"]), "non_ambulatory",
                       np.where(frankel == "C", rng.choice(["non_ambulatory", "with_aid"], n),
                                np.where(frankel == "D", rng.choice(["with_aid", "independent"], n), "independent")))
    albumin = np.round(np.clip(rng.normal(3.7 - 0.15 * frailty, 0.45, n), 1.5, 5.5), 1)
    crp = np.round(np.clip(rng.lognormal(-0.6 + 0.3 * frailty, 0.9, n), 0, 40), 2)
    ldh = np.round(np.clip(rng.lognormal(5.4 + 0.1 * frailty, 0.35, n), 80, 3000))
    platelets = np.round(np.clip(rng.normal(240, 80, n), 20, 700))
    calcium = np.round(np.clip(rng.normal(9.6, 0.6, n), 7, 14), 1)
    bilirubin = np.round(np.clip(rng.lognormal(-0.4, 0.5, n), 0.1, 10), 1)
    hormone = rng.random(n) < 0.75
    targeted = rng.random(n) < 0.3
    chemo = rng.random(n) < 0.45
    fracture = rng.random(n) < 0.35
    days_dx = np.round(rng.exponential(700, n)).astype(np.int64)
    deficit = frankel != "E"
    motor_days = rng.integers(0, 30, n).astype(np.int64)
    dissemination = rng.random(n) < 0.04

    bone_total = extraspinal + vertebral
    lp = (site_hazard + 0.035 * (70 - kps) + 0.55 * visceral + 0.45 * brain
          + 0.12 * np.minimum(bone_total - 1, 8) + 0.5 * np.isin(frankel, ["A", "B"])
          + 0.2 * np.isin(frankel, ["C", "D"]) + 0.4 * (albumin < 3.5) + 0.3 * (walking == "non_ambulatory"))
    latent = rng.exponential(1.0 / (BASE_RATE * np.exp(lp)))
    censor = rng.uniform(1, 60, n)
    time = np.minimum(latent, censor)

    kps_kept = rng.random(n) >= 0.12
    ecog_kept = ~kps_kept & (rng.random(n) < 0.5)
    counts_lost = rng.random(n) < 0.08
    labs_lost = rng.random(n) < 0.55

    breast_or_prostate = np.isin(site_names, ["breast", "prostate"])
    lung = np.isin(site_names, ["lung_nsclc", "lung_sclc"])
    # Built in the order of the columns: each hidden column draws its own uniforms, in this order.
    patient = pl.select(pl.format("SYN-{}", (pl.int_range(first_patient, first_patient + n, dtype=pl.Int64)
                                            .cast(pl.String).str.zfill(id_digits)))).to_series()
    columns: dict[str, pl.Series] = {"patient": patient, "primary_site": _hide(rng, site_names, 0.02)}
    columns["hormone_dependent"] = _null_where(_hide(rng, _words(hormone), 0.2), ~breast_or_prostate)
    columns["targeted_therapy"] = _null_where(_hide(rng, _words(targeted), 0.3), ~lung)
    columns["kps"] = _null_where(pl.Series(kps), ~kps_kept)
    columns["ecog"] = _null_where(pl.Series(ecog), ~ecog_kept)
    columns["frankel"] = _hide(rng, frankel, 0.10)
    columns["ambulatory"] = _hide(rng, walking, 0.10)
    columns["extraspinal_bone_mets"] = _null_where(pl.Series(extraspinal), counts_lost)
    columns["vertebral_mets"] = _null_where(pl.Series(vertebral), counts_lost)
    columns["visceral_mets"] = _hide(rng, _words(visceral), 0.05)
    columns["visceral_removable"] = _null_where(_hide(rng, _words(removable), 0.4), ~visceral)
    columns["visceral_treatable"] = _null_where(_hide(rng, _words(treatable), 0.4), ~visceral)
    columns["brain_mets"] = _hide(rng, _words(brain), 0.08)
    columns["pleural_or_peritoneal_dissemination"] = _hide(rng, _words(dissemination), 0.3)
    columns["leptomeningeal_dissemination"] = _hide(rng, _words(np.zeros(n, dtype=bool)), 0.3)
    columns["albumin"] = _hide(rng, albumin, 0.30)
    for name, values in (("crp", crp), ("ldh", ldh), ("platelets", platelets), ("calcium", calcium),
                         ("bilirubin", bilirubin)):
        columns[name] = _null_where(pl.Series(values), labs_lost)
    columns["previous_chemotherapy"] = _hide(rng, _words(chemo), 0.15)
    columns["pathological_fracture"] = _hide(rng, _words(fracture), 0.20)
    columns["index_level"] = _hide(rng, rng.choice(np.array(LEVELS), n), 0.05)
    columns["days_since_diagnosis"] = _hide(rng, days_dx, 0.20)
    columns["motor_deficit_days"] = _null_where(_hide(rng, motor_days, 0.5), ~deficit)
    mscc = _hide(rng, _words(rng.random(n) < np.where(deficit, 0.85, 0.20)), 0.10)  # drawn last (see above)
    columns = {**{k: v for k, v in columns.items() if k != "days_since_diagnosis"
                  and k != "motor_deficit_days"}, "mscc": mscc,
               "days_since_diagnosis": columns["days_since_diagnosis"],
               "motor_deficit_days": columns["motor_deficit_days"]}
    columns["survival_months"] = pl.Series(np.round(time, 3))
    columns["death"] = pl.Series((latent <= censor).astype(np.int64))
    columns["true_risk"] = pl.Series(np.round(lp, 6))
    columns["latent_survival_months"] = pl.Series(np.round(latent, 3))
    return pl.DataFrame([s.alias(name) for name, s in columns.items()])
