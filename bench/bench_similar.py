"""Benchmark: "cases like this one" over a store of 100,000 cases (issue 19 item 4, target <= 100 ms).

Run: ``.venv/bin/python bench/bench_similar.py [--cases N] [--runs N]``. Not a test; never fails.

Measures, in one run:

* filling the index (``FeatureIndex.put``, what a write costs the index), per case;
* one query over every case (``FeatureIndex.top(q, 10)``: the scores of all rows at once with
  numpy, the best ten, their explanations), median of ``--runs`` queries with different query cases;
* the same query restricted to a care team's cases (a boolean mask of half the rows, built from a
  set of case ids as the service does for a clinician);
* the baseline: the same score computed in plain Python, one case at a time, over 5,000 cases and
  scaled to the store's size -- the ratio says what the vectorised index buys.

The synthetic features follow the clinical vocabulary's shape (30 primaries, 4 regions, 7
compartments, ESCC and SINS bands, neurology, 10 treatments, 6 course tokens, 1 in 5 values unknown);
a fixed seed builds the same store every run. Load averages are printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

import numpy as np

from spinemet.similar import DEFAULT_WEIGHTS, CaseFeatures, FeatureIndex, Outcome

PRIMARIES = [f"site{i}" for i in range(30)]
REGIONS = ["cervical", "thoracic", "lumbar", "sacral"]
COMPARTMENTS = ["vertebral_body", "posterior_elements", "epidural", "intradural_extramedullary", "intramedullary",
                "leptomeningeal", "paraspinal"]
TREATMENTS = ["decompression", "fixation", "radiotherapy", "sbrt", "chemoradiotherapy", "systemic", "embolisation",
              "ablation", "cement", "resection"]
COURSE = ["local_recurrence", "recurrence_after_decompression", "early_recurrence", "response", "new_deficit",
          "neuro_improved"]


def synthetic(rng: random.Random) -> CaseFeatures:
    def maybe(value: object) -> object:
        return None if rng.random() < 0.2 else value

    def some(pool: list[str], most: int) -> frozenset[str] | None:
        chosen = frozenset(rng.sample(pool, rng.randint(1, most)))
        return None if rng.random() < 0.2 else chosen

    primary = rng.choice(PRIMARIES)
    values = {"primary": primary, "primary_family": primary[:5], "neuroendocrine": maybe(rng.choice(["yes", "no"])),
              "grade": maybe(rng.choice(["g1", "g2", "g3"])), "region": some(REGIONS, 2), "compartment": some(COMPARTMENTS, 3),
              "escc": maybe(rng.choice(["low", "1c", "high"])), "sins": maybe(rng.choice(["stable", "potentially_unstable", "unstable"])),
              "neurology": maybe(rng.choice(["deficit", "intact"])), "treatments": some(TREATMENTS, 3), "course": some(COURSE, 2),
              "tokuhashi": maybe(rng.choice(["a", "b", "c"])), "nesms": maybe(rng.choice(["0", "1", "2", "3"]))}
    return CaseFeatures(values, Outcome(rng.randint(0, 2000), rng.random() < 0.5, rng.random() < 0.2, None))  # type: ignore[arg-type]


def python_score(q: CaseFeatures, c: CaseFeatures, weights: dict[str, float]) -> float:
    total = got = 0.0
    for name, w in weights.items():
        a, b = q.get(name), c.get(name)
        if a is None:
            continue
        total += w
        if b is None:
            continue
        if isinstance(a, frozenset) and isinstance(b, frozenset):
            got += w * len(a & b) / len(a | b)
        elif a == b:
            got += w
    return got / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    rng = random.Random(19)
    feats = [synthetic(rng) for _ in range(args.cases)]
    idx = FeatureIndex(capacity=1024)
    t0 = time.perf_counter()
    for n, f in enumerate(feats):
        idx.put(f"case-{n}", f)
    fill = time.perf_counter() - t0
    queries = [synthetic(rng) for _ in range(args.runs)]
    idx.top(queries[0], 10)  # warm
    wall, cpu = [], []
    for q in queries:
        w0, c0 = time.perf_counter(), time.process_time()
        idx.top(q, 10)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    team_ids = {f"case-{n}" for n in range(0, args.cases, 2)}
    scoped = []
    for q in queries:
        w0 = time.perf_counter()
        mask = np.fromiter((k in team_ids for k in idx.keys), dtype=np.bool_, count=len(idx.keys))
        idx.top(q, 10, among=mask)
        scoped.append(time.perf_counter() - w0)
    weights = {w.feature: w.weight for w in DEFAULT_WEIGHTS}
    sample = feats[:5000]
    w0 = time.perf_counter()
    for c in sample:
        python_score(queries[0], c, weights)
    baseline = (time.perf_counter() - w0) * args.cases / len(sample)
    median = statistics.median(wall)
    print(f"cases: {args.cases:,}; index filled in {fill:.2f} s ({fill / args.cases * 1e6:.1f} us per case put)")
    print(f"query (top 10 of all): median wall {median * 1000:.1f} ms, CPU {statistics.median(cpu) * 1000:.1f} ms "
          f"(max wall {max(wall) * 1000:.1f} ms) over {args.runs} queries; target <= 100 ms")
    print(f"query scoped to a team (half the rows, mask built from a set of ids): median wall {statistics.median(scoped) * 1000:.1f} ms")
    print(f"baseline, plain Python scoring one case at a time (scaled from 5,000): {baseline * 1000:.0f} ms "
          f"= {baseline / median:.0f} x the vectorised query")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
