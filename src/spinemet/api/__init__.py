"""The REST API (adapter): thin FastAPI routes over :mod:`spinemet.service`."""

from spinemet.api.app import create_app

__all__ = ["create_app"]
