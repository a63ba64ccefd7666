"""Survival validation of every instrument a scored registry supports (pure: arrays in, a dict out).

For each instrument, on the patients scored *exactly* (one total; the primary analysis):
Kaplan-Meier survival by band (median with 95% CI, survival with CI at 3/6/12/24 months, numbers at
risk) and the log-rank test; Harrell's C and Uno's C (truncated at ``tau``) with percentile
bootstrap CIs; cumulative/dynamic AUC at 3, 6 and 12 months; calibration of each band's observed
survival against the survival its source reports (:mod:`spinemet.cohort.published`); the Brier
score at 6 and 12 months of the published band survival (where every band has a figure at that
month) and of the cohort's own band Kaplan-Meier (apparent). Then how many were scored exactly,
with a range, not at all or not applicable, and a sensitivity analysis over the ranges: Harrell's C
of all scored patients completed at the best and at the worst end of each range. Finally a
head-to-head table: paired bootstrap differences in Harrell's C against the instrument with the
highest C, on the patients scored exactly by both.

The JSON shape is documented in ``docs/cohort.md`` and kept stable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from spinemet.cohort import survival as sv
from spinemet.cohort.published import band_survival, published_c
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.instruments.model import Direction
from spinemet.instruments.registry import INSTRUMENTS

MONTHS = (3, 6, 12, 24)
AUC_MONTHS = (3, 6, 12)
BRIER_MONTHS = (6, 12)


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


def _ci(ci: tuple[float, float] | None) -> list[float | None] | None:
    return None if ci is None else [_r(ci[0]), _r(ci[1])]


def _risk(instrument: str, total: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A risk score (higher = earlier death) from an instrument's totals."""
    higher_better = INSTRUMENTS[instrument].direction is Direction.HIGHER_IS_BETTER
    return -total.astype(float) if higher_better else total.astype(float)


def _safe(f: Any) -> float | None:
    try:
        return float(f())
    except sv.NoComparablePairs:
        return None


def _tau(time: np.ndarray[Any, Any]) -> float:
    return float(min(24.0, np.quantile(time, 0.9)))


@dataclass(frozen=True)
class Bootstrap:
    """How the confidence intervals are drawn: ``draws`` resamples; above ``max_sample`` patients each
    draw resamples ``max_sample`` of them (m-out-of-n bootstrap, interval rescaled by sqrt(m/n))."""

    draws: int = 200
    seed: int = 1
    max_sample: int | None = 20_000

    def ci(self, stat: Any, n: int, offset: int, estimate: float | None) -> tuple[float, float] | None:
        return sv.bootstrap_cis(lambda i: (stat(i),), n, self.draws, self.seed + offset, (estimate,),
                                max_sample=self.max_sample)[0]

    def describe(self) -> dict[str, Any]:
        return {"draws": self.draws, "seed": self.seed, "max_sample": self.max_sample,
                "method": ("percentile; m-out-of-n above max_sample patients (each draw resamples max_sample "
                           "patients, interval rescaled by sqrt(m/n) around the estimate)")}


def _discrimination(s: sv.Sample, risk: np.ndarray[Any, Any], tau: float) -> list[float | None]:
    """Harrell's C, Uno's C and the td-AUC at each of :data:`AUC_MONTHS` (``None``: not estimable)."""
    harrell, uno = sv.harrell_and_uno(s, risk, tau)
    return [harrell, uno, *(_safe(lambda m=m: sv.cumulative_dynamic_auc(s, None, risk, m)) for m in AUC_MONTHS)]


def _c_block(s: sv.Sample, risk: np.ndarray[Any, Any], boot: Bootstrap) -> dict[str, Any]:
    tau = _tau(s.time) if s.n else 24.0
    estimates = _discrimination(s, risk, tau)
    cis = sv.bootstrap_cis(lambda i: _discrimination(s.subset(i), risk[i], tau), s.n, boot.draws, boot.seed,
                           estimates, max_sample=boot.max_sample)
    harrell, uno, *aucs = estimates
    h_ci, u_ci, *auc_cis = cis
    auc = {str(m): {"estimate": _r(est), "ci": _ci(ci)} for m, est, ci in zip(AUC_MONTHS, aucs, auc_cis, strict=True)}
    return {"harrell_c": {"estimate": _r(harrell), "ci": _ci(h_ci)},
            "uno_c": {"estimate": _r(uno), "ci": _ci(u_ci), "tau_months": _r(tau, 2)}, "td_auc": auc}


def _bands(instrument: str, s: sv.Sample, band: np.ndarray[Any, Any]
           ) -> tuple[list[dict[str, Any]], dict[str, sv.KaplanMeier]]:
    """Kaplan-Meier of each band (``band``: each patient's index in the instrument's bands)."""
    out, fits = [], {}
    months = sorted({*MONTHS, *(p.month for p in band_survival(instrument))})
    for j, b in enumerate(INSTRUMENTS[instrument].bands):
        mine = band == j
        if not mine.any():
            out.append({"band": b.key, "label": b.label, "n": 0, "events": 0, "median_months": None,
                        "median_ci": None, "survival": {}, "at_risk": {}})
            continue
        km = sv.kaplan_meier(s.subset(mine), None, months)
        fits[b.key] = km
        out.append({
            "band": b.key, "label": b.label, "n": km.n, "events": km.events, "median_months": _r(km.median, 2),
            "median_ci": [_r(km.median_ci[0], 2), _r(km.median_ci[1], 2)],
            "survival": {str(m): {"estimate": _r(km.survival[m][0]), "ci": [_r(km.survival[m][1]),
                                                                              _r(km.survival[m][2])]}
                         for m in MONTHS},
            "at_risk": {str(m): km.at_risk[m] for m in MONTHS},
        })
    return out, fits


def _calibration(instrument: str, fits: Mapping[str, sv.KaplanMeier]) -> list[dict[str, Any]]:
    points = []
    for p in band_survival(instrument):
        if p.band not in fits:
            continue
        est, low, high = fits[p.band].at(p.month)
        ref = BIBLIOGRAPHY.get(p.source)
        points.append({"band": p.band, "month": p.month, "published": p.survival, "observed": _r(est),
                       "ci": [_r(low), _r(high)], "what": p.what, "source": p.source,
                       "citation": ref.short() if ref else p.source})
    return points


def _brier(instrument: str, s: sv.Sample, band: np.ndarray[Any, Any],
           fits: Mapping[str, sv.KaplanMeier]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    published = band_survival(instrument)
    keys = [b.key for b in INSTRUMENTS[instrument].bands]
    present = {keys[j] for j in np.unique(band).tolist()}
    for m in BRIER_MONTHS:
        entry: dict[str, Any] = {}
        figures = {p.band: p.survival for p in published if p.month == m}
        if figures and present <= set(figures):
            pred = np.array([figures.get(k, np.nan) for k in keys], dtype=float)[band]
            entry["published"] = _r(_safe(lambda pred=pred, m=m: sv.brier_score(s, None, pred, m)))
        else:
            entry["published"] = None
        own = np.array([fits[k].survival[m][0] if k in fits and m in fits[k].survival else np.nan for k in keys],
                       dtype=float)[band]
        if m in MONTHS and np.isfinite(own).all():
            entry["band_km"] = _r(_safe(lambda own=own, m=m: sv.brier_score(s, None, own, m)))
        else:
            entry["band_km"] = None
        out[str(m)] = entry
    return out


STATUSES = ("exact", "range", "unscored", "not_applicable", "error")


def band_keys(instrument: str) -> tuple[str, ...]:
    """The instrument's band keys, in order (a band code is an index in them)."""
    return tuple(b.key for b in INSTRUMENTS[instrument].bands)


def codes(values: np.ndarray[Any, Any], labels: Sequence[str]) -> np.ndarray[Any, Any]:
    """Each value's index in ``labels`` (-1: none); integer arrays are taken as codes already."""
    if values.dtype.kind in "iu":
        return values.astype(np.int64)
    out = np.full(len(values), -1, dtype=np.int64)
    for j, label in enumerate(labels):
        out[values == label] = j
    return out


def validate_instrument(instrument: str, time: np.ndarray[Any, Any] | sv.Sample, event: np.ndarray[Any, Any] | None,
                        scored: Mapping[str, np.ndarray[Any, Any]], boot: Bootstrap | None = None) -> dict[str, Any]:
    """The validation of one instrument; ``scored`` holds its columns status, total, min_total,
    max_total and band (one value per patient, aligned with ``time`` and ``event``; status and band
    as labels or as codes: indices in :data:`STATUSES` and :func:`band_keys`)."""
    boot = boot or Bootstrap()
    root = time if isinstance(time, sv.Sample) else sv.sample(time, event)  # type: ignore[arg-type]
    inst = INSTRUMENTS[instrument]
    status = codes(scored["status"], STATUSES)
    counts = np.bincount(status[status >= 0], minlength=len(STATUSES))
    n_of = dict(zip(STATUSES, counts.tolist(), strict=True))
    all_bands = codes(scored["band"], band_keys(instrument))
    exact = (status == 0) & (all_bands >= 0)
    s = root.subset(exact)
    total = scored["total"][exact].astype(float)
    band = all_bands[exact]
    out: dict[str, Any] = {
        "instrument": instrument, "name": inst.name, "direction": inst.direction.value,
        "n_scored": n_of["exact"] + n_of["range"], "n_exact": n_of["exact"], "n_range": n_of["range"],
        "n_unscored": n_of["unscored"], "n_not_applicable": n_of["not_applicable"], "n_error": n_of["error"],
    }
    risk = _risk(instrument, total)
    out.update(_c_block(s, risk, boot) if s.n else {
        "harrell_c": {"estimate": None, "ci": None}, "uno_c": {"estimate": None, "ci": None, "tau_months": None},
        "td_auc": {str(m): {"estimate": None, "ci": None} for m in AUC_MONTHS}})
    bands, fits = _bands(instrument, s, band)
    out["bands"] = bands
    out["logrank_p"] = _r(sv.logrank_p(s, None, band), 6) if s.n else None
    out["calibration"] = _calibration(instrument, fits)
    out["brier"] = _brier(instrument, s, band, fits) if s.n else {}
    scored_rows = exact | (status == 1)
    higher_better = inst.direction is Direction.HIGHER_IS_BETTER
    lo, hi = scored["min_total"][scored_rows].astype(float), scored["max_total"][scored_rows].astype(float)
    best, worst = (hi, lo) if higher_better else (lo, hi)
    both = root.subset(scored_rows)
    out["sensitivity"] = {
        "n": int(scored_rows.sum()),
        "best_completion_harrell_c": _r(_safe(lambda: sv.harrell_c(both, None, _risk(instrument, best)))),
        "worst_completion_harrell_c": _r(_safe(lambda: sv.harrell_c(both, None, _risk(instrument, worst)))),
    }
    out["published_c"] = [{"c": p.c, "n": p.n, "what": p.what, "source": p.source,
                           "citation": BIBLIOGRAPHY[p.source].short() if p.source in BIBLIOGRAPHY else p.source}
                          for p in published_c(instrument)]
    return out


def head_to_head(instruments: Sequence[dict[str, Any]], root: sv.Sample,
                 scored: Mapping[str, Mapping[str, np.ndarray[Any, Any]]], boot: Bootstrap) -> dict[str, Any]:
    """Paired bootstrap differences in Harrell's C against the instrument with the highest C."""
    ranked = [r for r in instruments if r["harrell_c"]["estimate"] is not None]
    if not ranked:
        return {"reference": None, "rows": []}
    ref = max(ranked, key=lambda r: r["harrell_c"]["estimate"])["instrument"]
    ref_exact = codes(scored[ref]["status"], STATUSES) == 0
    rows = []
    for r in ranked:
        key = r["instrument"]
        both = (codes(scored[key]["status"], STATUSES) == 0) & ref_exact
        s = root.subset(both)
        a = _risk(key, scored[key]["total"][both].astype(float))
        b = _risk(ref, scored[ref]["total"][both].astype(float))
        diff = _safe(lambda s=s, a=a, b=b: _paired(s, a, b)) if key != ref else 0.0
        ci = None
        if key != ref and diff is not None:
            ci = boot.ci(lambda i, s=s, a=a, b=b: _paired(s.subset(i), a[i], b[i]), s.n, 7, diff)
        rows.append({"instrument": key, "n_paired": int(both.sum()), "harrell_c": r["harrell_c"]["estimate"],
                     "difference_vs_reference": _r(diff), "ci": _ci(ci),
                     "published_c": [p["c"] for p in r["published_c"]]})
    return {"reference": ref, "rows": rows}


def _paired(s: sv.Sample, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    return sv.harrell_c(s, None, a) - sv.harrell_c(s, None, b)


def validate(time: np.ndarray[Any, Any], event: np.ndarray[Any, Any],
             scored: Mapping[str, Mapping[str, np.ndarray[Any, Any]]], draws: int = 200, seed: int = 1,
             bad_rows: Sequence[Mapping[str, object]] = (), n_rows: int | None = None,
             max_sample: int | None = 20_000) -> dict[str, Any]:
    """The validation report (the documented JSON) of every instrument in ``scored``."""
    boot = Bootstrap(draws, seed, max_sample)
    root = sv.sample(time, event)
    results = [validate_instrument(key, root, None, cols, boot) for key, cols in scored.items()]
    return {
        "n": len(time), "n_rows": int(n_rows if n_rows is not None else len(time)),
        "events": int(event.sum()), "months": list(MONTHS), "bootstrap_draws": draws, "bootstrap": boot.describe(),
        "bad_rows": list(bad_rows), "instruments": results,
        "head_to_head": head_to_head(results, root, scored, boot),
    }
