"""Spark engine benchmark (issue 17): Spark local[2] vs the Polars engine scoring the same registry.

    python bench/cohort_spark_bench.py [--rows 1000000] [--master local[2]] [--dir /tmp/spinemet-bench]

Both engines score every instrument of a ``--rows`` synthetic registry (Parquet) into a Parquet file
through the service (``spinemet cohort score --engine polars|spark``); the two files are compared
(they must be identical). Reported: wall seconds, CPU seconds of this process and of the JVM (Spark's
work is in the JVM, a child of this process), the ratio Spark / Polars, the session start, and how
the Spark work partitions: input partitions, jobs, stages and tasks, and the broadcast hash joins of
the final plan.

Never fails the build; prints the machine's load average, since other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import polars as pl

from spinemet.cohort.dictionary import COHORT_INSTRUMENTS
from spinemet.service import cohort as service
from spinemet.service import cohort_spark


def _jvm_cpu() -> float:
    """CPU seconds (user + system) of this process's Java children."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid() and b"java" in (stat.parent / "cmdline").read_bytes().split(b"\0")[0]:
                total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--master", default=cohort_spark.LOCAL_MASTER)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/spinemet-bench"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    registry = args.dir / f"registry-{args.rows}.parquet"
    if not registry.exists():
        service.synth_file(args.rows, registry, 17)
    print(f"load average before: {_load()}")

    wall, cpu = time.perf_counter(), time.process_time()
    polars_out = args.dir / "scored-polars.parquet"
    service.score_file(registry, polars_out)
    polars_wall, polars_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"polars: {polars_wall:.1f} s wall, {polars_cpu:.1f} s CPU")

    wall = time.perf_counter()
    spark = cohort_spark.spark_session(args.master)
    print(f"spark session ({args.master}): {time.perf_counter() - wall:.1f} s wall, JVM {_jvm_cpu():.1f} s CPU")
    tracker = spark.sparkContext.statusTracker()
    spark.sparkContext.setJobGroup("bench", "score")
    partitions = cohort_spark.read_registry(spark, registry).rdd.getNumPartitions()
    jvm0, wall, cpu = _jvm_cpu(), time.perf_counter(), time.process_time()
    spark_out = args.dir / "scored-spark.parquet"
    service.score_file(registry, spark_out, engine="spark", spark_master=args.master)
    spark_wall, spark_cpu, jvm = time.perf_counter() - wall, time.process_time() - cpu, _jvm_cpu() - jvm0
    print(f"spark: {spark_wall:.1f} s wall, {spark_cpu:.1f} s CPU here + {jvm:.1f} s CPU in the JVM")
    jobs = tracker.getJobIdsForGroup("bench")
    stages = [s for j in jobs if (info := tracker.getJobInfo(j)) for s in info.stageIds]
    tasks = [info.numTasks for s in stages if (info := tracker.getStageInfo(s))]
    print(f"spark partitions: {partitions} input partitions; {len(jobs)} jobs, {len(stages)} stages, "
          f"{sum(tasks)} tasks (per stage: {tasks})")
    final = cohort_spark.scored_spark(spark, registry, None, COHORT_INSTRUMENTS)
    plan = final._jdf.queryExecution().executedPlan().toString()
    print(f"final plan: {plan.count('BroadcastHashJoin')} broadcast hash joins, "
          f"{plan.count('SortMergeJoin')} sort-merge joins, {plan.count('Exchange hashpartitioning')} shuffles")
    same = pl.read_parquet(spark_out).equals(pl.read_parquet(polars_out))
    print(f"outputs identical: {same}")
    print(f"ratio spark/polars: wall {spark_wall / polars_wall:.2f}x, CPU {(spark_cpu + jvm) / polars_cpu:.2f}x")
    print(f"load average after: {_load()}")


if __name__ == "__main__":
    main()
