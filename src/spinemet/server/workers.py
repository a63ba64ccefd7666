"""``spinemet serve --workers N``: N API server processes, each with its own listening socket.

Each worker binds the address with ``SO_REUSEPORT`` (Linux), so the kernel spreads new connections
over the workers by a hash of the connection. With one socket shared by all workers (uvicorn's own
``workers=``) whichever worker woke first accepted a whole burst of connections: in our benchmark
all 16 clients often landed on one worker, which then ran on one core while the other idled.

The parent only supervises: it restarts a worker that dies (at most once a second) and, on SIGTERM
or SIGINT, stops every worker gracefully (uvicorn finishes the requests in flight), killing those
still running after ten seconds. Only processes of the same user can join a ``SO_REUSEPORT``
group, so no other user can take a share of the connections.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from types import FrameType

STOP_GRACE_SECONDS = 10.0


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")


def check_address(host: str, port: int) -> None:
    """Raise ``OSError`` (address in use, no such address) before any worker starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(host: str, port: int) -> None:
    """One worker process: its own socket, the API of :func:`spinemet.server.process.worker_app`."""
    import uvicorn

    sock = _listening_socket(host, port)
    config = uvicorn.Config("spinemet.server.process:worker_app", factory=True, host=host, port=port,
                            log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(host: str, port: int, count: int) -> int:
    """Run ``count`` workers until SIGTERM or SIGINT; return the exit status (0 after a clean stop)."""
    context = multiprocessing.get_context("spawn")
    stopping = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}

    def start() -> BaseProcess:
        proc = context.Process(target=_worker, args=(host, port), name="spinemet-worker")
        proc.start()
        return proc

    workers = [start() for _ in range(count)]
    last_restart = 0.0
    try:
        while not stopping:
            time.sleep(0.2)
            for i, proc in enumerate(workers):
                if proc.is_alive() or stopping:
                    continue
                wait = 1.0 - (time.monotonic() - last_restart)
                if wait > 0:
                    time.sleep(wait)
                print(f"worker {proc.pid} exited with status {proc.exitcode}; starting another", flush=True)
                last_restart = time.monotonic()
                workers[i] = start()
    finally:
        for proc in workers:
            if proc.is_alive() and proc.pid is not None:
                proc.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for proc in workers:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
