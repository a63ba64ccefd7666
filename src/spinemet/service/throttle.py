"""Login throttling: growing delays and a temporary lock per user name and per client address.

From the ``free``-th failed login a key (a user name, or a client address) must wait before its next
attempt: 1 s, then 2, 4, 8 … up to ``max_delay``; at ``lock_after`` failures it is locked for
``lock_seconds``. An attempt during the wait or the lock is refused without the password being
looked at (and is not counted). A success clears the user name's counter (not the
address's: one known password must not open the door for guessing others from the same place).
A counter is forgotten ``forget_after`` seconds after its last failure. Addresses get more room
than names (many users may share one proxy). The counters live in the database, so every server
process and the command line (``spinemet user unlock``) see the same state.

Unknown user names are counted exactly like known ones, and the password check costs the same
for both (scrypt against a dummy hash), so neither the time nor the lock tells whether a name exists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from spinemet.store.throttle import Failures


@dataclass(frozen=True)
class Policy:
    free: int = 3
    base_delay: float = 1.0
    max_delay: float = 60.0
    lock_after: int = 10
    lock_seconds: float = 900.0
    forget_after: float = 3600.0
    #: an address may fail this many times more than a name before the same delays apply
    address_factor: int = 5


def name_key(name: str) -> str:
    return "user:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def address_key(address: str) -> str:
    return "addr:" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def scale(policy: Policy, key: str) -> int:
    return policy.address_factor if key.startswith("addr:") else 1


def wait_seconds(policy: Policy, row: Failures | None, now: float) -> float:
    """How long the key must still wait before its next attempt (0: it may try now)."""
    if row is None or now - row.last_failure > policy.forget_after:
        return 0.0
    if row.locked_until is not None and now < row.locked_until:
        return row.locked_until - now
    k = scale(policy, row.key)
    over = row.failures - policy.free * k + 1  # the free-th failure starts the first delay
    if over <= 0:
        return 0.0
    delay = min(policy.base_delay * float(2 ** min(over - 1, 30)), policy.max_delay)
    return max(0.0, row.last_failure + delay - now)


def after_failure(policy: Policy, key: str, row: Failures | None, now: float) -> Failures:
    """The counter after one more failure (a lock starts at ``lock_after`` failures)."""
    failures = 1 if row is None or now - row.last_failure > policy.forget_after else row.failures + 1
    locked = row.locked_until if row is not None and row.locked_until and row.locked_until > now else None
    if failures >= policy.lock_after * scale(policy, key) and locked is None:
        locked = now + policy.lock_seconds
    return Failures(key, failures, now, locked)
