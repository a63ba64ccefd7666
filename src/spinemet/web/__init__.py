"""The clinician's web app: server-rendered pages on the service layer (no front-end build).

``mount_web(app, service)`` adds the pages to the FastAPI app of :mod:`spinemet.api`.
"""

from spinemet.web.mount import mount_web

__all__ = ["mount_web"]
