"""How much each feature counts, declared as data with the reason; optionally learned from survival.

The defaults are SpineMet's judgement (``derived``), not a published weighting: the features that
the prognostic scores of spinal metastasis weigh most (the primary tumour and its biology:
Tokuhashi 2005, Tomita 2001, Katagiri 2014) and those that drive the local decisions (ESCC, SINS,
neurology: Laufer 2013 NOMS) count most; where the disease is, how it was treated and what followed
count next; a prognostic band that is itself made of these features counts least, to avoid counting
them twice.

:func:`learn_weights` replaces them by how strongly each feature separates survival in the team's
own store (log-rank chi-square of a feature's most common value against the rest), only when the
store holds enough cases with follow-up and deaths (:data:`MIN_CASES`, :data:`MIN_DEATHS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Weight:
    feature: str
    weight: float
    reason: str
    learned: bool = False


DEFAULT_WEIGHTS: tuple[Weight, ...] = (
    Weight("primary", 3.0, "the primary tumour is the strongest prognostic factor in every spinal-metastasis score"),
    Weight("primary_family", 1.0, "the organ of origin, for primaries recorded at different detail (lung NET vs lung)"),
    Weight("neuroendocrine", 1.5, "neuro-endocrine biology changes systemic options and radiosensitivity"),
    Weight("grade", 2.0, "the WHO grade separates indolent from aggressive neuro-endocrine disease"),
    Weight("escc", 2.0, "epidural compression decides urgency and surgery (NOMS neurological axis)"),
    Weight("sins", 1.5, "mechanical stability decides fixation (NOMS mechanical axis)"),
    Weight("neurology", 2.0, "a deficit at presentation decides urgency and predicts walking after treatment"),
    Weight("region", 1.0, "where in the spine: junctional and thoracic disease behave differently"),
    Weight("compartment", 1.5, "intradural and intramedullary disease are different diseases from vertebral disease"),
    Weight("treatments", 1.5, "what was done (decompression, fixation, radiotherapy, systemic therapy)"),
    Weight("course", 2.0, "what followed: a recurrence after decompression, a response, a new deficit"),
    Weight("tokuhashi", 0.5, "a prognostic band built from the features above; counted lightly"),
    Weight("nesms", 0.5, "a prognostic band built from the features above; counted lightly"),
)
#: the store must hold this many cases with follow-up, and this many deaths, before weights are learned
MIN_CASES = 100
MIN_DEATHS = 30


def logrank_chi2(time: NDArray[np.float64], event: NDArray[np.bool_], group: NDArray[np.bool_]) -> float:
    """The log-rank chi-square (1 degree of freedom) of ``group`` against the rest."""
    order = np.argsort(time, kind="stable")
    t, e, g = time[order], event[order], group[order]
    at_risk = np.arange(len(t), 0, -1, dtype=np.float64)
    at_risk_g = np.cumsum(g[::-1])[::-1].astype(np.float64)
    uniq, first = np.unique(t, return_index=True)
    deaths = np.add.reduceat(e.astype(np.float64), first)
    deaths_g = np.add.reduceat((e & g).astype(np.float64), first)
    n, n_g = at_risk[first], at_risk_g[first]
    expected = deaths * n_g / n
    var = np.where(n > 1, deaths * (n_g / n) * (1 - n_g / n) * (n - deaths) / np.maximum(n - 1, 1), 0.0)
    v = float(var.sum())
    del uniq
    return float((deaths_g.sum() - expected.sum()) ** 2 / v) if v > 0 else 0.0


def learn_weights(columns: dict[str, NDArray[np.int64]], time: NDArray[np.float64],
                  event: NDArray[np.bool_]) -> tuple[Weight, ...]:
    """Weights from survival: each categorical feature's code column (-1 unknown) split at its most
    common value; the weight is the default scaled by its chi-square relative to the largest (at least a
    fifth of the default, so no feature is dropped). The defaults when the data are too few."""
    known = ~np.isnan(time)
    if int(known.sum()) < MIN_CASES or int(event[known].sum()) < MIN_DEATHS:
        return DEFAULT_WEIGHTS
    chi: dict[str, float] = {}
    for name, codes in columns.items():
        mask = known & (codes >= 0)
        if mask.sum() < MIN_CASES:
            continue
        values, counts = np.unique(codes[mask], return_counts=True)
        if len(values) < 2:
            continue
        chi[name] = logrank_chi2(time[mask], event[mask], codes[mask] == values[np.argmax(counts)])
    top = max(chi.values(), default=0.0)
    if top <= 0:
        return DEFAULT_WEIGHTS
    out = []
    for w in DEFAULT_WEIGHTS:
        if w.feature in chi:
            scale = max(0.2, chi[w.feature] / top)
            out.append(Weight(w.feature, round(w.weight * scale * 2, 3),
                              f"learned: log-rank chi-square {chi[w.feature]:.1f} (largest {top:.1f}) over "
                              f"{int(known.sum())} cases, {int(event[known].sum())} deaths", learned=True))
        else:
            out.append(w)
    return tuple(out)
