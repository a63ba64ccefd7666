"""The service layer: SpineMet's use cases, with role checks and an audit of every patient-data access.

The CLI, the REST API and the web app call :class:`Service`; routes and commands stay thin.
"""

from spinemet.service.app import Service
from spinemet.service.base import NotAuthenticated, system_actor
from spinemet.service.core import Unavailable
from spinemet.service.deident import deidentify
from spinemet.service.roles import ROLES, Actor, Role
from spinemet.service.settings import Settings

__all__ = ["ROLES", "Actor", "NotAuthenticated", "Role", "Service", "Settings", "Unavailable", "deidentify",
           "system_actor"]
