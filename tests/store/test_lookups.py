"""The driver-level lookups on the request path agree with the SQLAlchemy Core queries they stand in
for (same rows, same refusals), on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import pytest

from spinemet.errors import NotFound
from spinemet.service import Role, Service, system_actor
from spinemet.service.secrets import token_hash
from spinemet.store import cases as case_store
from spinemet.store import lookups
from spinemet.store import users as user_store

CASE = {"schema_version": 1, "id": "lk-1", "primary": {"site": "breast"},
        "timeline": [{"type": "performance", "day": 0, "kps": 70}]}


def _core_owner(service: Service, token: str) -> tuple[int, str, str, int] | None:
    with service.db.read() as conn:
        found = user_store.user_by_token(conn, token_hash(token))
    return None if found is None else (found[0].id, found[0].name, found[0].role, found[1])


def _lean_owner(service: Service, token: str) -> tuple[int, str, str, int] | None:
    with service.db.driver() as raw:
        owner = lookups.token_owner(raw, token_hash(token))
    return None if owner is None else (owner.user_id, owner.name, owner.role, owner.token_id)


def test_token_owner_agrees_with_core_for_valid_revoked_disabled_and_unknown_tokens(service: Service) -> None:
    admin = system_actor()
    alice = service.add_user(admin, "alice", "clinician")
    bob = service.add_user(admin, "bob", "researcher")
    assert alice.token is not None and bob.token is not None
    second = service.issue_token(admin, "alice", "laptop")
    assert second.token is not None

    expected = _core_owner(service, alice.token)
    assert expected is not None and expected[1:3] == ("alice", "clinician")
    assert _lean_owner(service, alice.token) == expected
    assert _lean_owner(service, bob.token) == _core_owner(service, bob.token)
    assert _lean_owner(service, "smt_unknown") is None and _core_owner(service, "smt_unknown") is None

    service.revoke_tokens(admin, "alice", second.token_id)  # one token revoked, the other still valid
    assert _lean_owner(service, second.token) is None and _core_owner(service, second.token) is None
    assert _lean_owner(service, alice.token) == expected

    service.set_disabled(admin, "bob", True)
    assert _lean_owner(service, bob.token) is None and _core_owner(service, bob.token) is None


def test_case_version_and_research_id_agree_with_core(service: Service) -> None:
    view = service.create_case(system_actor(Role.clinician), CASE)
    with service.db.read() as conn:
        core_version = case_store.current_version(conn, "lk-1")
        research_id = case_store.load_case(conn, "lk-1").research_id
    with service.db.driver() as raw:
        assert lookups.case_version(raw, "lk-1") == core_version == view.version == 1
        assert lookups.case_of_research_id(raw, research_id) == ("lk-1", 1)
        assert lookups.case_version(raw, "nope") is None
        assert lookups.case_of_research_id(raw, "R-nope") is None
    with service.db.read() as conn, pytest.raises(NotFound):
        case_store.current_version(conn, "nope")


@pytest.mark.parametrize(("version", "current", "allowed"), [(None, 3, 3), (1, 3, 1), (3, 3, 3)])
def test_version_in_range_accepts_versions_the_case_has(version: int | None, current: int, allowed: int) -> None:
    assert case_store.version_in_range("c", version, current) == allowed


@pytest.mark.parametrize("version", [0, 4, -1])
def test_version_in_range_names_the_allowed_versions(version: int) -> None:
    with pytest.raises(NotFound, match=f"case 'c' has no version {version}; allowed: 1 to 3"):
        case_store.version_in_range("c", version, 3)
