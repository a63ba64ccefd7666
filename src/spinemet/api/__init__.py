"""The REST API (adapter): thin FastAPI routes over :mod:`spinemet.service`."""

from spinemet.api.factory import create_app

__all__ = ["create_app"]
