"""Benchmark of the running service (not a test): assessments and case reads under concurrent clients.

Starts ``spinemet serve`` (a real uvicorn subprocess on loopback) over SQLite and, when reachable,
PostgreSQL; loads the story case; then for 1, 16 and 64 concurrent clients measures requests per
second and p50/p99 latency of ``POST /cases/{id}/assessments`` and ``GET /cases/{id}``. Ratios are
against the single-client SQLite figure of the same endpoint in the same run. Every request is
authenticated and audited, as in production.

    .venv/bin/python bench/bench_service.py [--seconds 4] [--clients 1,16,64]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from spinemet.service import Role, Service, Settings, system_actor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _support.pg import drop_pg_schema, find_pg, make_pg_schema
from _support.server import Server

STORY = Path(__file__).resolve().parents[1] / "examples" / "story-lung-net-t6.yaml"


def machine() -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = "?"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                   if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"nproc={os.cpu_count()}  RAM={mem}  CPU={cpu}"


def run(base: str, headers: dict[str, str], method: str, path: str, body: object, clients: int,
        seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    statuses: set[int] = set()
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def worker() -> None:
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            c.request(method, path, json=body)  # warm the connection
            start_gate.wait()
            while time.perf_counter() < deadline[0]:
                t0 = time.perf_counter()
                r = c.request(method, path, json=body)
                mine.append(time.perf_counter() - t0)
                if r.status_code >= 400:
                    bad += 1
                    statuses.add(r.status_code)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    start_gate.wait()
    t_start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t_start
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [latencies[0]] * 99
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "n": len(latencies),
            "errors": errors[0], "statuses": float(min(statuses)) if statuses else 0.0}


def bench_backend(name: str, url: str, clients: list[int], seconds: float, log_dir: Path) -> list[tuple[str, ...]]:
    service = Service.open(Settings(database_url=url))
    creds = service.add_user(system_actor(), "bench", "clinician")
    case_id = service.import_case_text(system_actor(Role.clinician), STORY.read_text()).id
    service.close()
    server = Server(url, log_dir / f"{name}.log").start()
    headers = {"Authorization": f"Bearer {creds.token}"}
    rows: list[tuple[str, ...]] = []
    try:
        for label, method, path, body in (
            ("assess", "POST", f"/cases/{case_id}/assessments", {"day": 28}),
            ("read", "GET", f"/cases/{case_id}", None),
        ):
            for n in clients:
                res = run(server.base, headers, method, path, body, n, seconds)
                note = f"{res['errors']:.0f} errors (HTTP {res['statuses']:.0f})" if res["errors"] else ""
                rows.append((name, label, str(n), f"{res['rps']:.0f}", f"{res['p50']:.1f}", f"{res['p99']:.1f}",
                             f"{res['n']:.0f}", note))
                print("  ".join(rows[-1]), flush=True)
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", default="1,16,64")
    args = parser.parse_args()
    clients = [int(x) for x in args.clients.split(",")]
    print(machine())
    from spinemet.service.core import has_assessment

    if not has_assessment():
        print("note: spinemet.assessment is not installed; the assessment endpoint answers 404 (still measured)")
    print("backend  endpoint  clients  req/s  p50_ms  p99_ms  requests  notes")
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench_backend("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", clients, args.seconds, Path(tmp))
        admin = find_pg()
        if admin:
            url, schema = make_pg_schema(admin)
            try:
                rows += bench_backend("postgresql", url, clients, args.seconds, Path(tmp))
            finally:
                drop_pg_schema(admin, schema)
        else:
            print("PostgreSQL not reachable on 127.0.0.1:5432: skipped")
    base = {r[1]: float(r[3]) for r in rows if r[0] == "sqlite" and r[2] == str(clients[0])}
    print("\nratios (req/s against sqlite with", clients[0], "client, same endpoint):")
    for r in rows:
        print(f"  {r[0]:<10} {r[1]:<7} {r[2]:>3} clients  x{float(r[3]) / base[r[1]]:.2f}   p99 {r[5]} ms")
    target = [r for r in rows if r[1] == "assess" and r[2] == "16"]
    for r in target:
        verdict = "meets" if float(r[5]) <= 50 else "misses"
        print(f"target p99 <= 50 ms at 16 clients ({r[0]}): {r[5]} ms, {verdict} it")


if __name__ == "__main__":
    main()
