"""Benchmark: reading a case snapshot into every instrument's answers and scoring them (warm).

Run: ``.venv/bin/python bench/bench_snapshot_readers.py [--runs N] [--loops N]``. Not a test;
never fails the build.

For each example case (on its last day) this times :func:`spinemet.instruments.assess_snapshot`
on a snapshot built once before the clock starts, so only the instruments are charged (readers +
engine), not loading, snapshotting, the course or the plan. The whole assessment of the story
case (``spinemet.assessment.assess``: snapshot, instruments, course alerts, plan) is timed too,
against the issue's target (<= 0.5 ms warm).

Baseline measured in the same run: a fixed pure-Python workload that does not use SpineMet
(2,000 interpreted dictionary updates), so the ratios compare across machines, loads and versions
of SpineMet. One complete SINS scored from given answers (``spinemet.instruments.score``) is shown
too, as the smallest unit of engine work. Each figure is the median of ``--runs`` timed runs of
``--loops`` calls each, after a warm-up; the ratio is the median of per-run ratios (baseline and
subject alternate so a change in load hits both). Load averages are printed before and after: the
machine may be shared.

Measured 2026-11-28 on the shared 2-core machine (load ~6), best of 25 x 30 calls, the old
(before the readers moved into the declarations) and new trees run alternately: story case
instruments 1,581 -> 595 us (2.6x), whole assessment 1.98 -> 1.17 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from spinemet.assessment import assess
from spinemet.case.snapshot import snapshot
from spinemet.instruments import assess_snapshot, score
from spinemet.io.casefile import load_case

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
SINS_ANSWERS = {"location": "semirigid", "pain": "mechanical", "bone_lesion": "lytic", "alignment": "normal",
                "collapse": "under_50", "posterolateral": "unilateral"}
TARGET_ASSESS_MS = 0.5


def reference_work() -> object:
    """The baseline: interpreted Python work independent of SpineMet (2,000 dictionary updates)."""
    counts: dict[int, int] = {}
    for i in range(2000):
        counts[i % 97] = counts.get(i % 97, 0) + i
    return counts


def per_call(fn: Callable[[], object], loops: int) -> float:
    t0 = time.perf_counter()
    for _ in range(loops):
        fn()
    return (time.perf_counter() - t0) / loops


def measure(fn: Callable[[], object], baseline: Callable[[], object], runs: int, loops: int) -> tuple[float, float]:
    """(median seconds per call, median ratio to the baseline), alternating the two."""
    for _ in range(3):
        fn()
        baseline()
    times, ratios = [], []
    for _ in range(runs):
        b = per_call(baseline, loops)
        t = per_call(fn, loops)
        times.append(t)
        ratios.append(t / b)
    return statistics.median(times), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--loops", type=int, default=200)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"load {os.getloadavg()[0]:.2f}")

    baseline = reference_work
    base = statistics.median(per_call(baseline, args.loops) for _ in range(args.runs))
    sins, sins_ratio = measure(lambda: score("sins", SINS_ANSWERS), baseline, args.runs, args.loops)
    print(f"baseline (2,000 dict updates): {base * 1e6:8.1f} us")
    print(f"one complete SINS score:       {sins * 1e6:8.1f} us ({sins_ratio:.2f}x baseline)")
    print(f"{'case (last day)':45} {'instruments us':>14} {'x baseline':>10}")
    for path in EXAMPLES:
        case = load_case(path)
        snap = snapshot(case, case.resolve_day(None))
        t, ratio = measure(lambda snap=snap: assess_snapshot(snap), baseline, args.runs, args.loops)
        print(f"{path.stem:45} {t * 1e6:14.1f} {ratio:10.2f}")
    story = load_case(EXAMPLES[[p.stem for p in EXAMPLES].index("story-lung-net-t6")])
    t, ratio = measure(lambda: assess(story), baseline, args.runs, max(args.loops // 4, 10))
    verdict = "met" if t * 1e3 <= TARGET_ASSESS_MS else "NOT met"
    print(f"whole assessment, story case: {t * 1e3:.3f} ms ({ratio:.2f}x baseline); "
          f"target <= {TARGET_ASSESS_MS} ms {verdict}")
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
