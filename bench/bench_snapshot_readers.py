"""Benchmark: reading a case snapshot into every instrument's answers and scoring them (warm).

Run: ``.venv/bin/python bench/bench_snapshot_readers.py [--runs N] [--loops N]``. Not a test;
never fails the build.

For each example case (on its last day) this times :func:`spinemet.instruments.assess_snapshot`
on a snapshot built once before the clock starts, so only the instruments are charged (readers +
engine), not loading, snapshotting, the course or the plan. The whole assessment of the story
case (``spinemet.assessment.assess``: snapshot, instruments, course alerts, plan) is timed too,
against the issue's target (<= 0.5 ms warm).

Baseline measured in the same run: one complete SINS scored from given answers
(``spinemet.instruments.score``), the smallest unit of work the engine does. Each figure is the
median of ``--runs`` timed runs of ``--loops`` calls each, after a warm-up; the ratio is the
median of per-run ratios (baseline and subject alternate so a change in load hits both). Load
averages are printed before and after: the machine may be shared.
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

    def baseline() -> object:
        return score("sins", SINS_ANSWERS)

    base = statistics.median(per_call(baseline, args.loops) for _ in range(args.runs))
    print(f"baseline: one complete SINS score  {base * 1e6:8.1f} us")
    print(f"{'case (last day)':45} {'instruments us':>14} {'x SINS':>8}")
    for path in EXAMPLES:
        case = load_case(path)
        snap = snapshot(case, case.resolve_day(None))
        t, ratio = measure(lambda snap=snap: assess_snapshot(snap), baseline, args.runs, args.loops)
        print(f"{path.stem:45} {t * 1e6:14.1f} {ratio:8.1f}")
    story = load_case(EXAMPLES[[p.stem for p in EXAMPLES].index("story-lung-net-t6")])
    t, ratio = measure(lambda: assess(story), baseline, args.runs, max(args.loops // 4, 10))
    verdict = "met" if t * 1e3 <= TARGET_ASSESS_MS else "NOT met"
    print(f"whole assessment, story case: {t * 1e3:.3f} ms ({ratio:.1f}x SINS); target <= {TARGET_ASSESS_MS} ms {verdict}")
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
