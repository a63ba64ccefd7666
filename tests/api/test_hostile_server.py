"""The alias bomb against a real ``spinemet serve`` process (SQLite and PostgreSQL): refused with a
short message, and the server's resident memory (its peak, VmHWM, read from /proc) stays under a
stated ceiling. Before the fix the 8-level bomb took the server from 119 MB to 2.3 GB and gave a
580 MB error response; 9 levels ran it out of memory."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from _support.hostile import alias_bomb
from _support.server import Server
from spinemet.service import Service, Settings, system_actor

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")

#: the ceiling stated for the server's peak resident memory while it refuses the bombs
CEILING_MB = 400
#: and how much the peak may grow over the started server's
GROWTH_MB = 60


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"{field} not in /proc/{pid}/status")


def test_alias_bomb_leaves_the_server_process_under_its_memory_ceiling(db_url: str, tmp_path: Path) -> None:
    service = Service.open(Settings(database_url=db_url, pool_size=2))
    token = service.add_user(system_actor(), "clinician1", "clinician").token
    service.close()
    server = Server(db_url, tmp_path / "server.log").start()
    try:
        assert server.proc is not None
        pid = server.proc.pid
        headers = {"Authorization": f"Bearer {token}"}
        started = _status_mb(pid, "VmHWM")
        for levels in (8, 9, 12):
            r = httpx.post(server.base + "/cases/import", json={"text": alias_bomb(levels), "format": "yaml"},
                           headers=headers, timeout=60)
            assert r.status_code == 422, r.text[:300]
            assert len(r.content) < 2_000
        peak = _status_mb(pid, "VmHWM")
        assert peak < CEILING_MB, f"peak RSS {peak:.0f} MB"
        assert peak - started < GROWTH_MB, f"peak RSS grew from {started:.0f} to {peak:.0f} MB"
    finally:
        server.stop()
