"""Benchmark of the running service (not a test): assessments and case reads under concurrent clients.

Starts ``spinemet serve`` (a real uvicorn subprocess on loopback, ``--workers N``) over SQLite and,
when reachable, PostgreSQL; loads the story case; then for 1, 16 and 64 concurrent clients measures
requests per second and p50/p99 latency of ``POST /cases/{id}/assessments`` (``assess``: the same day
each time, so the kept assessment is served; ``assess-uncached``: every request a day never asked
before, so each is assessed anew) and ``GET /cases/{id}``.
Every request is authenticated (its token checked in the database) and audited, as in production;
after each server run the audit trail is counted (one entry per request) and its chain verified.

The clients run in a separate process: one asyncio loop holding one keep-alive HTTP/1.1 connection
per client and sending pre-built requests (like ``wrk``), so that the load generator takes little of
the CPU it shares with the server on this machine. The CPU used by the server (all its processes) and
by the client is reported as a fraction of one core, and the server's CPU per request in ms (the
figure other work on the machine disturbs least). The load average is printed at the start, when
each server is ready, after each row and at the end: other work on the machine shows in the figures.
On a loaded machine the server can take long to start; ``--start-timeout`` (300 s) bounds the wait.

    .venv/bin/python bench/bench_service.py [--seconds 4] [--clients 1,16,64] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    return f"nproc={os.cpu_count()}  RAM={mem}  CPU={cpu}  Python={sys.version.split()[0]}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# ----------------------------------------------------------------------------- the load generator
async def _generate(host: str, port: int, next_request: Callable[[], bytes], clients: int,
                    seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    warm = [0]
    start = asyncio.Event()
    deadline = [0.0]

    async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
        writer.write(next_request())
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) != b"\r\n":
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await reader.readexactly(length)
        return status

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        await exchange(reader, writer)  # open and warm the connection
        warm[0] += 1
        await start.wait()
        mine: list[float] = []
        while (t0 := time.perf_counter()) < deadline[0]:
            status = await exchange(reader, writer)
            mine.append(time.perf_counter() - t0)
            if status >= 400:
                statuses[status] = statuses.get(status, 0) + 1
        writer.close()
        latencies.extend(mine)

    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    while warm[0] < clients:
        await asyncio.sleep(0.01)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    deadline[0] = t0 + seconds
    start.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [latencies[0]] * 99
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "n": len(latencies),
            "requests": len(latencies) + clients, "errors": sum(statuses.values()),
            "statuses": sorted(statuses), "client_cpu": cpu / elapsed, "elapsed": elapsed}


def loadgen_main(spec: str) -> None:
    """``--loadgen JSON``: run in a process of its own; print the result as JSON."""
    a = json.loads(spec)

    def build(payload: object) -> bytes:
        body = json.dumps(payload).encode() if payload is not None else b""
        head = (f"{a['method']} {a['path']} HTTP/1.1\r\nHost: {a['host']}:{a['port']}\r\n"
                f"Authorization: Bearer {a['token']}\r\nAccept: application/json\r\n")
        if payload is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        return head.encode() + b"\r\n" + body

    fixed = build(a["body"])
    sent = itertools.count()

    def next_request() -> bytes:
        if not a.get("every_day_new"):
            return fixed
        # a day never asked before: the service finds nothing kept and assesses the case anew
        # (the course analysis of the version is kept, as in production; snapshot, instruments,
        # plan and the JSON are computed for each request)
        return build({"day": next(sent) % 73000 - 36500})
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    print(json.dumps(runner(_generate(a["host"], a["port"], next_request, a["clients"], a["seconds"]))))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def run(server: Server, token: str, method: str, path: str, body: object, clients: int,
        seconds: float, every_day_new: bool = False) -> dict[str, Any]:
    spec = json.dumps({"host": "127.0.0.1", "port": server.port, "method": method, "path": path, "body": body,
                       "token": token, "clients": clients, "seconds": seconds, "every_day_new": every_day_new})
    assert server.proc is not None
    before = _cpu_seconds(server.proc.pid)
    out = subprocess.run([sys.executable, __file__, "--loadgen", spec], capture_output=True, text=True, check=True)
    res: dict[str, Any] = json.loads(out.stdout)
    res["server_cpu"] = (_cpu_seconds(server.proc.pid) - before) / res["elapsed"]
    return res


def bench_backend(name: str, url: str, clients: list[int], seconds: float, workers: int,
                  log_dir: Path, start_timeout: float) -> list[tuple[str, ...]]:
    service = Service.open(Settings(database_url=url))
    creds = service.add_user(system_actor(), f"bench-{workers}", "clinician")
    case_id = service.import_case_text(system_actor(Role.clinician), STORY.read_text()).id
    entries_before = service.verify_audit(system_actor()).entries
    t0 = time.monotonic()
    server = Server(url, log_dir / f"{name}-{workers}.log", args=("--no-web", "--workers", str(workers)))
    server.start(timeout=start_timeout)
    print(f"  server ({name}, {workers} worker(s)) ready in {time.monotonic() - t0:.1f} s; load average {load()}",
          flush=True)
    assert creds.token is not None
    rows: list[tuple[str, ...]] = []
    requests = 0
    try:
        for label, method, path, body, fresh in (
            ("assess", "POST", f"/cases/{case_id}/assessments", {"day": 28}, False),
            ("assess-uncached", "POST", f"/cases/{case_id}/assessments", {"day": 0}, True),
            ("read", "GET", f"/cases/{case_id}", None, False),
        ):
            for n in clients:
                res = run(server, creds.token, method, path, body, n, seconds, fresh)
                requests += res["requests"]
                note = f"{res['errors']} errors (HTTP {res['statuses']})" if res["errors"] else ""
                rows.append((name, str(workers), label, str(n), f"{res['rps']:.0f}", f"{res['p50']:.1f}",
                             f"{res['p99']:.1f}", str(res["n"]), f"{res['server_cpu']:.2f}",
                             f"{res['client_cpu']:.2f}", f"{res['server_cpu'] * 1000 / res['rps']:.2f}",
                             load().split()[0], note))
                print("  ".join(rows[-1]), flush=True)
    finally:
        server.stop()
    check = service.verify_audit(system_actor())
    added = check.entries - entries_before
    print(f"  audit ({name}, {workers} worker(s)): {added} entries for {requests} requests; chain "
          f"{'verifies' if check.ok else 'BROKEN: ' + check.reason}", flush=True)
    service.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument("--workers", default="1,2", help="server processes to try (spinemet serve --workers)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sqlite-dir", default=None,
                        help="where the SQLite file lives (default: a temporary directory; /dev/shm puts it in memory, "
                             "which separates the cost of each commit's fsync on a shared disk from the CPU)")
    parser.add_argument("--start-timeout", type=float, default=300.0,
                        help="seconds to wait for the server to answer /health (a loaded machine is slow to start it)")
    parser.add_argument("--loadgen", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loadgen:
        loadgen_main(args.loadgen)
        return
    clients = [int(x) for x in args.clients.split(",")]
    workers = [int(x) for x in args.workers.split(",")]
    backends = args.backends.split(",")
    print(machine())
    print(f"load average at start: {load()}")
    print("backend  workers  endpoint  clients  req/s  p50_ms  p99_ms  requests  server_cpu  client_cpu  server_cpu_ms/req  load1  notes")
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in workers:
            if "sqlite" in backends:
                with tempfile.TemporaryDirectory(dir=args.sqlite_dir) as where:
                    rows += bench_backend("sqlite", f"sqlite:///{Path(where) / f'bench-{w}.sqlite3'}", clients,
                                          args.seconds, w, Path(tmp), args.start_timeout)
            if "postgresql" not in backends:
                continue
            admin = find_pg()
            if admin:
                url, schema = make_pg_schema(admin)
                try:
                    rows += bench_backend("postgresql", url, clients, args.seconds, w, Path(tmp),
                                          args.start_timeout)
                finally:
                    drop_pg_schema(admin, schema)
            else:
                print("PostgreSQL not reachable on 127.0.0.1:5432: skipped")
    print(f"load average at end: {load()}")
    for r in rows:
        if r[2] in ("assess", "assess-uncached") and r[3] == "16":
            verdict = "meets" if float(r[6]) <= 50 else "misses"
            print(f"target p99 <= 50 ms at 16 clients ({r[2]}, {r[0]}, {r[1]} worker(s)): {r[6]} ms, {verdict} it")


if __name__ == "__main__":
    main()
