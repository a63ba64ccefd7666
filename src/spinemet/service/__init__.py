"""The service layer: SpineMet's use cases, with role checks and an audit of every patient-data access.

It is the one door between the adapters (CLI, REST API, web pages, reports) and the core and the
store: :class:`Service` for stored cases, :mod:`spinemet.service.offline` for a case in memory.
"""

from spinemet.service.assessing import CaseSheet
from spinemet.service.base import NotAuthenticated, system_actor
from spinemet.service.deident import deidentify
from spinemet.service.roles import ROLES, Actor, Role
from spinemet.service.settings import Settings
from spinemet.service.usecases import Service

__all__ = ["ROLES", "Actor", "CaseSheet", "NotAuthenticated", "Role", "Service", "Settings", "deidentify",
           "system_actor"]
