"""``Service.session_actor``: the web's per-request check that a session's user may still act."""

from __future__ import annotations

import pytest

from spinemet.service import NotAuthenticated, Role, Service, system_actor
from spinemet.service.views import Credentials


def test_session_actor_is_the_user_while_active(service: Service, people: dict[str, Credentials]) -> None:
    actor = service.session_actor("clinician1")
    assert actor.name == "clinician1" and actor.role is Role.clinician and actor.user_id is not None
    assert service.session_actor("researcher1").deidentified


def test_unknown_or_disabled_user_is_not_authenticated(service: Service, people: dict[str, Credentials]) -> None:
    with pytest.raises(NotAuthenticated):
        service.session_actor("nobody")
    service.set_disabled(system_actor(), "clinician1", True)
    with pytest.raises(NotAuthenticated):
        service.session_actor("clinician1")
    refusals = [e for e in service.audit_entries(system_actor()) if e.action == "auth.session"]
    assert [(e.actor, e.outcome) for e in refusals] == [("anonymous", "unauthenticated"),
                                                        ("clinician1", "unauthenticated")]
    service.set_disabled(system_actor(), "clinician1", False)
    assert service.session_actor("clinician1").name == "clinician1"
