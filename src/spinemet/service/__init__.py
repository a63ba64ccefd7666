"""The service layer: SpineMet's use cases, with role checks and an audit of every patient-data access.

It is the one door between the adapters (CLI, REST API, web pages, reports) and the core and the
store: :class:`Service` for stored cases, :mod:`spinemet.service.offline` for a case in memory.

The names below load on first use (plain imports inside :func:`__getattr__`), so a command that
works on a case file (``spinemet assess FILE`` through :mod:`spinemet.service.offline`) does not
load the store, SQLAlchemy and Alembic at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinemet.service.assessing import CaseSheet
    from spinemet.service.base import LoginThrottled, NotAuthenticated, system_actor
    from spinemet.service.deident import deidentify
    from spinemet.service.roles import ROLES, Actor, Role
    from spinemet.service.settings import Settings
    from spinemet.service.usecases import Service

__all__ = ["ROLES", "Actor", "CaseSheet", "LoginThrottled", "NotAuthenticated", "Role", "Service", "Settings", "deidentify",
           "system_actor"]


def __getattr__(name: str) -> Any:
    if name == "Service":
        from spinemet.service.usecases import Service

        return Service
    if name == "CaseSheet":
        from spinemet.service.assessing import CaseSheet

        return CaseSheet
    if name in ("NotAuthenticated", "LoginThrottled", "system_actor"):
        from spinemet.service import base

        return getattr(base, name)
    if name == "deidentify":
        from spinemet.service.deident import deidentify

        return deidentify
    if name in ("ROLES", "Actor", "Role"):
        from spinemet.service import roles

        return getattr(roles, name)
    if name == "Settings":
        from spinemet.service.settings import Settings

        return Settings
    raise AttributeError(f"module 'spinemet.service' has no attribute '{name}'")
