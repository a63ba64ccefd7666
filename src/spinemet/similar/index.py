"""A vectorised index of case features: one row per case, categories as integer codes (-1 unknown),
token sets as 64-bit masks; a query compares one row with every row at once (numpy), so 100,000
cases answer in milliseconds. Rows are put (or replaced) when a case is written, never recomputed
per query.

Score of a candidate for the query case: the weighted share of what is known about the query that
the candidate matches -- sum over features known in both of weight x agreement (1 for the same
category; the Jaccard overlap for sets) divided by the sum of the weights of the features known for
the query. A candidate that leaves a feature unknown gains nothing from it (and loses nothing but
that share); identical known features give 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from spinemet.similar.features import FEATURES, CaseFeatures, Outcome
from spinemet.similar.weights import DEFAULT_WEIGHTS, Weight

CATEGORIES = tuple(name for name, kind in FEATURES if kind == "category")
SETS = tuple(name for name, kind in FEATURES if kind == "set")
_BITS = 63


@dataclass(frozen=True)
class Match:
    """One neighbour: its key, score, the features it shares and those that differ (with both values)."""

    key: str
    score: float
    shared: tuple[tuple[str, str | frozenset[str]], ...]
    differs: tuple[tuple[str, str | frozenset[str], str | frozenset[str]], ...]
    outcome: Outcome


class FeatureIndex:
    """The features of many cases (see the module's docstring). Keys are opaque strings."""

    def __init__(self, capacity: int = 64) -> None:
        self._cat_vocab: dict[str, dict[str, int]] = {n: {} for n in CATEGORIES}
        self._set_vocab: dict[str, dict[str, int]] = {n: {} for n in SETS}
        self.codes = np.full((capacity, len(CATEGORIES)), -1, dtype=np.int32)
        self.bits = np.zeros((capacity, len(SETS)), dtype=np.int64)
        self.alive = np.zeros(capacity, dtype=bool)
        self.follow_up = np.full(capacity, np.nan)
        self.died = np.zeros(capacity, dtype=bool)
        self.keys: list[str] = []
        self.rows: dict[str, int] = {}
        self.versions: dict[str, int] = {}
        self.features: dict[str, CaseFeatures] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def _grow(self) -> None:
        n = len(self.alive) * 2
        self.codes = np.concatenate([self.codes, np.full((n - len(self.alive), len(CATEGORIES)), -1, dtype=np.int32)])
        self.bits = np.concatenate([self.bits, np.zeros((n - len(self.alive), len(SETS)), dtype=np.int64)])
        self.follow_up = np.concatenate([self.follow_up, np.full(n - len(self.alive), np.nan)])
        self.died = np.concatenate([self.died, np.zeros(n - len(self.alive), dtype=bool)])
        self.alive = np.concatenate([self.alive, np.zeros(n - len(self.alive), dtype=bool)])

    def _code(self, name: str, value: str | frozenset[str] | None) -> int:
        if value is None or isinstance(value, frozenset):
            return -1
        vocab = self._cat_vocab[name]
        return vocab.setdefault(value, len(vocab))

    def _mask(self, name: str, value: str | frozenset[str] | None) -> int:
        if not isinstance(value, frozenset):
            return 0
        vocab = self._set_vocab[name]
        mask = 0
        for token in sorted(value):
            bit = vocab.setdefault(token, len(vocab))
            if bit >= _BITS:
                raise ValueError(f"feature '{name}': more than {_BITS} distinct values")
            mask |= 1 << bit
        return mask

    def put(self, key: str, features: CaseFeatures, version: int = 0) -> None:
        """Add or replace the row of ``key``."""
        row = self.rows.get(key)
        if row is None:
            row = len(self.keys)
            if row >= len(self.alive):
                self._grow()
            self.keys.append(key)
            self.rows[key] = row
        self.codes[row] = [self._code(n, features.get(n)) for n in CATEGORIES]
        self.bits[row] = [self._mask(n, features.get(n)) for n in SETS]
        self.alive[row] = True
        out = features.outcome
        self.follow_up[row] = np.nan if out.follow_up_days is None else float(out.follow_up_days)
        self.died[row] = out.died
        self.versions[key] = version
        self.features[key] = features

    def remove(self, key: str) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            self.alive[row] = False
            self.versions.pop(key, None)
            self.features.pop(key, None)

    def weights_vector(self, weights: tuple[Weight, ...]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        by = {w.feature: w.weight for w in weights}
        return (np.array([by.get(n, 0.0) for n in CATEGORIES]), np.array([by.get(n, 0.0) for n in SETS]))

    def scores(self, query: CaseFeatures, weights: tuple[Weight, ...] = DEFAULT_WEIGHTS,
               among: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        """The score of every row for ``query`` (NaN for removed rows and rows outside ``among``)."""
        n = len(self.keys)
        wc, ws = self.weights_vector(weights)
        qc = np.array([self._cat_vocab[name].get(v, -2) if isinstance(v := query.get(name), str) else -1
                       for name in CATEGORIES], dtype=np.int32)
        masks = [self._query_mask(name, query.get(name)) for name in SETS]
        qs = np.array([m for m, _ in masks], dtype=np.int64)
        unseen = np.array([u for _, u in masks], dtype=np.float64)
        known_c, known_s = qc != -1, (qs != 0) | (unseen > 0)
        total = float(wc[known_c].sum() + ws[known_s].sum())
        codes, bits = self.codes[:n], self.bits[:n]
        agree_c = (codes[:, known_c] == qc[known_c]).astype(np.float64) @ wc[known_c]
        if known_s.any():
            b = bits[:, known_s]
            inter = np.bitwise_count(b & qs[known_s]).astype(np.float64)
            union = np.bitwise_count(b | qs[known_s]).astype(np.float64) + unseen[known_s]
            jac = np.divide(inter, union, out=np.zeros_like(inter), where=(union > 0) & (b != 0))
            agree_s = jac @ ws[known_s]
        else:
            agree_s = np.zeros(n)
        out = (agree_c + agree_s) / total if total > 0 else np.zeros(n)
        valid = self.alive[:n] if among is None else self.alive[:n] & among[:n]
        return np.where(valid, out, np.nan)

    def _query_mask(self, name: str, value: str | frozenset[str] | None) -> tuple[int, int]:
        """The query's token set as a mask of the tokens stored cases have, and how many it has that
        no stored case has (they count in every union, in no intersection)."""
        if not isinstance(value, frozenset):
            return 0, 0
        vocab = self._set_vocab[name]
        mask = 0
        for token in value:
            if token in vocab:
                mask |= 1 << vocab[token]
        return mask, sum(1 for token in value if token not in vocab)

    def top(self, query: CaseFeatures, k: int, weights: tuple[Weight, ...] = DEFAULT_WEIGHTS,
            among: NDArray[np.bool_] | None = None, exclude: str | None = None) -> list[Match]:
        """The ``k`` best rows for ``query`` (ties by key), with their explanations; a row sharing
        nothing with the query is no match."""
        s = self.scores(query, weights, among)
        if exclude is not None and exclude in self.rows:
            s[self.rows[exclude]] = np.nan
        valid = np.flatnonzero(s > 0)  # NaN (removed, not visible) and nothing in common are no match
        if len(valid) == 0 or k <= 0:
            return []
        k = min(k, len(valid))
        part = valid[np.argpartition(-s[valid], k - 1)[:k]] if k < len(valid) else valid
        order = sorted(part.tolist(), key=lambda r: (-s[r], self.keys[r]))
        return [self.explain(query, self.keys[r], float(s[r])) for r in order]

    def explain(self, query: CaseFeatures, key: str, score: float) -> Match:
        other = self.features[key]
        shared: list[tuple[str, str | frozenset[str]]] = []
        differs: list[tuple[str, str | frozenset[str], str | frozenset[str]]] = []
        for name, kind in FEATURES:
            a, b = query.get(name), other.get(name)
            if a is None or b is None:
                continue
            if kind == "category":
                (shared.append((name, a)) if a == b else differs.append((name, a, b)))
            else:
                assert isinstance(a, frozenset) and isinstance(b, frozenset)
                common = a & b
                if common:
                    shared.append((name, frozenset(common)))
                if a != b:
                    differs.append((name, a, b))
        return Match(key, round(score, 4), tuple(shared), tuple(differs), other.outcome)
