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


def _c_block(time: np.ndarray[Any, Any], event: np.ndarray[Any, Any], risk: np.ndarray[Any, Any], draws: int,
             seed: int) -> dict[str, Any]:
    tau = _tau(time) if len(time) else 24.0
    harrell = _safe(lambda: sv.harrell_c(time, event, risk))
    uno = _safe(lambda: sv.uno_c(time, event, risk, tau))
    n = len(time)
    h_ci = sv.bootstrap_ci(lambda i: sv.harrell_c(time[i], event[i], risk[i]), n, draws, seed) if harrell else None
    u_ci = sv.bootstrap_ci(lambda i: sv.uno_c(time[i], event[i], risk[i], tau), n, draws, seed + 1) if uno else None
    auc = {}
    for m in AUC_MONTHS:
        est = _safe(lambda m=m: sv.cumulative_dynamic_auc(time, event, risk, m))
        ci = sv.bootstrap_ci(lambda i, m=m: sv.cumulative_dynamic_auc(time[i], event[i], risk[i], m), n,
                             draws, seed + 2 + m) if est is not None else None
        auc[str(m)] = {"estimate": _r(est), "ci": _ci(ci)}
    return {"harrell_c": {"estimate": _r(harrell), "ci": _ci(h_ci)},
            "uno_c": {"estimate": _r(uno), "ci": _ci(u_ci), "tau_months": _r(tau, 2)}, "td_auc": auc}


def _bands(instrument: str, time: np.ndarray[Any, Any], event: np.ndarray[Any, Any],
           band: np.ndarray[Any, Any]) -> tuple[list[dict[str, Any]], dict[str, sv.KaplanMeier]]:
    out, fits = [], {}
    for b in INSTRUMENTS[instrument].bands:
        mine = band == b.key
        if not mine.any():
            out.append({"band": b.key, "label": b.label, "n": 0, "events": 0, "median_months": None,
                        "median_ci": None, "survival": {}, "at_risk": {}})
            continue
        km = sv.kaplan_meier(time[mine], event[mine], MONTHS)
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


def _calibration(instrument: str, fits: Mapping[str, sv.KaplanMeier], time: np.ndarray[Any, Any],
                 event: np.ndarray[Any, Any], band: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
    points = []
    for p in band_survival(instrument):
        if p.band not in fits:
            continue
        km = sv.kaplan_meier(time[band == p.band], event[band == p.band], (p.month,))
        est, low, high = km.survival[p.month]
        ref = BIBLIOGRAPHY.get(p.source)
        points.append({"band": p.band, "month": p.month, "published": p.survival, "observed": _r(est),
                       "ci": [_r(low), _r(high)], "what": p.what, "source": p.source,
                       "citation": ref.short() if ref else p.source})
    return points


def _brier(instrument: str, time: np.ndarray[Any, Any], event: np.ndarray[Any, Any], band: np.ndarray[Any, Any],
           fits: Mapping[str, sv.KaplanMeier]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    published = band_survival(instrument)
    for m in BRIER_MONTHS:
        entry: dict[str, Any] = {}
        figures = {p.band: p.survival for p in published if p.month == m}
        present = set(np.unique(band).tolist())
        if figures and present <= set(figures):
            pred = np.array([figures[b] for b in band])
            entry["published"] = _r(_safe(lambda pred=pred, m=m: sv.brier_score(time, event, pred, m)))
        else:
            entry["published"] = None
        own = np.array([fits[b].survival[m][0] if b in fits and m in fits[b].survival else np.nan for b in band])
        if m in MONTHS and np.isfinite(own).all():
            entry["band_km"] = _r(_safe(lambda own=own, m=m: sv.brier_score(time, event, own, m)))
        else:
            entry["band_km"] = None
        out[str(m)] = entry
    return out


def validate_instrument(instrument: str, time: np.ndarray[Any, Any], event: np.ndarray[Any, Any],
                        scored: Mapping[str, np.ndarray[Any, Any]], draws: int = 200, seed: int = 1) -> dict[str, Any]:
    """The validation of one instrument; ``scored`` holds its columns status, total, min_total,
    max_total and band (one value per patient, aligned with ``time`` and ``event``)."""
    inst = INSTRUMENTS[instrument]
    status = scored["status"]
    exact = status == "exact"
    ranged = status == "range"
    counts = {s: int(np.sum(status == s)) for s in ("exact", "range", "unscored", "not_applicable", "error")}
    t, e = time[exact], event[exact]
    total = scored["total"][exact].astype(float)
    band = scored["band"][exact].astype(str)
    out: dict[str, Any] = {
        "instrument": instrument, "name": inst.name, "direction": inst.direction.value,
        "n_scored": counts["exact"] + counts["range"], "n_exact": counts["exact"], "n_range": counts["range"],
        "n_unscored": counts["unscored"], "n_not_applicable": counts["not_applicable"], "n_error": counts["error"],
    }
    risk = _risk(instrument, total)
    out.update(_c_block(t, e, risk, draws, seed) if len(t) else {
        "harrell_c": {"estimate": None, "ci": None}, "uno_c": {"estimate": None, "ci": None, "tau_months": None},
        "td_auc": {str(m): {"estimate": None, "ci": None} for m in AUC_MONTHS}})
    bands, fits = _bands(instrument, t, e, band)
    out["bands"] = bands
    out["logrank_p"] = _r(sv.logrank_p(t, e, band.tolist()), 6) if len(t) else None
    out["calibration"] = _calibration(instrument, fits, t, e, band)
    out["brier"] = _brier(instrument, t, e, band, fits) if len(t) else {}
    scored_rows = exact | ranged
    higher_better = inst.direction is Direction.HIGHER_IS_BETTER
    lo, hi = scored["min_total"][scored_rows].astype(float), scored["max_total"][scored_rows].astype(float)
    best, worst = (hi, lo) if higher_better else (lo, hi)
    ts, es = time[scored_rows], event[scored_rows]
    out["sensitivity"] = {
        "n": int(scored_rows.sum()),
        "best_completion_harrell_c": _r(_safe(lambda: sv.harrell_c(ts, es, _risk(instrument, best)))),
        "worst_completion_harrell_c": _r(_safe(lambda: sv.harrell_c(ts, es, _risk(instrument, worst)))),
    }
    out["published_c"] = [{"c": p.c, "n": p.n, "what": p.what, "source": p.source,
                           "citation": BIBLIOGRAPHY[p.source].short() if p.source in BIBLIOGRAPHY else p.source}
                          for p in published_c(instrument)]
    return out


def head_to_head(instruments: Sequence[dict[str, Any]], time: np.ndarray[Any, Any], event: np.ndarray[Any, Any],
                 scored: Mapping[str, Mapping[str, np.ndarray[Any, Any]]], draws: int, seed: int) -> dict[str, Any]:
    """Paired bootstrap differences in Harrell's C against the instrument with the highest C."""
    ranked = [r for r in instruments if r["harrell_c"]["estimate"] is not None]
    if not ranked:
        return {"reference": None, "rows": []}
    ref = max(ranked, key=lambda r: r["harrell_c"]["estimate"])["instrument"]
    rows = []
    for r in ranked:
        key = r["instrument"]
        both = (scored[key]["status"] == "exact") & (scored[ref]["status"] == "exact")
        t, e = time[both], event[both]
        a = _risk(key, scored[key]["total"][both].astype(float))
        b = _risk(ref, scored[ref]["total"][both].astype(float))
        diff = _safe(lambda t=t, e=e, a=a, b=b: sv.harrell_c(t, e, a) - sv.harrell_c(t, e, b)) if key != ref else 0.0
        ci = None
        if key != ref and diff is not None:
            ci = sv.bootstrap_ci(lambda i, t=t, e=e, a=a, b=b: sv.harrell_c(t[i], e[i], a[i]) - sv.harrell_c(
                t[i], e[i], b[i]), len(t), draws, seed + 7)
        rows.append({"instrument": key, "n_paired": int(both.sum()), "harrell_c": r["harrell_c"]["estimate"],
                     "difference_vs_reference": _r(diff), "ci": _ci(ci),
                     "published_c": [p["c"] for p in r["published_c"]]})
    return {"reference": ref, "rows": rows}


def validate(time: np.ndarray[Any, Any], event: np.ndarray[Any, Any],
             scored: Mapping[str, Mapping[str, np.ndarray[Any, Any]]], draws: int = 200, seed: int = 1,
             bad_rows: Sequence[Mapping[str, object]] = (), n_rows: int | None = None) -> dict[str, Any]:
    """The validation report (the documented JSON) of every instrument in ``scored``."""
    results = [validate_instrument(key, time, event, cols, draws, seed) for key, cols in scored.items()]
    return {
        "n": len(time), "n_rows": int(n_rows if n_rows is not None else len(time)),
        "events": int(event.sum()), "months": list(MONTHS), "bootstrap_draws": draws,
        "bad_rows": list(bad_rows), "instruments": results,
        "head_to_head": head_to_head(results, time, event, scored, draws, seed),
    }
