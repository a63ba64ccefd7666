"""The service layer: SpineMet's use cases, with role checks and an audit of every patient-data access.

It is the one door between the adapters (CLI, REST API, web pages, reports) and the core and the
store: :class:`Service` for stored cases, :mod:`spinemet.service.offline` for a case in memory.

The names below load on first use (plain imports inside :func:`__getattr__`), so a command that
works on a case file (``spinemet assess FILE`` through :mod:`spinemet.service.offline`) does not
load the store, SQLAlchemy and Alembic at start-up.

The core's result types that adapters render (``Assessment``, ``CourseAnalysis``, ``Result``,
``Instrument``, ``Alert``) are re-exported here, so that an adapter names them without importing
the core: the service stays the one door, for types too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinemet.assessment import Assessment
    from spinemet.course import CourseAnalysis
    from spinemet.instruments import Instrument, Result
    from spinemet.pathway.model import Alert
    from spinemet.service.assessing import CaseSheet
    from spinemet.service.base import LoginThrottled, NotAuthenticated, system_actor
    from spinemet.service.deident import deidentify
    from spinemet.service.roles import ROLES, Actor, Role
    from spinemet.service.settings import Settings
    from spinemet.service.usecases import Service

__all__ = ["ROLES", "Actor", "Alert", "Assessment", "CaseSheet", "CourseAnalysis", "Instrument", "LoginThrottled",
           "NotAuthenticated", "Result", "Role", "Service", "Settings", "deidentify", "system_actor"]


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
    if name == "Assessment":
        from spinemet.assessment import Assessment

        return Assessment
    if name == "CourseAnalysis":
        from spinemet.course import CourseAnalysis

        return CourseAnalysis
    if name in ("Instrument", "Result"):
        from spinemet import instruments

        return getattr(instruments, name)
    if name == "Alert":
        from spinemet.pathway.model import Alert

        return Alert
    raise AttributeError(f"module 'spinemet.service' has no attribute '{name}'")
