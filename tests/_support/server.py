"""``spinemet serve`` as a real subprocess on a free loopback port (no pytest here: the benchmark uses it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spinemet_command() -> list[str]:
    exe = Path(sys.executable).with_name("spinemet")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "spinemet"]


class Server:
    """``spinemet serve --port P [args]`` in a subprocess; output goes to ``log``.

    With ``db_url`` the database is given by ``SPINEMET_DATABASE_URL`` (no demo); without it the
    server starts the way a newcomer starts it (``env`` lets a test remove the variable).
    """

    def __init__(self, db_url: str | None, log: Path, args: Sequence[str] = ("--no-web",),
                 env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.args = list(args)
        self.env = dict(env if env is not None else os.environ)
        if db_url is not None:
            self.env["SPINEMET_DATABASE_URL"] = db_url
        self.cwd = cwd
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> Server:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([*spinemet_command(), "serve", "--port", str(self.port), *self.args],
                                         env=self.env, stdout=out, stderr=out, cwd=self.cwd)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()[-2000:]}")
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server did not start in time: {self.output()[-2000:]}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
