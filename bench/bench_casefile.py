"""Benchmark: reading a case file with libyaml's parser (CSafeLoader) against the pure-Python one.

Run: ``.venv/bin/python bench/bench_casefile.py [--runs N] [--reads R]``. Not a test; never
fails the build.

Each example case file is read ``--reads`` times per timed run, (a) parsed with the case-file
loader as shipped (built on ``yaml.CSafeLoader`` when PyYAML has libyaml; duplicate-key and
date checks included), (b) parsed with the same constructors on the pure-Python
``yaml.SafeLoader`` (the previous behaviour), and (c) read and validated end to end
(``load_case``: parsing plus the case model). Runs alternate (a, b, a, b, ...) so that a change
in machine load hits both; every figure is the median of ``--runs`` runs after one warm-up,
and the ratio is the median of per-pair ratios. Load averages are printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from spinemet.io import casefile

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


class _PythonLoader(yaml.SafeLoader):
    """The shipped constructors on the pure-Python parser: the baseline."""


_PythonLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, casefile._construct_mapping)
_PythonLoader.add_constructor("tag:yaml.org,2002:timestamp", casefile._construct_timestamp)


def _time(work: Any, reads: int) -> float:
    start = time.perf_counter()
    for _ in range(reads):
        work()
    return (time.perf_counter() - start) / reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reads", type=int, default=50)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}; C loader available: {casefile.C_LOADER}")
    texts = [(p, p.read_text(encoding="utf-8")) for p in EXAMPLES]
    for path, text in texts:
        def shipped(text: str = text) -> Any:
            return yaml.load(text, Loader=casefile._UniqueKeyLoader)

        def baseline(text: str = text) -> Any:
            return yaml.load(text, Loader=_PythonLoader)

        def full(path: Path = path) -> Any:
            return casefile.load_case(path)

        assert shipped() == baseline()
        for f in (shipped, baseline, full):
            f()
        pairs = [(_time(shipped, args.reads), _time(baseline, args.reads)) for _ in range(args.runs)]
        whole = statistics.median(_time(full, args.reads) for _ in range(args.runs))
        fast = statistics.median(a for a, _ in pairs)
        slow = statistics.median(b for _, b in pairs)
        ratio = statistics.median(b / a for a, b in pairs)
        print(f"{path.name:42s} parse C {fast * 1e3:6.3f} ms  Python {slow * 1e3:6.3f} ms  "
              f"speed-up {ratio:4.1f}x   load_case {whole * 1e3:6.3f} ms")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
