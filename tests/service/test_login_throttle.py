"""Login throttling (issue 13 item 4) on SQLite and PostgreSQL. The probe: 100 wrong passwords in
9 s with no delay or lock, then the right one worked; an unknown name answered in ~4 ms and a known
one in ~70 ms (scrypt skipped), so names could be enumerated."""

from __future__ import annotations

import statistics
import time

import pytest
from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.service import LoginThrottled, NotAuthenticated, Service, system_actor
from spinemet.service.views import Credentials


class Clock:
    """The service's clock, moved by the test (the delays are seconds to minutes long)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _attempt(service: Service, name: str, password: str, client: str = "10.0.0.1") -> str:
    try:
        service.authenticate_password(name, password, client)
    except LoginThrottled:
        return "throttled"
    except NotAuthenticated:
        return "wrong"
    return "ok"


def test_brute_force_meets_growing_delays_then_a_lock_that_the_right_password_does_not_open(
        service: Service, people: dict[str, Credentials]) -> None:
    clock = Clock()
    service.clock = clock
    right = people["clinician"].password
    assert right is not None
    outcomes = [_attempt(service, "clinician1", "wrong-password") for _ in range(3)]
    assert outcomes == ["wrong", "wrong", "wrong"]  # the third failure starts a delay
    assert _attempt(service, "clinician1", right) == "throttled"  # even the right password waits
    waited = []
    for _ in range(7):  # each wait is doubled: 1, 2, 4, 8 s ... up to the tenth failure
        with pytest.raises(LoginThrottled) as exc:
            service.authenticate_password("clinician1", "wrong-password", "10.0.0.1")
        waited.append(exc.value.retry_after)
        clock.now += exc.value.retry_after
        assert _attempt(service, "clinician1", "wrong-password") == "wrong"
    assert waited == sorted(waited) and waited[-1] > waited[0]
    clock.now += 120
    assert _attempt(service, "clinician1", right) == "throttled"  # locked after 10 failures
    clock.now += 60
    assert _attempt(service, "clinician1", right) == "throttled"
    actions = [e.action for e in service.audit_entries(system_actor()) if e.action.startswith("auth.")]
    assert "auth.locked" in actions and "auth.throttled" in actions and "auth.login" in actions
    assert service.unlock_login(system_actor(), "clinician1", "10.0.0.1") == 2
    assert _attempt(service, "clinician1", right) == "ok"
    assert [e.action for e in service.audit_entries(system_actor())][-1] == "auth.unlock"


def test_a_lock_ends_by_itself_and_a_success_clears_the_name(service: Service,
                                                             people: dict[str, Credentials]) -> None:
    clock = Clock()
    service.clock = clock
    right = people["clinician"].password
    assert right is not None
    for _ in range(10):
        clock.now += 61
        _attempt(service, "clinician1", "wrong", client=f"10.1.0.{_}")
    assert _attempt(service, "clinician1", right, "10.9.9.9") == "throttled"
    clock.now += service.login_policy.lock_seconds + 1
    assert _attempt(service, "clinician1", right, "10.9.9.9") == "ok"
    assert _attempt(service, "clinician1", "wrong", "10.9.9.9") == "wrong"


def test_addresses_are_throttled_across_user_names(service: Service, people: dict[str, Credentials]) -> None:
    service.clock = Clock()
    outcomes = [_attempt(service, f"user{i}", "guess", "192.0.2.7") for i in range(16)]
    assert outcomes[:15] == ["wrong"] * 15 and outcomes[15] == "throttled"
    assert _attempt(service, "clinician1", "guess", "192.0.2.8") == "wrong"  # another address is not held up


def test_unknown_and_known_names_are_counted_and_cost_the_same(service: Service,
                                                               people: dict[str, Credentials]) -> None:
    service.clock = Clock()
    for name in ("clinician1", "nobody-here"):
        outcomes = [_attempt(service, name, "guess", f"10.2.{len(name)}.{i}") for i in range(5)]
        assert outcomes == ["wrong", "wrong", "wrong", "throttled", "throttled"], name  # same for both

    # CPU time of this process, measured alternately for the two names: scrypt is CPU-bound, so other
    # processes on a loaded machine neither lengthen one side nor skew the ratio.
    costs: dict[str, list[float]] = {"clinician1": [], "nobody-here": []}
    for i in range(7):
        for name, times in costs.items():
            start = time.process_time()
            _attempt(service, name, "guess", f"10.3.{len(name)}.{i}")
            times.append(time.process_time() - start)
            service.unlock_login(system_actor(), name)
    known, unknown = (statistics.median(t) for t in costs.values())
    # before: 70 ms against 4 ms (a ratio of 17); both now run one scrypt, so the same order of cost
    assert 1 / 3 < unknown / known < 3, (known, unknown)


def test_admin_unlocks_through_the_api(client: TestClient, service: Service, people: dict[str, Credentials]) -> None:
    service.clock = Clock()
    for i in range(12):
        _attempt(service, "clinician1", "wrong", f"10.4.0.{i}")
    assert _attempt(service, "clinician1", people["clinician"].password or "", "10.4.1.1") == "throttled"
    r = client.post("/users/clinician1/unlock", json={}, headers=auth(people["admin"]))
    assert r.status_code == 200 and r.json() == {"cleared": 1}
    assert client.post("/users/clinician1/unlock", json={}, headers=auth(people["clinician"])).status_code == 403
    assert _attempt(service, "clinician1", people["clinician"].password or "", "10.4.1.1") == "ok"
