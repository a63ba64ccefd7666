"""Benchmark: how long a person waits for the command line, and how fast a batch is assessed.

Run: ``.venv/bin/python bench/bench_cli.py [--runs N] [--cases N]``. Not a test; never fails the build.

In one run and on the same machine state it measures (medians of ``--runs`` cold processes,
run in rounds that alternate the commands so that a change of load hits all of them):

* ``python -c pass`` -- the interpreter's own start, the baseline every figure is divided by;
* ``spinemet --help`` (target <= 0.2 s);
* ``spinemet assess CASE`` on the story case, cold (target <= 0.25 s);

and the batch entry point ``spinemet assess FILE... --format jsonl`` on ``--cases`` case files
(the five examples, copied under distinct ids), single-threaded, so on one core (target >= 1,000
case files/s): end to end as one process, and in-process without the start-up (the files are read,
validated, assessed and encoded to JSON lines; the output goes to a null device).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BIN = Path(sys.executable).parent
SPINEMET = str(BIN / "spinemet")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _batch_files(folder: Path, count: int, as_json: bool = False) -> list[Path]:
    """``count`` case files cycling through the examples, each under its own id (YAML as written,
    or the same data as JSON)."""
    import json

    from spinemet.io.casefile import read_data

    files = []
    data = [read_data(p) for p in EXAMPLES]
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    for i in range(count):
        k = i % len(EXAMPLES)
        ident = f"{data[k]['id']}-{i}"
        if as_json:
            path = folder / f"case-{i:05d}.json"
            path.write_text(json.dumps({**data[k], "id": ident}, default=str), encoding="utf-8")
        else:
            path = folder / f"case-{i:05d}.yaml"
            path.write_text(texts[k].replace(f"id: {data[k]['id']}", f"id: {ident}", 1), encoding="utf-8")
        files.append(path)
    return files


def _in_process(files: list[Path]) -> float:
    from spinemet.cli.pathway_cmds import _batch_lines

    failed: list[Path] = []
    sink = io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(sink):
        for line in _batch_lines(files, None, failed):
            sink.write(line + "\n")
    elapsed = time.perf_counter() - start
    assert not failed, failed[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"load average at start: {_load()}")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "spinemet --help": [SPINEMET, "--help"],
        "spinemet assess STORY": [SPINEMET, "assess", str(STORY)],
    }
    for argv in commands.values():  # warm the file cache
        _wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(_wall(argv))
    base = statistics.median(times["python -c pass"])
    print(f"\n{'command':<24} {'median_s':>9} {'min_s':>7} {'x python -c pass':>17}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<24} {med:9.3f} {min(values):7.3f} {med / base:17.1f}")

    for kind in ("yaml", "json"):
        with tempfile.TemporaryDirectory() as tmp:
            files = _batch_files(Path(tmp), args.cases, as_json=kind == "json")
            argv = [SPINEMET, "assess", *map(str, files), "--format", "jsonl"]
            end_to_end = [_wall(argv) for _ in range(3)]
            _in_process(files[:50])  # imports and first-call work out of the timing
            inside = [_in_process(files) for _ in range(3)]
        e2e, ins = statistics.median(end_to_end), statistics.median(inside)
        print(f"\nbatch: {args.cases} {kind.upper()} case files, spinemet assess --format jsonl (one process, one core)")
        print(f"  end to end (process start included): {e2e:.2f} s  = {args.cases / e2e:,.0f} case files/s")
        print(f"  in process (start-up excluded):      {ins:.2f} s  = {args.cases / ins:,.0f} case files/s")
        print(f"  per case file: {ins / args.cases * 1000:.3f} ms = {ins / args.cases / base:.3f} x python -c pass")
    print(f"\nload average at end: {_load()}")


if __name__ == "__main__":
    main()
