"""Benchmark: how long a person waits for the command line, and how fast a batch is assessed.

Run: ``.venv/bin/python bench/bench_cli.py [--runs N] [--cases N]``. Not a test; never fails the build.

In one run and on the same machine state it measures (medians of ``--runs`` cold processes,
run in rounds that alternate the commands so that a change of load hits all of them):

* ``python -c pass`` -- the interpreter's own start, the baseline every figure is divided by;
* ``spinemet --help`` (target <= 0.2 s);
* ``spinemet assess CASE`` on the story case, cold (target <= 0.25 s);
* the floor under it: a process that imports what every command line of SpineMet imports (Typer;
  Rich only when a command prints with it, which a plain-text ``assess`` does not), with the
  command line's start-up settings, and reads and validates the story case, assessing nothing (what ``assess`` costs beyond this is the
  instruments, pathway and course modules and the assessment itself);

and the batch entry point ``spinemet assess FILE... --format jsonl`` on ``--cases`` case files
(the five examples, copied under distinct ids), single-threaded, so on one core (target >= 1,000
case files/s): end to end as one process, and in-process without the start-up (the files are read,
validated, assessed and encoded to JSON lines; the output goes to a null device).

Besides the wall time it reports the CPU time of each command (user + system, of the child
process): on a shared machine the wall time grows with the load, the CPU time much less.
The package is byte-compiled first, as an installation is (``pip install`` writes the bytecode;
with ``PYTHONDONTWRITEBYTECODE`` set and no bytecode, every start would compile SpineMet's
sources again and the figures would measure the compiler).
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import platform
import resource
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
    return _run(argv)[0]


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``argv`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


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


def _in_process(files: list[Path]) -> tuple[float, float]:
    """Wall time and CPU time of assessing ``files`` in this process."""
    from spinemet.cli.pathway_cmds import _batch_lines

    failed: list[Path] = []
    sink = io.StringIO()
    start, cpu_start = time.perf_counter(), time.process_time()
    with redirect_stdout(sink):
        for line in _batch_lines(files, None, failed):
            sink.write(line + "\n")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    assert not failed, failed[:3]
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"load average at start: {_load()}")
    import spinemet

    compileall.compile_dir(Path(spinemet.__file__).parent, quiet=1)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "spinemet --help": [SPINEMET, "--help"],
        "spinemet assess STORY": [SPINEMET, "assess", str(STORY)],
        # with the start-up's own settings (spinemet.cli.app.main: the collector paused, pydantic's plugin
        # scan skipped, everything frozen out of the collector's view before exit)
        "floor: read + validate": [sys.executable, "-c", "import gc; gc.disable(); from spinemet.cli.app import "
                                   "skip_pydantic_plugins; skip_pydantic_plugins(); import typer; from "
                                   f"spinemet.io.casefile import load_case; load_case({str(STORY)!r}); gc.freeze()"],
    }
    for argv in commands.values():  # warm the file cache
        _wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            wall, cpu = _run(argv)
            times[name].append(wall)
            cpus[name].append(cpu)
    base = statistics.median(times["python -c pass"])
    cpu_base = statistics.mean(cpus["python -c pass"])
    print(f"\n{'command':<24} {'median_s':>9} {'min_s':>7} {'x python -c pass':>17} {'cpu_s':>7} {'cpu x':>6}")
    for name, values in times.items():
        med = statistics.median(values)
        cpu = statistics.mean(cpus[name])  # the mean: the clock counts CPU time in 10 ms ticks
        print(f"{name:<24} {med:9.3f} {min(values):7.3f} {med / base:17.1f} {cpu:7.3f} {cpu / cpu_base:6.1f}")

    for kind in ("yaml", "json"):
        with tempfile.TemporaryDirectory() as tmp:
            files = _batch_files(Path(tmp), args.cases, as_json=kind == "json")
            argv = [SPINEMET, "assess", *map(str, files), "--format", "jsonl"]
            runs = [_run(argv) for _ in range(3)]
            _in_process(files[:50])  # imports and first-call work out of the timing
            inside = [_in_process(files) for _ in range(3)]
        e2e, e2e_cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        ins, ins_cpu = statistics.median(w for w, _ in inside), statistics.median(c for _, c in inside)
        n = args.cases
        print(f"\nbatch: {n} {kind.upper()} case files, spinemet assess --format jsonl (one process, one core)")
        print(f"  end to end (process start included): {e2e:.2f} s  = {n / e2e:,.0f} case files/s"
              f"   (CPU {e2e_cpu:.2f} s = {n / e2e_cpu:,.0f} case files per CPU second)")
        print(f"  in process (start-up excluded):      {ins:.2f} s  = {n / ins:,.0f} case files/s"
              f"   (CPU {ins_cpu:.2f} s = {n / ins_cpu:,.0f} case files per CPU second)")
        print(f"  per case file: {ins / n * 1000:.3f} ms = {ins / n / base:.3f} x python -c pass; "
              f"CPU {ins_cpu / n * 1000:.3f} ms")
    print(f"\nload average at end: {_load()}")


if __name__ == "__main__":
    main()
