"""The real server (``spinemet serve`` in a subprocess): concurrent amendments and a SIGKILL mid-import."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest
import yaml

from _support.server import Server
from spinemet.service import Service, system_actor

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
pytestmark = pytest.mark.slow


@pytest.fixture
def server(service: Service, tmp_path: Path):  # type: ignore[no-untyped-def]
    srv = Server(service.db.url, tmp_path / "server.log").start()
    yield srv
    srv.stop()


def _token(service: Service, name: str = "clin") -> dict[str, str]:
    creds = service.add_user(system_actor(), name, "clinician")
    return {"Authorization": f"Bearer {creds.token}"}


def test_two_clients_amend_from_the_same_version(service: Service, server: Server) -> None:
    h = _token(service)
    with httpx.Client(base_url=server.base, headers=h, timeout=30) as c:
        r = c.post("/cases/import", json={"text": STORY.read_text()})
        assert r.status_code == 201
        cid = r.json()["id"]
    version = 1
    for round_ in range(8):
        barrier = threading.Barrier(2)
        results: dict[int, httpx.Response] = {}

        def amend(kps: int, version: int = version, round_: int = round_,
                  barrier: threading.Barrier = barrier, results: dict[int, httpx.Response] = results) -> None:
            with httpx.Client(base_url=server.base, headers=h, timeout=30) as c:
                event = {"type": "performance", "day": 95, "kps": kps} if round_ % 2 else {
                    "type": "neuro_exam", "day": 200, "ambulatory": "independent", "note": f"client {kps}"}
                barrier.wait()
                if round_ % 2:
                    results[kps] = c.post(f"/cases/{cid}/events", json={"expected_version": version, "event": event})
                else:
                    results[kps] = c.put(f"/cases/{cid}/events/final-neuro",
                                         json={"expected_version": version, "event": event})

        threads = [threading.Thread(target=amend, args=(k,)) for k in (60, 70)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.status_code for r in results.values())
        assert codes in ([200, 409], [201, 409]), [r.text for r in results.values()]
        loser = next(r for r in results.values() if r.status_code == 409)
        assert loser.json()["current_version"] == version + 1
        winner = next(r for r in results.values() if r.status_code != 409)
        version += 1
        with httpx.Client(base_url=server.base, headers=h, timeout=30) as c:
            now = c.get(f"/cases/{cid}").json()
            assert now["version"] == version
            assert now["events"] == winner.json()["events"]
    with httpx.Client(base_url=server.base, headers=h, timeout=30) as c:
        history = c.get(f"/cases/{cid}/history").json()
    assert [v["version"] for v in history] == list(range(1, version + 1))


def _case_text(i: int) -> str:
    data = yaml.safe_load(STORY.read_text())
    data["id"] = f"bulk-{i:04d}"
    data["timeline"].append({"type": "performance", "day": 150, "kps": 70})
    return yaml.safe_dump(data, sort_keys=False)


def test_sigkill_during_bulk_import_loses_no_acknowledged_case(service: Service, tmp_path: Path) -> None:
    h = _token(service)
    expected_events = len(yaml.safe_load(_case_text(0))["timeline"])
    srv = Server(service.db.url, tmp_path / "server.log").start()
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()
    counter = iter(range(100_000))

    def importer() -> None:
        with httpx.Client(base_url=srv.base, headers=h, timeout=10) as c:
            while not stop.is_set():
                with lock:
                    i = next(counter)
                try:
                    r = c.post("/cases/import", json={"text": _case_text(i)})
                except httpx.HTTPError:
                    return  # the server died mid-request: this case was never acknowledged
                if r.status_code == 201:
                    with lock:
                        acknowledged.add(r.json()["id"])

    threads = [threading.Thread(target=importer) for _ in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    srv.kill()  # SIGKILL while the importers are still sending
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) >= 40
    srv = Server(service.db.url, tmp_path / "server2.log").start()
    try:
        with httpx.Client(base_url=srv.base, headers=h, timeout=30) as c:
            listing = c.get("/cases", params={"limit": 500}).json()
            stored = {item["id"]: item for item in listing["items"]}
            assert acknowledged <= set(stored), acknowledged - set(stored)
            for cid, item in stored.items():  # no partial case, acknowledged or not
                assert item["event_count"] == expected_events, cid
                assert len(c.get(f"/cases/{cid}").json()["events"]) == expected_events
        admin = service.add_user(system_actor(), "auditor", "admin")
        with httpx.Client(base_url=srv.base, timeout=30, headers={"Authorization": f"Bearer {admin.token}"}) as c:
            verdict = c.get("/audit/verify").json()
        assert verdict["ok"], verdict
        imports = [e for e in service.audit_entries(system_actor(), limit=10_000) if e.action == "case.import"]
        assert {e.case_id for e in imports if e.outcome == "success"} == set(stored)
    finally:
        srv.stop()
