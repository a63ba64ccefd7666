"""The clinician's web app: server-rendered pages on the service layer (no front-end build).

``mount_web(app, service)`` adds the pages to the FastAPI app of :mod:`spinemet.api`.
"""

from spinemet.web.mount import mount_web

#: the name :func:`spinemet.api.app.create_app` looks for
mount = mount_web

__all__ = ["mount", "mount_web"]
