"""Benchmark: FHIR export and import of a 100-event case, and bulk NDJSON export (issue 18).

Run: ``.venv/bin/python bench/fhir_bench.py [--runs N] [--bulk N]``. Not a test; never fails the build.

The 100-event case is synthetic: the story case's patient and primary with a timeline of 100 events
(imaging with findings at several levels, performance, neurological examinations, pain, labs,
radiotherapy, systemic therapy, surgery), dated by day. Timed, warm (one warm-up, median of ``--runs``):

- (a) the bundle alone (``spinemet.fhir.case_bundle``: the case's facts, no assessment);
- (b) the bundle with the instrument results and course (``export_bundle``, as the command
  writes it): the assessment is computed inside, so this is assessment + bundle;
- (c) the import of (b)'s bundle to a validated case (``read_bundle_data``);
- the baseline of the same run: the case file's own JSON round trip (``case_to_data`` + ``parse_case``),
  against which (a) and (c) are given as ratios;
Times are CPU time of this process (``time.process_time``): the machine is shared.

- bulk: ``--bulk`` case bundles written as NDJSON (``ndjson_lines``, facts only, as ``--no-scores``) on one
  core: cases per second; then ``--scored`` bundles with the instrument results and the course (an
  assessment per case, as ``spinemet fhir export --bulk`` writes by default). The cases are the examples
  and published cases repeated; then the same bundles with the instrument results of every decision point
  too (``score_days="decision-points"``, as ``--score-days decision-points``: one assessment per decision
  day), and (d) the 100-event case exported that way.

Load averages are printed before and after; give them with any figure.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spinemet.case import Case, case_to_data, parse_case
from spinemet.fhir import case_bundle
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle, ndjson_lines
from spinemet.service.fhir_import import read_bundle_data

ROOT = Path(__file__).resolve().parents[1]


def hundred_event_case() -> Case:
    """A synthetic case of 100 events, every kind the bundle maps richly."""
    story = load_case(ROOT / "examples" / "story-lung-net-t6.yaml")
    levels = ["T4", "T6", "T9", "L1", "L3"]
    timeline: list[dict[str, Any]] = []
    day = 0
    while len(timeline) < 100:
        lv = levels[len(timeline) % len(levels)]
        timeline += [
            {"type": "imaging", "day": day, "modality": "mri", "findings": [
                {"level": lv, "escc": "1b", "collapse": "under_50", "alignment": "normal", "posterolateral": "unilateral",
                 "lesion_type": "lytic", "compartments": ["vertebral_body", "epidural"]},
                {"span": "T10-T12", "lesion_type": "blastic"}]},
            {"type": "performance", "day": day, "ecog": 1, "kps": 80},
            {"type": "neuro_exam", "day": day, "frankel": "E", "ambulatory": "independent"},
            {"type": "pain", "day": day, "nrs": 4, "character": "mechanical"},
            {"type": "labs", "day": day, "values": [{"analyte": "calcium", "value": 2.4, "unit": "mmol/L"}]},
            {"type": "radiotherapy", "day": day + 1, "technique": "cebrt", "dose_gy": 20, "fractions": 5, "levels": lv},
            {"type": "systemic_therapy", "day": day + 2, "drug_class": "chemotherapy"},
            {"type": "surgery", "day": day + 3, "procedures": ["decompression"], "levels": lv,
             "fixation_span": "T3-T8"},
        ]
        day += 30
    data = {**case_to_data(story), "id": "bench-100", "timeline": timeline[:100]}
    return parse_case(data)


def _median(work: Callable[[], Any], runs: int) -> float:
    """Median CPU time of this process (``time.process_time``) per run: on a shared machine the wall clock
    counts other people's work; the CPU time is what one core spends on ours. Wall time is printed too."""
    work()
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bulk", type=int, default=10_000)
    parser.add_argument("--scored", type=int, default=1_000, help="bundles with scores in the second bulk run")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    case = hundred_event_case()
    assert len(case.timeline) == 100
    bundle = export_bundle(case)
    baseline = _median(lambda: parse_case(case_to_data(case)), args.runs)
    facts = _median(lambda: case_bundle(case), args.runs)
    full = _median(lambda: export_bundle(case), args.runs)
    back = _median(lambda: read_bundle_data(bundle), args.runs)
    print(f"100-event case, {len(bundle['entry'])} resources with scores; median CPU time of {args.runs} warm runs:")
    print(f"  baseline: case-file JSON round trip   {baseline * 1000:7.2f} ms")
    print(f"  (a) bundle (facts)                    {facts * 1000:7.2f} ms  ({facts / baseline:.1f}x baseline)")
    print(f"  (b) bundle + assessment (as exported) {full * 1000:7.2f} ms")
    print(f"  (c) import to a validated case        {back * 1000:7.2f} ms  ({back / baseline:.1f}x baseline)")
    every = _median(lambda: export_bundle(case, score_days="decision-points"), args.runs)
    print(f"  (d) bundle + every decision point     {every * 1000:7.2f} ms  "
          f"({len(export_bundle(case, score_days='decision-points')['entry'])} resources)")
    pool = [load_case(p) for p in sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/published/*/case.yaml")])]
    cases = [pool[i % len(pool)] for i in range(args.bulk)]
    sink = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    for line in ndjson_lines(cases):
        sink.write(line)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"bulk: {args.bulk} bundles to NDJSON ({len(sink.getvalue()) / 1e6:.1f} MB): {used:.2f} s CPU = "
          f"{args.bulk / used:.0f} cases/s on one core; wall {elapsed:.2f} s = {args.bulk / elapsed:.0f} cases/s")
    scored = cases[: args.scored]
    cpu = time.process_time()
    for line in ndjson_lines(scored, scores=True):
        sink.write(line)
    used = time.process_time() - cpu
    print(f"bulk with instrument results and course (the command's default): {len(scored)} bundles: {used:.2f} s "
          f"CPU = {len(scored) / used:.0f} cases/s on one core")
    cpu = time.process_time()
    for line in ndjson_lines(scored, scores=True, score_days="decision-points"):
        sink.write(line)
    used = time.process_time() - cpu
    print(f"bulk with the instrument results of every decision point (--score-days decision-points): "
          f"{len(scored)} bundles: {used:.2f} s CPU = {len(scored) / used:.0f} cases/s on one core")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
